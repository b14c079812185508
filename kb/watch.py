"""Watched folders: each morning's issue lands in a shared folder and comes into the archive by
itself.

A look over the folders compares each ingestible file with what the archive remembers of it
(path, size, modification time, the archive file it became, whether the watch added it; kept
in the catalogue, so a restart reads nothing again). A new or changed file is taken only when
two looks in a row found it the same size and time (a file still being copied is left for the
next look), and never while its name says it is unfinished (`.part`, `.crdownload`, `.tmp`) or
it is hidden or under a hidden folder. A changed file's old articles go once its new content is
in. A file is gone only when it stayed missing `GONE_AFTER` seconds and two looks, from a folder
that is there and did not lose all its files at once (an unmounted share is an empty folder);
a renamed or moved file is a move. A gone file's documents go too, or stay marked, as the user
chooses; the watch only ever removes what it added. Every file that changes state gives one
`WatchEvent`.
"""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable, Protocol

from ingest.alphabet import isolated

from .catalogue import DocumentInfo, WatchedFile
from .errors import NotInArchive
from .files import INGESTIBLE, AddResult, AddStatus


class Archive(Protocol):
    """What a watch needs of `kb.Archive` (which imports this module)."""

    def add_paths(self, paths: Iterable[Any], **options: Any) -> list[AddResult]: ...
    def remove(self, doc_id: str) -> list[DocumentInfo]: ...
    def watched_files(self) -> dict[str, WatchedFile]: ...
    def remember_file(self, f: WatchedFile) -> None: ...
    def forget_file(self, path: str) -> None: ...

UNFINISHED = (".part", ".crdownload", ".tmp", ".partial", ".download", "~")
GONE_AFTER = 10.0  # seconds a file must stay missing before its documents go (a move takes a moment)
ON_DELETE = ("remove", "keep")

PERSIAN = {"added": "افزوده شد", "changed": "دگرگون شد و دوباره خوانده شد", "duplicate": "از قبل در بایگانی است",
           "rejected": "پذیرفته نشد", "waiting": "هنوز در حال رونوشت است؛ نگاه بعدی", "removed": "پاک شد و اسنادش برداشته شد",
           "kept": "پاک شد؛ اسنادش در بایگانی ماند", "moved": "جابه‌جا شد", "failed": "نگاه به پوشه نشد",
           "emptied": "همهٔ پرونده‌هایش با هم رفتند (شاید پوشهٔ اشتراکی قطع شده)؛ چیزی از بایگانی برداشته نشد"}


@dataclass
class WatchEvent:
    """What a look did with one file."""

    path: str
    what: str  # added, changed, duplicate, rejected, waiting, removed, kept, moved; failed; emptied (a folder)
    detail: str = ""  # the titles added, or why the file was rejected (English)
    persian_detail: str = ""
    result: AddResult | None = None

    def line(self) -> str:
        """One log line, for the terminal."""
        return f"{self.what:<9} {self.path}" + (f": {self.detail}" if self.detail else "")

    @property
    def persian(self) -> str:
        """The line as the app shows it."""
        detail = self.persian_detail or ("" if self.what in ("rejected", "failed") else self.detail)
        if self.what == "moved":
            detail = isolated(Path(self.detail).name)
        return f"{isolated(Path(self.path).name)}: {PERSIAN[self.what]}" + (f" ({detail})" if detail else "")


def _gone_from_disk(path: str) -> bool:
    """Whether a file is not there (a file in a folder the watch may not enter is not known gone)."""
    try:
        return not Path(path).exists()
    except OSError:
        return False



class FolderWatch:
    """Folders kept in step with an archive: `look()` once, or `run()` a look every `interval` seconds."""

    def __init__(self, archive: Archive, folders: Iterable[str | os.PathLike], *, on_delete: str = "remove",
                 source: str = "", interval: float = 30.0) -> None:
        if on_delete not in ON_DELETE:
            raise ValueError(f"on_delete must be one of {', '.join(ON_DELETE)}, not {on_delete!r}")
        self.archive = archive
        self.folders = [Path(f).expanduser().resolve() for f in folders]
        self.on_delete = on_delete
        self.source = source
        self.interval = interval
        self._last_look: dict[str, tuple[int, float]] = {}  # new or changed files at the last look
        self._missing: dict[str, float] = {}  # known files not found: since when (time.monotonic)
        self._emptied: set[Path] = set()  # folders that lost every file at once (said once)

    def files(self, present: list[Path] | None = None) -> dict[str, tuple[int, float]]:
        """The folders' ingestible, finished files now: path → (size, modification time). Hidden
        files and anything under a hidden folder (a desktop's .Trash, .git) are not the folder's.
        `present`: the folders that are there (`_present()`), when the caller has them already."""
        found = {}
        for folder in self._present() if present is None else present:
            try:
                paths = sorted(folder.rglob("*"))
            except OSError:  # a subfolder went away while it was walked: the next look sees it whole
                continue
            for p in paths:
                name = p.name
                if any(part.startswith(".") for part in p.relative_to(folder).parts) or name.endswith(UNFINISHED) \
                        or p.suffix.lower() not in INGESTIBLE:
                    continue
                try:
                    st = p.stat()
                    if p.is_file():
                        found[str(p)] = (st.st_size, st.st_mtime)
                except OSError:  # gone between listing and looking
                    continue
        return found

    def _present(self) -> list[Path]:
        """The watched folders that are there and readable now: a shared folder that dropped or a
        disk unplugged is not a folder whose files were all deleted."""
        present = []
        for folder in self.folders:
            try:
                if folder.is_dir() and os.access(folder, os.R_OK | os.X_OK):
                    next(folder.iterdir(), None)
                    present.append(folder)
            except OSError:
                continue
        return present

    def look(self) -> list[WatchEvent]:
        """Take in what is new or changed and settled, then act on what is gone: a file missing
        for `GONE_AFTER` seconds and at two looks, from a folder that is there and has not lost
        every file at once (an unmounted share is an empty folder); a move is taken as a move. A
        look the disk or the database fails says so in a "failed" event and the next goes on; an
        archive that cannot be written to raises (ArchiveError): no look can help that."""
        try:
            return self._look()
        except (OSError, sqlite3.Error) as e:
            return [WatchEvent(", ".join(map(str, self.folders)), "failed", str(e))]

    def _look(self) -> list[WatchEvent]:
        known = self.archive.watched_files()
        present = self._present()
        now = self.files(present)
        events: list[WatchEvent] = []
        waiting: dict[str, tuple[int, float]] = {}
        settled: list[tuple[str, int, float, WatchedFile | None]] = []
        for path, (size, mtime) in now.items():
            old = known.get(path)
            if old is not None and not old.gone and (old.size, old.mtime) == (size, mtime):
                continue
            if self._last_look.get(path) != (size, mtime):
                waiting[path] = (size, mtime)
                if path in self._last_look:  # still growing since the last look: say so once it moves
                    events.append(WatchEvent(path, "waiting"))
                continue
            settled.append((path, size, mtime, old))
        events += self._take(settled)
        self._last_look = waiting
        known = self.archive.watched_files()  # what the files taken just now hold
        live = {path: f for path, f in known.items() if not f.gone}
        missing = {path for path in live if path not in now and _gone_from_disk(path)}
        for folder in present:
            inside = [path for path in live if Path(path).is_relative_to(folder)]
            if len(inside) > 1 and all(path in missing for path in inside):  # all at once: unmounted, not emptied
                missing -= set(inside)
                if folder not in self._emptied:
                    events.append(WatchEvent(str(folder), "emptied"))
                self._emptied.add(folder)
            else:
                self._emptied.discard(folder)
        missing = {path for path in missing if any(Path(path).is_relative_to(f) for f in present)}
        clock = time.monotonic()
        for path in sorted(missing):
            if path in self._missing and clock - self._missing[path] >= GONE_AFTER:
                events.append(self._deleted(live[path], {p: f for p, f in live.items() if p in now}))
        self._missing = {path: self._missing.get(path, clock) for path in missing
                         if not (path in self._missing and clock - self._missing[path] >= GONE_AFTER)}
        return events

    def run(self, on_event: Callable[[WatchEvent], None], stop: threading.Event | None = None,
            once: bool = False, settle: float = 2.0) -> None:
        """Look every `interval` seconds until `stop` is set (or twice with `once`: `settle`
        seconds apart, `GONE_AFTER` when a file is missing)."""
        stop = stop or threading.Event()
        for event in self.look():
            on_event(event)
        if once:
            if self._last_look or self._missing:
                time.sleep(GONE_AFTER if self._missing else settle)
                for event in self.look():
                    on_event(event)
            return
        while not stop.wait(self.interval):
            for event in self.look():
                on_event(event)

    def _take(self, settled: list[tuple[str, int, float, WatchedFile | None]]) -> list[WatchEvent]:
        """The settled new and changed files into the archive in one write,
        then each remembered."""
        if not settled:
            return []
        try:
            results = self.archive.add_paths([path for path, *_ in settled], source=self.source)
        except (OSError, sqlite3.Error) as e:
            return [WatchEvent(path, "failed", str(e)) for path, *_ in settled]
        if len(results) != len(settled):  # a path that expanded otherwise: one at a time
            results = [(self.archive.add_paths([path], source=self.source) or [None])[0] for path, *_ in settled]
        events = []
        for (path, size, mtime, old), result in zip(settled, results):
            try:
                events.append(self._remember(path, size, mtime, old, result))
            except (OSError, sqlite3.Error) as e:  # this file's trouble: the others go on
                events.append(WatchEvent(path, "failed", str(e)))
        return events

    def _remember(self, path: str, size: int, mtime: float, old: WatchedFile | None,
                  result: AddResult | None) -> WatchEvent:
        if result is None:  # not ingestible after all
            return WatchEvent(path, "rejected", "not a file Bayegan reads", "بایگان این پرونده را نمی‌خواند")
        if result.status == AddStatus.REJECTED:  # the old content, if any, stays as it was
            kept = old.file_id if old is not None and not old.gone else ""
            self.archive.remember_file(WatchedFile(path, size, mtime, kept, owned=bool(kept and old and old.owned)))
            return WatchEvent(path, "rejected", result.message, result.persian, result)
        if old is not None and old.file_id and old.file_id != result.doc_id and not old.gone and old.owned:
            self._drop(old.file_id, path)
        owned = result.status == AddStatus.ADDED or any(
            f.file_id == result.doc_id and f.owned for f in self.archive.watched_files().values())
        self.archive.remember_file(WatchedFile(path, size, mtime, result.doc_id, owned=owned))
        if result.status == AddStatus.DUPLICATE:
            return WatchEvent(path, "duplicate", result.title, result=result)
        titles = "، ".join(a.title for a in result.articles) or result.title
        return WatchEvent(path, "changed" if old is not None and not old.gone else "added", titles, result=result)

    def _deleted(self, old: WatchedFile, there: dict[str, WatchedFile]) -> WatchEvent:
        """A file gone; `there`: the watched files that are on disk now (a move's new name among them)."""
        elsewhere = [f for f in there.values() if f.file_id and f.file_id == old.file_id and f.path != old.path]
        if elsewhere:  # moved or renamed: the same content is watched under its new name
            self.archive.forget_file(old.path)
            if old.owned and not elsewhere[0].owned:
                self.archive.remember_file(WatchedFile(**{**elsewhere[0].__dict__, "owned": True}))
            return WatchEvent(old.path, "moved", elsewhere[0].path)
        if self.on_delete == "keep" or not old.owned:  # what the watch did not add, it does not remove
            self.archive.remember_file(WatchedFile(old.path, old.size, old.mtime, old.file_id, gone=True,
                                                   owned=old.owned))
            return WatchEvent(old.path, "kept")
        self.archive.forget_file(old.path)
        if old.file_id:
            self._drop(old.file_id, old.path)
        return WatchEvent(old.path, "removed")

    def _drop(self, file_id: str, path: str) -> None:
        """Remove a file's articles, unless another watched file holds the same content."""
        if any(f.file_id == file_id and f.path != path and not f.gone for f in self.archive.watched_files().values()):
            return
        try:
            self.archive.remove(file_id)
        except NotInArchive:  # removed by hand already
            pass
