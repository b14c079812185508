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

from .document import Figure

TOLERANCE = 0.10  # relative, when a side hedges ("about", «حدود»)
EXACT = 1e-9


def unit_class(unit: str) -> str:
    """The class of quantity a unit belongs to: counts and bare numbers are one class."""
    return "count" if unit in ("count", "number") else unit


def same_kind(a: Figure, b: Figure) -> bool:
    """Whether two figures can be one quantity at all (percent with percent, rial with rial…)."""
    return unit_class(a.unit) == unit_class(b.unit)


def same_number(a: float, b: float) -> bool:
    """Equal values, up to floating-point noise."""
    return math.isclose(a, b, rel_tol=EXACT, abs_tol=EXACT)


def same_value(claimed: Figure, source: Figure) -> bool:
    """Whether `source` says the value `claimed` says (units are `same_kind`'s business)."""
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
