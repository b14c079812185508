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

    for method in ("rules", "model"):  # (without EmbeddingGemma, "model" falls back to the rules)
        r = run("ask", "سرمایه‌گذاری‌ها به چند میلیارد دلار رسید؟", "--method", method, "--no-generate", "--json",
                archive=folder)
        answer = json.loads(r.output)
        assert r.exit_code == 0 and answer["text"] == "۴۰۰ میلیارد دلار", (method, answer)
        assert answer["quotes"][0]["page"] == 1

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


def test_stopping_bayegan_ui_leaves_nothing_serving(tmp_path):
    """`bayegan ui` becomes the Streamlit server itself: SIGTERM to the process the user started
    stops the server, and no process is left holding the port or the archive."""
    import os
    import signal
    import socket
    import sys
    import urllib.request

    from tests.helpers import free_port, start_server

    port = free_port()
    folder = tmp_path / "ui-archive"

    def healthy() -> bool:
        return urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2).read() == b"ok"

    proc = start_server([sys.executable, "-m", "ui.cli", "ui", "--archive", str(folder), "--embedder", "e5-small",
                         "--port", str(port)], healthy, "bayegan ui", 90,
                        env=dict(os.environ, BAYEGAN_CHROMA_URL=""))
    os.kill(proc.pid, signal.SIGTERM)  # the process itself, not its group: what a user's kill does
    proc.wait(timeout=30)
    left = [p for p in os.listdir("/proc") if p.isdigit() and str(folder).encode() in _cmdline(p)]
    assert left == [], left
    with socket.socket() as s:
        assert s.connect_ex(("127.0.0.1", port)) != 0  # nothing answers on the port any more


def _cmdline(pid: str) -> bytes:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            return f.read()
    except OSError:
        return b""


def test_a_taken_port_is_named_with_what_to_do(tmp_path):
    import socket

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        r = CliRunner().invoke(cli, ["ui", "--archive", str(tmp_path / "a"), "--port", str(port)])
    assert r.exit_code == 2 and f"port {port} on 127.0.0.1 is taken" in r.output and "--port" in r.output


def test_search_says_how_relevant_each_hit_is_and_cuts_the_weak_tail(tmp_path):
    from kb import Archive
    from tests.helpers import VARIED_NEWS

    folder = tmp_path / "arch"
    with Archive(folder, embedder="e5-small", chroma_url="") as a:
        for title, text in VARIED_NEWS:
            a.add_text(text, title=title)
    r = run("search", "تیم ملی والیبال ایران", archive=folder)
    assert r.exit_code == 0
    lines = r.stdout.splitlines()
    assert lines[0].startswith("1. والیبال") and "(strong)" in lines[0]
    shown = sum(line[:1].isdigit() for line in lines)
    cut = int(r.stderr.split(" weak hits not shown: --weak shows them")[0].split("(")[-1])
    assert cut > 0 and shown + cut == 10
    r = run("search", "تیم ملی والیبال ایران", "--weak", archive=folder)
    ranked = [line for line in r.stdout.splitlines() if line[:1].isdigit()]
    assert len(ranked) == 10 and "(weak)" in ranked[-1]
