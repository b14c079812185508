"""The records that leave `ingest`: a Document is pages of blocks, the articles they make up, and
the figures found in them.

These dataclasses are what `kb` stores and cites, so every block keeps its page number and
bounding box (PDF points, origin top-left, as pdfplumber reports them).
"""

from __future__ import annotations

from dataclasses import dataclass, field, asdict
from typing import Any

# Block kinds, in the words of a newsroom.
KICKER = "kicker"  # the small line above a headline (section, agency, series)
HEADLINE = "headline"
LEAD = "lead"  # the standfirst / first paragraph set apart under the headline
SUBHEAD = "subhead"
BODY = "body"
CAPTION = "caption"
FURNITURE = "furniture"  # folios, running heads: kept, but out of the body text

BLOCK_KINDS = (KICKER, HEADLINE, LEAD, SUBHEAD, BODY, CAPTION, FURNITURE)

BBox = tuple[float, float, float, float]  # x0, top, x1, bottom


@dataclass
class Line:
    """One rebuilt line of text, in logical (reading) order."""

    text: str
    bbox: BBox
    size: float  # median font size of its glyphs
    bold: bool = False


@dataclass
class Block:
    """A paragraph-like unit of a page: what a reader sees as one headline, caption or paragraph."""

    kind: str
    text: str
    page: int  # 1-based
    bbox: BBox
    size: float = 0.0
    bold: bool = False
    lines: list[Line] = field(default_factory=list, repr=False)
    column: int = 0  # 0 = spans the page / only column; 1 = rightmost column, 2 = next, …
    ocr: bool = False  # read from the page image by Tesseract, not from the text layer
    confidence: float = 1.0  # OCR: the mean of Tesseract's word confidences (0–1)
    # found once by ingest (spans in `text`); furniture has none: an ad's price is no evidence
    figures: list[Figure] = field(default_factory=list, repr=False)
    # a paragraph cut by a column break or a jump is one block: (page, bbox) of each piece after
    # the first (`page`/`bbox` are where it starts; `lines` hold every piece's lines)
    continued: list[tuple[int, BBox]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d.pop("lines")
        d.pop("figures")
        return d


@dataclass
class Page:
    number: int  # 1-based
    width: float
    height: float
    blocks: list[Block] = field(default_factory=list)
    needs_ocr: bool = False  # no usable text layer (and no OCR): reported, never silently empty
    ocr: bool = False  # the text layer was unusable and Tesseract read the page image

    @property
    def text(self) -> str:
        return "\n".join(b.text for b in self.blocks if b.kind != FURNITURE)


@dataclass
class Figure:
    """A number found in text, with its value normalised so that claims can be compared."""

    text: str  # the surface form, exactly as in the text
    value: float  # normalised numeric value (a year is its number; a date is yyyymmdd)
    unit: str  # rial, toman, dollar, euro, pound, percent, count, year, date, times, fraction, …
    kind: str  # amount, percent, count, year, date, range, ratio, number
    start: int  # character span in the text given to find_figures
    end: int
    sentence: str = ""
    counts: str = ""  # what it counts (the noun after it: «دفتر», «نفر»; in English the few words there), when there is one
    high: float | None = None  # upper bound, for ranges (۱۵ تا ۲۰ درصد)
    calendar: str = ""  # "jalali" / "gregorian" / "hijri" for dates and years
    page: int = 0  # set when the figure comes from a PDF page
    approximate: bool = False  # «حدود»، «بیش از»، "about": the source hedged
    bound: str = ""  # which way it hedged: "about", "over" («بیش از», "at least"), "under" («کمتر از»)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Article:
    """One story: its headline, kicker, lead and blocks in reading order, across pages when it jumps.

    A newspaper issue is forty of these; a one-article PDF or a text is one holding all its
    non-furniture blocks. Furniture (masthead, running heads, ads, jump lines) is never in one.
    """

    title: str  # the headline (a two-row headline is one string)
    blocks: list[Block] = field(default_factory=list)  # reading order: kicker, headline, lead, captions, body
    kicker: str = ""
    lead: str = ""
    paper: str = ""  # the paper's name and issue date read from its masthead (Document.metadata)
    date: str = ""

    @property
    def text(self) -> str:
        """The article's clean text in reading order, one block per line (its headline included)."""
        return "\n".join(b.text for b in self.blocks if b.text)

    @property
    def pages(self) -> list[int]:
        return sorted({b.page for b in self.blocks} | {p for b in self.blocks for p, _ in b.continued})

    @property
    def bboxes(self) -> list[tuple[int, BBox]]:
        """(page, box) of the article on each page it covers: the union of its blocks there."""
        boxes: dict[int, list[float]] = {}
        for b in self.blocks:
            for page, (x0, top, x1, bottom) in [(b.page, b.bbox), *b.continued]:
                if page not in boxes:
                    boxes[page] = [x0, top, x1, bottom]
                else:
                    u = boxes[page]
                    u[0], u[1], u[2], u[3] = min(u[0], x0), min(u[1], top), max(u[2], x1), max(u[3], bottom)
        return [(p, tuple(u)) for p, u in sorted(boxes.items())]  # type: ignore[misc]

    @property
    def captions(self) -> list[str]:
        return [b.text for b in self.blocks if b.kind == CAPTION]

    def to_dict(self) -> dict[str, Any]:
        return {"title": self.title, "kicker": self.kicker, "lead": self.lead, "paper": self.paper,
                "date": self.date, "pages": self.pages, "bboxes": [[p, list(b)] for p, b in self.bboxes],
                "captions": self.captions, "text": self.text, "blocks": [b.to_dict() for b in self.blocks]}


def render_articles(doc: "Document") -> str:
    """The articles as text, one after another: what `bayegan extract --articles` prints."""
    out = []
    head = " · ".join(v for v in (doc.metadata.get("paper", ""), doc.metadata.get("date_text", "")) if v)
    if head:
        out.append(head)
    n = len(doc.articles)
    for i, a in enumerate(doc.articles, 1):
        pages = ", ".join(str(p) for p in a.pages)
        out.append(f"── {i}/{n} · {'page' if len(a.pages) == 1 else 'pages'} {pages} ──\n{a.text}")
    return "\n\n".join(out) + "\n"


@dataclass
class Document:
    """A whole source (a PDF or a text) after extraction and repair."""

    path: str
    title: str
    pages: list[Page]
    # "paper", "date" (y/m/d, Jalali when the masthead prints one), "date_text" when read from a masthead
    metadata: dict[str, str] = field(default_factory=dict)
    articles: list[Article] = field(default_factory=list)

    @property
    def blocks(self) -> list[Block]:
        return [b for p in self.pages for b in p.blocks]

    @property
    def figures(self) -> list[Figure]:
        """Every figure of the text, in reading order (spans in its block's text)."""
        return [f for b in self.blocks for f in b.figures]

    @property
    def text(self) -> str:
        """The clean text in reading order, one block per line, page furniture left out."""
        return "\n".join(p.text for p in self.pages if p.text)

    @property
    def pages_needing_ocr(self) -> list[int]:
        return [p.number for p in self.pages if p.needs_ocr]
