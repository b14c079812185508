"""The vector store: ChromaDB, embedded on disk by default, or a Chroma server shared by a team.

Vectors are always passed in explicitly: Chroma's default embedding function downloads a model
on first use and fails offline, so collections are made with `embedding_function=None`.
"""

from __future__ import annotations

import contextlib
import os
import threading
from pathlib import Path
from typing import Any, Sequence
from urllib.parse import urlparse

import numpy as np

from .catalogue import StoredChunk
from .errors import StoreUnavailable
from .query import Filters

os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")


class _LocalChroma:
    """The embedded Chroma of one folder, shared by every archive object of this process.

    Embedded Chroma keeps its vector index in memory and does not notice what another process
    (a `bayegan ingest` beside the running app) wrote to the folder; `refresh` reloads it from
    disk when the archive's catalogue says someone else wrote since."""

    _open: dict[str, "_LocalChroma"] = {}

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.seen_version: int | None = None
        self.lock = threading.RLock()  # a reload never pulls the system from under a running query
        self._collections: dict[str, Any] = {}
        self._connect()

    @classmethod
    def of(cls, folder: Path) -> "_LocalChroma":
        key = str(folder.resolve())
        if key not in cls._open:
            cls._open[key] = cls(folder)
        return cls._open[key]

    def _connect(self) -> None:
        import chromadb
        from chromadb.config import Settings as ChromaSettings

        self.folder.mkdir(parents=True, exist_ok=True)
        self.client = chromadb.PersistentClient(path=str(self.folder),
                                                settings=ChromaSettings(anonymized_telemetry=False, allow_reset=False))
        self._collections = {}

    def collection(self, name: str):
        if name not in self._collections:
            self._collections[name] = self.client.get_or_create_collection(
                name, embedding_function=None, metadata={"hnsw:space": "cosine"})
        return self._collections[name]

    def refresh(self, version: int) -> None:
        with self.lock:
            if self.seen_version is not None and version != self.seen_version:
                self._reload()
            self.seen_version = version

    def _reload(self) -> None:
        from chromadb.api.shared_system_client import SharedSystemClient

        identifier = self.client._identifier
        self.client.close()
        # Chroma shares one system per path within a process: stop it so the next client reads the disk
        system = SharedSystemClient._identifier_to_system.pop(identifier, None)
        SharedSystemClient._identifier_to_refcount.pop(identifier, None)
        if system is not None:
            system.stop()
        self._connect()


class VectorStore:
    """One Chroma collection per embedding model (vectors of different models never mix)."""

    def __init__(self, folder: Path, collection: str, chroma_url: str = "") -> None:
        import chromadb
        from chromadb.config import Settings as ChromaSettings

        self.collection_name = collection
        self._local: _LocalChroma | None = None
        if chroma_url:
            u = urlparse(chroma_url if "://" in chroma_url else f"http://{chroma_url}")
            try:
                self._client = chromadb.HttpClient(host=u.hostname or "127.0.0.1", port=u.port or 8000,
                                                   ssl=u.scheme == "https",
                                                   settings=ChromaSettings(anonymized_telemetry=False))
                self._client.heartbeat()
            except Exception as e:
                raise StoreUnavailable(chroma_url, e.__class__.__name__) from e
            self.where = chroma_url
            self._server_col = self._client.get_or_create_collection(
                collection, embedding_function=None, metadata={"hnsw:space": "cosine"})
        else:
            self._local = _LocalChroma.of(folder)
            self.where = str(folder)
            self._local.collection(collection)

    @property
    def _col(self):
        return self._local.collection(self.collection_name) if self._local else self._server_col

    def _guard(self):
        return self._local.lock if self._local else contextlib.nullcontext()

    def refresh(self, version: int) -> None:
        """Make sure reads see every write up to the archive's `version` (a server always does)."""
        if self._local:
            self._local.refresh(version)

    def wrote(self, version: int) -> None:
        """This process wrote `version` itself: its store has it already."""
        if self._local:
            self._local.seen_version = version

    def add_chunks(self, chunks: Sequence[StoredChunk], vectors: np.ndarray) -> None:
        """The chunks' vectors, with what search filters on (document, page, kind, date, source)."""
        self.add([c.id for c in chunks], vectors,
                 [{"doc_id": c.doc_id, "page": c.page, "kind": c.kind, "date_num": c.date_num, "source": c.source}
                  for c in chunks])

    def add(self, ids: Sequence[str], vectors: np.ndarray, metadatas: Sequence[dict[str, Any]]) -> None:
        with self._guard():
            for i in range(0, len(ids), 1000):
                self._col.upsert(ids=list(ids[i:i + 1000]), embeddings=vectors[i:i + 1000].tolist(),
                                 metadatas=list(metadatas[i:i + 1000]))

    def delete_document(self, doc_id: str) -> None:
        with self._guard():
            self._col.delete(where={"doc_id": doc_id})

    def ids_of(self, doc_id: str) -> list[str]:
        with self._guard():
            return self._col.get(where={"doc_id": doc_id}, include=[])["ids"]

    def count(self) -> int:
        with self._guard():
            return self._col.count()

    def query(self, vector: np.ndarray, n: int, filters: Filters | None = None) -> list[tuple[str, float]]:
        """The `n` nearest chunks that pass `filters`, as (id, cosine similarity)."""
        where = filters.vector_where() if filters else None
        with self._guard():
            total = self._col.count()
            if total == 0:
                return []
            res = self._col.query(query_embeddings=[vector.tolist()], n_results=min(n, total), where=where,
                                  include=["distances"])
        return [(i, 1.0 - d) for i, d in zip(res["ids"][0], res["distances"][0])]
