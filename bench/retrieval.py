"""Retrieval quality on Wikipedia-style and natural questions: the plain embedding model, the
archive's dense, lexical and hybrid paths, side by side in one run; the last line is JSON.

Corpus, one archive per embedder, everything added through `Archive.add_text` (the real repair,
chunking, embedding and indexing): the 93 PersianQA contexts (../shared/eval/qa/persianqa.jsonl),
the 703 passages of ParsiNLU's natural search queries (web pages and Wikipedia,
../shared/eval/qa/parsinlu-natural.jsonl, added without a title as pasted web text is) and the
150 FarsNews articles of ../shared/eval/news/farsnews-dev.jsonl as distractors.

Question sets: `wikipedia` — the 651 answerable PersianQA questions; `natural` — the 713
natural queries. The relevant document is the question's passage; hits are grouped one per
document and scored Recall@1/5/10, MRR and nDCG@10 (one relevant document: 1/log2(rank+1)).

Lines:
- `plain <model>`: the model the archive is built on, alone — every whole passage embedded as
  it is, the question as typed, exact cosine over all of them. The archive must not lose to it.
- `<model> dense`, `bm25`, `<model> hybrid`: the archive's own paths (kb.search), the default
  being hybrid.
- `(varied)`: the same questions spelled as a hurried journalist or an old archive does
  (ي، ك, no ZWNJ, Latin digits), to show what folding is worth.
- a sweep of the fusion weight, which chose kb.search.DENSE_WEIGHTS;
- search p50/p95: `Archive.search` end to end (query embedding included), hybrid, warm.

    .venv/bin/python bench/retrieval.py [--embedders e5-small,gemma] [--folder DIR]
"""

from __future__ import annotations

import json
import math
import statistics
import time
from pathlib import Path

import numpy as np

from _common import NATURAL, NEWS, QA, RESULTS, arguments, percentile, report  # noqa: E402  (puts the repository on the path)
from kb import Archive, Query  # noqa: E402
from kb.embedders import EmbeddingCache  # noqa: E402
from kb.search import DENSE_WEIGHTS, DENSE_WEIGHT, fuse  # noqa: E402

WEIGHTS = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)  # the sweep that chose kb.search.DENSE_WEIGHTS
TIMED = 150  # questions per set timed end to end


def vary(q: str) -> str:
    """The spellings a hurried journalist or an old archive uses."""
    return (q.replace("ی", "ي").replace("ک", "ك").replace("\u200c", "")
            .translate(str.maketrans("۰۱۲۳۴۵۶۷۸۹", "0123456789")))


def corpus(natural: bool = True) -> tuple[list[tuple[str, str, str]], dict[str, list[tuple[str, str]]]]:
    """The documents as (text, title, source) and each question set as (question, its passage).
    Without `natural`: the PersianQA and news corpus alone, the one the answers, fact-check and
    brief benches measured their published figures on."""
    docs: dict[str, tuple[str, str, str]] = {}
    sets: dict[str, list[tuple[str, str]]] = {"wikipedia": [], "natural": []}
    for row in map(json.loads, QA.open(encoding="utf-8")):
        docs.setdefault(row["context"], (row["context"], row["title"], "persianqa"))
        if not row["is_impossible"]:
            sets["wikipedia"].append((row["question"], row["context"]))
    if natural and NATURAL.exists():
        for row in map(json.loads, NATURAL.open(encoding="utf-8")):
            docs.setdefault(row["passage"], (row["passage"], "", "web"))
            sets["natural"].append((row["question"], row["passage"]))
    for row in map(json.loads, NEWS.open(encoding="utf-8")):
        text = "\n".join([row["abstract"], *row["paragraphs"]])
        docs.setdefault(text, (text, row["title"], "farsnews"))
    return list(docs.values()), {k: v for k, v in sets.items() if v}


def build(folder: Path, embedder: str, docs: list[tuple[str, str, str]] | None = None
          ) -> tuple[Archive, dict[str, str], float, int]:
    """The archive (re-used when the folder already holds it) and passage text → doc id; by
    default the PersianQA and news corpus the other benches read."""
    docs = corpus(natural=False)[0] if docs is None else docs
    archive = Archive(folder, embedder=embedder, chroma_url="")
    t = time.perf_counter()
    ids, added = {}, 0
    for text, title, source in docs:
        r = archive.add_text(text, title=title, source=source)
        ids[text] = r.doc_id
        added += r.status == "added"
    return archive, ids, time.perf_counter() - t, added


def rank_of(doc_ids: list[str], gold: str) -> int | None:
    return doc_ids.index(gold) + 1 if gold in doc_ids else None


def metrics(ranks: list[int | None]) -> dict[str, float]:
    n = len(ranks)
    return {
        "R@1": sum(1 for r in ranks if r and r <= 1) / n,
        "R@5": sum(1 for r in ranks if r and r <= 5) / n,
        "R@10": sum(1 for r in ranks if r and r <= 10) / n,
        "MRR": sum(1 / r for r in ranks if r) / n,
        "nDCG@10": sum(1 / math.log2(r + 1) for r in ranks if r and r <= 10) / n,
    }


def doc_ranking(archive: Archive, fused, k: int = 10) -> list[str]:
    chunks = archive.chunks_by_id([cid for cid, *_ in fused[:200]])
    seen: list[str] = []
    for cid, *_ in fused:
        d = chunks[cid].doc_id if cid in chunks else None
        if d and d not in seen:
            seen.append(d)
            if len(seen) == k:
                break
    return seen


def plain_vectors(archive: Archive, folder: Path, docs: list[tuple[str, str, str]]) -> np.ndarray:
    """The model alone: every whole passage as it is (kept beside the archive; embedded once)."""
    cache = EmbeddingCache(folder / "plain-vectors.sqlite")
    matrix = cache.embed(archive.embedder, [text for text, _, _ in docs])
    cache.close()
    return matrix


def plain_ranks(archive: Archive, matrix: np.ndarray, docs: list[tuple[str, str, str]], ids: dict[str, str],
                questions: list[tuple[str, str]]) -> list[int | None]:
    """The model alone: whole passages as they are, questions as typed, exact cosine."""
    doc_ids = [ids[text] for text, _, _ in docs]
    ranks = []
    for question, passage in questions:
        scores = matrix @ archive.embedder.embed_query(question)
        top = [doc_ids[i] for i in np.argsort(-scores)[:10]]
        ranks.append(rank_of(top, ids[passage]))
    return ranks


def main() -> int:
    parser = arguments(__doc__)
    parser.add_argument("--embedders", default="e5-small,gemma")
    parser.add_argument("--folder", default=str(RESULTS / "retrieval-natural"))
    args = parser.parse_args()
    if not QA.exists() or not NEWS.exists():
        print(f"skipped: {QA} or {NEWS} not present")
        return 0
    docs, sets = corpus()
    result: dict[str, object] = {"bench": "retrieval", "questions": {k: len(v) for k, v in sets.items()}}
    table: dict[str, dict[str, float]] = {}
    for name in args.embedders.split(","):
        folder = Path(args.folder) / name
        archive, ids, build_s, added = build(folder, name, docs)
        stats = archive.stats()
        print(f"[{name}] {stats['documents']} documents, {stats['chunks']} passages "
              f"(built {added} in {build_s:.0f} s)")
        weight = DENSE_WEIGHTS.get(name, DENSE_WEIGHT)
        matrix = plain_vectors(archive, folder, docs)
        for set_name, questions in sets.items():
            gold = [ids[p] for _, p in questions]
            table[f"{set_name}: plain {name}"] = metrics(plain_ranks(archive, matrix, docs, ids, questions))
            for label, qs in (("", [q for q, _ in questions]), (" (varied)", [vary(q) for q, _ in questions])):
                cands = [archive.candidates(q, 50) for q in qs]

                def score(w: float, mode: str = "hybrid") -> dict[str, float]:
                    ranks = []
                    for (dense, lexical, cov), g in zip(cands, gold):
                        if mode == "dense":
                            lexical, cov = [], 0.0
                        elif mode == "lexical":
                            dense = []
                        ranks.append(rank_of(doc_ranking(archive, fuse(dense, lexical, cov, w)), g))
                    return metrics(ranks)

                table[f"{set_name}: {name} dense{label}"] = score(weight, "dense")
                table[f"{set_name}: bm25{label}"] = score(weight, "lexical")
                table[f"{set_name}: {name} hybrid{label}"] = score(weight)
                if not label:
                    for w in WEIGHTS:
                        table[f"{set_name}: {name} hybrid w={w}"] = score(w)
            times = []
            for q, _ in questions[:TIMED]:
                t = time.perf_counter()
                archive.search(q, 10)
                times.append(time.perf_counter() - t)
            result[f"{name}_{set_name}_search_ms"] = {"p50": round(statistics.median(times) * 1000, 1),
                                                      "p95": round(percentile(times, 95) * 1000, 1)}
        archive.close()
    print(f"\n{'method':<40}{'R@1':>7}{'R@5':>7}{'R@10':>7}{'MRR':>7}{'nDCG@10':>9}")
    for method, m in table.items():
        print(f"{method:<40}{m['R@1']:7.3f}{m['R@5']:7.3f}{m['R@10']:7.3f}{m['MRR']:7.3f}{m['nDCG@10']:9.3f}")
    for key, value in result.items():
        if key.endswith("_search_ms"):
            print(f"{key}: p50 {value['p50']} ms, p95 {value['p95']} ms")
    result["table"] = {k: {mk: round(mv, 4) for mk, mv in v.items()} for k, v in table.items()}
    report(result)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
