"""find_figures: exact values, units and spans."""

from __future__ import annotations

import pytest

from ingest import find_figures


def one(text: str):
    figs = find_figures(text)
    assert len(figs) == 1, figs
    return figs[0]


@pytest.mark.parametrize("text,value,unit", [
    ("۳ هزار میلیارد دلار", 3e12, "dollar"),
    ("500 هزار میلیارد دلاری", 5e14, "dollar"),
    ("۲۵۰ میلیون تومان", 250e6, "toman"),
    ("۱٬۵۰۰ میلیارد ریال", 1.5e12, "rial"),
    ("٣٫٥ درصد", 3.5, "percent"),
    ("3.5%", 3.5, "percent"),
    ("۶۰٪", 60, "percent"),
    ("دو برابر", 2, "times"),
])
def test_amounts_percent_and_ratios(text, value, unit):
    f = one(f"گزارش: {text} اعلام شد")
    assert f.value == pytest.approx(value) and f.unit == unit and f.text == text


def test_composite_number_with_what_it_counts():
    f = one("6 هزار و 127 دفتر ثبت شد")
    assert f.value == 6127 and f.counts == "دفتر" and f.unit == "count"


def test_grouped_digits():
    f = one("جمعیت 1,522,000 نفر است")
    assert f.value == 1522000 and f.counts == "نفر"


def test_range_keeps_both_ends():
    f = one("رشد ۱۵ تا ۲۰ درصد بود")
    assert (f.value, f.high, f.unit, f.kind) == (15, 20, "percent", "range")


def test_dates_jalali_and_gregorian():
    figs = find_figures("در ۱۴۰۲/۰۵/۱۲ و ۱۵ ژانویه ۲۰۰۱ و ۲۶ دی ۱۳۷۹ رخ داد")
    assert [(f.value, f.calendar) for f in figs] == [(14020512, "jalali"), (20010115, "gregorian"),
                                                      (13791026, "jalali")]


def test_year_after_sal():
    f = one("تا پایان سال 2028 ادامه دارد")
    assert (f.value, f.unit, f.calendar) == (2028, "year", "gregorian")


def test_number_words_and_fractions():
    figs = find_figures("سه کشور و یک‌سوم مردم و بیست و پنج نفر")
    assert [(f.value, f.counts) for f in figs] == [(3, "کشور"), (pytest.approx(1 / 3), ""), (25, "نفر")]


def test_indefinite_yek_is_not_a_figure():
    assert find_figures("یک مطالعه نشان داد") == []


def test_hedge_words_mark_the_figure_approximate():
    assert one("حدود 400 میلیارد دلار").approximate
    assert not one("400 میلیارد دلار").approximate


def test_span_and_sentence_point_into_the_text():
    text = "جمله اول است. بودجه به ۲۰ میلیارد دلار رسید. جمله سوم."
    f = one(text)
    assert text[f.start:f.end] == f.text == "۲۰ میلیارد دلار"
    assert f.sentence == "بودجه به ۲۰ میلیارد دلار رسید."


def test_digits_inside_latin_tokens_are_not_figures():
    assert find_figures("دستگاه sda1 و V4L") == []
