"""What a page draws besides its text: rules, frames, shaded boxes and pictures.

A newspaper draws the borders of its article boxes: a rule over each box, a frame round an ad
or a boxed story, rules between columns. On the six dev issues every article box but the
jump's continuation starts under its own rule, so the rules say where a box begins and how
wide it is better than any gap between glyphs does (pdfplumber gives them as thin rects).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .document import BBox

_THIN = 3.0  # a rule is at most this thick (pt)
_MIN_RULE = 20.0  # and at least this long
_MIN_BOX = 30.0  # a frame or shaded box is at least this wide and tall


@dataclass
class Drawings:
    """The page's drawn rules and boxes, PDF points with the origin top left (pdfplumber's)."""

    hrules: list[BBox] = field(default_factory=list)  # horizontal rules, top to bottom
    vrules: list[BBox] = field(default_factory=list)  # vertical rules (column rules, box sides)
    frames: list[BBox] = field(default_factory=list)  # stroked rectangles (ads, boxed stories)
    shades: list[BBox] = field(default_factory=list)  # filled rectangles (backgrounds, labels)
    pictures: list[BBox] = field(default_factory=list)  # images and big fills (photo placeholders)

    def hrules_between(self, x0: float, x1: float, top: float, bottom: float, overlap: float = 0.5) -> list[BBox]:
        """Horizontal rules lying between `top` and `bottom` that cover `overlap` of [x0, x1]."""
        width = max(x1 - x0, 1.0)
        return [r for r in self.hrules if top - 1 <= (r[1] + r[3]) / 2 <= bottom + 1
                and min(r[2], x1) - max(r[0], x0) >= overlap * width]


def drawings_of(page) -> Drawings:
    """Rules, frames, shades and pictures of a pdfplumber page."""
    d = Drawings()
    for r in page.rects:
        box = (float(r["x0"]), float(r["top"]), float(r["x1"]), float(r["bottom"]))
        w, h = box[2] - box[0], box[3] - box[1]
        if h <= _THIN and w >= _MIN_RULE:
            d.hrules.append(box)
        elif w <= _THIN and h >= _MIN_RULE:
            d.vrules.append(box)
        elif w >= _MIN_BOX and h >= _MIN_BOX and r.get("stroke") and not r.get("fill"):
            d.frames.append(box)
        elif r.get("fill"):
            d.shades.append(box)
    for ln in page.lines:
        box = (float(ln["x0"]), float(ln["top"]), float(ln["x1"]), float(ln["bottom"]))
        w, h = box[2] - box[0], box[3] - box[1]
        if h <= _THIN and w >= _MIN_RULE:
            d.hrules.append(box)
        elif w <= _THIN and h >= _MIN_RULE:
            d.vrules.append(box)
    for x0, top, x1, bottom in d.frames:  # a frame's sides are rules too (a boxed story's top edge)
        d.hrules += [(x0, top, x1, top), (x0, bottom, x1, bottom)]
        d.vrules += [(x0, top, x0, bottom), (x1, top, x1, bottom)]
    d.pictures = [(float(im["x0"]), float(im["top"]), float(im["x1"]), float(im["bottom"])) for im in page.images]
    d.hrules.sort(key=lambda r: r[1])
    return d
