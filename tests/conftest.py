"""Shared fixtures: PDFs the tests make themselves (so the suite runs anywhere) and ../shared data."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
DEV_PDFS = SHARED / "eval" / "pdf" / "pdfs"
FONTS = ROOT / "ui" / "static" / "fonts"


def needs_shared(path: Path):
    return pytest.mark.skipif(not path.exists(), reason=f"{path} not present (../shared is for development)")


def make_pdf(path: Path, blocks: list[tuple[str, float, float, float, str]], pages: int = 1,
             encrypt: tuple[str, str] | None = None) -> Path:
    """A real PDF drawn with Vazirmatn and HarfBuzz shaping, right to left, like a newsroom export.

    blocks: (style "B"/"", size, x, y, text) placed with multi_cell 80 mm wide, right-aligned.
    """
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_font("vazir", "", str(FONTS / "Vazirmatn-Regular.ttf"))
    pdf.add_font("vazir", "B", str(FONTS / "Vazirmatn-Bold.ttf"))
    pdf.set_text_shaping(use_shaping_engine=True, direction="rtl", script="arab", language="fas")
    for _ in range(pages):
        pdf.add_page()
        for style, size, x, y, text in blocks:
            pdf.set_font("vazir", style, size)
            pdf.set_xy(x, y)
            width = 170 if x < 30 and size > 14 else 80
            pdf.multi_cell(width, size * 0.6, text, align="R")
    if encrypt:
        pdf.set_encryption(owner_password=encrypt[0], user_password=encrypt[1])
    pdf.output(str(path))
    return path


HEADLINE = "تیتر اصلی: رشد اقتصادی در سال ۱۴۰۳"
RIGHT_COLUMN = ("بانک مرکزی اعلام کرد نرخ رشد 3.5% بود و مدل GPT-5 در تاریخ 1403/09/19 معرفی شد. "
                "شرکت‌ها می‌گویند (هوش مصنوعی) آینده است.")
LEFT_COLUMN = ("در ستون دوم گزارش آمده است که سرمایه‌گذاری‌ها به ۴۰۰ میلیارد دلار رسید و «اکونومیست» "
               "آن را بزرگ‌ترین رقم دانست.")


@pytest.fixture(scope="session")
def news_pdf(tmp_path_factory) -> Path:
    """A two-column news page: a headline across the top, two columns under it."""
    path = tmp_path_factory.mktemp("pdfs") / "news.pdf"
    return make_pdf(path, [("B", 20, 20, 15, HEADLINE), ("", 11, 110, 40, RIGHT_COLUMN),
                           ("", 11, 20, 40, LEFT_COLUMN)])

