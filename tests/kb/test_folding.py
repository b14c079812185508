"""Folding: spelling variants of one word index and query as the same tokens."""

from __future__ import annotations

import pytest

from ingest.calendars import jalali_to_gregorian
from kb.dates import date_number
from kb.folding import highlight_spans, index_tokens, query_tokens


@pytest.mark.parametrize("a,b", [
    ("كتاب علمي", "کتاب علمی"),  # Arabic kaf/yeh
    ("سال ۱۴۰۲", "سال 1402"),  # Persian and Latin digits
    ("سال ١٤٠٢", "سال 1402"),  # Arabic-Indic digits
    ("مسئله", "مسأله".replace("أ", "ئ")),  # hamza seat
    ("اِقتصاد", "اقتصاد"),  # diacritics
    ("اقتصـــاد", "اقتصاد"),  # kashida
    ("1,522,000", "1522000"),  # thousands separators
])
def test_variants_fold_to_the_same_tokens(a, b):
    assert index_tokens(a) == index_tokens(b)


def test_zwnj_word_is_found_joined_split_or_spaced():
    indexed = set(index_tokens("سرمایه‌گذاری‌های جدید"))
    for query in ("سرمایه‌گذاری", "سرمایهگذاری", "سرمایه گذاری"):
        assert set(query_tokens(query)) & indexed, query
    # and a passage that lost its ZWNJ is found by a query that has it, or a space
    lost = set(index_tokens("سرمایهگذاری جدید"))
    assert set(query_tokens("سرمایه گذاری")) & lost


def test_plural_without_zwnj_finds_the_singular():
    assert "کتاب" in index_tokens("کتابها")


def test_highlight_spans_point_into_the_original_text():
    text = "نرخ تورمِ سال ۱۴۰۲ و سرمایه‌گذاري"
    spans = highlight_spans(text, query_tokens("تورم 1402 سرمايه گذاری"))
    assert [text[a:b] for a, b in spans] == ["تورمِ", "۱۴۰۲", "سرمایه‌گذاري"]


@pytest.mark.parametrize("jalali,gregorian", [
    ((1402, 5, 12), (2023, 8, 3)), ((1403, 1, 1), (2024, 3, 20)), ((1357, 11, 22), (1979, 2, 11)),
    ((1399, 12, 30), (2021, 3, 20)),
])
def test_jalali_dates(jalali, gregorian):
    assert jalali_to_gregorian(*jalali) == gregorian


def test_date_numbers_put_both_calendars_on_one_timeline():
    assert date_number("۱۴۰۲/۰۵/۱۲") == date_number("2023-08-03") == 20230803
    assert date_number("1402") == 20230321
    assert date_number("not a date") == 0


def test_a_quoted_sentence_matches_its_passage_however_it_is_spelled():
    from kb.folding import word_run

    passage = word_run("گزارش رسید: سرمایه‌گذاری كلان در ۱۴۰۲ انجام شد. پایان")
    assert word_run("سرمایهگذاری کلان در 1402 انجام شد") in passage
    assert word_run("سرمایه گذاری کلان در ۱۴۰۲") not in passage  # a space splits the word: another run
    assert word_run("کلان در ۱۴۰۲ انجام نشد") not in passage
