"""Watched folders: each morning's issue lands in a shared folder and comes into the archive by
itself.

A look over the folders compares each ingestible file with what the archive remembers of it
(path, size, modification time, the archive file it became; kept in the catalogue, so a restart
reads nothing again). A new or changed file is taken only when two looks in a row found it the
same size and time (a file still being copied is left for the next look), and never while its
name says it is unfinished (`.part`, `.crdownload`, `.tmp`, a leading dot). A changed file's old
articles go once its new content is in; a deleted file's go too, or stay with the deletion
remembered, as the user chooses. Every file that changes state gives one `WatchEvent`.
"""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable, Protocol

from .catalogue import DocumentInfo, WatchedFile
from ingest.errors import BayeganError

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
ON_DELETE = ("remove", "keep")

PERSIAN = {"added": "افزوده شد", "changed": "دگرگون شد و دوباره خوانده شد", "duplicate": "از قبل در بایگانی است",
           "rejected": "پذیرفته نشد", "waiting": "هنوز در حال رونوشت است؛ نگاه بعدی", "removed": "پاک شد و اسنادش برداشته شد",
           "kept": "پاک شد؛ اسنادش در بایگانی ماند", "moved": "جابه‌جا شد", "failed": "نگاه به پوشه نشد"}


@dataclass
class WatchEvent:
    """What a look did with one file."""

    path: str
    what: str  # added, changed, duplicate, rejected, waiting, removed, kept, moved; failed (a look that failed)
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
            detail = _isolated(Path(self.detail).name)
        return f"{_isolated(Path(self.path).name)}: {PERSIAN[self.what]}" + (f" ({detail})" if detail else "")


def _isolated(name: str) -> str:
    """A file name inside a Persian line, in its own direction (a Latin name stays in its order)."""
    return f"\u2068{name}\u2069"


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
        self._missing: set[str] = set()  # known files the last look did not find

    def files(self) -> dict[str, tuple[int, float]]:
        """The folders' ingestible, finished files now: path → (size, modification time). Hidden
        files and anything under a hidden folder (a desktop's .Trash, .git) are not the folder's."""
        found = {}
        for folder in self._present():
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
        """Take in what is new or changed and settled, then act on what is gone (a file missing
        at two looks in a row, from a folder that is there: a move is taken as a move). A look
        that fails (the database busy, a disk error) says so in a "failed" event; the next goes on."""
        try:
            return self._look()
        except (OSError, sqlite3.Error, BayeganError) as e:
            return [WatchEvent(", ".join(map(str, self.folders)), "failed", str(e))]

    def _look(self) -> list[WatchEvent]:
        known = self.archive.watched_files()
        present = self._present()
        now = self.files()
        events: list[WatchEvent] = []
        waiting: dict[str, tuple[int, float]] = {}
        for path, (size, mtime) in now.items():
            old = known.get(path)
            if old is not None and not old.gone and (old.size, old.mtime) == (size, mtime):
                continue
            if self._last_look.get(path) != (size, mtime):
                waiting[path] = (size, mtime)
                if path in self._last_look:  # still growing since the last look: say so once it moves
                    events.append(WatchEvent(path, "waiting"))
                continue
            events.append(self._take(path, size, mtime, old))
        self._last_look = waiting
        known = self.archive.watched_files()  # what the files taken just now hold
        missing = {path for path, old in known.items()
                   if path not in now and not old.gone and any(Path(path).is_relative_to(f) for f in present)
                   and not Path(path).exists()}
        for path in sorted(missing & self._missing):  # missing twice: gone, unless moved
            events.append(self._deleted(known[path], known))
        self._missing = missing - self._missing
        return events

    def run(self, on_event: Callable[[WatchEvent], None], stop: threading.Event | None = None,
            once: bool = False, settle: float = 2.0) -> None:
        """Look every `interval` seconds until `stop` is set (or twice, `settle` seconds apart, with
        `once`)."""
        stop = stop or threading.Event()
        for event in self.look():
            on_event(event)
        if once:
            if self._last_look or self._missing:
                time.sleep(settle)
                for event in self.look():
                    on_event(event)
            return
        while not stop.wait(self.interval):
            for event in self.look():
                on_event(event)

    def _take(self, path: str, size: int, mtime: float, old: WatchedFile | None) -> WatchEvent:
        [result] = self.archive.add_paths([path], source=self.source) or [None]
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

    def _deleted(self, old: WatchedFile, known: dict[str, WatchedFile]) -> WatchEvent:
        elsewhere = [f for f in known.values() if f.file_id and f.file_id == old.file_id and f.path != old.path
                     and not f.gone]
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
            self._drop(old.file_id, old.path, known)
        return WatchEvent(old.path, "removed")

    def _drop(self, file_id: str, path: str, known: dict[str, WatchedFile] | None = None) -> None:
        """Remove a file's articles, unless another watched file holds the same content."""
        known = known if known is not None else self.archive.watched_files()
        if any(f.file_id == file_id and f.path != path and not f.gone for f in known.values()):
            return
        try:
            self.archive.remove(file_id)
        except NotInArchive:  # removed by hand already
            pass
