"""Comparing a claimed figure with a source figure of the same quantity, as a translator would:
hedges read the way news writes them, tomans as rials, dates and years in either calendar."""

from __future__ import annotations

import pytest

from ingest import find_figures, find_figures_en
from ingest.calendars import gregorian_day, gregorian_years
from ingest.quantities import DIFFERENT, SAME, UNCONFIRMED, compare


def fa(text: str):
    return find_figures(text)[0]


def en(text: str):
    return find_figures_en(text)[0]


@pytest.mark.parametrize("source,claimed,expected", [
    ("بیش از ۲۲۴ میلیارد ریال", "More than 224 billion rials", SAME),
    ("بیش از ۲۲۴ میلیارد ریال", "224 billion rials", UNCONFIRMED),  # an exact claim inside the hedge
    ("بیش از ۲۲۴ میلیارد ریال", "More than 524 billion rials", DIFFERENT),
    ("بیش از ۲۲۴ میلیارد ریال", "200 billion rials", DIFFERENT),
    ("بیش از ۲۵ درصد", "کمتر از ۲۵ درصد", DIFFERENT),
    ("حداقل ۲۵ میلیون نفر", "کمتر از ۲۵ میلیون نفر", DIFFERENT),
    ("حدود ۱۵۰ هوادار", "About 150 fans", SAME),
    ("نزدیک به ۷ هزار کودک", "حدود ۷ هزار کودک", SAME),
    ("حدود ۳۰ اثر", "بیش از ۳۰ اثر", UNCONFIRMED),
    ("۲۲۴ میلیارد ریال", "22.4 billion tomans", SAME),  # a toman is ten rials
    ("۲۲۴ میلیارد ریال", "224 billion tomans", DIFFERENT),
    ("۳۰۰ دفتر", "More than 250 offices", SAME),
    ("۳۰۰ دفتر", "Less than 250 offices", DIFFERENT),
    ("۱۲ فروردین ۱۳۵۸", "1 April 1979", SAME),
    ("۱۲ فروردین ۱۳۵۸", "2 April 1979", DIFFERENT),
    ("سال ۱۳۹۹", "in 2020", SAME),
    ("سال ۱۳۹۹", "in 2018", DIFFERENT),
])
def test_compare(source, claimed, expected):
    src = fa(source)
    claim = en(claimed) if claimed.isascii() else fa(claimed)
    assert compare(claim, src) == expected


def test_hedges_keep_their_direction():
    assert [fa(t).bound for t in ("بیش از ۳ نفر", "حدود ۳ نفر", "کمتر از ۳ نفر", "دست‌کم ۳ نفر", "۳ نفر")] == \
        ["over", "about", "under", "over", ""]
    assert [en(t).bound for t in ("more than 3", "about 3", "fewer than 3", "at least 3", "exactly 3")] == \
        ["over", "about", "under", "over", ""]


def test_calendars():
    assert gregorian_day(13580112, "jalali") == 19790401 and gregorian_day(14030101, "jalali") == 20240320
    assert gregorian_day(20240320, "gregorian") == 20240320 and gregorian_day(112, "jalali") == 112  # no year
    assert gregorian_years(1399, "jalali") == (2020, 2021)
