"""The archive's write lock: one writer at a time, across processes, and a mark that tells the
next writer when the last one was cut short (killed, or failed half-way).

    with WriteLock(folder, is_stored) as lock:
        if lock.after_a_crash:
            lock.remove_orphan_files()
        …write…
        lock.finished()
"""

from __future__ import annotations

import fcntl
from pathlib import Path
from typing import Callable


class WriteLock:
    """An exclusive `flock` on `folder/.lock` (other writers wait), and `folder/.writing`,
    present while a write runs: found at the start of the next one, it says that one was cut
    short. `is_stored(doc_id)` says whether the catalogue has a document (of any status)."""

    def __init__(self, folder: Path, is_stored: Callable[[str], bool]) -> None:
        self.folder = folder
        self._is_stored = is_stored
        self._marker = folder / ".writing"
        self.after_a_crash = False

    def __enter__(self) -> "WriteLock":
        self._file = open(self.folder / ".lock", "a+")
        fcntl.flock(self._file, fcntl.LOCK_EX)
        self.after_a_crash = self._marker.exists()
        self._marker.touch()
        return self

    def finished(self) -> None:
        """The write completed: the next writer has nothing of ours to clean."""
        self._marker.unlink(missing_ok=True)

    def remove_orphan_files(self) -> None:
        """Originals and temporary files a cut-short writer left without a catalogue entry
        (looked for only after a crash: it reads the whole files/ folder)."""
        files = self.folder / "files"
        if not files.is_dir():
            return
        for f in files.iterdir():
            if f.name.startswith(".") and f.name.endswith(".tmp"):
                f.unlink(missing_ok=True)
            elif f.suffix == ".pdf" and not self._is_stored(f.stem):
                f.unlink(missing_ok=True)

    def __exit__(self, *exc) -> None:
        fcntl.flock(self._file, fcntl.LOCK_UN)
        self._file.close()
