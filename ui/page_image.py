"""A cited page drawn for the reader: the original PDF's page with its blocks outlined and the
cited passage filled, so that a journalist sees where on the printed page a sentence is."""

from __future__ import annotations

from typing import Iterable

from kb import Archive, NotInArchive

BBox = tuple[float, float, float, float]
OUTLINE = (30, 90, 200, 160)  # the page's blocks
FILL, EDGE = (255, 200, 0, 90), (220, 120, 0, 255)  # the cited passage


def page_image(archive: Archive, doc_id: str, page: int, scale: float = 1.5, boxes: Iterable[BBox] = (),
               highlight: Iterable[BBox] = ()):
    """A page of the archived PDF as a PIL image (coordinates in PDF points, top-left origin,
    as in Block.bbox); NotInArchive when the document came from text and has no pages."""
    import pypdfium2 as pdfium
    from PIL import ImageDraw

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
    for x0, top, x1, bottom in highlight:
        draw.rectangle([x0 * scale, top * scale, x1 * scale, bottom * scale], fill=FILL, outline=EDGE, width=3)
    return image
