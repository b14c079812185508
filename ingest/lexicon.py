"""hazm's Persian word list and verb stems, read straight from the installed package.

Reading the data files directly avoids importing hazm itself (which pulls in gensim, sklearn
and nltk and takes seconds) on every start.
"""

from __future__ import annotations

import importlib.util
import os
from dataclasses import dataclass
from functools import lru_cache

from .alphabet import ZWNJ



@dataclass(frozen=True)
class Lexicon:
    words: dict[str, str]  # word → POS tags ("" when the list gives none)
    freq: dict[str, int]  # word → corpus frequency given by the list (0 when unknown)
    joined: dict[str, str]  # a word with its ZWNJ removed → the word as written with ZWNJ
    present_stems: frozenset[str]
    past_stems: frozenset[str]


def hazm_data_dir() -> str:
    spec = importlib.util.find_spec("hazm")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("hazm is not installed: pip install 'hazm==0.10.0' (see README)")
    return os.path.join(list(spec.submodule_search_locations)[0], "data")


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    d = hazm_data_dir()
    words: dict[str, str] = {}
    freq: dict[str, int] = {}
    with open(os.path.join(d, "words.dat"), encoding="utf-8") as fh:
        for line in fh:
            parts = line.rstrip("\n").split("\t")
            if not parts or not parts[0]:
                continue
            w = parts[0].replace("ي", "ی").replace("ك", "ک")
            tags = parts[2] if len(parts) > 2 and parts[2] != "0" else ""
            if w not in words or (tags and not words[w]):
                words[w] = tags
            try:
                freq[w] = max(freq.get(w, 0), int(parts[1]))
            except (IndexError, ValueError):
                pass
    present, past = set(), set()
    with open(os.path.join(d, "verbs.dat"), encoding="utf-8") as fh:
        for line in fh:
            line = line.strip()
            if "#" not in line:
                continue
            pa, pr = line.split("#", 1)
            if pa:
                past.add(pa)
            if pr:
                present.add(pr)
    joined = {}
    for w in words:
        if ZWNJ in w:
            joined.setdefault(w.replace(ZWNJ, ""), w)
    return Lexicon(words, freq, joined, frozenset(present), frozenset(past))


def is_tagged_word(w: str) -> bool:
    """In the lexicon with a part of speech: a well-attested word, not a stray spelling."""
    return bool(lexicon().words.get(w))


_PRESENT_ENDINGS = ("م", "ی", "د", "یم", "ید", "ند")
_PAST_ENDINGS = ("", "م", "ی", "یم", "ید", "ند")


@lru_cache(maxsize=65536)
def is_verb_form(rest: str) -> bool:
    """A present or past stem with a personal ending: شود، کنند، گفتند، آیند (no prefix)."""
    lx = lexicon()
    for e in _PAST_ENDINGS:
        if rest.endswith(e) and rest[: len(rest) - len(e)] in lx.past_stems:
            return True
    for e in _PRESENT_ENDINGS:
        if rest.endswith(e):
            stem = rest[: len(rest) - len(e)]
            if stem in lx.present_stems:
                return True
            if stem.endswith("ی") and stem[:-1] in lx.present_stems and stem[-2:-1] in ("ا", "و"):
                return True
    return False
