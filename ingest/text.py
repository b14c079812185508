"""Text and HTML sources (web articles, .txt files, pasted text) → the same Document as a PDF.

They go through the same repair and figure finding, so a search or a fact-check cannot tell
where a passage came from, only what it says and where it is.
"""

from __future__ import annotations

import html
import os
import re
from html.parser import HTMLParser

from .document import BODY, HEADLINE, LEAD, Article, Block, Document, Page
from .figures import find_block_figures
from .repair import repair_text

_BLOCK_TAGS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section", "article",
               "header", "footer", "blockquote", "figcaption", "title", "pre", "td"}
_SKIP_TAGS = {"script", "style", "noscript", "template", "svg", "head"}


class _TextOf(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0
        self.title = ""
        self._in_title = False
        self.h1 = ""
        self._in_h1 = False

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in _SKIP_TAGS and tag != "head":
            self.skip += 1
        if tag == "title":
            self._in_title = True
        if tag == "h1":
            self._in_h1 = True
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS and tag != "head" and self.skip:
            self.skip -= 1
        if tag == "title":
            self._in_title = False
        if tag == "h1":
            self._in_h1 = False
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
            return
        if self.skip:
            return
        if self._in_h1:
            self.h1 += data
        self.parts.append(data)


def html_to_text(markup: str) -> tuple[str, str]:
    """Visible text of an HTML page, one block per line, and its title; scripts and styles dropped."""
    p = _TextOf()
    p.feed(markup)
    p.close()
    text = "".join(p.parts)
    text = "\n".join(" ".join(line.split()) for line in text.split("\n"))
    text = re.sub(r"\n{2,}", "\n", text).strip()
    title = " ".join((p.h1 or p.title).split())
    return html.unescape(text), html.unescape(title)


def extract_text_document(text: str, title: str = "", source: str = "", date: str = "",
                          path: str = "", is_html: bool | None = None, reflow: bool | None = None) -> Document:
    """Build a Document from text or HTML: repaired, split into blocks, figures found.

    Plain text with hard-wrapped lines (a copy from a PDF viewer) is re-flowed into paragraphs;
    HTML keeps its own paragraphs. The first short line is taken as the headline when no
    title is given.
    """
    if is_html is None:
        is_html = bool(re.search(r"<(html|body|p|div|h1|br)\b", text[:2000], re.I))
    if is_html:
        text, html_title = html_to_text(text)
        title = title or html_title
        if reflow is None:
            reflow = False
    if reflow is None:
        reflow = True
    clean = repair_text(text, reflow=reflow)
    paras = [p.strip() for p in clean.split("\n") if p.strip()]
    blocks: list[Block] = []
    for i, para in enumerate(paras):
        kind = BODY
        if i == 0 and (not title or _same(para, title)) and len(para.split()) <= 25 and len(paras) > 1:
            kind = HEADLINE
        elif i == 0 and title and not _same(para, title):
            kind = LEAD if len(para.split()) >= 8 else BODY
        elif i == 1 and blocks and blocks[0].kind == HEADLINE and len(para.split()) >= 8:
            kind = LEAD
        blocks.append(Block(kind, para, 1, (0.0, 0.0, 0.0, 0.0)))
    if not title:
        title = blocks[0].text[:120] if blocks else (os.path.basename(path) if path else "")
    else:
        title = repair_text(title, reflow=False)
    pages = [Page(1, 0.0, 0.0, blocks)]
    find_block_figures(pages)
    doc = Document(path=path, title=title, pages=pages,
                   metadata={k: v for k, v in (("source", source), ("date", date)) if v})
    # a text or a web page is one article
    doc.articles = [Article(title=title, blocks=list(blocks), paper=source, date=date,
                            lead=next((b.text for b in blocks if b.kind == LEAD), ""))]
    return doc


def _same(a: str, b: str) -> bool:
    return " ".join(a.split()) == " ".join(repair_text(b, reflow=False).split())
