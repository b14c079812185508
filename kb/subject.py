"""Whether an article names the subject an editor typed: the test a brief puts to the articles
search found before it quotes them (and saved searches to articles in an archive too small for
search's relevance cue).

Search ranks by likeness, and likeness is not aboutness: for «قیمت مسکن در تهران» the nearest
articles on a barely covered subject were fruit prices in Yazd and building permits in Tehran,
each naming one word of three. A subject is read as its parts, split where the editor wrote «و»
or «،» («بارندگی و کم‌آبی» is two subjects in one brief, «قیمت مسکن در تهران» one); an article
names a part when it names at least two thirds of the part's words (one of one, two of two, two
of three), a word counted as named in any of its indexed forms or with the adjective's «ی»
(«فضایی» names «فضا», «تورمی» «تورم»). Words the archive never uses (an English subject, a
typo) are left out; a subject with none left cannot be judged, and names every article.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Callable, Iterable

from .folding import index_tokens, words_tokens
from .reading import Reader

_PARTS = re.compile(r"\s+و\s+|[،,؛;]")
_ADJECTIVE = ("ی", "یی", "ای")  # «فضا» → «فضایی», «بانک» → «بانکی», written without ZWNJ


@dataclass(frozen=True)
class Subject:
    """A subject's parts, each the words it is made of, each word the tokens it is indexed under."""

    parts: tuple[tuple[tuple[str, ...], ...], ...]

    @classmethod
    def of(cls, text: str, known: Callable[[Iterable[str]], set[str]]) -> "Subject":
        """The subject `text`, keeping the words the archive uses (`known`: Reader.known_words)."""
        parts = [words_tokens(p) for p in _PARTS.split(text)]
        every = {t for words in parts for tokens in words for t in tokens}
        used = known(every) if every else set()
        kept = []
        for words in parts:
            words = list(dict.fromkeys(tuple(t) for t in words if used & set(t)))
            if words:
                kept.append(tuple(words))
        return cls(tuple(kept))

    def __bool__(self) -> bool:
        return bool(self.parts)

    def named_in(self, text: str) -> bool:
        """Whether `text` (an article's title and text) names one of the subject's parts."""
        if not self.parts:
            return True
        present = set(index_tokens(text))
        for words in self.parts:
            named = sum(1 for tokens in words if _names(present, tokens))
            if named >= math.ceil(2 * len(words) / 3):
                return True
        return False


def article_text(reader: Reader, doc_id: str) -> str:
    """What an article says, headline first: what `Subject.named_in` is asked of."""
    return "\n".join([reader.document(doc_id).title] + [c.text for c in reader.chunks(doc_id)])


def _names(present: set[str], tokens: tuple[str, ...]) -> bool:
    return any(t in present or any(t + a in present for a in _ADJECTIVE) for t in tokens)
