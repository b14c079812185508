"""The segmented lexical index: writes without a rebuild, searches as a rebuild would."""

from __future__ import annotations

import json
import random
import shutil

import bm25s
import pytest

from kb import Archive
from kb.catalogue import Catalogue
from kb.folding import index_tokens
from kb.lexical import LexicalIndex
from tests.kb.sample_articles import ARTICLES


WORDS = sorted({t for _, _, _, body in ARTICLES.values() for t in index_tokens(body)})


def passages(rng: random.Random, n: int) -> list[list[str]]:
    common = WORDS[:8]
    return [[rng.choice(common if rng.random() < 0.4 else WORDS) for _ in range(rng.randint(1, 30))] for _ in range(n)]


def queries(rng: random.Random, n: int) -> list[list[str]]:
    return [[rng.choice(WORDS) for _ in range(rng.randint(1, 5))] for _ in range(n)]


def test_many_small_writes_search_exactly_as_one_fresh_build(tmp_path):
    rng = random.Random(7)
    catalogue = Catalogue(tmp_path / "archive.db")
    index = LexicalIndex(tmp_path / "grown")
    index.check(catalogue)
    live: dict[str, list[str]] = {}
    for article in range(120):
        ids = [f"a{article:03d}:{k}" for k in range(rng.randint(1, 6))]
        tokens = passages(rng, len(ids))
        index.add(catalogue, ids, tokens)
        live.update(zip(ids, tokens))
        if article % 9 == 8:  # now and then an article goes
            gone = f"a{rng.randrange(article):03d}"
            index.remove_documents(catalogue, [gone])
            live = {c: t for c, t in live.items() if not c.startswith(gone + ":")}
    segments = index._manifest()["segments"]
    assert 1 < len(segments) <= 12, len(segments)  # merged as they piled up, not one per write
    fresh = LexicalIndex(tmp_path / "fresh")
    fresh.rebuild(list(live), list(live.values()), 1)
    assert sorted(index.ids()) == sorted(live)
    for q in queries(rng, 150):
        assert index.search(q, 10, 0) == fresh.search(q, 10, 1), q
    assert index.words(0) == fresh.words(1)
    assert index.known(WORDS, 0) == fresh.known(WORDS, 1)


def test_scores_are_the_bm25_scores_bm25s_gave_before(tmp_path):
    """The formula is bm25s' Lucene BM25 (k1 1.5, b 0.75): search quality is unchanged."""
    rng = random.Random(3)
    ids = [f"d{i}:0" for i in range(400)]
    tokens = passages(rng, len(ids))
    index = LexicalIndex(tmp_path)
    index.rebuild(ids, tokens, 1)
    old = bm25s.BM25()
    old.index(tokens, show_progress=False)
    for q in queries(rng, 60):
        ours = dict(index.search(q, 400, 1)[0])
        docs, scores = old.retrieve([q], k=400, show_progress=False, n_threads=1)
        theirs = {ids[d]: float(s) for d, s in zip(docs[0], scores[0]) if s > 0}
        assert ours.keys() == theirs.keys()
        assert all(ours[c] == pytest.approx(theirs[c], rel=1e-5) for c in ours)


def test_a_filter_keeps_only_the_allowed_and_the_coverage_counts_known_words(tmp_path):
    index = LexicalIndex(tmp_path)
    index.rebuild(["x:0", "y:0", "z:0"], [["نفت", "صادرات"], ["نفت"], ["تورم"]], 1)
    hits, coverage = index.search(["نفت", "ناشناخته"], 10, 1, allowed={"y:0", "z:0"})
    assert [c for c, _ in hits] == ["y:0"] and coverage == 0.5
    assert index.search(["ناشناخته"], 10, 1) == ([], 0.0)


def test_a_reader_follows_writes_and_survives_merges_that_delete_its_segments(tmp_path):
    catalogue = Catalogue(tmp_path / "archive.db")
    writer, reader = LexicalIndex(tmp_path), LexicalIndex(tmp_path)
    writer.check(catalogue)
    writer.add(catalogue, ["a:0"], [["نفت", "ایران"]])
    assert [c for c, _ in reader.search(["نفت"], 5, catalogue.version())[0]] == ["a:0"]
    loaded = set(reader._loaded)
    for i in range(1, 9):  # merges replace the segment the reader loaded
        writer.add(catalogue, [f"b{i}:0"], [["نفت", f"واژه{i}"]])
    assert not any((tmp_path / "bm25" / name).exists() for name in loaded)
    assert {c for c, _ in reader.search(["نفت"], 20, catalogue.version())[0]} == {"a:0"} | {f"b{i}:0" for i in range(1, 9)}


def test_what_a_killed_writer_left_is_cleared_and_an_index_behind_is_rebuilt(tmp_path):
    catalogue = Catalogue(tmp_path / "archive.db")
    index = LexicalIndex(tmp_path)
    index.check(catalogue)
    index.add(catalogue, ["a:0"], [["نفت"]])
    (tmp_path / "bm25" / "segment-deadbeef0000.partial").mkdir()  # killed while writing a segment
    (tmp_path / "bm25" / "segment-0123456789ab").mkdir()  # written, never named by a manifest
    (tmp_path / "bm25" / "manifest.json.partial").write_text("{")
    index.check(catalogue)
    assert sorted(p.name for p in (tmp_path / "bm25").iterdir()) == sorted(
        ["manifest.json", index._manifest()["segments"][0]["name"]])
    catalogue.set_version(catalogue.version() + 1)  # the catalogue moved on without the index (killed between the two)
    index.check(catalogue)
    assert index.version() == catalogue.version() and index.ids() == []  # rebuilt from the catalogue


def test_an_archive_indexed_before_segments_is_indexed_again_on_opening(empty_archive):
    folder = empty_archive.folder
    for title, source, date, body in list(ARTICLES.values())[:2]:
        empty_archive.add_text(body, title=title, source=source, date=date)
    empty_archive.close()
    shutil.rmtree(folder / "bm25")
    (folder / "bm25").mkdir()  # what bm25s wrote: its files and ids.json, no manifest
    (folder / "bm25" / "ids.json").write_text(json.dumps({"version": 3, "ids": []}))
    (folder / "bm25" / "params.index.json").write_text("{}")
    with Archive(folder, embedder="e5-small", chroma_url="") as archive:
        assert (folder / "bm25" / "manifest.json").exists()
        assert not (folder / "bm25" / "params.index.json").exists()
        assert archive.search("صادرات نفت خام", k=1, mode="lexical")[0].title == ARTICLES["oil"][0]


def test_adding_to_an_archive_writes_one_small_segment_not_a_rebuild(empty_archive):
    for title, source, date, body in ARTICLES.values():
        empty_archive.add_text(body, title=title, source=source, date=date)
    manifest = json.loads((empty_archive.folder / "bm25" / "manifest.json").read_text())
    assert manifest["version"] == empty_archive._catalogue.version()
    before = {s["name"] for s in manifest["segments"]}
    empty_archive.add_text("خبر تازه درباره بارش باران در تهران و شمال کشور.", title="باران", source="", date="")
    after = json.loads((empty_archive.folder / "bm25" / "manifest.json").read_text())["segments"]
    assert len({s["name"] for s in after} - before) == 1  # the old segments were not rewritten
    assert empty_archive.search("بارش باران تهران", k=1, mode="lexical")[0].title == "باران"
    empty_archive.remove(empty_archive.search("بارش باران تهران", k=1, mode="lexical")[0].doc_id)
    assert all(h.title != "باران" for h in empty_archive.search("بارش باران تهران", k=5, mode="lexical"))


def test_an_index_one_version_ahead_is_taken_and_a_damaged_one_rebuilt(tmp_path):
    """Killed between the index's manifest and the catalogue's version: the index is right (it
    was written after the catalogue), so the catalogue takes its version, nothing is rebuilt."""
    catalogue = Catalogue(tmp_path / "archive.db")
    index = LexicalIndex(tmp_path)
    index.check(catalogue)
    index.add(catalogue, ["a:0"], [["نفت"]])
    names = [s["name"] for s in index._manifest()["segments"]]
    catalogue.set_version(catalogue.version() - 1)
    index.check(catalogue)
    assert catalogue.version() == index.version() and [s["name"] for s in index._manifest()["segments"]] == names
    (tmp_path / "bm25" / "manifest.json").write_text("{")  # a power cut's half-written file
    index.check(catalogue)
    assert index.version() == catalogue.version() and index.ids() == []  # rebuilt (from an empty catalogue)


def test_a_rebuild_cut_short_after_the_new_tokens_leaves_the_index_to_be_rebuilt(empty_archive, monkeypatch):
    """`Archive.rebuild` writes every chunk's new tokens, then embeds for a long while, then
    rebuilds the index: cut short in between, the next write must rebuild it from those tokens."""
    import kb.archive

    title, source, date, body = ARTICLES["oil"]
    empty_archive.add_text(body, title=title, source=source, date=date)
    marker = index_tokens("زیردریایی")
    with monkeypatch.context() as m:
        m.setattr(kb.archive, "index_tokens", lambda text: marker)  # as if the folding rules changed

        def cut(chunks):
            raise KeyboardInterrupt  # the user stopped `bayegan rebuild`

        m.setattr(empty_archive, "_embed", cut)
        with pytest.raises(KeyboardInterrupt):
            empty_archive.rebuild()
    assert empty_archive.search("زیردریایی", k=1, mode="lexical") == []  # the old index still serves
    empty_archive.add_text("خبر دیگری درباره باران.", title="باران")  # the next write
    assert empty_archive.search("زیردریایی", k=1, mode="lexical")[0].title == title


def test_indexing_an_old_archive_on_opening_leaves_a_crashed_writers_files_to_the_next_write(empty_archive):
    folder = empty_archive.folder
    title, source, date, body = ARTICLES["oil"]
    empty_archive.add_text(body, title=title, source=source, date=date)
    empty_archive.close()
    shutil.rmtree(folder / "bm25")
    (folder / ".writing").touch()  # a writer was killed
    (folder / "files").mkdir(exist_ok=True)
    (folder / "files" / "orphan0123456789.pdf").write_bytes(b"%PDF-1.4")
    with Archive(folder, embedder="e5-small", chroma_url="") as archive:
        assert (folder / ".writing").exists() and (folder / "files" / "orphan0123456789.pdf").exists()
        archive.add_text("خبر دیگری درباره باران.", title="باران")
        assert not (folder / "files" / "orphan0123456789.pdf").exists()
