"""Property tests: repair_text and find_figures on arbitrary Unicode never crash or hang."""

from __future__ import annotations


from hypothesis import given, settings, strategies as st

from ingest import find_figures, repair_text

persian = st.text(alphabet=st.sampled_from(list("ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهیيكۀءأإئؤ \u200c\u0640ـ،.:؛؟«»()")), max_size=120)
numbers = st.from_regex(r"[0-9۰-۹]{1,4}([.,٫/][0-9۰-۹]{1,3})?%?", fullmatch=True)
mixed = st.lists(st.one_of(persian, numbers, st.text(max_size=20)), max_size=8).map(" ".join)


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=300))
def test_repair_never_raises_on_any_unicode(text):
    assert isinstance(repair_text(text), str)


@settings(max_examples=150, deadline=None)
@given(mixed)
def test_repair_is_idempotent_within_paragraphs(text):
    once = repair_text(text, reflow=False)
    assert repair_text(once, reflow=False) == once


@settings(max_examples=150, deadline=None)
@given(persian, numbers, persian)
def test_repair_never_changes_the_digits_of_a_number(before, number, after):
    out = repair_text(f"{before} {number} {after}")
    assert number in out


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=300))
def test_find_figures_never_raises(text):
    for f in find_figures(text):
        assert 0 <= f.start < f.end <= len(text)
        assert text[f.start:f.end] == f.text


english = st.lists(st.one_of(st.sampled_from(["$", "bn", "billion", "million", "trillion", "about", "more than",
                                              "percent", "%", "dollars", "in", "2021", "1.2m", ",", "."]),
                             st.from_regex(r"[0-9]{1,4}([.,][0-9]{1,3})?", fullmatch=True), st.text(max_size=10)),
                   max_size=12).map(" ".join)


@settings(max_examples=150, deadline=None)
@given(st.one_of(english, st.text(max_size=200)))
def test_the_english_claim_parser_never_raises(text):
    from ingest import find_figures_en

    for f in find_figures_en(text):
        assert 0 <= f.start < f.end <= len(text) and f.value == f.value  # spans inside, no NaN
# ---------------------------------------------------------------- compound numbers read back exactly
# Each number is built from its parts and written the ways Persian news writes it; the expected
# value is the integer it was built from, never anything find_figures produced.

_UNITS = ["", "یک", "دو", "سه", "چهار", "پنج", "شش", "هفت", "هشت", "نه"]
_TEENS = ["ده", "یازده", "دوازده", "سیزده", "چهارده", "پانزده", "شانزده", "هفده", "هجده", "نوزده"]
_TENS = ["", "", "بیست", "سی", "چهل", "پنجاه", "شصت", "هفتاد", "هشتاد", "نود"]
_HUNDREDS = [[""], ["صد", "یکصد", "یک\u200cصد"], ["دویست"], ["سیصد"], ["چهارصد"], ["پانصد"], ["ششصد", "شش\u200cصد"],
             ["هفتصد"], ["هشتصد"], ["نهصد"]]
_SCRIPTS = {"latin": "0123456789", "persian": "۰۱۲۳۴۵۶۷۸۹", "arabic": "٠١٢٣٤٥٦٧٨٩"}
_SCALE_WORDS = {10 ** 9: "میلیارد", 10 ** 6: "میلیون", 10 ** 3: "هزار"}


def _digits(n: int, script: str, group: str = "") -> str:
    s = f"{n:,}".replace(",", group) if group else str(n)
    return s.translate(str.maketrans("0123456789", _SCRIPTS[script]))


def _words(n: int, draw) -> str:
    """1 ≤ n ≤ 999 in Persian words: «یکصد و هفتاد و دو»، «دویست و پنجاه»، «سیصد»."""
    parts = []
    if n >= 100:
        parts.append(draw(st.sampled_from(_HUNDREDS[n // 100])))
    rest = n % 100
    if 10 <= rest < 20:
        parts.append(_TEENS[rest - 10])
    else:
        if rest >= 20:
            parts.append(_TENS[rest // 10])
        if rest % 10:
            parts.append(_UNITS[rest % 10])
    return " و ".join(parts)


def _group(n: int, scale: int, draw, script: str) -> str:
    """One group (1–999) before its scale word, in digits or in words; a thousand may drop its «یک»."""
    if draw(st.booleans()):
        head = _digits(n, script)
        return f"{head} {_SCALE_WORDS[scale]}" if scale > 1 else head
    if n == 1 and scale == 1000:
        return draw(st.sampled_from(["هزار", "یک هزار", "یک\u200cهزار", "یکهزار"]))
    head = _words(n, draw)
    if scale == 1:
        return head
    joiner = draw(st.sampled_from([" ", "\u200c"])) if head in _UNITS else " "
    return f"{head}{joiner}{_SCALE_WORDS[scale]}"


def _descending(n: int, below: int, draw, script: str) -> list[str]:
    """n < below written group by group from the largest scale down: «۴ میلیارد و ۱۲۰ میلیون و ۵۵ هزار و ۹۰۱»."""
    parts = []
    for scale in (10 ** 9, 10 ** 6, 10 ** 3, 1):
        if scale >= below:
            continue
        g = (n // scale) % 1000 if scale < 10 ** 9 else n // scale
        if g:
            parts.append(_group(g, scale, draw, script))
    return parts


@st.composite
def compound_numbers(draw):
    script = draw(st.sampled_from(sorted(_SCRIPTS)))
    form = draw(st.sampled_from(["descending", "thousands_before_scale", "grouped_digits"]))
    if form == "grouped_digits":
        n = draw(st.integers(1000, 10 ** 13 - 1))
        sep = draw(st.sampled_from(["٬", ","] if script != "latin" else [","]))
        return n, _digits(n, script, sep)
    if form == "thousands_before_scale":
        # «۵ هزار و ۲۱۸ میلیارد»: a multiplier of 1,000–999,999 before the scale word, then the rest
        scale = draw(st.sampled_from([10 ** 9, 10 ** 6]))
        top = draw(st.integers(1001, 9999 if scale == 10 ** 9 else 999_999))
        if top % 1000 == 0:
            top += 1
        rest = draw(st.integers(0, scale - 1))
        head = " و ".join(_descending(top, 10 ** 6, draw, script))
        parts = [f"{head} {_SCALE_WORDS[scale]}"] + _descending(rest, scale, draw, script)
        return top * scale + rest, " و ".join(parts)
    n = draw(st.integers(1, 999_999_999_999))
    return n, " و ".join(_descending(n, 10 ** 12, draw, script))


@settings(max_examples=400, deadline=None)
@given(compound_numbers())
def test_every_compound_number_reads_back_to_its_value(case):
    value, written = case
    figs = find_figures(f"گزارش: {written} تومان اعلام شد")
    assert [(f.value, f.unit) for f in figs] == [(value, "toman")], written


@st.composite
def decimals(draw):
    script = draw(st.sampled_from(sorted(_SCRIPTS)))
    whole = draw(st.integers(0, 999))
    frac = draw(st.integers(1, 99))
    point = draw(st.sampled_from(["٫", "/", "."] if script != "latin" else [".", "/"]))
    written = _digits(whole, script) + point + _digits(frac, script)
    return float(f"{whole}.{frac}"), written


@settings(max_examples=200, deadline=None)
@given(decimals(), st.sampled_from(["درصد", "%", "٪"]))
def test_decimals_with_any_point_read_back(case, percent):
    value, written = case
    figs = find_figures(f"نرخ به {written}{'' if percent != 'درصد' else ' '}{percent} رسید")
    assert [(f.value, f.unit) for f in figs] == [(value, "percent")], written


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 998), st.integers(1, 500), st.sampled_from(sorted(_SCRIPTS)),
       st.sampled_from(["{a} تا {b} درصد", "{a} تا {b}٪", "{b}-{a} درصد", "{b}–{a}٪"]))
def test_ranges_keep_both_ends_low_first(low, width, script, pattern):
    high = low + width
    written = pattern.format(a=_digits(low, script), b=_digits(high, script))
    figs = find_figures(f"رشد {written} بود")
    assert [(f.value, f.high, f.unit) for f in figs] == [(low, high, "percent")], written


@settings(max_examples=100, deadline=None)
@given(st.integers(0, 99), st.sampled_from(sorted(_SCRIPTS)))
def test_two_digit_years_after_sal_are_jalali_years(yy, script):
    figs = find_figures(f"بودجه سال {_digits(yy, script).zfill(2) if yy < 10 else _digits(yy, script)} تصویب شد")
    assert [(f.value, f.unit) for f in figs] == [(1400 + yy if yy < 30 else 1300 + yy, "year")]
