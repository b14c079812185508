"""A query, read once: the words a user typed, repaired as the archive's text was, its index
tokens, and its filters. Every later step (dense search, BM25, snippets, answers, fact-checks)
reuses what is computed here instead of repairing or tokenising the text again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from ingest import repair_text

from .dates import date_number, last_date_number
from .errors import InvalidDate
from .folding import query_tokens, word_run


@dataclass(frozen=True)
class Filters:
    """What a search is limited to: a source, a date range (either calendar), a document, a
    block kind. Dates are checked and converted once, here."""

    source: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    doc_id: str | None = None
    kind: str | None = None
    date_from_num: int = field(default=0, init=False)  # Gregorian yyyymmdd, 0 = open
    date_to_num: int = field(default=0, init=False)

    def __post_init__(self) -> None:
        for name, value, parse in (("date_from_num", self.date_from, date_number),
                                   ("date_to_num", self.date_to, last_date_number)):
            if value:
                n = parse(str(value))
                if not n:
                    raise InvalidDate(str(value))
                object.__setattr__(self, name, n)

    def __bool__(self) -> bool:
        return bool(self.source or self.doc_id or self.kind or self.date_from_num or self.date_to_num)

    def vector_where(self) -> dict[str, Any] | None:
        """The same filters as a Chroma `where` clause (None: no filter)."""
        conds: list[dict[str, Any]] = []
        for key, value in (("source", self.source), ("doc_id", self.doc_id), ("kind", self.kind)):
            if value:
                conds.append({key: value})
        if self.date_from_num:
            conds.append({"date_num": {"$gte": self.date_from_num}})
        if self.date_to_num:
            conds.append({"date_num": {"$lte": self.date_to_num}})
        return None if not conds else conds[0] if len(conds) == 1 else {"$and": conds}


@dataclass(frozen=True)
class Query:
    """What the user asked, read once.

    `repaired` is the text after the archive's own `repair_text` (ي→ی, ك→ک, lost ZWNJ,
    kashida): the embedder, unlike BM25, sees spellings as different words, so it must see the
    query spelled as the archive's text is. `tokens` are the BM25 tokens (kb/folding.py)."""

    text: str
    filters: Filters = Filters()

    @cached_property
    def repaired(self) -> str:
        return repair_text(self.text, reflow=False)

    @cached_property
    def tokens(self) -> list[str]:
        return query_tokens(self.text)

    @cached_property
    def word_run(self) -> str:
        return word_run(self.text)

    @cached_property
    def token_set(self) -> frozenset[str]:
        return frozenset(self.tokens)


def as_query(query: "str | Query", **filters: Any) -> Query:
    """`query` as a Query; a string gets `filters` (source, date_from, date_to, doc_id, kind). A
    Query carries its own filters: giving others beside it is a mistake, not silently ignored."""
    if isinstance(query, Query):
        if any(v is not None for v in filters.values()):
            raise TypeError("a Query carries its own filters: put them in Query(text, Filters(...))")
        return query
    return Query(query, Filters(**filters))
