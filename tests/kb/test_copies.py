"""The same story under another agency's name (kb/copies.py): found on the way in, one hit in
search with the others named, counted once in briefs, compared sentence by sentence."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from kb.copies import containment, differences, same_story, shingles
from tests.helpers import RAIN_OTHER_STORY, RAIN_STORY, RAIN_STORY_COPY


def test_an_edited_copy_is_the_same_story_and_another_story_on_the_subject_is_not():
    assert same_story(RAIN_STORY, RAIN_STORY_COPY)
    assert not same_story(RAIN_STORY, RAIN_OTHER_STORY)
    assert not same_story(RAIN_STORY_COPY, RAIN_OTHER_STORY)
    cut = RAIN_STORY[: len(RAIN_STORY) // 2]  # half of it: the shorter text is all in the longer
    assert containment(shingles(cut), shingles(RAIN_STORY)) > 0.9


def test_letter_variants_and_digits_are_no_edit_and_a_short_text_proves_nothing():
    variant = RAIN_STORY.replace("ی", "ي").replace("ک", "ك").replace("پنج", "5")
    assert containment(shingles(RAIN_STORY), shingles(variant)) > 0.9
    assert containment(shingles("بارش باران در تهران آغاز شد."), shingles("بارش باران در تهران آغاز شد.")) == 0.0


def test_differences_pair_the_sentences_and_show_what_one_lacks():
    found = differences("a", RAIN_STORY, "b", RAIN_STORY_COPY)
    kinds = [k for k, _, _ in found.rows]
    assert "same" in kinds and set(kinds) <= {"same", "changed", "only first", "only second"}
    same = [a for k, a, b in found.rows if k == "same"]
    assert any("جاده‌های کوهستانی" in a for a in same)  # the sentence both carry word for word
    assert any("پنج درجه" in a and not b for k, a, b in found.rows)  # the ending the copy cut
    assert any("ایسنا" in b for k, a, b in found.rows if k != "same")


@pytest.fixture
def copies_archive(tmp_path):
    from kb import Archive

    with Archive(tmp_path / "copies", embedder="e5-small", chroma_url="") as a:
        first = a.add_text(RAIN_STORY, title="بارش باران از سه‌شنبه", source="فارس").doc_id
        other = a.add_text(RAIN_OTHER_STORY, title="آماده‌باش مدیریت بحران", source="فارس").doc_id
        copy = a.add_text(RAIN_STORY_COPY, title="باران در راه تهران", source="ایسنا").doc_id
        yield a, first, other, copy


def test_the_archive_keeps_both_copies_and_groups_them(copies_archive):
    a, first, other, copy = copies_archive
    assert len(a.documents()) == 3
    assert a.document(copy).copy_of == first and a.document(first).copy_of == ""
    assert a.document(other).copy_of == ""
    assert [c.id for c in a.copies(first)] == [copy] and [c.id for c in a.copies(copy)] == [first]
    assert a.copies(other) == []


def test_search_shows_the_story_once_and_names_the_other_agency(copies_archive):
    a, first, other, copy = copies_archive
    hits = a.search("بارش باران در تهران و آبگرفتگی معابر", k=5)
    ids = [h.doc_id for h in hits]
    assert len({first, copy} & set(ids)) == 1 and other in ids
    story = next(h for h in hits if h.doc_id in (first, copy))
    named = {c["doc_id"]: c["source"] for c in story.also_in}
    assert named == ({copy: "ایسنا"} if story.doc_id == first else {first: "فارس"})
    every = a.search("بارش باران در تهران و آبگرفتگی معابر", k=5, per_document=0)  # every passage: no folding
    assert {first, copy} <= {h.doc_id for h in every}


def test_a_brief_counts_a_story_once_unless_the_editor_chose_both(copies_archive):
    a, first, other, copy = copies_archive
    b = a.brief("بارش باران و آبگرفتگی در تهران")
    assert len({first, copy} & set(b.documents)) == 1
    assert a.brief(doc_ids=[first, copy, other]).documents == [first, copy, other]


def test_removing_the_first_makes_its_copy_the_first_and_rebuild_finds_copies_again(copies_archive):
    a, first, other, copy = copies_archive
    a.rebuild()
    assert a.document(copy).copy_of == first  # found again from the stored text
    a.remove(first)
    assert a.document(copy).copy_of == "" and a.copies(copy) == []


def test_copies_in_one_batch_are_grouped(tmp_path):
    from kb import Archive

    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "1.txt").write_text(RAIN_STORY, encoding="utf-8")
    (tmp_path / "in" / "2.txt").write_text(RAIN_STORY_COPY, encoding="utf-8")
    with Archive(tmp_path / "batch", embedder="e5-small", chroma_url="") as a:
        added = a.add_paths([tmp_path / "in"])
        one, two = (r.doc_id for r in added)
        assert a.document(one).copy_of == "" and a.document(two).copy_of == one


def test_cli_names_copies_and_compares_them(copies_archive):
    from ui.cli import cli

    a, first, other, copy = copies_archive

    def run(*args):
        return CliRunner().invoke(cli, [*args, "--archive", str(a.folder)], catch_exceptions=False,
                                  env={"BAYEGAN_EMBEDDER": "e5-small", "BAYEGAN_CHROMA_URL": "", "BAYEGAN_USE_SERVER": "0"})

    r = run("search", "بارش باران در تهران و آبگرفتگی معابر")
    assert "also in: " in r.output and r.exit_code == 0
    r = run("docs")
    assert f"the story of [{first}]" in r.output
    r = run("compare", first, copy)
    assert r.exit_code == 0 and "پنج درجه" in r.output and f"- [{first}]" in r.output
    assert "جاده‌های کوهستانی" not in r.output  # alike: shown only with --all
    assert "جاده‌های کوهستانی" in run("compare", first, copy, "--all").output
    rows = json.loads(run("compare", first, copy, "--json").output)["rows"]
    assert rows and all(len(r) == 3 for r in rows)


def test_the_app_names_the_copies_of_a_hit():
    from kb import Hit
    from ui.render import hit_html

    hit = Hit("a", "بارش باران", "متن", 1, 2.5, also_in=[{"doc_id": "b", "title": "باران", "source": "ایسنا", "date": ""}])
    assert "همین خبر در: ایسنا" in hit_html(hit, 1)
    assert "همین خبر در" not in hit_html(Hit("a", "بارش باران", "متن", 1, 2.5), 1)


def test_a_long_story_cut_short_and_relabelled_is_found(tmp_path):
    # more passages than the lexical candidates asked for by default, on either side
    from kb import Archive
    from tests.helpers import VARIED_NEWS

    paragraphs = [f"گزارش {n + 1} از {title}: {text}" for n in range(10) for title, text in VARIED_NEWS]
    story = "\n\n".join(paragraphs)
    copy = "\n\n".join(["به گزارش ایسنا، این گزارش‌ها امروز منتشر شد."] + paragraphs[:-10])
    with Archive(tmp_path / "long", embedder="e5-small", chroma_url="") as a:
        first = a.add_text(story, title="گزارش بلند").doc_id
        assert len(a.chunks(first)) > 20
        second = a.add_text(copy, title="گزارش بلند ایسنا").doc_id
        assert a.document(second).copy_of == first
