"""Crash safety for real: a process ingesting a folder is killed with SIGKILL at several points
(while reading, embedding, indexing, between batches); after each kill every document the
archive shows is complete and searchable, and running the ingest again finishes the rest.
Also: two ingests at once are serialized by the lock, and searches during an ingest only ever
see whole documents."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from kb import Archive
from tests.helpers import DRIVER, ROOT, make_pdf, run_ingest

pytestmark = pytest.mark.slow
CITIES = ["اصفهان", "شیراز", "تبریز", "مشهد", "کرمان", "رشت", "یزد"]


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("incoming")
    for i, city in enumerate(CITIES):
        story = [f"شورای شهر {city} بودجه سال آینده را با افزایش {10 + i} درصدی تصویب کرد و شهردار {city} از طرح‌های تازه گفت.",
                 f"به گفته او {20 + i} کیلومتر خط تازهٔ اتوبوس و {3 + i} پارک محله‌ای در {city} ساخته می‌شود.",
                 f"اعضای شورا گفتند هزینهٔ نگهداری فضای سبز {city} در سال گذشته {40 + i} درصد بیشتر شده است."]
        make_pdf(d / f"{i}.pdf", [("", 12, 110, 20 + 60 * k, s) for k, s in enumerate(story)]
                 + [("", 12, 20, 20 + 60 * k, s) for k, s in enumerate(reversed(story))], pages=2)
    return d


def assert_whole_documents(archive_dir: Path) -> set[str]:
    """Every visible document has its chunks, its vectors and its BM25 entries, and search finds
    it by its own words; returns the documents' ids (none when the archive is still empty)."""
    with Archive(archive_dir, embedder="e5-small", chroma_url="") as a:
        ids = set()
        for d in a.documents():
            chunks = a.chunks(d.id)
            assert chunks, d
            assert set(a.store.ids_of(d.id)) == {c.id for c in chunks}, d
            words = " ".join(chunks[0].text.split()[:12])
            assert d.id in [h.doc_id for h in a.search(words, k=5, mode="lexical")], d
            assert d.id in [h.doc_id for h in a.search(words, k=5)], d  # hybrid: vectors included
            ids.add(d.id)
        return ids


def cities_in(archive_dir: Path) -> set[str]:
    """The whole documents' cities, each once."""
    ids = assert_whole_documents(archive_dir)
    with Archive(archive_dir, embedder="e5-small", chroma_url="") as a:
        cities = [next(c for c in CITIES if c in a.text(d)) for d in ids]
        assert len(cities) == len(set(cities)), cities
        for d in ids:
            city = next(c for c in CITIES if c in a.text(d))
            assert a.search(f"شهردار {city}", k=1, mode="lexical")[0].doc_id == d
        return set(cities)


def test_sigkill_at_several_points_loses_nothing_and_a_rerun_finishes(folder, tmp_path):
    archive_dir = tmp_path / "archive"
    seen: list[set[str]] = []
    # (files read before the kill, then seconds): mid-read, mid-embedding, mid-index, between batches
    interrupted = 0
    for kill_after, delay in [(1, 0.0), (4, 0.0), (4, 0.05), (6, 0.02), (8, 0.1), (12, 0.03)]:
        lines = run_ingest(folder, archive_dir, kill_after, delay)
        interrupted += "done" not in lines
        seen.append(cities_in(archive_dir))
    assert interrupted >= 4, interrupted  # the kills landed inside the ingest, not after it
    assert all(a <= b for a, b in zip(seen, seen[1:])), seen  # what was stored stays stored
    lines = run_ingest(folder, archive_dir)
    assert lines[-1] == "done"
    assert cities_in(archive_dir) == set(CITIES)
    with Archive(archive_dir, embedder="e5-small", chroma_url="") as a:
        files = {p.name for p in (archive_dir / "files").iterdir()}
        assert files == {f"{d.id}.pdf" for d in a.documents()}  # no orphan left by the kills
        assert not list((archive_dir / "bm25").glob("*.partial"))  # no half-written segment or manifest


REMOVE_DRIVER = """
import os, signal, sys
from kb import Archive
from kb.catalogue import Catalogue
from kb.store import VectorStore

def killed(*args, **kwargs):
    os.kill(os.getpid(), signal.SIGKILL)

point = sys.argv[3]  # the step of Archive.remove that never returns
target = {"vectors": (VectorStore, "delete_document"), "catalogue": (Catalogue, "delete_document"),
          "index": (Archive, "_unindex")}[point]
setattr(*target, killed)
with Archive(sys.argv[1], embedder="e5-small", chroma_url="") as a:
    a.remove(sys.argv[2])
print("removed", flush=True)
"""


@pytest.mark.parametrize("point", ["vectors", "catalogue", "index"])
def test_sigkill_during_a_removal_is_finished_by_the_next_write(folder, tmp_path, point):
    """A removal killed half-way leaves nothing visible of the document, and the next write
    deletes what is left of it: catalogue row, chunks, vectors and BM25 entries."""
    archive_dir = tmp_path / "archive"
    with Archive(archive_dir, embedder="e5-small", chroma_url="") as a:
        gone, kept = a.add_pdf(folder / "1.pdf"), a.add_pdf(folder / "2.pdf")
        gone_chunks = {c.id for c in a.chunks(gone.doc_id)}
    proc = subprocess.run([sys.executable, "-c", REMOVE_DRIVER, str(archive_dir), gone.doc_id, point], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == -signal.SIGKILL and "removed" not in proc.stdout, proc.stderr[-2000:]
    assert assert_whole_documents(archive_dir) == {kept.doc_id}  # the half-removed one is not shown
    with Archive(archive_dir, embedder="e5-small", chroma_url="") as a:
        a.add_pdf(folder / "3.pdf")  # the next write finishes the removal
        assert a._catalogue.status(gone.doc_id) is None and a._catalogue.unfinished() == []
        assert a.store.ids_of(gone.doc_id) == []
        indexed = set(a._lexical.ids())
        assert indexed and not gone_chunks & indexed  # the BM25 index no longer holds its passages
        assert not (archive_dir / "files" / f"{gone.doc_id}.pdf").exists()
        now = {d.id for d in a.documents()}
    assert len(now) == 2 and kept.doc_id in now and assert_whole_documents(archive_dir) == now


def test_two_ingests_at_once_are_serialized_and_searches_see_whole_documents(folder, tmp_path):
    archive_dir = tmp_path / "shared"
    with Archive(archive_dir, embedder="e5-small", chroma_url="") as a:
        a.add_pdf(folder / "0.pdf")
    procs = [subprocess.Popen([sys.executable, "-c", DRIVER, str(folder), str(archive_dir), "2"], cwd=ROOT,
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True) for _ in range(2)]
    problems: list[str] = []
    searches = 0

    def search_while_ingesting() -> None:
        nonlocal searches
        with Archive(archive_dir, embedder="e5-small", chroma_url="") as reader:
            while any(p.poll() is None for p in procs):
                try:
                    hits = reader.search("بودجه شهر", k=10)
                except Exception as e:  # an error under load is a failure too
                    problems.append(f"{e.__class__.__name__}: {e}")
                    continue
                for h in hits:
                    text = reader.text(h.doc_id)  # a hit's document is whole: its text holds the hit
                    if h.text not in text or not reader.chunks(h.doc_id):
                        problems.append(h.doc_id)
                searches += 1

    readers = [threading.Thread(target=search_while_ingesting) for _ in range(3)]  # they share one store
    for t in readers:
        t.start()
    outputs = [p.communicate(timeout=300)[0].splitlines() for p in procs]
    for t in readers:
        t.join()
    assert not problems and searches > 0
    added = [line for out in outputs for line in out if line.startswith("added ")]
    dup = [line for out in outputs for line in out if line.startswith("duplicate ")]
    assert len(added) == len(CITIES) - 1 and len(dup) == len(CITIES) + 1  # each file added exactly once
    assert cities_in(archive_dir) == set(CITIES)


ALERTS_DRIVER = """
import os, signal, sys
from kb import Archive, alerts

def killed(*args, **kwargs):
    os.kill(os.getpid(), signal.SIGKILL)

alerts.new_alerts = killed  # the writer dies after the documents are visible, before their alerts
import kb.archive
kb.archive.new_alerts = killed
with Archive(sys.argv[1], embedder="e5-small", chroma_url="") as a:
    a.add_text(sys.argv[2], title="بارش باران", source="فارس")
print("added", flush=True)
"""


def test_sigkill_before_the_alerts_are_recorded_is_finished_by_the_next_write(tmp_path):
    from tests.helpers import RAIN_STORY, VARIED_NEWS

    archive_dir = tmp_path / "archive"
    with Archive(archive_dir, embedder="e5-small", chroma_url="") as a:
        for title, text in VARIED_NEWS:
            a.add_text(text, title=title)
        a.save_search("باران", "بارش باران و آبگرفتگی در تهران")
    proc = subprocess.run([sys.executable, "-c", ALERTS_DRIVER, str(archive_dir), RAIN_STORY], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == -signal.SIGKILL and "added" not in proc.stdout, proc.stderr[-2000:]
    with Archive(archive_dir, embedder="e5-small", chroma_url="") as a:
        [rain] = [d.id for d in a.documents() if d.title == "بارش باران"]  # visible: it was all in
        assert a.alerts() == []
        a.add_text("قیمت هر گرم طلا امروز کاهش یافت و بازار آرام بود.", title="طلا")  # the next write
        assert [x.doc_id for x in a.alerts("باران")] == [rain]
