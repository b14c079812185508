"""Archive: a folder of documents that can be searched, cited and kept safe.

    from kb import Archive
    archive = Archive("my-archive")
    archive.add_pdf("paper.pdf")            # AddResult(status="added", doc_id=…)
    archive.search("نرخ تورم", k=5)          # [Hit(title=…, page=…, snippet=…), …]

The folder holds the catalogue (`archive.db`), the embedding cache (`embeddings.db`), the
vector store (`chroma/`, unless a Chroma server is set) and the BM25 index (`bm25/`). Writes
take a lock (kb/lock.py); a document is visible only once all of it is stored, and what a
crash left half-done is cleaned up by the next write. This class opens the parts, writes, and
hands the rest to its module: files.py, search.py, answer/factcheck/brief/summary.py (which
read through reading.py's `Reader`), export.py.
"""

from __future__ import annotations

import os
import sqlite3
import time
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Mapping, Sequence

import numpy as np

from ingest import find_figures

from . import answer as answering
from . import brief as briefing
from . import factcheck as checking
from . import summary as summarizing
from .alerts import new_alerts
from .alerts import rss as alerts_rss
from .catalogue import Alert, Catalogue, DocumentInfo, Feed, SavedSearch, Status, StoredChunk, WatchedFile
from .chunking import chunk_document
from .config import Settings
from .copies import Difference, differences, story_among
from .embedders import EmbeddingCache, Embedder, embedding_text, load_embedder
from .errors import (ArchiveUnwritable, InvalidDate, NoSuchFeed, NoSuchSearch, NothingToFollow, NotInArchive, SearchExists,
                     WrongEmbedder)
from .feeds import FeedEvent, check_url
from .feeds import poll as poll_feeds
from .export import unpack_export, write_export
from .files import (ALREADY_IN_ARCHIVE, AddResult, AddStatus, ArticleAdded, ReadFile, TextItem, content_id,
                    expand, read_file, read_text, write_atomically)
from .folding import index_tokens
from .generators import Generator, load_generator
from .lexical import LexicalIndex
from .lock import WriteLock
from .progress import IngestMeter, Progress
from .names import skeleton
from .pages import PageArticle
from .query import Filters, Query, as_query
from .reading_model import ReadingModel, reading_model_for
from .search import CANDIDATES, DENSE_WEIGHT, DENSE_WEIGHTS, Candidates, Hit, Searcher
from .store import VectorStore
from .watch import FolderWatch

COPY_QUERY_WORDS = 400  # a new document's words asked of the lexical index for earlier copies of its story


class Archive:
    """A searchable archive in a folder; see the module docstring."""

    def __init__(self, folder: str | os.PathLike | None = None, *, embedder: str | None = None,
                 chroma_url: str | None = None, settings: Settings | None = None) -> None:
        self.settings = settings or Settings.from_env(
            archive=Path(folder) if folder is not None else None, embedder=embedder, chroma_url=chroma_url)
        self.folder = Path(folder) if folder is not None else self.settings.archive
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            self._catalogue = Catalogue(self.folder / "archive.db")
            self._cache = EmbeddingCache(self.folder / "embeddings.db")
        except (OSError, sqlite3.Error) as e:
            raise ArchiveUnwritable(str(self.folder), getattr(e, "strerror", None) or str(e)) from e
        self._lexical = LexicalIndex(self.folder)
        if self._lexical.version() is None and self._catalogue.version() > 0:
            self._index_once()  # an archive from before the index grew in segments
        self._embedder: Embedder | None = None
        self._store: VectorStore | None = None
        self._spellings: tuple[int | None, dict[str, list[str]]] | None = None
        self._searcher = Searcher(self._catalogue, self._lexical, lambda: self.store, self.embed_query,
                                  DENSE_WEIGHTS.get(self.settings.embedder, DENSE_WEIGHT), self._check_embedder)

    # -- the parts, loaded when first needed ------------------------------------------------
    @property
    def embedder(self) -> Embedder:
        if self._embedder is None:
            self._embedder = load_embedder(self.settings)
        return self._embedder

    @property
    def store(self) -> VectorStore:
        if self._store is None:
            name = f"bayegan-{self._catalogue.archive_id()[:12]}-{self.settings.embedder}"
            version = self._catalogue.version()  # read before the store loads: a write in between means a reload
            self._store = VectorStore(self.folder / "chroma", name, self.settings.chroma_url)
            self._store.refresh(version)
        return self._store

    @property
    def generator(self) -> Generator | None:
        """The configured generative model, loaded once (None: answers are quoted only)."""
        return load_generator(self.settings)

    @property
    def reading_model(self) -> ReadingModel | None:
        """Bayegan's trained reader (kb/reading_model.py), loaded once per process; None when
        BAYEGAN_READER=rules or EmbeddingGemma is not installed (answers use the span rules)."""
        if self.settings.reader != "model":
            return None
        return reading_model_for(self.settings)

    @property
    def sentence_ranker(self) -> Embedder:
        """e5-small, which ranks sentences for answers and briefs whatever the archive searches
        with: it is ~4× faster (a question ranks ~40 sentences) and the answers' abstention
        threshold is calibrated on its scores."""
        return load_embedder(replace(self.settings, embedder="e5-small"))

    def load_models(self) -> None:
        """Load now what searches and answers will need (the embedder, the vector store, the
        sentence ranker, the reader), not at the first question: a server warms up before it
        listens."""
        self.embedder, self.store, self.sentence_ranker, self.reading_model  # noqa: B018

    def close(self) -> None:
        self._catalogue.close()
        self._cache.close()

    def __enter__(self) -> "Archive":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- adding ------------------------------------------------------------------------------
    def add_pdf(self, path: str | os.PathLike, *, password: str | None = None, title: str = "",
                source: str = "", date: str = "", name: str = "", progress: Progress | None = None) -> AddResult:
        """Extract, repair, chunk, embed and index one PDF. The same file twice is one document.
        `name`: the file's name as the user knows it (an upload saved under another name)."""
        return self.add_paths([path], password=password, title=title, source=source, date=date,
                              names={str(path): name} if name else None, progress=progress)[0]

    def add_text(self, text: str, *, title: str = "", source: str = "", date: str = "", path: str = "",
                 is_html: bool | None = None) -> AddResult:
        """Add a web article, a .txt/.html file's content or pasted text: same repair, chunks and
        figures as PDF text. The same text twice is one document."""
        label = path or title or "text"
        Filters(date_from=date or None)  # the date checked as a filter's is (InvalidDate), before anything is read
        if not text.strip():
            return AddResult(label, AddStatus.REJECTED, message="the text is empty", persian="متن خالی است.")
        doc_id = content_id(text.encode("utf-8"))
        with self._writing():  # checked under the lock: two writers of one text add it once
            known = self._known_title(doc_id)
            if known is not None:
                return AddResult(label, AddStatus.DUPLICATE, doc_id, known, "already in the archive",
                                 persian=ALREADY_IN_ARCHIVE)
            item = read_text(text, title=title, source=source, date=date, path=path, is_html=is_html)
            return self._store_documents([item])[0]

    def add_texts(self, items: Iterable[TextItem]) -> list[AddResult]:
        """Several texts in one write (a feed's new items: one lock, one clean-up, one pass of
        copies and alerts for all of them). One result per item, in order:
        an empty text or a wrong date is rejected, a text already there (or twice here) a duplicate."""
        items = list(items)
        results: list[AddResult | None] = [None] * len(items)
        pending: list[tuple[int, ReadFile]] = []
        with self._writing():
            for i, item in enumerate(items):
                label = item.path or item.title or "text"
                try:
                    Filters(date_from=item.date or None)
                except InvalidDate as e:
                    results[i] = AddResult(label, AddStatus.REJECTED, message=str(e), persian=e.persian)
                    continue
                if not item.text.strip():
                    results[i] = AddResult(label, AddStatus.REJECTED, message="the text is empty", persian="متن خالی است.")
                    continue
                doc_id = content_id(item.text.encode("utf-8"))
                known = self._known_title(doc_id)
                if known is not None or any(r.doc_id == doc_id for _, r in pending):
                    results[i] = AddResult(label, AddStatus.DUPLICATE, doc_id, known or item.title, "already in the archive",
                                           persian=ALREADY_IN_ARCHIVE)
                    continue
                pending.append((i, read_text(item.text, title=item.title, source=item.source, date=item.date,
                                             path=item.path, is_html=item.is_html)))
            if pending:
                for (i, _), result in zip(pending, self._store_documents([r for _, r in pending])):
                    results[i] = result
        return [r for r in results if r is not None]

    def add_paths(self, paths: Iterable[str | os.PathLike], *, password: str | None = None, title: str = "",
                  source: str = "", date: str = "", names: Mapping[str, str] | None = None,
                  progress: Progress | None = None, batch: int = 16) -> list[AddResult]:
        """Add files and folders (PDF, .txt, .html); a bad file is reported and the rest go on.

        `date` is checked first (InvalidDate: nothing is read); `names` maps a path as given to
        the name the user knows the file by (uploads), which results and `documents()` show.
        Documents are made visible `batch` at a time. `progress` hears of every page read and
        every batch stored, with the pages a minute and the time left (kb/progress.py)."""
        Filters(date_from=date or None)  # InvalidDate before anything is read
        names = {str(k): v for k, v in (names or {}).items()}
        results: list[AddResult | None] = []
        pending: list[tuple[int, ReadFile]] = []

        files = list(expand(paths))
        meter = IngestMeter(files, progress)

        def store() -> None:
            meter.storing(len(pending))
            for (i, _), result in zip(pending, self._store_documents([item for _, item in pending])):
                results[i] = result
            meter.stored(len(pending))
            pending.clear()

        with self._writing():
            for n, path in enumerate(files):
                on_page = (lambda label, done, total, n=n: meter.reading(n, label, done, total)) \
                    if progress else None
                read = read_file(path, max_mb=self.settings.max_upload_mb, is_known=self._known_title,
                                 password=password, title=title, source=source, date=date,
                                 name=names.get(str(path), ""), progress=on_page)
                if isinstance(read, AddResult):
                    results.append(read)
                    meter.read(n, stored_later=False)
                    continue
                if any(p.doc_id == read.doc_id for _, p in pending):
                    results.append(AddResult(read.label, AddStatus.DUPLICATE, read.doc_id, read.doc.title,
                                             "the same file as another one in this batch",
                                             persian="همان پرونده‌ای است که در همین دسته آمده است"))
                    meter.read(n, stored_later=False)
                    continue
                if read.original is not None:  # the original is kept: citations open its pages
                    write_atomically(self.folder / "files" / f"{read.doc_id}.pdf", read.original)
                results.append(None)
                pending.append((len(results) - 1, read))
                meter.read(n, stored_later=True)
                if len(pending) >= batch:
                    store()
            if pending:
                store()
        return [r for r in results if r is not None]

    def _known_title(self, file_id: str) -> str | None:
        """The title under which a file (by its content id) is in the archive; None when it is not."""
        articles = self._catalogue.issue_documents(file_id)
        if not articles:
            return None
        return articles[0].title if len(articles) == 1 else f"{articles[0].title} (+{len(articles) - 1} articles)"

    def _store_documents(self, items: list[ReadFile]) -> list[AddResult]:
        """Write documents as ADDING, embed and index them, then make them visible together."""
        results, added = [], []
        new_ids: list[str] = []
        new_tokens: list[list[str]] = []
        for item in items:
            articles = []
            for doc_id, number, doc in item.articles():
                chunks = chunk_document(doc, doc_id)
                info = item.entry(doc_id, number, doc, chunks)
                tokens = [index_tokens(info.title) + index_tokens(c.text) for c in chunks]
                self._catalogue.add_document(info, doc.text, [b.to_dict() for b in doc.blocks], chunks, tokens)
                new_ids.extend(c.id for c in chunks)
                new_tokens.extend(tokens)
                self._embed([StoredChunk.of(c, info) for c in chunks])
                articles.append(ArticleAdded(doc_id, info.title, sorted({b.page for b in doc.blocks}), len(chunks)))
                added.append(doc_id)
            results.append(item.added(articles))
        self._lexical.add(self._catalogue, new_ids, new_tokens)
        self._group_copies(added)
        if self._catalogue.saved_searches():
            self._catalogue.set_alerts_pending(added)  # a writer killed before the alerts are in: the next one
        self._catalogue.mark_ready(added)
        self._record_alerts(added)
        return results

    def _record_alerts(self, added: list[str]) -> None:
        """Run every saved search again and record the new articles among `added` it finds (kb/alerts.py)."""
        if not added:
            return
        ready = {d for d in added if self._catalogue.status(d) == Status.READY}
        for saved in self._catalogue.saved_searches():
            self._catalogue.add_alerts(new_alerts(self, saved, ready))
        self._catalogue.set_alerts_pending([])

    def _group_copies(self, doc_ids: list[str], only_these: bool = False) -> None:
        """Mark each of these documents (oldest first) that retells the story of one added before it
        (kb/copies.py): candidates are the passages the lexical index finds for its words, copies
        those holding most of its word triples. Before it: a ready document, or one earlier in
        `doc_ids`; with `only_these` (a rebuild, every document at once) the latter only."""
        version = self._catalogue.version()
        before: set[str] = set()
        for doc_id in doc_ids:
            text = self._catalogue.texts([doc_id]).get(doc_id, "")
            own = self._catalogue.chunk_count(doc_id)  # its own passages come first: look past them
            found, _ = self._lexical.search(list(dict.fromkeys(index_tokens(text)))[:COPY_QUERY_WORDS], own + 20, version)
            candidates = [d for d in dict.fromkeys(cid.rsplit(":", 1)[0] for cid, _ in found)
                          if d in before or (not only_these and d != doc_id and self._catalogue.status(d) == Status.READY)]
            first = story_among(text, self._catalogue.texts(candidates))
            if first:
                self._catalogue.set_copy_of(doc_id, self._catalogue.first_of(first))
            before.add(doc_id)

    def _embed(self, chunks: Sequence[StoredChunk]) -> None:
        """Vectors for chunks (from the cache where it has them) into the vector store."""
        vectors = self._cache.embed(self.embedder, [embedding_text(c.title, c.text) for c in chunks])
        self.store.add_chunks(chunks, vectors)

    def _rebuild_lexical(self) -> None:
        self._lexical.rebuild_from(self._catalogue)

    def _unindex(self, doc_ids: list[str]) -> None:
        """Their passages out of the lexical index (marked deleted: no rebuild)."""
        self._lexical.remove_documents(self._catalogue, doc_ids)

    def _index_once(self) -> None:
        """Build the lexical index of an archive written before it grew in segments."""
        with self._writing_lock() as lock:
            self._lexical.check(self._catalogue)
            if not lock.after_a_crash:  # a crashed writer's leftovers stay marked for the next write
                lock.finished()

    # -- removing, rebuilding, cleaning up ---------------------------------------------------
    def remove(self, doc_id: str) -> list[DocumentInfo]:
        """Remove a document (an article), or a newspaper issue's every article by the issue's
        id: text, chunks, vectors and BM25 entries all go, and the file once none of it is left."""
        with self._writing():
            info = self._catalogue.document(doc_id)
            removed = [info] if info else self._catalogue.issue_documents(doc_id)
            if not removed:
                raise NotInArchive(doc_id)
            for d in removed:  # hidden at once; a crash from here on is finished by the next write
                self._catalogue.mark_removing(d.id)
            self._unindex([d.id for d in removed])  # before the rows go: a crash after it still finds them
            for d in removed:
                self._delete(d.id)
        return removed

    def _delete(self, doc_id: str) -> None:
        issue = self._catalogue.issue_of(doc_id) or doc_id
        self.store.delete_document(doc_id)
        self._catalogue.delete_document(doc_id)
        if not self._catalogue.issue_documents(issue, ready_only=False):
            (self.folder / "files" / f"{issue}.pdf").unlink(missing_ok=True)

    def rebuild(self, progress: Callable[[int, int], None] | None = None) -> int:
        """Re-embed every chunk into the vector store, read its figures again and rebuild the
        BM25 index from the catalogue's text (after a change of embedder, of the folding rules or
        of `find_figures`: an archive's figures are the ones ingest found). Returns the chunks."""
        with self._writing(rebuilding=True):
            chunks = list(self._catalogue.all_chunks())
            # the lexical index falls behind the catalogue first: a rebuild killed after the new
            # tokens are in but before the index is rebuilt leaves it to the next writer to rebuild
            self._catalogue.set_version(self._catalogue.version() + 1)
            self._catalogue.reindex((c.id, index_tokens(c.title) + index_tokens(c.text),
                                     [replace(f, page=c.page) for f in find_figures(c.text)]) for c in chunks)
            for i in range(0, len(chunks), 256):
                self._embed(chunks[i:i + 256])
                if progress:
                    progress(min(i + 256, len(chunks)), len(chunks))
            self._rebuild_lexical()
            self._catalogue.clear_copies()
            self._group_copies([d.id for d in self._catalogue.documents()], only_these=True)
            self._catalogue.mark_embedded(self.settings.embedder)
        return len(chunks)

    @contextmanager
    def _writing(self, rebuilding: bool = False) -> Iterator[None]:
        """One writer at a time (other processes wait); leftovers of a crashed writer go first."""
        with self._writing_lock() as lock:
            try:
                self.store.refresh(self._catalogue.version())  # what other processes wrote before us
                if lock.after_a_crash:
                    lock.remove_orphan_files()
                self._lexical.check(self._catalogue)
                self._clean_up()
                if not rebuilding:
                    self._check_embedder()
                    self._record_alerts(self._catalogue.alerts_pending())  # of documents a killed writer made visible
                yield
                lock.finished()
            finally:
                self.store.wrote(self._catalogue.version())

    def _writing_lock(self) -> WriteLock:
        return WriteLock(self.folder, is_stored=lambda file_id: bool(self._catalogue.issue_documents(
            file_id, ready_only=False)))

    def _check_embedder(self) -> None:
        """An archive's vectors come from one embedder: a query or a write with another is refused."""
        built = self._catalogue.embedded_with()
        if self.settings.embedder not in built:
            raise WrongEmbedder(str(self.folder), built[0] if built else "another", self.settings.embedder)

    def _clean_up(self) -> None:
        """Finish what a killed writer left: documents half-added or half-removed go."""
        leftovers = self._catalogue.unfinished()
        if not leftovers:
            if not self._catalogue.embedded_with() and self._catalogue.ready_count() == 0:
                self._catalogue.mark_embedded(self.settings.embedder)  # a new archive takes this embedder
            return
        self._unindex(leftovers)
        for doc_id in leftovers:
            self._delete(doc_id)

    # -- moving an archive -------------------------------------------------------------------
    def export(self, path: str | os.PathLike) -> Path:
        """The whole archive in one .tar file: catalogue, embeddings cache and original PDFs
        (kb/export.py). Taken under the write lock: a consistent snapshot."""
        with self._writing():
            return write_export(self.folder, Path(path))

    @classmethod
    def import_archive(cls, path: str | os.PathLike, folder: str | os.PathLike, *,
                       progress: Callable[[int, int], None] | None = None, **options: Any) -> "Archive":
        """A new archive in `folder` (which must be empty) from an `export` file, its vectors
        written to the store the settings name (embedded, or BAYEGAN_CHROMA_URL's server)."""
        unpack_export(Path(path), Path(folder))
        archive = cls(folder, **options)
        archive.rebuild(progress)
        return archive

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
        return self._catalogue.texts([doc_id])[doc_id]

    def blocks(self, doc_id: str) -> list[dict[str, Any]]:
        """The document's blocks (kind, text, page, bbox), for showing them on the page."""
        self.document(doc_id)
        return self._catalogue.document_text(doc_id)[1]

    def original(self, doc_id: str) -> Path | None:
        """The archived copy of the PDF the document came from (a newspaper issue's file for each
        of its articles); None for text and HTML sources."""
        path = self.folder / "files" / f"{self.document(doc_id).issue}.pdf"
        return path if path.exists() else None

    def page_articles(self, doc_id: str, page: int) -> list[PageArticle]:
        """The articles printed on a page of the file a document came from (a newspaper issue's
        stories, or the one article of any other PDF), each with its boxes there, in issue order."""
        issue = self.document(doc_id).issue or doc_id
        found = []
        for info in self._catalogue.issue_documents(issue):
            boxes = [tuple(b["bbox"]) for b in self._catalogue.document_text(info.id)[1]
                     if b.get("page") == page and b.get("bbox")]
            if boxes:
                found.append(PageArticle(info.id, info.title, info.article, boxes))
        return found

    # -- news feeds (kb/feeds.py) -------------------------------------------------------------
    def add_feed(self, url: str, *, source: str = "") -> Feed:
        """Follow an RSS or Atom feed; `source`: the name its articles are filed under (default:
        the feed's title). Nothing is fetched until `poll_feeds`."""
        feed = Feed(check_url(url), source.strip())
        known = {f.url: f for f in self._catalogue.feeds()}
        if feed.url in known:
            feed = replace(known[feed.url], source=feed.source or known[feed.url].source)
        self._catalogue.save_feed(feed)
        return feed

    def feeds(self) -> list[Feed]:
        return self._catalogue.feeds()

    def remove_feed(self, url: str) -> None:
        """Stop following a feed (what it brought stays in the archive)."""
        if not self._catalogue.forget_feed(url.strip()):
            raise NoSuchFeed(url)

    def poll_feeds(self, *, force: bool = False, client: Any = None,
                   on_event: Callable[[FeedEvent], None] | None = None) -> list[FeedEvent]:
        """Take in what the feeds published since they were last asked (at most every 15 minutes
        unless `force`); `client`: an httpx.Client to fetch with."""
        return poll_feeds(self, self._catalogue.feeds(), force=force, client=client, on_event=on_event)

    def save_feed(self, feed: Feed) -> None:
        """Record how a feed's poll went (kb/feeds.py)."""
        self._catalogue.save_feed(feed)

    def feed_item_taken(self, link: str) -> bool:
        """Whether a feed item's page was taken already (it is never fetched again)."""
        return self._catalogue.feed_item_taken(link)

    def take_feed_item(self, link: str, feed: str, doc_id: str) -> None:
        self._catalogue.take_feed_item(link, feed, doc_id)

    # -- saved searches and alerts (kb/alerts.py) ---------------------------------------------
    def save_search(self, name: str, query: str, *, source: str | None = None, date_from: str | None = None,
                    date_to: str | None = None, replace: bool = False) -> SavedSearch:
        """Follow a search under a name: each ingest from now on records the new articles it finds.
        A name already followed is refused (SearchExists) unless `replace`: then its alerts go."""
        name, query = name.strip(), query.strip()
        if not name or not query:
            raise NothingToFollow()
        saved = SavedSearch(name, query, source or None, date_from or None, date_to or None)
        saved.filters  # InvalidDate before anything is written
        if any(s.name == name for s in self._catalogue.saved_searches()):
            if not replace:
                raise SearchExists(name)
            self._catalogue.forget_search(name)
        self._catalogue.save_search(saved)
        return saved

    def saved_searches(self) -> list[SavedSearch]:
        return self._catalogue.saved_searches()

    def saved_search(self, name: str) -> SavedSearch:
        found = [s for s in self._catalogue.saved_searches() if s.name == name]
        if not found:
            raise NoSuchSearch(name)
        return found[0]

    def forget_search(self, name: str) -> None:
        """Stop following a saved search; its alerts go with it."""
        if not self._catalogue.forget_search(name):
            raise NoSuchSearch(name)

    def alerts(self, name: str | None = None, *, new_only: bool = False, mark_seen: bool = False) -> list[Alert]:
        """What saved searches (one, or all) found in what was added, newest first; `new` marks
        those since the user last looked, and `mark_seen` records that they have looked now."""
        if name is not None:
            self.saved_search(name)  # NoSuchSearch
        now = time.time()
        found = [a for a in self._catalogue.alerts(name) if a.new or not new_only]
        if mark_seen:
            self._catalogue.mark_seen(name, now)
        return found

    def alerts_feed(self, name: str, link: str = "") -> str:
        """A saved search's alerts as an RSS 2.0 feed (a newsroom's reader can follow it)."""
        return alerts_rss(self.saved_search(name), self._catalogue.alerts(name), link or self.folder.resolve().as_uri())

    # -- watched folders (kb/watch.py keeps them in step) -------------------------------------
    def watch(self, folders: Iterable[str | os.PathLike], *, on_delete: str = "remove", source: str = "",
              interval: float = 30.0) -> FolderWatch:
        """Folders whose new, changed and deleted files this archive follows (`look()`, `run()`)."""
        return FolderWatch(self, folders, on_delete=on_delete, source=source, interval=interval)

    def watched_files(self) -> dict[str, WatchedFile]:
        """What watched folders have shown this archive, by path."""
        return self._catalogue.watched_files()

    def deleted_files(self) -> set[str]:
        """The files (their ids: `DocumentInfo.issue`) a watched folder lost while their documents
        were kept (`on_delete="keep"`): the app and `bayegan docs` mark their documents."""
        files = self._catalogue.watched_files().values()
        live = {f.file_id for f in files if not f.gone}
        return {f.file_id for f in files if f.gone and f.file_id and f.file_id not in live}

    def remember_file(self, f: WatchedFile) -> None:
        self._catalogue.remember_file(f)

    def forget_file(self, path: str) -> None:
        self._catalogue.forget_file(path)

    def copies(self, doc_id: str) -> list[DocumentInfo]:
        """The other documents that tell this document's story (kb/copies.py), first-added first."""
        self.document(doc_id)  # NotInArchive
        return self._catalogue.copies(doc_id)

    def differences(self, first: str, second: str) -> Difference:
        """Two documents side by side, sentence by sentence: what each says that the other does not."""
        return differences(first, self.text(first), second, self.text(second))

    def ocr_pages(self, doc_id: str) -> dict[int, float]:
        """Pages read by OCR (no usable text layer) → Tesseract's mean confidence on them (0–1),
        so that readers know which text to trust less."""
        return self.document(doc_id).ocr_pages

    def chunks(self, doc_id: str) -> list[StoredChunk]:
        """The document's passages in reading order, with their pages, boxes and figures."""
        self.document(doc_id)
        return self._catalogue.chunks_of(doc_id)

    def stats(self) -> dict[str, Any]:
        """Size of the archive, for the app's sidebar and `bayegan docs` (a newspaper issue's pages
        counted once, not once per article)."""
        docs = self.documents()
        pages = {d.issue or d.id: d.pages for d in docs}
        return {"folder": str(self.folder), "documents": len(docs), "pages": sum(pages.values()),
                "chunks": sum(d.chunks for d in docs), "figures": sum(d.figures for d in docs),
                "embedder": self.settings.embedder,
                "store": self.settings.chroma_url or "embedded"}

    # -- searching (kb/search.py) --------------------------------------------------------------
    def search(self, query: str | Query, k: int = 10, *, source: str | None = None, date_from: str | None = None,
               date_to: str | None = None, doc_id: str | None = None, kind: str | None = None,
               per_document: int = 1, mode: str = "hybrid", method: str = "scores",
               dense_weight: float | None = None, vector: np.ndarray | None = None) -> list[Hit]:
        """The best passages for a query (Persian or English), best first (kb/search.py), each
        with its relevance ("strong", "related", "weak").

        Filters: `source`, `date_from`/`date_to` (either calendar), `doc_id`, `kind`; or a `Query`
        that carries its own. At most `per_document` hits per article (0: all). `mode`: "hybrid",
        "dense" or "lexical"; `method`: "scores" or "rrf"; `vector`: the query's embedding.
        `kb.without_tail(hits)` cuts the weak tail under the hits that stand out (what people are shown)."""
        q = as_query(query, source=source, date_from=date_from, date_to=date_to, doc_id=doc_id, kind=kind)
        return self._searcher.search(q, k, per_document=per_document, mode=mode, method=method,
                                     dense_weight=dense_weight, vector=vector)

    def candidates(self, query: str | Query, n: int = CANDIDATES, *, mode: str = "hybrid",
                   vector: np.ndarray | None = None, **filters: Any) -> Candidates:
        """Each retriever's `n` best chunks before fusion: (dense, lexical, lexical coverage)."""
        return self._searcher.candidates(as_query(query, **filters), n, mode=mode, vector=vector)

    def chunks_by_id(self, ids: list[str]) -> dict[str, StoredChunk]:
        """Ready chunks by id (for tools that fuse candidates themselves: bench/retrieval.py)."""
        return self._catalogue.chunks_by_id(ids)

    def spelled_like(self, skeletons: set[str]) -> list[str]:
        """The archive's words whose consonants are one of `skeletons` (kb/names.py): an
        English name's Persian spellings, for searching a Persian archive with an English claim."""
        version = self._catalogue.version()
        if self._spellings is None or self._spellings[0] != version:
            table: dict[str, list[str]] = {}
            for word in self._lexical.words(version):
                if len(word) >= 3 and not word[0].isdigit():
                    table.setdefault(skeleton(word), []).append(word)
            self._spellings = (version, table)
        return sorted({w for k in skeletons for w in self._spellings[1].get(k, [])})

    def known_words(self, tokens: Iterable[str]) -> set[str]:
        """Those of these index tokens that some passage of the archive is indexed under."""
        return self._lexical.known(tokens, self._catalogue.version())

    def embed_query(self, repaired: str) -> np.ndarray:
        """The query's vector; `repaired` is the query after `repair_text` (Query.repaired)."""
        return self.embedder.embed_query(repaired)

    def sentence_vectors(self, sentences: Sequence[str]) -> np.ndarray:
        """The sentence ranker's vectors, from the archive's cache where it has them."""
        return self._cache.embed(self.sentence_ranker, list(sentences))

    def sentence_query_vector(self, text: str) -> np.ndarray:
        """The sentence ranker's vector for a question or claim (already repaired)."""
        return self.sentence_ranker.embed_query(text)

    # -- what the archive says (each in its own module, reading through kb/reading.py) ----------
    def answer(self, question: str, k: int = 6, *, generate: bool = True, threshold: float | None = None,
               method: str | None = None, on_token: Callable[[str], None] | None = None,
               **filters: Any) -> answering.Answer:
        """The answer span in its quoted, cited sentence, or "the archive does not say"; with a
        configured model and `generate`, its answer streamed to `on_token`, shown only if the
        verification gate finds all it states in the passages (kb/answer.py)."""
        generator = self.generator if generate else None
        return answering.answer(self, question, k=k, threshold=threshold, generator=generator, on_token=on_token,
                                method=method, **filters)

    def check(self, claim: str, lang: str | None = None) -> checking.Verdict:
        """Check a claim's figures (Persian or English) against the archive: supported,
        contradicted (with the source's value and sentence) or not found (kb/factcheck.py)."""
        return checking.check(self, claim, lang)

    def brief(self, query: str | None = None, *, doc_ids: list[str] | None = None, date_from: str | None = None,
              date_to: str | None = None, sentences: int = 6) -> briefing.Brief:
        """A cited summary of the articles a query (or `doc_ids`, or a date range) finds, with
        key figures and a timeline (kb/brief.py)."""
        return briefing.brief(self, query, doc_ids, date_from, date_to, sentences)

    def summarize(self, doc_id: str, words: int | None = None) -> summarizing.Summary:
        """One article in about `words` words, each sentence with its page (kb/summary.py)."""
        return summarizing.summarize(self, doc_id, words)

