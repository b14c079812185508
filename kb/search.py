"""Search: a query's passages from the vector store and the BM25 index, fused, grouped by
article, with highlighted snippets.

Fusion. Reciprocal-rank fusion throws the scores away, and on Persian sets it scored below the
dense model alone on natural queries and below BM25 alone on queries that reuse the passage's
words. We fuse the scores themselves instead, each list put on one scale by its own spread
(z-scores over its candidates: how far above this query's typical candidate a passage stands),
and the fused score is `w·dense + (1−w)·bm25`, with BM25's share growing with how much of the
query the lexical index matched (a query of rare names and figures leans on BM25, a
paraphrase on the dense model). A passage only one retriever found gets the other's lowest
score. `w` is tuned per embedder on the dev sets by bench/retrieval.py.

Why z-scores, measured (bench/retrieval.py, e5-small, natural questions): scaled by its best
score, every cosine of a query's candidates lands within a few hundredths of 1 while BM25's
spread over the whole 0–1, so BM25 decided the order and the hybrid fell below the dense path
it was built on (R@5 0.940 against 0.966, MRR 0.828 against 0.859); on z-scores the hybrid is
at or above both paths on every set.

The query is read once (`kb.query.Query`: repaired text, tokens, filters); the vector store,
the BM25 index, the snippets and the callers (answers, fact-checks) all reuse it.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from typing import TYPE_CHECKING, Any, Callable

import numpy as np

from ingest import Figure

from .catalogue import Catalogue, StoredChunk
from .errors import EmptyArchive
from .folding import highlight_spans, word_run
from .lexical import LexicalIndex
from .query import Query

if TYPE_CHECKING:
    from .store import VectorStore

# the dense model's share, per embedder, tuned on the dev set by bench/retrieval.py (README)
DENSE_WEIGHTS = {"gemma": 0.8, "e5-small": 0.5}
DENSE_WEIGHT = 0.6  # for an embedder not tuned yet
CANDIDATES = 50  # from each retriever, before fusion
QUOTE_WORDS = 6  # a query of this many words or more, found word for word in a passage, is a quotation
MODES = ("hybrid", "dense", "lexical")

Candidates = tuple[list[tuple[str, float]], list[tuple[str, float]], float]  # dense, lexical, coverage


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
    figures: list[Figure] = field(default_factory=list)  # found by ingest; spans in `text`
    dense: float = 0.0  # the two scores behind `score`, for the curious and for tuning
    lexical: float = 0.0
    more: int = 0  # further matching passages of the same document, folded into this hit
    relevance: str = ""  # "strong", "related" or "weak" (`relevance_of`); "" for rank fusion or a tiny archive
    copy_of: str = ""  # the first-added document of the same story (kb/copies.py)
    also_in: list[dict[str, str]] = field(default_factory=list)  # the story's other documents: doc_id, title, source, date

    @classmethod
    def of(cls, chunk: StoredChunk, score: float, dense: float = 0.0, lexical: float = 0.0) -> "Hit":
        return cls(chunk.doc_id, chunk.title, chunk.text, chunk.page, score, chunk.id, chunk.kind, chunk.date,
                   chunk.source, bboxes=list(chunk.bboxes), start=chunk.start, end=chunk.end,
                   figures=chunk.figures, dense=dense, lexical=lexical, copy_of=chunk.copy_of)

    def figures_between(self, start: int, end: int) -> list[Figure]:
        """The figures ingest found inside `text[start:end]` (a sentence), spans made relative to it."""
        return [replace(f, start=f.start - start, end=f.end - start) for f in self.figures
                if start <= f.start and f.end <= end]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


# How far a hit's fused score stands above this query's typical candidate tells a reader how much
# to trust it. Measured by bench/relevance.py on 500 dev questions (250 PersianQA, 250 ParsiNLU
# natural queries, the EmbeddingGemma archive of bench/retrieval.py, 10 hits each): the relevant
# document's hit scored ≥ 2.0 in 481 of 498 cases and < 1.0 in 5, while 3,340 of the 4,502 other
# hits scored < 1.0; no relevant hit scored below max(0.5, 0.2 × the best hit's score), where 3,129
# of the others (70%) lie.
STRONG, RELATED = 2.0, 1.0
TAIL_FLOOR, TAIL_SHARE = 0.5, 0.2
# A z-score over n candidates is at most (n−1)/√n: 1.2 over 3, 2.8 over 10. Over fewer than
# this many the thresholds above, measured on pools of 50+, do not hold (the exact match in a
# one-document archive came out "weak"): such hits get no cue and nothing is cut.
MIN_POOL = 20


def relevance_of(score: float) -> str:
    """"strong", "related" or "weak": a cue beside each hit, so weak ones do not pass for strong."""
    return "strong" if score >= STRONG else "related" if score >= RELATED else "weak"


def without_tail(hits: list[Hit]) -> list[Hit]:
    """The hits that stand out, the weak tail under them cut (fused scores only): none of the
    498 relevant hits measured above fell in it, 70% of the others did."""
    if not hits or not hits[0].relevance:  # rank fusion, or too few candidates: no strength to cut by
        return hits
    floor = max(TAIL_FLOOR, TAIL_SHARE * hits[0].score)
    return [h for h in hits if h.score >= floor]


class Searcher:
    """Retrieval over one archive's parts. The vector store and the embedder are given as
    functions: they load on first use, and a lexical search never loads them."""

    def __init__(self, catalogue: Catalogue, lexical: LexicalIndex, store: Callable[[], "VectorStore"],
                 embed_query: Callable[[str], np.ndarray], dense_weight: float,
                 check_vectors: Callable[[], None]) -> None:
        self._catalogue = catalogue
        self._lexical = lexical
        self._store = store
        self._embed_query = embed_query
        self.dense_weight = dense_weight
        self._check_vectors = check_vectors

    def search(self, query: Query, k: int = 10, *, per_document: int = 1, mode: str = "hybrid",
               method: str = "scores", dense_weight: float | None = None,
               vector: np.ndarray | None = None) -> list[Hit]:
        """The `k` best passages, at most `per_document` per article (0: no grouping), each with
        its relevance."""
        want = max(CANDIDATES, k * (per_document or 1) * 3)
        found = self.candidates(query, want, mode=mode, vector=vector)
        weight = self.dense_weight if dense_weight is None else dense_weight
        fused = fuse(*found, weight=weight, method=method)
        hits = self.hits(query, fused, k, per_document)
        if method != "scores" or len(fused) < MIN_POOL:  # rank fusion's scores, or too few to judge
            return hits
        for h in hits:
            h.relevance = relevance_of(h.score)
        return hits

    def candidates(self, query: Query, n: int = CANDIDATES, *, mode: str = "hybrid",
                   vector: np.ndarray | None = None) -> Candidates:
        """Each retriever's `n` best chunks before fusion: (dense, lexical, lexical coverage)."""
        if mode not in MODES:
            raise ValueError(f"mode must be one of {', '.join(MODES)}, not {mode!r}")
        if self._catalogue.ready_count() == 0:
            raise EmptyArchive(str(self._catalogue.path.parent))
        if mode != "lexical":
            self._check_vectors()
        dense: list[tuple[str, float]] = []
        lexical: list[tuple[str, float]] = []
        coverage = 0.0
        version = self._catalogue.version()
        if mode in ("hybrid", "dense"):
            vector = self._embed_query(query.repaired) if vector is None else vector
            store = self._store()
            store.refresh(version)  # another process (an ingest beside the app) may have written
            dense = store.query(vector, n, query.filters)
        if mode in ("hybrid", "lexical"):
            allowed = set(self._catalogue.chunk_ids(query.filters)) if query.filters else None
            lexical, coverage = self._lexical.search(query.tokens, n, version, allowed)
        return dense, lexical, coverage

    def hits(self, query: Query, fused: list[tuple[str, float, float, float]], k: int,
             per_document: int = 1) -> list[Hit]:
        """Fused (chunk id, score, dense, lexical) → Hits with snippets, grouped by document."""
        chunks = self._catalogue.chunks_by_id([i for i, *_ in fused])
        hits = [Hit.of(chunks[cid], score, d, lx) for cid, score, d, lx in fused
                if cid in chunks]  # a chunk missing: its document is being added or removed right now
        hits = quoted_first(hits, query)
        hits = group_by_document(hits, per_document)
        if per_document == 1:
            hits = fold_copies(hits)
        hits = hits[:k]
        for h in hits:
            h.snippet, h.highlights = snippet(h.text, query)
            if per_document == 1:
                h.also_in = [{"doc_id": c.id, "title": c.title, "source": c.source, "date": c.date}
                             for c in self._catalogue.copies(h.doc_id)]
        return hits


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
        zd, zl = _z_scores(dense), _z_scores(lexical)
        floor_d, floor_l = min(zd.values(), default=0.0), min(zl.values(), default=0.0)
        w = 1.0 - (1.0 - weight) * coverage if lexical and dense else (1.0 if dense else 0.0)
        scored = [(i, w * zd.get(i, floor_d) + (1 - w) * zl.get(i, floor_l), d.get(i, 0.0), lx.get(i, 0.0))
                  for i in ids]
    scored.sort(key=lambda t: -t[1])
    return scored


def quoted_first(hits: list[Hit], query: Query) -> list[Hit]:
    """A sentence pasted from the archive finds its own passage first: a passage holding the
    query's words in order (folded, ZWNJ or not) goes ahead of every other. The embedding of a
    long passage can be nearer to another passage of the same article (a lead story's last
    sentence, on its jump page, lost to its first page), and a journalist or a translator who
    pastes a sentence means that one."""
    words = query.word_run
    if len(words.split()) < QUOTE_WORDS:
        return hits
    holds = [words in word_run(h.text) for h in hits]
    return [h for h, q in zip(hits, holds) if q] + [h for h, q in zip(hits, holds) if not q]


def _z_scores(scored: list[tuple[str, float]]) -> dict[str, float]:
    """Each candidate's distance from the list's mean, in the list's standard deviations."""
    if not scored:
        return {}
    values = np.array([v for _, v in scored], dtype=np.float64)
    z = (values - values.mean()) / (values.std() or 1.0)
    return {i: float(v) for (i, _), v in zip(scored, z)}


def snippet(text: str, query: Query, width: int = 260) -> tuple[str, list[tuple[int, int]]]:
    """A window of `text` around the densest run of query words, and the words' spans in it."""
    spans = highlight_spans(text, query.token_set)
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


def fold_copies(hits: list[Hit]) -> list[Hit]:
    """One hit per story: a copy of a story already shown (the same wire story under another
    agency's name, kb/copies.py) is left out; the shown hit names every copy (`also_in`)."""
    shown: set[str] = set()
    out = []
    for h in hits:
        story = h.copy_of or h.doc_id
        if story not in shown:
            shown.add(story)
            out.append(h)
    return out


def group_by_document(hits: list[Hit], per_document: int) -> list[Hit]:
    """At most `per_document` hits per article (best first); the rest counted in `more`.

    One hit per article is what people are shown, and a headline alone says no more than the
    hit's title: when it is an article's best passage, the article's best other passage takes
    its place, at the article's rank and with its score."""
    if per_document <= 0:
        return hits
    kept: dict[str, list[Hit]] = {}
    out = []
    for h in hits:
        group = kept.setdefault(h.doc_id, [])
        if len(group) < per_document:
            group.append(h)
            out.append(h)
        elif per_document == 1 and group[0].kind == "headline" and h.kind != "headline":
            headline = group[0]
            h.score, h.more = headline.score, headline.more + 1
            out[next(i for i, o in enumerate(out) if o is headline)] = group[0] = h
        else:
            group[0].more += 1
    return out
