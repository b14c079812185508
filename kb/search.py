"""Hybrid search: dense and BM25 results fused, grouped by article, with highlighted snippets.

Fusion. Reciprocal-rank fusion throws the scores away, and on Persian sets it scored below the
dense model alone on natural queries and below BM25 alone on queries that reuse the passage's
words. We fuse the scores themselves instead: each list is scaled to [0, 1] by its own best
score, and the fused score is `w·dense + (1−w)·bm25`, with BM25's share growing with how much of
the query the lexical index matched (a query of rare names and figures leans on BM25, a
paraphrase on the dense model). `w` is tuned on the dev set by bench/retrieval.py.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .folding import highlight_spans

# the dense model's share, per embedder, tuned on the dev set by bench/retrieval.py (README)
DENSE_WEIGHTS = {"gemma": 0.4, "e5-small": 0.7}
DENSE_WEIGHT = 0.6  # for an embedder not tuned yet
CANDIDATES = 50  # from each retriever, before fusion


@dataclass
class Hit:
    """One passage found: what it says, where it is (document, page, boxes), and why it matched."""

    doc_id: str
    title: str
    text: str  # the chunk's clean text
    page: int
    score: float
    chunk_id: str = ""
    kind: str = ""  # block kind: headline, lead, body, caption…
    date: str = ""
    source: str = ""
    snippet: str = ""  # a window of `text` around the matched words
    highlights: list[tuple[int, int]] = field(default_factory=list)  # spans in `snippet`
    bboxes: list[tuple[float, float, float, float]] = field(default_factory=list)
    start: int = 0  # span in the document's clean text
    end: int = 0
    figures: list[dict[str, Any]] = field(default_factory=list)
    dense: float = 0.0  # the two scores behind `score`, for the curious and for tuning
    lexical: float = 0.0
    more: int = 0  # further matching passages of the same document, folded into this hit

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def fuse(dense: list[tuple[str, float]], lexical: list[tuple[str, float]], coverage: float,
         weight: float = DENSE_WEIGHT, method: str = "scores") -> list[tuple[str, float, float, float]]:
    """(chunk id, fused score, dense score, lexical score), best first.

    `coverage` is the share of the query's tokens that the lexical index knows (0…1).
    `method="rrf"` gives plain reciprocal-rank fusion (k=60), kept for comparison.
    """
    d = dict(dense)
    lx = dict(lexical)
    ids = list(dict.fromkeys([i for i, _ in dense] + [i for i, _ in lexical]))
    if method == "rrf":
        rank_d = {i: r for r, (i, _) in enumerate(dense)}
        rank_l = {i: r for r, (i, _) in enumerate(lexical)}
        scored = [(i, sum(1.0 / (60 + r[i] + 1) for r in (rank_d, rank_l) if i in r), d.get(i, 0.0), lx.get(i, 0.0))
                  for i in ids]
    else:
        top_d = max(d.values(), default=0.0) or 1.0
        top_l = max(lx.values(), default=0.0) or 1.0
        w = weight if lexical else 1.0
        w = 1.0 - (1.0 - w) * coverage if lexical else w
        scored = [(i, w * max(d.get(i, 0.0), 0.0) / top_d + (1 - w) * lx.get(i, 0.0) / top_l,
                   d.get(i, 0.0), lx.get(i, 0.0)) for i in ids]
    scored.sort(key=lambda t: -t[1])
    return scored


def snippet(text: str, query: str, width: int = 260) -> tuple[str, list[tuple[int, int]]]:
    """A window of `text` around the densest run of query words, and the words' spans in it."""
    spans = highlight_spans(text, query)
    if len(text) <= width:
        return text, spans
    if spans:
        best, best_n = spans[0][0], 0
        for s, _ in spans:
            n = sum(1 for a, _ in spans if s <= a < s + width)
            if n > best_n:
                best, best_n = s, n
        start = max(0, min(best - width // 4, len(text) - width))
    else:
        start = 0
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    end = min(len(text), start + width)
    while end < len(text) and not text[end].isspace():
        end += 1
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(text) else ""
    shift = len(prefix) - start
    inside = [(a + shift, b + shift) for a, b in spans if a >= start and b <= end]
    return prefix + text[start:end] + suffix, inside


def group_by_document(hits: list[Hit], per_document: int) -> list[Hit]:
    """At most `per_document` hits per article (best first); the rest counted in `more`."""
    if per_document <= 0:
        return hits
    kept: dict[str, list[Hit]] = {}
    out = []
    for h in hits:
        group = kept.setdefault(h.doc_id, [])
        if len(group) < per_document:
            group.append(h)
            out.append(h)
        else:
            group[0].more += 1
    return out
