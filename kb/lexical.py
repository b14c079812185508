"""The lexical index: BM25 (bm25s) over Persian-folded tokens, persisted beside the store.

The tokens of every chunk live in the archive's catalogue, so an index is rebuilt from them
without re-reading any text; a rebuild is written to a new folder and swapped in by rename,
so a reader (or a crash) never sees half an index.
"""

from __future__ import annotations

import json
import os
import shutil
import threading
from pathlib import Path
from typing import Iterable, Sequence

import numpy as np

from .catalogue import Catalogue


class LexicalIndex:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._lock = threading.Lock()
        self._loaded_version: int | None = None
        self._bm25 = None
        self._ids: list[str] = []
        self._position: dict[str, int] = {}

    @property
    def _current(self) -> Path:
        return self.folder / "bm25"

    def _recover(self) -> None:
        """Finish a swap that a crash interrupted."""
        new, old = self.folder / "bm25.new", self.folder / "bm25.old"
        if not self._current.exists() and new.exists() and (new / "ids.json").exists():
            os.replace(new, self._current)
        if old.exists() and self._current.exists():
            shutil.rmtree(old, ignore_errors=True)

    def rebuild(self, ids: Sequence[str], tokens: Iterable[list[str]], version: int) -> None:
        """Index these chunks (all of them: the index is rebuilt whole) and swap it in."""
        import bm25s

        self.folder.mkdir(parents=True, exist_ok=True)
        new, old = self.folder / "bm25.new", self.folder / "bm25.old"
        shutil.rmtree(new, ignore_errors=True)
        new.mkdir()
        corpus = [t if t else [""] for t in tokens]
        if corpus:
            bm25 = bm25s.BM25()
            bm25.index(corpus, show_progress=False)
            bm25.save(str(new), show_progress=False)
        (new / "ids.json").write_text(json.dumps({"version": version, "ids": list(ids)}))
        with self._lock:
            if self._current.exists():
                shutil.rmtree(old, ignore_errors=True)
                os.replace(self._current, old)
            os.replace(new, self._current)
            shutil.rmtree(old, ignore_errors=True)
            self._loaded_version = None

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

    def version(self) -> int | None:
        meta = self._current / "ids.json"
        if not meta.exists():
            return None
        return json.loads(meta.read_text())["version"]

    def _load(self, version: int) -> None:
        import bm25s

        self._recover()
        if self._loaded_version == version:
            return
        meta = json.loads((self._current / "ids.json").read_text())
        self._ids = meta["ids"]
        self._position = {c: i for i, c in enumerate(self._ids)}
        self._bm25 = bm25s.BM25.load(str(self._current), show_progress=False) if self._ids else None
        self._loaded_version = meta["version"]

    def words(self, version: int) -> list[str]:
        """Every token the index knows (for finding an English name's Persian spellings)."""
        with self._lock:
            self._recover()
            if not self._current.exists():
                return []
            self._load(version)
            return list(self._bm25.vocab_dict) if self._bm25 is not None else []

    def known(self, tokens: Iterable[str], version: int) -> set[str]:
        """Those of `tokens` that some passage is indexed under."""
        with self._lock:
            self._recover()
            if not self._current.exists():
                return set()
            self._load(version)
            vocab = self._bm25.vocab_dict if self._bm25 is not None else {}
            return {t for t in tokens if t in vocab}

    def search(self, tokens: list[str], n: int, version: int,
               allowed: set[str] | None = None) -> tuple[list[tuple[str, float]], float]:
        """The `n` best chunks for these query tokens as (id, BM25 score), only among `allowed`,
        and the share of the query's tokens that the index knows at all."""
        with self._lock:
            self._recover()
            if not self._current.exists():
                return [], 0.0
            self._load(version)
            if self._bm25 is None:
                return [], 0.0
            vocab = self._bm25.vocab_dict
            known = [t for t in tokens if t in vocab]
            if not known:
                return [], 0.0
            mask = None
            if allowed is not None:
                mask = np.zeros(len(self._ids), dtype=np.float32)
                for cid in allowed:
                    if cid in self._position:
                        mask[self._position[cid]] = 1.0
            k = min(n, len(self._ids))
            docs, scores = self._bm25.retrieve([known], k=k, show_progress=False, weight_mask=mask, n_threads=1)
        hits = [(self._ids[d], float(s)) for d, s in zip(docs[0], scores[0]) if s > 0]
        return hits, len(known) / len(tokens)
