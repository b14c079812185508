"""A small real archive: real PDFs through real ingest, the light real embedder, Chroma on disk."""

from __future__ import annotations

from pathlib import Path

import pytest

from kb import Archive
from sample_articles import ARTICLES

@pytest.fixture(scope="session")
def chroma_server(tmp_path_factory):
    """A real Chroma server (`chroma run`) on loopback, for the whole session."""
    import socket
    import sys

    from tests.helpers import free_port, start_server, stop_server

    port = free_port()
    data = tmp_path_factory.mktemp("chroma-server")

    def listening() -> bool:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return True

    chroma = Path(sys.executable).parent / "chroma"
    proc = start_server([str(chroma), "run", "--path", str(data), "--host", "127.0.0.1", "--port", str(port)],
                        listening, "chroma run", 60)
    yield f"http://127.0.0.1:{port}"
    stop_server(proc)


@pytest.fixture(scope="module", params=["embedded", "server"])
def archive(request, tmp_path_factory, news_pdf) -> Archive:
    """The sample archive, once with the embedded store and once on a Chroma server: every test
    that uses it checks the same behaviour against both. (BAYEGAN_CHROMA_URL is set while the
    server archive is in use, so that the CLI, run by some tests, opens it the same way.)"""
    import os

    url = request.getfixturevalue("chroma_server") if request.param == "server" else ""
    folder = tmp_path_factory.mktemp(f"archive-{request.param}")
    before = os.environ.get("BAYEGAN_CHROMA_URL")
    os.environ["BAYEGAN_CHROMA_URL"] = url
    a = Archive(folder, embedder="e5-small", chroma_url=url)
    a.add_pdf(news_pdf, source="روزنامه نمونه", date="1403/09/20")
    for key, (title, source, date, text) in ARTICLES.items():
        a.add_text(text, title=title, source=source, date=date, path=f"{key}.txt")
    yield a
    a.close()
    if before is None:
        os.environ.pop("BAYEGAN_CHROMA_URL", None)
    else:
        os.environ["BAYEGAN_CHROMA_URL"] = before


@pytest.fixture
def empty_archive(tmp_path) -> Archive:
    a = Archive(Path(tmp_path) / "empty", embedder="e5-small", chroma_url="")
    yield a
    a.close()
