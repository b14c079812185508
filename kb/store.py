"""The vector store: ChromaDB, embedded on disk by default, or a Chroma server shared by a team.

Vectors are always passed in explicitly: Chroma's default embedding function downloads a model
on first use and fails offline, so collections are made with `embedding_function=None`.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Sequence
from urllib.parse import urlparse

import numpy as np

os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")


class StoreUnavailable(RuntimeError):
    """The Chroma server in BAYEGAN_CHROMA_URL does not answer; the message says what to check."""


class VectorStore:
    """One Chroma collection per embedding model (vectors of different models never mix)."""

    def __init__(self, folder: Path, collection: str, chroma_url: str = "") -> None:
        import chromadb
        from chromadb.config import Settings as ChromaSettings

        chroma_settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
        if chroma_url:
            u = urlparse(chroma_url if "://" in chroma_url else f"http://{chroma_url}")
            try:
                self._client = chromadb.HttpClient(host=u.hostname or "127.0.0.1", port=u.port or 8000,
                                                   ssl=u.scheme == "https", settings=chroma_settings)
                self._client.heartbeat()
            except Exception as e:
                raise StoreUnavailable(
                    f"the Chroma server at {chroma_url} does not answer ({e.__class__.__name__}). Start it with "
                    "`chroma run --path DIR --host 127.0.0.1 --port 8000`, or unset BAYEGAN_CHROMA_URL "
                    "to use the archive's own embedded store.") from e
            self.where = chroma_url
        else:
            folder.mkdir(parents=True, exist_ok=True)
            self._client = chromadb.PersistentClient(path=str(folder), settings=chroma_settings)
            self.where = str(folder)
        self.collection_name = collection
        self._col = self._client.get_or_create_collection(
            collection, embedding_function=None, metadata={"hnsw:space": "cosine"})

    def add(self, ids: Sequence[str], vectors: np.ndarray, metadatas: Sequence[dict[str, Any]]) -> None:
        for i in range(0, len(ids), 1000):
            self._col.upsert(ids=list(ids[i:i + 1000]), embeddings=vectors[i:i + 1000].tolist(),
                             metadatas=list(metadatas[i:i + 1000]))

    def delete_document(self, doc_id: str) -> None:
        self._col.delete(where={"doc_id": doc_id})

    def ids_of(self, doc_id: str) -> list[str]:
        return self._col.get(where={"doc_id": doc_id}, include=[])["ids"]

    def count(self) -> int:
        return self._col.count()

    def query(self, vector: np.ndarray, n: int, where: dict[str, Any] | None = None) -> list[tuple[str, float]]:
        """The `n` nearest chunks as (id, cosine similarity)."""
        total = self.count()
        if total == 0:
            return []
        res = self._col.query(query_embeddings=[vector.tolist()], n_results=min(n, total), where=where or None,
                              include=["distances"])
        return [(i, 1.0 - d) for i, d in zip(res["ids"][0], res["distances"][0])]

    def all_ids(self) -> list[str]:
        return self._col.get(include=[])["ids"]
