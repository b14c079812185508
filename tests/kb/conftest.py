"""A small real archive: real PDFs through real ingest, the light real embedder, Chroma on disk."""

from __future__ import annotations

from pathlib import Path

import pytest

from kb import Archive
from sample_articles import ARTICLES

@pytest.fixture(scope="module")
def archive(tmp_path_factory, news_pdf) -> Archive:
    folder = tmp_path_factory.mktemp("archive")
    a = Archive(folder, embedder="e5-small", chroma_url="")
    a.add_pdf(news_pdf, source="روزنامه نمونه", date="1403/09/20")
    for key, (title, source, date, text) in ARTICLES.items():
        a.add_text(text, title=title, source=source, date=date, path=f"{key}.txt")
    yield a
    a.close()


@pytest.fixture
def empty_archive(tmp_path) -> Archive:
    a = Archive(Path(tmp_path) / "empty", embedder="e5-small", chroma_url="")
    yield a
    a.close()
