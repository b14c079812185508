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

With `--hybrid N`, the retrieval core at N passages (1M in the issue): each passage three real
sentences, its vector the normalised sum of the sentences' real e5-small vectors (synthetic
vectors, real distributions: embedding 1M passages would take days here), stored in Chroma
through the archive's own VectorStore and in the segmented index; 200 ParsiNLU questions
(their real e5 query vectors) searched densely, lexically and fused as `Archive.search` fuses
them (50 candidates each), in a fresh process, against Chroma embedded and against a
`chroma run` server on the same folder. Not in these timings: the catalogue's rows for the hits
and their snippets (a few ms at 100k, bench/search_speed.py) and filters.

    .venv/bin/python bench/scale.py [--sizes 10000 100000] [--hybrid 1000000]
"""

from __future__ import annotations

import json
import random
import re
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from _common import NATURAL, NEWS, ROOT, arguments, percentile, report  # noqa: E402  (puts the repository on the path)
from kb.catalogue import Catalogue  # noqa: E402
from kb.folding import index_tokens  # noqa: E402
from kb.lexical import LexicalIndex  # noqa: E402

SENTENCE_SPLIT = re.compile(r"(?<=[.!؟?])\s+")


def sentences() -> tuple[list[str], list[list[str]]]:
    """The FarsNews sentences of four index tokens or more, and their tokens."""
    texts, tokens = [], []
    for line in NEWS.open(encoding="utf-8"):
        for paragraph in json.loads(line)["paragraphs"]:
            for s in SENTENCE_SPLIT.split(paragraph):
                words = index_tokens(s)
                if len(words) >= 4:
                    texts.append(s)
                    tokens.append(words)
    return texts, tokens


QUERY_CHILD = """
import json, sys, time
import numpy as np
sys.path[:0] = [sys.argv[1], sys.argv[1] + "/bench"]
from _common import percentile
from kb.lexical import LexicalIndex
from kb.search import DENSE_WEIGHTS, fuse
from kb.store import VectorStore
from pathlib import Path
work, url = Path(sys.argv[2]), sys.argv[3]
queries = json.loads((work / "queries.json").read_text())
qvecs = np.load(work / "queries.npy")
t = time.perf_counter()
store = VectorStore(work / "chroma", "scale", url)
index = LexicalIndex(work)
store.query(qvecs[0], 50); index.search(queries[0], 50, 0)
opened = time.perf_counter() - t
dense_ms, lexical_ms, hybrid_ms = [], [], []
for q, v in zip(queries, qvecs):
    t = time.perf_counter(); dense = store.query(v, 50); t1 = time.perf_counter()
    lexical, coverage = index.search(q, 50, 0); t2 = time.perf_counter()
    fuse(dense, lexical, coverage, DENSE_WEIGHTS["e5-small"])[:10]; t3 = time.perf_counter()
    dense_ms.append((t1 - t) * 1000); lexical_ms.append((t2 - t1) * 1000); hybrid_ms.append((t3 - t) * 1000)
rss = next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmHWM")) // 1024
print(json.dumps({"open_s": round(opened, 1), **{f"{k}_{p}_ms": round(percentile(v, n), 1) for k, v in
      (("dense", dense_ms), ("lexical", lexical_ms), ("hybrid", hybrid_ms)) for p, n in (("p50", 50), ("p95", 95))},
      "peak_rss_mb": rss}))
"""

BUILD_CHILD = """
import sys, time
import numpy as np
sys.path[:0] = [sys.argv[1]]
from kb.store import VectorStore
from pathlib import Path
work = Path(sys.argv[2])
combos, vectors = np.load(work / "combos.npy"), np.load(work / "sentence_vectors.npy")
store = VectorStore(work / "chroma", "scale")
t = time.perf_counter()
for i in range(0, len(combos), 10000):
    v = vectors[combos[i:i + 10000]].sum(axis=1)
    v /= np.linalg.norm(v, axis=1, keepdims=True)
    ids = [f"d{j // 10:07d}:{j % 10}" for j in range(i, i + len(v))]
    store.add(ids, v.astype(np.float32), [{"doc_id": c.split(":")[0], "page": 1, "kind": "body", "date_num": 0,
                                            "source": "scale"} for c in ids])
    if (i // 10000) % 10 == 9:
        print(f"  {i + len(v)} vectors in {time.perf_counter() - t:.0f} s", flush=True)
print(round(time.perf_counter() - t, 1))
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def hybrid_size(n: int) -> dict:
    """The retrieval core at `n` passages, Chroma embedded and as a server (see the docstring)."""
    from kb.embedders import load_embedder
    from kb.config import settings

    texts, tokens = sentences()
    e5 = load_embedder(settings(embedder="e5-small"))
    vectors = np.concatenate([e5.embed_documents(texts[i:i + 64]) for i in range(0, len(texts), 64)])
    questions = [json.loads(line)["question"] for line in NATURAL.open(encoding="utf-8")][:200]
    rng = np.random.default_rng(n)
    combos = rng.integers(0, len(texts), size=(n, 3))
    work = Path(tempfile.mkdtemp(prefix="bayegan-hybrid-"))
    try:
        np.save(work / "combos.npy", combos)
        np.save(work / "sentence_vectors.npy", vectors)
        (work / "queries.json").write_text(json.dumps([index_tokens(q) for q in questions]))
        np.save(work / "queries.npy", np.stack([e5.embed_query(q) for q in questions]))
        t = time.perf_counter()
        out = subprocess.run([sys.executable, "-c", BUILD_CHILD, str(ROOT), str(work)], capture_output=True,
                             text=True, check=True).stdout
        chroma_s = float(out.strip().splitlines()[-1])
        t = time.perf_counter()
        catalogue = Catalogue(work / "archive.db")
        index = LexicalIndex(work)
        index.check(catalogue)
        index.add(catalogue, [f"d{j // 10:07d}:{j % 10}" for j in range(n)],
                  [tokens[a] + tokens[b] + tokens[c] for a, b, c in combos.tolist()])
        lexical_s = time.perf_counter() - t
        del index
        row: dict = {"passages": n, "chroma_build_s": round(chroma_s), "lexical_build_s": round(lexical_s),
                     "disk_mb": round(sum(p.stat().st_size for p in work.rglob("*") if p.is_file()) / 2**20)}
        query = [sys.executable, "-c", QUERY_CHILD, str(ROOT), str(work)]
        row["embedded"] = json.loads(subprocess.run(query + [""], capture_output=True, text=True,
                                                    check=True).stdout.strip().splitlines()[-1])
        port = free_port()
        chroma = shutil.which("chroma", path=str(Path(sys.executable).parent)) or "chroma"
        server = subprocess.Popen([chroma, "run", "--path", str(work / "chroma"), "--host", "127.0.0.1",
                                   "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            for _ in range(240):
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=1).close()
                    break
                except OSError:
                    time.sleep(1)
            row["server"] = json.loads(subprocess.run(query + [f"http://127.0.0.1:{port}"], capture_output=True,
                                                      text=True, check=True).stdout.strip().splitlines()[-1])
        finally:
            server.terminate()
            server.wait(timeout=60)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return row


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
    parser.add_argument("--sizes", type=int, nargs="*", default=[10_000, 100_000])
    parser.add_argument("--hybrid", type=int, nargs="*", default=[], help="passages of the hybrid runs (1000000)")
    args = parser.parse_args()
    if not NEWS.exists() or not NATURAL.exists():
        print("the dev data (../shared/eval) is not here")
        return 1
    _, pool = sentences()
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
    hybrid = []
    for n in args.hybrid:
        row = hybrid_size(n)
        hybrid.append(row)
        print(f"{n:>8} passages, hybrid core: Chroma built in {row['chroma_build_s']} s, lexical in "
              f"{row['lexical_build_s']} s, {row['disk_mb']} MB on disk")
        for where in ("embedded", "server"):
            r = row[where]
            print(f"{'':>18}{where}: hybrid p50/p95 {r['hybrid_p50_ms']}/{r['hybrid_p95_ms']} ms (dense "
                  f"{r['dense_p50_ms']}/{r['dense_p95_ms']}, lexical {r['lexical_p50_ms']}/{r['lexical_p95_ms']}), "
                  f"opened in {r['open_s']} s, search process peak RSS {r['peak_rss_mb']} MB")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS {peak:.0f} MB")
    report({"bench": "scale", "sizes": rows, "hybrid": hybrid, "peak_rss_mb": round(peak)})
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
