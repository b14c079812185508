"""Persian PDF and text ingest: clean, citable text and the figures in it.

    from ingest import extract_pdf, pdf_to_text, repair_text, find_figures

`ingest` knows nothing of the knowledge base or the UI; its records (`Document`, `Page`,
`Block`, `Article`, `Figure`) are what `kb` stores.
"""

from .alphabet import ZWNJ, latin_digits, persian_digits
from .document import BLOCK_KINDS, Article, Block, Document, Figure, Line, Page, render_articles
from .errors import (BayeganError, CorruptPdf, EmptyFile, EncryptedPdf, HostilePdf, IngestError, NoPages,
                     NoSuchFile, NoTextLayer, NotAPdf)
from .figures import find_figures
from .figures_en import find_figures_en
from .pdf import extract_pdf, pdf_to_text
from .quantities import TOLERANCE, same_kind, same_value, unit_class
from .repair import repair_text
from .text import extract_text_document
from .web import WebArticle, read_web_page

__all__ = [
    "WebArticle", "read_web_page",
    "BLOCK_KINDS", "Article", "Block", "Document", "Figure", "Line", "Page", "render_articles",
    "BayeganError", "NoSuchFile", "CorruptPdf", "EmptyFile", "EncryptedPdf", "HostilePdf", "IngestError", "NoPages",
    "NoTextLayer", "NotAPdf",
    "extract_pdf", "pdf_to_text", "repair_text", "find_figures", "find_figures_en", "extract_text_document",
    "TOLERANCE", "same_kind", "same_value", "unit_class", "ZWNJ", "latin_digits", "persian_digits",
]
