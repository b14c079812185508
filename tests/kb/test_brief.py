"""Briefs on the real archive: cited non-redundant sentences, key figures, timeline, Markdown."""

from __future__ import annotations

import pytest

from sample_articles import doc_id_of


def test_a_brief_of_chosen_documents(archive):
    ids = [doc_id_of(archive, "صادرات نفت"), doc_id_of(archive, "نرخ تورم")]
    b = archive.brief(doc_ids=ids, sentences=3)
    assert b.documents == ids and len(b.sentences) == 3
    assert {s.doc_id for s in b.sentences} <= set(ids) and all(s.page == 1 for s in b.sentences)
    assert len({s.text for s in b.sentences}) == 3  # nothing repeated
    # ordered by the articles' dates: 1402 oil before 1403 inflation
    order = [s.doc_id for s in b.sentences]
    assert order == sorted(order, key=lambda d: ids.index(d))
    figures = {(f.figure, f.unit) for f in b.figures}
    assert ("۱٫۵ میلیون بشکه", "count") in figures and ("۳۷ درصد", "percent") in figures
    assert [(v, w) for v, w, _ in b.timeline] == [(14030100, "فروردین ۱۴۰۳")]


def test_markdown_export_cites_every_sentence(archive):
    md = archive.brief("تورم و نفت", sentences=4).to_markdown()
    bullets = [line for line in md.splitlines() if line.startswith("- ") and "، ص " in line]
    assert len(bullets) >= 4 and "## ارقام کلیدی" in md and "## منابع" in md


def test_word_export_is_right_to_left_and_cited(archive, tmp_path):
    from docx import Document as WordDocument

    b = archive.brief(doc_ids=[doc_id_of(archive, "نرخ تورم")], sentences=2)
    path = tmp_path / "brief.docx"
    b.to_docx(str(path))
    word = WordDocument(str(path))
    texts = [p.text for p in word.paragraphs]
    assert any("۳۷ درصد" in t and "، ص 1]" in t for t in texts)
    assert all(p._p.pPr is not None and p._p.pPr.find(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}bidi") is not None for p in word.paragraphs)
    assert word.tables and word.tables[0].rows[1].cells[0].text == "۳۷ درصد"


def test_a_date_range_brief_takes_the_whole_end_year_and_refuses_a_non_date(archive):
    """«1403» as an end means all of 1403 (as in search); a date that is no date says so."""
    from kb import InvalidDate

    dated = [d for d in archive.documents() if d.date]
    inside = archive.brief(date_from="1403", date_to="1403")
    in_1403 = {"1403/02/01", "2024-06-01", "1403/09/20"}  # 2024-06-01 is 1403/03/12; the 1402 ones stay out
    assert set(inside.documents) == {d.id for d in dated if d.date in in_1403} and len(inside.documents) == 3
    with pytest.raises(InvalidDate, match="not a date"):
        archive.brief(date_from="دیروز")


def test_key_figures_are_the_brief_s_own_first_and_at_most_fifteen(archive):
    from kb.brief import KEY_FIGURES

    b = archive.brief("تورم و نفت", sentences=2)
    assert 0 < len(b.figures) <= KEY_FIGURES
    cited = {s.text for s in b.sentences}
    own = [f.measures in cited for f in b.figures]
    assert own == sorted(own, reverse=True)  # the brief's own sentences' figures lead the table


def test_a_brief_on_a_subject_leaves_out_articles_only_weakly_related(tmp_path):
    from kb import Archive
    from tests.helpers import VARIED_NEWS

    with Archive(tmp_path / "varied", embedder="e5-small", chroma_url="") as a:
        for title, text in VARIED_NEWS:
            a.add_text(text, title=title)
        hits = a.search("قیمت طلا و مسکن", k=8)
        weak = {h.doc_id for h in hits if h.relevance == "weak"}
        assert weak and len(weak) < len(hits)  # the search's eight include some only weakly related
        b = a.brief("قیمت طلا و مسکن")
        titles = {a.document(d).title for d in b.documents}
        assert {"قیمت طلا", "مسکن"} <= titles and not weak & set(b.documents)
        assert {s.doc_id for s in b.sentences} <= set(b.documents)


def test_a_brief_quotes_only_articles_that_name_its_subject(tmp_path):
    # five articles: too few for search's relevance cue, so every hit is a candidate and naming
    # the subject decides (the old brief took all five for «قیمت مسکن در تهران»)
    from kb import Archive
    from tests.helpers import VARIED_NEWS

    chosen = {"مسکن", "قیمت طلا", "باران در تهران", "بورس", "کشتی"}
    with Archive(tmp_path / "five", embedder="e5-small", chroma_url="") as a:
        for title, text in VARIED_NEWS:
            if title in chosen:
                a.add_text(text, title=title)
        hits = a.search("قیمت مسکن در تهران", k=8)
        assert len(hits) == 5 and all(h.relevance == "" for h in hits)
        b = a.brief("قیمت مسکن در تهران")
        assert [a.document(d).title for d in b.documents] == ["مسکن"]
        assert {s.doc_id for s in b.sentences} == set(b.documents)
        both = a.brief("قیمت طلا و مسکن")  # two parts: an article on either is on the subject
        assert {a.document(d).title for d in both.documents} == {"قیمت طلا", "مسکن"}
