"""Dates as a newsroom writes them (۱۴۰۲/۰۵/۱۲, 2023-08-03, 1402-5-12) → one comparable number.

Filters compare Gregorian yyyymmdd integers, so an archive mixing Jalali and Gregorian dates
still sorts and filters in one timeline.
"""

from __future__ import annotations

import re

from ingest.alphabet import TO_LATIN_DIGITS



def jalali_to_gregorian(jy: int, jm: int, jd: int) -> tuple[int, int, int]:
    """The arithmetic Jalali calendar (as in Iran's official calendar for 1178–1633 AP)."""
    jy += 1595
    days = -355668 + 365 * jy + (jy // 33) * 8 + ((jy % 33) + 3) // 4 + jd
    days += (jm - 1) * 31 if jm < 7 else (jm - 7) * 30 + 186
    gy = 400 * (days // 146097)
    days %= 146097
    if days > 36524:
        days -= 1
        gy += 100 * (days // 36524)
        days %= 36524
        if days >= 365:
            days += 1
    gy += 4 * (days // 1461)
    days %= 1461
    if days > 365:
        gy += (days - 1) // 365
        days = (days - 1) % 365
    gd = days + 1
    leap = (gy % 4 == 0 and gy % 100 != 0) or gy % 400 == 0
    months = [31, 29 if leap else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
    gm = 0
    while gm < 12 and gd > months[gm]:
        gd -= months[gm]
        gm += 1
    return gy, gm + 1, gd


_DATE = re.compile(r"(\d{4})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?)?")


def date_number(text: str) -> int:
    """yyyymmdd (Gregorian) for a date written y/m/d, y-m-d or y.m.d in either calendar; a bare
    year or year-month counts from its start. 0 when `text` is not a date."""
    s = (text or "").translate(TO_LATIN_DIGITS).strip()
    m = _DATE.fullmatch(s)
    if not m:
        return 0
    y, mo, d = int(m.group(1)), int(m.group(2) or 1), int(m.group(3) or 1)
    if not (1 <= mo <= 12 and 1 <= d <= 31):
        return 0
    if y < 1700:  # a Jalali year
        y, mo, d = jalali_to_gregorian(y, mo, d)
    return y * 10000 + mo * 100 + d


def last_date_number(text: str) -> int:
    """`date_number` for an upper bound: «1402» means the whole year and «1402/05» the whole
    month, so the day before the next year or month begins. 0 when `text` is not a date."""
    m = _DATE.fullmatch((text or "").translate(TO_LATIN_DIGITS).strip())
    if not m or not date_number(text):
        return 0
    y = int(m.group(1))
    if m.group(3):
        return date_number(text)
    if m.group(2):
        mo = int(m.group(2))
        return date_number(f"{y + mo // 12}/{mo % 12 + 1}") - 1
    return date_number(str(y + 1)) - 1
