"""The archive's catalogue: documents, their clean text, chunks and figures, in one SQLite file.

This is the archive's source of truth: the vector store and the BM25 index can always be
rebuilt from it. A document is written with status "adding" and becomes "ready" only when its
vectors and index entries are stored too; readers only ever see "ready" documents. Removing
marks it "removing" first: a writer killed in either state leaves a row that the next write
finds (`unfinished`) and deletes with its vectors and index entries. Every SQL statement of
the archive is in this module.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
import uuid
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any, Iterable, Iterator

from ingest import Figure

from .chunking import Chunk
from .dates import date_number
from .errors import ArchiveTooNew
from .query import Filters

# 1 → 2: documents.ocr_pages (pages read by OCR and Tesseract's confidence)
# 2 → 3: documents.issue and .article (a newspaper issue's file is many article documents)
# 3 → 4: figures' hedge direction; 4 → 5: documents.copy_of (the same story, kb/copies.py) and
# the watched table (files of watched folders, kb/watch.py), saved searches and their alerts (kb/alerts.py),
# news feeds and the items taken from them (kb/feeds.py)
SCHEMA_VERSION = 5

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS documents (
    id TEXT PRIMARY KEY, status TEXT NOT NULL, title TEXT, source TEXT, date TEXT, date_num INTEGER,
    path TEXT, kind TEXT, pages INTEGER, needs_ocr TEXT, figures INTEGER, chunks INTEGER,
    added_at REAL, text TEXT, blocks TEXT, ocr_pages TEXT, issue TEXT, article INTEGER DEFAULT 0,
    copy_of TEXT DEFAULT ''
);
CREATE TABLE IF NOT EXISTS chunks (
    id TEXT PRIMARY KEY, doc_id TEXT NOT NULL, seq INTEGER, page INTEGER, kind TEXT,
    start INTEGER, "end" INTEGER, text TEXT, bboxes TEXT, figures TEXT, tokens TEXT
);
CREATE INDEX IF NOT EXISTS chunks_doc ON chunks (doc_id);
CREATE INDEX IF NOT EXISTS documents_issue ON documents (issue);
CREATE INDEX IF NOT EXISTS documents_copy_of ON documents (copy_of);
CREATE TABLE IF NOT EXISTS watched (
    path TEXT PRIMARY KEY, size INTEGER, mtime REAL, file_id TEXT, gone INTEGER DEFAULT 0, seen_at REAL,
    owned INTEGER DEFAULT 0
);
CREATE TABLE IF NOT EXISTS saved_searches (
    name TEXT PRIMARY KEY, query TEXT NOT NULL, source TEXT, date_from TEXT, date_to TEXT, created REAL, seen_at REAL
);
CREATE TABLE IF NOT EXISTS feeds (
    url TEXT PRIMARY KEY, source TEXT, etag TEXT, modified TEXT, polled_at REAL, error TEXT, added_at REAL
);
CREATE TABLE IF NOT EXISTS feed_items (link TEXT PRIMARY KEY, feed TEXT, doc_id TEXT, fetched_at REAL);
CREATE TABLE IF NOT EXISTS alerts (
    search TEXT NOT NULL, doc_id TEXT NOT NULL, title TEXT, source TEXT, date TEXT, page INTEGER, snippet TEXT,
    relevance TEXT, found_at REAL, PRIMARY KEY (search, doc_id)
);
"""


class Status(StrEnum):
    """Where a document is in its life: only READY documents are ever shown."""

    ADDING = "adding"
    READY = "ready"
    REMOVING = "removing"


@dataclass
class DocumentInfo:
    """A document in the archive, as the list and the app show it."""

    id: str
    title: str
    source: str
    date: str
    path: str
    kind: str  # pdf, text, html
    pages: int
    figures: int
    chunks: int
    added_at: float
    needs_ocr: list[int] = field(default_factory=list)
    ocr_pages: dict[int, float] = field(default_factory=dict)  # read by OCR → mean confidence (0–1)
    issue: str = ""  # the file it came from (its content id): a newspaper issue holds many articles
    article: int = 0  # its place among the issue's articles (1, 2, …); 0: the file is one article
    copy_of: str = ""  # the first-added document of the same story (kb/copies.py); "": none before it

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


_DOC_COLUMNS = ("id, title, source, date, path, kind, pages, figures, chunks, added_at, needs_ocr, ocr_pages, issue, "
                "article, copy_of")


@dataclass
class WatchedFile:
    """A file of a watched folder as last seen: its size and time (unchanged: not read again),
    the archive file it became ("": rejected), and whether it has since been deleted."""

    path: str
    size: int
    mtime: float
    file_id: str = ""
    gone: bool = False
    owned: bool = False  # the watch added its documents (it removes only those)


@dataclass
class SavedSearch:
    """A search a user follows: its name, words and filters, and when they last looked."""

    name: str
    query: str
    source: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    created: float = field(default_factory=time.time)
    seen_at: float = 0.0  # when the user last looked at its alerts

    @property
    def filters(self) -> Filters:
        return Filters(source=self.source or None, date_from=self.date_from or None, date_to=self.date_to or None)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Alert:
    """A new article a saved search found: which passage, how relevant, and when it was found."""

    search: str  # the saved search's name
    doc_id: str
    title: str
    source: str
    date: str
    page: int
    snippet: str
    relevance: str
    found_at: float
    new: bool = True  # found since the user last looked

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Feed:
    """A news feed (RSS or Atom) the archive follows, and how its last poll went."""

    url: str
    source: str = ""  # the name its articles are filed under ("": the feed's own title)
    etag: str = ""  # for a conditional GET: an unchanged feed is not downloaded again
    modified: str = ""
    polled_at: float = 0.0
    error: str = ""  # what went wrong at the last poll ("": it went well)
    added_at: float = field(default_factory=time.time)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class StoredChunk(Chunk):
    """A chunk as the catalogue keeps it, with what citing it needs from its document."""

    title: str = ""
    date: str = ""
    source: str = ""
    date_num: int = 0
    copy_of: str = ""

    @classmethod
    def of(cls, chunk: Chunk, info: DocumentInfo) -> "StoredChunk":
        return cls(**vars(chunk), title=info.title, date=info.date, source=info.source, date_num=date_number(info.date),
                   copy_of=info.copy_of)


def _info(row: tuple) -> DocumentInfo:
    *rest, needs_ocr, ocr_pages, issue, article, copy_of = row
    return DocumentInfo(*rest, needs_ocr=json.loads(needs_ocr or "[]"),
                        ocr_pages={int(p): c for p, c in json.loads(ocr_pages or "{}").items()},
                        issue=issue or rest[0], article=article or 0, copy_of=copy_of or "")


def ocr_pages_of(blocks: list[dict]) -> dict[int, float]:
    """Pages read by OCR → the mean confidence of their blocks."""
    pages: dict[int, list[float]] = {}
    for b in blocks:
        if b.get("ocr"):
            pages.setdefault(b["page"], []).append(b.get("confidence", 1.0))
    return {p: round(sum(c) / len(c), 3) for p, c in sorted(pages.items())}


def _to_2(db: sqlite3.Connection) -> None:
    db.execute("ALTER TABLE documents ADD COLUMN ocr_pages TEXT")
    for doc_id, blocks in db.execute("SELECT id, blocks FROM documents").fetchall():
        db.execute("UPDATE documents SET ocr_pages=? WHERE id=?",
                   (json.dumps(ocr_pages_of(json.loads(blocks or "[]"))), doc_id))


def _to_3(db: sqlite3.Connection) -> None:
    db.execute("ALTER TABLE documents ADD COLUMN issue TEXT")
    db.execute("ALTER TABLE documents ADD COLUMN article INTEGER DEFAULT 0")
    db.execute("UPDATE documents SET issue = id, article = 0")  # every older document was a whole file


def _to_4(db: sqlite3.Connection) -> None:
    """Figures say which way their hedge bounds them (`Figure.bound`): «بیش از ۲۲۴» is over 224,
    which the fact-checker needs to leave an exact «۲۲۴» unconfirmed."""
    from ingest.figures import hedge_before

    for chunk_id, text, figures in db.execute("SELECT id, text, figures FROM chunks").fetchall():
        found = json.loads(figures or "[]")
        for f in found:
            f.setdefault("bound", hedge_before(text, f["start"]) if f.get("approximate") else "")
        db.execute("UPDATE chunks SET figures=? WHERE id=?", (json.dumps(found, ensure_ascii=False), chunk_id))


def _to_5(db: sqlite3.Connection) -> None:
    """Copies of one story are grouped (kb/copies.py); an older archive's are found by `rebuild`.
    Watched folders remember their files (the table comes with the schema)."""
    db.execute("ALTER TABLE documents ADD COLUMN copy_of TEXT DEFAULT ''")


# layout N → N+1, each in one transaction: an archive is never left half-migrated
MIGRATIONS = {1: _to_2, 2: _to_3, 3: _to_4, 4: _to_5}


class Catalogue:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._db = sqlite3.connect(path, check_same_thread=False, timeout=60, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._lock = threading.RLock()
        with self._lock:
            self._migrate()

    def _migrate(self) -> None:
        """Create a new archive's tables, or bring an older layout up to this one."""
        exists = self._db.execute("SELECT name FROM sqlite_master WHERE name='documents'").fetchone()
        if not exists:
            self._db.executescript(_SCHEMA)
            self._set_meta("schema_version", str(SCHEMA_VERSION))
            return
        self._db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)")
        version = int(self._get_meta("schema_version") or 1)  # layout 1 predates the marker's checks
        if version > SCHEMA_VERSION:
            raise ArchiveTooNew(str(self.path.parent), version, SCHEMA_VERSION)
        while version < SCHEMA_VERSION:
            with self.transaction() as db:
                MIGRATIONS[version](db)
                version += 1
                db.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", (str(version),))
        self._db.executescript(_SCHEMA)  # indexes and tables a layout may lack
        watched = {r[1] for r in self._db.execute("PRAGMA table_info(watched)")}
        if "owned" not in watched:  # a layout-5 archive of a development build before the column
            self._db.execute("ALTER TABLE watched ADD COLUMN owned INTEGER DEFAULT 0")

    def transaction(self) -> "_Transaction":
        return _Transaction(self)

    # -- the archive's own facts ---------------------------------------------------------------
    def _get_meta(self, key: str) -> str | None:
        row = self._db.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return row[0] if row else None

    def _set_meta(self, key: str, value: str) -> None:
        self._db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    def archive_id(self) -> str:
        """The archive's own name (its vector collection is named after it), made once."""
        if self._get_meta("archive_id") is None:
            with self.transaction() as db:
                db.execute("INSERT OR IGNORE INTO meta VALUES ('archive_id', ?)", (uuid.uuid4().hex,))
        return self._get_meta("archive_id") or ""

    def version(self) -> int:
        """Bumped by every write (each one updates the BM25 index to it): readers compare it."""
        return int(self._get_meta("bm25_version") or 0)

    def set_version(self, version: int) -> None:
        self._set_meta("bm25_version", str(version))

    def embedded_with(self) -> list[str]:
        """The embedders whose vectors of every chunk are in the store."""
        rows = self._db.execute("SELECT key FROM meta WHERE key LIKE 'embedded:%'").fetchall()
        return sorted(r[0].split(":", 1)[1] for r in rows)

    def mark_embedded(self, embedder: str) -> None:
        self._set_meta(f"embedded:{embedder}", "1")

    # -- writing -----------------------------------------------------------------------------
    def issue_of(self, doc_id: str) -> str | None:
        """The file a document came from (whatever its status)."""
        row = self._db.execute("SELECT issue FROM documents WHERE id=?", (doc_id,)).fetchone()
        return (row[0] or doc_id) if row else None

    def status(self, doc_id: str) -> Status | None:
        row = self._db.execute("SELECT status FROM documents WHERE id=?", (doc_id,)).fetchone()
        return Status(row[0]) if row else None

    def add_document(self, info: DocumentInfo, text: str, blocks: list[dict], chunks: list[Chunk],
                     tokens: list[list[str]]) -> None:
        """Write a document and its chunks (with their index tokens) as ADDING: invisible to readers."""
        with self.transaction() as db:
            db.execute("DELETE FROM chunks WHERE doc_id=?", (info.id,))
            db.execute("DELETE FROM documents WHERE id=?", (info.id,))
            db.execute("INSERT INTO documents (id, status, title, source, date, date_num, path, kind, pages, "
                       "needs_ocr, figures, chunks, added_at, text, blocks, ocr_pages, issue, article) "
                       "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                       (info.id, Status.ADDING.value, info.title, info.source, info.date, date_number(info.date),
                        info.path, info.kind, info.pages, json.dumps(info.needs_ocr), info.figures, len(chunks),
                        info.added_at or time.time(), text, json.dumps(blocks, ensure_ascii=False),
                        json.dumps(ocr_pages_of(blocks)), info.issue or info.id, info.article))
            db.executemany('INSERT INTO chunks VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
                           [(c.id, info.id, c.seq, c.page, c.kind, c.start, c.end, c.text, json.dumps(c.bboxes),
                             json.dumps([f.to_dict() for f in c.figures], ensure_ascii=False), " ".join(t))
                            for c, t in zip(chunks, tokens)])

    def alerts_pending(self) -> list[str]:
        """Documents made visible whose saved-search alerts a killed writer may not have recorded."""
        return json.loads(self._get_meta("alerts_pending") or "[]")

    def set_alerts_pending(self, doc_ids: list[str]) -> None:
        self._set_meta("alerts_pending", json.dumps(doc_ids))

    def mark_ready(self, doc_ids: list[str]) -> None:
        self._set_status(doc_ids, Status.READY)

    def mark_removing(self, doc_id: str) -> None:
        """Hidden from readers at once; deleted by `delete_document`, or by the next write if
        this one is cut short."""
        self._set_status([doc_id], Status.REMOVING)

    def _set_status(self, doc_ids: list[str], status: Status) -> None:
        with self.transaction() as db:
            db.executemany("UPDATE documents SET status=? WHERE id=?", [(status.value, d) for d in doc_ids])

    def delete_document(self, doc_id: str) -> None:
        """Delete a document and its alerts (added again, it is news again); copies that pointed
        to it point to the first-added of them instead, which takes its alerts."""
        with self.transaction() as db:
            db.execute("DELETE FROM chunks WHERE doc_id=?", (doc_id,))
            db.execute("DELETE FROM documents WHERE id=?", (doc_id,))
            left = [r[0] for r in db.execute("SELECT id FROM documents WHERE copy_of=? ORDER BY added_at, issue, article",
                                             (doc_id,))]
            if left:
                db.execute("UPDATE documents SET copy_of='' WHERE id=?", (left[0],))
                db.execute("UPDATE documents SET copy_of=? WHERE copy_of=?", (left[0], doc_id))
                # the story's alerts stay: its next copy carries them (a copy was never news of its own)
                db.execute("UPDATE OR IGNORE alerts SET doc_id=? WHERE doc_id=?", (left[0], doc_id))
            db.execute("DELETE FROM alerts WHERE doc_id=?", (doc_id,))

    def first_of(self, doc_id: str) -> str:
        """The first-added document of a document's story (the document itself when it is first)."""
        row = self._db.execute("SELECT copy_of FROM documents WHERE id=?", (doc_id,)).fetchone()
        return (row[0] or doc_id) if row else doc_id

    def clear_copies(self) -> None:
        with self.transaction() as db:
            db.execute("UPDATE documents SET copy_of=''")

    def set_copy_of(self, doc_id: str, first: str) -> None:
        """Mark a document as a copy of the story `first` was added as ("": of none)."""
        with self.transaction() as db:
            db.execute("UPDATE documents SET copy_of=? WHERE id=?", (first, doc_id))

    def copies(self, doc_id: str) -> list[DocumentInfo]:
        """The other ready documents of a document's story, first-added first."""
        row = self._db.execute("SELECT copy_of FROM documents WHERE id=?", (doc_id,)).fetchone()
        if row is None:
            return []
        first = row[0] or doc_id
        rows = self._db.execute(f"SELECT {_DOC_COLUMNS} FROM documents WHERE (id=? OR copy_of=?) AND id<>? AND status=? "
                                "ORDER BY added_at, issue, article", (first, first, doc_id, Status.READY.value))
        return [_info(r) for r in rows]

    def unfinished(self) -> list[str]:
        """Documents a cut-short write left half-added or half-removed."""
        return [r[0] for r in self._db.execute("SELECT id FROM documents WHERE status IN (?, ?)",
                                               (Status.ADDING.value, Status.REMOVING.value))]

    def reindex(self, rows: Iterable[tuple[str, list[str], list[Figure]]]) -> None:
        """New index tokens and figures for chunks (chunk id, tokens, figures): after a change of
        the folding rules or of how figures are read."""
        with self.transaction() as db:
            db.executemany("UPDATE chunks SET tokens=?, figures=? WHERE id=?",
                           [(" ".join(t), json.dumps([f.to_dict() for f in figs], ensure_ascii=False), cid)
                            for cid, t, figs in rows])

    # -- watched folders (kb/watch.py) --------------------------------------------------------
    def watched_files(self) -> dict[str, WatchedFile]:
        """Every file a watched folder has shown, by path."""
        rows = self._db.execute("SELECT path, size, mtime, file_id, gone, owned FROM watched").fetchall()
        return {r[0]: WatchedFile(r[0], r[1], r[2], r[3] or "", bool(r[4]), bool(r[5])) for r in rows}

    def remember_file(self, f: WatchedFile) -> None:
        with self.transaction() as db:
            db.execute("INSERT OR REPLACE INTO watched VALUES (?, ?, ?, ?, ?, ?, ?)",
                       (f.path, f.size, f.mtime, f.file_id, int(f.gone), time.time(), int(f.owned)))

    def forget_file(self, path: str) -> None:
        with self.transaction() as db:
            db.execute("DELETE FROM watched WHERE path=?", (path,))

    # -- feeds (kb/feeds.py) ------------------------------------------------------------------
    def save_feed(self, feed: Feed) -> None:
        with self.transaction() as db:
            db.execute("INSERT OR REPLACE INTO feeds VALUES (?, ?, ?, ?, ?, ?, ?)",
                       (feed.url, feed.source, feed.etag, feed.modified, feed.polled_at, feed.error, feed.added_at))

    def feeds(self) -> list[Feed]:
        rows = self._db.execute("SELECT url, source, etag, modified, polled_at, error, added_at FROM feeds "
                                "ORDER BY added_at").fetchall()
        return [Feed(r[0], r[1] or "", r[2] or "", r[3] or "", r[4] or 0.0, r[5] or "", r[6] or 0.0) for r in rows]

    def forget_feed(self, url: str) -> bool:
        with self.transaction() as db:
            return db.execute("DELETE FROM feeds WHERE url=?", (url,)).rowcount > 0

    def feed_item_taken(self, link: str) -> bool:
        return self._db.execute("SELECT 1 FROM feed_items WHERE link=?", (link,)).fetchone() is not None

    def take_feed_item(self, link: str, feed: str, doc_id: str) -> None:
        with self.transaction() as db:
            db.execute("INSERT OR REPLACE INTO feed_items VALUES (?, ?, ?, ?)", (link, feed, doc_id, time.time()))

    # -- saved searches and alerts (kb/alerts.py) ---------------------------------------------
    def save_search(self, saved: SavedSearch) -> None:
        with self.transaction() as db:
            db.execute("INSERT OR REPLACE INTO saved_searches VALUES (?, ?, ?, ?, ?, ?, ?)",
                       (saved.name, saved.query, saved.source, saved.date_from, saved.date_to, saved.created,
                        saved.seen_at))

    def saved_searches(self) -> list[SavedSearch]:
        rows = self._db.execute("SELECT name, query, source, date_from, date_to, created, seen_at FROM saved_searches "
                                "ORDER BY created").fetchall()
        return [SavedSearch(*r[:5], created=r[5] or 0.0, seen_at=r[6] or 0.0) for r in rows]

    def forget_search(self, name: str) -> bool:
        with self.transaction() as db:
            db.execute("DELETE FROM alerts WHERE search=?", (name,))
            return db.execute("DELETE FROM saved_searches WHERE name=?", (name,)).rowcount > 0

    def add_alerts(self, alerts: list[Alert]) -> None:
        """Record alerts; an article a search already alerted on keeps its first alert."""
        with self.transaction() as db:
            db.executemany("INSERT OR IGNORE INTO alerts VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                           [(a.search, a.doc_id, a.title, a.source, a.date, a.page, a.snippet, a.relevance, a.found_at)
                            for a in alerts])

    def alerts(self, name: str | None = None) -> list[Alert]:
        """Alerts (of one saved search, or all) whose article is still in the archive, newest first;
        `new` when found after the search's `seen_at`."""
        sql = ("SELECT a.search, a.doc_id, a.title, a.source, a.date, a.page, a.snippet, a.relevance, a.found_at, "
               "a.found_at > COALESCE(s.seen_at, 0) FROM alerts a JOIN saved_searches s ON s.name = a.search "
               "JOIN documents d ON d.id = a.doc_id AND d.status = ?")
        params: list[Any] = [Status.READY.value]
        if name is not None:
            sql += " WHERE a.search = ?"
            params.append(name)
        rows = self._db.execute(sql + " ORDER BY a.found_at DESC, a.rowid DESC", params).fetchall()
        return [Alert(*r[:9], new=bool(r[9])) for r in rows]

    def mark_seen(self, name: str | None, when: float) -> None:
        with self.transaction() as db:
            if name is None:
                db.execute("UPDATE saved_searches SET seen_at=?", (when,))
            else:
                db.execute("UPDATE saved_searches SET seen_at=? WHERE name=?", (when, name))

    # -- reading -----------------------------------------------------------------------------
    def documents(self) -> list[DocumentInfo]:
        rows = self._db.execute(f"SELECT {_DOC_COLUMNS} FROM documents WHERE status=? ORDER BY added_at, issue, article",
                                (Status.READY.value,)).fetchall()
        return [_info(r) for r in rows]

    def document(self, doc_id: str) -> DocumentInfo | None:
        row = self._db.execute(f"SELECT {_DOC_COLUMNS} FROM documents WHERE id=? AND status=?",
                               (doc_id, Status.READY.value)).fetchone()
        return _info(row) if row else None

    def issue_documents(self, issue: str, ready_only: bool = True) -> list[DocumentInfo]:
        """The documents (articles) that came from one file, in their order; with `ready_only`
        false, documents being added or removed count too (a file's original is kept while any is)."""
        where = "issue=? AND status=?" if ready_only else "issue=?"
        params = (issue, Status.READY.value) if ready_only else (issue,)
        rows = self._db.execute(f"SELECT {_DOC_COLUMNS} FROM documents WHERE {where} ORDER BY article, added_at",
                                params).fetchall()
        return [_info(r) for r in rows]

    def texts(self, doc_ids: list[str]) -> dict[str, str]:
        """Documents' clean texts by id (without their blocks: nothing to parse), whatever their status."""
        out: dict[str, str] = {}
        for i in range(0, len(doc_ids), 500):
            part = doc_ids[i:i + 500]
            out.update(self._db.execute(f"SELECT id, text FROM documents WHERE id IN ({','.join('?' * len(part))})",
                                        part).fetchall())
        return out

    def document_text(self, doc_id: str) -> tuple[str, list[dict]]:
        row = self._db.execute("SELECT text, blocks FROM documents WHERE id=?", (doc_id,)).fetchone()
        return (row[0], json.loads(row[1])) if row else ("", [])

    def chunk_count(self, doc_id: str) -> int:
        """A document's passages, whatever its status."""
        return self._db.execute("SELECT COUNT(*) FROM chunks WHERE doc_id=?", (doc_id,)).fetchone()[0]

    def ready_count(self) -> int:
        return self._db.execute("SELECT COUNT(*) FROM documents WHERE status=?", (Status.READY.value,)).fetchone()[0]

    def chunks_by_id(self, ids: list[str]) -> dict[str, StoredChunk]:
        """Chunks by id with their document's title, date and source; ready documents only."""
        out: dict[str, StoredChunk] = {}
        for i in range(0, len(ids), 500):
            part = ids[i:i + 500]
            rows = self._db.execute(f"{_CHUNK_SELECT} WHERE d.status=? AND c.id IN ({','.join('?' * len(part))})",
                                    [Status.READY.value, *part]).fetchall()
            out.update((r[0], _chunk(r)) for r in rows)
        return out

    def chunks_of(self, doc_id: str) -> list[StoredChunk]:
        """A ready document's chunks in reading order."""
        rows = self._db.execute(f"{_CHUNK_SELECT} WHERE d.status=? AND c.doc_id=? ORDER BY c.seq",
                                (Status.READY.value, doc_id)).fetchall()
        return [_chunk(r) for r in rows]

    def all_chunks(self) -> Iterator[StoredChunk]:
        """Every ready chunk, document by document."""
        for r in self._db.execute(f"{_CHUNK_SELECT} WHERE d.status=? ORDER BY c.doc_id, c.seq",
                                  (Status.READY.value,)):
            yield _chunk(r)

    def chunk_ids(self, filters: Filters) -> list[str]:
        """The ready chunks that pass the search filters."""
        conds, params = ["d.status = ?"], [Status.READY.value]
        for column, value in (("d.source", filters.source), ("c.doc_id", filters.doc_id), ("c.kind", filters.kind)):
            if value:
                conds.append(f"{column} = ?")
                params.append(value)
        if filters.date_from_num:
            conds.append("d.date_num >= ?")
            params.append(filters.date_from_num)
        if filters.date_to_num:
            conds.append("d.date_num <= ?")
            params.append(filters.date_to_num)
        sql = f"SELECT c.id FROM chunks c JOIN documents d ON d.id = c.doc_id WHERE {' AND '.join(conds)}"
        return [r[0] for r in self._db.execute(sql, params)]

    def all_tokens(self) -> Iterator[tuple[str, list[str]]]:
        """Every chunk's tokens (documents being added included: the index is built before
        they are marked ready), in a stable order."""
        for cid, tokens in self._db.execute("SELECT id, tokens FROM chunks ORDER BY doc_id, seq"):
            yield cid, tokens.split(" ") if tokens else []

    def close(self) -> None:
        self._db.close()


_CHUNK_SELECT = ('SELECT c.id, c.doc_id, c.seq, c.text, c.page, c.kind, c.start, c."end", c.bboxes, c.figures, '
                 "d.title, d.date, d.source, d.date_num, d.copy_of FROM chunks c JOIN documents d ON d.id = c.doc_id")


def _chunk(r: tuple) -> StoredChunk:
    return StoredChunk(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], [tuple(b) for b in json.loads(r[8])],
                       [Figure(**f) for f in json.loads(r[9])], r[10], r[11] or "", r[12] or "", r[13] or 0, r[14] or "")


class _Transaction:
    """BEGIN IMMEDIATE … COMMIT (ROLLBACK on an error), one thread at a time."""

    def __init__(self, cat: Catalogue) -> None:
        self.cat = cat

    def __enter__(self) -> sqlite3.Connection:
        self.cat._lock.acquire()
        self.cat._db.execute("BEGIN IMMEDIATE")
        return self.cat._db

    def __exit__(self, exc_type, exc, tb) -> None:
        try:
            self.cat._db.execute("ROLLBACK" if exc_type else "COMMIT")
        finally:
            self.cat._lock.release()
