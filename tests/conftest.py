"""Shared fixtures: the PDFs the tests make themselves (so the suite runs anywhere)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import HEADLINE, LEFT_COLUMN, RIGHT_COLUMN, make_pdf


@pytest.fixture(scope="session")
def news_pdf(tmp_path_factory) -> Path:
    """A two-column news page: a headline across the top, two columns under it."""
    path = tmp_path_factory.mktemp("pdfs") / "news.pdf"
    return make_pdf(path, [("B", 20, 20, 15, HEADLINE), ("", 11, 110, 40, RIGHT_COLUMN),
                           ("", 11, 20, 40, LEFT_COLUMN)])

