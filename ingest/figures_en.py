"""Figures in English text (a translator's sentence), as the same `Figure` records as Persian:
"$400bn" → 4e11 dollar, "3 trillion" → 3e12, "20%" → 20 percent, "1.2m people" → 1.2e6,
years and dates, with "about"/"more than" kept as a hedge, and ranges read as `find_figures`
reads them («۱۵ تا ۲۵٪» and "15-25%" are one range, low first): "15 to 25 percent",
"between 2009 and 2012", "30 to 40 thousand tonnes", "3 or 4 days" (approximate); "from 5% to
7%" stays two figures (a change)."""

from __future__ import annotations

import re

from .document import Figure
from .quantities import bound_before

_SCALES = {"trillion": 1e12, "tn": 1e12, "billion": 1e9, "bn": 1e9, "b": 1e9, "million": 1e6, "mn": 1e6,
           "m": 1e6, "thousand": 1e3, "k": 1e3}
_CURRENCY_SIGNS = {"$": "dollar", "€": "euro", "£": "pound"}
_CURRENCY_WORDS = {"dollar": "dollar", "dollars": "dollar", "usd": "dollar", "euro": "euro", "euros": "euro",
                   "eur": "euro", "pound": "pound", "pounds": "pound", "rial": "rial", "rials": "rial",
                   "toman": "toman", "tomans": "toman", "yuan": "yuan", "dirham": "dirham", "dirhams": "dirham"}
_ONES = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
         "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]
_TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_WORDS = {**{w: i + 1 for i, w in enumerate(_ONES)}, **{w: 20 + 10 * i for i, w in enumerate(_TENS)},
          **{f"{t}-{o}": 20 + 10 * i + j + 1 for i, t in enumerate(_TENS) for j, o in enumerate(_ONES[:9])},
          "hundred": 100, "a hundred": 100, "a thousand": 1000}
_FRACTIONS = re.compile(r"\b(?P<n>one|two|three|four|a)[- ](?P<d>thirds?|quarters?|fifths?|tenths?)\b", re.I)
_DENOMINATORS = {"third": 3, "quarter": 4, "fifth": 5, "tenth": 10}
# a match's score ("lost 2-0", "a 1-1 draw"): two numbers, as «۲ بر صفر» is read
_SCORE = re.compile(r"\b(?P<a>\d{1,2})\s?[-–]\s?(?P<b>\d{1,2})\b(?!\s?(?:%|percent|per cent))")
_SPORT = re.compile(r"\b(draw|drew|won|win|wins|lost|lose|beat|beats|defeated|leading|led|score|scored|victory|"
                    r"defeat|tie|tied|result|match|game|final)\b", re.I)
_CLOCK = re.compile(r"\b(?P<h>\d{1,2})(?::(?P<m>\d{2}))?\s?(?P<half>a\.m\.|p\.m\.|am\b|pm\b)", re.I)
_ORDINAL = re.compile(r"\b\d+(?:st|nd|rd|th)\b", re.I)
_DAY_MONTH = [re.compile(r"\b(?P<d>\d{1,2})\s+(?P<m>[A-Za-z]+)"), re.compile(r"\b(?P<m>[A-Za-z]+)\s+(?P<d>\d{1,2})\b")]
_FUNCTION = frozenset("is was has its this us as his yes thus plus less bus gas".split())
_MONTHS = {m: i + 1 for i, m in enumerate(["january", "february", "march", "april", "may", "june", "july", "august",
                                            "september", "october", "november", "december"])}
# the Iranian months as translators spell them ("12 Farvardin 1358", "30 Mehr"): Jalali dates
_JALALI_MONTHS = {m: i + 1 for i, names in enumerate([
    "farvardin", "ordibehesht", "khordad", "tir", "mordad amordad", "shahrivar shahrevar", "mehr", "aban",
    "azar", "dey dei", "bahman", "esfand"]) for m in names.split()}
_JALALI_YEAR = re.compile(r"\b(?:iranian|persian|solar|hijri|jalali)\s+(?:calendar\s+)?year\s*$", re.I)
_HEDGES = {**dict.fromkeys(("about", "around", "roughly", "nearly", "almost", "approximately", "some", "close to",
                            "an estimated", "estimated"), "about"),
           **dict.fromkeys(("more than", "over", "at least", "upwards of", "in excess of", "above", "no fewer than",
                            "no less than"), "over"),
           **dict.fromkeys(("less than", "fewer than", "under", "up to", "at most", "below", "no more than"), "under")}

_NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_SCALE = r"trillion|billion|million|thousand|tn|bn|mn|b|m|k"
_AMOUNT = re.compile(
    rf"(?P<sign>[$€£])?\s?(?P<num>{_NUMBER}|{'|'.join(sorted(_WORDS, key=len, reverse=True))})"
    rf"(?:\s?(?P<scale>{_SCALE})\b)?(?:\s?(?P<pct>%|percent\b|per cent\b))?"
    rf"(?:\s(?P<cur>{'|'.join(_CURRENCY_WORDS)})\b)?", re.I)
_DATE = re.compile(r"\b(?:(?P<d1>\d{1,2})\s+(?P<m1>[A-Za-z]+)|(?P<m2>[A-Za-z]+)\s+(?P<d2>\d{1,2}),?)\s+(?P<y>\d{4})\b")
# what a count counts: the words after it, up to three, as the noun may come behind words that
# describe it ("42 state hospitals", "350 school health instructors"). A number joined by a hyphen
# describes the noun after it ("a 22-year-old striker", «۲۲ ساله»): it counts nothing said here.
_COUNTED_WORDS = re.compile(
    r"\s+(?:more\s+|new\s+|additional\s+)?([A-Za-z]{2,})(?:[ ]([A-Za-z]{2,}))?(?:[ ]([A-Za-z]{2,}))?")
_NOT_COUNTED = frozenset("""of in on at to for from by with and or but that which who than as is are was were be
    been has have had a an the it its this these those each per into over under after before during""".split())
_TIMES = re.compile(r"\b(?P<w>twice|double|doubled|triple|tripled|half)\b", re.I)


def find_figures_en(text: str) -> list[Figure]:
    """Every figure in an English sentence, in order, normalised like `find_figures`."""
    out: list[Figure] = []
    taken: list[tuple[int, int]] = []

    def free(a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e in taken)

    def add(f: Figure) -> None:
        taken.append((f.start, f.end))
        f.text = text[f.start:f.end]
        before = text[max(0, f.start - 16):f.start].lower().rstrip()
        f.bound = bound_before(before, _HEDGES)
        f.approximate = bool(f.bound)
        out.append(f)

    for m in _DATE.finditer(text):
        number, calendar = _month(m.group("m1") or m.group("m2") or "")
        if number:
            day = int(m.group("d1") or m.group("d2"))
            y = int(m.group("y"))
            add(Figure("", y * 10000 + number * 100 + day, "date", "date", m.start(), m.end(), calendar=calendar))
    for m in (m for pattern in _DAY_MONTH for m in pattern.finditer(text)):  # "5 November": no year
        number, calendar = _month(m.group("m"))
        day = int(m.group("d"))
        if number and free(m.start(), m.end()) and 1 <= day <= 31:
            add(Figure("", number * 100 + day, "date", "date", m.start(), m.end(), calendar=calendar))
    for m in _ORDINAL.finditer(text):  # "the 13th station", "the 85th minute": labels, not figures
        taken.append((m.start(), m.end()))
    for m in _CLOCK.finditer(text):
        if free(m.start(), m.end()):
            hour = int(m.group("h")) % 12 + (12 if m.group("half").lower().startswith("p") else 0)
            add(Figure("", float(hour), "time", "time", m.start(), m.end()))
    for m in _SCORE.finditer(text):
        context = text[max(0, m.start() - 40):m.end() + 25]
        if free(m.start(), m.end()) and _SPORT.search(context):
            for g in ("a", "b"):
                add(Figure("", float(m.group(g)), "number", "score", m.start(g), m.end(g)))
    for m in _FRACTIONS.finditer(text):
        if free(m.start(), m.end()):
            n = 1 if m.group("n").lower() == "a" else _WORDS[m.group("n").lower()]
            add(Figure("", n / _DENOMINATORS[m.group("d").lower().rstrip("s")], "fraction", "ratio", m.start(), m.end()))
    for m in _TIMES.finditer(text):
        value = {"twice": 2, "double": 2, "doubled": 2, "triple": 3, "tripled": 3, "half": 0.5}[m.group("w").lower()]
        add(Figure("", float(value), "times" if value > 1 else "fraction", "ratio", m.start(), m.end()))
    for m in _AMOUNT.finditer(text):
        start = m.start("sign") if m.group("sign") else m.start("num")
        if not free(start, m.end()) or not m.group("num").strip():
            continue
        if start > 0 and (text[start - 1].isalpha() or (text[start - 1] == "-" and text[max(0, start - 2)].isalpha())):
            continue  # a name's number: GPT-5, A320
        raw = m.group("num").lower()
        if raw[0].isalpha() and text[m.end("num"):m.end("num") + 1].isalpha():
            continue  # "tent", "nineteenth": a word that starts like a number
        if raw[0].isalpha() and not (m.group("scale") or m.group("pct") or m.group("cur")) \
                and not _counted_after(text, m.end("num")):
            continue  # "one of them": a word number counts only with a scale, a unit or what it counts
        if re.match(r"[a-z]", text[m.end():m.end() + 1] or " ", re.I) and not raw.isalpha():
            continue  # part of a token such as GPT-5x
        value = float(_WORDS[raw]) if raw[0].isalpha() else float(raw.replace(",", ""))
        scale = (m.group("scale") or "").lower()
        if scale in ("b", "m", "k") and not (m.group("sign") or m.group("cur")) and not re.search(
                r"\s(people|users|barrels|tons|tonnes|jobs)\b", text[m.end():m.end() + 12], re.I):
            scale = "" if scale != "m" else scale  # "5 b" alone is rare; "1.2m" keeps its million
        if scale:
            value *= _SCALES[scale]
        if m.group("pct"):
            unit, kind = "percent", "percent"
        elif m.group("sign") or m.group("cur"):
            unit = _CURRENCY_SIGNS.get(m.group("sign") or "", "") or _CURRENCY_WORDS[(m.group("cur") or "").lower()]
            kind = "amount"
        elif re.fullmatch(r"\d{4}", raw) and not scale and 1900 <= value <= 2100:
            unit, kind, calendar = "year", "year", "gregorian"
        elif re.fullmatch(r"\d{4}", raw) and not scale and 1300 <= value <= 1499 \
                and _JALALI_YEAR.search(text[max(0, start - 30):start]):
            unit, kind, calendar = "year", "year", "jalali"  # "in the Iranian year 1398"
        else:
            unit, kind = "count", "count"
        end = m.end() if m.group("scale") or m.group("pct") or m.group("cur") else m.end("num")
        counts = ""
        if unit == "count":  # what it counts: "330 metres", "14 million residents"
            counts = _counted_words(text, end)
        add(Figure("", value, unit, kind, start, end, counts=counts, calendar=calendar if unit == "year" else ""))
    out.sort(key=lambda f: f.start)
    _merge_ranges(text, out)
    return out


def _month(written: str) -> tuple[int, str]:
    """A month's number and calendar; an Iranian month only when written with a capital ("Tir")."""
    lowered = written.lower()
    if lowered in _MONTHS:
        return _MONTHS[lowered], "gregorian"
    if lowered in _JALALI_MONTHS and written[:1].isupper():
        return _JALALI_MONTHS[lowered], "jalali"
    return 0, ""


def _counted_words(text: str, end: int) -> str:
    """The words after a count that say what it counts, lower-cased, up to the first function
    word (kb/measures.py finds the measure among them)."""
    noun = _COUNTED_WORDS.match(text, end)
    words = []
    for w in (noun.groups() if noun else ()):
        if not w or w.lower() in _NOT_COUNTED:
            break
        words.append(w.lower())
    return " ".join(words)


def _counted_after(text: str, end: int) -> bool:
    """Whether a plural noun follows a number word ("three years", "Twelve projects")."""
    word = (_counted_words(text, end).split() or [""])[0]
    return len(word) > 3 and word.endswith("s") and word not in _FUNCTION or word in ("people", "staff", "children")


_RANGE_SEP = re.compile(r"\s*(?:-|–|—|to|and)\s*", re.I)


def _merge_ranges(text: str, figs: list[Figure]) -> None:
    """Two figures joined by "to", a dash, "and" after "between", or "or" between neighbouring
    numbers are one range: the first takes the second's unit and scale."""
    i = 0
    while i + 1 < len(figs):
        a, b = figs[i], figs[i + 1]
        between = text[a.end:b.start]
        sep = _RANGE_SEP.fullmatch(between)
        joined = bool(sep) and (between.strip().lower() != "and"
                                or re.search(r"\bbetween\s*$", text[max(0, a.start - 10):a.start], re.I))
        either = re.fullmatch(r"\s*or\s*", between, re.I) and b.value in (a.value + 1,) and a.value == int(a.value)
        change = b.unit != "year" and re.search(r"\bfrom\s*$", text[max(0, a.start - 8):a.start], re.I)
        if not (joined or either) or change or a.unit not in ("count", b.unit) or b.unit in ("date",) \
                or "score" in (a.kind, b.kind):
            # "rose from 5% to 7%" is a change: two figures, not a range
            i += 1
            continue
        low = a.value
        if a.unit == "count" and b.value >= 1000 and low < b.value:
            scale = next((v for w, v in _SCALES.items() if len(w) > 2 and re.search(rf"\b{w}\b", b.text, re.I)), 0)
            if scale and low * scale <= b.value * 10:
                low *= scale
        lo, hi = min(low, b.value), max(low, b.value)
        merged = Figure(text[a.start:b.end], lo, b.unit, "range", a.start, b.end, high=hi, counts=b.counts,
                        calendar=b.calendar, approximate=a.approximate or b.approximate or bool(either))
        figs[i:i + 2] = [merged]
    return
