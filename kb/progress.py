"""How far a long ingest has got: files and pages done, pages a minute, and the time left.

A backfill of years of issues runs for hours; the person who started it wants to know when it
ends. The pages are counted before anything is read (a PDF's page count is read from its page
tree, milliseconds a file), and the rate is measured over the pages *finished* (read, embedded
and indexed), so the estimate includes every stage, not only reading.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Sequence

MIN_SECONDS_FOR_A_RATE = 5.0  # before this, a rate is mostly start-up (models loading): none shown


@dataclass
class IngestProgress:
    """One report of an ingest: what is being done now, and the whole run so far."""

    file: str  # the file being read (its name as the user knows it)
    page: int  # pages of it read so far
    pages_in_file: int
    files_done: int  # files finished (added, already there or rejected)
    files_total: int
    pages_done: int  # pages of finished files
    pages_total: int
    seconds: float  # since the ingest started
    stage: str = "reading"  # "reading" a file, or "storing" the files read (embedding, indexing)
    storing: int = 0  # files being stored
    pages_read: int = 0  # pages of files read, stored or not (the bar moves as they are read)

    @property
    def pages_per_minute(self) -> float | None:
        if self.seconds < MIN_SECONDS_FOR_A_RATE or self.pages_done == 0:
            return None
        return 60 * self.pages_done / self.seconds

    @property
    def seconds_left(self) -> float | None:
        rate = self.pages_per_minute
        if rate is None:
            return None
        return 60 * max(0, self.pages_total - self.pages_done) / rate

    @property
    def share(self) -> float:
        """0…1 of the whole ingest by pages read (the current file's as they are read); the
        estimate of time left comes from the pages finished, storing included."""
        if self.pages_total <= 0:
            return 0.0
        current = self.page if self.stage == "reading" else 0
        return min(1.0, (max(self.pages_read, self.pages_done) + current) / self.pages_total)


Progress = Callable[[IngestProgress], None]


def page_count(path: Path) -> int:
    """A file's pages without reading them: a PDF's page tree, 1 for a text file or a PDF that
    cannot be opened without its password (it is counted again when read)."""
    if path.suffix.lower() != ".pdf":
        return 1
    try:
        import pypdfium2

        document = pypdfium2.PdfDocument(str(path))
        try:
            return max(1, len(document))
        finally:
            document.close()
    except Exception:  # encrypted, damaged, not a PDF at all: read_file will say what
        return 1


class IngestMeter:
    """Keeps the counts of one ingest and makes its reports."""

    def __init__(self, paths: Sequence[Path], report: Progress | None) -> None:
        self._report = report
        self._pages = [page_count(p) for p in paths] if report else [1] * len(paths)
        self._start = time.monotonic()
        self.files_total = len(paths)
        self.pages_total = sum(self._pages)
        self.files_done = 0
        self.pages_done = 0
        self._waiting_pages = 0  # read, not yet stored

    def reading(self, i: int, label: str, page: int, pages_in_file: int) -> None:
        """Page `page` of the `i`-th file is read."""
        if self._report is None:
            return
        if pages_in_file != self._pages[i]:  # the count was a guess (a password)
            self.pages_total += pages_in_file - self._pages[i]
            self._pages[i] = pages_in_file
        self._send(label, page, pages_in_file, "reading")

    def read(self, i: int, stored_later: bool) -> None:
        """The `i`-th file is finished reading: done now (rejected, already there), or once stored."""
        pages = self._pages[i]
        if stored_later:
            self._waiting_pages += pages
        else:
            self.files_done += 1
            self.pages_done += pages

    def storing(self, files: int) -> None:
        if self._report is not None:
            self._send("", 0, 0, "storing", files)

    def stored(self, files: int) -> None:
        self.files_done += files
        self.pages_done += self._waiting_pages
        self._waiting_pages = 0

    def _send(self, label: str, page: int, pages_in_file: int, stage: str, storing: int = 0) -> None:
        self._report(IngestProgress(label, page, pages_in_file, self.files_done, self.files_total, self.pages_done,
                                    self.pages_total, time.monotonic() - self._start, stage,
                                    storing, self.pages_done + self._waiting_pages))  # type: ignore[misc]
