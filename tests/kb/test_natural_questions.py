"""Search on questions as people type them: on a fixed sample of ParsiNLU's natural queries and
PersianQA's Wikipedia-style questions, in one real archive (e5-small, Chroma on disk, BM25), the
hybrid is not below the better of its two paths. Before scores were fused on z-scores, BM25's
scale decided the order and this failed on the natural sample."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kb import Archive

SHARED = Path(__file__).resolve().parents[3] / "shared" / "eval"
NATURAL = SHARED / "qa" / "parsinlu-natural.jsonl"
WIKIPEDIA = SHARED / "qa" / "persianqa.jsonl"
NEWS = SHARED / "news" / "farsnews-dev.jsonl"
SAMPLE = 80  # questions per set: the first ones in the file, the same every run

pytestmark = pytest.mark.skipif(not (NATURAL.exists() and WIKIPEDIA.exists() and NEWS.exists()),
                                reason="../shared/eval (natural, PersianQA and news sets) not present")


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    natural = [json.loads(line) for line in NATURAL.open(encoding="utf-8")][:SAMPLE]
    wikipedia = [r for r in map(json.loads, WIKIPEDIA.open(encoding="utf-8")) if not r["is_impossible"]][:SAMPLE]
    news = [json.loads(line) for line in NEWS.open(encoding="utf-8")][:30]
    archive = Archive(tmp_path_factory.mktemp("natural"), embedder="e5-small", chroma_url="")
    ids = {}
    for row in natural:
        ids[row["passage"]] = archive.add_text(row["passage"]).doc_id
    for row in wikipedia:
        ids[row["context"]] = archive.add_text(row["context"], title=row["title"]).doc_id
    for row in news:
        archive.add_text("\n".join([row["abstract"], *row["paragraphs"]]), title=row["title"])
    sets = {"natural": [(r["question"], ids[r["passage"]]) for r in natural],
            "wikipedia": [(r["question"], ids[r["context"]]) for r in wikipedia]}
    yield archive, sets
    archive.close()


def mrr(archive: Archive, questions: list[tuple[str, str]], mode: str) -> float:
    total = 0.0
    for question, gold in questions:
        found = [h.doc_id for h in archive.search(question, k=10, mode=mode)]
        total += 1 / (found.index(gold) + 1) if gold in found else 0.0
    return total / len(questions)


@pytest.mark.parametrize("which", ["natural", "wikipedia"])
def test_the_hybrid_is_not_below_the_better_of_its_paths(sample, which):
    archive, sets = sample
    scores = {mode: mrr(archive, sets[which], mode) for mode in ("hybrid", "dense", "lexical")}
    assert scores["hybrid"] >= max(scores["dense"], scores["lexical"]) - 0.005, scores
    assert scores["hybrid"] > 0.75, scores  # the sample is easy for the right document
