"""The lexical index at scale: one article into a large archive, without a rebuild.

Archives of 10k and 100k passages are made of real news sentences (FarsNews dev, folded into
index tokens as the archive folds them) recombined three to six at a time. For each size, side
by side in one run:

- the old way: bm25s indexing every passage again, which every write used to cost;
- the segmented index (kb/lexical.py): the whole archive built once, then one article (five
  passages) added, and one removed, 20 times each — the time of each write's indexing;
- lexical search p50 / p95 over 200 queries (ParsiNLU natural questions, folded), with the
  20 extra articles in their own small segments, and the top 10 of every query compared with
  a fresh one-segment build of the same passages (identical: same ids, same scores);
- the index on disk and the peak RSS of the process.

Only the lexical index is measured here: the dense side (Chroma, embedded or as a server, at
1M passages) is not in this bench yet.

    .venv/bin/python bench/scale.py [--sizes 10000 100000]
"""

from __future__ import annotations

import json
import random
import re
import resource
import shutil
import tempfile
import time
from pathlib import Path

from _common import NATURAL, NEWS, arguments, percentile, report  # noqa: E402  (puts the repository on the path)
from kb.catalogue import Catalogue  # noqa: E402
from kb.folding import index_tokens  # noqa: E402
from kb.lexical import LexicalIndex  # noqa: E402

SENTENCE_SPLIT = re.compile(r"(?<=[.!؟?])\s+")


def sentences() -> list[list[str]]:
    out = []
    for line in NEWS.open(encoding="utf-8"):
        for paragraph in json.loads(line)["paragraphs"]:
            for s in SENTENCE_SPLIT.split(paragraph):
                tokens = index_tokens(s)
                if len(tokens) >= 4:
                    out.append(tokens)
    return out


def passages(pool: list[list[str]], n: int, rng: random.Random) -> list[list[str]]:
    return [[t for _ in range(rng.randint(3, 6)) for t in rng.choice(pool)] for _ in range(n)]


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def run_size(n: int, pool: list[list[str]], queries: list[list[str]]) -> dict:
    import bm25s

    rng = random.Random(n)
    corpus = passages(pool, n, rng)
    ids = [f"d{i // 5:07d}:{i % 5}" for i in range(n)]
    articles = [[f"new{j:03d}:{k}" for k in range(5)] for j in range(20)]
    article_tokens = [passages(pool, 5, rng) for _ in articles]

    t = time.perf_counter()
    old = bm25s.BM25()
    old.index(corpus, show_progress=False)
    old_rebuild = time.perf_counter() - t

    work = Path(tempfile.mkdtemp(prefix="bayegan-scale-"))
    try:
        catalogue = Catalogue(work / "archive.db")  # an empty archive's: the version the index keeps in step with
        index = LexicalIndex(work / "segmented")
        t = time.perf_counter()
        index.check(catalogue)
        index.add(catalogue, ids, corpus)
        build = time.perf_counter() - t

        adds, removes = [], []
        for a_ids, a_tokens in zip(articles, article_tokens):
            t = time.perf_counter()
            index.add(catalogue, a_ids, a_tokens)
            index.search(["تهران"], 1, catalogue.version())  # a reader loads the new state
            adds.append(time.perf_counter() - t)
        for j in range(20):
            t = time.perf_counter()
            index.remove_documents(catalogue, [f"d{j * 37:07d}"])
            index.search(["تهران"], 1, catalogue.version())
            removes.append(time.perf_counter() - t)
        segments = len(index._manifest()["segments"])

        latencies = []
        results = []
        for q in queries:
            t = time.perf_counter()
            hits, _ = index.search(q, 10, catalogue.version())
            latencies.append(time.perf_counter() - t)
            results.append(hits)

        gone = {f"d{j * 37:07d}" for j in range(20)}
        live = [(c, tk) for c, tk in zip(ids, corpus) if c.rsplit(":", 1)[0] not in gone]
        live += [(c, tk) for a_ids, a_tokens in zip(articles, article_tokens) for c, tk in zip(a_ids, a_tokens)]
        fresh = LexicalIndex(work / "fresh")
        fresh.rebuild([c for c, _ in live], [tk for _, tk in live], 1)
        identical = sum(fresh.search(q, 10, 1)[0] == r for q, r in zip(queries, results))

        old_latencies = []
        for q in queries:
            known = [w for w in q if w in old.vocab_dict]
            t = time.perf_counter()
            if known:
                old.retrieve([known], k=10, show_progress=False, n_threads=1)
            old_latencies.append(time.perf_counter() - t)
        disk = folder_size(work / "segmented")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return {
        "passages": n, "old_full_rebuild_s": round(old_rebuild, 3), "segmented_build_s": round(build, 3),
        "add_article_p50_s": round(percentile(adds, 50), 4), "add_article_max_s": round(max(adds), 4),
        "remove_article_p50_s": round(percentile(removes, 50), 4), "remove_article_max_s": round(max(removes), 4),
        "segments_after": segments,
        "search_p50_ms": round(1000 * percentile(latencies, 50), 2), "search_p95_ms": round(1000 * percentile(latencies, 95), 2),
        "bm25s_search_p50_ms": round(1000 * percentile(old_latencies, 50), 2),
        "bm25s_search_p95_ms": round(1000 * percentile(old_latencies, 95), 2),
        "identical_to_fresh_build": f"{identical}/{len(queries)}", "disk_mb": round(disk / 2**20, 1),
    }


def main() -> int:
    parser = arguments(__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    args = parser.parse_args()
    if not NEWS.exists() or not NATURAL.exists():
        print("the dev data (../shared/eval) is not here")
        return 1
    pool = sentences()
    queries = [q for q in (index_tokens(json.loads(line)["question"]) for line in NATURAL.open(encoding="utf-8")) if q][:200]
    rows = []
    for n in args.sizes:
        row = run_size(n, pool, queries)
        rows.append(row)
        print(f"{n:>8} passages: full rebuild (bm25s, every write before) {row['old_full_rebuild_s']:.2f} s · "
              f"segmented build {row['segmented_build_s']:.2f} s · one article added p50 {row['add_article_p50_s']:.4f} s "
              f"(max {row['add_article_max_s']:.4f}) · removed p50 {row['remove_article_p50_s']:.4f} s "
              f"(max {row['remove_article_max_s']:.4f}) · {row['segments_after']} segments")
        print(f"{'':>18}search p50/p95 {row['search_p50_ms']:.1f}/{row['search_p95_ms']:.1f} ms "
              f"(bm25s {row['bm25s_search_p50_ms']:.1f}/{row['bm25s_search_p95_ms']:.1f}) · "
              f"top 10 identical to a fresh build {row['identical_to_fresh_build']} · {row['disk_mb']} MB on disk")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS {peak:.0f} MB")
    report({"bench": "scale", "sizes": rows, "peak_rss_mb": round(peak)})
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
