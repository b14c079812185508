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
