"""A cited page drawn for the reader: the original PDF's page with its blocks outlined and the
cited passage filled, so that a journalist sees where on the printed page a sentence is; on a
newspaper page, each article outlined in its own colour with its number beside it."""

from __future__ import annotations

from pathlib import Path
from typing import Iterable, Sequence

from kb import Archive, NotInArchive, PageArticle
from ui.render import fa_digits

BBox = tuple[float, float, float, float]
OUTLINE = (30, 90, 200, 160)  # the page's blocks
FILL, EDGE = (255, 200, 0, 90), (220, 120, 0, 255)  # the cited passage
# one colour per article, told apart by most colour-blind readers too (Okabe–Ito)
ARTICLE_COLOURS = [(0, 114, 178), (213, 94, 0), (0, 158, 115), (204, 121, 167), (86, 180, 233), (230, 159, 0),
                   (0, 0, 0), (240, 228, 66)]
LABEL_FONT = Path(__file__).parent / "static" / "fonts" / "Vazirmatn-Bold.ttf"


def article_colour(article: PageArticle) -> tuple[int, int, int]:
    """An article's colour: the same on every page of its issue and in the list beside the page."""
    return ARTICLE_COLOURS[(max(article.article, 1) - 1) % len(ARTICLE_COLOURS)]


def page_image(archive: Archive, doc_id: str, page: int, scale: float = 1.5, boxes: Iterable[BBox] = (),
               highlight: Iterable[BBox] = (), articles: Sequence[PageArticle] = (), current: str | None = None):
    """A page of the archived PDF as a PIL image (coordinates in PDF points, top-left origin,
    as in Block.bbox); NotInArchive when the document came from text and has no pages.
    `articles` are outlined each in its colour and numbered at their top right (where a
    Persian reader starts), `current` (an article id) drawn heavier."""
    import pypdfium2 as pdfium
    from PIL import ImageDraw, ImageFont

    path = archive.original(doc_id)
    if path is None:
        raise NotInArchive(doc_id, " as a PDF: it came from text")
    pdf = pdfium.PdfDocument(str(path))
    try:
        image = pdf[page - 1].render(scale=scale).to_pil().convert("RGB")
    finally:
        pdf.close()
    draw = ImageDraw.Draw(image, "RGBA")
    for x0, top, x1, bottom in boxes:
        draw.rectangle([x0 * scale, top * scale, x1 * scale, bottom * scale], outline=OUTLINE, width=2)
    font = ImageFont.truetype(str(LABEL_FONT), int(14 * scale))
    for a in articles:
        colour = article_colour(a)
        heavy = a.id == current
        for x0, top, x1, bottom in a.boxes:
            draw.rectangle([x0 * scale, top * scale, x1 * scale, bottom * scale], fill=(*colour, 45 if heavy else 22),
                           outline=(*colour, 255), width=4 if heavy else 2)
        x0, top, x1, _ = a.bbox
        label = fa_digits(a.article or 1)
        left, upper, right, lower = draw.textbbox((0, 0), label, font=font)
        w, h = right - left + 8 * scale / 1.5, lower - upper + 8 * scale / 1.5
        corner = (x1 * scale - w, max(0.0, top * scale - h))
        draw.rectangle([corner, (x1 * scale, corner[1] + h)], fill=(*colour, 235))
        draw.text((corner[0] + w / 2, corner[1] + h / 2), label, font=font, fill=(255, 255, 255), anchor="mm")
    for x0, top, x1, bottom in highlight:
        draw.rectangle([x0 * scale, top * scale, x1 * scale, bottom * scale], fill=FILL, outline=EDGE, width=3)
    return image
