"""Persian folding: the spellings of one word that a search must treat as one.

ي/ی، ك/ک، ة/ه، أ/إ/آ/ا، ؤ/و، hamza above, diacritics, kashida, Persian/Arabic/Latin digits,
thousands separators, and ZWNJ (سرمایه‌گذاری = سرمایه گذاری = سرمایهگذاری) all fold to one
form, so that a query finds a passage however either of them was typed.
"""

from __future__ import annotations

import re
from typing import Iterable

from ingest.alphabet import ARABIC_DIGITS, PERSIAN_DIGITS, ZWNJ

_LETTERS = str.maketrans({
    "ي": "ی", "ى": "ی", "ئ": "ی", "ك": "ک", "ة": "ه", "ۀ": "ه", "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا",
    "ؤ": "و", "ٔ": None, "ـ": None, "\u200d": None, "\u200e": None, "\u200f": None,
    **{chr(c): None for c in range(0x064B, 0x0660)}, "\u0670": None,
    **{d: str(i) for i, d in enumerate(PERSIAN_DIGITS)}, **{d: str(i) for i, d in enumerate(ARABIC_DIGITS)},
    "٫": ".", "٬": ",", "٪": "%",
})
_WORD = re.compile(r"\d+(?:[.,/]\d+)*|[^\W\d_]+(?:\u200c[^\W\d_]+)*", re.UNICODE)
# suffixes written with or without ZWNJ: a token also stands for its stem
_SUFFIXES = ("هایی", "های", "ها", "ترین", "تر")
_ENDINGS = frozenset(_SUFFIXES + ("ای", "ی", "ام", "ات", "اش", "مان", "تان", "شان", "اند", "ایم", "اید"))


def fold(text: str) -> str:
    """Letters, digits and marks to one spelling; ZWNJ kept (tokens decide what it means)."""
    return text.translate(_LETTERS).lower()


# function words only: hazm's stopword list also holds content words (گذاری، سالهای) that a
# journalist searches for, and BM25's idf already weighs common words down
STOPWORDS = frozenset(fold(w) for w in """
و در به از که این را با است برای آن یک خود تا بر هم نیز یا اما اگر پس چون چه هر همه
ای ها های هایی می نمی شد شده شود بود بوده باشد کرد کرده کند کنند دارد داشت اند ام
ان او ما شما آنها ایشان وی دیگر همین همان چنین چنان بین روی زیر پیش بی نه هیچ
the a an of to in and or for on at by with is are was were be as from that this it
""".split())


def _word_tokens(word: str) -> list[str]:
    if word[0].isdigit():
        return [word.replace(",", "").replace("/", ".")]
    parts = word.split(ZWNJ)
    while len(parts) > 1 and parts[-1] in _ENDINGS:
        parts = parts[:-1]
    out = ["".join(word.split(ZWNJ))]
    if len(parts) > 1:
        out.append("".join(parts))
        out += [p for p in parts if len(p) > 1]
    elif parts[0] != out[0]:
        out.append(parts[0])
    else:
        for suffix in _SUFFIXES:
            if word.endswith(suffix) and len(word) - len(suffix) >= 3:
                out.append(word[: -len(suffix)])
                break
    return list(dict.fromkeys(out))


def index_tokens(text: str) -> list[str]:
    """Tokens a passage is indexed under: each word folded, a ZWNJ word both joined and split,
    a suffixed word also as its stem, numbers without separators; stopwords left out."""
    stop = STOPWORDS
    tokens: list[str] = []
    for m in _WORD.finditer(fold(text)):
        for t in _word_tokens(m.group(0)):
            if t not in stop:
                tokens.append(t)
    return tokens


def folded_words(text: str) -> list[str]:
    """The text's words and numbers, folded, ZWNJ joined: two texts that differ only in
    spelling variants give the same list."""
    return [m.group(0).replace(ZWNJ, "") for m in _WORD.finditer(fold(text))]


def words_tokens(text: str) -> list[list[str]]:
    """Each word of `text` that is not a stopword, as the tokens it is indexed under
    (`index_tokens` word by word): what a test of "does this article name these words" needs."""
    stop = STOPWORDS
    words = []
    for m in _WORD.finditer(fold(text)):
        tokens = [t for t in _word_tokens(m.group(0)) if t not in stop]
        if tokens:
            words.append(tokens)
    return words


def query_tokens(text: str) -> list[str]:
    """Tokens a query looks for: as `index_tokens`, plus neighbouring words written together
    (a query «سرمایه گذاری» also finds a passage that lost its ZWNJ: «سرمایهگذاری»)."""
    tokens = index_tokens(text)
    words = [m.group(0) for m in _WORD.finditer(fold(text)) if not m.group(0)[0].isdigit()]
    stop = STOPWORDS
    for a, b in zip(words, words[1:]):
        joined = (a + b).replace(ZWNJ, "")
        if ZWNJ not in a + b and joined not in stop and len(a) >= 2 and len(b) >= 2:
            tokens.append(joined)
    return list(dict.fromkeys(tokens))


def word_run(text: str) -> str:
    """The text's words, folded, ZWNJ and spaces as one, between single spaces: one passage
    contains another's words in order exactly when its run contains the other's."""
    return " " + " ".join(m.group(0).replace(ZWNJ, "") for m in _WORD.finditer(fold(text))) + " "


def highlight_spans(text: str, wanted: Iterable[str]) -> list[tuple[int, int]]:
    """Where the query's tokens (`query_tokens`) occur in `text` (character spans of the
    original), for snippets."""
    wanted = wanted if isinstance(wanted, (set, frozenset)) else set(wanted)
    if not wanted:
        return []
    chars: list[str] = []
    where: list[int] = []  # folded position → original position
    for i, ch in enumerate(text):
        for c in ch.translate(_LETTERS).lower():
            chars.append(c)
            where.append(i)
    spans = []
    for m in _WORD.finditer("".join(chars)):
        if any(t in wanted for t in _word_tokens(m.group(0))):
            end = where[m.end() - 1] + 1
            while end < len(text) and not text[end].translate(_LETTERS):  # a trailing mark (ِ ـ)
                end += 1
            spans.append((where[m.start()], end))
    return spans
