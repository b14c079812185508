"""When two figures are the same quantity with the same value: the one vocabulary that the
fact-checker, the verification gate and the figures bench compare with.

`find_figures` normalises every figure to a value and a unit (ingest/figures.py); here two
normalised figures are compared. A count written as a bare number («۱۲») and one that names
what it counts («۱۲ نفر») are one class; a hedge («حدود», "about", «بیش از») on either side
allows `TOLERANCE` of rounding; a source's range holds every value inside it, and a claimed
range is said only by the same range (a changed upper end is not the same figure); a date
without its year («۲ خرداد») matches the same day of any year.
"""

from __future__ import annotations

import math
from dataclasses import replace

from .document import Figure

TOLERANCE = 0.10  # relative, when a side hedges ("about", «حدود»)
EXACT = 1e-9


def unit_class(unit: str) -> str:
    """The class of quantity a unit belongs to: counts and bare numbers are one class, and so are
    rials and tomans (a toman is ten rials: a translator converts one to the other)."""
    return "count" if unit in ("count", "number") else "rial" if unit == "toman" else unit


def in_rials(f: Figure) -> Figure:
    """A toman figure as the rials it is (×10), any other figure as it is."""
    if f.unit != "toman":
        return f
    return replace(f, value=f.value * 10, high=None if f.high is None else f.high * 10, unit="rial")


def same_kind(a: Figure, b: Figure) -> bool:
    """Whether two figures can be one quantity at all (percent with percent, rial with rial…)."""
    return unit_class(a.unit) == unit_class(b.unit)


def same_number(a: float, b: float) -> bool:
    """Equal values, up to floating-point noise."""
    return math.isclose(a, b, rel_tol=EXACT, abs_tol=EXACT)


def same_value(claimed: Figure, source: Figure) -> bool:
    """Whether `source` says the value `claimed` says (units are `same_kind`'s business)."""
    claimed, source = in_rials(claimed), in_rials(source)
    if claimed.unit == "date" or source.unit == "date":
        a, b = int(claimed.value), int(source.value)
        return a == b or (a < 10000 or b < 10000) and a % 10000 == b % 10000
    if claimed.high is not None:  # a claimed range is said only by the same range: both ends
        return source.high is not None and same_number(claimed.value, source.value) \
            and same_number(claimed.high, source.high)
    if source.high is not None:  # one claimed value inside the source's range
        return source.value - EXACT <= claimed.value <= source.high + EXACT
    tol = TOLERANCE if (claimed.approximate or source.approximate) else EXACT
    return math.isclose(claimed.value, source.value, rel_tol=tol, abs_tol=EXACT)


SAME, DIFFERENT, UNCONFIRMED = "same", "different", "unconfirmed"


def bound_before(before: str, hedges: dict[str, str]) -> str:
    """The bound ("about", "over", "under"; "" for none) that the hedge ending `before` (the text
    just before a figure) puts on it: the longest of `hedges` that ends it as whole words."""
    found = [h for h in hedges if before.endswith(h) and (len(before) == len(h) or not before[-len(h) - 1].isalpha())]
    return hedges[max(found, key=len)] if found else ""


def compare(claimed: Figure, source: Figure) -> str:
    """What a source figure says of a claimed one of the same quantity: the `SAME` value, a
    `DIFFERENT` one, or `UNCONFIRMED` (the two fit together but the source does not say it: an
    exact «۲۲۴» where the source says «بیش از ۲۲۴», "more than 30" where it says «حدود ۳۰»).

    A hedged source is read as a news writer means it: «بیش از X» is a little over X (up to
    `TOLERANCE`), so "more than X" and "less than X" decide against it and a claim well above
    X is a different figure. Dates compare as one day in either calendar; years as the Gregorian
    years a Jalali year overlaps.
    """
    if claimed.unit in ("date", "year") or source.unit in ("date", "year"):
        return _time(claimed, source)
    claimed, source = in_rials(claimed), in_rials(source)
    if claimed.high is not None or source.high is not None:
        return SAME if same_value(claimed, source) else DIFFERENT
    c, x = claimed.value, source.value
    cb, sb = claimed.bound, source.bound
    near = math.isclose(c, x, rel_tol=TOLERANCE, abs_tol=EXACT)
    equal = same_number(c, x)
    if sb == "":
        if cb == "over":
            return SAME if x > c or equal else DIFFERENT
        if cb == "under":
            return SAME if x < c or equal else DIFFERENT
        return SAME if equal or (cb == "about" and near) else DIFFERENT
    if sb == "about":
        if cb in ("", "about"):
            return SAME if equal or near else DIFFERENT
        return UNCONFIRMED if near else DIFFERENT
    # the source says a little over (or under) x
    up = 1.0 if sb == "over" else -1.0
    inside = equal or (up * (c - x) > 0 and near)  # within the hedge's reach
    if cb == sb:
        return SAME if equal else UNCONFIRMED if inside or up * (x - c) > 0 else DIFFERENT
    if cb in ("over", "under"):  # the opposite bound
        return DIFFERENT if equal or up * (x - c) > 0 else UNCONFIRMED
    return UNCONFIRMED if inside else DIFFERENT


def _time(claimed: Figure, source: Figure) -> str:
    from .calendars import gregorian_day, gregorian_years

    def year(f: Figure) -> int:
        return int(f.value // 10000 if f.unit == "date" else f.value)

    if claimed.unit == "year" and source.unit == "year" and (claimed.high is not None or source.high is not None):
        return SAME if same_value(claimed, source) else DIFFERENT
    if claimed.unit != source.unit or claimed.unit == "year":  # years, or a year against a date's year
        a, b = year(claimed), year(source)
        if not a or not b:
            return UNCONFIRMED
        if claimed.calendar == source.calendar or "gregorian" not in (claimed.calendar, source.calendar):
            return SAME if a == b else DIFFERENT
        overlap = set(gregorian_years(a, claimed.calendar)) & set(gregorian_years(b, source.calendar))
        return SAME if overlap else DIFFERENT
    a, b = int(claimed.value), int(source.value)
    if a < 10000 or b < 10000:  # a day without its year: the same day and month, in one calendar
        if claimed.calendar != source.calendar:
            return UNCONFIRMED
        return SAME if a % 10000 == b % 10000 else DIFFERENT
    return SAME if gregorian_day(a, claimed.calendar) == gregorian_day(b, source.calendar) else DIFFERENT
