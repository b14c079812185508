"""find_figures: the numbers a journalist or translator checks, with their value, unit and sentence.

Handles digits of every script (۱۲۳ ١٢٣ 123) and their separators (1,522,000 ۳٫۵ 3.5),
scale words (هزار، میلیون، میلیارد، هزار میلیارد، تریلیون), composite numbers (6 هزار و 127),
number words (سه، بیست و پنج، دو برابر، یک‌سوم), percentages, currencies, ranges
(۱۵ تا ۲۰ درصد), years and dates (Jalali and Gregorian, numeric or with month names).
"""

from __future__ import annotations

import re

from .document import Figure

_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩٫٬", "01234567890123456789.,")
ZWNJ = "\u200c"

SCALES = {"هزار": 1e3, "میلیون": 1e6, "میلیارد": 1e9, "بیلیون": 1e9, "تریلیون": 1e12, "بیلیارد": 1e12}
UNITS = {
    "درصد": "percent", "%": "percent", "٪": "percent",
    "ریال": "rial", "تومان": "toman", "دلار": "dollar", "یورو": "euro", "پوند": "pound",
    "درهم": "dirham", "یوان": "yuan", "روبل": "ruble", "لیر": "lira", "ین": "yen",
}
_UNIT_ORDER = sorted(UNITS, key=len, reverse=True)

_WORD_NUMBERS = {
    "یک": 1, "دو": 2, "سه": 3, "چهار": 4, "پنج": 5, "شش": 6, "شیش": 6, "هفت": 7, "هشت": 8,
    "نه": 9, "ده": 10, "یازده": 11, "دوازده": 12, "سیزده": 13, "چهارده": 14, "پانزده": 15,
    "پونزده": 15, "شانزده": 16, "هفده": 17, "هجده": 18, "هیجده": 18, "نوزده": 19, "بیست": 20,
    "سی": 30, "چهل": 40, "پنجاه": 50, "شصت": 60, "هفتاد": 70, "هشتاد": 80, "نود": 90,
    "صد": 100, "یکصد": 100, "دویست": 200, "سیصد": 300, "چهارصد": 400, "پانصد": 500,
    "ششصد": 600, "هفتصد": 700, "هشتصد": 800, "نهصد": 900,
}
# words that are also ordinary words: a number only beside a scale, unit or «برابر»
_AMBIGUOUS = {"یک", "نه", "ده", "سی", "صد", "دو"}
_FRACTIONS = {"نصف": 0.5, "نیمی": 0.5, "نیم": 0.5, "دوسوم": 2 / 3, "سه‌چهارم": 0.75, "سه چهارم": 0.75,
              "یک‌سوم": 1 / 3, "یک سوم": 1 / 3, "یک‌چهارم": 0.25, "یک چهارم": 0.25, "یک‌پنجم": 0.2,
              "یک پنجم": 0.2, "یک‌دهم": 0.1, "یک دهم": 0.1, "دو سوم": 2 / 3, "دو‌سوم": 2 / 3}

JALALI_MONTHS = ["فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور", "مهر", "آبان", "آذر", "دی",
                 "بهمن", "اسفند"]
GREGORIAN_MONTHS = ["ژانویه", "فوریه", "مارس", "آوریل", "مه", "ژوئن", "ژوئیه", "اوت", "سپتامبر", "اکتبر",
                    "نوامبر", "دسامبر"]
_GREG_ALT = {"ژانویهٔ": 1, "فوریهٔ": 2, "مارچ": 3, "آپریل": 4, "می": 5, "جون": 6, "جولای": 7, "ژوییه": 7,
             "آگوست": 8, "اگوست": 8, "آگوست": 8}
_MONTHS = {m: (i + 1, "jalali") for i, m in enumerate(JALALI_MONTHS)}
_MONTHS.update({m: (i + 1, "gregorian") for i, m in enumerate(GREGORIAN_MONTHS)})
_MONTHS.update({m: (n, "gregorian") for m, n in _GREG_ALT.items()})
_APPROX = ("حدود", "حدوداً", "حدودا", "تقریباً", "تقریبا", "نزدیک به", "بیش از", "بالغ بر", "کمتر از",
           "بیشتر از", "کم‌تر از", "بیش‌تر از", "قریب به", "متجاوز از", "در حدود")

_NUM = r"\d+(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_SCALE_RE = "|".join(sorted(SCALES, key=len, reverse=True))
_MONTH_RE = "|".join(sorted(_MONTHS, key=len, reverse=True))
_WORDNUM_RE = "|".join(sorted(_WORD_NUMBERS, key=len, reverse=True))
_NOUN = r"[\u0600-\u06ff\u200c]+"

_DATE_NUMERIC = re.compile(r"(?<![\d/])(\d{4})/(\d{1,2})/(\d{1,2})(?![\d/])|(?<![\d/])(\d{1,2})/(\d{1,2})/(\d{4})(?![\d/])")
_DATE_NAMED = re.compile(rf"(?<![\d])(\d{{1,2}})\s*(?:ام\s+)?({_MONTH_RE})(?![\u0600-\u06ff])(?:\s*(?:ماه\s+)?(?:سال\s+)?(\d{{4}}))?")
_MONTH_YEAR = re.compile(rf"(?<![\u0600-\u06ff\d])({_MONTH_RE})\s+(?:ماه\s+)?(?:سال\s+)?(\d{{4}})(?!\d)")
# a number, optionally "X هزار و Y", optionally a chain of scale words
_AMOUNT = re.compile(
    rf"(?<![A-Za-z\d.,/])({_NUM})(?![\d/A-Za-z])"
    rf"(?:\s*({_SCALE_RE})(?:\s+و\s+({_NUM})(?:\s*({_SCALE_RE}))?)?(?:\s*({_SCALE_RE}))?)?"
)
_WORDS = re.compile(rf"(?<![\u0600-\u06ff\u200c])((?:{_WORDNUM_RE})(?:\s+و\s+(?:{_WORDNUM_RE}))*)(?![\u0600-\u06ff\u200c])"
                    rf"(?:\s*({_SCALE_RE}))?(?:\s*({_SCALE_RE}))?")
_FRACTION = re.compile(r"(?<![\u0600-\u06ff\u200c])(" + "|".join(sorted(_FRACTIONS, key=len, reverse=True)) + r")(?![\u0600-\u06ff])")
_SENTENCE_END = re.compile(r"[.!?؟\n]+(?=\s|$)")


def find_figures(text: str) -> list[Figure]:
    """Every figure in `text`, in order, with normalised value, unit, span and sentence."""
    if not text:
        return []
    norm = text.translate(_DIGITS)  # same length as text: spans carry over
    taken: list[tuple[int, int]] = []
    out: list[Figure] = []

    def free(s: int, e: int) -> bool:
        return all(e <= a or s >= b for a, b in taken)

    def add(f: Figure) -> None:
        taken.append((f.start, f.end))
        f.text = text[f.start:f.end]
        f.sentence = _sentence(text, f.start, f.end)
        f.approximate = f.approximate or _hedged(norm, f.start)
        out.append(f)

    for m in _DATE_NUMERIC.finditer(norm):
        if m.group(1):
            y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
        else:
            d, mo, y = int(m.group(4)), int(m.group(5)), int(m.group(6))
        if 1 <= mo <= 12 and 1 <= d <= 31:
            add(Figure("", y * 10000 + mo * 100 + d, "date", "date", m.start(), m.end(), calendar=_calendar(y)))
    for m in _DATE_NAMED.finditer(norm):
        if not free(m.start(), m.end()):
            continue
        d = int(m.group(1))
        mo, cal = _MONTHS[m.group(2)]
        y = int(m.group(3)) if m.group(3) else 0
        if 1 <= d <= 31:
            add(Figure("", y * 10000 + mo * 100 + d, "date", "date", m.start(), m.end(), calendar=cal))
    for m in _MONTH_YEAR.finditer(norm):
        if free(m.start(), m.end()):
            mo, cal = _MONTHS[m.group(1)]
            y = int(m.group(2))
            add(Figure("", y * 10000 + mo * 100, "date", "date", m.start(), m.end(), calendar=cal))

    for m in _AMOUNT.finditer(norm):
        if not free(m.start(), m.end()):
            continue
        value = _num(m.group(1))
        scale1, rest, scale2, scale3 = m.group(2), m.group(3), m.group(4), m.group(5)
        if scale1:
            value *= SCALES[scale1]
            if rest:
                r = _num(rest)
                if scale2:
                    r *= SCALES[scale2]
                value += r
            if scale3:
                value *= SCALES[scale3]
        end = m.end()
        out_f = _with_unit(norm, m.start(), end, value, bool(scale1), raw=m.group(1))
        if out_f:
            add(out_f)

    for m in _FRACTION.finditer(norm):
        if free(m.start(), m.end()):
            add(Figure("", _FRACTIONS[m.group(1)], "fraction", "ratio", m.start(), m.end()))

    for m in _WORDS.finditer(norm):
        if not free(m.start(), m.end()):
            continue
        parts = [p for p in re.split(r"\s+و\s+", m.group(1))]
        value = float(sum(_WORD_NUMBERS[p] for p in parts))
        scaled = False
        for g in (m.group(2), m.group(3)):
            if g:
                value *= SCALES[g]
                scaled = True
        f = _with_unit(norm, m.start(), m.end(), value, scaled, raw=None)
        if f is None:
            continue
        if len(parts) == 1 and parts[0] in _AMBIGUOUS and not scaled and f.unit in ("count", "number"):
            continue  # «یک مطالعه»، «ده»، «صد»: ordinary words here
        if f.unit == "count" and not f.counts:
            continue
        add(f)

    out.sort(key=lambda f: f.start)
    _merge_ranges(norm, out)
    return out


def _num(s: str) -> float:
    return float(s.replace(",", ""))


def _calendar(year: int) -> str:
    if 1300 <= year <= 1500:
        return "jalali"
    if 1700 <= year <= 2200:
        return "gregorian"
    return ""


def _with_unit(norm: str, start: int, end: int, value: float, scaled: bool, raw: str | None) -> Figure | None:
    """Read what follows a number: a unit, «برابر», or the noun it counts."""
    after = norm[end:end + 40]
    m = re.match(r"\s*([%٪])", after)
    if m:
        return Figure("", value, "percent", "percent", start, end + m.end())
    m = re.match(r"\s*(" + "|".join(map(re.escape, _UNIT_ORDER)) + r")(?:ی|‌ای|ای)?(?![\u0600-\u06ff])", after)
    if m:
        unit = UNITS[m.group(1)]
        kind = "percent" if unit == "percent" else "amount"
        return Figure("", value, unit, kind, start, end + m.end())
    m = re.match(r"\s*برابر", after)
    if m:
        return Figure("", value, "times", "ratio", start, end + m.end())
    before = norm[max(0, start - 12):start]
    is_int = raw is not None and re.fullmatch(r"\d{4}", raw)
    if is_int and not scaled:
        y = int(raw)
        if re.search(r"(سال|سالِ|year)\s*$", before) or (_calendar(y) and not re.match(r"\s*" + _NOUN, after)):
            return Figure("", float(y), "year", "year", start, end, calendar=_calendar(y))
        if _calendar(y) and re.match(r"\s*(میلادی|شمسی|خورشیدی|هجری|قمری)", after):
            mm = re.match(r"\s*(میلادی|شمسی|خورشیدی|هجری|قمری)", after)
            cal = "gregorian" if mm.group(1) == "میلادی" else ("hijri" if mm.group(1) == "قمری" else "jalali")
            return Figure("", float(y), "year", "year", start, end + mm.end(), calendar=cal)
    m = re.match(r"\s*(" + _NOUN + ")", after)
    if m:
        noun = m.group(1)
        if noun in ("و", "تا", "از", "به", "در", "که", "را", "با", "یا"):
            return Figure("", value, "number", "number", start, end)
        return Figure("", value, "count", "count", start, end, counts=noun)
    return Figure("", value, "number", "number", start, end)


def _merge_ranges(norm: str, figs: list[Figure]) -> None:
    """«۱۵ تا ۲۰ درصد», «۱۰ الی ۱۲ میلیون»: the first number takes the second's unit and scale."""
    i = 0
    while i + 1 < len(figs):
        a, b = figs[i], figs[i + 1]
        between = norm[a.end:b.start]
        if re.fullmatch(r"\s*(تا|الی|-|–)\s*", between) and a.kind in ("number", "count", "percent", "amount") \
                and b.kind in ("percent", "amount", "count", "number"):
            low = a.value
            if a.unit in ("number", "count") and b.value >= 1000 and low < b.value:
                # «۱۰ تا ۱۲ میلیون»: the scale word belongs to both ends
                scale = _scale_of(norm, b)
                if scale:
                    low *= scale
            merged = Figure("", low, b.unit, "range", a.start, b.end, high=b.value, counts=b.counts,
                            approximate=a.approximate or b.approximate)
            merged.text = a.text + norm[a.end:b.start] + b.text if a.text and b.text else ""
            merged.sentence = a.sentence
            figs[i:i + 2] = [merged]
            continue
        i += 1


def _scale_of(norm: str, f: Figure) -> float:
    seg = norm[f.start:f.end]
    scale = 1.0
    for w, v in SCALES.items():
        if re.search(rf"(?<![\u0600-\u06ff]){w}(?![\u0600-\u06ff])", seg):
            scale = max(scale, v)
    return scale if scale > 1 else 0.0


def _hedged(norm: str, start: int) -> bool:
    before = norm[max(0, start - 14):start].rstrip()
    return any(before.endswith(h) for h in _APPROX)


def _sentence(text: str, start: int, end: int) -> str:
    s = 0
    for m in _SENTENCE_END.finditer(text):
        if m.end() <= start:
            s = m.end()
        elif m.start() >= end:
            return text[s:m.end()].strip()
    return text[s:].strip()
