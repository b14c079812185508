"""PDF → Document: pdfplumber glyph positions → columns → right-to-left lines → blocks → repair.

Only glyph positions are trusted (never `extract_text`): Persian PDFs come out of producers in
visual order, with ZWNJ drawn as zero-advance spaces, kashida as unmapped glyphs and brackets
mirrored, and all of that can be undone from geometry.
"""

from __future__ import annotations

import logging
import os
import subprocess
from collections.abc import Callable, Iterator

from . import errors, limits
from .alphabet import ZWNJ
from .limits import StreamTooLarge
from .blocks import classify, group_blocks
from .articles import split_articles
from .document import CAPTION, FURNITURE, HEADLINE, KICKER, LEAD, Article, Block, Document, Page
from .drawings import Drawings, drawings_of
from .figures import find_block_figures
from .layout import build_lines, glyphs_from_chars, logical_lines, reading_regions
from .ocr import ocr_page, tesseract_ready
from .repair import repair_text

logging.getLogger("pdfminer").setLevel(logging.ERROR)

# A page whose glyphs are mostly unmapped (cid:N) codes, or that has pictures but no text, has
# no usable text layer.
_CID_SHARE_FOR_OCR = 0.3


def extract_pdf(path: str | os.PathLike, password: str | None = None,
                on_page: Callable[[int, int], None] | None = None, ocr: bool = True,
                articles: bool = True) -> Document:
    """Read a PDF into a Document of pages and classified blocks, text repaired, in reading order,
    and its articles (`Document.articles`; ingest/articles.py).

    Pages without a usable text layer (scanned, or fonts without a Unicode map) are read by
    Tesseract when `ocr` and Tesseract with Persian data is installed (ingest/ocr.py); otherwise
    they are listed in `Document.pages_needing_ocr`.
    `articles=False` skips looking for articles (and page furniture beyond folios): the whole PDF is
    one article, as before newspaper issues were split.
    Raises an `ingest.errors.IngestError` subclass with a message for the user when the file
    cannot be read (not a PDF, empty, corrupt, encrypted, no pages, no text layer anywhere).
    `on_page(done, total)` is called as each page is read (for progress bars).
    """
    path = os.fspath(path)
    read = list(_read_pages(path, password, on_page, ocr=ocr))
    pages = [p for p, _ in read]
    if pages and all(p.needs_ocr for p in pages):
        raise errors.NoTextLayer(path, [p.number for p in pages], ocr_missing=ocr and not tesseract_ready())
    doc = Document(path=path, title=_title(pages, path), pages=pages)
    if articles:
        found, doc.metadata = split_articles(pages, [d for _, d in read])
        if len(found) > 1:
            if doc.metadata.get("paper"):
                doc.title = "، ".join(v for v in (doc.metadata["paper"], doc.metadata.get("date_text", "")) if v)
            else:
                doc.title = found[0].title or doc.title
        doc.articles = found
        for a in found:
            a.title = a.title or doc.title
    else:
        doc.articles = [Article(title=doc.title, blocks=[b for b in doc.blocks if b.kind != FURNITURE])]
    find_block_figures(pages)  # once, after the splitting decided what is furniture and joined paragraphs
    return doc


def iter_pages(path: str, password: str | None = None,
               on_page: Callable[[int, int], None] | None = None, ocr: bool = True) -> Iterator[Page]:
    """The document's pages with their blocks classified and repaired (see `_read_pages`)."""
    for page, _ in _read_pages(path, password, on_page, ocr):
        yield page


def _read_pages(path: str, password: str | None = None, on_page: Callable[[int, int], None] | None = None,
                ocr: bool = True) -> Iterator[tuple[Page, Drawings]]:
    """Each page with the rules and frames it draws (what the article splitter reads boxes from).

    Each pdfplumber page is released as soon as it is read (its glyph cache is what costs memory:
    1,000 pages stay within 150 MB of a 10-page file, tests/kb/test_hostile_files.py), but the
    pages are yielded only once all are read: block kinds are decided over every page (a
    running head is a line that repeats)."""
    pdf = _open(path, password)
    try:
        n = len(pdf.pages)
        if n == 0:
            raise errors.NoPages(path)
        raw: list[tuple[Page, list, Drawings]] = []
        for i, page in enumerate(pdf.pages):
            try:
                built = _page_blocks(page, i + 1)
            except Exception as e:  # a broken page object: say which page
                if _hostile(e):
                    raise errors.HostilePdf(path, f"page {i + 1}: {_what_went_wrong(_hostile(e))}") from e
                raise errors.CorruptPdf(path, f"page {i + 1}: {e.__class__.__name__}: {e}") from e
            if built[0].needs_ocr and ocr and tesseract_ready():
                _read_by_ocr(built[0], path, password)
            raw.append(built)
            if on_page:
                on_page(i + 1, n)
            page.flush_cache()
            if hasattr(page, "close"):
                page.close()
        pages_blocks = [p.blocks for p, _, _ in raw]
        classify(pages_blocks, [pics for _, pics, _ in raw], [(p.width, p.height) for p, _, _ in raw])
        # When the PDF draws its ZWNJs (as zero-advance spaces), the geometry already put each
        # one where the author wrote it; only a PDF that lost them all gets them from the lexicon.
        drawn_zwnj = any(ZWNJ in b.text for p, _, _ in raw for b in p.blocks)
        for p, _, drawn in raw:
            p.blocks = _presentation_order(p.blocks)
            for b in p.blocks:
                b.text = repair_text(b.text, reflow=False, zwnj=not drawn_zwnj)
                for ln in b.lines:
                    ln.text = repair_text(ln.text, reflow=False, zwnj=not drawn_zwnj)
            yield p, drawn
    finally:
        pdf.close()


def _read_by_ocr(page: Page, path: str, password: str | None) -> None:
    try:
        blocks = ocr_page(path, page.number, password)
    except (OSError, subprocess.SubprocessError) as e:  # Tesseract failed or timed out: stays "needs OCR"
        logging.getLogger(__name__).warning("OCR of %s page %d failed: %s", path, page.number, e)
        return
    if blocks:
        page.blocks, page.needs_ocr, page.ocr = blocks, False, True


def pdf_to_text(path: str | os.PathLike) -> str:
    """The clean text of a PDF in reading order, one block per line (furniture left out)."""
    return extract_pdf(path).text


def _open(path: str, password: str | None):
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError

    if not os.path.exists(path):
        raise errors.NoSuchFile(path)
    size = os.path.getsize(path)
    if size == 0:
        raise errors.EmptyFile(path)
    with open(path, "rb") as fh:
        head = fh.read(1024)
    if b"%PDF-" not in head:
        raise errors.NotAPdf(path)
    limits.install()
    try:
        pdf = pdfplumber.open(path, password=password or "")
        _ = pdf.pages  # forces parsing of the page tree
    except PDFPasswordIncorrect as e:
        raise errors.EncryptedPdf(path, wrong_password=bool(password)) from e
    except PDFSyntaxError as e:
        raise errors.CorruptPdf(path, str(e) or "syntax error") from e
    except Exception as e:
        if _hostile(e):
            raise errors.HostilePdf(path, _what_went_wrong(_hostile(e))) from e
        chain = [e, e.__cause__, e.__context__]
        if any(isinstance(x, PDFPasswordIncorrect) for x in chain) or \
                any(x is not None and ("Password" in type(x).__name__ or "Encrypt" in type(x).__name__) for x in chain):
            raise errors.EncryptedPdf(path, wrong_password=bool(password)) from e
        name = e.__class__.__name__
        raise errors.CorruptPdf(path, f"{name}: {e}") from e
    return pdf


def _hostile(e: BaseException) -> BaseException | None:
    """The limit a file hit, however deep pdfplumber and pdfminer wrapped it."""
    todo, seen = [e], set()
    while todo:
        x = todo.pop()
        if id(x) in seen:
            continue
        seen.add(id(x))
        if isinstance(x, (StreamTooLarge, RecursionError, MemoryError)):
            return x
        todo += [y for y in (x.__cause__, x.__context__, *x.args) if isinstance(y, BaseException)]
    return None


def _what_went_wrong(e: BaseException) -> str:
    if isinstance(e, RecursionError):
        return "its objects are nested too deeply to read"
    if isinstance(e, MemoryError):
        return "reading it ran out of memory"
    return str(e)


def _page_blocks(page, number: int) -> tuple[Page, list, Drawings]:
    width, height = float(page.width), float(page.height)
    drawn = drawings_of(page)
    chars = [c for c in page.chars if c.get("upright", True)
             and -1 <= c["x0"] <= width + 1 and -1 <= c["top"] <= height + 1]
    glyphs, cids = glyphs_from_chars(chars)
    pictures = [(float(im["x0"]), float(im["top"]), float(im["x1"]), float(im["bottom"])) for im in page.images]
    pictures += [(float(r["x0"]), float(r["top"]), float(r["x1"]), float(r["bottom"])) for r in page.rects
                 if r["width"] > 40 and r["height"] > 30]
    result = Page(number=number, width=width, height=height)
    ink = [g for g in glyphs if not g.sep]
    if not ink or (cids and cids > _CID_SHARE_FOR_OCR * (len(ink) + cids)):
        result.needs_ocr = bool(pictures) or bool(cids) or not ink
        if not ink and not pictures and not cids:
            result.needs_ocr = False  # a blank page: nothing to read, nothing missing
        return result, pictures, drawn
    rtl = sum(1 for g in ink if _is_rtl_char(g.text)) >= 0.3 * len(ink)
    seps = [g for g in glyphs if g.sep]
    regions = reading_regions(glyphs, rtl=rtl)
    lines = [ln for region in regions for ln in build_lines(region, seps)]
    logical_lines(lines, rtl)
    result.blocks = group_blocks(lines, number)
    return result, pictures, drawn


def _is_rtl_char(t: str) -> bool:
    return any("\u0590" <= ch <= "\u08ff" or "\ufb1d" <= ch <= "\ufeff" for ch in t)


_FRONT = (KICKER, HEADLINE, LEAD)


def _presentation_order(blocks: list[Block]) -> list[Block]:
    """Article top (kicker, headline, lead) first, then captions, then the body in reading order."""
    front = [b for b in blocks if b.kind in _FRONT]
    captions = [b for b in blocks if b.kind == CAPTION]
    rest = [b for b in blocks if b.kind not in _FRONT and b.kind != CAPTION]
    return front + captions + rest


def _title(pages: list[Page], path: str) -> str:
    for p in pages:
        for b in p.blocks:
            if b.kind == HEADLINE:
                return b.text
    for p in pages:
        for b in p.blocks:
            if b.kind != FURNITURE and b.text.strip():
                return b.text[:120]
    return os.path.splitext(os.path.basename(path))[0]
