"""Property tests for what kb reads from free text: a claim's figures and the verification gate
never crash on any input, Persian, English or noise."""

from __future__ import annotations

from hypothesis import given, settings, strategies as st

from kb.factcheck import claim_figures
from kb.grounding import verify

persian = st.text(alphabet=st.sampled_from(list("ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهیيكۀءأإئؤ \u200c\u0640ـ،.:؛؟«»()")), max_size=120)
numbers = st.from_regex(r"[0-9۰-۹]{1,4}([.,٫/][0-9۰-۹]{1,3})?%?", fullmatch=True)
mixed = st.lists(st.one_of(persian, numbers, st.text(max_size=20)), max_size=8).map(" ".join)


@settings(max_examples=100, deadline=None)
@given(st.one_of(mixed, st.text(max_size=200)), st.sampled_from(["fa", "en"]))
def test_the_claim_parser_and_the_verification_gate_never_raise(text, lang):
    assert isinstance(claim_figures(text, lang), list)
    v = verify(text, {1: "نرخ تورم سالانه به ۳۷ درصد رسید.", 2: text[:50]})
    assert v.passed == (not v.unsupported) and set(v.cited) <= {1, 2}
