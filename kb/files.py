"""Files on their way into the archive: what kind of file it is, whether it is already there,
and its Document; or why it was rejected. Nothing here writes to the archive.
"""

from __future__ import annotations

import errno
import hashlib
import logging
import os
import uuid
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

import ingest
from ingest import Document, Page
from ingest.alphabet import persian_digits
from ingest.errors import IngestError

from .catalogue import DocumentInfo
from .chunking import Chunk

log = logging.getLogger(__name__)
INGESTIBLE = (".pdf", ".txt", ".html", ".htm")
TEXT_SUFFIXES = (".txt", ".html", ".htm", ".md")
PageProgress = Callable[[str, int, int], None]  # (file, pages done, pages in file)


class AddStatus(StrEnum):
    ADDED = "added"
    DUPLICATE = "duplicate"  # already in the archive (same bytes, same text)
    REJECTED = "rejected"  # not added; `AddResult.message` says why


@dataclass
class ArticleAdded:
    """One article of an added file: the archive document it became."""

    doc_id: str
    title: str
    pages: list[int] = field(default_factory=list)
    chunks: int = 0


@dataclass
class AddResult:
    """What happened to one file: added, already in the archive (duplicate), or rejected and why.
    An added newspaper issue lists its articles, each an archive document of its own (`doc_id` is
    then the issue's: removing it removes them all)."""

    path: str
    status: AddStatus
    doc_id: str = ""
    title: str = ""
    message: str = ""
    pages: int = 0
    chunks: int = 0
    figures: int = 0
    needs_ocr: tuple[int, ...] = ()
    articles: list[ArticleAdded] = field(default_factory=list)
    persian: str = ""  # `message` as the app shows it

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["status"] = self.status.value
        return d


@dataclass
class ReadFile:
    """A file read and ready to store: its Document, its id (a hash of its bytes or text), what
    kind of source it was, and its bytes when the original is kept (PDFs: citations open them)."""

    doc: Document
    doc_id: str
    kind: str  # pdf, text, html
    label: str  # the path as the user gave it
    original: bytes | None = None

    def articles(self) -> list[tuple[str, int, Document]]:
        """(document id, place in the file, Document) of each article the file holds. A file of
        one article is one document with the file's own id; a newspaper issue's articles are
        documents `<file id>-01`, `-02`… each holding only its own blocks, on their pages."""
        found = self.doc.articles
        if len(found) <= 1:
            return [(self.doc_id, 0, self.doc)]
        out = []
        for n, article in enumerate(found, 1):
            pages = []
            for page in self.doc.pages:
                blocks = [b for b in article.blocks if b.page == page.number]
                if blocks:
                    pages.append(Page(page.number, page.width, page.height, blocks, page.needs_ocr, page.ocr))
            out.append((f"{self.doc_id}-{n:02d}", n,
                        Document(self.doc.path, article.title, pages, metadata=dict(self.doc.metadata))))
        return out

    def entry(self, doc_id: str, number: int, doc: Document, chunks: list[Chunk]) -> DocumentInfo:
        """An article's catalogue entry: the paper and the date its masthead prints stand for the
        source and date the user did not give."""
        source = doc.metadata.get("source") or doc.metadata.get("paper", "")
        return DocumentInfo(doc_id, doc.title, source, doc.metadata.get("date", ""), self.label, self.kind,
                            len(self.doc.pages), sum(len(c.figures) for c in chunks), len(chunks), 0.0,
                            doc.pages_needing_ocr, issue=self.doc_id, article=number)

    def added(self, articles: list[ArticleAdded]) -> AddResult:
        return AddResult(self.label, AddStatus.ADDED, self.doc_id, self.doc.title, pages=len(self.doc.pages),
                         chunks=sum(a.chunks for a in articles), figures=sum(len(b.figures) for b in self.doc.blocks),
                         needs_ocr=tuple(self.doc.pages_needing_ocr), articles=articles)


def content_id(data: bytes) -> str:
    """A document's id: the same bytes are the same document."""
    return hashlib.sha256(data).hexdigest()[:16]


def expand(paths: Iterable[str | os.PathLike]) -> Iterator[Path]:
    """Files as given, and the ingestible files inside folders (sorted)."""
    for p in paths:
        p = Path(p)
        if p.is_dir():
            yield from sorted(q for q in p.rglob("*") if q.is_file() and q.suffix.lower() in INGESTIBLE)
        else:
            yield p


ALREADY_IN_ARCHIVE = "از قبل در بایگانی است"
_OS_REASONS = {errno.ENOENT: "پیدا نشد", errno.EACCES: "اجازهٔ خواندنش نیست", errno.EISDIR: "پوشه است، نه پرونده",
               errno.EIO: "دیسک خطا داد"}


def read_file(path: Path, *, max_mb: int, is_known: Callable[[str], str | None], password: str | None = None,
              title: str = "", source: str = "", date: str = "", name: str = "",
              progress: PageProgress | None = None) -> AddResult | ReadFile:
    """Read one file into a Document, or say why not. `is_known(file_id)` gives the title under
    which the file is already in the archive (None when it is not): such a file is not read again.
    `name`: what the user calls the file (an upload saved under a generated name), shown and
    stored in place of its path."""
    label = name or str(path)
    try:
        size = path.stat().st_size
    except OSError as e:
        return AddResult(label, AddStatus.REJECTED, message=f"cannot read the file: {e.strerror or e}",
                         persian=f"پرونده خوانده نشد: {_OS_REASONS.get(e.errno, 'سیستم اجازه نداد')}.")
    if size > max_mb * 1024 * 1024:
        return AddResult(label, AddStatus.REJECTED, message=f"the file is {size / 2**20:.0f} MB, over the "
                         f"{max_mb} MB limit (BAYEGAN_MAX_UPLOAD_MB)",
                         persian=f"پرونده {persian_digits(round(size / 2**20))} مگابایت است، بیش از سقف "
                         f"{persian_digits(max_mb)} مگابایت (BAYEGAN_MAX_UPLOAD_MB)")
    data = path.read_bytes()
    doc_id = content_id(data)
    known = is_known(doc_id)
    if known is not None:
        return AddResult(label, AddStatus.DUPLICATE, doc_id, known, "already in the archive",
                         persian=ALREADY_IN_ARCHIVE)
    suffix = path.suffix.lower()
    is_pdf = suffix == ".pdf" or data.startswith(b"%PDF")
    if not is_pdf and suffix not in TEXT_SUFFIXES:
        return AddResult(label, AddStatus.REJECTED, message="not a PDF, .txt or .html file: Bayegan reads those",
                         persian="بایگان فقط PDF و پروندهٔ ‎.txt‎ یا ‎.html‎ را می‌خواند.")
    try:
        if is_pdf:
            on_page = (lambda done, total: progress(label, done, total)) if progress else None
            doc = ingest.extract_pdf(path, password=password, on_page=on_page)
            if title:
                doc.title = title
            doc.metadata.update({k: v for k, v in (("source", source), ("date", date)) if v})
            kind = "pdf"
        else:
            text = data.decode("utf-8-sig", errors="replace")
            doc = ingest.extract_text_document(text, title=title, source=source, date=date, path=label,
                                               is_html=suffix in (".html", ".htm") or None)
            kind = "html" if suffix in (".html", ".htm") else "text"
            if progress:
                progress(label, 1, 1)
    except IngestError as e:
        return AddResult(label, AddStatus.REJECTED, message=str(e).replace(str(path), label),
                         persian=e.persian.replace(str(path), label))
    except Exception as e:  # a reader bug on a strange file must not cost the rest of the batch
        log.exception("reading %s failed", label)
        return AddResult(label, AddStatus.REJECTED, message=f"the file could not be read ({e.__class__.__name__}: "
                         f"{str(e)[:200]}); nothing was added",
                         persian="پرونده خوانده نشد و چیزی از آن افزوده نشد (جزئیات در گزارش برنامه).")
    if not doc.text.strip():
        return AddResult(label, AddStatus.REJECTED, doc_id, doc.title, persian="در این پرونده متنی پیدا نشد: صفحه‌هایش خالی است.",
                         message="no text found in the file: its pages are "
                         "blank", needs_ocr=tuple(doc.pages_needing_ocr))
    return ReadFile(doc, doc_id, kind, label, data if kind == "pdf" else None)


def write_atomically(path: Path, data: bytes) -> None:
    """A temporary file beside the target, then a rename: never half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


@dataclass
class TextItem:
    """A text to add, with what is known of it (a feed's item: its page's article, title, source,
    date and address)."""

    text: str
    title: str = ""
    source: str = ""
    date: str = ""
    path: str = ""
    is_html: bool | None = None


def read_text(text: str, *, title: str = "", source: str = "", date: str = "", path: str = "",
              is_html: bool | None = None) -> ReadFile:
    """Pasted text, a web article or a text file's content as a Document (same repair, chunks
    and figures as PDF text); its id is a hash of the text."""
    doc = ingest.extract_text_document(text, title=title, source=source, date=date, path=path, is_html=is_html)
    kind = "html" if (is_html or path.lower().endswith((".html", ".htm"))) else "text"
    return ReadFile(doc, content_id(text.encode("utf-8")), kind, path or title or "text")
