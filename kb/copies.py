"""The same story under another agency's name: copies of an article found as it comes in.

Wire stories are republished with small edits: another agency's name, a rewritten first
sentence, the ending cut short. Two texts are copies when most of the shorter one's word
triples (folded, so letter variants and digits do not count as edits) are in the other:
containment rather than likeness, so that a copy cut to half its length is still a copy.
Candidates come from the lexical index (the article's own words as a query), so nothing is
compared with the whole archive. Measured by bench/duplicates.py.
"""

from __future__ import annotations

import difflib
import hashlib
from dataclasses import dataclass, field
from typing import Mapping

from .chunking import split_sentences
from .folding import folded_words

SHINGLE = 3  # words in a shingle
# the share of the shorter text's shingles the other must hold; bench/duplicates.py: edited
# copies 0.32–1.00, different stories on the same subject at most 0.14 (FarsNews dev)
SAME_STORY = 0.25
MIN_SHINGLES = 12  # shorter than this (a caption, a one-line brief) and word triples prove nothing
MIN_SHARED = 8  # an agency's stock phrases («به گزارش خبرگزاری فارس از …») are a few triples, never a story


def shingles(text: str) -> frozenset[int]:
    """The text's overlapping word triples, folded, as 64-bit hashes (stable across processes)."""
    words = folded_words(text)
    return frozenset(int.from_bytes(hashlib.blake2b(" ".join(words[i:i + SHINGLE]).encode(), digest_size=8).digest(),
                                    "little") for i in range(max(0, len(words) - SHINGLE + 1)))


def containment(a: frozenset[int], b: frozenset[int]) -> float:
    """The share of the smaller set that the other holds (0 when either is too short to judge,
    or they share too few to be one story)."""
    small, large = (a, b) if len(a) <= len(b) else (b, a)
    shared = len(small & large)
    if len(small) < MIN_SHINGLES or shared < MIN_SHARED:
        return 0.0
    return shared / len(small)


def same_story(a: str, b: str) -> bool:
    """Whether two article texts are one story (one a lightly edited or shortened copy of the other)."""
    return containment(shingles(a), shingles(b)) >= SAME_STORY


def story_among(text: str, others: Mapping[str, str]) -> str | None:
    """Which of `others` (id → text) tells the same story as `text`: the one holding most of it."""
    own = shingles(text)
    best = max(((containment(own, shingles(t)), i) for i, t in others.items()), default=(0.0, None))
    return best[1] if best[0] >= SAME_STORY else None


@dataclass
class Difference:
    """Two copies of one story set side by side, sentence by sentence."""

    first: str  # document ids
    second: str
    rows: list[tuple[str, str, str]] = field(default_factory=list)  # (kind, first's sentence, second's)
    # kind: "same", "changed", "only first", "only second"

    def to_dict(self) -> dict:
        return {"first": self.first, "second": self.second, "rows": self.rows}


def differences(first_id: str, first: str, second_id: str, second: str) -> Difference:
    """Sentence-by-sentence alignment of two copies: what one has that the other lacks or words otherwise."""
    a = [first[s:e] for s, e in split_sentences(first)]
    b = [second[s:e] for s, e in split_sentences(second)]
    key = [" ".join(folded_words(s)) for s in a]
    other = [" ".join(folded_words(s)) for s in b]
    out = Difference(first_id, second_id)
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, key, other, autojunk=False).get_opcodes():
        if op == "equal":
            out.rows += [("same", a[i], b[j]) for i, j in zip(range(i1, i2), range(j1, j2))]
        elif op == "delete":
            out.rows += [("only first", a[i], "") for i in range(i1, i2)]
        elif op == "insert":
            out.rows += [("only second", "", b[j]) for j in range(j1, j2)]
        else:
            left, right = list(range(i1, i2)), list(range(j1, j2))
            for n in range(max(len(left), len(right))):
                x = a[left[n]] if n < len(left) else ""
                y = b[right[n]] if n < len(right) else ""
                out.rows.append(("changed" if x and y else "only first" if x else "only second", x, y))
    return out
