"""extract_pdf / pdf_to_text on real PDFs through the real pdfplumber."""

from __future__ import annotations

import pytest
from rapidfuzz.distance import Levenshtein

import ingest
from ingest.document import BODY, CAPTION, HEADLINE, KICKER, LEAD
from tests.helpers import DEV_PDFS, HEADLINE as HEADLINE_TEXT, LEFT_COLUMN, RIGHT_COLUMN, needs_shared


def test_two_columns_read_right_column_first(news_pdf):
    text = ingest.pdf_to_text(news_pdf)
    assert text.split("\n") == [HEADLINE_TEXT, RIGHT_COLUMN, LEFT_COLUMN]


def test_mixed_direction_runs_keep_their_own_order(news_pdf):
    text = ingest.pdf_to_text(news_pdf)
    for token in ("3.5%", "GPT-5", "1403/09/19", "(هوش مصنوعی)", "«اکونومیست»", "۴۰۰ میلیارد دلار"):
        assert token in text


def test_zwnj_comes_back_from_the_glyph_positions(news_pdf):
    text = ingest.pdf_to_text(news_pdf)
    for word in ("شرکت‌ها", "می‌گویند", "سرمایه‌گذاری‌ها", "بزرگ‌ترین"):
        assert word in text


def test_blocks_keep_page_kind_and_box(news_pdf):
    doc = ingest.extract_pdf(news_pdf)
    kinds = [b.kind for b in doc.blocks]
    assert kinds[0] == HEADLINE and doc.title == HEADLINE_TEXT
    for b in doc.blocks:
        assert b.page == 1
        x0, top, x1, bottom = b.bbox
        assert 0 <= x0 < x1 <= doc.pages[0].width and 0 <= top < bottom <= doc.pages[0].height
    right, left = doc.blocks[1], doc.blocks[2]
    assert right.bbox[0] > left.bbox[2]  # the right column really is to the right


def test_figures_are_found_with_their_page(news_pdf):
    doc = ingest.extract_pdf(news_pdf)
    by_text = {f.text: f for f in doc.figures}
    assert by_text["3.5%"].value == 3.5 and by_text["3.5%"].unit == "percent"
    assert by_text["۴۰۰ میلیارد دلار"].value == 400e9
    assert by_text["1403/09/19"].value == 14030919 and by_text["1403/09/19"].calendar == "jalali"
    assert all(f.page == 1 for f in doc.figures)


def _cer(truth: str, hyp: str) -> float:
    t, h = " ".join(truth.split()), " ".join(hyp.split())
    return Levenshtein.distance(t, h) / max(len(t), 1)


@needs_shared(DEV_PDFS)
@pytest.mark.parametrize("name", sorted(p.stem for p in DEV_PDFS.glob("*.pdf")) if DEV_PDFS.exists() else [])
def test_dev_pdfs_come_out_close_to_their_truth(name):
    truth = (DEV_PDFS / f"{name}.txt").read_text(encoding="utf-8")
    text = ingest.pdf_to_text(DEV_PDFS / f"{name}.pdf")
    # two Chromium prints lose 4–5% of their text to clipping inside the PDF itself
    assert _cer(truth, text) < 0.06


@needs_shared(DEV_PDFS)
def test_newspaper_page_kinds_and_order():
    doc = ingest.extract_pdf(DEV_PDFS / "news_politics__chrome-news-notonaskh.pdf")
    first = doc.pages[0].blocks
    assert [b.kind for b in first[:4]] == [KICKER, HEADLINE, LEAD, CAPTION]
    assert first[3].text == "لیگ برتر فوتبال - استقلال و گل‌گهر"
    assert "«فضل‌الله رنجبر»" in first[2].text
    assert any(b.kind == BODY for b in first)


@needs_shared(DEV_PDFS)
def test_lost_lam_alef_and_kashida_do_not_survive_libreoffice():
    text = ingest.pdf_to_text(DEV_PDFS / "wiki_fa_wikipedia__lo-news-notonaskh.pdf")
    assert "\u0640" not in text and "(cid:" not in text
    assert "11" not in text  # kashida glyphs that the font maps to the digit 1
    assert "ویکی‌پدیا" in text


@needs_shared(DEV_PDFS.parent.parent / "real_pdfs")
@pytest.mark.parametrize("name", ["right_to_left_01.pdf", "right_to_left_02.pdf"])
def test_real_arabic_script_pdfs_extract_without_crashing(name):
    doc = ingest.extract_pdf(DEV_PDFS.parent.parent / "real_pdfs" / name)
    assert doc.pages and any(b.text for b in doc.blocks)
