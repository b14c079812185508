"""`bayegan` archive commands, run through click against a real archive folder."""

from __future__ import annotations

import json

from click.testing import CliRunner

from ui.cli import cli


def run(*args: str, archive) -> object:
    return CliRunner().invoke(cli, [*args, "--archive", str(archive)], catch_exceptions=False,
                              env={"BAYEGAN_EMBEDDER": "e5-small", "BAYEGAN_CHROMA_URL": ""})


def test_ingest_search_docs_show_remove(tmp_path, news_pdf):
    folder = tmp_path / "arch"
    (tmp_path / "bad.pdf").write_text("not really")
    r = run("ingest", str(news_pdf), str(news_pdf), str(tmp_path / "bad.pdf"), archive=folder)
    assert r.exit_code == 1  # one file was rejected
    lines = r.output.splitlines()
    assert lines[0].startswith("added") and lines[1].startswith("duplicate") and lines[2].startswith("rejected")
    assert "not a PDF" in lines[2] and lines[-1] == "1 added, 1 already there, 1 rejected"

    r = run("search", "سرمایه گذاري ۴۰۰ ميليارد دلار", "--json", archive=folder)
    hit = json.loads(r.output.splitlines()[0])
    assert hit["page"] == 1 and "۴۰۰" in hit["snippet"]

    r = run("docs", "--json", archive=folder)
    doc = json.loads(r.output)
    assert doc["kind"] == "pdf" and doc["id"] == hit["doc_id"]

    r = run("show", doc["id"], archive=folder)
    assert "3.5%" in r.output and "1403/09/19" in r.output

    r = run("remove", doc["id"], archive=folder)
    assert r.exit_code == 0 and r.output.startswith("removed")
    r = run("search", "سرمایه", archive=folder)
    assert r.exit_code == 2 and "empty" in r.output


def test_search_in_an_empty_archive_says_what_to_do(tmp_path):
    r = run("search", "نفت", archive=tmp_path / "none")
    assert r.exit_code == 2 and "bayegan ingest" in r.output
