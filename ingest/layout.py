"""Page geometry → lines in reading order: glyphs, columns (recursive XY-cut), rebuilt lines.

Newspaper pages have two or three columns, a headline or photo spanning some of them, and
producers that draw text in any stream order. Reading order here comes from geometry only:
a region is split at a vertical gutter when one runs through all of it (right part first for a
right-to-left page), otherwise at its widest horizontal gap; what cannot be split further
is one column of lines.
"""

from __future__ import annotations

import statistics
import unicodedata
from dataclasses import dataclass

from .alphabet import ZWNJ
from .bidi import bracket_errors, guillemet_reversed, is_rtl, visual_to_logical

_SEPARATORS = {" ", "\u00a0", ZWNJ, "\u2009", "\u202f", "\u200b"}
_DROP = {"\u0640", "\ufeff", "\u200e", "\u200f", "\u202a", "\u202b", "\u202c", "\u200d"}


@dataclass(slots=True)
class Glyph:
    text: str  # NFKC-normalised code(s) of the glyph; "" for a dropped glyph
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool
    order: int  # position in the content stream: the tie-breaker for equal positions
    sep: bool = False  # a space-like glyph (space, ZWNJ): decides word boundaries, never drawn

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2


def glyphs_from_chars(chars: list[dict]) -> tuple[list[Glyph], int]:
    """pdfplumber chars → Glyphs; also how many were unreadable `(cid:N)` codes."""
    out: list[Glyph] = []
    cids = 0
    for i, c in enumerate(chars):
        raw = c.get("text") or ""
        if raw.startswith("(cid:"):
            # kashida/ornament glyphs without a code (LibreOffice), or an unmapped font: kept
            # as ink without text, so that the gap they fill is not read as a word space
            cids += 1
            text = ""
        else:
            text = unicodedata.normalize("NFKC", raw) if not raw.isascii() else raw
            text = "".join(ch for ch in text if ch not in _DROP)
            if not text and raw not in _DROP:
                continue
        x0, x1 = float(c["x0"]), float(c["x1"])
        top, bottom = float(c["top"]), float(c["bottom"])
        size = float(c.get("size") or (bottom - top) or 1.0)
        font = (c.get("fontname") or "").lower()
        bold = "bold" in font or "black" in font or "heavy" in font or "titr" in font
        sep = text in _SEPARATORS or text.isspace()
        if sep:
            text = ZWNJ if raw == ZWNJ else " "
        out.append(Glyph(text, x0, x1, top, bottom, size, bold, i, sep))
    return out, cids


# ---------------------------------------------------------------- XY-cut


def _gaps(intervals: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Empty stretches between the union of intervals, as (start, end)."""
    intervals = sorted(intervals)
    gaps = []
    cur_end = intervals[0][1]
    for a, b in intervals[1:]:
        if a > cur_end:
            gaps.append((cur_end, a))
        if b > cur_end:
            cur_end = b
    return gaps


def reading_regions(glyphs: list[Glyph], rtl: bool = True) -> list[list[Glyph]]:
    """Split visible glyphs into column-pure regions, returned in reading order."""
    ink = [g for g in glyphs if not g.sep]
    if not ink:
        return []
    out: list[list[Glyph]] = []
    _cut(ink, rtl, out, 0)
    return out


def _cut(gs: list[Glyph], rtl: bool, out: list[list[Glyph]], depth: int) -> None:
    if depth > 200 or len(gs) < 2:
        out.append(gs)
        return
    size = statistics.median(g.size for g in gs)
    rows = _gaps([(g.top + 0.15 * (g.bottom - g.top), g.bottom - 0.15 * (g.bottom - g.top)) for g in gs])
    # vertical cut: a gutter through the whole region
    vgaps = _gaps([(g.x0, g.x1) for g in gs])
    need = 0.9 * size if rows else 3.0 * size  # one line alone is only split at a very wide gap
    cuts = [(a + b) / 2 for a, b in vgaps if b - a >= need and (b - a >= 3.0 * size or not _splits_a_line(gs, rows, a, b))
            and not _cuts_a_headline(gs, rows, a, b, size)]
    if cuts:
        parts: list[list[Glyph]] = [[] for _ in range(len(cuts) + 1)]
        for g in gs:
            k = sum(1 for x in cuts if g.cx > x)
            parts[k].append(g)
        if rtl:
            parts.reverse()
        for p in parts:
            if p:
                _cut(p, rtl, out, depth + 1)
        return
    if not rows:
        out.append(gs)
        return
    widest = max(b - a for a, b in rows)
    hcuts = [(a + b) / 2 for a, b in rows if b - a >= widest - 0.1 * size]
    parts = [[] for _ in range(len(hcuts) + 1)]
    for g in gs:
        cy = (g.top + g.bottom) / 2
        k = sum(1 for y in hcuts if cy > y)
        parts[k].append(g)
    if len([p for p in parts if p]) == 1:
        out.append(gs)
        return
    for p in parts:
        if p:
            _cut(p, rtl, out, depth + 1)


def _splits_a_line(gs: list[Glyph], rows: list[tuple[float, float]], a: float, b: float) -> bool:
    """The gap (a, b) runs between two pieces of one line, not between two columns: only one row
    has ink on both sides, and there its two pieces share a baseline and a type size.

    A short last headline row over a narrow justified column let a 0.9-em word space pass for a
    gutter, and the first line of a brief was read as two lines (np-dev-02).
    """
    crossing, left, right = _crossing_rows(gs, rows, a, b)
    if len(crossing) != 1:
        return False
    lg, rg = left[crossing[0]], right[crossing[0]]
    ls, rs = statistics.median(g.size for g in lg), statistics.median(g.size for g in rg)
    lb, rb = statistics.median(g.bottom for g in lg), statistics.median(g.bottom for g in rg)
    return abs(ls - rs) <= 0.1 * max(ls, rs) and abs(lb - rb) <= 0.15 * max(ls, rs)


def _cuts_a_headline(gs: list[Glyph], rows: list[tuple[float, float]], a: float, b: float, size: float) -> bool:
    """The gap is a word space of a line in large type that happens to fall over a gutter of the
    columns below (np-made: «کلید لانه جاسوسی را به چه | کسی می دهند»): no wider than 1.3 × that
    line's word spaces (it measured 1.0). Two headlines side by side stand a gutter apart, 1.6 ×
    their word spaces or more."""
    crossing, left, right = _crossing_rows(gs, rows, a, b)
    for k in crossing:
        row = left[k] + right[k]
        big = statistics.median(g.size for g in row)
        if big < 1.3 * size:
            continue
        lb, rb = statistics.median(g.bottom for g in left[k]), statistics.median(g.bottom for g in right[k])
        if abs(lb - rb) > 0.15 * big:
            continue
        xs = sorted(row, key=lambda g: g.x0)
        spaces = [q.x0 - p.x1 for p, q in zip(xs, xs[1:]) if q.x0 - p.x1 > 0.15 * big]
        if spaces and b - a <= 1.3 * statistics.median(spaces):
            return True
    return False


def _crossing_rows(gs: list[Glyph], rows: list[tuple[float, float]], a: float, b: float):
    """The rows with ink on both sides of the gap (a, b), and the glyphs of each side by row."""
    x = (a + b) / 2
    seps = [(r0 + r1) / 2 for r0, r1 in rows]
    left: dict[int, list[Glyph]] = {}
    right: dict[int, list[Glyph]] = {}
    for g in gs:
        k = sum(1 for y in seps if (g.top + g.bottom) / 2 > y)
        (left if g.cx < x else right).setdefault(k, []).append(g)
    return [k for k in left if k in right], left, right


# ---------------------------------------------------------------- lines


@dataclass
class RawLine:
    glyphs: list[Glyph]  # visible and separator glyphs, visual (left-to-right) order
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool
    text: str = ""
    rtl: bool = True


def build_lines(region: list[Glyph], seps: list[Glyph]) -> list[RawLine]:
    """Group a column-pure region's glyphs into lines (top to bottom), separators included."""
    gs = sorted(region, key=lambda g: (g.top + g.bottom) / 2)
    bands: list[list[Glyph]] = []
    band_top = band_bottom = 0.0
    for g in gs:
        h = g.bottom - g.top
        if bands:
            overlap = min(band_bottom, g.bottom) - max(band_top, g.top)
            if overlap >= 0.5 * min(h, band_bottom - band_top):
                bands[-1].append(g)
                band_top, band_bottom = min(band_top, g.top), max(band_bottom, g.bottom)
                continue
        bands.append([g])
        band_top, band_bottom = g.top, g.bottom
    lines = []
    for band in bands:
        x0 = min(g.x0 for g in band)
        x1 = max(g.x1 for g in band)
        top = min(g.top for g in band)
        bottom = max(g.bottom for g in band)
        mid = (top + bottom) / 2
        spaces = [s for s in seps if x0 - 1 <= s.cx <= x1 + 1 and s.top <= mid <= s.bottom]
        sizes = [g.size for g in band]
        lines.append(RawLine(band + spaces, x0, x1, top, bottom, statistics.median(sizes),
                             sum(g.bold for g in band) > len(band) / 2))
    return lines


def _attach_marks(visible: list[Glyph]) -> list[list[Glyph]]:
    """Clusters of base glyph + its combining marks, in visual order."""
    clusters: list[list[Glyph]] = []
    marks: list[Glyph] = []
    for g in visible:
        if g.text and all(unicodedata.category(ch) == "Mn" for ch in g.text):
            marks.append(g)
        else:
            clusters.append([g])
    for m in marks:
        if not clusters:
            clusters.append([m])
            continue
        best = min(clusters, key=lambda c: (0 if c[0].x0 - 0.5 <= m.cx <= c[0].x1 + 0.5 else 1,
                                            abs(c[0].cx - m.cx)))
        best.append(m)
    return clusters


def line_clusters(line: RawLine) -> list[str]:
    """The line as cluster texts in visual order, with word separators decided from geometry.

    A space glyph that advances the pen is a word space; one the next glyph overlaps (zero
    advance) stands for a zero-width non-joiner, which is how Chromium and LibreOffice draw
    ZWNJ. A gap with no space glyph at all is a word space when it is wide enough.
    """
    visible = sorted((g for g in line.glyphs if not g.sep), key=lambda g: (g.cx, g.order))
    seps = sorted((g for g in line.glyphs if g.sep), key=lambda g: g.x0)
    clusters = _attach_marks(visible)
    clusters.sort(key=lambda c: (c[0].cx, c[0].order))
    _drop_fake_kashida(clusters)
    out: list[str] = []
    si = 0
    prev = None
    for c in clusters:
        g = c[0]
        if prev is not None:
            gap = g.x0 - prev.x1
            # separators lying between prev and g
            between = []
            while si < len(seps) and seps[si].cx <= g.cx:
                if seps[si].cx >= prev.cx - 0.01:
                    between.append(seps[si])
                si += 1
            size = max(prev.size, g.size)
            if between:
                if gap > 0.12 * size:
                    out.append(" ")
                else:
                    out.append(ZWNJ if _joins(prev, g) else " ")
            elif gap > 0.2 * size:
                out.append(" ")
        text = "".join(x.text for x in [g] + sorted(c[1:], key=lambda m: m.order))
        if text:
            out.append(text)
        prev = g
    return out


def _drop_fake_kashida(clusters: list[list[Glyph]]) -> None:
    """Kashida glyphs that a font maps to a digit («لح11اظ»): digits wedged, touching, between letters.

    A run of digit glyphs glued on both sides to Arabic letters is stretching, not a number.
    """
    n = len(clusters)
    i = 0
    while i < n:
        g = clusters[i][0]
        if g.text.isascii() and g.text.isdigit():
            j = i
            while j + 1 < n and clusters[j + 1][0].text.isascii() and clusters[j + 1][0].text.isdigit():
                j += 1
            if 0 < i and j + 1 < n:
                left, right = clusters[i - 1][0], clusters[j + 1][0]
                tight = 0.15 * g.size
                if _arabic(left.text) and _arabic(right.text) and g.x0 - left.x1 < tight \
                        and right.x0 - clusters[j][0].x1 < tight:
                    for k in range(i, j + 1):
                        clusters[k][0].text = ""
            i = j + 1
        else:
            i += 1


def _joins(left: Glyph, right: Glyph) -> bool:
    """A zero-advance separator between two Arabic-script glyphs is a ZWNJ; elsewhere a space."""
    return _arabic(left.text) and _arabic(right.text)


def _arabic(t: str) -> bool:
    return any("\u0600" <= ch <= "\u06ff" or "\ufb50" <= ch <= "\ufeff" for ch in t)


def logical_lines(lines: list[RawLine], rtl: bool | None = None) -> None:
    """Set each line's logical text, choosing per page whether the producer mirrored brackets.

    `rtl` is the page's base direction; a Persian page's paragraphs stay right to left even
    on a line that is mostly Latin (a URL, a bit of code).
    """
    variants = []
    for ln in lines:
        cl = line_clusters(ln)
        ln.rtl = is_rtl(cl) if rtl is None else rtl
        variants.append(cl)
    plain = [visual_to_logical(cl, ln.rtl, mirror=False) for cl, ln in zip(variants, lines)]
    mirrored = None
    if any(ch in "()[]{}«»" for t in plain for ch in t):
        mirrored = [visual_to_logical(cl, ln.rtl, mirror=True) for cl, ln in zip(variants, lines)]
        # pairs may span lines: judge the page's text as a whole
        e_plain = bracket_errors("".join(plain))
        e_mirror = bracket_errors("".join(mirrored))
        # guillemets: Persian opens with «; a text read with » first is mirrored
        e_plain += sum(guillemet_reversed(t) for t in plain)
        e_mirror += sum(guillemet_reversed(t) for t in mirrored)
        if e_mirror < e_plain:
            plain = mirrored
    for ln, t in zip(lines, plain):
        ln.text = " ".join(t.split())
