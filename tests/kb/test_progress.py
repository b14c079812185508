"""An ingest's progress: real page counts up front, pages a minute and the time left."""

from __future__ import annotations

import pdfplumber
import pytest

from kb import Archive, IngestProgress
from kb.progress import page_count
from tests.helpers import make_pdf
from ui.cli import progress_line
from ui.render import progress_text

CITIES = ["اصفهان", "شیراز", "تبریز", "مشهد"]


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    """Four real PDFs of one to four pages, each a story of its own."""
    d = tmp_path_factory.mktemp("pages")
    for i, city in enumerate(CITIES):
        story = [f"شورای شهر {city} بودجه سال آینده را با افزایش {10 + i} درصدی تصویب کرد.",
                 f"به گفته شهردار {city} {20 + i} کیلومتر خط تازهٔ اتوبوس ساخته می‌شود."]
        make_pdf(d / f"{i}.pdf", [("", 12, 110, 20 + 60 * k, s) for k, s in enumerate(story)], pages=i + 1)
    return d


def test_the_rate_and_the_time_left_come_from_finished_pages():
    p = IngestProgress("a.pdf", 2, 8, files_done=3, files_total=10, pages_done=30, pages_total=90, seconds=60.0)
    assert p.pages_per_minute == pytest.approx(30.0) and p.seconds_left == pytest.approx(120.0)
    early = IngestProgress("a.pdf", 1, 8, 0, 10, 0, 90, seconds=2.0)
    assert early.pages_per_minute is None and early.seconds_left is None  # start-up is not a rate
    assert IngestProgress("a.pdf", 4, 8, 3, 10, 30, 90, 60.0, pages_read=40).share == pytest.approx(44 / 90)


def test_a_pdfs_pages_are_counted_without_reading_it(folder, tmp_path):
    for pdf in sorted(folder.glob("*.pdf")):
        with pdfplumber.open(pdf) as opened:
            assert page_count(pdf) == len(opened.pages)
    assert [page_count(p) for p in sorted(folder.glob("*.pdf"))] == [1, 2, 3, 4]
    locked = make_pdf(tmp_path / "locked.pdf", [("", 12, 110, 20, "متن")], pages=3, encrypt=("owner", "secret"))
    assert page_count(locked) == 1  # counted again once read with its password
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4 not really")
    text = tmp_path / "note.txt"
    text.write_text("متن", encoding="utf-8")
    assert page_count(broken) == 1 and page_count(text) == 1


def test_an_ingest_reports_every_page_and_ends_with_every_page_done(folder, tmp_path):
    pdfs = sorted(folder.glob("*.pdf"))
    reports: list[IngestProgress] = []
    with Archive(tmp_path / "archive", embedder="e5-small", chroma_url="") as archive:
        results = archive.add_paths(pdfs + [pdfs[0]], progress=reports.append, batch=2)
        archive.add_paths([pdfs[1]], progress=reports.append)  # already there: done at once
    pages = sum(r.pages for r in results if r.status == "added")
    assert reports[0].pages_total == pages + page_count(pdfs[0]) and reports[0].files_total == 5
    reading = [r for r in reports if r.stage == "reading"]
    assert {r.file for r in reading} == {str(p) for p in pdfs}  # the duplicate in the batch is not read again
    assert [r.storing for r in reports if r.stage == "storing"] == [2, 2]
    shares = [r.share for r in reports[:-1]]
    assert shares == sorted(shares) and 0 < shares[-1] <= 1  # the bar never moves back
    done = [r.pages_done for r in reports[:-1]]
    assert done == sorted(done)


def test_the_cli_and_the_app_say_the_same_figures():
    p = IngestProgress("/tmp/x/issue.pdf", 3, 8, 12, 40, 85, 300, 360.0)
    assert progress_line(p) == ("  12/40 files · 85/300 pages · 14.2 pages/min · about 15 min left · "
                                "issue.pdf: page 3/8")
    assert progress_text(p, "issue.pdf") == ("۱۲ از ۴۰ پرونده · ۸۵ از ۳۰۰ صفحه · ۱۴ صفحه در دقیقه · "
                                            "حدود ۱۵ دقیقه مانده · issue.pdf: صفحهٔ ۳ از ۸")
