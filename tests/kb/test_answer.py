"""Extractive answers on the real archive (e5-small): the quoted sentence, the typed span,
the citation, and abstention — read by the trained reader (kb/reading_model.py) and by the span
rules, the same expectations for both."""

from __future__ import annotations

import pytest

from kb.answer import question_kind
from sample_articles import doc_id_of


@pytest.mark.parametrize("question,kind", [
    ("صادرات نفت چقدر بود؟", "figure"), ("چند درصد رشد کرد؟", "figure"), ("How much did they spend?", "figure"),
    ("قرارداد کی امضا شد؟", "date"), ("در چه سالی تأسیس شد؟", "date"), ("When was it signed?", "date"),
    ("پایتخت اسپانیا کجاست؟", "span"), ("چندمین دوره بود؟", "span"),
])
def test_question_kinds(question, kind):
    assert question_kind(question) == kind


@pytest.fixture(params=["model", "rules"])
def method(request, archive) -> str:
    if request.param == "model" and archive.reading_model is None:
        pytest.skip("the reader needs EmbeddingGemma (bayegan models install)")
    return request.param


def test_a_figure_question_gets_the_figure_quoted_and_cited(archive, method):
    a = archive.answer("صادرات نفت خام ایران در مرداد چقدر بود؟", method=method)
    assert not a.abstained and a.kind == "figure"
    assert a.text == "۱٫۵ میلیون بشکه"
    q = a.quotes[0]
    assert q.doc_id == doc_id_of(archive, "صادرات نفت") and q.page == 1
    assert q.text[q.span[0]:q.span[1]] == a.text and "مرداد" in q.text
    assert a.citations == ["صادرات نفت ایران افزایش یافت، ص 1"]


def test_a_percent_question_prefers_the_percentage(archive, method):
    a = archive.answer("نرخ تورم سالانه در فروردین چند درصد بود؟", method=method)
    assert a.text == "۳۷ درصد" and a.quotes[0].doc_id == doc_id_of(archive, "نرخ تورم")


def test_a_when_question_gets_a_date(archive, method):
    a = archive.answer("نرخ تورم سالانه کی به ۳۷ درصد رسید؟", method=method)
    assert a.kind == "date" and a.text == "فروردین ۱۴۰۳"


def test_a_where_question_gets_the_pointed_span(archive, method):
    a = archive.answer("تیم ملی فوتبال ایران در کدام ورزشگاه کره جنوبی را شکست داد؟", method=method)
    assert a.quotes[0].doc_id == doc_id_of(archive, "پیروزی") and "آزادی" in a.text
    assert len(a.text.split()) <= 6


def test_no_answer_in_the_archive_abstains(archive, method):
    a = archive.answer("جمعیت شهر توکیو در سال ۱۹۵۰ چند نفر بود؟", method=method)
    assert a.abstained and a.text == "" and "does not say" in a.reason
