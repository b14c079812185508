"""Scanned pages: Tesseract reads them (for real where it is installed: .ci/run installs it),
and where it is missing the page is reported as needing OCR with what to install."""

from __future__ import annotations

import pytest

import ingest
from ingest import errors, ocr
from tests.helpers import make_pdf, scan_of

TEXT = "بانک مرکزی اعلام کرد که نرخ تورم سالانه در پایان آذر به ۳۵ درصد رسید و قیمت‌ها ثابت ماند."


def test_blocks_from_tesseract_tsv_keep_reading_order_boxes_and_confidence():
    header = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext"
    rows = [header,
            "5\t1\t1\t1\t1\t1\t900\t100\t100\t40\t90\tنرخ",
            "5\t1\t1\t1\t1\t2\t780\t100\t100\t40\t80\tتورم»",
            "5\t1\t1\t1\t1\t3\t700\t100\t60\t40\t5\t~",  # a speck: below the confidence floor
            "5\t1\t1\t1\t2\t1\t900\t150\t100\t40\t70\t۳۵",
            "5\t1\t2\t1\t1\t1\t900\t600\t100\t40\t60\tپایان"]
    blocks = ocr.blocks_from_tsv("\n".join(rows), number=3)
    assert [b.text for b in blocks] == ["نرخ تورم، ۳۵", "پایان"]
    first = blocks[0]
    assert first.ocr and first.page == 3 and first.confidence == pytest.approx(0.8)
    assert first.bbox == pytest.approx((780 * 72 / 300, 100 * 72 / 300, 1000 * 72 / 300, 190 * 72 / 300))
    assert [ln.text for ln in first.lines] == ["نرخ تورم،", "۳۵"]


def test_a_stray_closing_guillemet_is_a_comma_but_a_quote_is_kept():
    assert ocr.fix_ocr_punctuation("کرنل» در درجه نخست» وظیفه") == "کرنل، در درجه نخست، وظیفه"
    assert ocr.fix_ocr_punctuation("دولت «مسئولیت بین‌المللی» دارد") == "دولت «مسئولیت بین‌المللی» دارد"


def test_without_tesseract_a_scan_says_what_to_install(tmp_path, monkeypatch):
    monkeypatch.setattr("ingest.pdf.tesseract_ready", lambda: False)
    page = make_pdf(tmp_path / "page.pdf", [("", 16, 20, 30, TEXT)])
    scan = scan_of(page, tmp_path / "scan.pdf", dpi=100)
    with pytest.raises(errors.NoTextLayer, match="apt install tesseract-ocr tesseract-ocr-fas") as e:
        ingest.extract_pdf(scan)
    assert e.value.pages == [1]


@pytest.mark.skipif(not ocr.tesseract_ready(), reason="Tesseract with Persian data is not installed")
def test_a_scanned_page_is_read_by_tesseract_and_repaired(tmp_path):
    from rapidfuzz.distance import Levenshtein

    page = make_pdf(tmp_path / "page.pdf", [("", 16, 20, 30, TEXT)])
    doc = ingest.extract_pdf(scan_of(page, tmp_path / "scan.pdf"))
    assert doc.pages[0].ocr and not doc.pages_needing_ocr
    assert doc.blocks and all(b.ocr and 0 < b.confidence <= 1 for b in doc.blocks)
    cer = Levenshtein.distance(" ".join(doc.text.split()), TEXT) / len(TEXT)
    assert cer < 0.1, doc.text
    assert any(f.unit == "percent" and f.value == 35 for f in doc.figures)  # figures found in OCR text too


@pytest.mark.skipif(not ocr.tesseract_ready(), reason="Tesseract with Persian data is not installed")
def test_a_blank_scan_still_needs_ocr_and_says_ocr_found_nothing(tmp_path):
    from PIL import Image

    Image.new("L", (800, 1100), 255).save(tmp_path / "blank.pdf", "PDF", resolution=100)
    with pytest.raises(errors.NoTextLayer, match="OCR found no text"):
        ingest.extract_pdf(tmp_path / "blank.pdf")
