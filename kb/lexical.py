"""The lexical index: BM25 over Persian-folded tokens, in segments that grow without a rebuild.

A write adds one small segment (its chunks' term counts) or marks removed chunks deleted; it
never re-reads the archive. Scores are computed at query time from the live segments' counts
(N, document frequencies, average length), with the formula bm25s used here before (Lucene's:
k1 1.5, b 0.75), so a search over many segments scores and ranks exactly as over one segment
built from scratch (tested). Small segments are merged as they pile up (each merge joins
neighbours of like size, so a chunk is rewritten O(log n) times, and no merge makes a segment of
more than MERGE_LIMIT chunks: a write never rewrites a whole large archive); a segment more than a
quarter deleted is rewritten without its dead chunks.

Measured (bench/scale.py, real news sentences recombined into passages, 2 cores): at 100k
passages one article (5 passages) costs 0.010 s of indexing (p50; max 0.021 s, with merges)
where the full rebuild every write paid before cost 9.6 s; removing one 0.019 s; a lexical
query's p50 / p95 0.8 / 2.2 ms (bm25s over the same passages: 2.3 / 7.1 ms).

On disk, `bm25/` holds immutable segment folders and `manifest.json` (segments, deleted
positions, the catalogue version it matches). A write renames a finished segment into place,
then replaces the manifest in one rename: a reader or a crash sees the old state or the new,
never half of one. A segment no manifest names (a killed writer's) is removed by the next writer.
"""

from __future__ import annotations

import json
import math
import os
import shutil
import threading
import time
import uuid
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Sequence

import numpy as np

from .catalogue import Catalogue

K1, B = 1.5, 0.75
DEAD_SHARE = 0.25  # a segment with more of its chunks deleted than this is rewritten without them
MERGE_LIMIT = 250_000  # chunks: a merge stops short of this (~1 s of work), larger segments stay apart
MANIFEST = "manifest.json"


@dataclass
class _Segment:
    """Chunks' term counts, term-major: the postings of term t are docs[indptr[t]:indptr[t+1]]."""

    name: str
    ids: list[str]
    terms: dict[str, int]
    indptr: np.ndarray
    docs: np.ndarray
    tfs: np.ndarray
    lengths: np.ndarray

    @classmethod
    def build(cls, name: str, ids: Sequence[str], tokens: Iterable[Sequence[str]]) -> "_Segment":
        terms: dict[str, int] = {}
        term_col: list[int] = []
        doc_col: list[int] = []
        tf_col: list[int] = []
        lengths: list[int] = []
        tokens = list(tokens)
        if len(tokens) != len(ids):
            raise ValueError(f"{len(ids)} ids for {len(tokens)} token lists")
        for d, toks in enumerate(tokens):
            lengths.append(len(toks))
            for t, c in Counter(toks).items():
                term_col.append(terms.setdefault(t, len(terms)))
                doc_col.append(d)
                tf_col.append(c)
        return cls._from_columns(name, list(ids), list(terms), np.array(term_col, np.int64),
                                 np.array(doc_col, np.int64), np.array(tf_col, np.int32),
                                 np.array(lengths, np.int32))

    @classmethod
    def _from_columns(cls, name: str, ids: list[str], vocabulary: list[str], term_col: np.ndarray,
                      doc_col: np.ndarray, tf_col: np.ndarray, lengths: np.ndarray) -> "_Segment":
        """Postings given as parallel columns (any order) → the term-major arrays; terms with no
        posting are dropped, so that a segment knows exactly the words its chunks hold."""
        used, term_col = np.unique(term_col, return_inverse=True)
        order = np.lexsort((doc_col, term_col))
        indptr = np.zeros(len(used) + 1, np.int64)
        np.cumsum(np.bincount(term_col, minlength=len(used)), out=indptr[1:])
        terms = {vocabulary[t]: i for i, t in enumerate(used.tolist())}
        return cls(name, ids, terms, indptr, doc_col[order].astype(np.int32), tf_col[order], lengths)

    def save(self, folder: Path) -> None:
        folder.mkdir(parents=True)
        np.savez(folder / "postings.npz", indptr=self.indptr, docs=self.docs, tfs=self.tfs, lengths=self.lengths)
        (folder / "terms.json").write_text(json.dumps(list(self.terms), ensure_ascii=False), encoding="utf-8")
        (folder / "ids.json").write_text(json.dumps(self.ids), encoding="utf-8")
        for name in ("postings.npz", "terms.json", "ids.json"):  # on disk before a manifest names it
            _fsync(folder / name)

    @classmethod
    def load(cls, folder: Path) -> "_Segment":
        with np.load(folder / "postings.npz", allow_pickle=False) as z:
            arrays = {k: z[k] for k in ("indptr", "docs", "tfs", "lengths")}
        terms = json.loads((folder / "terms.json").read_text(encoding="utf-8"))
        ids = json.loads((folder / "ids.json").read_text(encoding="utf-8"))
        return cls(folder.name, ids, {t: i for i, t in enumerate(terms)}, **arrays)

    def columns(self, live: np.ndarray) -> tuple[list[str], np.ndarray, np.ndarray, np.ndarray]:
        """The live chunks' postings as (vocabulary, term, new doc position, tf) columns."""
        term_col = np.repeat(np.arange(len(self.terms), dtype=np.int64), np.diff(self.indptr))
        keep = live[self.docs]
        renumber = np.cumsum(live) - 1
        return list(self.terms), term_col[keep], renumber[self.docs[keep]].astype(np.int64), self.tfs[keep]


@dataclass
class _State:
    """What a reader searches: the segments a manifest names, with their deleted chunks."""

    version: int | None
    segments: list[_Segment] = field(default_factory=list)
    deleted: list[np.ndarray] = field(default_factory=list)  # per segment: a bool mask of dead chunks
    offsets: list[int] = field(default_factory=list)
    ids: list[str] = field(default_factory=list)  # every chunk's id by global position, dead ones too
    live: np.ndarray = field(default_factory=lambda: np.zeros(0, bool))
    n: int = 0
    average_length: float = 0.0
    position: dict[str, int] | None = None  # a live chunk's global position, built when a filter asks

    @classmethod
    def of(cls, version: int | None, segments: list[_Segment], deleted: list[np.ndarray]) -> "_State":
        state = cls(version, segments, deleted)
        total = 0
        lengths = 0
        for seg, dead in zip(segments, deleted):
            state.offsets.append(total)
            state.ids.extend(seg.ids)
            total += len(seg.ids)
            lengths += int(seg.lengths[~dead].sum())
        state.live = np.concatenate([~d for d in deleted]) if deleted else np.zeros(0, bool)
        state.n = int(state.live.sum())
        state.average_length = lengths / state.n if state.n else 0.0
        return state

    def postings(self, term: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(global positions, tfs, lengths) of the live chunks holding `term`."""
        pos, tfs, lengths = [], [], []
        for seg, dead, offset in zip(self.segments, self.deleted, self.offsets):
            t = seg.terms.get(term)
            if t is None:
                continue
            docs = seg.docs[seg.indptr[t]:seg.indptr[t + 1]]
            tf = seg.tfs[seg.indptr[t]:seg.indptr[t + 1]]
            keep = ~dead[docs]
            pos.append(docs[keep].astype(np.int64) + offset)
            tfs.append(tf[keep])
            lengths.append(seg.lengths[docs[keep]])
        if not pos:
            return np.zeros(0, np.int64), np.zeros(0, np.int32), np.zeros(0, np.int32)
        return np.concatenate(pos), np.concatenate(tfs), np.concatenate(lengths)

    def words(self) -> set[str]:
        """The terms some live chunk holds."""
        out: set[str] = set()
        for seg, dead in zip(self.segments, self.deleted):
            if not dead.any():
                out.update(seg.terms)
                continue
            live = np.add.reduceat((~dead[seg.docs]).astype(np.int64), seg.indptr[:-1]) > 0 if len(seg.docs) \
                else np.zeros(0, bool)  # every term has a posting: no empty slice
            out.update(t for t, alive in zip(seg.terms, live.tolist()) if alive)
        return out

    def holds(self, term: str) -> bool:
        for seg, dead in zip(self.segments, self.deleted):
            t = seg.terms.get(term)
            if t is not None and not dead[seg.docs[seg.indptr[t]:seg.indptr[t + 1]]].all():
                return True
        return False


class LexicalIndex:
    """The archive's BM25 index (see the module docstring). Writes happen under the archive's
    write lock; readers in any process follow the manifest."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder / "bm25"
        self._lock = threading.Lock()
        self._loaded: dict[str, _Segment] = {}  # segments are immutable: loaded once per process
        self._state = _State(None)
        self._words: tuple[int | None, list[str]] | None = None
        self._seen: tuple[int, int, int] | None = None  # the manifest file the state was read from

    # -- reading the manifest ----------------------------------------------------------------
    def _manifest(self) -> dict | None:
        try:
            return json.loads((self.folder / MANIFEST).read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None

    def version(self) -> int | None:
        """The catalogue version this index was written for (None: no index of this kind yet)."""
        manifest = self._manifest()
        return manifest["version"] if manifest else None

    def _current(self) -> _State:
        """The state the manifest names now, loading only segments not seen before. A writer may
        replace a segment between our reading the manifest and the segment: then read it again."""
        for attempt in range(20):
            try:
                stat = os.stat(self.folder / MANIFEST)
            except FileNotFoundError:
                self._state, self._seen = _State(None), None
                return self._state
            seen = (stat.st_ino, stat.st_mtime_ns, stat.st_size)  # a new manifest is a new file (rename)
            if seen == self._seen:
                return self._state
            manifest = self._manifest()
            if manifest is None:
                continue
            try:
                segments = [self._segment(s["name"]) for s in manifest["segments"]]
            except FileNotFoundError:
                time.sleep(0.01 * attempt)  # a writer merged them away meanwhile: its new manifest is there
                continue
            deleted = []
            for seg, entry in zip(segments, manifest["segments"]):
                dead = np.zeros(len(seg.ids), bool)
                dead[entry.get("deleted", [])] = True
                deleted.append(dead)
            self._loaded = {s.name: s for s in segments}
            self._state = _State.of(manifest["version"], segments, deleted)
            self._seen = seen
            return self._state
        raise RuntimeError("the lexical index kept changing while it was read")

    def _segment(self, name: str) -> _Segment:
        if name not in self._loaded:
            self._loaded[name] = _Segment.load(self.folder / name)
        return self._loaded[name]

    # -- searching ---------------------------------------------------------------------------
    def ids(self) -> list[str]:
        """The live chunks' ids, in index order."""
        with self._lock:
            state = self._current()
            return [c for c, alive in zip(state.ids, state.live) if alive]

    def words(self, version: int) -> list[str]:
        """Every token the index knows (for finding an English name's Persian spellings)."""
        with self._lock:
            state = self._current()
            if self._words is None or self._words[0] != state.version:
                self._words = (state.version, sorted(state.words()))  # a word only removed passages held is gone
            return list(self._words[1])

    def known(self, tokens: Iterable[str], version: int) -> set[str]:
        """Those of `tokens` that some passage is indexed under."""
        with self._lock:
            state = self._current()
            return {t for t in set(tokens) if state.holds(t)}

    def search(self, tokens: list[str], n: int, version: int,
               allowed: set[str] | None = None) -> tuple[list[tuple[str, float]], float]:
        """The `n` best chunks for these query tokens as (id, BM25 score), only among `allowed`,
        and the share of the query's tokens that the index knows at all. Ties go by chunk id,
        so the order does not depend on how the index is cut into segments."""
        with self._lock:
            state = self._current()
            if not tokens or state.n == 0:
                return [], 0.0
            scores = np.zeros(len(state.ids), np.float64)
            cache: dict[str, tuple[np.ndarray, np.ndarray] | None] = {}
            matched = 0
            for token in tokens:  # a word the query repeats counts each time, as it did in bm25s
                if token not in cache:
                    pos, tf, length = state.postings(token)
                    if len(pos) == 0:
                        cache[token] = None
                    else:
                        df = len(pos)
                        idf = math.log(1 + (state.n - df + 0.5) / (df + 0.5))
                        tfc = tf / (K1 * ((1 - B) + B * length / state.average_length) + tf)
                        cache[token] = (pos, idf * tfc)
                entry = cache[token]
                if entry is not None:
                    matched += 1
                    scores[entry[0]] += entry[1]
            if matched == 0:
                return [], 0.0
            if allowed is not None:
                mask = np.zeros(len(state.ids), bool)
                position = self._positions(state)
                mask[[position[c] for c in allowed if c in position]] = True
                scores[~mask] = 0.0
            hits = self._best(scores, state.ids, n)
        return hits, matched / len(tokens)

    @staticmethod
    def _positions(state: _State) -> dict[str, int]:
        if state.position is None:
            state.position = {c: i for i, c in enumerate(state.ids) if state.live[i]}
        return state.position

    @staticmethod
    def _best(scores: np.ndarray, ids: list[str], n: int) -> list[tuple[str, float]]:
        if n <= 0:
            return []
        candidates = np.flatnonzero(scores > 0)
        if len(candidates) > n:
            kth = np.partition(scores[candidates], len(candidates) - n)[len(candidates) - n]
            candidates = candidates[scores[candidates] >= kth]  # ties at the cut stay: ids decide
        ranked = sorted(((ids[i], float(scores[i])) for i in candidates.tolist()), key=lambda h: (-h[1], h[0]))
        return ranked[:n]

    # -- writing (under the archive's write lock) --------------------------------------------
    def add(self, catalogue: Catalogue, ids: Sequence[str], tokens: Sequence[Sequence[str]]) -> None:
        """Index new chunks: one new segment, merged with its small neighbours."""
        with self._lock:
            manifest = self._writable(catalogue)
            if ids:
                segment = _Segment.build(self._new_name(), ids, tokens)
                self._write_segment(segment)
                manifest["segments"].append({"name": segment.name, "deleted": []})
                self._merge_small(manifest)
            self._commit(catalogue, manifest)

    def remove_documents(self, catalogue: Catalogue, doc_ids: Iterable[str]) -> None:
        """Mark every chunk of these documents deleted; rewrite a segment more than a quarter dead."""
        gone = set(doc_ids)
        with self._lock:
            manifest = self._writable(catalogue)
            for entry in manifest["segments"]:
                seg = self._segment(entry["name"])
                dead = set(entry["deleted"])
                dead.update(i for i, c in enumerate(seg.ids) if c.rsplit(":", 1)[0] in gone)
                entry["deleted"] = sorted(dead)
            manifest["segments"] = [e for e in manifest["segments"] if len(e["deleted"]) < len(self._segment(e["name"]).ids)]
            for i, entry in enumerate(manifest["segments"]):
                if len(entry["deleted"]) > DEAD_SHARE * len(self._segment(entry["name"]).ids):
                    manifest["segments"][i] = self._merged([entry])
            self._commit(catalogue, manifest)

    def rebuild(self, ids: Sequence[str], tokens: Iterable[Sequence[str]], version: int) -> None:
        """Index these chunks (all of them: the index is rebuilt whole) as one segment."""
        with self._lock:
            self.folder.mkdir(parents=True, exist_ok=True)
            segments = []
            if ids:
                segment = _Segment.build(self._new_name(), ids, tokens)
                self._write_segment(segment)
                segments.append({"name": segment.name, "deleted": []})
            self._write_manifest({"version": version, "segments": segments})
            self._remove_unnamed()

    def rebuild_from(self, catalogue: Catalogue) -> None:
        """Index every chunk the catalogue holds, as the catalogue's next version (readers
        compare versions to know when to load it again)."""
        version = catalogue.version() + 1
        ids, tokens = [], []
        for cid, toks in catalogue.all_tokens():
            ids.append(cid)
            tokens.append(toks)
        self.rebuild(ids, tokens, version)
        catalogue.set_version(version)

    def check(self, catalogue: Catalogue) -> None:
        """At the start of a write: an index a crash left behind the catalogue (or an archive
        from before segments, or one whose files a power cut damaged) is rebuilt, and segments a
        killed writer left are removed. A writer killed between writing the index and the
        catalogue's version left an index one version ahead, of what the catalogue holds: the
        catalogue takes its version (its unfinished documents are cleaned up next)."""
        try:
            version = self.version()
            with self._lock:
                self._current()  # every segment the manifest names can be read
        except (OSError, ValueError, KeyError, zipfile.BadZipFile):
            version = None
        if version is not None and version == catalogue.version() + 1:
            catalogue.set_version(version)
        elif version != catalogue.version():
            self.rebuild_from(catalogue)
        with self._lock:
            self._remove_unnamed()
        for old in ("bm25.new", "bm25.old"):  # the layout before segments
            shutil.rmtree(self.folder.parent / old, ignore_errors=True)

    def _writable(self, catalogue: Catalogue) -> dict:
        manifest = self._manifest()
        if manifest is None or manifest["version"] != catalogue.version():
            raise RuntimeError("the lexical index is behind the catalogue: check() it first")
        return manifest

    def _commit(self, catalogue: Catalogue, manifest: dict) -> None:
        manifest["version"] = catalogue.version() + 1
        self._write_manifest(manifest)
        catalogue.set_version(manifest["version"])
        self._remove_unnamed()

    def _merge_small(self, manifest: dict) -> None:
        """Join the last segment with the one before while it is at least half that one's size
        and the two stay under MERGE_LIMIT: sizes fall geometrically, O(log n) small segments
        behind at most n / MERGE_LIMIT large ones."""
        entries = manifest["segments"]
        while len(entries) >= 2 and 2 * self._live(entries[-1]) >= self._live(entries[-2]) \
                and self._live(entries[-1]) + self._live(entries[-2]) <= MERGE_LIMIT:
            entries[-2:] = [self._merged(entries[-2:])]

    def _live(self, entry: dict) -> int:
        return len(self._segment(entry["name"]).ids) - len(entry["deleted"])

    def _merged(self, entries: list[dict]) -> dict:
        """One new segment holding the live chunks of these, in order."""
        vocabulary: dict[str, int] = {}
        ids: list[str] = []
        term_cols, doc_cols, tf_cols, lengths = [], [], [], []
        for entry in entries:
            seg = self._segment(entry["name"])
            live = np.ones(len(seg.ids), bool)
            live[entry["deleted"]] = False
            words, term_col, doc_col, tf_col = seg.columns(live)
            remap = np.array([vocabulary.setdefault(w, len(vocabulary)) for w in words], np.int64)
            term_cols.append(remap[term_col] if len(words) else term_col)
            doc_cols.append(doc_col + len(ids))
            tf_cols.append(tf_col)
            lengths.append(seg.lengths[live])
            ids.extend(c for c, alive in zip(seg.ids, live) if alive)
        merged = _Segment._from_columns(self._new_name(), ids, list(vocabulary), np.concatenate(term_cols),
                                        np.concatenate(doc_cols), np.concatenate(tf_cols), np.concatenate(lengths))
        self._write_segment(merged)
        return {"name": merged.name, "deleted": []}

    def _new_name(self) -> str:
        return f"segment-{uuid.uuid4().hex[:12]}"

    def _write_segment(self, segment: _Segment) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        partial = self.folder / f"{segment.name}.partial"
        segment.save(partial)
        os.replace(partial, self.folder / segment.name)
        _fsync(self.folder)
        self._loaded[segment.name] = segment

    def _write_manifest(self, manifest: dict) -> None:
        partial = self.folder / f"{MANIFEST}.partial"
        partial.write_text(json.dumps(manifest), encoding="utf-8")
        with partial.open("rb") as f:
            os.fsync(f.fileno())
        os.replace(partial, self.folder / MANIFEST)
        _fsync(self.folder)

    def _remove_unnamed(self) -> None:
        """Segments no manifest names: merged away, or left by a killed writer."""
        manifest = self._manifest() or {"segments": []}
        named = {s["name"] for s in manifest["segments"]}
        for path in self.folder.iterdir() if self.folder.exists() else []:
            if path.is_dir() and path.name not in named:
                shutil.rmtree(path, ignore_errors=True)
                self._loaded.pop(path.name, None)
            elif path.is_file() and path.name not in (MANIFEST,):
                path.unlink(missing_ok=True)


def _fsync(path: Path) -> None:
    """Written through to the disk (a file, or a folder's new names): a power cut after a
    manifest is replaced must not find it naming a segment whose files were still in memory."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
