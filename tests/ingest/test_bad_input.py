"""Bad input gets a clear, specific error; nothing half-done."""

from __future__ import annotations

import pytest

import ingest
from ingest import errors
from tests.helpers import FONTS, make_pdf, minimal_pdf


def test_not_a_pdf(tmp_path):
    p = tmp_path / "notes.pdf"
    p.write_text("just some text, not a PDF", encoding="utf-8")
    with pytest.raises(errors.NotAPdf, match="not a PDF"):
        ingest.extract_pdf(p)


def test_empty_file(tmp_path):
    p = tmp_path / "empty.pdf"
    p.write_bytes(b"")
    with pytest.raises(errors.EmptyFile, match="empty"):
        ingest.extract_pdf(p)


def test_missing_file(tmp_path):
    with pytest.raises(errors.NoSuchFile, match="nope.pdf: no such file"):
        ingest.extract_pdf(tmp_path / "nope.pdf")


def test_truncated_pdf(tmp_path, news_pdf):
    p = tmp_path / "truncated.pdf"
    p.write_bytes(news_pdf.read_bytes()[:600])
    with pytest.raises(errors.IngestError) as e:
        ingest.extract_pdf(p)
    assert isinstance(e.value, (errors.CorruptPdf, errors.NoPages))
    assert "truncated.pdf" in str(e.value)


def test_garbage_after_header(tmp_path):
    p = tmp_path / "garbage.pdf"
    p.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 20)
    with pytest.raises(errors.IngestError):
        ingest.extract_pdf(p)


def test_encrypted_pdf_needs_its_password(tmp_path):
    p = make_pdf(tmp_path / "secret.pdf", [("", 12, 110, 40, "متن محرمانه خبر امروز")], encrypt=("owner", "user"))
    with pytest.raises(errors.EncryptedPdf, match="password"):
        ingest.extract_pdf(p)
    with pytest.raises(errors.EncryptedPdf, match="does not open"):
        ingest.extract_pdf(p, password="wrong")
    assert "محرمانه" in ingest.extract_pdf(p, password="user").text


def test_zero_pages(tmp_path):
    p = tmp_path / "zero.pdf"
    p.write_bytes(minimal_pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>"]))
    with pytest.raises(errors.NoPages, match="zero pages"):
        ingest.extract_pdf(p)


def test_image_only_pdf_needs_ocr(tmp_path):
    from fpdf import FPDF
    from PIL import Image

    img = tmp_path / "scan.png"
    Image.new("RGB", (400, 300), "white").save(img)
    pdf = FPDF()
    pdf.add_page()
    pdf.image(str(img), x=10, y=10, w=180)
    p = tmp_path / "scan.pdf"
    pdf.output(str(p))
    with pytest.raises(errors.NoTextLayer, match="OCR") as e:
        ingest.extract_pdf(p)
    assert e.value.pages == [1]


def test_one_scanned_page_among_text_pages_is_reported(tmp_path):
    from fpdf import FPDF
    from PIL import Image

    img = tmp_path / "scan.png"
    Image.new("RGB", (400, 300), "white").save(img)
    pdf = FPDF()
    pdf.add_font("vazir", "", str(FONTS / "Vazirmatn-Regular.ttf"))
    pdf.set_text_shaping(use_shaping_engine=True, direction="rtl", script="arab", language="fas")
    pdf.add_page()
    pdf.set_font("vazir", "", 12)
    pdf.multi_cell(150, 8, "صفحه اول متن دارد و خواندنی است.", align="R")
    pdf.add_page()
    pdf.image(str(img), x=10, y=10, w=180)
    p = tmp_path / "mixed.pdf"
    pdf.output(str(p))
    doc = ingest.extract_pdf(p)
    assert doc.pages_needing_ocr == [2]
    assert "صفحه اول" in doc.text


def test_html_in_a_pdf_stays_text(tmp_path):
    p = make_pdf(tmp_path / "html.pdf", [("", 12, 110, 40,
                                          "در این خبر که از یک وبگاه رونویسی شده است کد <script>alert(1)</script> آمده بود")])
    text = ingest.pdf_to_text(p)
    assert "<script>alert(1)</script>" in text  # kept as plain text; the UI escapes it
