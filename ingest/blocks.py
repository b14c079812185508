"""Lines → blocks (paragraphs, headlines, captions…) and what kind each block is.

The kinds follow how a newspaper page is read: a kicker over the headline, the headline (the
largest type near the top of the first page), a lead set apart under it, captions (small
type beside a picture), subheads (short bold lines before body text), body paragraphs, and
page furniture (folios, running heads, page numbers) that must stay out of the body text.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter

from .document import BODY, CAPTION, FURNITURE, HEADLINE, KICKER, LEAD, SUBHEAD, Block, Line
from .layout import RawLine

_FOLIO = re.compile(r"^[\s\-–—|()\[\]]*(?:page|صفحه)?[\s]*[0-9۰-۹٠-٩]{1,4}[\s\-–—|()\[\]]*$", re.I)


def group_blocks(lines: list[RawLine], page_no: int) -> list[Block]:
    """Consecutive lines (in reading order) of one column become one block unless type,
    spacing or indent changes."""
    blocks: list[Block] = []
    cur: list[RawLine] = []
    lines = [ln for ln in lines if ln.text]
    leading = _usual_leading(lines)
    for ln in lines:
        if cur and _continues(cur, ln, leading):
            cur.append(ln)
        else:
            if cur:
                blocks.append(_block(cur, page_no))
            cur = [ln]
    if cur:
        blocks.append(_block(cur, page_no))
    return _merge_split_regions(blocks)


def _usual_leading(lines: list[RawLine]) -> dict[float, float]:
    """The most common gap between consecutive lines of each type size: the paragraph's leading."""
    gaps: dict[float, Counter] = {}
    for a, b in zip(lines, lines[1:]):
        if abs(a.size - b.size) > 0.1 * a.size or min(a.x1, b.x1) - max(a.x0, b.x0) <= 0:
            continue
        gap = b.top - a.bottom
        if -0.5 * a.size <= gap <= 2.5 * a.size:
            gaps.setdefault(round(a.size), Counter())[round(gap * 2) / 2] += 1
    return {size: c.most_common(1)[0][0] for size, c in gaps.items()}


def _continues(cur: list[RawLine], ln: RawLine, leading: dict[float, float]) -> bool:
    last = cur[-1]
    size = max(last.size, ln.size)
    x0, x1 = min(l.x0 for l in cur), max(l.x1 for l in cur)
    # a paragraph's first line is indented (on the right, right to left): its short last line
    # may sit entirely in that indent
    if ln.rtl and last.rtl:
        x1 += 3 * size
    else:
        x0 -= 3 * size
    if min(x1, ln.x1) - max(x0, ln.x0) < 0.5 * min(x1 - x0, ln.x1 - ln.x0):
        return False  # another column
    if abs(last.size - ln.size) > 0.12 * size or last.bold != ln.bold:
        return False
    gap = ln.top - last.bottom
    usual = leading.get(round(last.size), 0.5 * size)
    if len(cur) >= 2:
        usual = min(usual, cur[-1].top - cur[-2].bottom)
    if gap > usual + 0.35 * size or gap > 2.0 * size or gap < -0.5 * size:
        return False
    # a first-line indent (right side for RTL) starts a new paragraph
    if ln.rtl and last.rtl and len(cur) >= 1:
        right = max(l.x1 for l in cur)
        if right - ln.x1 > 1.2 * size and abs(right - last.x1) < 0.5 * size and _full(cur, last):
            return False
    return True


def _full(cur: list[RawLine], last: RawLine) -> bool:
    width = max(l.x1 for l in cur) - min(l.x0 for l in cur)
    return (last.x1 - last.x0) > 0.8 * width


def _block(lines: list[RawLine], page_no: int) -> Block:
    text = " ".join(l.text for l in lines)
    bbox = (min(l.x0 for l in lines), min(l.top for l in lines),
            max(l.x1 for l in lines), max(l.bottom for l in lines))
    size = statistics.median(l.size for l in lines)
    bold = sum(l.bold for l in lines) > len(lines) / 2
    return Block(BODY, text, page_no, tuple(round(v, 2) for v in bbox), round(size, 2), bold,
                 [Line(l.text, (l.x0, l.top, l.x1, l.bottom), l.size, l.bold) for l in lines])


def _merge_split_regions(blocks: list[Block]) -> list[Block]:
    """Rejoin pieces of one line that the column cut separated at an unusually wide space."""
    out: list[Block] = []
    for b in blocks:
        if out:
            p = out[-1]
            same_row = abs(p.bbox[1] - b.bbox[1]) < 0.3 * b.size and abs(p.bbox[3] - b.bbox[3]) < 0.3 * b.size
            if same_row and len(p.lines) == 1 and len(b.lines) == 1 and abs(p.size - b.size) < 0.1 * b.size \
                    and p.bold == b.bold and 0 < p.bbox[0] - b.bbox[2] < 4 * b.size:
                p.text = p.text + " " + b.text
                p.bbox = (b.bbox[0], min(p.bbox[1], b.bbox[1]), p.bbox[2], max(p.bbox[3], b.bbox[3]))
                p.lines[0].text = p.text
                continue
        out.append(b)
    return out


def body_size(pages_blocks: list[list[Block]]) -> float:
    """The type size most of the text is set in (weighted by characters)."""
    c: Counter[float] = Counter()
    for blocks in pages_blocks:
        for b in blocks:
            c[round(b.size * 2) / 2] += len(b.text)
    return c.most_common(1)[0][0] if c else 10.0


def classify(pages_blocks: list[list[Block]], pictures: list[list[tuple]], page_sizes: list[tuple[float, float]]) -> None:
    """Set each block's kind, in place."""
    body = body_size(pages_blocks)
    _mark_furniture(pages_blocks, page_sizes, body)
    for pno, blocks in enumerate(pages_blocks):
        live = [b for b in blocks if b.kind != FURNITURE]
        if not live:
            continue
        headline_i = None
        if pno == 0:
            cands = [i for i, b in enumerate(live[:8]) if b.size >= 1.25 * body]
            if cands:
                top_size = max(live[i].size for i in cands)
                headline_i = next(i for i in cands if live[i].size >= top_size - 0.5)
        for i, b in enumerate(live):
            words = len(b.text.split())
            if headline_i is not None and i == headline_i:
                b.kind = HEADLINE
            elif headline_i is not None and i < headline_i and words <= 20:
                b.kind = KICKER
            elif headline_i is not None and i == headline_i + 1 and _is_lead(b, live, i, body):
                b.kind = LEAD
            elif b.size < 0.93 * body and _near_picture(b, pictures[pno]) and words <= 60:
                b.kind = CAPTION
            elif b.size >= 1.25 * body and words <= 30:
                b.kind = SUBHEAD
            elif (b.bold or b.size > 1.05 * body) and words <= 25 and len(b.lines) <= 3 and i + 1 < len(live) \
                    and not live[i + 1].bold:
                b.kind = SUBHEAD
            else:
                b.kind = BODY


def _is_lead(b: Block, live: list[Block], i: int, body: float) -> bool:
    """The first real paragraph under the headline: news style puts the lead there."""
    return len(b.text.split()) >= 8 and b.size >= 0.93 * body


def _near_picture(b: Block, pics: list[tuple]) -> bool:
    x0, top, x1, bottom = b.bbox
    for px0, ptop, px1, pbottom in pics:
        h_overlap = min(x1, px1) - max(x0, px0)
        if h_overlap <= 0:
            continue
        if -2 * b.size <= top - pbottom <= 3 * b.size or -2 * b.size <= ptop - bottom <= 3 * b.size:
            return True
    return False


def _isolated(b: Block, blocks: list[Block]) -> bool:
    """No other text within two line heights above or below (a running head stands alone)."""
    for o in blocks:
        if o is b:
            continue
        if min(o.bbox[2], b.bbox[2]) - max(o.bbox[0], b.bbox[0]) <= 0:
            continue
        dist = max(o.bbox[1] - b.bbox[3], b.bbox[1] - o.bbox[3])
        if dist < 2.0 * b.size:
            return False
    return True


def _mark_furniture(pages_blocks: list[list[Block]], page_sizes: list[tuple[float, float]], body: float) -> None:
    """Folios, page numbers and running heads: short lines in the margins or repeated on pages."""
    seen: Counter[str] = Counter()
    for blocks in pages_blocks:
        for t in {re.sub(r"[0-9۰-۹٠-٩]+", "#", b.text) for b in blocks if len(b.lines) == 1}:
            seen[t] += 1
    n_pages = len(pages_blocks)
    for (w, h), blocks in zip(page_sizes, pages_blocks):
        for i, b in enumerate(blocks):
            x0, top, x1, bottom = b.bbox
            in_margin = (bottom < 0.07 * h or top > 0.93 * h) and _isolated(b, blocks)
            short = len(b.text) <= 80 and len(b.lines) == 1
            if _FOLIO.match(b.text) and (in_margin or len(b.text) <= 6):
                b.kind = FURNITURE
            elif in_margin and short and b.size <= body * 1.05 and not re.search(r"[.!?؟]$", b.text):
                b.kind = FURNITURE
            elif n_pages >= 3 and short and seen[re.sub(r"[0-9۰-۹٠-٩]+", "#", b.text)] >= max(3, n_pages // 2) \
                    and (top < 0.12 * h or bottom > 0.88 * h):
                b.kind = FURNITURE
