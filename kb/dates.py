"""Dates as a newsroom writes them (۱۴۰۲/۰۵/۱۲, 2023-08-03, 1402-5-12) → one comparable number.

Filters compare Gregorian yyyymmdd integers, so an archive mixing Jalali and Gregorian dates
still sorts and filters in one timeline.
"""

from __future__ import annotations

import re

from ingest.alphabet import TO_LATIN_DIGITS
from ingest.calendars import jalali_to_gregorian


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
