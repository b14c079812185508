"""The same archive against a real Chroma server (`chroma run`) on loopback."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kb import Archive
from kb.store import StoreUnavailable
from sample_articles import ARTICLES

CHROMA = Path(sys.executable).parent / "chroma"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def chroma_server(tmp_path_factory):
    port = free_port()
    data = tmp_path_factory.mktemp("chroma-server")
    proc = subprocess.Popen([str(CHROMA), "run", "--path", str(data), "--host", "127.0.0.1", "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                break
        except OSError:
            time.sleep(0.3)
    else:
        proc.kill()
        pytest.fail("chroma run did not start within 60 s")
    yield url
    proc.terminate()
    proc.wait(timeout=30)


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
