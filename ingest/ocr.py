"""Scanned pages: Tesseract (with its Persian data) reads pages that have no usable text layer.

The page is rendered by pypdfium2 at 300 dpi and read by the `tesseract` program (Debian:
`apt install tesseract-ocr tesseract-ocr-fas`) in TSV mode, which gives each word with its box
and confidence in reading order. Words become lines, lines become paragraphs (Tesseract's own
paragraphs), each a `Block` marked `ocr=True` with its mean word confidence; the text then gets
the same repair and figure extraction as any other page. Where Tesseract or its Persian data is
missing the page stays "needs OCR": reported, never silently empty.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from functools import lru_cache

from .document import BODY, Block, Line
from .limits import MAX_RENDER_PIXELS

DPI = 300
LANGUAGES = "fas"  # fas+eng reads Persian words as Latin gibberish (bench/ocr_quality.py)
SECONDS_PER_PAGE = 180  # a page that takes longer is given up (and stays "needs OCR")
MIN_WORD_CONFIDENCE = 10  # below this Tesseract is guessing at specks and rules


@lru_cache(maxsize=1)
def tesseract_ready() -> bool:
    """Tesseract is installed with its Persian data."""
    exe = shutil.which("tesseract")
    if not exe:
        return False
    try:
        out = subprocess.run([exe, "--list-langs"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return False
    return "fas" in out.stdout.split()


def ocr_page(pdf_path: str | os.PathLike, number: int, password: str | None = None) -> list[Block]:
    """The page's text as Tesseract reads it from a 300-dpi rendering: one block per paragraph,
    in reading order, with boxes in PDF points and a confidence (0–1)."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(os.fspath(pdf_path), password=password)
    try:
        page = pdf[number - 1]
        width, height = page.get_size()
        # a page drawn on a huge canvas is read at a lower resolution rather than exhausting memory
        dpi = min(DPI, 72 * (MAX_RENDER_PIXELS / max(width * height, 1)) ** 0.5)
        image = page.render(scale=dpi / 72).to_pil().convert("L")
    finally:
        pdf.close()
    tsv = _tesseract(image, psm=3)
    blocks = blocks_from_tsv(tsv, number, dpi=dpi)
    # Tesseract's page layout analysis sometimes takes a paragraph's short last line for a
    # speck; ink that no word covers is read again as plain lines, so no text is lost
    for (x0, top, x1, bottom) in uncovered_ink(image, [b.bbox for b in blocks], dpi=dpi):
        crop = image.crop((x0, top, x1, bottom))
        found = blocks_from_tsv(_tesseract(crop, psm=6), number, offset=(x0, top), dpi=dpi)
        if not found:  # a lone line is sometimes read only as a raw line
            found = blocks_from_tsv(_tesseract(crop, psm=13), number, offset=(x0, top), dpi=dpi)
        for b in found:
            _insert_in_reading_order(blocks, b)
    return blocks


def _tesseract(image, psm: int) -> str:
    import io

    png = io.BytesIO()
    image.save(png, format="PNG")
    out = subprocess.run(["tesseract", "-", "-", "-l", LANGUAGES, "--psm", str(psm), "tsv"], input=png.getvalue(),
                         capture_output=True, timeout=SECONDS_PER_PAGE, check=True)
    return out.stdout.decode("utf-8", "replace")


def uncovered_ink(image, covered: list[tuple[float, float, float, float]], min_height: int = 12,
                  dpi: float = DPI) -> list[tuple[int, int, int, int]]:
    """Bands of the page image (pixels) with dark ink outside the boxes already read (PDF
    points), each as the box around that ink, top to bottom."""
    import numpy as np

    dark = np.asarray(image) < 128
    scale = dpi / 72
    margin = 6
    for x0, top, x1, bottom in covered:
        dark[max(0, int(top * scale) - margin):int(bottom * scale) + margin,
             max(0, int(x0 * scale) - margin):int(x1 * scale) + margin] = False
    rows = dark.sum(axis=1) > 2
    bands, start = [], None
    for y, inked in enumerate(list(rows) + [False]):
        if inked and start is None:
            start = y
        elif not inked and start is not None:
            if y - start >= min_height:
                cols = np.flatnonzero(dark[start:y].any(axis=0))
                if len(cols) >= min_height:
                    pad = 10
                    bands.append((max(0, int(cols[0]) - pad), max(0, start - pad),
                                  min(dark.shape[1], int(cols[-1]) + pad), min(dark.shape[0], y + pad)))
            start = None
    return bands


def _insert_in_reading_order(blocks: list[Block], new: Block) -> None:
    """After the nearest block above it that shares its columns; first when there is none."""
    above = [i for i, b in enumerate(blocks) if b.bbox[3] <= new.bbox[1] + 2
             and min(b.bbox[2], new.bbox[2]) > max(b.bbox[0], new.bbox[0])]
    at = max(above, key=lambda i: blocks[i].bbox[3]) + 1 if above else 0
    blocks.insert(at, new)


def blocks_from_tsv(tsv: str, number: int, offset: tuple[int, int] = (0, 0), dpi: float = DPI) -> list[Block]:
    """Tesseract's TSV (words with block/paragraph/line numbers, boxes, confidences) → blocks;
    `offset` is where the image read lies on the page (pixels), `dpi` its resolution."""
    scale = 72 / dpi
    paragraphs: dict[tuple[int, int], dict[int, list[tuple[str, float, tuple[float, float, float, float]]]]] = {}
    for row in tsv.splitlines()[1:]:
        cols = row.split("\t")
        if len(cols) < 12 or cols[0] != "5" or not cols[11].strip():
            continue
        conf = float(cols[10])
        if conf < MIN_WORD_CONFIDENCE:
            continue
        left, top, width, height = int(cols[6]) + offset[0], int(cols[7]) + offset[1], int(cols[8]), int(cols[9])
        left, top, width, height = left * scale, top * scale, width * scale, height * scale
        key = (int(cols[2]), int(cols[3]))
        paragraphs.setdefault(key, {}).setdefault(int(cols[4]), []).append(
            (cols[11].strip(), conf, (left, top, left + width, top + height)))
    blocks = []
    for lines in paragraphs.values():
        block_lines, confs = [], []
        for words in lines.values():
            text = fix_ocr_punctuation(" ".join(w for w, _, _ in words))
            boxes = [b for _, _, b in words]
            bbox = (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))
            block_lines.append(Line(text, bbox, size=bbox[3] - bbox[1]))
            confs += [c for _, c, _ in words]
        if not block_lines:
            continue
        bbox = (min(ln.bbox[0] for ln in block_lines), min(ln.bbox[1] for ln in block_lines),
                max(ln.bbox[2] for ln in block_lines), max(ln.bbox[3] for ln in block_lines))
        size = sorted(ln.size for ln in block_lines)[len(block_lines) // 2]
        blocks.append(Block(BODY, " ".join(ln.text for ln in block_lines), number, bbox, size=size,
                            lines=block_lines, ocr=True, confidence=round(sum(confs) / len(confs) / 100, 3)))
    return blocks


_STRAY_CLOSE = re.compile(r"»(?=\s|$)")


def fix_ocr_punctuation(line: str) -> str:
    """Tesseract's Persian model reads the Persian comma «،» as «»» (and «؛» as «؛»): a «»»
    that closes no «« on its line is a comma."""
    out, depth = [], 0
    for i, ch in enumerate(line):
        if ch == "«":
            depth += 1
        elif ch == "»":
            if depth:
                depth -= 1
            elif _STRAY_CLOSE.match(line, i):
                ch = "،"
        out.append(ch)
    return "".join(out)
