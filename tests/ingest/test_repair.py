"""repair_text, rule by rule, and on a real newspaper page's broken extraction."""

from __future__ import annotations

import re

import pytest

from ingest import repair_text
from ingest.lexicon import lexicon, is_verb_form
from ingest.repair import basic_cleanup, join_split_words, restore_lam_alef, unmirror, unrotate_lines
from ingest.zwnj import NON_JOINING, restore_zwnj
from tests.helpers import SHARED, needs_shared

ZWNJ = "\u200c"
NEWSPAPER = SHARED / "eval" / "real_text" / "newspaper_extract.txt"


def test_presentation_forms_become_letters():
    assert basic_cleanup("ﺳﻼﻡ") == "سلام"


def test_cid_codes_and_kashida_go():
    assert basic_cleanup("ســـال (cid:21)نو") == "سال نو"


def test_arabic_yeh_and_kaf_become_persian():
    assert basic_cleanup("كتاب علي") == "کتاب علی"


@pytest.mark.parametrize("broken,fixed", [("اطالعات", "اطلاعات"), ("انقاب", "انقلاب")])
def test_lost_lam_alef_is_restored(broken, fixed):
    assert restore_lam_alef(broken) == fixed


def test_lam_alef_via_full_repair_of_kashida_word():
    assert repair_text("انقـــاب") == "انقلاب"


@pytest.mark.parametrize("broken,fixed", [
    ("میشود", "می‌شود"), ("نمیتوانند", "نمی‌توانند"), ("سرمایهگذاریها", "سرمایه‌گذاری‌ها"),
    ("بزرگترین", "بزرگ‌ترین"), ("شرکتها", "شرکت‌ها"), ("داشتهاند", "داشته‌اند"), ("مدلهای", "مدل‌های"),
])
def test_zwnj_is_restored(broken, fixed):
    assert restore_zwnj(broken) == fixed


@pytest.mark.parametrize("word", ["میز", "میلیون", "میدان", "انتهای", "آمریکا", "کشورها", "تنها", "دختر"])
def test_words_that_only_look_like_affixes_stay(word):
    assert restore_zwnj(word) == word


def test_detached_suffix_and_prefix_join():
    assert restore_zwnj("کتاب ها را می شود خواند") == "کتاب‌ها را می‌شود خواند"


def test_no_zwnj_after_a_non_joining_letter():
    assert restore_zwnj("کشورهای") == "کشورهای"


def test_split_word_rejoined():
    assert join_split_words("آمر یکا بزرگ") == "آمریکا بزرگ"


def test_rotated_justified_line_goes_back_in_order():
    line = "یکا حدود 400 میلیارد دلار  که در آن، شرکتهای بزرگ فناورانه آمر"
    assert unrotate_lines(line) == "که در آن، شرکتهای بزرگ فناورانه آمریکا حدود 400 میلیارد دلار"


@pytest.mark.parametrize("broken,fixed", [
    ("هوش مصنوعی عمومی)AGI( که", "هوش مصنوعی عمومی(AGI) که"),
    ("»اکونومیست« در", "«اکونومیست» در"),
    ("«مسئولیت بین‌المللی« دارد", "«مسئولیت بین‌المللی» دارد"),
])
def test_mirrored_pairs_are_swapped_back(broken, fixed):
    assert unmirror(broken) == fixed


def test_balanced_brackets_are_left_alone():
    assert unmirror("(الف) و (ب)") == "(الف) و (ب)"


@pytest.mark.parametrize("token", ["3.5%", "1,522,000", "۱۴۰۲/۰۵/۱۲", "T12", "GPT-5", "https://example.com/a_b?x=1"])
def test_figures_dates_and_latin_survive_unchanged(token):
    out = repair_text(f"در گزارش {token} آمده است")
    assert token in out


def test_reflow_joins_hard_wrapped_column_lines():
    text = ("این یک پاراگراف طولانی است که در ستون روزنامه\nشکسته شده و باید دوباره به هم\n"
            "بپیوندد تا خواننده آن را یکجا بخواند.\n\nتیتر کوتاه\n"
            "پاراگراف دوم هم در چند خط آمده است و باید\nبه یک خط تبدیل شود.")
    out = repair_text(text).split("\n")
    assert out[0].startswith("این یک") and out[0].endswith("یکجا بخواند.")
    assert "تیتر کوتاه" in out
    assert out[-1].endswith("تبدیل شود.")


def _missing_zwnj(text: str) -> list[str]:
    """Tokens written joined that the lexicon writes with a ZWNJ (the README's detector)."""
    lx = lexicon()
    out = []
    for tok in re.findall(r"[\u0600-\u06ff\u200c]+", text):
        if ZWNJ in tok or len(tok) < 3:
            continue
        if tok in lx.joined and not lx.words.get(tok):
            out.append(tok)
        elif any(tok.startswith(p) and is_verb_form(tok[len(p):]) and not lx.words.get(tok) for p in ("نمی", "می")):
            out.append(tok)
        else:
            for suf in ("های", "ها", "ترین", "تر"):
                st = tok[: -len(suf)]
                if tok.endswith(suf) and len(st) >= 2 and st[-1] not in NON_JOINING and st in lx.words \
                        and not lx.words.get(tok):
                    out.append(tok)
                    break
    return out


@needs_shared(NEWSPAPER)
def test_real_newspaper_extraction_is_repaired():
    raw = NEWSPAPER.read_text(encoding="utf-8")
    assert len(_missing_zwnj(raw)) > 250  # the detector sees the damage before repair
    out = repair_text(raw)
    assert len(_missing_zwnj(out)) <= 20
    assert "\u0640" not in out
    assert "انقلاب" in out and "انقاب" not in out
    assert "(AGI)" in out and ")AGI(" not in out
    assert "»اکونومیست«" not in out and "«اکونومیست»" in out
    assert "فناورانه آمریکا حدود 400 میلیارد دلار" in out
    assert "شمار زیادی از افراد" in out
    # re-flowed: far fewer lines than the 291 hard-wrapped column lines
    assert len(out.split("\n")) < 60
    assert "3 هزار میلیارد دلار" in out and "2028" in out


def test_lone_tatweel_is_a_dash_not_a_stretch():
    from ingest import repair_text
    assert repair_text("سال تحصیلی 89 ـ 1388 و ســـال", reflow=False) == "سال تحصیلی 89 - 1388 و سال"


@pytest.mark.parametrize("broken,fixed", [
    ("نمونهای از این مورد است", "نمونه‌ای از این مورد است"),  # «ه» + indefinite «ای», not the plural of نمون
    ("در روزهای اولیهای که ظهور کرد", "در روزهای اولیه‌ای که ظهور کرد"),
    ("از هر شکل و اندازهای.", "از هر شکل و اندازه‌ای."),
    ("مقالهای که منتشر شد", "مقاله‌ای که منتشر شد"),
    ("با شکستهای مالی روبه‌رو شدند", "با شکست‌های مالی روبه‌رو شدند"),  # a plural with its ezafe stays a plural
    ("هزینههای سرمایهای هوش", "هزینه‌های سرمایه‌ای هوش"),
    ("مدلهای بهاصطلاح کوچک", "مدل‌های به‌اصطلاح کوچک"),
    ("بهگونهای که", "به‌گونه‌ای که"),
    ("یکهزار و 770 رشته", "یک‌هزار و 770 رشته"),  # a number and its scale, not یکه‌زار
    ("آنها گفتند", "آن‌ها گفتند"),
])
def test_zwnj_in_context(broken, fixed):
    assert restore_zwnj(broken) == fixed


def test_a_direction_mark_between_letters_is_a_zwnj():
    assert basic_cleanup("می\u200eشود و یک\u200eهزار") == "می\u200cشود و یک\u200cهزار"


def test_a_preposition_is_not_glued_to_the_next_word_when_lines_are_reflowed():
    assert "به نصف" in repair_text("سرمایه‌گذاری به نصف کاهش یافت و بیکاری دو برابر شد.")


def test_quotations_cut_by_a_line_break_are_unmirrored_across_it():
    text = "او گفت »اشتیاق به فناوری همیشه\nجلوتر حرکت میکند.« و )سنجش\nعملکردی( است"
    out = unmirror(text)
    assert out == "او گفت «اشتیاق به فناوری همیشه\nجلوتر حرکت میکند.» و (سنجش\nعملکردی) است"


@needs_shared(NEWSPAPER)
def test_seed_page_he_ye_words_zwnj_and_mirrored_pairs():
    raw = NEWSPAPER.read_text(encoding="utf-8")
    for out in (repair_text(raw), repair_text(raw, reflow=False)):
        assert len(_missing_zwnj(out)) <= 10
        for word in ("نمونه‌ای", "اولیه‌ای", "اندازه‌ای", "به‌اصطلاح", "هزینه‌ای", "پشتوانه‌ای", "سرمایه‌ای"):
            assert word in out
        assert not re.search(r"(?<![\u0600-\u06ff])(?:نمون|اولی|انداز|هزین|پشتوان|سرمای)\u200cهای", out)
        for o, c in ("«»", "()"):
            marks = [ch for ch in out if ch in (o, c)]
            assert all(ch == (o if k % 2 == 0 else c) for k, ch in enumerate(marks))  # no nesting on this page


def test_a_soft_hyphen_between_letters_is_a_zwnj():
    """News sites type «سال­های» with U+00AD where a ZWNJ belongs; elsewhere it goes."""
    assert repair_text("بودجه سال\u00adهای گذشته") == "بودجه سال\u200cهای گذشته"
    assert "\u00ad" not in repair_text("متن \u00ad ساده")
