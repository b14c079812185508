"""The verification gate: a generated answer is shown as fact only if everything checkable in it
is in the passages it cites.

Checked: every figure, date and year (by `find_figures`, compared by value after normalisation,
as the fact-checker compares them: «۴۰۰ میلیارد» = «400 billion» = «چهارصد میلیارد»); and every
name-like word, that is a word absent from the cited passages and from the question that is
Latin-script, unknown to hazm's lexicon or a noun in it (names of people, places and bodies are
nouns; a new adjective, adverb or verb is paraphrase and passes). Strict on purpose: a new
common noun fails too, and the answer falls back to the quoted sentence. Words are compared folded
and stemmed (kb/folding.py), so «نفتی» is in a passage that says «نفت».
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ingest import find_figures, repair_text, same_kind, same_value
from ingest.lexicon import is_verb_form, lexicon

from .folding import STOPWORDS, fold, index_tokens

_CITATION = re.compile(r"\[(\d+)\]")
_PAGE_CITATION = re.compile(r"\(?(?<!\w)(?:ص|صفحهٔ?|p\.)\s*[\d۰-۹]+\s*\)?")  # the page the prompt gave
_WORD = re.compile(r"[^\W\d_]+(?:\u200c[^\W\d_]+)*", re.UNICODE)
# said about any answer, in any words
_ANSWER_WORDS = set(index_tokens("""پاسخ منابع منبع متن متن‌ها پرسش گفته اعلام گزارش طبق براساس اساس بنابر
    answer source sources passage passages question according""")) | STOPWORDS


@dataclass
class Verification:
    passed: bool
    unsupported: list[str] = field(default_factory=list)  # what the answer states that its sources do not
    cited: list[int] = field(default_factory=list)  # passage numbers the answer cites

    @property
    def reason(self) -> str:
        if self.passed:
            return ""
        return "it states what its sources do not: " + "، ".join(f"«{u}»" for u in self.unsupported)


def _is_noun(tags: str) -> bool:
    """A noun and nothing that modifies («بسیار»، «زیاد»، «مهم» are also adverbs: paraphrase);
    number words («دو») are the figures' business."""
    tags_ = set(tags.split(","))
    return "N" in tags_ and not tags_ & {"ADV", "PRO", "DET", "NUM"}


def cited_numbers(answer: str, available: list[int]) -> list[int]:
    """The passages the answer cites as [N]; all of them when it cites none it was given."""
    cited = [n for n in dict.fromkeys(int(m) for m in _CITATION.findall(answer)) if n in available]
    return cited or list(available)


def verify(answer: str, passages: dict[int, str], question: str = "") -> Verification:
    """Check `answer` against the passages it cites (`passages`: number → text)."""
    cited = cited_numbers(answer, list(passages))
    sources = "\n".join(passages[n] for n in cited)
    claim = repair_text(_PAGE_CITATION.sub(" ", _CITATION.sub(" ", answer)), reflow=False)
    unsupported: list[str] = []
    source_figures = find_figures(sources)
    claimed = find_figures(claim)
    for f in claimed:
        if not any(same_kind(f, s) and same_value(f, s) for s in source_figures) \
                and not any(same_value(f, s) for s in source_figures if f.unit in ("number", "count")):
            unsupported.append(f.text)
    known = set(index_tokens(sources)) | set(index_tokens(question)) | _ANSWER_WORDS
    words = lexicon().words
    figure_spans = [(f.start, f.end) for f in claimed]
    for m in _WORD.finditer(claim):
        if any(a <= m.start() < b for a, b in figure_spans):
            continue
        word = m.group(0)
        tokens = set(index_tokens(word))
        if not tokens or tokens & known or is_verb_form(fold(word)):
            continue
        tags = words.get(word.replace("\u200c", ""), words.get(word))
        if word.isascii() or tags is None or _is_noun(tags):
            unsupported.append(word)
    return Verification(not unsupported, list(dict.fromkeys(unsupported)), cited)
