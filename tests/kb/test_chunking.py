"""Chunks: whole sentences, one page and one block kind each, spans into the clean text."""

from __future__ import annotations

from ingest import Block, Document, Page, extract_pdf
from ingest.figures import find_block_figures
from kb.chunking import chunk_document, split_sentences


def test_sentences_keep_decimals_and_dates_whole():
    text = "نرخ رشد 3.5 درصد بود. تاریخ 1403/09/19 اعلام شد؟ بله"
    assert [text[a:b] for a, b in split_sentences(text)] == [
        "نرخ رشد 3.5 درصد بود.", "تاریخ 1403/09/19 اعلام شد؟", "بله"]


def _doc() -> Document:
    long_body = " ".join(f"جمله شماره {i} درباره بودجه ۱۴۰۳ است." for i in range(40))
    p1 = Page(1, 600, 800, [Block("headline", "بودجه سال آینده", 1, (10, 10, 500, 40)),
                            Block("body", long_body, 1, (10, 50, 500, 700)),
                            Block("furniture", "صفحه ۱", 1, (10, 780, 50, 790))])
    p2 = Page(2, 600, 800, [Block("body", "سهم نفت ۳۰ درصد است.", 2, (10, 50, 500, 90))])
    find_block_figures([p1, p2])  # as ingest does once, at the end of reading a document
    return Document("x.pdf", "بودجه سال آینده", [p1, p2])


def test_chunks_point_into_the_document_text_and_never_cross_pages_or_kinds():
    doc = _doc()
    chunks = chunk_document(doc, "d1", max_chars=300)
    text = doc.text
    assert all(text[c.start:c.end] == c.text for c in chunks)
    assert all(len(c.text) <= 300 for c in chunks)
    assert chunks[0].kind == "headline" and chunks[0].text == "بودجه سال آینده"
    assert {c.page for c in chunks} == {1, 2} and chunks[-1].page == 2
    assert all("صفحه ۱" not in c.text for c in chunks)  # furniture stays out
    assert all(c.text.endswith(".") for c in chunks[1:])  # whole sentences
    assert [c.id for c in chunks] == [f"d1:{i}" for i in range(len(chunks))]


def test_chunk_figures_have_spans_in_the_chunk():
    chunks = chunk_document(_doc(), "d1", max_chars=300)
    last = chunks[-1]
    assert [(f.value, f.unit, f.page) for f in last.figures] == [(30, "percent", 2)]
    f = last.figures[0]
    assert last.text[f.start:f.end] == "۳۰ درصد"


def test_chunks_of_a_real_pdf_keep_boxes(news_pdf):
    doc = extract_pdf(news_pdf)
    chunks = chunk_document(doc, "n")
    assert chunks and all(c.bboxes for c in chunks)
    assert any("3.5%" in c.text for c in chunks)


def test_figures_found_once_on_a_block_are_those_found_on_each_sentence():
    """The archive reuses the block's figures for every sentence (fact-checks, answers, briefs)
    instead of reading each sentence again: they must be the same figures, spans moved."""
    from ingest import find_figures

    text = ("نرخ تورم در فروردین ۱۴۰۳ به ۳۷ درصد رسید. صادرات نفت ۱٫۵ میلیون بشکه در روز بود؛ "
            "بودجه ۵ هزار و ۲۱۸ میلیارد تومان است. رشد ۱۵ تا ۲۰ درصد پیش‌بینی شد و ۳ یا ۴ روز طول کشید.")
    page = Page(1, 600, 800, [Block("body", text, 1, (10, 50, 500, 700))])
    find_block_figures([page])
    [chunk] = chunk_document(Document("x.pdf", "تورم", [page]), "d")
    for s, e in split_sentences(chunk.text):
        sentence = chunk.text[s:e]
        reused = [(f.text, f.value, f.high, f.unit, f.start - s, f.end - s) for f in chunk.figures
                  if s <= f.start and f.end <= e]
        again = [(f.text, f.value, f.high, f.unit, f.start, f.end) for f in find_figures(sentence)]
        assert reused == again, sentence
