"""find_figures: the numbers a journalist or translator checks, with their value, unit and sentence.

Handles digits of every script (۱۲۳ ١٢٣ 123) and their separators (1,522,000 ۳٫۵ 3.5),
scale words (هزار، میلیون، میلیارد، هزار میلیارد، تریلیون), composite numbers (6 هزار و 127),
number words (سه، بیست و پنج، دو برابر، یک‌سوم), percentages, currencies, ranges
(۱۵ تا ۲۰ درصد), years and dates (Jalali and Gregorian, numeric or with month names).
"""

from __future__ import annotations

import re

from .alphabet import ARABIC_DIGITS, LATIN_DIGITS, PERSIAN_DIGITS
from .document import FURNITURE, Figure, Page
from .lexicon import is_verb_form

# one character for one: spans in the normalised text are spans in the original
# digits of every script, Arabic decimal/thousands separators and ي/ك, each to one character
_DIGITS = str.maketrans(PERSIAN_DIGITS + ARABIC_DIGITS + "٫٬يك", LATIN_DIGITS * 2 + ".,یک")

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
# words that are also ordinary words (the indefinite «یک», «نه» no, «ده» village): a number
# only beside a scale, a unit, «برابر» or a unit of measure
_AMBIGUOUS = {"یک", "نه", "ده", "سی", "صد"}
_MEASURES = {"سال", "ماه", "هفته", "روز", "ساعت", "دقیقه", "ثانیه", "دهه", "قرن", "نفر", "کیلومتر", "متر",
             "کیلوگرم", "تن", "لیتر", "هکتار", "بار", "مرتبه"}
# a number right after these names a thing (منطقه 22، ماده 1، شبکه پنج), it counts nothing
_LABELS = {"منطقه", "ماده", "اصل", "تبصره", "بند", "فاز", "شبکه", "کانال", "پلاک", "شماره", "ردیف",
           "صفحه", "ص", "ج", "ایستگاه", "کوچه", "خیابان", "بزرگراه", "اتوبان", "جاده", "پرواز", "قطعه", "کد"}
_FUNCTION_WORDS = {"و", "تا", "از", "به", "در", "که", "را", "با", "یا", "هم", "نیز", "بر", "برای", "این", "آن",
                   "است", "بود", "شد", "بوده", "شده", "هست", "می", "نمی"}
_WEEKDAY = re.compile(r"\s*\u200c?شنبه")
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

HIJRI_MONTHS = ["محرم", "صفر", "ربیع‌الاول", "ربیع‌الثانی", "جمادی‌الاول", "جمادی‌الثانی", "رجب", "شعبان",
                "رمضان", "شوال", "ذی‌القعده", "ذی‌الحجه"]
_MONTHS.update({m: (i + 1, "hijri") for i, m in enumerate(HIJRI_MONTHS)})


def _ordinal_days() -> dict[str, int]:
    """اول، دوم، سوم … سی‌ام، سی و یکم: the day of a month written as a word."""
    units = {v: w for w, v in _WORD_NUMBERS.items() if v < 20 and w not in ("شیش", "پونزده", "هیجده")}
    def ordinal(n: int) -> list[str]:
        if n == 1:
            return ["اول", "یکم"]
        if n == 3:
            return ["سوم"]
        if n == 30:
            return ["سی‌ام", "سی ام", "سیم"]
        if n < 20 or n == 20:
            return [units.get(n, "بیست") + "م"]
        head = "بیست" if n < 30 else "سی"
        return [f"{head} و {o}" for o in ordinal(n % 10)]
    return {o: n for n in range(1, 32) for o in ordinal(n)}


_ORDINAL_DAYS = _ordinal_days()

# «69/5» is 69.5 in Persian typing; a 4-digit head (1402/05) is a year and month, not a decimal
_NUM = r"\d+(?:,\d{3})+(?:\.\d+)?|\d{1,3}/\d+(?![/\d])|\d+(?:\.\d+)?"
_SCALE_RE = "|".join(sorted(SCALES, key=len, reverse=True))
_MONTH_RE = "|".join(sorted(_MONTHS, key=len, reverse=True))
_WORDNUM_RE = "|".join(sorted(_WORD_NUMBERS, key=len, reverse=True))
_ORDINAL_RE = "|".join(sorted(_ORDINAL_DAYS, key=len, reverse=True))
_NOUN = r"[\u0621-\u063a\u0641-\u065f\u0670-\u06d3\u200c]+"
_NOT_IN_WORD_BEFORE = r"(?<![\u0621-\u063a\u0641-\u065f\u0670-\u06d3\u200c])"
_NOT_IN_WORD_AFTER = r"(?![\u0621-\u063a\u0641-\u065f\u0670-\u06d3\u200c])"

_DATE_NUMERIC = re.compile(r"(?<![\d/])(\d{4})/(\d{1,2})/(\d{1,2})(?![\d/])|(?<![\d/])(\d{1,2})/(\d{1,2})/(\d{4})(?![\d/])")
# «12 بهمن 92»، «هشتم شهریورماه»، «اول ماه آوریل»، «۲۶ دی ۱۳۷۹»
_DATE_NAMED = re.compile(
    rf"(?<![\d\u0621-\u063a\u0641-\u065f\u0670-\u06d3\u200c])(?P<day>\d{{1,2}}|{_ORDINAL_RE}|{_WORDNUM_RE})\s*(?:ام\s+)?(?:ماه\s+)?"
    rf"(?P<month>{_MONTH_RE})(?P<mend>(?:\u200c?ماه)?)(?![\u0621-\u063a\u0641-\u065f\u0670-\u06d3])"
    rf"(?:\s*(?:ماه\s+)?(?:سال\s+)?(?P<year>\d{{4}}|\d{{2}})(?![\d/.,:]))?")
_MONTH_YEAR = re.compile(rf"(?<![\u0621-\u063a\u0641-\u065f\u0670-\u06d3\d])({_MONTH_RE})\s+(?:ماه\s+)?(?:سال\s+)?(\d{{4}})(?!\d)")
_TIME = re.compile(r"(?<![\d:/.])(\d{1,2}):(\d{2})(?![\d:])")
_CLOCK = re.compile(r"ساعت\s+(\d{1,2})(?![\d:/.,])")
# «سال تحصیلی 94-93»، «89 ـ 1388»: a span of two consecutive years
_YEAR_SPAN = re.compile(r"(?<![\d/.,])(\d{4}|\d{2})\s*[-–ـ_]\s*(\d{4}|\d{2})(?![\d/.,])")
_SHORT_YEAR = re.compile(r"(?:سال|نوروز)(?:\s+(?:تحصیلی|مالی|زراعی|جاری))?\s+(\d{2})(?![\d/.,:])")
# a match score or a ratio: «25 بر سه»، «2 بر صفر»
_SCORE_SIDE = rf"\d+|صفر|{_WORDNUM_RE}"
_SCORE = re.compile(rf"{_NOT_IN_WORD_BEFORE}(?<![\d.,/])({_SCORE_SIDE})\s+بر\s+({_SCORE_SIDE})(?![\d.,/]){_NOT_IN_WORD_AFTER}")
# a number, optionally "X هزار و Y", optionally a chain of scale words
_AMOUNT = re.compile(
    rf"(?<![A-Za-z\d.,/])({_NUM})(?![\d/A-Za-z])"
    rf"(?:\s*({_SCALE_RE})(?:\s*و\s*({_NUM})(?:\s*({_SCALE_RE}))?)?(?:\s*({_SCALE_RE}))?)?"
)
# «یک هزار و 447 تن»: words for the head, digits for the rest
_WORD_HEAD = re.compile(
    rf"{_NOT_IN_WORD_BEFORE}((?:{_WORDNUM_RE})(?:\s+و\s+(?:{_WORDNUM_RE}))*)\s*({_SCALE_RE})\s*و\s*({_NUM})(?![\d/])"
    rf"(?:\s*({_SCALE_RE}))?")
_WORDS = re.compile(rf"{_NOT_IN_WORD_BEFORE}((?:{_WORDNUM_RE})(?:\s+و\s+(?:{_WORDNUM_RE}))*){_NOT_IN_WORD_AFTER}"
                    rf"(?:\s*({_SCALE_RE}))?(?:\s*({_SCALE_RE}))?")
# «یکی دو ماه»، «دو سه روز»: two neighbouring numbers side by side are a loose range
_LOOSE_PAIR = re.compile(rf"{_NOT_IN_WORD_BEFORE}(یکی|{_WORDNUM_RE})\s+({_WORDNUM_RE}){_NOT_IN_WORD_AFTER}")
# «پنج هزار و پانصد»: the words after a scale word's «و»
_WORD_TAIL = re.compile(rf"\s*و\s*((?:{_WORDNUM_RE})(?:\s+و\s+(?:{_WORDNUM_RE}))*){_NOT_IN_WORD_AFTER}(?:\s*({_SCALE_RE}))?")
_ORDINAL_AFTER = re.compile(r"\s+و\s+[\u0621-\u063a\u0641-\u065f\u0670-\u06d3]+(?:م|مین|ام)(?![\u0621-\u063a\u0641-\u065f\u0670-\u06d3])")
_FRACTION = re.compile(r"(?<![\u0621-\u063a\u0641-\u065f\u0670-\u06d3\u200c])(" + "|".join(sorted(_FRACTIONS, key=len, reverse=True)) + r")(?![\u0621-\u063a\u0641-\u065f\u0670-\u06d3])")
_UNIT_AFTER = re.compile(r"\s*(?:[%٪]|(?:" + "|".join(map(re.escape, _UNIT_ORDER + list(SCALES))) + r")(?![\u0621-\u063a\u0641-\u065f\u0670-\u06d3]))")
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
        day = m.group("day")
        d = int(day) if day.isdigit() else _ORDINAL_DAYS.get(day) or _WORD_NUMBERS.get(day, 0)
        mo, cal = _MONTHS[m.group("month")]
        y, end = 0, m.end("mend")
        if m.group("year") and (len(m.group("year")) == 4 or not _counted_noun_after(norm, m.end())):
            y, end = _full_year(int(m.group("year"))), m.end()
        if 1 <= d <= 31:
            add(Figure("", y * 10000 + mo * 100 + d, "date", "date", m.start(), end, calendar=cal))
    for m in _MONTH_YEAR.finditer(norm):
        if free(m.start(), m.end()):
            mo, cal = _MONTHS[m.group(1)]
            y = int(m.group(2))
            add(Figure("", y * 10000 + mo * 100, "date", "date", m.start(), m.end(), calendar=cal))
    for m in _TIME.finditer(norm):
        h, mi = int(m.group(1)), int(m.group(2))
        if free(m.start(), m.end()) and h <= 24 and mi < 60:
            add(Figure("", h + mi / 60, "time", "time", m.start(), m.end()))
    for m in _CLOCK.finditer(norm):
        if free(m.start(1), m.end(1)) and int(m.group(1)) <= 24:
            add(Figure("", float(m.group(1)), "time", "time", m.start(1), m.end(1)))
    for m in _YEAR_SPAN.finditer(norm):
        if free(m.start(), m.end()) and "سال" in norm[max(0, m.start() - 25):m.start()]:
            a, b = int(m.group(1)), int(m.group(2))
            ya = _full_year(a) if a < 100 else a
            yb = (ya // 100) * 100 + b if b < 100 else b
            if abs(ya - yb) == 1 and _calendar(ya):
                add(Figure("", float(min(ya, yb)), "year", "range", m.start(), m.end(), high=float(max(ya, yb)),
                           calendar=_calendar(ya)))
    for m in _SHORT_YEAR.finditer(norm):
        if free(m.start(1), m.end(1)) and not _UNIT_AFTER.match(norm, m.end(1)):
            y = _full_year(int(m.group(1)))
            add(Figure("", float(y), "year", "year", m.start(1), m.end(1), calendar="jalali"))
    for m in _SCORE.finditer(norm):
        if free(m.start(), m.end()):
            for g in (1, 2):
                side = m.group(g)
                value = 0.0 if side == "صفر" else float(side) if side.isdigit() else float(_WORD_NUMBERS[side])
                add(Figure("", value, "number", "number", m.start(g), m.end(g)))

    for m in _LOOSE_PAIR.finditer(norm):
        low = 1 if m.group(1) == "یکی" else _WORD_NUMBERS[m.group(1)]
        high = _WORD_NUMBERS[m.group(2)]
        if high == low + 1 and free(m.start(), m.end()) and not _WEEKDAY.match(norm, m.end()):
            f = _with_unit(norm, m.start(), m.end(), float(low), False, raw=None)
            if f is not None and f.kind in ("count", "number"):
                add(Figure("", float(low), f.unit, "range", m.start(), m.end(), high=float(high), counts=f.counts,
                           approximate=True))

    for m in _WORD_HEAD.finditer(norm):
        head = _word_value(m.group(1).split())
        if head is None or not free(m.start(), m.end()):
            continue
        rest = _num(m.group(3)) * (SCALES[m.group(4)] if m.group(4) else 1)
        value = head * SCALES[m.group(2)] + rest
        f = _with_unit(norm, m.start(), m.end(), value, True, raw=None)
        if f:
            add(f)

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
        f = _with_unit(norm, m.start(), m.end(), value, bool(scale1), raw=m.group(1))
        if f and f.unit in ("count", "number") and (_labelled(norm, m.start()) or _footnote(norm, m.start(), m.end())):
            continue
        if f:
            add(f)

    for m in _FRACTION.finditer(norm):
        if free(m.start(), m.end()):
            f = _with_unit(norm, m.start(), m.end(), _FRACTIONS[m.group(1)], True, raw=None)
            if f is not None and f.kind in ("amount", "percent"):
                add(f)
            else:
                add(Figure("", _FRACTIONS[m.group(1)], "fraction", "ratio", m.start(), m.end()))

    pos = 0
    while (m := _WORDS.search(norm, pos)) is not None:
        pos = m.end()
        if not free(m.start(), m.end()):
            continue
        if _ORDINAL_AFTER.match(norm, m.end(1)):  # «بیست و پنجمین»: an ordinal, not a number
            pos = _ORDINAL_AFTER.match(norm, m.end(1)).end()
            continue
        words = re.split(r"\s+و\s+", m.group(1))
        n = _composite_length(words)
        if n < len(words):  # «چهار و پنج ستاره»: two numbers, not nine
            pos = m.start() + len(re.match(r"\S+(?:\s+و\s+\S+){%d}" % (n - 1), m.group(1)).group(0))
            f = _with_unit(norm, m.start(), pos, float(sum(_WORD_NUMBERS[w] for w in words[:n])), False, raw=None)
            if f is not None and not (len(words[:n]) == 1 and words[0] in _AMBIGUOUS):
                add(f)
            continue
        value = float(sum(_WORD_NUMBERS[p] for p in words))
        scaled, end = False, m.end()
        for g in (m.group(2), m.group(3)):
            if g:
                value *= SCALES[g]
                scaled = True
        tail = _WORD_TAIL.match(norm, end) if scaled else None
        tail_value = _word_value(re.split(r"\s+و\s+", tail.group(1))) if tail else None
        if tail and tail_value is not None:
            tail_value *= SCALES[tail.group(2)] if tail.group(2) else 1
            if tail_value < min(SCALES[g] for g in (m.group(2), m.group(3)) if g):
                value, end = value + tail_value, tail.end()
                pos = end
        if not scaled and _WEEKDAY.match(norm, m.end(1)):  # «سه شنبه»
            continue
        f = _with_unit(norm, m.start(), end, value, scaled, raw=None)
        if f is None or _labelled(norm, m.start()):
            continue
        if len(words) == 1 and words[0] in _AMBIGUOUS and not scaled and f.unit in ("count", "number") \
                and f.counts not in _MEASURES:
            continue  # «یک مطالعه»، «ده»، «صد»: ordinary words here
        if f.unit == "count" and not f.counts:
            continue
        add(f)

    out.sort(key=lambda f: f.start)
    _merge_ranges(norm, out)
    return out


def _num(s: str) -> float:
    return float(s.replace(",", "").replace("/", "."))


def _word_value(words: list[str]) -> float | None:
    parts = [w for w in words if w != "و"]
    if not parts or any(p not in _WORD_NUMBERS for p in parts) or _composite_length(parts) < len(parts):
        return None
    return float(sum(_WORD_NUMBERS[p] for p in parts))


def _composite_length(words: list[str]) -> int:
    """How many leading words form one number: each must be smaller than the previous one's
    place (بیست و پنج، صد و بیست; but «چهار و پنج» is two numbers)."""
    n = 1
    for prev, cur in zip(words, words[1:]):
        p = _WORD_NUMBERS[prev]
        place = 1
        while p % (place * 10) == 0:
            place *= 10
        if _WORD_NUMBERS[cur] >= place:
            break
        n += 1
    return n


def _full_year(yy: int) -> int:
    """«سال 94» is 1394 and «سال ۰۲» is 1402 in Persian news; four digits stay as they are."""
    if yy >= 100:
        return yy
    return 1400 + yy if yy < 30 else 1300 + yy


def _calendar(year: int) -> str:
    if 1300 <= year <= 1500:
        return "jalali"
    if 1700 <= year <= 2100:
        return "gregorian"
    return ""


def _labelled(norm: str, start: int) -> bool:
    """«منطقه 22»، «ماده (1)»، «شبکه پنج»: the number is a name, not a quantity."""
    m = re.search(r"([\u0621-\u063a\u0641-\u065f\u0670-\u06d3]+)\s*\(?\s*$", norm[max(0, start - 16):start])
    return bool(m) and m.group(1) in _LABELS


def _footnote(norm: str, start: int, end: int) -> bool:
    """«رجالا(2)»، «.(1)»: a note marker in brackets against the text, not a quantity."""
    return start >= 2 and norm[start - 1] == "(" and norm[end:end + 1] == ")" and not norm[start - 2].isspace() \
        and end - start <= 3


def _counted_noun_after(norm: str, end: int) -> bool:
    """Is the word after a number something it counts (a noun), rather than the rest of the
    sentence (a verb, a preposition, a superlative)?"""
    m = re.match(r"\s*(" + _NOUN + ")", norm[end:end + 40])
    if not m:
        return False
    word = m.group(1)
    return not (word in _FUNCTION_WORDS or word.endswith("ترین") or word.startswith(("می\u200c", "نمی\u200c"))
                or is_verb_form(word))


def _with_unit(norm: str, start: int, end: int, value: float, scaled: bool, raw: str | None) -> Figure | None:
    """Read what follows a number: a unit, «برابر», or the noun it counts."""
    after = norm[end:end + 40]
    m = re.match(r"\s*([%٪])", after)
    if m:
        return Figure("", value, "percent", "percent", start, end + m.end())
    m = re.match(r"\s*(" + "|".join(map(re.escape, _UNIT_ORDER)) + r")(?:ی|‌ای|ای)?(?![\u0621-\u063a\u0641-\u065f\u0670-\u06d3])", after)
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
        mm = re.match(r"\s*(میلادی|شمسی|خورشیدی|هجری|قمری|ق|م|ش)(?![\u0621-\u063a\u0641-\u065f\u0670-\u06d3])", after)
        if _calendar(y) and mm:
            cal = {"میلادی": "gregorian", "م": "gregorian", "قمری": "hijri", "ق": "hijri"}.get(mm.group(1), "jalali")
            return Figure("", float(y), "year", "year", start, end + mm.end(), calendar=cal)
        if re.search(r"(سال|سالِ|year)\s*$", before) or (_calendar(y) and not _counted_noun_after(norm, end)):
            return Figure("", float(y), "year", "year", start, end, calendar=_calendar(y))
    m = re.match(r"\s*(" + _NOUN + ")", after)
    if m:
        noun = m.group(1)
        if noun in _FUNCTION_WORDS:
            return Figure("", value, "number", "number", start, end)
        return Figure("", value, "count", "count", start, end, counts=noun)
    return Figure("", value, "number", "number", start, end)


def _merge_ranges(norm: str, figs: list[Figure]) -> None:
    """«۱۵ تا ۲۰ درصد», «۱۰ الی ۱۲ میلیون»: the first number takes the second's unit and scale."""
    i = 0
    while i + 1 < len(figs):
        a, b = figs[i], figs[i + 1]
        between = norm[a.end:b.start]
        if re.fullmatch(r"\s*(تا|الی|لغایت|-|–|_)\s*", between) and a.kind in ("number", "count") \
                and b.kind == "date" and 1 <= a.value < b.value % 100:
            # «۲۰ تا ۲۳ فروردین»: the month and year belong to both days
            low = b.value - b.value % 100 + a.value
            merged = Figure("", low, "date", "range", a.start, b.end, high=b.value, calendar=b.calendar)
            merged.text, merged.sentence = a.text + norm[a.end:b.start] + b.text, a.sentence
            figs[i:i + 2] = [merged]
            continue
        if re.fullmatch(r"\s*(تا|الی|-|–|_)\s*", between) and a.kind == "year" and b.kind in ("count", "number") \
                and b.value < 100:
            # «سال 84 تا 86»: the second year is written short
            high = (a.value // 100) * 100 + b.value
            if high > a.value:
                merged = Figure("", a.value, "year", "range", a.start, b.end, high=high, calendar=a.calendar)
                merged.text, merged.sentence = a.text + norm[a.end:b.start] + b.text, a.sentence
                figs[i:i + 2] = [merged]
                continue
        if re.fullmatch(r"\s*(تا|الی|-|–|_)\s*", between) and a.kind in ("number", "count", "percent", "amount") \
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
        if re.search(rf"(?<![\u0621-\u063a\u0641-\u065f\u0670-\u06d3]){w}(?![\u0621-\u063a\u0641-\u065f\u0670-\u06d3])", seg):
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


def find_block_figures(pages: list[Page]) -> None:
    """Find each block's figures once, as ingest finishes a document (`Block.figures`, with
    their page): the archive stores them with the chunks and never reads the text for them
    again. Page furniture gets none: a price in an ad or a phone number in a footer is never
    evidence."""
    for page in pages:
        for block in page.blocks:
            block.figures = [] if block.kind == FURNITURE else find_figures(block.text)
            for f in block.figures:
                f.page = page.number
