"""The paper's name and the issue's date, read from the masthead or a running head.

They become each article's source and date in the archive unless the user gives them: a day's
paper ingested as forty articles should not need forty hand-typed dates. The date is given as
y/m/d (Jalali when the paper prints one, else Gregorian), the form `kb.dates.date_number` reads.
"""

from __future__ import annotations

import re

from .document import Block

_D = "[0-9۰-۹٠-٩]"
_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")
JALALI_MONTHS = ("فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور", "مهر", "آبان", "آذر", "دی", "بهمن", "اسفند")
GREGORIAN_MONTHS = {
    **{m: i for i, ms in enumerate((("ژانویه", "ژانویهٔ", "january", "jan"), ("فوریه", "february", "feb"),
                                    ("مارس", "march", "mar"), ("آوریل", "april", "apr"), ("مه", "می", "may"),
                                    ("ژوئن", "june", "jun"), ("ژوئیه", "جولای", "july", "jul"),
                                    ("اوت", "آگوست", "august", "aug"), ("سپتامبر", "september", "sep", "sept"),
                                    ("اکتبر", "october", "oct"), ("نوامبر", "november", "nov"),
                                    ("دسامبر", "december", "dec")), 1) for m in ms}}
_WEEKDAY = r"(?:شنبه|یک\u200c?شنبه|دو\u200c?شنبه|سه\u200c?شنبه|چهار\u200c?شنبه|پنج\u200c?شنبه|جمعه)"
_JALALI = re.compile(rf"(?:{_WEEKDAY}\s*،?\s*)?({_D}{{1,2}})\s+({'|'.join(JALALI_MONTHS)})(?:[\s\u200c]*ماه)?\s*،?\s+({_D}{{4}})")
_GREGORIAN = re.compile(rf"({_D}{{1,2}})\s+({'|'.join(sorted(GREGORIAN_MONTHS, key=len, reverse=True))})\.?\s*،?\s+({_D}{{4}})",
                        re.I)
_GREGORIAN_EN = re.compile(rf"({'|'.join(sorted(GREGORIAN_MONTHS, key=len, reverse=True))})\.?\s+({_D}{{1,2}}),?\s+({_D}{{4}})",
                           re.I)
_NUMERIC = re.compile(rf"(?<!{_D})({_D}{{4}})[/\-.]({_D}{{1,2}})[/\-.]({_D}{{1,2}})(?!{_D})")


def read_date(text: str) -> tuple[str, str] | None:
    """(y/m/d, the date as printed) for the first date in `text`: «شنبه ۸ آذر ۱۴۰۵» → ("1405/09/08", …)."""
    t = text.replace("ي", "ی").replace("ك", "ک")
    m = _JALALI.search(t)
    if m:
        d, y = int(m.group(1).translate(_DIGITS)), int(m.group(3).translate(_DIGITS))
        mo = JALALI_MONTHS.index(m.group(2)) + 1
        if 1 <= d <= 31 and 1200 <= y <= 1600:
            return f"{y:04d}/{mo:02d}/{d:02d}", m.group(0).strip()
    m = _NUMERIC.search(t)
    if m:
        y, mo, d = (int(g.translate(_DIGITS)) for g in m.groups())
        if 1 <= mo <= 12 and 1 <= d <= 31 and (1200 <= y <= 1600 or 1900 <= y <= 2200):
            return f"{y:04d}/{mo:02d}/{d:02d}", m.group(0)
    for rx, order in ((_GREGORIAN, (0, 1, 2)), (_GREGORIAN_EN, (1, 0, 2))):
        m = rx.search(t)
        if m:
            g = m.groups()
            d, month, y = g[order[0]], g[order[1]], g[order[2]]
            d_, y_ = int(d.translate(_DIGITS)), int(y.translate(_DIGITS))
            if 1 <= d_ <= 31 and 1900 <= y_ <= 2200:
                return f"{y_:04d}/{GREGORIAN_MONTHS[month.lower()]:02d}/{d_:02d}", m.group(0).strip()
    return None


def read_masthead(bands: list[list[Block]]) -> dict[str, str]:
    """{"paper", "date", "date_text"} from the pages' top bands (masthead first, then running heads).

    The paper's name is the largest type of the first band that has one (a masthead set in 60 pt
    over a 9 pt body), its pieces on one row read right to left; the date is the first one found.
    """
    out: dict[str, str] = {}
    for band in bands:
        named = [b for b in band if b.text.strip() and not read_date(b.text) and len(b.text.split()) <= 6
                 and not re.search(_D, b.text)]
        if named and "paper" not in out:
            top = max(b.size for b in named)
            if top >= 1.5 * min(b.size for b in band):
                big = [b for b in named if b.size >= top - 0.5]
                row = [b for b in big if min(b.bbox[3], big[0].bbox[3]) - max(b.bbox[1], big[0].bbox[1]) > 0]
                out["paper"] = " ".join(b.text for b in sorted(row, key=lambda b: -b.bbox[2]))
    # a Jalali date before a Gregorian one, the masthead before the running heads
    dates = [found for band in bands for b in sorted(band, key=lambda b: (b.bbox[1], -b.bbox[2]))
             if (found := read_date(b.text))]
    dates.sort(key=lambda f: int(f[0][:4]) > 1700)
    if dates:
        out["date"], out["date_text"] = dates[0]
    return out
