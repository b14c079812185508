"""Chunks: the passages that are embedded, indexed and cited.

A chunk is whole sentences of consecutive blocks of one kind on one page, so that a hit always
says which page it is on and where on that page (the blocks' boxes), and where in the
document's clean text (a character span of `Document.text`).
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field, replace
from typing import Any

from ingest import Document, Figure
from ingest.document import FURNITURE, BBox

# Sentence ends: . ! ? ؟ … and line breaks; a full stop between digits (3.5) is not one.
_SENTENCE_END = re.compile(r"(?<!\d)[.!?؟…]+[»\")\]]*(?=\s)|(?<=\d)[.!?؟]+(?=\s+\D)|\n")


@dataclass
class Chunk:
    id: str  # "<doc_id>:<seq>"
    doc_id: str
    seq: int
    text: str
    page: int
    kind: str  # the block kind: headline, lead, body, caption, …
    start: int  # character span in the document's clean text
    end: int
    bboxes: list[BBox] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)  # spans in `text`

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans of `text` (hazm's rule: split after . ! ? ؟ and at line breaks), with
    decimals and figures kept whole; spans cover the text without its outer spaces."""
    spans, start = [], 0
    for m in _SENTENCE_END.finditer(text):
        end = m.end()
        if text[start:end].strip():
            spans.append(_strip(text, start, end))
        start = end
    if text[start:].strip():
        spans.append(_strip(text, start, len(text)))
    return spans


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _pieces(text: str, start: int, end: int, max_chars: int) -> list[tuple[int, int]]:
    """A sentence longer than a chunk is cut at spaces."""
    out = []
    while end - start > max_chars:
        cut = text.rfind(" ", start + max_chars // 2, start + max_chars)
        cut = cut if cut > start else start + max_chars
        out.append(_strip(text, start, cut))
        start = cut
    if text[start:end].strip():
        out.append(_strip(text, start, end))
    return out


def chunk_document(doc: Document, doc_id: str, max_chars: int = 700) -> list[Chunk]:
    """Cut a document into chunks of whole sentences, at most `max_chars` each (a sentence
    longer than that is cut at spaces), never across a page or a change of block kind. Each
    chunk takes the figures ingest found in its blocks (`Block.figures`), not found again."""
    full = doc.text
    chunks: list[Chunk] = []
    current: dict[str, Any] | None = None

    def flush() -> None:
        nonlocal current
        if current and current["end"] > current["start"]:
            s, e = current["start"], current["end"]
            figs = []
            for f in current["figures"]:
                if s <= f.start and f.end <= e:
                    figs.append(replace(f, start=f.start - s, end=f.end - s))
            chunks.append(Chunk(f"{doc_id}:{len(chunks)}", doc_id, len(chunks), full[s:e], current["page"],
                                current["kind"], s, e, current["bboxes"], figs))
        current = None

    offset = 0
    for page in doc.pages:
        if not page.text:
            continue
        for block in page.blocks:
            if block.kind == FURNITURE:
                continue
            base = offset
            offset += len(block.text) + 1
            if current and (current["kind"] != block.kind or current["page"] != page.number):
                flush()
            block_figures = [replace(f, start=f.start + base, end=f.end + base, page=page.number)
                             for f in block.figures]
            for s, e in split_sentences(block.text):
                for ps, pe in _pieces(block.text, s, e, max_chars):
                    ps, pe = ps + base, pe + base
                    if current and pe - current["start"] > max_chars:
                        flush()
                    if current is None:
                        current = {"start": ps, "end": pe, "page": page.number, "kind": block.kind,
                                   "bboxes": [], "figures": []}
                    current["end"] = pe
                    if not current["bboxes"] or current["bboxes"][-1] != tuple(block.bbox):
                        current["bboxes"].append(tuple(block.bbox))
                    current["figures"].extend(f for f in block_figures if ps <= f.start < pe)
    flush()
    return chunks
