"""Names across scripts: an English claim's "Tehran", "Khuzestan", "Persepolis" found in Persian
text («تهران», «خوزستان», «پرسپولیس») by their consonants, since no translation model is at hand."""

from __future__ import annotations

import re

# Latin letters → the Persian consonant they are written with (vowels, w/v/y and ا و ی dropped)
_LATIN_SOUNDS = [("sh", "ش"), ("ch", "چ"), ("kh", "خ"), ("gh", "ق"), ("zh", "ژ"), ("ph", "ف"), ("th", "ت"),
                 ("b", "ب"), ("p", "پ"), ("t", "ت"), ("s", "س"), ("c", "ک"), ("j", "ج"), ("h", "ه"), ("d", "د"),
                 ("z", "ز"), ("r", "ر"), ("f", "ف"), ("q", "ق"), ("k", "ک"), ("g", "گ"), ("l", "ل"), ("m", "م"),
                 ("n", "ن"), ("x", "کس")]
_PERSIAN_CLASS = str.maketrans({"ط": "ت", "ث": "س", "ص": "س", "ح": "ه", "ذ": "ز", "ض": "ز", "ظ": "ز", "غ": "ق",
                                "ة": "ه", "ۀ": "ه", "ئ": "", "ء": "", "ع": "", "ا": "", "آ": "", "و": "", "ی": "",
                                "ي": "", "أ": "", "إ": "", "ؤ": "", "\u200c": ""})


def skeleton(word: str, fine: bool = False) -> str:
    """A name's consonants as Persian writes them: "Tehran" and «تهران» both give «تهرن», so an
    English claim's names can be found in Persian text. `fine` keeps a consonant twice when a
    vowel stands between ("Babol" and «بابل» give «ببل», not the «بل» of «بالا»): the skeleton
    that picks a name's spellings among the archive's words."""
    sounds = _consonants(word)
    if not fine:
        return re.sub(r"(.)\1+", r"\1", "".join(c for c, _ in sounds))  # doubled letters: "Goharrud", a شدّه
    out: list[str] = []
    for consonant, after_vowel in sounds:
        if not (out and out[-1] == consonant and not after_vowel):
            out.append(consonant)
    return "".join(out)


def _consonants(word: str) -> list[tuple[str, bool]]:
    """The word's consonants as Persian letters, each with whether a vowel stands before it."""
    out: list[tuple[str, bool]] = []
    vowel = False
    if word.isascii():
        w, i = word.lower(), 0
        while i < len(w):
            for latin, persian in _LATIN_SOUNDS:
                if w.startswith(latin, i):
                    out.append((persian, vowel))
                    vowel = False
                    i += len(latin)
                    break
            else:
                vowel = vowel or w[i].isalpha()
                i += 1
        return out
    for ch in word:
        persian = ch.translate(_PERSIAN_CLASS)
        if persian:
            out.append((persian, vowel))
            vowel = False
        else:
            vowel = vowel or ch != "\u200c"
    return out
