"""Fact-checking a claim's figures against the archive: each claimed figure is supported (the
source says the same value), contradicted (the source gives another value for the same
quantity: shown with its sentence), or not found; with citations.

Alignment: the passages come from hybrid search (cross-lingual for English claims); a source
figure can stand for a claimed one only with a compatible unit (percent with percent, a
currency with the same currency, years with years…), and among those the one whose sentence
shares most with the claim wins. Values are compared as ingest/quantities.py says: equal after
normalisation, a hedge («حدود», "about", "more than") on either side allowing `TOLERANCE` of
rounding. The source's figures are the ones ingest found when the document was added.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from ingest import Figure, find_figures, find_figures_en, same_kind, same_value
from ingest.lexicon import lexicon

from .chunking import split_sentences
from .folding import index_tokens
from .query import Query
from .reading import Reader
from .search import Hit

SUPPORTED, CONTRADICTED, NOT_FOUND = "supported", "contradicted", "not_found"
MIN_RELEVANCE = 0.4  # share of the claim's topic words a source sentence must share (bench/factcheck.py)


@dataclass
class FigureCheck:
    """One claimed figure and what the archive says about it."""

    claimed: str  # the figure as written in the claim
    value: float
    unit: str
    label: str  # supported | contradicted | not_found
    source_value: float | None = None
    source_text: str = ""  # the source figure as written
    sentence: str = ""  # the source sentence
    doc_id: str = ""
    title: str = ""
    page: int = 0

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class Verdict:
    claim: str
    lang: str
    label: str  # overall: contradicted if any figure is, supported if all are, else not_found
    figures: list[FigureCheck] = field(default_factory=list)
    reason: str = ""

    @property
    def citations(self) -> list[str]:
        return sorted({f"{f.title}، ص {f.page}" for f in self.figures if f.doc_id})

    def to_dict(self) -> dict[str, Any]:
        return {"claim": self.claim, "lang": self.lang, "label": self.label, "reason": self.reason,
                "figures": [f.to_dict() for f in self.figures], "citations": self.citations}


def detect_lang(text: str) -> str:
    persian = sum(1 for ch in text if "\u0600" <= ch <= "\u06ff")
    latin = sum(1 for ch in text if ch.isascii() and ch.isalpha())
    return "fa" if persian >= latin else "en"


def claim_figures(claim: str | Query, lang: str) -> list[Figure]:
    """The claim's figures; a Persian claim is read after the archive's repair."""
    query = claim if isinstance(claim, Query) else Query(claim)
    if lang == "en":
        return find_figures_en(query.text)
    return find_figures(query.repaired)


def check(reader: Reader, claim: str, lang: str | None = None, k: int = 8) -> Verdict:
    """Check every figure of `claim` (Persian or English) against the archive."""
    lang = lang or detect_lang(claim)
    query = Query(claim)
    figures = claim_figures(query, lang)
    if not figures:
        return Verdict(claim, lang, NOT_FOUND, reason="the claim has no figure to check")
    hits = reader.search(query, k=k, per_document=3)
    claim_words = _topic_words(query.repaired)
    # (relevance: share of the claim's topic words, sentence, hit, its figures), best first
    sentences: list[tuple[float, str, Hit, list[Figure]]] = []
    for h in hits:
        for s, e in split_sentences(h.text):
            text = h.text[s:e]  # archive text: already repaired
            found = h.figures_between(s, e)
            if not found:
                continue
            relevance = len(claim_words & _topic_words(text)) / len(claim_words) if claim_words else 0.0
            sentences.append((relevance, text, h, found))
    anchor = _anchor(claim_words) if lang == "fa" else None
    if anchor:  # a sentence about another thing («گنبد», not «ایفل») says nothing of the claim
        sentences = [t for t in sentences if anchor in _topic_words(t[1]) | _topic_words(t[2].title)]
    sentences.sort(key=lambda t: -(t[0] + 0.5 * max(t[2].dense, 0.0)))
    checks = [_check_one(f, sentences, lang) for f in figures]
    labels = {c.label for c in checks}
    overall = CONTRADICTED if CONTRADICTED in labels else SUPPORTED if labels == {SUPPORTED} else NOT_FOUND
    return Verdict(claim, lang, overall, checks)


# words that come with any figure and say nothing of what it is about
_FIGURE_WORDS = set(index_tokens("""سال ماه روز درصد هزار میلیون میلیارد تریلیون دلار ریال تومان یورو حدود بیش
    کمتر بیشتر نزدیک رسید رسیده داشت دارد بود نفر""")) | set(index_tokens(
    "year years percent thousand million billion trillion dollars about more than less reached was were had"))


def _anchor(words: set[str]) -> str | None:
    """The claim's most specific word: the one hazm's lexicon knows least (a name it does not
    know at all comes first). A source sentence must share it to confirm or contradict."""
    freq = lexicon().freq
    candidates = [w for w in words if len(w) >= 3]
    if not candidates:
        return None
    return min(candidates, key=lambda w: (freq.get(w, 0), w))


def _topic_words(text: str) -> set[str]:
    """What a (repaired) sentence is about: its folded words, without numbers and figure words."""
    return {t for t in index_tokens(text) if not t[0].isdigit() and t not in _FIGURE_WORDS}


# what an English claim's figure counts, as a Persian source writes it: a figure of another
# measure (metres against «کیلومتری») is not the same quantity
_EN_COUNTS = {"متر": ("metre", "metres", "meter", "meters", "m"), "کیلومتر": ("kilometre", "kilometres", "kilometer",
              "kilometers", "km"), "نفر": ("people", "persons", "residents", "inhabitants", "workers", "employees",
              "visitors", "pilgrims", "students", "patients", "users"), "بشکه": ("barrels",), "تن": ("tons", "tonnes"),
              "کیلوگرم": ("kilograms", "kg"), "هکتار": ("hectares",), "واحد": ("units", "homes", "apartments"),
              "روز": ("days",), "سال": ("years",), "ماه": ("months",), "ساعت": ("hours",)}
_PERSIAN_FOR = {en: fa for fa, words in _EN_COUNTS.items() for en in words}


def _same_measure(claimed: Figure, source: Figure, lang: str) -> bool:
    """Whether two counts can be one quantity. An English claim that names its measure
    ("330 metres") needs a source that names the same one (a bare «۳۳۰» is not evidence)."""
    if lang == "en":
        persian = _PERSIAN_FOR.get(claimed.counts)
        if persian is None:
            return True
        return source.counts.startswith(persian) and not source.counts.startswith(("مترمکعب", "متر مکعب"))
    return not claimed.counts or not source.counts or source.counts == claimed.counts


def _check_one(f: Figure, sentences, lang: str) -> FigureCheck:
    result = FigureCheck(f.text, f.value, f.unit, NOT_FOUND)
    relevant = [t for t in sentences if lang == "en" or t[0] >= MIN_RELEVANCE]
    if lang == "en":  # no shared words across languages: lean on the cross-lingual model's score
        relevant = [t for t in relevant if t[2].dense >= 0.80 * max((s[2].dense for s in sentences), default=0)]
    best_contradiction = None
    for _r, text, h, found in relevant:
        compatible = [s for s in found if same_kind(s, f)
                      and (f.unit not in ("count", "number") or _same_measure(f, s, lang))]
        for s in compatible:
            if same_value(f, s):
                return _cite(result, SUPPORTED, s, text, h)
        if compatible and best_contradiction is None:
            best_contradiction = (max(compatible, key=lambda s: -abs(math.log10(max(s.value, 1e-9))
                                                                   - math.log10(max(f.value, 1e-9)))), text, h)
    if best_contradiction is not None:
        s, text, h = best_contradiction
        return _cite(result, CONTRADICTED, s, text, h)
    return result


def _cite(result: FigureCheck, label: str, s: Figure, sentence: str, hit) -> FigureCheck:
    result.label = label
    result.source_value, result.source_text, result.sentence = s.value, s.text, sentence
    result.doc_id, result.title, result.page = hit.doc_id, hit.title, hit.page
    return result
