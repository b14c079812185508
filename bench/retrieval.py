"""Retrieval quality of BM25, each embedder, and their fusion, in one run; the last line is JSON.

Corpus: the 93 PersianQA contexts (../shared/eval/qa/persianqa.jsonl) plus the 150 FarsNews
articles of ../shared/eval/news/farsnews-dev.jsonl as distractors, all added through
`Archive.add_text` (the real repair, chunking, embedding and indexing). Queries: the 651
answerable questions; the relevant document is the question's context. Scored per document
(hits grouped one per article): Recall@1/5/10, MRR, nDCG@10 (one relevant document, so nDCG is
1/log2(rank+1)).

Also: the same queries with their spelling deliberately varied (ی→ي، ک→ك, every ZWNJ dropped,
Persian digits → Latin) to show what folding is worth, and the fusion weight swept to tune
kb.search.DENSE_WEIGHT.

    .venv/bin/python bench/retrieval.py [--embedders e5-small,gemma] [--folder DIR]
"""

from __future__ import annotations

import json
import math
import statistics
import time
from pathlib import Path

from _common import NEWS, QA, RESULTS, arguments, report  # noqa: E402  (puts the repository on the path)
from kb import Archive, Query  # noqa: E402
from kb.search import fuse  # noqa: E402

WEIGHTS = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)  # the sweep that chose kb.search.DENSE_WEIGHTS


def vary(q: str) -> str:
    """The spellings a hurried journalist or an old archive uses."""
    return (q.replace("ی", "ي").replace("ک", "ك").replace("\u200c", "")
            .translate(str.maketrans("۰۱۲۳۴۵۶۷۸۹", "0123456789")))


def build(folder: Path, embedder: str) -> tuple[Archive, dict[str, str], float, int]:
    """The archive (re-used when the folder already holds it) and context → doc id."""
    archive = Archive(folder, embedder=embedder, chroma_url="")
    contexts: dict[str, str] = {}
    for row in map(json.loads, QA.open(encoding="utf-8")):
        contexts.setdefault(row["context"], row["title"])
    t = time.perf_counter()
    ids = {}
    added = 0
    for context, title in contexts.items():
        r = archive.add_text(context, title=title, source="persianqa")
        ids[context] = r.doc_id
        added += r.status == "added"
    for row in map(json.loads, NEWS.open(encoding="utf-8")):
        text = "\n".join([row["abstract"], *row["paragraphs"]])
        r = archive.add_text(text, title=row["title"], source="farsnews")
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


def main() -> int:
    parser = arguments(__doc__)
    parser.add_argument("--embedders", default="e5-small,gemma")
    parser.add_argument("--folder", default=str(RESULTS / "retrieval"))
    args = parser.parse_args()
    if not QA.exists() or not NEWS.exists():
        print(f"skipped: {QA} or {NEWS} not present")
        return 0
    questions = [r for r in map(json.loads, QA.open(encoding="utf-8")) if not r["is_impossible"]]
    result: dict[str, object] = {"bench": "retrieval", "questions": len(questions)}
    table: dict[str, dict[str, float]] = {}
    for name in args.embedders.split(","):
        archive, ids, build_s, added = build(Path(args.folder) / name, name)
        stats = archive.stats()
        print(f"[{name}] {stats['documents']} documents, {stats['chunks']} passages "
              f"(built {added} in {build_s:.0f} s)")
        runs = {"plain": [q["question"] for q in questions], "varied": [vary(q["question"]) for q in questions]}
        gold = [ids[q["context"]] for q in questions]
        embed_ms, cands = [], {}
        for label, qs in runs.items():
            cands[label] = []
            for q in qs:
                t = time.perf_counter()
                v = archive.embed_query(Query(q).repaired)
                embed_ms.append((time.perf_counter() - t) * 1000)
                cands[label].append(archive.candidates(q, 50, vector=v))
        for label in runs:
            def score(method: str, weight: float = 0.6, mode: str = "hybrid") -> dict[str, float]:
                ranks = []
                for (dense, lexical, cov), g in zip(cands[label], gold):
                    if mode == "dense":
                        lexical, cov = [], 0.0
                    elif mode == "lexical":
                        dense = []
                    ranks.append(rank_of(doc_ranking(archive, fuse(dense, lexical, cov, weight, method)), g))
                return metrics(ranks)

            if name == args.embedders.split(",")[0]:
                table[f"bm25 ({label})"] = score("scores", mode="lexical")
            table[f"{name} dense ({label})"] = score("scores", mode="dense")
            table[f"{name} rrf ({label})"] = score("rrf")
            sweep = {w: score("scores", w) for w in WEIGHTS}
            for w, m in sweep.items():
                table[f"{name} hybrid w={w} ({label})"] = m
        result[f"{name}_query_embed_ms_p50"] = round(statistics.median(embed_ms), 1)
        archive.close()
    print(f"\n{'method':<34}{'R@1':>7}{'R@5':>7}{'R@10':>7}{'MRR':>7}{'nDCG@10':>9}")
    for method, m in table.items():
        print(f"{method:<34}{m['R@1']:7.3f}{m['R@5']:7.3f}{m['R@10']:7.3f}{m['MRR']:7.3f}{m['nDCG@10']:9.3f}")
    result["table"] = {k: {mk: round(mv, 4) for mk, mv in v.items()} for k, v in table.items()}
    report(result)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
