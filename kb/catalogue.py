"""The archive's catalogue: documents, their clean text, chunks and figures, in one SQLite file.

This is the archive's source of truth: the vector store and the BM25 index can always be
rebuilt from it. A document is written with status "adding" and becomes "ready" only when its
vectors and index entries are stored too; readers only ever see "ready" documents.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

from .errors import ArchiveTooNew

SCHEMA_VERSION = 2  # 1 → 2: documents.ocr_pages (pages read by OCR and Tesseract's confidence)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS documents (
    id TEXT PRIMARY KEY, status TEXT NOT NULL, title TEXT, source TEXT, date TEXT, date_num INTEGER,
    path TEXT, kind TEXT, pages INTEGER, needs_ocr TEXT, figures INTEGER, chunks INTEGER,
    added_at REAL, text TEXT, blocks TEXT, ocr_pages TEXT
);
CREATE TABLE IF NOT EXISTS chunks (
    id TEXT PRIMARY KEY, doc_id TEXT NOT NULL, seq INTEGER, page INTEGER, kind TEXT,
    start INTEGER, "end" INTEGER, text TEXT, bboxes TEXT, figures TEXT, tokens TEXT
);
CREATE INDEX IF NOT EXISTS chunks_doc ON chunks (doc_id);
"""


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

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


_DOC_COLUMNS = "id, title, source, date, path, kind, pages, figures, chunks, added_at, needs_ocr, ocr_pages"


def _info(row: tuple) -> DocumentInfo:
    *rest, needs_ocr, ocr_pages = row
    return DocumentInfo(*rest, needs_ocr=json.loads(needs_ocr or "[]"),
                        ocr_pages={int(p): c for p, c in json.loads(ocr_pages or "{}").items()})


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


# layout N → N+1, each in one transaction: an archive is never left half-migrated
MIGRATIONS = {1: _to_2}


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
            self.set_meta("schema_version", str(SCHEMA_VERSION))
            return
        self._db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)")
        version = int(self.get_meta("schema_version") or 1)  # layout 1 predates the marker's checks
        if version > SCHEMA_VERSION:
            raise ArchiveTooNew(f"the archive at {self.path.parent} was written by a newer Bayegan (layout "
                                f"{version}; this one reads up to {SCHEMA_VERSION}): upgrade Bayegan "
                                "(pip install -U bayegan) to open it")
        while version < SCHEMA_VERSION:
            with self.transaction() as db:
                MIGRATIONS[version](db)
                version += 1
                db.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", (str(version),))
        self._db.executescript(_SCHEMA)  # indexes and tables a layout may lack

    def transaction(self):
        return _Transaction(self)

    def get_meta(self, key: str) -> str | None:
        row = self._db.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        self._db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    def status(self, doc_id: str) -> str | None:
        row = self._db.execute("SELECT status FROM documents WHERE id=?", (doc_id,)).fetchone()
        return row[0] if row else None

    def add_document(self, doc_id: str, meta: dict[str, Any], text: str, blocks: list[dict],
                     chunks: list[dict[str, Any]]) -> None:
        """Write a document and its chunks with status "adding" (invisible to readers)."""
        with self.transaction() as db:
            db.execute("DELETE FROM chunks WHERE doc_id=?", (doc_id,))
            db.execute("DELETE FROM documents WHERE id=?", (doc_id,))
            db.execute("INSERT INTO documents (id, status, title, source, date, date_num, path, kind, pages, "
                       "needs_ocr, figures, chunks, added_at, text, blocks, ocr_pages) "
                       "VALUES (?, 'adding', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                       (doc_id, meta["title"], meta["source"], meta["date"], meta["date_num"], meta["path"],
                        meta["kind"], meta["pages"], json.dumps(meta["needs_ocr"]), meta["figures"],
                        len(chunks), time.time(), text, json.dumps(blocks, ensure_ascii=False),
                        json.dumps(ocr_pages_of(blocks))))
            db.executemany('INSERT INTO chunks VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
                           [(c["id"], doc_id, c["seq"], c["page"], c["kind"], c["start"], c["end"], c["text"],
                             json.dumps(c["bboxes"]), json.dumps(c["figures"], ensure_ascii=False),
                             " ".join(c["tokens"])) for c in chunks])

    def mark_ready(self, doc_ids: list[str]) -> None:
        with self.transaction() as db:
            db.executemany("UPDATE documents SET status='ready' WHERE id=?", [(d,) for d in doc_ids])

    def delete_document(self, doc_id: str) -> None:
        with self.transaction() as db:
            db.execute("DELETE FROM chunks WHERE doc_id=?", (doc_id,))
            db.execute("DELETE FROM documents WHERE id=?", (doc_id,))

    def unfinished(self) -> list[str]:
        return [r[0] for r in self._db.execute("SELECT id FROM documents WHERE status='adding'")]

    def documents(self) -> list[DocumentInfo]:
        rows = self._db.execute(f"SELECT {_DOC_COLUMNS} FROM documents WHERE status='ready' "
                                "ORDER BY added_at").fetchall()
        return [_info(r) for r in rows]

    def document(self, doc_id: str) -> DocumentInfo | None:
        row = self._db.execute(f"SELECT {_DOC_COLUMNS} FROM documents WHERE id=? AND status='ready'",
                               (doc_id,)).fetchone()
        return _info(row) if row else None

    def document_text(self, doc_id: str) -> tuple[str, list[dict]]:
        row = self._db.execute("SELECT text, blocks FROM documents WHERE id=?", (doc_id,)).fetchone()
        return (row[0], json.loads(row[1])) if row else ("", [])

    def ready_count(self) -> int:
        return self._db.execute("SELECT COUNT(*) FROM documents WHERE status='ready'").fetchone()[0]

    def chunk_rows(self, ids: list[str]) -> dict[str, dict[str, Any]]:
        """Chunks by id with their document's title, date and source; ready documents only."""
        out: dict[str, dict[str, Any]] = {}
        for i in range(0, len(ids), 500):
            part = ids[i:i + 500]
            rows = self._db.execute(
                'SELECT c.id, c.doc_id, c.seq, c.page, c.kind, c.start, c."end", c.text, c.bboxes, c.figures, '
                "d.title, d.date, d.source FROM chunks c JOIN documents d ON d.id = c.doc_id "
                f"WHERE d.status='ready' AND c.id IN ({','.join('?' * len(part))})", part).fetchall()
            for r in rows:
                out[r[0]] = {"id": r[0], "doc_id": r[1], "seq": r[2], "page": r[3], "kind": r[4], "start": r[5],
                             "end": r[6], "text": r[7], "bboxes": json.loads(r[8]), "figures": json.loads(r[9]),
                             "title": r[10], "date": r[11], "source": r[12]}
        return out

    def chunk_ids(self, where: str = "", params: tuple = ()) -> list[str]:
        sql = "SELECT c.id FROM chunks c JOIN documents d ON d.id = c.doc_id WHERE d.status='ready'"
        return [r[0] for r in self._db.execute(sql + (f" AND {where}" if where else ""), params)]

    def all_tokens(self) -> Iterator[tuple[str, list[str]]]:
        """Every chunk's tokens (documents being added included: the index is built before
        they are marked ready), in a stable order."""
        for cid, tokens in self._db.execute("SELECT id, tokens FROM chunks ORDER BY doc_id, seq"):
            yield cid, tokens.split(" ") if tokens else []

    def chunks_of(self, doc_id: str) -> list[dict[str, Any]]:
        rows = self._db.execute('SELECT id, page, kind, text FROM chunks WHERE doc_id=? ORDER BY seq',
                                (doc_id,)).fetchall()
        return [{"id": r[0], "page": r[1], "kind": r[2], "text": r[3]} for r in rows]

    def all_chunks(self) -> Iterator[tuple[str, str, str, int, str, int, str, str]]:
        """(chunk id, doc id, kind, page, text, date_num, source, title) of every ready chunk."""
        yield from self._db.execute(
            "SELECT c.id, c.doc_id, c.kind, c.page, c.text, d.date_num, d.source, d.title FROM chunks c "
            "JOIN documents d ON d.id = c.doc_id WHERE d.status='ready' ORDER BY c.doc_id, c.seq")

    def close(self) -> None:
        self._db.close()


class _Transaction:
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
