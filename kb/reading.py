"""What answers, briefs, fact-checks and summaries read from an archive, and nothing more.

`kb.Archive` is one `Reader`; the feature modules are written against this small interface, so
that they never import the archive (which imports them) and a test can hand them any reader.
"""

from __future__ import annotations

from typing import Any, Iterable, Protocol, Sequence

import numpy as np

from .catalogue import DocumentInfo, StoredChunk
from .query import Query
from .reading_model import ReadingModel
from .search import Hit


class Reader(Protocol):
    def search(self, query: str | Query, k: int = 10, *, per_document: int = 1, **options: Any) -> list[Hit]:
        """The best passages for a query, best first (kb/search.py)."""

    def documents(self) -> list[DocumentInfo]:
        """Every document, oldest first."""

    def document(self, doc_id: str) -> DocumentInfo:
        """One document's catalogue entry (NotInArchive when absent)."""

    def chunks(self, doc_id: str) -> list[StoredChunk]:
        """A document's passages in reading order, with their figures."""

    def known_words(self, tokens: Iterable[str]) -> set[str]:
        """Those of these index tokens (kb/folding.py) that the archive's text holds."""

    def sentence_vectors(self, sentences: Sequence[str]) -> np.ndarray:
        """The sentence ranker's vectors for passages' sentences (cached)."""

    def sentence_query_vector(self, text: str) -> np.ndarray:
        """The sentence ranker's vector for a question or a claim (already repaired)."""

    @property
    def reading_model(self) -> ReadingModel | None:
        """The trained reader that finds answer spans (None: the span rules answer)."""

    def spelled_like(self, skeletons: set[str]) -> list[str]:
        """The archive's words spelled with these consonants (an English name's Persian spellings)."""
