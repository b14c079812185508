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


@pytest.mark.parametrize("text,low,high", [
    ("تا یکی دو ماه آینده", 1, 2), ("ده یازده روز", 10, 11),
    ("در این مجموعه هفتاد هشتاد نفری کم نیستند", 70, 80), ("دویست سیصد نفر آمدند", 200, 300),
])
def test_loose_pair_is_an_approximate_range(text, low, high):
    f = one(text)
    assert (f.value, f.high, f.approximate) == (low, high, True)


@pytest.mark.parametrize("text", ["بیست پنج نفر", "سه پنج نفر"])
def test_numbers_side_by_side_that_are_not_neighbours_are_no_loose_range(text):
    assert all(f.high is None for f in find_figures(text))


@pytest.mark.parametrize("text,value,unit", [
    ("۵ هزار و ۲۱۸ میلیارد تومان", 5218e9, "toman"),  # the thousands part before the scale word
    ("۴ میلیارد و ۱۲۰ میلیون و ۵۵ هزار و ۹۰۱ ریال", 4_120_055_901, "rial"),  # one figure, the exact sum
    ("دو میلیون و ۴۰۵ هزار میلیارد ریال", 2_405_000e9, "rial"),  # scale words stacked
    ("۴ هزار و هشتصد میلیارد تومان", 4800e9, "toman"),
    ("یک‌هزار و ۲۷۶ دلار", 1276, "dollar"),  # a word number with ZWNJ
    ("هزار و ۳۰۰ دلار", 1300, "dollar"),  # a thousand without «یک»
    ("یکصد و هفتاد و دو دلار", 172, "dollar"),
    ("دویست و پنجاه دلار", 250, "dollar"),
    ("شش‌صد دلار", 600, "dollar"),
    ("سه و نیم میلیون دلار", 3.5e6, "dollar"),
])
def test_compound_amounts_read_to_their_exact_value(text, value, unit):
    f = one(f"گزارش: {text} اعلام شد")
    assert (f.value, f.unit) == (value, unit), f


@pytest.mark.parametrize("text,value,unit", [
    ("۸ دهم درصد", 0.8, "percent"), ("۴۵ صدم درصد", 0.45, "percent"), ("نیم درصد", 0.5, "percent"),
    ("شش‌دهم درصد", 0.6, "percent"), ("1/3 دهم درصد", 0.13, "percent"), ("دو سوم", 2 / 3, "fraction"),
    ("سه ربع", 0.75, "fraction"),
])
def test_fractions_in_words(text, value, unit):
    f = one(f"سهم آن {text} بود")
    assert f.value == pytest.approx(value) and f.unit == unit


@pytest.mark.parametrize("text,low,high,unit", [
    ("۲۰۰۹ تا ۲۰۱۲", 2009, 2012, "year"),
    ("۱۹۹۷-۱۹۹۱", 1991, 1997, "year"),  # printed high–low by bidi
    ("۹۲-۱۳۸۸", 1388, 1392, "year"),  # the short end takes the long one's century
    ("۰۷–۲۰۰۶", 2006, 2007, "year"),
    ("۳ یا ۴ روز", 3, 4, "count"),
    ("شش یا هفت نفر", 6, 7, "count"),
    ("یک یا دو صفحه", 1, 2, "count"),
    ("۱۲-۱۰ ساله", 10, 12, "count"),
    ("۳۰۰–۲۰۰ هزار نفر", 200_000, 300_000, "count"),
    ("۱۵ تا ۲۵٪", 15, 25, "percent"),
    ("۱۰ تا ۳۰ برابر", 10, 30, "times"),
    ("۱۰ یا ۱۱ دی", 1010, 1011, "date"),
])
def test_ranges_keep_both_ends_low_first(text, low, high, unit):
    f = one(f"در {text} گزارش شد")
    assert (f.value, f.high, f.unit) == (low, high, unit), f


@pytest.mark.parametrize("text,value,unit", [
    ("دو سال و نیم", 2.5, "count"), ("یک دینار و نیم", 1.5, "count"), ("چهار برابر", 4, "times"),
    ("دوبرابر", 2, "times"), ("۳۱/۵ درصد", 31.5, "percent"), ("۴۵٫۲٪", 45.2, "percent"),
    ("۱۲۸٬۰۰۰ نفر", 128_000, "count"), ("128,000 نفر", 128_000, "count"), ("۲۱۲،۵۵۹،۰۰۰ نفر", 212_559_000, "count"),
    ("۷۸٬۳ میلیارد دلار", 78.3e9, "dollar"),  # «٬» before one digit: a decimal typed with the wrong key
])
def test_other_ways_a_figure_is_written(text, value, unit):
    f = one(f"گزارش: {text} اعلام شد")
    assert f.value == pytest.approx(value) and f.unit == unit


@pytest.mark.parametrize("text,value,calendar", [
    ("سال ۸۵ تصویب شد", 1385, "jalali"), ("انقلاب ۵۷ رخ داد", 1357, "jalali"), ("در دهه ۶۰ بود", 1360, "jalali"),
    ("سال ۶۱ هجری قمری رخ داد", 61, "hijri"), ("در ۱۳۸۵ تأسیس شد", 1385, "jalali"), ("سال ۶۵۱ میلادی بود", 651, "gregorian"),
])
def test_years_alone_and_two_digit_years(text, value, calendar):
    f = one(text)
    assert (f.value, f.unit, f.calendar) == (value, "year", calendar)


def test_a_hijri_date_keeps_its_short_year_and_a_month_with_a_short_year_is_a_date():
    assert [f.value for f in find_figures("دهم محرم ۶۱ هجری قمری و خرداد ۹۹")] == [610110, 13990300]


@pytest.mark.parametrize("text", [
    "طبق ماده ۱۲ قانون", "در صفحه ۳ آمده", "با شماره ۰۲۱۸۸۷۷۶۶۵۵ تماس بگیرید", "1- سوره فتح، آیه 27",
    "پژو ۴۰۵ و آیفون 17", "مواد (139) و (154) قانون", "شبکه سه سیما", "GPT-5 و iPhone 15", "در مرحله یک هشتم جام",
    "هشت پا", "امتحانات نیم سال دوم", "همکاری دو جانبه",
])
def test_numbers_that_are_not_figures(text):
    assert find_figures(text) == [], find_figures(text)


@pytest.mark.parametrize("text,value,counts", [
    ("هم‌اکنون نه کشور جنگ‌افزار هسته‌ای دارند", 9, "کشور"), ("بیش از ده تیم شرکت کردند", 10, "تیم"),
    ("طلای سفید آلیاژی از طلا با دست‌کم یک فلز سفید است", 1, "فلز"), ("تنها یک دانشجو قبول شد", 1, "دانشجو"),
    ("هر افغانی به صد پول تقسیم می‌شود", 100, "پول"), ("هر چهار سال یک‌بار برگزار می‌شود", 1, "بار"),
    ("لودر یک دستگاه و بیل", 1, "دستگاه"), ("و یک فروند بالگرد اورژانس", 1, "فروند"), ("در یک‌سال گذشته", 1, "سال"), ("ساحت‌های شش‌گانهٔ تربیت", 6, "گانهٔ"),
])
def test_ambiguous_number_words_count_a_noun_or_follow_a_bound(text, value, counts):
    figs = [f for f in find_figures(text) if f.value == value]
    assert [(f.value, f.counts) for f in figs] == [(value, counts)], find_figures(text)


@pytest.mark.parametrize("text", [
    "نه تنها او بلکه همه آمدند", "نه پول داریم نه وقت", "نه ایران بلکه عراق", "ظروف یک‌بار مصرف", "دوباره آمد",
    "بی بی سی فارسی گزارش داد", "یک مطالعه نشان داد", "رئیس جمهور مدیر کشور است نه رئیس هیئت مدیره",
    "زمینی چند صد میلیونی گرفت", "چند هزار نفر آمدند", "1_ از سازمان کنفرانس اسلامی می‌خواهد", "1.", "دوسالانه",
    "اورژانس 115 در این ایام", "با ذوقی دو چندان", "اوراق شش ماهه دوم سال", "در سه‌ماهه نخست امسال",
])
def test_ambiguous_number_words_stay_words(text):
    assert find_figures(text) == [], find_figures(text)


def test_clock_ranges_and_budget_years():
    assert [(f.value, f.high, f.unit) for f in find_figures("امتحانات در نوبت ۸ تا ۹:۳۰ و ۱۱ تا ۱۲:۳۰ برگزار می‌شود")] \
        == [(8, 9.5, "time"), (11, 12.5, "time")]
    assert [(f.value, f.unit) for f in find_figures("ضوابط مجلس برای بودجه 84 و اصلاح بودجه ۱۴۰۰")] \
        == [(1384, "year"), (1400, "year")]


def test_the_dates_of_a_life_in_brackets_are_years():
    f = one("محمد (۵۷۰–۶۳۲) پیامبر اسلام")
    assert (f.value, f.high, f.unit) == (570, 632, "year")
    first, second = find_figures("یونس استادسرایی (۱۲۵۷–۱۱ آذر ۱۳۰۰) مشهور به میرزا کوچک خان")
    assert (first.value, first.unit, second.value, second.unit) == (1257, "year", 13000911, "date")
    assert one("جمعیت (۳۰۰–۴۰۰) نفر").unit != "year"


def test_may_is_not_the_verb_prefix():
    assert [(f.value, f.unit) for f in find_figures("به همکاران نمره ۲۰ می‌دهم")] == [(20, "number")]


def test_english_claims_read_ranges_as_persian_sources_do():
    from ingest import find_figures_en

    assert [(f.value, f.high, f.unit) for f in find_figures_en("Inflation was 15-25% and lasted from 2009 to 2012")] \
        == [(15, 25, "percent"), (2009, 2012, "year")]
    assert [(f.value, f.high) for f in find_figures_en("between 30 and 40 thousand tonnes in 3 or 4 days")] \
        == [(30_000, 40_000), (3, 4)]
    assert [(f.value, f.high) for f in find_figures_en("it rose from 5% to 7%")] == [(5, None), (7, None)]


@pytest.mark.parametrize("text,counts", [
    ("All 42 state hospitals in Mazandaran", "state hospitals"),  # the noun behind its describing word
    ("arrested 176 GoldQuest members in one hall", "goldquest members"),
    ("a 22-year-old striker", ""),  # joined by a hyphen, it describes the noun: «۲۲ ساله»
    ("350 school health instructors in Mazandaran", "school health instructors"),
    ("amounts to 94 tonnes.", "tonnes"),
    ("There were 300 of them", ""),
    ("moved on 8 trailers to Karbala", "trailers"),
])
def test_what_an_english_count_counts(text, counts):
    from ingest import find_figures_en

    assert [f.counts for f in find_figures_en(text)] == [counts]


def test_iranian_dates_and_years_in_english_are_jalali_and_match_the_persian_source():
    from ingest import find_figures_en
    from ingest.quantities import compare

    claimed, gregorian = find_figures_en("approved on 12 Farvardin 1358, i.e. 1 April 1979")
    source, = find_figures("در ۱۲ فروردین ۱۳۵۸ به رأی گذاشته شد")
    assert (claimed.value, claimed.calendar, gregorian.calendar) == (13580112, "jalali", "gregorian")
    assert compare(claimed, source) == compare(gregorian, source) == "same"
    day, = find_figures_en("a letter dated 30 Mehr")
    assert (day.unit, day.value) == ("date", 730) and compare(day, find_figures("نامه ۲۹ مهر")[0]) == "different"
    year, = find_figures_en("the budget of the Iranian year 1399.")
    assert (year.unit, year.calendar) == ("year", "jalali")
    assert [f.unit for f in find_figures_en("Mehr news agency said 30 people came")] == ["count"]
    assert [f.unit for f in find_figures_en("in 1398 they met")] == ["count"]  # no calendar said: not a year


def test_a_claimed_range_needs_both_ends_and_a_value_fits_inside_a_source_range():
    from ingest import same_value

    source = ingest_figure("رشد ۱۵ تا ۲۰ درصد")
    assert same_value(ingest_figure("رشد ۱۵ تا ۲۰ درصد"), source)
    assert not same_value(ingest_figure("رشد ۱۵ تا ۲۵ درصد"), source)  # the upper end was changed
    assert same_value(ingest_figure("رشد ۱۸ درصد"), source)  # inside the source's range
    assert not same_value(ingest_figure("رشد ۲۲ درصد"), source)
    assert not same_value(ingest_figure("رشد ۱۵ تا ۲۰ درصد"), ingest_figure("رشد ۱۵ درصد"))


def ingest_figure(text: str):
    from ingest import find_figures

    [figure] = find_figures(text)
    return figure


def test_heldout6_kinds_years_listed_spanned_and_marked():
    """What the sixth held-out set first found misread (2026-12-07): a list of short years
    behind a soft hyphen, a span with the minus sign, «تا سال», a one-letter calendar mark."""
    assert [(f.value, f.unit) for f in find_figures("بودجه سال\u00adهای ۹۸ و ۹۹ با اصلاحات")] == \
        [(1398, "year"), (1399, "year")]
    f = one("در جام باشگاه‌های آسیا ۹۱−۱۹۹۰، استقلال")
    assert (f.value, f.high, f.unit) == (1990, 1991, "year")
    f = one("از سال ۱۳۳۷ تا سال ۱۳۵۵ طول کشید")
    assert (f.value, f.high, f.unit) == (1337, 1355, "year")
    assert (one("(۲۲۴ م) که").value, one("(۲۲۴ م) که").unit) == (224, "year")


def test_heldout6_kinds_counts_not_years_and_not_figures():
    f = one("ماه‌های قمری در هر سال ۱۲ عدد است")
    assert (f.value, f.unit) == (12, "count")
    f = one("دماسنج صفر درجه را نشان می‌دهد")
    assert (f.value, f.counts) == (0, "درجه")
    assert [f.value for f in find_figures("یک قاشق غذاخوری آرد")] == [1]
    for text in ("مثلاً صفر تا صد درآمدها معاف است", "(همان، ص567-566).",
                 "شاخصه‌ها: (۱) آمادگی ذهنی و (۲) عدم توانایی", "در ماه صفر رخ داد"):
        assert find_figures(text) == [], text


def test_heldout7_kinds_items_labels_notes_and_adjective_amounts():
    """What the seventh held-out set first found misread (2026-12-07)."""
    for text in ("عوامل فرسایش ۱-نیروی جاذبه ۲-آب سطحی ۳-آب زیر زمینی", "در باب ۱۱–۱۴ تا ۱۹ به زندگی او",
                 "دیابت نوع ۲ نوعی بیماری است", "وذکر الشیخ1 أنها وإن لم تکن"):
        assert find_figures(text) == [], text
    f = one("در هشتم بهمن ماه1381 طی مصاحبه‌ای")
    assert (f.value, f.unit) == (13811108, "date")
    f = one("چه کسی وثیقه 100 میلیونی تومانی را فراهم کرد")
    assert (f.value, f.unit) == (1e8, "toman")
    # what the item and note rules must leave alone: a score line, a range, a joined year
    assert [f.value for f in find_figures("صنعت مس کرمان 34 - فولاد نوین 30")] == [34, 30]
    assert [(f.value, f.high) for f in find_figures("رشد ۳-۴ درصد")] == [(3, 4)]
    assert [(f.value, f.unit) for f in find_figures("در سال1381 بود")] == [(1381, "year")]
