"""Page furniture of a newspaper page: masthead, running heads and footers, section labels, ads and
jump lines. They are kept (kind "furniture") but never become part of an article.

Before this, a whole issue read as one text in which 87 % of the dev issues' furniture strings
(prices, phone numbers, the paper's date) sat among the stories, where the figure finder and the
fact-checker took them for the news. The cues are generic: the bands above and below the full
width rules at the page's top and foot when they hold a date, a folio or an issue number; a short
label between two rules; a framed box of short centred lines that sells something; the lines
«ادامه در صفحه ۲» / «بقیه از صفحه اول».
"""

from __future__ import annotations

import re
import statistics

from .document import FURNITURE, Block, Line
from .drawings import Drawings

_D = r"[0-9۰-۹٠-٩]"
_ORDINALS = {"اول": 1, "دوم": 2, "سوم": 3, "چهارم": 4, "پنجم": 5, "ششم": 6, "هفتم": 7, "هشتم": 8, "نهم": 9,
             "دهم": 10, "یازدهم": 11, "دوازدهم": 12, "سیزدهم": 13, "چهاردهم": 14, "پانزدهم": 15,
             "شانزدهم": 16, "یک": 1, "دو": 2, "سه": 3, "چهار": 4, "پنج": 5, "شش": 6, "هفت": 7, "هشت": 8,
             "نه": 9, "ده": 10}
_PAGE_NO = rf"(?P<no>{_D}{{1,3}}|{'|'.join(sorted(_ORDINALS, key=len, reverse=True))})"
# «ادامه در صفحه ۳»، «بقیه از صفحه اول»، «ادامه مطلب در صفحه‌ی 3»، "continued on page 3"
_JUMP = re.compile(
    rf"^[\s(\[«]*(?:ادامه|بقیه|دنباله)(?:\s+(?:مطلب|خبر|گزارش|در\s+ادامه))?\s+(?P<dir>در|از)\s+صفحه(?:\u200c?ی)?\s*"
    rf"{_PAGE_NO}[\s)\]».:]*$")
_JUMP_EN = re.compile(r"^\W*continued\s+(?P<dir>on|from)\s+page\s+(?P<no>\d{1,3})\W*$", re.I)
_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")


def jump_of(text: str) -> tuple[str, int] | None:
    """("to", 3) for «ادامه در صفحه ۳», ("from", 1) for «ادامه از صفحه اول»; None for other text."""
    t = " ".join(text.replace("ي", "ی").replace("ك", "ک").split())
    m = _JUMP.match(t) or _JUMP_EN.match(t)
    if not m:
        return None
    no = m.group("no")
    n = _ORDINALS.get(no) or int(no.translate(_DIGITS))
    return ("to" if m.group("dir") in ("در", "on") else "from"), n


# ------------------------------------------------------------------ cues

_WEEKDAYS = "شنبه|یکشنبه|یک\u200cشنبه|دوشنبه|سه\u200cشنبه|سهشنبه|چهارشنبه|پنجشنبه|پنج\u200cشنبه|جمعه"
_MONTHS = ("فروردین|اردیبهشت|خرداد|تیر|مرداد|شهریور|مهر|آبان|آذر|دی|بهمن|اسفند|ژانویه|فوریه|مارس|آوریل|مه|می|"
           "ژوئن|ژوئیه|جولای|اوت|آگوست|سپتامبر|اکتبر|نوامبر|دسامبر|january|february|march|april|may|june|"
           "july|august|september|october|november|december")
_MASTHEAD_CUES = re.compile(
    rf"(?:^|\s)(?:{_WEEKDAYS})(?:\s|،|$)|{_D}{{1,2}}\s+(?:{_MONTHS})\s+{_D}{{2,4}}|{_D}{{4}}/{_D}{{1,2}}/{_D}{{1,2}}"
    rf"|(?:^|\s)صفحه\s*{_D}{{1,3}}(?:\s|$)|{_D}+\s+صفحه|(?:^|\s)شماره\s+{_D}+|(?:^|\s)سال\s+(?:{_D}+|\S+م)(?:\s|$)"
    rf"|[0-9۰-۹٠-٩][0-9۰-۹٠-٩٬,]*\s+(?:ریال|تومان)", re.I)
_STRONG_CUES = re.compile(
    rf"(?:^|\s)(?:{_WEEKDAYS})(?:\s|،|$)|{_D}{{1,2}}\s+(?:{_MONTHS})\s+{_D}{{4}}|(?:^|\s)صفحه\s*{_D}{{1,3}}(?:\s|$)"
    rf"|(?:^|\s)شماره\s+{_D}+", re.I)
_FOOTER_CUES = re.compile(rf"www\.|https?://|@\w|\.(?:ir|com|org|net)\b|(?:^|\s)(?:تلفن|تلفکس|نمابر|فکس|نشانی|آدرس|"
                          rf"صندوق پستی|کد پستی|ایمیل|پست الکترونیک)\s*:|{_D}{{3,4}}[-\s]{_D}{{6,8}}|(?:^|\s)صفحه\s*{_D}{{1,3}}$",
                          re.I)
_SELLING = re.compile(rf"(?:^|\s)(?:تلفن|تماس|رزرو|سفارش|تلفن\s+تماس)\s*:|0?9{_D}{{9}}|{_D}{{3,4}}[-\s]?{_D}{{7,8}}|"
                      rf"(?:^|\s)(?:ریال|تومان|تخفیف|حراج|فروش|فروشگاه|ثبت\u200cنام|نمایندگی|آموزشگاه)(?:\s|$)|www\.", re.I)
_FINAL = re.compile(r"[.!?؟…]['\"»)\]]*$")


def _words(b: Block) -> int:
    return len(b.text.split())


def _overlap(a0: float, a1: float, b0: float, b1: float) -> float:
    return min(a1, b1) - max(a0, b0)


# ------------------------------------------------------------------ jump lines out of paragraphs


def split_jump_lines(blocks: list[Block]) -> list[Block]:
    """A jump line that the grouping glued to a paragraph becomes a furniture block of its own."""
    out: list[Block] = []
    for b in blocks:
        if jump_of(b.text):
            b.kind = FURNITURE
            out.append(b)
            continue
        if len(b.lines) < 2 or not any(jump_of(ln.text) for ln in b.lines):
            out.append(b)
            continue
        run: list[Line] = []
        for ln in b.lines:
            if jump_of(ln.text):
                if run:
                    out.append(block_of_lines(b, run, b.kind))
                    run = []
                out.append(block_of_lines(b, [ln], FURNITURE))
            else:
                run.append(ln)
        if run:
            out.append(block_of_lines(b, run, b.kind))
    return out


def block_of_lines(b: Block, lines: list[Line], kind: str) -> Block:
    """A block made of some of `b`'s lines (a piece split off it)."""
    box = (min(ln.bbox[0] for ln in lines), min(ln.bbox[1] for ln in lines),
           max(ln.bbox[2] for ln in lines), max(ln.bbox[3] for ln in lines))
    return Block(kind, " ".join(ln.text for ln in lines), b.page, tuple(round(v, 2) for v in box),  # type: ignore[arg-type]
                 round(statistics.median(ln.size for ln in lines), 2), sum(ln.bold for ln in lines) > len(lines) / 2,
                 lines, b.column, b.ocr, b.confidence)


# ------------------------------------------------------------------ bands: masthead, running heads, footers


def mark_bands(blocks: list[Block], d: Drawings, width: float, height: float, body: float) -> list[Block]:
    """Masthead / running head above the page's top full-width rule and the footer below its foot rule
    become furniture when they read like one (a date, folio, issue number, web address or phone).
    Returns the blocks of the top band (where the paper's name and date are read)."""
    live = [b for b in blocks if b.kind != FURNITURE and b.text.strip()]
    if not live:
        return []
    x0, x1 = min(b.bbox[0] for b in live), max(b.bbox[2] for b in live)
    full = [r for r in d.hrules if r[2] - r[0] >= 0.8 * (x1 - x0)]
    top_band: list[Block] = []
    # the top: the lowest full rule in the top fifth whose band reads like a masthead or running head
    for r in sorted((r for r in full if r[3] <= 0.2 * height), key=lambda r: -r[1]):
        above = [b for b in blocks if b.bbox[3] <= r[1] + 2]
        if above and _reads_like(above, _MASTHEAD_CUES) and all(_words(b) <= 25 for b in above):
            top_band = above
            break
    if not top_band:
        # no rule: what lies above the first story (a headline with text under it, or a paragraph)
        # in the top quarter, when it has a date, folio or issue number and only short lines
        cued = [b for b in blocks if b.bbox[1] <= 0.25 * height and _STRONG_CUES.search(b.text)]
        starts = [b.bbox[1] for b in live if b.bbox[1] <= 0.25 * height and _starts_a_story(b, live, body)
                  and not any(min(c.bbox[3], b.bbox[3]) - max(c.bbox[1], b.bbox[1]) > 0 for c in cued)]
        if starts:
            limit = min(starts)
            band = [b for b in blocks if b.bbox[3] <= limit + 1 and b.text.strip()]
            if band and any(_STRONG_CUES.search(b.text) for b in band) \
                    and all(_words(b) <= 25 and len(b.lines) <= 4 for b in band):
                top_band = band
    for b in top_band:
        b.kind = FURNITURE
    for r in sorted((r for r in full if r[1] >= 0.85 * height), key=lambda r: r[1]):
        below = [b for b in blocks if b.bbox[1] >= r[3] - 2]
        if below and _reads_like(below, _FOOTER_CUES) and all(_words(b) <= 25 for b in below):
            for b in below:
                b.kind = FURNITURE
            break
    else:
        for b in live:
            if b.bbox[1] >= 0.94 * height and _words(b) <= 12 and len(b.lines) <= 2 and _FOOTER_CUES.search(b.text) \
                    and all(o.bbox[3] <= b.bbox[1] - 0.8 * body or o.bbox[1] >= b.bbox[1] - 1 for o in live):
                b.kind = FURNITURE
    return top_band


def _starts_a_story(b: Block, live: list[Block], body: float) -> bool:
    """A paragraph of body type, or a headline (or its kicker) with body type right under it."""
    if len(b.lines) >= 3 and abs(b.size - body) <= 0.15 * body:
        return True
    below = [o for o in live if o is not b and 0 <= o.bbox[1] - b.bbox[3] <= 2.5 * body
             and min(o.bbox[2], b.bbox[2]) - max(o.bbox[0], b.bbox[0]) > 0]
    if b.size >= 1.25 * body and b.bold and any(len(o.lines) >= 2 and _words(o) >= 15
                                                 and abs(o.size - body) <= 0.25 * body for o in below):
        return True
    # a kicker over such a headline
    return len(b.lines) <= 2 and any(o.size >= 1.25 * body and o.bold and _starts_a_story(o, live, body)
                                     for o in below if o.size > b.size)


def _reads_like(blocks: list[Block], cues: re.Pattern) -> bool:
    return any(cues.search(b.text) for b in blocks)


# ------------------------------------------------------------------ section labels


def mark_labels(blocks: list[Block], d: Drawings, body: float) -> None:
    """A short line between two rules («خبر کوتاه» over a rail of briefs), or on a small shaded
    plate, names a section: furniture."""
    for b in blocks:
        if b.kind == FURNITURE or len(b.lines) != 1 or _words(b) > 4 or _FINAL.search(b.text):
            continue
        x0, top, x1, bottom = b.bbox
        size = max(b.size, body)
        below = d.hrules_between(x0, x1, bottom - 0.6 * size, bottom + 1.2 * size, overlap=0.8)
        above = d.hrules_between(x0, x1, top - 1.5 * size, top + 0.3 * size, overlap=0.8)
        plate = any(s[0] - 1 <= x0 and x1 <= s[2] + 1 and s[1] - 1 <= top and bottom <= s[3] + 1
                    and s[3] - s[1] < 2.5 * b.size for s in d.shades)
        if (below and above) or plate:
            b.kind = FURNITURE


# ------------------------------------------------------------------ ads


def mark_ads(blocks: list[Block], d: Drawings, body: float) -> None:
    """A frame holding a few short lines set centred, that sell (a phone, a price, «تخفیف»): an ad."""
    frames = sorted(d.frames, key=lambda f: -(f[2] - f[0]) * (f[3] - f[1]))
    outer = [f for i, f in enumerate(frames)
             if not any(g[0] <= f[0] + 1 and f[2] <= g[2] + 1 and g[1] <= f[1] + 1 and f[3] <= g[3] + 1
                        for g in frames[:i])]
    for f in outer:
        inside = [b for b in blocks if b.kind != FURNITURE and f[0] - 1 <= (b.bbox[0] + b.bbox[2]) / 2 <= f[2] + 1
                  and f[1] - 1 <= (b.bbox[1] + b.bbox[3]) / 2 <= f[3] + 1]
        if inside and is_ad(inside, (f[0] + f[2]) / 2, body):
            for b in inside:
                b.kind = FURNITURE


def is_ad(blocks: list[Block], axis: float | None, body: float) -> bool:
    """Few words, no paragraph of body text, lines centred on one axis, and something for sale."""
    words = sum(_words(b) for b in blocks)
    if not blocks or words > 60:
        return False
    lines = [ln for b in blocks for ln in b.lines]
    paragraph = any(len(b.lines) >= 4 and abs(b.size - body) < 0.1 * body for b in blocks)
    if paragraph:
        return False
    framed = axis is not None
    if axis is None:
        axis = statistics.median((ln.bbox[0] + ln.bbox[2]) / 2 for ln in lines)
    def centred(ln: Line) -> bool:
        return abs((ln.bbox[0] + ln.bbox[2]) / 2 - axis) <= max(2.0, 0.6 * ln.size)

    if not any(_SELLING.search(b.text) for b in blocks) or sum(map(centred, lines)) < 0.6 * len(lines):
        return False
    if framed:
        return True
    # justified lines of a column are centred too, but all of one width; a brief's headline rows
    # are ragged but set flush right: an ad's short lines are ragged and centred
    widest = max(ln.bbox[2] - ln.bbox[0] for ln in lines)
    ragged = [ln for ln in lines if ln.bbox[2] - ln.bbox[0] < 0.9 * widest]
    return len(ragged) >= 2 and sum(map(centred, ragged)) >= 0.6 * len(ragged)
