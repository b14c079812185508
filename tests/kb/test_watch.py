"""Watched folders (kb/watch.py) on a real archive and real files: new files taken once settled,
unfinished names skipped, a restart reads nothing again, changed and deleted files followed."""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import threading
import time

import pytest

from tests.helpers import RAIN_OTHER_STORY, RAIN_STORY

STORY_B = "نتایج اولیهٔ آزمون سراسری دانشگاه‌ها هفتهٔ آینده اعلام می‌شود و داوطلبان می‌توانند کارنامهٔ خود را ببینند."


@pytest.fixture
def archive(tmp_path, monkeypatch):
    from kb import Archive, watch

    monkeypatch.setattr(watch, "GONE_AFTER", 0.0)  # a file missing at two looks is gone (timed in its own test)

    with Archive(tmp_path / "archive", embedder="e5-small", chroma_url="") as a:
        yield a


def looks(watch, n=2):
    events = []
    for _ in range(n):
        events += watch.look()
    return events


def test_a_new_file_is_taken_at_the_second_look_and_unfinished_names_never(archive, tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "rain.txt").write_text(RAIN_STORY, encoding="utf-8")
    (inbox / "exam.txt.part").write_text(STORY_B, encoding="utf-8")  # still being copied, by convention
    (inbox / ".hidden.txt").write_text(STORY_B, encoding="utf-8")
    (inbox / "notes.docx").write_text("not ours", encoding="utf-8")
    watch = archive.watch([inbox])
    assert watch.look() == []  # seen once: not yet known to be settled
    [event] = watch.look()
    assert (event.what, event.path) == ("added", str(inbox / "rain.txt"))
    assert len(archive.documents()) == 1 and archive.watched_files()[event.path].file_id == event.result.doc_id
    assert "افزوده شد" in event.persian and event.line().startswith("added")
    assert looks(watch) == []  # nothing new


def test_a_growing_file_waits_until_it_stops_growing(archive, tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    growing = inbox / "rain.txt"
    growing.write_text(RAIN_STORY[:100], encoding="utf-8")
    watch = archive.watch([inbox])
    watch.look()
    with growing.open("a", encoding="utf-8") as f:  # the copy goes on
        f.write(RAIN_STORY[100:])
    os.utime(growing, (time.time() + 5, time.time() + 5))
    assert [e.what for e in watch.look()] == ["waiting"]
    assert archive.documents() == []
    [event] = watch.look()
    assert event.what == "added" and archive.text(archive.documents()[0].id).endswith("کاهش می‌یابد.")


def test_a_restart_reads_nothing_again_and_a_changed_file_replaces_its_documents(archive, tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    f = inbox / "story.txt"
    f.write_text(RAIN_STORY, encoding="utf-8")
    looks(archive.watch([inbox]))
    [before] = archive.documents()
    assert looks(archive.watch([inbox])) == []  # a new watch (a restart): remembered, not read
    f.write_text(RAIN_OTHER_STORY, encoding="utf-8")
    os.utime(f, (time.time() + 5, time.time() + 5))
    [event] = looks(archive.watch([inbox]))
    assert event.what == "changed"
    [after] = archive.documents()
    assert after.id != before.id and "مدیریت بحران" in archive.text(after.id)


def test_a_deleted_file_s_documents_go_or_stay_as_the_user_chose(archive, tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "a.txt").write_text(RAIN_STORY, encoding="utf-8")
    (inbox / "b.txt").write_text(STORY_B, encoding="utf-8")
    looks(archive.watch([inbox]))
    assert len(archive.documents()) == 2
    (inbox / "a.txt").unlink()
    keep = archive.watch([inbox], on_delete="keep")
    assert keep.look() == []  # missing once: perhaps on its way to another name
    [event] = keep.look()
    assert event.what == "kept" and len(archive.documents()) == 2
    assert archive.watched_files()[str(inbox / "a.txt")].gone
    kept = archive.watched_files()[str(inbox / "a.txt")].file_id
    assert archive.deleted_files() == {kept}  # its documents are marked (bayegan docs, the app's table)
    assert looks(archive.watch([inbox])) == []  # a deletion is acted on once
    (inbox / "b.txt").unlink()
    [event] = looks(archive.watch([inbox]))
    assert event.what == "removed" and len(archive.documents()) == 1
    assert str(inbox / "b.txt") not in archive.watched_files()


def test_a_bad_file_is_reported_once_and_the_rest_go_on(archive, tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "broken.pdf").write_bytes(b"not a pdf at all")
    (inbox / "rain.txt").write_text(RAIN_STORY, encoding="utf-8")
    events = {e.path: e for e in looks(archive.watch([inbox]))}
    assert events[str(inbox / "broken.pdf")].what == "rejected"
    assert events[str(inbox / "rain.txt")].what == "added"
    assert looks(archive.watch([inbox])) == []  # not retried until it changes


def test_bayegan_watch_logs_a_line_per_file_and_stops_on_sigterm(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "rain.txt").write_text(RAIN_STORY, encoding="utf-8")
    env = {**os.environ, "BAYEGAN_EMBEDDER": "e5-small", "BAYEGAN_CHROMA_URL": "", "BAYEGAN_USE_SERVER": "0"}
    once = subprocess.run([sys.executable, "-m", "ui.cli", "watch", str(inbox), "--once", "--archive",
                           str(tmp_path / "a")], capture_output=True, text=True, env=env, timeout=300)
    assert once.returncode == 0, once.stderr
    assert once.stdout.count("\n") == 1 and "added" in once.stdout and "rain.txt" in once.stdout
    proc = subprocess.Popen([sys.executable, "-m", "ui.cli", "watch", str(inbox), "--interval", "0.5", "--archive",
                             str(tmp_path / "a")], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    lines: queue.Queue[str] = queue.Queue()
    for stream in (proc.stdout, proc.stderr):  # read beside the test: a dead process fails it, never hangs it
        threading.Thread(target=lambda s=stream: [lines.put(x) for x in s], daemon=True).start()
    def next_line(containing: str) -> str:
        while True:  # a warning on stderr may come first
            line = lines.get(timeout=120)
            if containing in line:
                return line

    try:
        next_line("watching")
        (inbox / "exam.txt").write_text(STORY_B, encoding="utf-8")
        assert "exam.txt" in next_line("added")
    finally:
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=60) == 0


def test_a_folder_that_is_gone_or_a_file_moved_loses_nothing(archive, tmp_path):
    inbox = tmp_path / "inbox"
    (inbox / "day1").mkdir(parents=True)
    (inbox / "day1" / "rain.txt").write_text(RAIN_STORY, encoding="utf-8")
    (inbox / "exam.txt").write_text(STORY_B, encoding="utf-8")
    looks(archive.watch([inbox]))
    assert len(archive.documents()) == 2
    inbox.rename(tmp_path / "away")  # a share that dropped: the folder is not there
    assert looks(archive.watch([inbox]), 3) == [] and len(archive.documents()) == 2
    inbox.mkdir()  # an unmounted share: its mount point is an empty folder
    events = looks(archive.watch([inbox]), 3)
    assert [e.what for e in events] == ["emptied"] and len(archive.documents()) == 2
    assert "چیزی از بایگانی برداشته نشد" in events[0].persian
    inbox.rmdir()
    (tmp_path / "away").rename(inbox)
    (inbox / "exam.txt").rename(inbox / "exam-1404.txt")  # renamed: the same content under a new name
    events = looks(archive.watch([inbox]), 3)
    assert sorted(e.what for e in events) == ["duplicate", "moved"] and len(archive.documents()) == 2
    assert set(archive.watched_files()) == {str(inbox / "day1" / "rain.txt"), str(inbox / "exam-1404.txt")}
    assert archive.deleted_files() == set()


def test_the_watch_removes_only_what_it_added_and_skips_hidden_folders(archive, tmp_path):
    inbox = tmp_path / "inbox"
    (inbox / ".Trash-1000").mkdir(parents=True)
    (inbox / ".Trash-1000" / "old.txt").write_text(STORY_B, encoding="utf-8")
    by_hand = archive.add_text(RAIN_STORY, title="باران").doc_id  # ingested by hand before
    (inbox / "rain.txt").write_text(RAIN_STORY, encoding="utf-8")
    events = looks(archive.watch([inbox]))
    assert [e.what for e in events] == ["duplicate"]  # the trash is not the folder's
    (inbox / "rain.txt").unlink()
    [event] = looks(archive.watch([inbox]))
    assert event.what == "kept" and archive.document(by_hand)  # not the watch's to remove


def test_two_copies_of_one_file_deleted_together_take_their_documents_with_them(archive, tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for name in ("issue.txt", "issue (1).txt", "exam.txt"):
        (inbox / name).write_text(STORY_B if name == "exam.txt" else RAIN_STORY, encoding="utf-8")
    looks(archive.watch([inbox]))
    assert len(archive.documents()) == 2
    (inbox / "issue.txt").unlink()
    (inbox / "issue (1).txt").unlink()
    events = looks(archive.watch([inbox]))
    assert sorted(e.what for e in events) == ["removed", "removed"] and len(archive.documents()) == 1


def test_a_missing_file_goes_only_after_it_stayed_missing_a_while(archive, tmp_path, monkeypatch):
    from kb import watch

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "rain.txt").write_text(RAIN_STORY, encoding="utf-8")
    (inbox / "exam.txt").write_text(STORY_B, encoding="utf-8")
    looks(archive.watch([inbox]))
    monkeypatch.setattr(watch, "GONE_AFTER", 0.5)
    (inbox / "rain.txt").unlink()
    w = archive.watch([inbox])
    assert looks(w, 3) == []  # three quick looks (an app's reruns) are not half a second
    time.sleep(0.6)
    assert [e.what for e in w.look()] == ["removed"]


def test_the_files_a_look_takes_go_in_as_one_write(archive, tmp_path, monkeypatch):
    from kb.lexical import LexicalIndex

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "rain.txt").write_text(RAIN_STORY, encoding="utf-8")
    (inbox / "exam.txt").write_text(STORY_B, encoding="utf-8")
    (inbox / "broken.pdf").write_bytes(b"not a pdf")
    rebuilds = []
    real = LexicalIndex.rebuild
    monkeypatch.setattr(LexicalIndex, "rebuild", lambda self, *a, **k: (rebuilds.append(1), real(self, *a, **k))[1])
    events = looks(archive.watch([inbox]))
    assert sorted(e.what for e in events) == ["added", "added", "rejected"] and len(rebuilds) == 1
