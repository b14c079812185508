"""Single-article summaries: the few sentences that say what an article is about, each cited.

News is written lead first, so position weighs in; the headline says what the article is
about, so does a sentence's closeness to it; and a sentence central to the whole article
(near the centroid of its sentences, by e5-small) is more likely to carry the news than a
quote or an aside. Sentences are picked by maximal marginal relevance, so none repeats what
another already says, up to a word budget, and shown in article order. A leading attribution
(«به گزارش خبرگزاری فارس از تهران،») is trimmed: it names the wire, not the news.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any, Sequence

import numpy as np

from ingest import Figure

from .chunking import split_sentences
from .folding import index_tokens
from .reading import Reader

SKIPPED_KINDS = ("furniture", "caption", "kicker", "headline")
MIN_WORDS = 5  # shorter "sentences" are datelines, bylines and headings
REDUNDANCY = 0.7  # MMR: weight of a sentence's own score against its likeness to those chosen
# Set on the first half of the dev articles (bench/summaries.py), checked on the second: the
# headline is the best single guide to the news, position a tie-breaker.
SUMMARY_WORDS = 30  # about a wire lead's length: the dev abstracts have 25 words (median)
TITLE_WEIGHT = 2.5
LEAD_BONUS = 0.015  # per position, for the first three sentences

# «به گزارش خبرنگار فارس از قزوین به نقل از روابط عمومی …،» up to the first comma; and the
# dateline of a wire: «تهران - ایرنا -»
_ATTRIBUTION = re.compile(r"^\s*(?:به\s+گزارش|به\s+نقل\s+از|طبق\s+گزارش)[^،,:]{0,160}?[،,]\s*"
                          r"|^\s*[^\s،,:-]{2,20}\s*[-–]\s*(?:[^\s،,:-]{2,20}\s*[-–]\s*)?")


@dataclass
class Sentence:
    """A sentence of an article, with where it is: its page and its place in the article."""
    text: str
    doc_id: str
    title: str
    page: int
    date: str = ""
    position: int = 0
    figures: list[Figure] = field(default_factory=list, repr=False)  # as ingest found them; spans in `text`

    def to_dict(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if k != "figures"}


@dataclass
class Summary:
    doc_id: str
    title: str
    sentences: list[Sentence] = field(default_factory=list)

    @property
    def text(self) -> str:
        return " ".join(s.text for s in self.sentences)

    def to_dict(self) -> dict[str, Any]:
        return {"doc_id": self.doc_id, "title": self.title, "text": self.text,
                "sentences": [s.to_dict() for s in self.sentences]}

    def to_markdown(self) -> str:
        lines = [f"# {self.title}", ""] + [f"- {s.text} [ص {s.page}]" for s in self.sentences]
        return "\n".join(lines) + "\n"


def article_sentences(reader: Reader, doc_id: str, trim: bool = True) -> list[Sentence]:
    """The article's sentences in reading order (headline, captions and page furniture left
    out), each with its page, its position, its figures and (with `trim`) a leading wire
    attribution cut."""
    info = reader.document(doc_id)
    out: list[Sentence] = []
    for chunk in reader.chunks(doc_id):
        if chunk.kind in SKIPPED_KINDS:
            continue
        for s, e in split_sentences(chunk.text):
            text = chunk.text[s:e]
            text = trim_attribution(text) if trim else text
            if len(text.split()) >= MIN_WORDS:
                start = e - len(text)  # what trimming cut is at the front
                figures = [replace(f, start=f.start - start, end=f.end - start) for f in chunk.figures
                           if start <= f.start and f.end <= e]
                out.append(Sentence(text, doc_id, info.title, chunk.page, info.date, len(out), figures))
    return out


def trim_attribution(sentence: str) -> str:
    """The sentence without a leading «به گزارش …،» or a wire dateline, when what is left is
    still a sentence."""
    m = _ATTRIBUTION.match(sentence)
    if m and len(sentence[m.end():].split()) >= MIN_WORDS:
        return sentence[m.end():]
    return sentence


def centrality(vectors: np.ndarray, sentences: Sequence[Sentence], lead_bonus: float) -> np.ndarray:
    """Each sentence's likeness to the centroid of them all, plus `lead_bonus` per place for an
    article's first three sentences (news is written lead first)."""
    centroid = vectors.mean(axis=0)
    centroid /= np.linalg.norm(centroid) or 1.0
    return vectors @ centroid + np.array([lead_bonus * max(0, 3 - s.position) for s in sentences])


def pick(vectors: np.ndarray, scores: np.ndarray, texts: Sequence[str], budget_words: int,
         max_sentences: int, redundancy: float = REDUNDANCY) -> list[int]:
    """Indices chosen by maximal marginal relevance until the word budget or the sentence count
    is reached (at least one sentence). A sentence too long for what is left of the budget is
    passed over for a shorter one, and one whose words are mostly in a chosen one (a heading
    repeated in the body) is never chosen."""
    lengths = [len(t.split()) for t in texts]
    words_of = [set(index_tokens(t)) for t in texts]
    picked: list[int] = []
    used = 0
    candidates = set(range(len(scores)))
    while candidates and len(picked) < max_sentences:
        def mmr(i: int) -> float:
            like = max((float(vectors[i] @ vectors[j]) for j in picked), default=0.0)
            return redundancy * float(scores[i]) - (1 - redundancy) * like
        best = max(candidates, key=mmr)
        candidates.discard(best)
        if picked and used + lengths[best] > budget_words * 1.3:
            continue
        if any(len(words_of[best] & words_of[j]) > 0.5 * min(len(words_of[best]), len(words_of[j]))
               for j in picked):
            continue
        picked.append(best)
        used += lengths[best]
        if used >= budget_words:
            break
    return picked


def summarize(reader: Reader, doc_id: str, words: int | None = None, max_sentences: int = 3) -> Summary:
    """The article in about `words` words: its most central, headline-near, early sentences."""
    words = words or SUMMARY_WORDS
    info = reader.document(doc_id)
    headline = set(index_tokens(info.title))
    # the headline repeated in the body says nothing the summary's title does not
    sentences = [s for s in article_sentences(reader, doc_id)
                 if len((own := set(index_tokens(s.text))) - headline) > 0.2 * len(own)]
    summary = Summary(doc_id, info.title)
    if not sentences:
        return summary
    vectors = reader.sentence_vectors([s.text for s in sentences])
    scores = centrality(vectors, sentences, LEAD_BONUS)
    if info.title.strip():
        scores += TITLE_WEIGHT * (vectors @ reader.sentence_vectors([info.title])[0])
    chosen = pick(vectors, scores, [s.text for s in sentences], words, max_sentences)
    summary.sentences = [sentences[i] for i in sorted(chosen)]
    return summary
