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


@pytest.mark.parametrize("text,value,unit", [
    ("یک هزار و 447 تن", 1447, "count"),  # words for the head, digits for the rest
    ("پنج هزار و پانصد ریال", 5500, "rial"),  # words after the scale word's «و»
    ("6 هزارو 900 مجموعه", 6900, "count"),  # «و» typed against the scale word
    ("5/69 درصد", 5.69, "percent"),  # slash as the decimal separator
    ("یک دهم دلار", 0.1, "dollar"),
])
def test_composites_and_decimals(text, value, unit):
    f = one(f"گزارش: {text} اعلام شد")
    assert f.value == pytest.approx(value) and f.unit == unit


def test_two_numbers_side_by_side_are_not_summed():
    figs = find_figures("ساخت هتل‌های چهار و پنج ستاره")
    assert [f.value for f in figs] == [4, 5]


def test_ordinals_weekdays_labels_and_footnotes_are_not_quantities():
    text = ("بیست و پنجمین سالگرد در روز سه شنبه در منطقه 22 برگزار شد و ماده (1) را خواندند؛ "
            "پیامبر فرمود(2) که شبکه پنج پخش کرد.")
    assert find_figures(text) == []


def test_one_is_a_number_only_before_a_measure():
    assert [f.value for f in find_figures("یک هفته بعد، یک نماینده گفت")] == [1]


def test_two_is_a_number():
    f = one("دو سرباز کشته شدند")
    assert (f.value, f.counts) == (2, "سرباز")


def test_times_and_scores():
    figs = find_figures("بازی از ساعت 15:30 آغاز شد و با نتیجه 25 بر سه تمام شد؛ پخش ساعت 23 امشب")
    assert [(f.value, f.unit) for f in figs] == [(15.5, "time"), (25, "number"), (3, "number"), (23, "time")]


def test_short_and_academic_years():
    figs = find_figures("بودجه سال 99 و سال تحصیلی 94-93 و سال 84 تا 86 و نیمسال ۹۹-۹۸")
    assert [(f.value, f.high, f.unit) for f in figs] == [
        (1399, None, "year"), (1393, 1394, "year"), (1384, 1386, "year"), (1398, 1399, "year")]


def test_a_year_before_a_verb_or_superlative_is_a_year_and_hijri_suffix():
    figs = find_figures("2014 بدترین سال بود (مفید، 1417ق، ص743)")
    assert [(f.value, f.unit, f.calendar) for f in figs] == [(2014, "year", "gregorian"), (1417, "year", "hijri")]


def test_dates_with_words_short_years_and_ranges():
    figs = find_figures("شنبه 12 بهمن 92، هشتم شهریورماه، از اول ماه آوریل و از ۲۰ تا ۲۳ فروردین‌ماه")
    assert [(f.value, f.high) for f in figs] == [(13921112, None), (608, None), (401, None), (120, 123)]


def test_arabic_letters_do_not_hide_scale_words():
    f = one("حدود 23 ميليارد دلار")
    assert f.value == 23e9 and f.unit == "dollar" and f.approximate


def test_loose_pair_is_an_approximate_range():
    f = one("تا یکی دو ماه آینده")
    assert (f.value, f.high, f.approximate) == (1, 2, True)
