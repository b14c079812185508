"""Grounded answers without a generative model: the sentence that answers, quoted with its
page, and inside it the span the question asks for.

The small local model is the embedding model: it ranks the sentences of the retrieved
passages against the question (with the question's words as a second vote). Then the kind of
question picks the span: «چقدر/چند/چند درصد» a figure (as ingest found it), «کی/چه سالی» a date
or year, otherwise the shortest run of the sentence that the question's words point to. When
the best sentence is too weak, the answer says the archive does not say.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field, replace
from typing import Any, Callable

import numpy as np

from ingest import Figure
from ingest.lexicon import is_verb_form

from .chunking import split_sentences
from .folding import STOPWORDS, fold, index_tokens, word_run
from .generators import Found, Generator, Passage, grounded_prompt
from .grounding import verify
from .query import Filters, Query
from .reading import Reader
from .reading_model import ReadingModel
from .search import Hit

# calibrated on the dev set's unanswerable questions by bench/answers.py (see README): at 0.90
# 97% of answerable questions are answered and 11% of the (adversarial) unanswerable abstained
ABSTAIN_BELOW = 0.90
LEXICAL_VOTE = 0.15  # the question's words' vote beside the embedding; swept 0–1 by bench/answers.py

_FIGURE_Q = re.compile(r"چقدر|چه\s*قدر|چند(?!م)|چه میزان|چه مقدار|\bhow (much|many)\b|\bwhat (percentage|share|amount)\b", re.I)
_PERCENT_Q = re.compile(r"درصد|percent|%|٪", re.I)
_DATE_Q = re.compile(r"(?<![\u0600-\u06ff])کی(?![\u0600-\u06ff])|چه سال|چه زمان|چه تاریخ|چه روز|چه ماه|چه قرن|"
                     r"کدام سال|\bwhen\b|\bwhat year\b|\bwhich year\b", re.I)
_QUESTION_WORDS = {fold(w) for w in """کجا کجاست کی کیست چه چی چیست چطور چگونه چرا کدام چند چقدر آیا است بود
    شد می نمی را را؟ نام""".split()}


@dataclass
class Quote:
    """A sentence quoted from the archive, with where it is and the answer span inside it."""

    text: str
    doc_id: str
    title: str
    page: int
    score: float
    span: tuple[int, int] | None = None  # the answer inside `text`
    chunk_id: str = ""
    bboxes: list[tuple[float, float, float, float]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class Answer:
    """What the archive says about a question: the answer, the quoted sentences, citations,
    or an abstention that says why."""

    question: str
    text: str  # the answer ("" when abstaining)
    kind: str  # "figure", "date", "span" or "sentence"
    quotes: list[Quote] = field(default_factory=list)
    abstained: bool = False
    reason: str = ""
    confidence: float = 0.0
    generation: "Generation | None" = None  # what a generative model wrote, verified or not

    @property
    def citations(self) -> list[str]:
        return [f"{q.title}، ص {q.page}" for q in self.quotes]

    def to_dict(self) -> dict[str, Any]:
        d = dict(self.__dict__)
        d["quotes"] = [q.to_dict() for q in self.quotes]
        d["citations"] = self.citations
        d["generation"] = self.generation.__dict__ if self.generation else None
        return d


@dataclass
class Generation:
    """A generative model's answer and whether the verification gate let it through."""

    text: str
    model: str
    verified: bool
    unsupported: list[str] = field(default_factory=list)  # what it stated that its sources do not
    cited: list[int] = field(default_factory=list)  # the passages it cites (numbers in the prompt)
    pieces: int = 0  # streamed pieces (≈ tokens)
    seconds: float = 0.0


def question_kind(question: str) -> str:
    if _FIGURE_Q.search(question):
        return "figure"
    if _DATE_Q.search(question):
        return "date"
    return "span"


def answer(reader: Reader, question: str, k: int = 6, threshold: float | None = None,
           generator: Generator | None = None, on_token: Callable[[str], None] | None = None,
           method: str | None = None, **filters: Any) -> Answer:
    """Answer `question` from the archive's text, quoted and cited, or abstain. The span comes
    from the trained reader (`method="model"`, the default when it is installed) or the span
    rules (`"rules"`); `threshold` overrides the abstention threshold of either (0–1). With a
    generator, its answer (streamed to `on_token`) replaces the quoted one only if it passes
    the verification gate. `filters`: source, date_from, date_to, doc_id, kind."""
    query = Query(question, Filters(**filters))
    hits = reader.search(query, k=k, per_document=2)
    model = reader.reading_model if method != "rules" else None
    if model is not None:
        extractive = _read(reader, model, query, hits, threshold)
    else:
        extractive = _extractive(reader, query, hits, ABSTAIN_BELOW if threshold is None else threshold)
    if generator is None or extractive.abstained:
        return extractive
    return _generative(question, hits, extractive, generator, on_token)


GENERATION_PASSAGES = 4  # the best passages the model reads (≈1,000 tokens)
_MODEL_ABSTAINS = re.compile(r"پاسخی به این پرسش ندار|در منابع نیامده|do not say", re.I)


def _generative(question: str, hits: list[Hit], extractive: Answer, generator: Generator,
                on_token: Callable[[str], None] | None) -> Answer:
    """The model phrases the answer the reader found (its passage among those it reads); what it
    writes is shown only if the gate finds every figure, date and name in the passages it cites
    and it kept the answer found."""
    quote = extractive.quotes[0] if extractive.quotes else None
    holding = next((i for i, h in enumerate(hits) if quote and quote.chunk_id and h.chunk_id == quote.chunk_id), None)
    if holding is not None and holding >= GENERATION_PASSAGES:  # the reader's passage, ranked lower by search
        hits = hits[:GENERATION_PASSAGES - 1] + [hits[holding]]
        holding = GENERATION_PASSAGES - 1
    hits = hits[:GENERATION_PASSAGES]
    passages = [Passage(i + 1, h.text, h.title, h.page, h.doc_id) for i, h in enumerate(hits)]
    found = Found(extractive.text, quote.text, holding + 1) if quote is not None and holding is not None else None
    pieces: list[str] = []
    started = time.perf_counter()
    for piece in generator.stream(grounded_prompt(question, passages, found)):
        pieces.append(piece)
        if on_token:
            on_token(piece)
    text = "".join(pieces).strip()
    check = verify(text, {p.number: p.text for p in passages}, question)
    generation = Generation(text, generator.name, check.passed and bool(text), check.unsupported, check.cited,
                            len(pieces), time.perf_counter() - started)
    if not text or _MODEL_ABSTAINS.search(text):
        extractive.generation = replace(generation, verified=False)
        extractive.reason = "the model found no answer in the passages; the quoted sentence is shown"
        return extractive
    why = check.reason
    if generation.verified and found is not None and word_run(found.answer) not in word_run(text):
        generation = replace(generation, verified=False)
        why = f"it does not keep the answer found («{found.answer}»)"
    if not generation.verified:
        extractive.generation = generation
        extractive.reason = f"the generated answer is not shown: {why}"
        return extractive
    by_number = {p.number: (p, hits[p.number - 1]) for p in passages}
    quotes = [Quote(p.text, p.doc_id, p.title, p.page, extractive.confidence, None, h.chunk_id, list(h.bboxes))
              for p, h in (by_number[n] for n in check.cited)]
    return Answer(question, text, "generated", quotes, confidence=extractive.confidence, generation=generation)


READ_SENTENCES = 3  # the ranker's best sentences whose passages the reader reads (bench/answers.py --sentences)


def _read(reader: Reader, model: ReadingModel, query: Query, hits: list[Hit], threshold: float | None) -> Answer:
    """The passages that hold the ranker's three best sentences, read whole by the trained
    reader, and the span it is surest of (inside one sentence); an abstention when the reader
    finds "no answer" likelier than its best span (threshold set on its dev articles). Measured
    in bench/answers.py (news questions; PersianQA): the answer's sentence was quoted 0.59 (0.60)
    of the time reading inside the best sentence only, 0.80 (0.65) inside the best three,
    0.82 (0.70) reading their passages whole; the passages of five sentences, no better."""
    question = query.text
    kind = question_kind(question)
    ranked = _ranked_sentences(reader, query, hits)
    if not ranked:
        return Answer(question, "", kind, abstained=True, reason="nothing in the archive matches the question")
    passages: dict[int, list[_Sentence]] = {id(c.hit): [] for c in ranked[:READ_SENTENCES]}
    for c in ranked:
        if id(c.hit) in passages:
            passages[id(c.hit)].append(c)
    groups = list(passages.values())
    spans = model.read(query.repaired, [g[0].hit.text for g in groups],
                       within=[[(c.start, c.end) for c in g] for g in groups])
    span = max(spans, key=lambda r: r.margin)
    best = next((c for c in groups[span.passage] if c.start <= span.start < c.end), groups[span.passage][0])
    quote = best.quote
    quote.score = confidence = _probability(span.margin)
    floor = _probability(model.threshold) if threshold is None else threshold
    if confidence < floor:
        return Answer(question, "", kind, [quote], abstained=True, confidence=confidence,
                      reason="the archive does not say: the reader found no answer in the best passages")
    quote.span, found = (span.start - best.start, span.end - best.start), "span"
    if SNAP_TO_FIGURES and kind in ("figure", "date"):
        figure = _figure_at(quote.text, best.figures, quote.span, kind)
        if figure:
            quote.span, found = figure, kind
    return Answer(question, quote.text[quote.span[0]:quote.span[1]], found, [quote], confidence=confidence)


# the reader finds where the answer is; for a figure or a date, ingest's figure there gives its
# exact extent («هزار و ۱۰۰ متر مکعب», not «۱۰۰ مترمکعب»): bench/answers.py measures both
SNAP_TO_FIGURES = True


def _figure_at(sentence: str, figures: list[Figure], span: tuple[int, int], kind: str) -> tuple[int, int] | None:
    """The extent of the figure of the asked kind that the reader's span overlaps (the figure
    with the thing it counts), or None."""
    dated = kind == "date"
    for f in figures:
        if (f.unit in ("date", "year")) != dated or f.end <= span[0] or f.start >= span[1]:
            continue
        end = f.end
        rest = sentence[end:]
        if f.counts and rest.lstrip().startswith(f.counts):
            end += len(rest) - len(rest.lstrip()) + len(f.counts)
        hedged = span[0] < f.start and sentence[span[0]:f.start].strip() in _HEDGE_WORDS  # «بیش از ۲۲۴ میلیارد ریال»
        return (span[0] if hedged else f.start), end
    return None


_HEDGE_WORDS = {"حدود", "بیش از", "کمتر از", "نزدیک به", "بالغ بر", "حدوداً", "تقریباً", "دست‌کم", "حداقل", "حداکثر"}


def _probability(margin: float) -> float:
    """The reader's margin (span logit over "no answer" logit) as a 0–1 score."""
    return float(1 / (1 + np.exp(-margin)))


@dataclass
class _Sentence:
    """A candidate sentence: its quote, where it sits in its passage, the figures ingest found in it."""

    quote: Quote
    hit: Hit
    start: int
    end: int
    figures: list[Figure]


def _ranked_sentences(reader: Reader, query: Query, hits: list[Hit]) -> list[_Sentence]:
    """The passages' sentences, best first: e5-small's similarity to the question plus a small
    vote of the question's words (Quote.score)."""
    found: list[_Sentence] = []
    for h in hits:
        for s, e in split_sentences(h.text):
            quote = Quote(h.text[s:e], h.doc_id, h.title, h.page, 0.0, None, h.chunk_id, list(h.bboxes))
            found.append(_Sentence(quote, h, s, e, h.figures_between(s, e)))
    if not found:
        return found
    qvec = reader.sentence_query_vector(query.repaired)
    svecs = reader.sentence_vectors([c.quote.text for c in found])
    q_tokens = _content_tokens(query.text)
    for c, v in zip(found, svecs):
        overlap = len(q_tokens & set(index_tokens(c.quote.text))) / len(q_tokens) if q_tokens else 0.0
        c.quote.score = float(np.dot(qvec, v)) + LEXICAL_VOTE * overlap
    found.sort(key=lambda c: -c.quote.score)
    return found


def _extractive(reader: Reader, query: Query, hits: list[Hit], threshold: float) -> Answer:
    question = query.text
    kind = question_kind(question)
    ranked = _ranked_sentences(reader, query, hits)
    if not ranked:
        return Answer(question, "", kind, abstained=True, reason="nothing in the archive matches the question")
    candidates = [c.quote for c in ranked]
    figures = {id(c.quote): c.figures for c in ranked}  # id(quote) → the figures ingest found in its sentence
    best = candidates[0]
    if best.score < threshold:
        return Answer(question, "", kind, [best], abstained=True, confidence=best.score,
                      reason="the archive does not say: no sentence answers the question closely enough")
    if kind in ("figure", "date"):
        for c in candidates[:3]:
            span = _typed_span(c.text, figures[id(c)], kind, question)
            if span:
                c.span = span
                return Answer(question, c.text[span[0]:span[1]], kind, [c], confidence=c.score)
    best.span = _pointed_span(best.text, question)
    text = best.text[best.span[0]:best.span[1]] if best.span else best.text
    return Answer(question, text, "span" if best.span else "sentence", [best], confidence=best.score)


def _content_tokens(text: str) -> set[str]:
    return {t for t in index_tokens(text) if t not in _QUESTION_WORDS and t not in STOPWORDS}


def _typed_span(sentence: str, figures: list[Figure], kind: str, question: str) -> tuple[int, int] | None:
    if kind == "date":
        wanted = [f for f in figures if f.unit in ("date", "year")]
    else:
        wanted = [f for f in figures if f.unit not in ("date", "year", "time")]
        if _PERCENT_Q.search(question):
            wanted = [f for f in wanted if f.unit == "percent"] or wanted
    if not wanted:
        return None
    # the figure with the most of the question's words close around it
    anchors = _anchor_positions(sentence, question)
    if anchors:
        wanted.sort(key=lambda f: -sum(1 / (1 + abs(f.start - a) / 10) for a in anchors if abs(f.start - a) < 60))
    f = wanted[0]
    end = f.end
    rest = sentence[end:]
    if f.counts and rest.lstrip().startswith(f.counts):  # «۱٫۵ میلیون بشکه»: the thing counted too
        end += len(rest) - len(rest.lstrip()) + len(f.counts)
    return f.start, end


_TOKEN = re.compile(r"[^\s،,.:;!?؟«»()\"]+")


def _anchor_positions(sentence: str, question: str) -> list[int]:
    q = _content_tokens(question)
    return [m.start() for m in _TOKEN.finditer(sentence) if set(index_tokens(m.group(0))) & q]


_PREDICATE_WORDS = {"قرار", "است", "بود", "شد", "شده", "هست", "نیست", "دارد", "داشت", "کرد", "کرده", "نمود",
                    "گرفت", "داد", "رسید", "یافت", "باشد", "گردید", "نام", "عنوان", "همچنین", "سپس", "نیز",
                    "بنابراین", "اما", "ولی", "معنی", "معنای"}


def _is_predicate(word: str) -> bool:
    w = fold(word)
    return w in _PREDICATE_WORDS or w.startswith(("می\u200c", "نمی\u200c")) or is_verb_form(w)


def _pointed_span(sentence: str, question: str, longest: int = 6) -> tuple[int, int] | None:
    """The shortest run of words the question's words point to: the run of the sentence's
    words that the question does not contain, next to the words it does."""
    words = list(_TOKEN.finditer(sentence))
    if not words:
        return None
    q = _content_tokens(question)
    inside = [bool(set(index_tokens(w.group(0))) & q) for w in words]
    if not any(inside):
        return None
    # the predicate (قرار دارد، است، می‌شود) is never the answer: it bounds runs like the question's words
    outside = [inside[k] or _is_predicate(w.group(0)) for k, w in enumerate(words)]
    runs: list[tuple[int, int]] = []
    i = 0
    while i < len(words):
        if outside[i] or fold(words[i].group(0)) in STOPWORDS:
            i += 1
            continue
        j = i
        while j + 1 < len(words) and not outside[j + 1]:
            j += 1
        while j > i and fold(words[j].group(0)) in STOPWORDS:
            j -= 1
        runs.append((i, j))
        i = j + 1
    if not runs:
        return None

    def distance(run: tuple[int, int]) -> int:
        a, b = run
        return min(min(abs(a - x), abs(b - x)) for x, flag in enumerate(inside) if flag)

    runs.sort(key=lambda r: (distance(r), r[1] - r[0] + 1 > longest, r[1] - r[0]))
    a, b = runs[0]
    b = min(b, a + longest - 1)
    return words[a].start(), words[b].end()
