"""Jalali and Gregorian: one day, two calendars. A Persian source prints «۱۲ فروردین ۱۳۵۸», a
translator writes "1 April 1979"; filters and the fact-checker compare them as one day."""

from __future__ import annotations


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


def gregorian_day(value: int, calendar: str) -> int:
    """A yyyymmdd date (as `find_figures` gives it) in Gregorian yyyymmdd; a date without its
    year (yyyy = 0) stays as it is, since its year, and so its calendar, is unknown."""
    y, m, d = value // 10000, value // 100 % 100, value % 100
    if calendar != "jalali" or y == 0 or not (1 <= m <= 12 and 1 <= d <= 31):
        return value
    gy, gm, gd = jalali_to_gregorian(y, m, d)
    return gy * 10000 + gm * 100 + gd


def gregorian_years(year: int, calendar: str) -> tuple[int, ...]:
    """The Gregorian years a year overlaps: a Jalali year runs from March to March, so 1399 is
    2020 or 2021."""
    if calendar == "jalali":
        return (year + 621, year + 622)
    if calendar == "hijri":
        return (round(year * 0.970229 + 621.5643) - 1, round(year * 0.970229 + 621.5643))
    return (year,)
