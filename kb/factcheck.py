"""Fact-checking a claim (Persian or English) against the archive, the way a careful translator
does it: find the sentence about the same thing, then compare figure with figure.

1. **The statement.** The claim without its figures (what is counted, who, where) is searched
   lexically and densely together (cross-lingual for English claims, whose names are also
   looked up as the archive spells them: kb/names.py); every sentence of the passages found is
   scored against it with the sentence ranker (e5-small), the words they share and the
   article's headline, and knows how much of the claim its passage and headline name. A
   statement can support a claim above `SUPPORT_AT`, contradict it only above the stricter
   `CONTRADICT_AT` with more of the claim named (`CONTRADICT_COVERAGE`), per language; a
   statement that is the best one, counts the same thing and names the claim's rarest word (of
   an English claim, its most distinctive name) contradicts from `MEASURED_CONTRADICT_AT`.
2. **The figure.** Among the statements close to the best one, a claimed figure is aligned
   with a source figure of the same quantity (percent with percent, rials with tomans, a date
   with a date in either calendar, a score with a score) that counts the same thing
   (kb/measures.py: «نامزد» = «کاندیدا» = "candidates", not «تیم») and has the claim's words
   around it (the imports, not the exports); the claim's own value beside the aligned figure,
   nearly as well aligned, wins. ingest/quantities.py's `compare` then says same, different or
   unconfirmed (an exact «۲۲۴» against «بیش از ۲۲۴»).
3. **The verdict.** Supported (same thing, same value), contradicted (same thing, another value:
   the source's value and sentence shown), or not found (nothing about the same thing: the
   nearest sentence is shown as related, not the same). Each figure has its verdict; years,
   dates and spans («شش ماه اول») that the statements do not give stay open without deciding
   the claim. Figures of ads and page furniture never reach the archive's passages, so they
   are never evidence.

The thresholds are calibrated on bench/factcheck.py's dev claims for few confident wrong
verdicts: the checker says "not found" rather than guess (README, "Fact-check").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ingest import Figure, find_figures, find_figures_en, same_kind
from ingest.lexicon import lexicon
from ingest.quantities import DIFFERENT, SAME, compare

from .chunking import split_sentences
from .folding import index_tokens
from .measures import measure_of, same_measure
from .names import skeleton as _skeleton
from .query import Query
from .reading import Reader

SUPPORTED, CONTRADICTED, NOT_FOUND = "supported", "contradicted", "not_found"
# a sentence is about the claim's subject above a score (its cosine with the claim, plus a share
# of the words they have in common and its headline's cosine) when its passage and headline name
# a share of the claim's words (of an English claim, its names); contradicting takes more than
# supporting, where the same value is evidence too. Calibrated on bench/factcheck.py's dev claims.
SUPPORT_AT = {"fa": 0.95, "en": 0.80}
SUPPORT_COVERAGE = {"fa": 0.3, "en": 0.0}
CONTRADICT_AT = {"fa": 1.05, "en": 0.85}
CONTRADICT_COVERAGE = {"fa": 0.6, "en": 0.9}
# a Persian statement that is the best one, names the claim's rarest word and gives a figure
# counting the same thing («تن» and «تن») contradicts at a lower score and coverage: on dev,
# Persian "contradicted" 0.696 → 0.783 with confident wrong unchanged (4 of 252); without the
# rarest word, the same rule contradicted a claim about an oil field the archive never names.
# An English statement does so when its passage names the claim's most distinctive name ("42
# state hospitals in Mazandaran" against «24 بیمارستان دولتی»): dev English "contradicted" 0.579 →
# 0.684, held-out 0.143 → 0.214, confident wrong unchanged (4 of 252, 7 of 84); without that
# guard, "Rural ICT offices in Qazvin…" was contradicted by the whole country's offices
MEASURED_CONTRADICT_AT = {"fa": 0.95, "en": 0.90}
MEASURED_COVERAGE = {"fa": 0.4, "en": 0.3}
WORDS_WEIGHT = 0.25  # of the shared-word share
TITLE_WEIGHT = 0.10  # of the headline's cosine with the claim
STATEMENTS = 24  # sentences kept for alignment, best first
STATEMENT_MARGIN = {"fa": 0.1, "en": 0.2}  # a figure is looked for in the statements this close to the best one
ALIGN_MARGIN = {"fa": 0.15, "en": 0.03}  # the claim's own value, this close to the best-aligned figure, wins
MEASURE_BONUS = 0.2  # for a figure that counts the same thing
CONTEXT = 40  # characters either side of a figure that say what it is


@dataclass
class Statement:
    """An archive sentence about what a claim is about, with where it is printed."""

    text: str
    doc_id: str
    title: str
    page: int
    score: float
    figures: list[Figure] = field(default_factory=list)  # spans in `text`
    coverage: float = 0.0  # share of the claim's words (an English claim's names) its passage and headline name
    # of an English claim: whether its passage or headline names the claim's most distinctive name
    # the archive spells somewhere (the longest consonant skeleton: "Qazvin", not "Rural"); False
    # when the claim has no such name
    names_it: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "doc_id": self.doc_id, "title": self.title, "page": self.page,
                "score": round(self.score, 4)}


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
    label: str  # overall: contradicted if any figure is, supported if every deciding one is, else not_found
    figures: list[FigureCheck] = field(default_factory=list)
    reason: str = ""  # in Persian, for the reader
    related: Statement | None = None  # when nothing is about the same thing: the nearest sentence

    @property
    def citations(self) -> list[str]:
        return sorted({f"{f.title}، ص {f.page}" for f in self.figures if f.doc_id})

    def to_dict(self) -> dict[str, Any]:
        return {"claim": self.claim, "lang": self.lang, "label": self.label, "reason": self.reason,
                "figures": [f.to_dict() for f in self.figures], "citations": self.citations,
                "related": self.related.to_dict() if self.related else None}


def detect_lang(text: str) -> str:
    persian = sum(1 for ch in text if "\u0600" <= ch <= "\u06ff")
    latin = sum(1 for ch in text if ch.isascii() and ch.isalpha())
    return "fa" if persian >= latin else "en"


def claim_figures(claim: str | Query, lang: str) -> list[Figure]:
    """The claim's figures; a Persian claim is read after the archive's repair."""
    query = claim if isinstance(claim, Query) else Query(claim)
    return find_figures_en(query.text) if lang == "en" else find_figures(query.repaired)


def check(reader: Reader, claim: str, lang: str | None = None, k: int = 8) -> Verdict:
    """Every figure of `claim` checked against the statement about the same thing."""
    lang = lang or detect_lang(claim)
    query = Query(claim)
    figures = claim_figures(query, lang)
    if not figures:
        return Verdict(claim, lang, NOT_FOUND, reason="ادعا رقمی ندارد که سنجیده شود.")
    text = query.text if lang == "en" else query.repaired
    statements = _statements(reader, text, figures, lang, k)
    checks = [_check_figure(f, text, statements, reader, lang) for f in figures]
    # a statement that gives one of the claim's figures (not a mere year) is about the same thing:
    # the claim's other figures are judged in it ("60% reject, 38% oppose" where it says 60 and 83)
    anchors = {c.sentence for c, f in zip(checks, figures) if c.label == SUPPORTED and not _circumstance(f)}
    if anchors:
        anchored = [s for s in statements if s.text in anchors]
        checks = [_check_figure(f, text, anchored, reader, lang, anchored=True) if c.label == NOT_FOUND else c
                  for c, f in zip(checks, figures)]
    deciding = [c for c, f in zip(checks, figures) if not (_circumstance(f) and c.label == NOT_FOUND)]
    labels = {c.label for c in deciding or checks}
    overall = CONTRADICTED if CONTRADICTED in labels else SUPPORTED if labels == {SUPPORTED} else NOT_FOUND
    verdict = Verdict(claim, lang, overall, checks)
    if overall == NOT_FOUND:
        verdict.related = statements[0] if statements else None
        verdict.reason = ("جمله‌ای دربارهٔ همین موضوع با این رقم در بایگانی نیست؛ نزدیک‌ترین جمله مرتبط است، نه همان."
                          if statements else "چیزی دربارهٔ این موضوع در بایگانی پیدا نشد.")
    return verdict


_SPANS = frozenset(index_tokens("سال ماه روز هفته ساعت دقیقه")) | {"years", "months", "days", "weeks", "hours"}


def _circumstance(f: Figure) -> bool:
    """A figure that says when or for how long («سال ۹۴», «شش ماه اول», "in 2020"), not what the
    claim is about: left open when the statement does not give it."""
    if f.unit in ("year", "date", "time"):
        return True
    if f.unit != "count" or not f.counts:
        return False
    if f.counts.isascii():  # an English count's few words: "for 3 consecutive years"
        return any(w in _SPANS for w in f.counts.split())
    return (index_tokens(f.counts)[:1] or [f.counts])[0] in _SPANS


def find_statements(reader: Reader, claim: str, lang: str | None = None, k: int = 8) -> list[Statement]:
    """The archive's sentences ranked by how much they are about what `claim` is about, its
    figures aside (bench/factcheck.py measures the source sentence's rank with this)."""
    lang = lang or detect_lang(claim)
    query = Query(claim)
    text = query.text if lang == "en" else query.repaired
    return _statements(reader, text, claim_figures(query, lang), lang, k)


def _without_figures(text: str, figures: list[Figure]) -> str:
    """The claim with its numbers taken out: what it is about, not what it says of it."""
    out, last = [], 0
    for f in sorted(figures, key=lambda f: f.start):
        out.append(text[last:f.start])
        out.append(" ")
        last = f.end
    out.append(text[last:])
    return re.sub(r"\s+", " ", "".join(out)).strip()


def _statements(reader: Reader, text: str, figures: list[Figure], lang: str, k: int) -> list[Statement]:
    # an English claim's dates stay: "30 Mehr" names the month as the archive does, a word it searches by
    bare = _without_figures(text, [f for f in figures if not (lang == "en" and f.unit == "date")]) or text
    hits = reader.search(Query(bare), k=k, per_document=3)
    if lang == "en":  # the claim's names as the archive spells them: a lexical search no English word can do
        names = _latin_names(bare)
        fine = {_skeleton(n, fine=True) for n in names}
        spellings = [w for w in reader.spelled_like({_skeleton(n) for n in names})
                     if len(sk := _skeleton(w, fine=True)) >= 3 and sk in fine]
        if spellings:
            known = {h.chunk_id for h in hits}
            hits += [h for h in reader.search(Query(" ".join(spellings)), k=k, per_document=3, mode="lexical")
                     if h.chunk_id not in known]
    seen: set[str] = set()
    found: list[Statement] = []
    passages: list[str] = []
    for h in hits:
        for s, e in split_sentences(h.text):
            sentence = h.text[s:e]
            figures_there = h.figures_between(s, e)
            if sentence in seen or len(sentence) < 12 or not figures_there:
                continue  # a sentence without a figure can neither support nor contradict: not embedded
            seen.add(sentence)
            found.append(Statement(sentence, h.doc_id, h.title, h.page, 0.0, figures_there))
            passages.append(h.text)
    if not found:
        return []
    claim_vector = reader.sentence_query_vector(bare)
    titles = sorted({s.title for s in found})
    vectors = reader.sentence_vectors([s.text for s in found] + titles)
    title_cos = dict(zip(titles, vectors[len(found):] @ claim_vector))
    words = _topic_words(bare, lang)
    title_words = {t: _topic_words(t, lang) for t in titles}
    first = _LATIN.match(bare.lstrip())
    if lang == "en" and first and first.group(0)[0].isupper():
        initial = _skeleton(first.group(0))  # "Companies invested…": a name only if the archive knows it
        if initial in words and not reader.spelled_like({initial}):
            words.discard(initial)
    spelled = [w for w in words if reader.spelled_like({w})] if lang == "en" else []
    distinctive = {w for w in spelled if len(w) == max(map(len, spelled))}
    for s, vector, passage in zip(found, vectors, passages):
        theirs = _topic_words(s.text, lang) | title_words[s.title]
        named = theirs | _topic_words(passage, lang)
        s.coverage = _share(words, named)
        s.names_it = any(_share({w}, named) == 1 for w in distinctive)
        s.score = float(vector @ claim_vector) + WORDS_WEIGHT * (_share(words, theirs) if words else 0.0) \
            + TITLE_WEIGHT * (float(title_cos[s.title]) - 0.8)
    found.sort(key=lambda s: -s.score)
    return found[:STATEMENTS]


# words that come with any figure and say nothing of what it is about
_FIGURE_WORDS = set(index_tokens("""سال ماه روز درصد هزار میلیون میلیارد تریلیون دلار ریال تومان یورو حدود بیش
    کمتر بیشتر نزدیک رسید رسیده داشت دارد بود نفر است شد شده کرد کرده""")) | set(index_tokens(
    "year years percent thousand million billion trillion dollars about more than less reached was were had"))
_LATIN = re.compile(r"[A-Za-z][A-Za-z\-]+")
_ENGLISH_STOP = frozenset("""the a an of in on at to for from by with and or but is are was were be been has have had
    that this these those it its as than more less about over under into their his her they he she we our""".split())


def _topic_words(text: str, lang: str) -> set[str]:
    """What a sentence is about: its folded words without numbers and figure words. An English
    claim shares no words with a Persian sentence, only names: its capitalised words are kept
    as consonant skeletons (`_skeleton`), and so are a Persian sentence's words when compared
    with them (lang "en")."""
    if lang == "en":
        if any("\u0600" <= ch <= "\u06ff" for ch in text):
            return {k for t in index_tokens(text) if len(t) >= 3 and not t[0].isdigit() and (k := _skeleton(t))}
        return {k for part in _latin_names(text) if (k := _skeleton(part))}
    return {t for t in index_tokens(text) if not t[0].isdigit() and t not in _FIGURE_WORDS}


def _latin_names(text: str) -> list[str]:
    """An English text's capitalised words (the parts of hyphenated ones), its names."""
    names = [w for w in _LATIN.findall(text) if w[0].isupper() and w.lower() not in _ENGLISH_STOP]
    return [part for w in names for part in w.split("-") if len(part) >= 3]


def _share(words: set[str], theirs: set[str]) -> float:
    """The share of `words` found in `theirs`, a word counting as found when one of theirs
    starts with its first five letters (inflections: «روستایی» finds «روستاییان»)."""
    if not words:  # nothing to look for (an English claim without names): no evidence either way
        return 1.0
    stems = {t[:5] for t in theirs}
    return sum(1 for w in words if w in theirs or w[:5] in stems) / len(words)


def _context(text: str, f: Figure) -> str:
    """The words around a figure inside its clause: what it is the figure of."""
    before = re.split(r"[،,;:؛]|\sو\s|\sand\s", text[max(0, f.start - CONTEXT):f.start])[-1]
    after = re.split(r"[،,;:؛.]|\sو\s|\sand\s", text[f.end:f.end + CONTEXT])[0]
    return f"{before} {f.counts or ''} {after}".strip()


def _compatible(claimed: Figure, source: Figure, lang: str) -> bool:
    """Whether a source figure can be the claimed one: the same quantity, counting the same thing
    when both say what they count. An English claim that names its measure ("330 metres") needs
    a source that names it too: a bare «۳۳۰» is not evidence across languages."""
    if not same_kind(claimed, source):
        return False
    if claimed.kind == "score":  # "won 5-2": the bare numbers of «۵ بر ۲», not «دقیقه ۸۵»
        return source.unit == "number"
    if claimed.unit not in ("count", "number") and source.unit not in ("count", "number"):
        return True
    measure = same_measure(claimed.counts, source.counts)
    if lang == "en" and measure is None and claimed.counts and measure_of(claimed.counts):
        return False
    return measure is not False


def _check_figure(f: Figure, claim: str, statements: list[Statement], reader: Reader, lang: str,
                  anchored: bool = False) -> FigureCheck:
    """Align the claimed figure with a figure of the statements about the same thing, then compare.
    `anchored`: the statements are those another figure of the claim was found in, with its value:
    they are about the same thing, whatever their score."""
    result = FigureCheck(f.text, f.value, f.unit, NOT_FOUND)
    if anchored:
        pool = statements
    else:
        pool = [s for s in statements if s.score >= SUPPORT_AT[lang] and s.coverage >= SUPPORT_COVERAGE[lang]]
        pool = [s for s in pool if s.score >= pool[0].score - STATEMENT_MARGIN[lang]] if pool else []
    pairs = [(s, g) for s in pool for g in s.figures if _compatible(f, g, lang)]
    if not pairs:
        return result
    fits = _fits(f, claim, pairs, reader, lang)
    ranked = sorted(zip(fits, range(len(pairs))), key=lambda t: (-t[0], t[1]))
    top_fit, top = ranked[0]
    s, g = pairs[top]
    outcome = compare(f, g)
    if outcome != SAME:  # the claim's value beside it, nearly as well aligned: that is the claim's figure
        for fit, i in ranked[1:]:
            if fit >= top_fit - ALIGN_MARGIN[lang] and compare(f, pairs[i][1]) == SAME:
                s, g = pairs[i]
                outcome = SAME
                break
    if outcome == SAME:
        return _cite(result, SUPPORTED, g, s)
    if f.unit == "year" and not anchored:
        return result  # a year alone says when, not what: it contradicts only beside a figure found there
    if anchored:  # no score to lean on: only a figure plainly of the same quantity contradicts
        plainly = f.unit not in ("count", "number") or same_measure(f.counts, g.counts) is True
        if outcome == DIFFERENT and plainly:
            return _cite(result, CONTRADICTED, g, s)
    elif outcome == DIFFERENT and s.score >= CONTRADICT_AT[lang] and s.coverage >= CONTRADICT_COVERAGE[lang]:
        return _cite(result, CONTRADICTED, g, s)
    elif outcome == DIFFERENT and s is pool[0] and same_measure(f.counts, g.counts) is True \
            and s.score >= MEASURED_CONTRADICT_AT[lang] and s.coverage >= MEASURED_COVERAGE[lang] \
            and (_names_it(claim, s) if lang == "fa" else s.names_it):
        return _cite(result, CONTRADICTED, g, s)
    return result


def _fits(f: Figure, claim: str, pairs: list[tuple[Statement, Figure]], reader: Reader, lang: str) -> list[float]:
    """How well each source figure fits the claimed one: counting the same thing, with the words
    around it in common with the claim's (Persian) or close in meaning (across languages), in a
    statement close to the best one."""
    ours = _context(claim, f)
    theirs = [_context(s.text, g) for s, g in pairs]
    if lang == "fa":
        words = set(index_tokens(ours)) - _FIGURE_WORDS
        near = [_share(words, set(index_tokens(t))) if words else 0.0 for t in theirs]
    else:
        vectors = reader.sentence_vectors([ours] + theirs)
        near = [float(x) for x in vectors[1:] @ vectors[0]]
    best = max(s.score for s, _ in pairs)
    return [near[i] + (MEASURE_BONUS if same_measure(f.counts, g.counts) else 0.0) - (best - s.score)
            for i, (s, g) in enumerate(pairs)]


def _names_it(claim: str, s: Statement) -> bool:
    """Whether the statement (its sentence or headline) names the claim's rarest word, by hazm's
    counts: «گچساران», not «نفت»; the field a claim is about, not the unit it shares with others."""
    words = _topic_words(claim, "fa")
    if not words:
        return False
    freq = lexicon().freq
    known = {w for w in words if freq.get(w)} or words  # a word hazm never counted is mostly an inflection
    rarest = min(known, key=lambda w: (freq.get(w, 0), w))
    return _share({rarest}, _topic_words(s.text, "fa") | _topic_words(s.title, "fa")) == 1.0


def _cite(result: FigureCheck, label: str, g: Figure, s: Statement) -> FigureCheck:
    result.label = label
    result.source_value, result.source_text, result.sentence = g.value, g.text, s.text
    result.doc_id, result.title, result.page = s.doc_id, s.title, s.page
    return result
