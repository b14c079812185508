"""The same archive against a real Chroma server (`chroma run`) on loopback."""

from __future__ import annotations

import socket
import sys
from pathlib import Path

import pytest

from servers import free_port, start_server, stop_server
from kb import Archive
from kb.store import StoreUnavailable
from sample_articles import ARTICLES

CHROMA = Path(sys.executable).parent / "chroma"


@pytest.fixture(scope="module")
def chroma_server(tmp_path_factory):
    port = free_port()
    data = tmp_path_factory.mktemp("chroma-server")

    def listening() -> bool:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return True

    proc = start_server([str(CHROMA), "run", "--path", str(data), "--host", "127.0.0.1", "--port", str(port)],
                        listening, "chroma run", 60)
    yield f"http://127.0.0.1:{port}"
    stop_server(proc)


@pytest.mark.slow
def test_archive_on_a_chroma_server(tmp_path, chroma_server):
    with Archive(tmp_path / "team", embedder="e5-small", chroma_url=chroma_server) as a:
        assert a.store.where == chroma_server
        ids = {k: a.add_text(text, title=title, source=src, date=date).doc_id
               for k, (title, src, date, text) in ARTICLES.items()}
        assert a.search("سرمايه گذاري ميدانهاي مشترك", k=1)[0].doc_id == ids["oil"]
        assert a.search("inflation rate", k=1)[0].doc_id == ids["inflation"]
        a.remove(ids["oil"])
        assert a.store.ids_of(ids["oil"]) == []
        assert a.store.count() == sum(d.chunks for d in a.documents())
    # a second client (another laptop) sees the same vectors through the server
    with Archive(tmp_path / "team", embedder="e5-small", chroma_url=chroma_server) as b:
        assert b.search("تیم ملی فوتبال", k=1)[0].doc_id == ids["football"]


def test_an_unreachable_server_says_what_to_do(tmp_path):
    a = Archive(tmp_path / "x", embedder="e5-small", chroma_url=f"http://127.0.0.1:{free_port()}")
    with pytest.raises(StoreUnavailable, match="chroma run"):
        a.store
