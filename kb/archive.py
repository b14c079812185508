"""Archive: a folder of documents that can be searched, cited and kept safe.

    from kb import Archive
    archive = Archive("my-archive")
    archive.add_pdf("paper.pdf")            # AddResult(status="added", doc_id=…)
    archive.search("نرخ تورم", k=5)          # [Hit(title=…, page=…, snippet=…), …]

The folder holds the catalogue (`archive.db`: documents, clean text, chunks, figures), the
embedding cache (`embeddings.db`), the vector store (`chroma/`, unless a Chroma server is set)
and the BM25 index (`bm25/`). Every write happens under a file lock, one at a time; a document
becomes visible only when all of it is stored, and whatever a crash left half-done is cleaned
up by the next write.
"""

from __future__ import annotations

import fcntl
import logging
import hashlib
import os
import sqlite3
import tarfile
import tempfile
import uuid
from contextlib import contextmanager
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator

import numpy as np

import ingest
from ingest import Document
from ingest.errors import IngestError

from .catalogue import Catalogue, DocumentInfo
from .chunking import Chunk, chunk_document
from .config import Settings
from .dates import date_number, last_date_number
from .embedders import EmbeddingCache, Embedder, load_embedder
from .errors import ArchiveError, EmptyArchive, NotInArchive, WrongEmbedder
from .folding import index_tokens, query_tokens
from .lexical import LexicalIndex
from .search import CANDIDATES, DENSE_WEIGHTS, DENSE_WEIGHT, Hit, fuse, group_by_document, snippet
from .store import VectorStore

if TYPE_CHECKING:
    from .answer import Answer
    from .brief import Brief
    from .summary import Summary
    from .factcheck import Verdict
    from .generators import Generator

log = logging.getLogger(__name__)
INGESTIBLE = (".pdf", ".txt", ".html", ".htm")
TEXT_SUFFIXES = (".txt", ".html", ".htm", ".md")
Progress = Callable[[str, int, int], None]  # (file, pages done, pages in file)


@dataclass
class AddResult:
    """What happened to one file: added, already in the archive (duplicate), or rejected and why."""

    path: str
    status: str  # "added" | "duplicate" | "rejected"
    doc_id: str = ""
    title: str = ""
    message: str = ""
    pages: int = 0
    chunks: int = 0
    figures: int = 0
    needs_ocr: tuple[int, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


class Archive:
    """A searchable archive in a folder; see the module docstring."""

    def __init__(self, folder: str | os.PathLike | None = None, *, embedder: str | None = None,
                 chroma_url: str | None = None, settings: Settings | None = None) -> None:
        self.settings = settings or Settings.from_env(
            archive=Path(folder) if folder is not None else None, embedder=embedder, chroma_url=chroma_url)
        self.folder = Path(folder) if folder is not None else self.settings.archive
        self.folder.mkdir(parents=True, exist_ok=True)
        self._catalogue = Catalogue(self.folder / "archive.db")
        self._cache = EmbeddingCache(self.folder / "embeddings.db")
        self._lexical = LexicalIndex(self.folder)
        self._embedder: Embedder | None = None
        self._store: VectorStore | None = None
        if self._catalogue.get_meta("archive_id") is None:
            with self._catalogue.transaction() as db:
                db.execute("INSERT OR IGNORE INTO meta VALUES ('archive_id', ?)", (uuid.uuid4().hex,))

    # -- the parts, loaded when first needed ------------------------------------------------
    @property
    def embedder(self) -> Embedder:
        if self._embedder is None:
            self._embedder = load_embedder(self.settings)
        return self._embedder

    @property
    def store(self) -> VectorStore:
        if self._store is None:
            name = f"bayegan-{self._catalogue.get_meta('archive_id')[:12]}-{self.settings.embedder}"
            version = self._version()  # read before the store loads: a write in between means a reload
            self._store = VectorStore(self.folder / "chroma", name, self.settings.chroma_url)
            self._store.refresh(version)
        return self._store

    def close(self) -> None:
        self._catalogue.close()
        self._cache.close()

    def __enter__(self) -> "Archive":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- adding ------------------------------------------------------------------------------
    def add_pdf(self, path: str | os.PathLike, *, password: str | None = None, title: str = "",
                source: str = "", date: str = "", progress: Progress | None = None) -> AddResult:
        """Extract, repair, chunk, embed and index one PDF. The same file twice is one document."""
        return self.add_paths([path], password=password, title=title, source=source, date=date,
                              progress=progress)[0]

    def add_text(self, text: str, *, title: str = "", source: str = "", date: str = "", path: str = "",
                 is_html: bool | None = None) -> AddResult:
        """Add a web article, a .txt/.html file's content or pasted text: same repair, chunks and
        figures as PDF text. The same text twice is one document."""
        doc_id = _hash(text.encode("utf-8"))
        label = path or title or "text"
        if not text.strip():
            return AddResult(label, "rejected", message="the text is empty")
        with self._writing():  # checked under the lock: two writers of one text add it once
            if self._catalogue.status(doc_id) == "ready":
                return AddResult(label, "duplicate", doc_id, self._catalogue.document(doc_id).title,
                                 "already in the archive")
            doc = ingest.extract_text_document(text, title=title, source=source, date=date, path=path,
                                               is_html=is_html)
            kind = "html" if (is_html or path.lower().endswith((".html", ".htm"))) else "text"
            return self._store_documents([(doc, doc_id, kind, label)])[0]

    def add_paths(self, paths: Iterable[str | os.PathLike], *, password: str | None = None, title: str = "",
                  source: str = "", date: str = "", progress: Progress | None = None,
                  batch: int = 16) -> list[AddResult]:
        """Add files and folders (PDF, .txt, .html); a bad file is reported and the rest go on.

        Documents are made visible `batch` at a time (one index rebuild per batch)."""
        results: list[AddResult | None] = []
        pending: list[tuple[int, tuple[Document, str, str, str]]] = []

        def store() -> None:
            for (i, _), result in zip(pending, self._store_documents([item for _, item in pending])):
                results[i] = result
            pending.clear()

        with self._writing():
            for path in _expand(paths):
                result, item = self._read_file(path, password, title, source, date, progress)
                results.append(result if item is None else None)
                if item is None:
                    continue
                if any(p[1] == item[1] for _, p in pending):
                    results[-1] = AddResult(str(path), "duplicate", item[1], item[0].title,
                                            "the same file as another one in this batch")
                    continue
                pending.append((len(results) - 1, item))
                if len(pending) >= batch:
                    store()
            if pending:
                store()
        return [r for r in results if r is not None]

    def _read_file(self, path: Path, password: str | None, title: str, source: str, date: str,
                   progress: Progress | None) -> tuple[AddResult, tuple[Document, str, str, str] | None]:
        label = str(path)
        try:
            size = path.stat().st_size
        except OSError as e:
            return AddResult(label, "rejected", message=f"cannot read the file: {e.strerror or e}"), None
        limit = self.settings.max_upload_mb * 1024 * 1024
        if size > limit:
            return AddResult(label, "rejected", message=f"the file is {size / 2**20:.0f} MB, over the "
                             f"{self.settings.max_upload_mb} MB limit (BAYEGAN_MAX_UPLOAD_MB)"), None
        data = path.read_bytes()
        doc_id = _hash(data)
        if self._catalogue.status(doc_id) == "ready":
            info = self._catalogue.document(doc_id)
            return AddResult(label, "duplicate", doc_id, info.title if info else "", "already in the archive"), None
        suffix = path.suffix.lower()
        is_pdf = suffix == ".pdf" or data.startswith(b"%PDF")
        if not is_pdf and suffix not in TEXT_SUFFIXES:
            return AddResult(label, "rejected", message="not a PDF, .txt or .html file: Bayegan reads those"), None
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
            return AddResult(label, "rejected", message=str(e)), None
        except Exception as e:  # a reader bug on a strange file must not cost the rest of the batch
            log.exception("reading %s failed", label)
            return AddResult(label, "rejected", message=f"the file could not be read ({e.__class__.__name__}: "
                             f"{str(e)[:200]}); nothing was added"), None
        if not doc.text.strip():
            return AddResult(label, "rejected", doc_id, doc.title, "no text found in the file: its pages are blank",
                             needs_ocr=tuple(doc.pages_needing_ocr)), None
        if kind == "pdf":  # the original is kept: citations open its pages
            _write_atomically(self.folder / "files" / f"{doc_id}.pdf", data)
        return AddResult(label, "added"), (doc, doc_id, kind, label)

    def _store_documents(self, items: list[tuple[Document, str, str, str]]) -> list[AddResult]:
        """Write documents as "adding", embed and index them, then make them visible together."""
        results = []
        for doc, doc_id, kind, label in items:
            chunks = chunk_document(doc, doc_id)
            rows = [self._chunk_row(c, doc.title) for c in chunks]
            meta = {"title": doc.title, "source": doc.metadata.get("source", ""), "date": doc.metadata.get("date", ""),
                    "path": doc.path or label, "kind": kind, "pages": len(doc.pages), "needs_ocr": doc.pages_needing_ocr,
                    "figures": sum(len(c.figures) for c in chunks)}
            meta["date_num"] = date_number(meta["date"])
            blocks = [b.to_dict() for b in doc.blocks]
            self._catalogue.add_document(doc_id, meta, doc.text, blocks, rows)
            vectors = self._cache.embed(self.embedder, [embedding_text(doc.title, c.text) for c in chunks])
            self.store.add([c.id for c in chunks], vectors, [self._vector_meta(c, meta) for c in chunks])
            results.append(AddResult(label, "added", doc_id, doc.title, pages=len(doc.pages), chunks=len(chunks),
                                     figures=meta["figures"], needs_ocr=tuple(doc.pages_needing_ocr)))
        self._rebuild_lexical()
        self._catalogue.mark_ready([doc_id for _, doc_id, _, _ in items])
        return results

    @staticmethod
    def _chunk_row(c: Chunk, title: str) -> dict[str, Any]:
        row = c.to_dict()
        row["figures"] = [f.to_dict() for f in c.figures]
        row["tokens"] = index_tokens(title) + index_tokens(c.text)
        return row

    @staticmethod
    def _vector_meta(c: Chunk, meta: dict[str, Any]) -> dict[str, Any]:
        return {"doc_id": c.doc_id, "page": c.page, "kind": c.kind, "date_num": meta["date_num"],
                "source": meta["source"]}

    def _rebuild_lexical(self) -> None:
        version = self._version() + 1
        ids, tokens = [], []
        for cid, toks in self._catalogue.all_tokens():
            ids.append(cid)
            tokens.append(toks)
        self._lexical.rebuild(ids, tokens, version)
        self._catalogue.set_meta("bm25_version", str(version))

    # -- removing, rebuilding, cleaning up ---------------------------------------------------
    def remove(self, doc_id: str) -> DocumentInfo:
        """Remove a document: its text, chunks, vectors and BM25 entries all go."""
        with self._writing():
            info = self._catalogue.document(doc_id)
            if info is None:
                raise NotInArchive(doc_id)
            with self._catalogue.transaction() as db:
                db.execute("UPDATE documents SET status='removing' WHERE id=?", (doc_id,))
            self.store.delete_document(doc_id)
            self._catalogue.delete_document(doc_id)
            (self.folder / "files" / f"{doc_id}.pdf").unlink(missing_ok=True)
            self._rebuild_lexical()
        return info

    def rebuild(self, progress: Callable[[int, int], None] | None = None) -> int:
        """Re-embed every chunk into the vector store and rebuild the BM25 index from the
        catalogue's text (after a change of embedder or of folding rules). Returns the chunks."""
        with self._writing(rebuilding=True):
            rows = list(self._catalogue.all_chunks())
            with self._catalogue.transaction() as db:
                for cid, _doc, _kind, _page, text, _dn, _src, title in rows:
                    db.execute("UPDATE chunks SET tokens=? WHERE id=?",
                               (" ".join(index_tokens(title) + index_tokens(text)), cid))
            for i in range(0, len(rows), 256):
                part = rows[i:i + 256]
                vectors = self._cache.embed(self.embedder, [embedding_text(r[7], r[4]) for r in part])
                self.store.add([r[0] for r in part], vectors,
                               [{"doc_id": r[1], "page": r[3], "kind": r[2], "date_num": r[5], "source": r[6]}
                                for r in part])
                if progress:
                    progress(min(i + 256, len(rows)), len(rows))
            self._rebuild_lexical()
            self._catalogue.set_meta(f"embedded:{self.settings.embedder}", "1")
        return len(rows)

    # -- moving an archive -------------------------------------------------------------------
    def export(self, path: str | os.PathLike) -> Path:
        """The whole archive in one .tar file: catalogue, embeddings cache and original PDFs.

        Vectors and the BM25 index are not in it: `Archive.import_archive` rebuilds both from
        the catalogue and the cached embeddings (nothing is embedded again), into an embedded
        store or a Chroma server. Taken under the write lock: a consistent snapshot."""
        path = Path(path)
        tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.tmp")
        with self._writing(), tempfile.TemporaryDirectory() as snap, tarfile.open(tmp, "w") as tar:
            for name in ("archive.db", "embeddings.db"):
                src = sqlite3.connect(self.folder / name)
                dst = sqlite3.connect(Path(snap) / name)
                src.backup(dst)  # a consistent copy even while readers use the file
                dst.close()
                src.close()
                tar.add(Path(snap) / name, arcname=name)
            if (self.folder / "files").is_dir():
                tar.add(self.folder / "files", arcname="files")
        os.replace(tmp, path)
        return path

    @classmethod
    def import_archive(cls, path: str | os.PathLike, folder: str | os.PathLike, *,
                       progress: Callable[[int, int], None] | None = None, **options) -> "Archive":
        """A new archive in `folder` (which must be empty) from an `export` file, its vectors
        written to the store the settings name (embedded, or BAYEGAN_CHROMA_URL's server)."""
        folder = Path(folder)
        if folder.exists() and any(folder.iterdir()):
            raise ArchiveError(f"{folder} is not empty: import into a new folder")
        folder.mkdir(parents=True, exist_ok=True)
        with tarfile.open(path) as tar:
            members = [m for m in tar.getmembers() if m.name in ("archive.db", "embeddings.db")
                       or (m.name.startswith("files/") and m.isfile() and "/" not in m.name[6:]
                           and ".." not in m.name)]
            if not any(m.name == "archive.db" for m in members):
                raise ArchiveError(f"{path} is not a Bayegan export (no archive.db inside)")
            tar.extractall(folder, members=members)
        archive = cls(folder, **options)
        archive.rebuild(progress)
        return archive

    @contextmanager
    def _writing(self, rebuilding: bool = False) -> Iterator[None]:
        """One writer at a time (other processes wait); leftovers of a crashed writer go first."""
        unfinished = self.folder / ".writing"  # present while a write runs: left behind, it was cut short
        with open(self.folder / ".lock", "a+") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                self.store.refresh(self._version())  # what other processes wrote before us
                if unfinished.exists():
                    self._remove_orphan_files()
                unfinished.touch()
                self._clean_up()
                if not rebuilding and self._catalogue.get_meta(f"embedded:{self.settings.embedder}") is None:
                    raise WrongEmbedder(str(self.folder), self._built_with(), self.settings.embedder)
                yield
                unfinished.unlink()
            finally:
                self.store.wrote(self._version())
                fcntl.flock(lock, fcntl.LOCK_UN)

    def _version(self) -> int:
        """Bumped by every write (each one rebuilds the BM25 index): readers compare it."""
        return int(self._catalogue.get_meta("bm25_version") or 0)

    def _clean_up(self) -> None:
        leftovers = self._catalogue.unfinished()
        if not leftovers:
            if self._catalogue.get_meta(f"embedded:{self.settings.embedder}") is None and \
                    self._catalogue.ready_count() == 0:
                self._catalogue.set_meta(f"embedded:{self.settings.embedder}", "1")
            return
        for doc_id in leftovers:
            self.store.delete_document(doc_id)
            self._catalogue.delete_document(doc_id)
            (self.folder / "files" / f"{doc_id}.pdf").unlink(missing_ok=True)
        self._rebuild_lexical()

    def _remove_orphan_files(self) -> None:
        """Originals and temporary files a cut-short writer left without a catalogue entry
        (looked for only then: it reads the whole files/ folder)."""
        files = self.folder / "files"
        if not files.is_dir():
            return
        for f in files.iterdir():
            if f.name.startswith(".") and f.name.endswith(".tmp"):
                f.unlink(missing_ok=True)
            elif f.suffix == ".pdf" and self._catalogue.status(f.stem) is None:
                f.unlink(missing_ok=True)

    # -- reading -----------------------------------------------------------------------------
    def documents(self) -> list[DocumentInfo]:
        """Every document in the archive, oldest first."""
        return self._catalogue.documents()

    def document(self, doc_id: str) -> DocumentInfo:
        info = self._catalogue.document(doc_id)
        if info is None:
            raise NotInArchive(doc_id)
        return info

    def text(self, doc_id: str) -> str:
        """The document's clean text (what chunk and hit spans point into)."""
        self.document(doc_id)
        return self._catalogue.document_text(doc_id)[0]

    def blocks(self, doc_id: str) -> list[dict[str, Any]]:
        """The document's blocks (kind, text, page, bbox), for showing them on the page."""
        self.document(doc_id)
        return self._catalogue.document_text(doc_id)[1]

    def original(self, doc_id: str) -> Path | None:
        """The archived copy of the document's PDF (None for text and HTML sources)."""
        self.document(doc_id)
        path = self.folder / "files" / f"{doc_id}.pdf"
        return path if path.exists() else None

    def page_image(self, doc_id: str, page: int, scale: float = 1.5,
                   boxes: Iterable[tuple[float, float, float, float]] = (), highlight: Iterable = ()):
        """A page of the original PDF as a PIL image, with block boxes outlined and the cited
        passage's boxes filled (coordinates in PDF points, top-left origin, as in Block.bbox)."""
        import pypdfium2 as pdfium
        from PIL import ImageDraw

        path = self.original(doc_id)
        if path is None:
            raise NotInArchive(f"{doc_id} (no PDF: it came from text)")
        pdf = pdfium.PdfDocument(str(path))
        try:
            image = pdf[page - 1].render(scale=scale).to_pil().convert("RGB")
        finally:
            pdf.close()
        draw = ImageDraw.Draw(image, "RGBA")
        for x0, top, x1, bottom in boxes:
            draw.rectangle([x0 * scale, top * scale, x1 * scale, bottom * scale], outline=(30, 90, 200, 160), width=2)
        for x0, top, x1, bottom in highlight:
            draw.rectangle([x0 * scale, top * scale, x1 * scale, bottom * scale], fill=(255, 200, 0, 90),
                           outline=(220, 120, 0, 255), width=3)
        return image

    def ocr_pages(self, doc_id: str) -> dict[int, float]:
        """Pages read by OCR (no usable text layer) → Tesseract's mean confidence on them (0–1),
        so that readers know which text to trust less."""
        return self.document(doc_id).ocr_pages

    def chunks(self, doc_id: str) -> list[dict[str, Any]]:
        self.document(doc_id)
        return self._catalogue.chunks_of(doc_id)

    def search(self, query: str, k: int = 10, *, source: str | None = None, date_from: str | None = None,
               date_to: str | None = None, doc_id: str | None = None, kind: str | None = None,
               per_document: int = 1, mode: str = "hybrid", method: str = "scores",
               dense_weight: float | None = None, vector: np.ndarray | None = None) -> list[Hit]:
        """The best passages for a query (Persian or English), best first.

        Filters: `source`, `date_from`/`date_to` (either calendar), `doc_id`, `kind` (block kind).
        `per_document` hits per article at most (0 = no grouping). `mode` is "hybrid", "dense" or
        "lexical"; `method` "scores" (default) or "rrf". `vector`: the query's embedding, when
        the caller already has it.
        """
        want = max(CANDIDATES, k * (per_document or 1) * 3)
        found = self.candidates(query, want, source=source, date_from=date_from, date_to=date_to, doc_id=doc_id,
                                kind=kind, mode=mode, vector=vector)
        if dense_weight is None:
            dense_weight = DENSE_WEIGHTS.get(self.settings.embedder, DENSE_WEIGHT)
        return self.hits(query, fuse(*found, weight=dense_weight, method=method), k, per_document)

    def candidates(self, query: str, n: int = CANDIDATES, *, source: str | None = None,
                   date_from: str | None = None, date_to: str | None = None, doc_id: str | None = None,
                   kind: str | None = None, mode: str = "hybrid", vector: np.ndarray | None = None
                   ) -> tuple[list[tuple[str, float]], list[tuple[str, float]], float]:
        """Each retriever's `n` best chunks before fusion: (dense, lexical, lexical coverage)."""
        if self._catalogue.ready_count() == 0:
            raise EmptyArchive(str(self.folder))
        if mode != "lexical" and self._catalogue.get_meta(f"embedded:{self.settings.embedder}") is None:
            raise WrongEmbedder(str(self.folder), self._built_with(), self.settings.embedder)
        where, sql, params = _filters(source, date_from, date_to, doc_id, kind)
        dense: list[tuple[str, float]] = []
        lexical: list[tuple[str, float]] = []
        coverage = 0.0
        version = self._version()
        if mode in ("hybrid", "dense"):
            vector = self.embed_query(query) if vector is None else vector
            self.store.refresh(version)  # another process (an ingest beside the app) may have written
            dense = self.store.query(vector, n, where)
        if mode in ("hybrid", "lexical"):
            allowed = set(self._catalogue.chunk_ids(sql, params)) if sql else None
            lexical, coverage = self._lexical.search(query_tokens(query), n, version, allowed)
        return dense, lexical, coverage

    def answer(self, question: str, k: int = 6, *, generate: bool = True,
               on_token: Callable[[str], None] | None = None, **filters) -> "Answer":
        """The archive's answer to a question: quoted sentences with their pages, the answer
        span inside them, or an abstention when the archive does not say (kb/answer.py).

        When a generative model is configured (BAYEGAN_LLM_GGUF or BAYEGAN_LLM_URL) and
        `generate` is true, it writes the answer from the passages, streamed to `on_token`,
        and it is shown only if the verification gate finds all it states in them."""
        from .answer import answer

        generator = self.generator if generate else None
        return answer(self, question, k=k, generator=generator, on_token=on_token, **filters)

    @property
    def generator(self) -> "Generator | None":
        """The configured generative model, loaded once (None: answers are quoted only)."""
        from .generators import load_generator

        return load_generator(self.settings)

    def check(self, claim: str, lang: str | None = None) -> "Verdict":
        """Check a claim's figures (Persian or English) against the archive: supported,
        contradicted (with the source's value and sentence) or not found (kb/factcheck.py)."""
        from .factcheck import check

        return check(self, claim, lang)

    def brief(self, query: str | None = None, *, doc_ids: list[str] | None = None, date_from: str | None = None,
              date_to: str | None = None, sentences: int = 6) -> "Brief":
        """A cited summary of the articles a query finds (or of given documents, or of a date
        range), with their key figures and a timeline (kb/brief.py); `.to_markdown()` exports it."""
        from .brief import brief

        return brief(self, query, doc_ids, date_from, date_to, sentences)

    def summarize(self, doc_id: str, words: int | None = None) -> "Summary":
        """One article in about `words` words (a wire lead's length by default): its central,
        headline-near, early sentences, each with its page (kb/summary.py)."""
        from .summary import summarize

        return summarize(self, doc_id, words)

    @property
    def sentence_ranker(self) -> Embedder:
        """e5-small, which ranks sentences for answers and briefs whatever the archive searches
        with: it is ~4× faster (a question ranks ~40 sentences) and the answers' abstention
        threshold is calibrated on its scores."""
        return load_embedder(replace(self.settings, embedder="e5-small"))

    def sentence_vectors(self, sentences: list[str]) -> np.ndarray:
        """The sentence ranker's vectors, from the archive's cache where it has them."""
        return self._cache.embed(self.sentence_ranker, sentences)

    def embed_query(self, query: str) -> np.ndarray:
        """The query's vector. The query gets the same repair as the archive's text first (ي→ی,
        ك→ک, lost ZWNJ, kashida): the embedder, unlike BM25, sees spellings as different words."""
        return self.embedder.embed_query(ingest.repair_text(query, reflow=False))

    def hits(self, query: str, fused: list[tuple[str, float, float, float]], k: int, per_document: int = 1) -> list[Hit]:
        """Fused (chunk id, score, dense, lexical) → Hits with snippets, grouped by document."""
        rows = self._catalogue.chunk_rows([i for i, *_ in fused])
        hits = []
        for cid, score, d, lx in fused:
            row = rows.get(cid)
            if row is None:  # a document being added or removed right now
                continue
            hits.append(Hit(row["doc_id"], row["title"], row["text"], row["page"], score, cid, row["kind"],
                            row["date"], row["source"], "", [], [tuple(b) for b in row["bboxes"]],
                            row["start"], row["end"], row["figures"], d, lx))
        hits = group_by_document(hits, per_document)[:k]
        for h in hits:
            h.snippet, h.highlights = snippet(h.text, query)
        return hits

    def _built_with(self) -> str:
        built = [k.split(":", 1)[1] for k in ("embedded:gemma", "embedded:e5-small") if self._catalogue.get_meta(k)]
        return built[0] if built else "another"

    def stats(self) -> dict[str, Any]:
        """Size of the archive, for the app's sidebar and `bayegan docs`."""
        docs = self.documents()
        return {"folder": str(self.folder), "documents": len(docs), "pages": sum(d.pages for d in docs),
                "chunks": sum(d.chunks for d in docs), "figures": sum(d.figures for d in docs),
                "embedder": self.settings.embedder,
                "store": self.settings.chroma_url or "embedded"}


def embedding_text(title: str, text: str) -> str:
    """What is embedded for a chunk: its article's title gives the passage its context."""
    if title and not text.startswith(title):
        return f"{title}\n{text}"
    return text


def _write_atomically(path: Path, data: bytes) -> None:
    """A temporary file beside the target, then a rename: never half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def _hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:16]


def _expand(paths: Iterable[str | os.PathLike]) -> Iterator[Path]:
    for p in paths:
        p = Path(p)
        if p.is_dir():
            yield from sorted(q for q in p.rglob("*") if q.is_file() and q.suffix.lower() in INGESTIBLE)
        else:
            yield p


def _filters(source, date_from, date_to, doc_id, kind) -> tuple[dict | None, str, tuple]:
    """The same filters for Chroma (a where clause) and for the catalogue (SQL)."""
    conds, sql, params = [], [], []
    if source:
        conds.append({"source": source})
        sql.append("d.source = ?")
        params.append(source)
    if doc_id:
        conds.append({"doc_id": doc_id})
        sql.append("c.doc_id = ?")
        params.append(doc_id)
    if kind:
        conds.append({"kind": kind})
        sql.append("c.kind = ?")
        params.append(kind)
    for value, op, sql_op in ((date_from, "$gte", ">="), (date_to, "$lte", "<=")):
        if value:
            n = last_date_number(str(value)) if op == "$lte" else date_number(str(value))
            if not n:
                raise ValueError(f"not a date: {value!r} (write it as 1402/05/12 or 2023-08-03)")
            conds.append({"date_num": {op: n}})
            sql.append(f"d.date_num {sql_op} ?")
            params.append(n)
    where = None if not conds else conds[0] if len(conds) == 1 else {"$and": conds}
    return where, " AND ".join(sql), tuple(params)
