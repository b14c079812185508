"""A news site's article page → the article alone: menus, share buttons, related links, comments
and footers out, with the headline and the publication date the page gives.

trafilatura finds the main content (measured against our own HTML reader, which keeps every
visible line, in bench/web_pages.py). It drops the zero-width non-joiner that Persian words are
written with («می‌شود» → «میشود»), so ZWNJ is carried through it as a character it keeps.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .alphabet import ZWNJ
from .text import html_to_text

_CARRIER = "\u2e31"  # a word-separator dot no Persian news text uses; trafilatura keeps it
_ZWNJ_ENTITY = re.compile(r"&(?:zwnj|#8204|#x200c);", re.I)  # how many Persian CMSs write it


@dataclass
class WebArticle:
    """What a news page says: its headline, its article's text (paragraphs one per line), and its
    publication date as the page gives it (ISO, "" when it gives none)."""

    title: str
    text: str
    date: str = ""


def read_web_page(markup: str, url: str = "") -> WebArticle:
    """The article on a news page; a page trafilatura finds no article in gives its visible text."""
    import trafilatura

    # favor_recall: the lead set apart in its own box is the article's first sentence, not furniture
    # (bench/web_pages.py: recall 0.931 → 0.964, precision 0.987 → 0.971)
    carried = _ZWNJ_ENTITY.sub(_CARRIER, markup.replace(ZWNJ, _CARRIER))
    found = trafilatura.bare_extraction(carried, url=url or None, with_metadata=True,
                                        include_comments=False, include_tables=True, include_images=False,
                                        favor_recall=True)
    text = (found.text or "") if found is not None else ""
    if not text.strip():
        text, title = html_to_text(markup)
        return WebArticle(title, text)
    return WebArticle((found.title or "").replace(_CARRIER, ZWNJ), text.replace(_CARRIER, ZWNJ), found.date or "")
