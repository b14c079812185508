"""Newspaper issues → articles, through the real pdfplumber: an issue drawn here with fpdf2 (so CI
without ../shared splits a real PDF), the dev issues of ../shared/eval/newspapers with their truth,
and every PDF at hand for the promise that no text is lost and a one-article PDF stays one."""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from pathlib import Path

import pytest
from rapidfuzz.distance import Levenshtein

import ingest
from ingest.document import CAPTION, FURNITURE, HEADLINE, KICKER
from ingest.furniture import jump_of
from ingest.masthead import read_date
from tests.helpers import DEV_PDFS, FONTS, ROOT, SHARED, needs_shared

NEWSPAPERS = SHARED / "eval" / "newspapers"
REAL_PDFS = SHARED / "eval" / "real_pdfs"

# ------------------------------------------------------------------ an issue drawn here

PAPER = "خبر امروز"
DATE = "شنبه ۸ آذر ۱۴۰۵"
HEAD_A = "رشد اقتصادی در پاییز شتاب گرفت"
HEAD_B = "افتتاح کتابخانه مرکزی شهر"
HEAD_C = "برگزاری نمایشگاه کتاب در تبریز"
# five words whose order changes from line to line: every line of a column is as wide as the next,
# as in a justified column
WORDS = ["کارشناسان", "بازار", "سرمایه", "امروز", "گفتند"]


def _filler(i: int) -> str:
    return " ".join(WORDS[i % 5:] + WORDS[:i % 5])


CUT_END = _filler(2)  # the foot of column 1: a full line, no full stop
CUT_NEXT = "نرخ تورم ماهانه به ۱۲ درصد رسید."  # the head of column 2: the same sentence
JUMP_END = _filler(3)  # the last line on page 1, before «ادامه در صفحه ۲»
JUMP_NEXT = "که ۴۰۰ میلیارد ریال سرمایه جذب شد."  # the first line of the continuation on page 2
AD = ["فروشگاه بزرگ نور", "تخفیف ویژه ۳۰ درصد", "تلفن: ۰۲۱-۸۸۷۷۶۶۵۵"]
FOOTER = ["www.khabaremrooz.ir", "تلفن: ۰۲۱-۴۴۳۳۲۲۱۱"]


def make_issue(path: Path) -> Path:
    """Two A4 pages: masthead, a two-column lead that jumps to page 2, a one-column story, a framed
    ad, a footer; page 2: running head, the continuation under «ادامه از صفحه ۱», another story."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.add_font("vazir", "", str(FONTS / "Vazirmatn-Regular.ttf"))
    pdf.add_font("vazir", "B", str(FONTS / "Vazirmatn-Bold.ttf"))
    pdf.set_text_shaping(use_shaping_engine=True, direction="rtl", script="arab", language="fas")
    pdf.set_auto_page_break(False)

    def line(x: float, y: float, w: float, size: float, s: str, style: str = "", align: str = "R") -> None:
        pdf.set_font("vazir", style, size)
        pdf.set_xy(x, y)
        pdf.cell(w, size * 0.5, s, align=align)

    def column(x: float, y: float, w: float, paragraphs: list[list[str]]) -> float:
        for para in paragraphs:
            for s in para:
                line(x, y, w, 10, s)
                y += 5.5
            y += 3
        return y

    # page 1
    pdf.add_page()
    line(120, 12, 75, 36, PAPER, "B")
    line(15, 14, 60, 9, DATE, align="L")
    line(15, 20, 60, 9, "سال دوازدهم، شماره ۴۲۱۶", align="L")
    line(15, 26, 60, 9, "صفحه ۱", align="L")
    pdf.set_line_width(0.6)
    pdf.line(15, 34, 195, 34)
    pdf.set_line_width(0.3)
    pdf.line(15, 40, 195, 40)  # the lead's box
    line(15, 44, 180, 20, HEAD_A, "B")
    col1 = [[_filler(i) for i in range(4)] + [_filler(4) + "."], [_filler(i) for i in range(5, 9)] + [CUT_END]]
    column(108, 60, 87, col1)
    col2 = [[CUT_NEXT], [_filler(i) for i in range(10, 13)] + [_filler(13) + "."], [_filler(i) for i in range(14, 17)] + [JUMP_END]]
    y = column(15, 60, 87, col2)
    line(15, y, 87, 9, "ادامه در صفحه ۲", "B")
    pdf.line(108, 150, 195, 150)  # story B's box
    line(108, 154, 87, 16, HEAD_B, "B")
    column(108, 166, 87, [[_filler(i) for i in range(20, 25)] + ["کتابخانه هر روز باز است."],
                          [_filler(i) for i in range(25, 29)] + ["شهردار این را گفت."]])
    pdf.rect(15, 155, 87, 42, style="D")  # the ad
    line(15, 163, 87, 16, AD[0], "B", align="C")
    line(15, 176, 87, 12, AD[1], "B", align="C")
    line(15, 187, 87, 12, AD[2], align="C")
    pdf.line(15, 282, 195, 282)
    line(15, 285, 60, 8, FOOTER[0], align="L")
    line(135, 285, 60, 8, FOOTER[1])
    # page 2
    pdf.add_page()
    line(140, 10, 55, 14, PAPER, "B")
    line(75, 11, 60, 9, DATE, align="C")
    line(15, 11, 30, 9, "صفحه ۲", align="L")
    pdf.line(15, 20, 195, 20)
    line(140, 24, 55, 9, "ادامه از صفحه ۱", "B")
    line(15, 30, 180, 14, "رشد اقتصادی", "B")
    column(15, 42, 180, [[JUMP_NEXT, _filler(30) + " " + _filler(31), _filler(32) + " " + _filler(33) + "."]])
    pdf.line(15, 120, 195, 120)
    line(15, 124, 180, 16, HEAD_C, "B")
    column(108, 136, 87, [[_filler(i) for i in range(40, 45)] + ["نمایشگاه تا جمعه باز است."]])
    column(15, 136, 87, [[_filler(i) for i in range(45, 49)] + ["ناشران از ده کشور آمدند."]])
    pdf.output(str(path))
    return path


@pytest.fixture(scope="module")
def issue(tmp_path_factory):
    return ingest.extract_pdf(make_issue(tmp_path_factory.mktemp("issue") / "issue.pdf"))


def _article(doc, title: str):
    found = [a for a in doc.articles if a.title == title]
    assert len(found) == 1, [a.title for a in doc.articles]
    return found[0]


def test_issue_splits_into_its_three_stories(issue):
    assert [a.title for a in issue.articles] == [HEAD_A, HEAD_B, HEAD_C]
    assert _article(issue, HEAD_B).pages == [1] and _article(issue, HEAD_C).pages == [2]
    assert _article(issue, HEAD_B).blocks[0].kind == HEADLINE


def test_the_jump_is_followed_and_its_cut_sentence_joined(issue):
    a = _article(issue, HEAD_A)
    assert a.pages == [1, 2]
    assert JUMP_NEXT in a.text and "رشد اقتصادی\n" not in a.text  # the short headline is not repeated
    joined = [b for b in a.blocks if b.page == 1 and JUMP_NEXT in b.text]
    assert len(joined) == 1 and [p for p, _ in joined[0].continued] == [2]
    assert f"{JUMP_END} {JUMP_NEXT}" in joined[0].text


def test_a_sentence_cut_by_a_column_break_is_one_block_with_its_figure(issue):
    a = _article(issue, HEAD_A)
    joined = [b for b in a.blocks if b.text.endswith(f"{CUT_END} {CUT_NEXT}")]
    assert len(joined) == 1 and joined[0].page == 1 and [p for p, _ in joined[0].continued] == [1]
    twelve = [f for f in issue.figures if f.value == 12 and f.unit == "percent"]
    assert twelve and CUT_END in twelve[0].sentence


def test_furniture_is_kept_but_never_in_an_article(issue):
    furniture = [b.text for b in issue.blocks if b.kind == FURNITURE]
    for s in AD + FOOTER + [PAPER, DATE, "ادامه در صفحه ۲", "ادامه از صفحه ۱", "صفحه ۲"]:
        assert any(s in f for f in furniture), s
        assert not any(s in a.text for a in issue.articles), s
    # the ad's «۳۰ درصد» is no figure of the news
    assert not [f for f in issue.figures if f.value == 30 and f.unit == "percent"]


def test_paper_and_date_are_read_from_the_masthead(issue):
    assert issue.metadata["paper"] == PAPER and issue.metadata["date"] == "1405/09/08"
    assert all(a.paper == PAPER and a.date == "1405/09/08" for a in issue.articles)


def test_every_block_is_in_one_article_or_furniture(issue):
    _assert_nothing_lost(issue.path)


def test_articles_render_as_text(issue):
    out = ingest.render_articles(issue)
    assert out.startswith(f"{PAPER} · {DATE}") and out.count("── ") == 3 and HEAD_C in out


def test_without_splitting_the_pdf_is_one_article(tmp_path):
    doc = ingest.extract_pdf(make_issue(tmp_path / "issue.pdf"), articles=False)
    assert len(doc.articles) == 1 and doc.articles[0].text == doc.text


def test_the_two_column_test_page_stays_one_article(news_pdf):
    doc = ingest.extract_pdf(news_pdf)
    assert len(doc.articles) == 1 and doc.articles[0].text == doc.text and doc.articles[0].title == doc.title


def test_a_text_document_is_one_article():
    doc = ingest.extract_text_document("تیتر خبر\nمتن خبر که رشد ۱۵ درصد را نشان می‌دهد و ادامه دارد.",
                                       source="ایرنا", date="1405/09/08")
    [a] = doc.articles
    assert a.title == "تیتر خبر" and "۱۵ درصد" in a.text and (a.paper, a.date) == ("ایرنا", "1405/09/08")


# ------------------------------------------------------------------ the cues, one by one


@pytest.mark.parametrize("text, expected", [
    ("ادامه در صفحه ۳", ("to", 3)), ("ادامه از صفحه ۱", ("from", 1)), ("بقیه در صفحه 12", ("to", 12)),
    ("بقیه از صفحه اول", ("from", 1)), ("(ادامه مطلب در صفحه‌ی ۵)", ("to", 5)), ("Continued on page 4", ("to", 4)),
    ("ادامه در صفحه ۳ آمده است که بازار", None), ("صفحه ۳", None)])
def test_jump_lines(text, expected):
    assert jump_of(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("شنبه ۸ آذر ۱۴۰۵", "1405/09/08"), ("چهارشنبه 29 مهر 1405", "1405/07/29"), ("۱ فروردین‌ماه ۱۴۰۶", "1406/01/01"),
    ("سه‌شنبه ۱۲ اسفند ماه ۱۴۰۴", "1404/12/12"), ("۲۱ اکتبر ۲۰۲۶", "2026/10/21"), ("October 21, 2026", "2026/10/21"),
    ("۱۴۰۵/۰۹/۰۸", "1405/09/08"), ("شماره ۴۲۰۸", None)])
def test_dates_as_mastheads_print_them(text, expected):
    found = read_date(text)
    assert (found[0] if found else None) == expected


# ------------------------------------------------------------------ the dev issues and every PDF at hand


_LETTERS = str.maketrans({"ي": "ی", "ى": "ی", "ك": "ک", "ۀ": "ه", "ە": "ه", "ة": "ه",
                          **{d: str(i % 10) for i, d in enumerate("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩")}})


def _fold(s: str) -> str:
    """As the newspapers README folds text: marks off, Arabic letters and digits to Persian/ASCII."""
    s = unicodedata.normalize("NFKC", s)
    s = "".join(ch for ch in unicodedata.normalize("NFD", s) if unicodedata.category(ch) != "Mn")
    return " ".join(re.sub("[\u200c\u200d\u0640]", "", s.translate(_LETTERS)).split())


def _issues() -> list[str]:
    return sorted(p.stem for p in NEWSPAPERS.glob("*.pdf")) if NEWSPAPERS.exists() else []


@needs_shared(NEWSPAPERS)
@pytest.mark.parametrize("name", _issues())
def test_dev_issue_articles_titles_and_jump(name):
    truth = json.loads((NEWSPAPERS / f"{name}.json").read_text(encoding="utf-8"))
    doc = ingest.extract_pdf(NEWSPAPERS / f"{name}.pdf")
    assert len(doc.articles) == len(truth["articles"])
    titles = [_fold(a.title) for a in doc.articles]
    for t in truth["articles"]:
        head = _fold(t["headline"])
        best = min(titles, key=lambda x: Levenshtein.distance(x, head))
        assert Levenshtein.distance(best, head) <= 0.1 * len(head), t["headline"]
        if len(t["pages"]) > 1:
            [a] = [a for a in doc.articles if _fold(a.title) == best]
            assert a.pages == t["pages"]
            body = _fold(a.text)
            assert _fold(t["body"][0])[:40] in body and _fold(t["body"][-1])[-40:] in body
    paper = truth["paper"]
    assert doc.metadata["paper"] == paper and _fold(doc.metadata["date_text"]) == _fold(truth["date"])


@needs_shared(NEWSPAPERS)
@pytest.mark.parametrize("name", _issues())
def test_dev_issue_furniture_stays_out_of_articles(name):
    truth = json.loads((NEWSPAPERS / f"{name}.json").read_text(encoding="utf-8"))
    doc = ingest.extract_pdf(NEWSPAPERS / f"{name}.pdf")
    texts = [_fold(a.text) for a in doc.articles]
    for item in truth["furniture_items"]:
        if item["kind"] in ("ad", "jump", "masthead", "footer") and len(item["text"]) > 6:
            assert not any(_fold(item["text"]) in t for t in texts), item
    # an ad's price never reaches the figures of the news
    ads = " | ".join(_fold(i["text"]) for i in truth["furniture_items"] if i["kind"] in ("ad", "masthead", "footer"))
    assert not [f for f in doc.figures if f.sentence and _fold(f.sentence) in ads]


def _all_pdfs() -> list[Path]:
    out = sorted((ROOT / "samples").glob("*.pdf"))
    for folder in (DEV_PDFS, NEWSPAPERS, REAL_PDFS):
        if folder.exists():
            out += sorted(folder.glob("*.pdf"))
    return out


def _assert_nothing_lost(path) -> None:
    whole = ingest.extract_pdf(path, articles=False)
    doc = ingest.extract_pdf(path)
    words = lambda blocks: Counter(w for b in blocks for w in b.text.split())  # noqa: E731
    assert words(doc.blocks) == words(whole.blocks)
    in_articles = Counter(id(b) for a in doc.articles for b in a.blocks)
    assert all(n == 1 for n in in_articles.values())
    furniture = {id(b) for b in doc.blocks if b.kind == FURNITURE}
    assert not furniture & set(in_articles) and furniture | set(in_articles) == {id(b) for b in doc.blocks}


@pytest.mark.parametrize("path", _all_pdfs(), ids=lambda p: p.name)
def test_no_text_is_lost(path):
    """Every block of every page ends in exactly one article or in furniture."""
    _assert_nothing_lost(path)


def _one_article_pdfs() -> list[Path]:
    out = sorted((ROOT / "samples").glob("*.pdf"))
    for folder in (DEV_PDFS, REAL_PDFS):
        if folder.exists():
            out += sorted(folder.glob("*.pdf"))
    return out


@pytest.mark.parametrize("path", _one_article_pdfs(), ids=lambda p: p.name)
def test_a_one_article_pdf_stays_one_article(path):
    doc = ingest.extract_pdf(path)
    assert len(doc.articles) == 1
    [a] = doc.articles
    assert a.text == doc.text and a.title == doc.title
    assert [b.kind for b in a.blocks] == [b.kind for b in doc.blocks if b.kind != FURNITURE]


@needs_shared(DEV_PDFS)
def test_one_article_pdf_keeps_its_kinds():
    doc = ingest.extract_pdf(DEV_PDFS / "news_politics__chrome-news-notonaskh.pdf")
    assert [b.kind for b in doc.articles[0].blocks[:4]][:2] == [KICKER, HEADLINE]
    assert any(b.kind == CAPTION for b in doc.articles[0].blocks)
