"""A team's archive on a real Chroma server (`chroma run`) on loopback. (Every test that uses
the `archive` fixture also runs against the server: see conftest.py.)"""

from __future__ import annotations

import pytest

from tests.helpers import free_port
from kb import Archive, StoreUnavailable
from sample_articles import ARTICLES


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


def test_export_then_import_moves_an_embedded_archive_to_the_server(tmp_path, chroma_server, news_pdf):
    from click.testing import CliRunner

    from ui.cli import cli

    with Archive(tmp_path / "laptop", embedder="e5-small", chroma_url="") as a:
        doc = a.add_pdf(news_pdf).doc_id
        a.add_text(ARTICLES["oil"][3], title=ARTICLES["oil"][0])
        before = [(h.doc_id, h.chunk_id) for h in a.search("رشد اقتصادی", k=3)]
    run = CliRunner(env={"BAYEGAN_EMBEDDER": "e5-small", "BAYEGAN_CHROMA_URL": ""})
    out = run.invoke(cli, ["export", str(tmp_path / "a.tar"), "--archive", str(tmp_path / "laptop")])
    assert out.exit_code == 0 and "exported 2 documents" in out.output, out.output
    out = run.invoke(cli, ["import", str(tmp_path / "a.tar"), "--archive", str(tmp_path / "team"),
                           "--chroma-url", chroma_server])
    assert out.exit_code == 0 and "imported 2 documents" in out.output, out.output
    with Archive(tmp_path / "team", embedder="e5-small", chroma_url=chroma_server) as b:
        assert b.store.where == chroma_server and b.store.count() == sum(d.chunks for d in b.documents())
        assert [(h.doc_id, h.chunk_id) for h in b.search("رشد اقتصادی", k=3)] == before
        assert b.original(doc) is not None  # the original PDF came along: citations open its pages
    again = run.invoke(cli, ["import", str(tmp_path / "a.tar"), "--archive", str(tmp_path / "team")])
    assert again.exit_code != 0 and "not empty" in again.output
