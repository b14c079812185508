"""The archive for real: ingest, e5-small embeddings, Chroma on disk, BM25, fused search."""

from __future__ import annotations

import pytest

from ingest.ocr import tesseract_ready
from kb import Archive, EmptyArchive, NotInArchive

from sample_articles import ARTICLES, doc_id_of


def top(archive: Archive, query: str, **kw):
    hits = archive.search(query, k=3, **kw)
    assert hits, query
    return hits[0]


def test_documents_are_listed_with_their_metadata(archive):
    docs = archive.documents()
    assert len(docs) == 5
    pdf = next(d for d in docs if d.kind == "pdf")
    assert pdf.pages == 1 and pdf.source == "روزنامه نمونه" and pdf.figures >= 3
    assert {d.title for d in docs} >= {t for t, *_ in ARTICLES.values()}


def test_the_same_file_twice_is_one_document(archive, news_pdf):
    before = len(archive.documents())
    again = archive.add_pdf(news_pdf)
    assert again.status == "duplicate" and again.doc_id
    text = archive.add_text(ARTICLES["oil"][3], title="another title")
    assert text.status == "duplicate"
    assert len(archive.documents()) == before


@pytest.mark.parametrize("query", [
    "سرمایه‌گذاری میدان‌های مشترک نفت",  # as written
    "سرمايه گذاري ميدانهاي مشترك نفت",  # Arabic letters, no ZWNJ, spaced
    "سرمایهگذاری میدانهای مشترک نفت",  # ZWNJ lost
])
@pytest.mark.parametrize("mode", ["hybrid", "dense", "lexical"])
def test_spelling_variants_find_the_same_passage(archive, query, mode):
    assert top(archive, query, mode=mode).doc_id == doc_id_of(archive, "صادرات نفت")


def test_latin_and_persian_digits_find_the_same_passage(archive):
    a = top(archive, "تورم 1403 37 درصد", mode="lexical")
    b = top(archive, "تورم ۱۴۰۳ ۳۷ درصد", mode="lexical")
    assert a.chunk_id == b.chunk_id and a.doc_id == doc_id_of(archive, "نرخ تورم")


def test_english_queries_reach_persian_passages(archive):
    assert top(archive, "national football team victory against South Korea").doc_id == doc_id_of(archive, "پیروزی")
    assert top(archive, "annual inflation rate fell").doc_id == doc_id_of(archive, "نرخ تورم")


def test_a_hit_cites_page_snippet_and_highlights(archive):
    h = top(archive, "سرمایه‌گذاری ۴۰۰ میلیارد دلار")
    assert h.page == 1 and h.title and h.text and h.score > 0
    marked = [h.snippet[a:b] for a, b in h.highlights]
    assert "۴۰۰" in marked and "دلار" in marked
    assert archive.text(h.doc_id)[h.start:h.end] == h.text


def test_a_pdf_hit_keeps_its_boxes(archive):
    h = top(archive, "رشد اقتصادی بانک مرکزی GPT-5")
    assert h.doc_id == doc_id_of(archive, "تیتر اصلی") and h.bboxes


def test_filters_by_source_date_kind_and_document(archive):
    assert {h.source for h in archive.search("اقتصاد", k=10, source="اقتصاد")} == {"اقتصاد"}
    in_1403 = archive.search("نرخ", k=10, per_document=0, date_from="1403/01/01", date_to="1403/12/29")
    # 2024-06-01 is 1403/03/12: the calendars share one timeline
    assert {h.doc_id for h in in_1403} == {doc_id_of(archive, "نرخ تورم"), doc_id_of(archive, "تیتر اصلی"),
                                          doc_id_of(archive, "هوش مصنوعی")}
    in_1402 = archive.search("نرخ", k=10, per_document=0, date_to="1402")
    assert {h.doc_id for h in in_1402} == {doc_id_of(archive, "صادرات نفت"), doc_id_of(archive, "پیروزی")}
    by_year = archive.search("هوش مصنوعی", k=10, date_from="2024", date_to="2024")
    assert {h.doc_id for h in by_year} == {doc_id_of(archive, "نرخ تورم"), doc_id_of(archive, "هوش مصنوعی"),
                                          doc_id_of(archive, "تیتر اصلی")}
    headlines = archive.search("رشد اقتصادی", k=10, per_document=0, kind="headline")
    assert headlines and {h.kind for h in headlines} == {"headline"}
    one = doc_id_of(archive, "هوش مصنوعی")
    assert {h.doc_id for h in archive.search("نفت", k=10, per_document=0, doc_id=one)} == {one}
    with pytest.raises(ValueError, match="not a date"):
        archive.search("نفت", date_from="yesterday")


def test_one_article_does_not_flood_the_results(archive):
    hits = archive.search("نفت تورم فوتبال هوش مصنوعی", k=10)
    ids = [h.doc_id for h in hits]
    assert len(ids) == len(set(ids))
    everything = archive.search("نفت تورم فوتبال هوش مصنوعی", k=50, per_document=0)
    assert len(everything) > len(hits)


@pytest.fixture(scope="module")
def varied_archive(tmp_path_factory) -> Archive:
    from tests.helpers import VARIED_NEWS

    a = Archive(tmp_path_factory.mktemp("varied"), embedder="e5-small", chroma_url="")
    for title, text in VARIED_NEWS:
        a.add_text(text, title=title)
    yield a
    a.close()


def test_each_hit_says_how_relevant_it_is_and_the_weak_tail_can_be_cut(varied_archive):
    from kb import without_tail

    hits = varied_archive.search("قیمت طلای ۱۸ عیار", k=10)
    assert hits[0].title == "قیمت طلا" and hits[0].relevance == "strong"
    assert all(h.relevance in ("strong", "related", "weak") for h in hits)
    assert any(h.relevance == "weak" for h in hits)  # the volleyball, the museum… say nothing of gold
    kept = without_tail(hits)
    assert kept[0] is hits[0] and len(kept) < len(hits)
    assert all(h.score >= max(0.5, 0.2 * hits[0].score) for h in kept)
    assert [h.chunk_id for h in kept] == [h.chunk_id for h in hits[:len(kept)]]  # a tail: order kept, nothing skipped
    fused_by_rank = varied_archive.search("قیمت طلای ۱۸ عیار", k=10, method="rrf")
    assert all(h.relevance == "" for h in fused_by_rank) and without_tail(fused_by_rank) == fused_by_rank


def test_a_tiny_archive_gives_no_relevance_it_cannot_judge(archive):
    from kb import without_tail

    hits = archive.search("صادرات نفت ایران", k=10)  # five documents: too few candidates for the scores to say
    assert hits[0].title == "صادرات نفت ایران افزایش یافت"
    assert {h.relevance for h in hits} == {""} and without_tail(hits) == hits


def test_a_hit_shows_a_passage_of_its_article_not_only_the_headline(archive):
    every = archive.search("رشد اقتصادی در سال ۱۴۰۳", k=20, per_document=0)
    best = next(h for h in every if h.title.startswith("تیتر اصلی"))
    assert best.kind == "headline"  # the headline is the article's best passage…
    hit = next(h for h in archive.search("رشد اقتصادی در سال ۱۴۰۳", k=10) if h.doc_id == best.doc_id)
    assert hit.kind != "headline" and hit.snippet != best.text  # …but what is shown says more than the title
    assert hit.score == best.score and hit.more == sum(h.doc_id == best.doc_id for h in every) - 1


def test_search_on_an_empty_archive_says_so(empty_archive):
    with pytest.raises(EmptyArchive, match="empty"):
        empty_archive.search("نفت")


def test_removal_leaves_nothing_behind_and_readding_embeds_nothing(empty_archive):
    a = empty_archive
    keep = a.add_text(ARTICLES["football"][3], title=ARTICLES["football"][0]).doc_id
    r = a.add_text(ARTICLES["oil"][3], title=ARTICLES["oil"][0])
    assert r.status == "added" and a.store.ids_of(r.doc_id)
    assert top(a, "میدان‌های مشترک", mode="lexical").doc_id == r.doc_id
    a.remove(r.doc_id)
    assert a.store.ids_of(r.doc_id) == []
    assert all(h.doc_id == keep for h in a.search("میدان‌های مشترک نفت", k=5, per_document=0))
    assert a.search("میدان‌های مشترک", mode="lexical") == []
    assert [d.id for d in a.documents()] == [keep]
    with pytest.raises(NotInArchive):
        a.remove(r.doc_id)
    again = a.add_text(ARTICLES["oil"][3], title=ARTICLES["oil"][0])
    assert again.status == "added" and a._cache.misses == 0  # every vector came from the cache


def test_a_crashed_write_is_cleaned_up_by_the_next_one(empty_archive):
    """A document left "adding" (its writer died) is invisible, then removed by the next write."""
    a = empty_archive
    a.add_text(ARTICLES["football"][3], title=ARTICLES["football"][0])
    from ingest import extract_text_document
    from kb import DocumentInfo, StoredChunk
    from kb.chunking import chunk_document
    from kb.folding import index_tokens

    doc = extract_text_document(ARTICLES["oil"][3], title=ARTICLES["oil"][0])
    chunks = chunk_document(doc, "crashed")
    info = DocumentInfo("crashed", doc.title, "", "", "", "text", 1, 0, len(chunks), 0.0)
    a._catalogue.add_document(info, doc.text, [], chunks, [index_tokens(c.text) for c in chunks])
    a._embed([StoredChunk(**vars(c), title=doc.title) for c in chunks])
    assert "crashed" not in {d.id for d in a.documents()}
    assert all(h.doc_id != "crashed" for h in a.search("میدان‌های مشترک نفت", per_document=0))
    a.add_text(ARTICLES["ai"][3], title=ARTICLES["ai"][0])  # the next write
    assert a.store.ids_of("crashed") == [] and a._catalogue.unfinished() == []


def test_bad_files_are_rejected_with_reasons_and_the_rest_is_added(empty_archive, tmp_path, news_pdf):
    (tmp_path / "empty.pdf").write_bytes(b"")
    (tmp_path / "fake.pdf").write_text("hello")
    (tmp_path / "note.docx").write_text("x")
    results = empty_archive.add_paths([tmp_path / "empty.pdf", tmp_path / "fake.pdf", tmp_path / "note.docx", news_pdf])
    assert [r.status for r in results] == ["rejected", "rejected", "rejected", "added"]
    assert "empty" in results[0].message and "not a PDF" in results[1].message
    assert len(empty_archive.documents()) == 1


def test_an_archive_reopens_with_its_documents(tmp_path):
    with Archive(tmp_path / "a", embedder="e5-small", chroma_url="") as a:
        doc_id = a.add_text(ARTICLES["ai"][3], title=ARTICLES["ai"][0]).doc_id
    with Archive(tmp_path / "a", embedder="e5-small", chroma_url="") as b:
        assert [d.id for d in b.documents()] == [doc_id]
        assert top(b, "هوش مصنوعی روزنامه‌نگاران").doc_id == doc_id


@pytest.mark.skipif(not tesseract_ready(), reason="Tesseract with Persian data is not installed")
def test_a_scanned_pdf_is_read_by_ocr_searchable_and_marked(empty_archive, tmp_path):
    from click.testing import CliRunner

    from tests.helpers import make_pdf
    from tests.helpers import scan_of
    from ui.cli import cli

    text = "شهرداری تهران اعلام کرد که ساخت خط هشتم مترو تا پایان سال آینده به پایان می‌رسد."
    scan = scan_of(make_pdf(tmp_path / "page.pdf", [("", 16, 20, 30, text)]), tmp_path / "scan.pdf")
    result = empty_archive.add_pdf(scan)
    assert result.status == "added", result.message
    hits = empty_archive.search("خط هشتم مترو", k=3)
    assert hits and hits[0].doc_id == result.doc_id
    ocr = empty_archive.ocr_pages(result.doc_id)
    assert list(ocr) == [1] and 0.5 < ocr[1] <= 1
    out = CliRunner().invoke(cli, ["show", result.doc_id, "--archive", str(empty_archive.folder)])
    assert out.exit_code == 0 and "read by OCR" in out.output and "p. 1" in out.output


def test_an_archive_of_the_older_layout_is_migrated_in_place(tmp_path, news_pdf):
    import sqlite3

    from kb import ArchiveTooNew

    folder = tmp_path / "old"
    with Archive(folder, embedder="e5-small", chroma_url="") as a:
        doc = a.add_pdf(news_pdf).doc_id
        hedged = a.add_text("از این راه بیش از ۲۲۴ میلیارد ریال وام پرداخت شد.", title="وام").doc_id
    db = sqlite3.connect(folder / "archive.db")  # make it what layout 1 wrote: no ocr_pages, issue, article, bound
    db.execute("DROP INDEX documents_issue")
    db.execute("DROP INDEX documents_copy_of")
    for table in ("watched", "saved_searches", "alerts", "feeds", "feed_items"):
        db.execute(f"DROP TABLE {table}")
    for column in ("ocr_pages", "issue", "article", "copy_of"):
        db.execute(f"ALTER TABLE documents DROP COLUMN {column}")
    db.execute("UPDATE documents SET blocks=json_set(blocks, '$[0].ocr', json('true'), '$[0].confidence', 0.8)")
    db.execute("UPDATE chunks SET figures=json_remove(figures, '$[0].bound')")
    db.execute("UPDATE meta SET value='1' WHERE key='schema_version'")
    db.commit()
    db.close()
    with Archive(folder, embedder="e5-small", chroma_url="") as a:
        assert a.ocr_pages(doc) == {1: 0.8}  # filled from the stored blocks
        assert a.document(doc).issue == doc and a.document(doc).article == 0  # a whole file, its own issue
        assert a.document(doc).copy_of == "" and a.copies(doc) == []
        assert a.saved_searches() == [] and a.feeds() == [] and a.watched_files() == {}  # layout 5's tables
        assert a.search("رشد اقتصادی", k=1)[0].doc_id == doc
        [loan] = a.chunks(hedged)[0].figures
        assert (loan.value, loan.bound) == (224e9, "over")  # read again from the text before it
        assert a.check("۲۲۴ میلیارد ریال وام پرداخت شد").label == "not_found"  # unconfirmed by «بیش از»
    db = sqlite3.connect(folder / "archive.db")
    assert db.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()[0] == "5"
    db.execute("UPDATE meta SET value='99' WHERE key='schema_version'")
    db.commit()
    db.close()
    with pytest.raises(ArchiveTooNew, match="newer Bayegan.*upgrade"):
        Archive(folder, embedder="e5-small", chroma_url="")


def test_add_texts_adds_several_in_one_write_and_says_what_became_of_each(tmp_path):
    from kb.files import TextItem
    from tests.helpers import RAIN_STORY, VARIED_NEWS

    with Archive(tmp_path / "texts", embedder="e5-small", chroma_url="") as a:
        a.add_text(VARIED_NEWS[0][1], title=VARIED_NEWS[0][0])
        results = a.add_texts([TextItem(RAIN_STORY, title="باران", date="1404/09/05", source="فارس"),
                               TextItem("  ", title="خالی"), TextItem(VARIED_NEWS[1][1], date="دیروز"),
                               TextItem(RAIN_STORY, title="باز باران"), TextItem(VARIED_NEWS[0][1])])
        assert [r.status for r in results] == ["added", "rejected", "rejected", "duplicate", "duplicate"]
        assert "not a date" in results[2].message and results[1].persian == "متن خالی است."
        [rain] = [d for d in a.documents() if d.title == "باران"]
        assert (rain.source, rain.date) == ("فارس", "1404/09/05") and len(a.documents()) == 2
