"""Speed and memory of the archive, measured side by side in one run; the last line is JSON.

1. Embedding: passages per second for each embedder on the same real passages (alternating
   rounds, medians).
2. Ingest: the dev PDFs (../shared/eval/pdf/pdfs) into a fresh archive, pages per minute end
   to end (extract, repair, chunk, embed, store, index), and the process's peak RSS.
3. Search latency, p50/p95, at 1k and 100k passages, the query's embedding excluded (reported
   on its own): hybrid search, and BM25 alone as the reference. The large archive is built
   from the FarsNews sentences: each synthetic passage is three sentences drawn at random
   (seeded), its vector the normalised sum of its sentences' real e5 vectors, so the vectors
   and the vocabulary have the real distributions without embedding 100k passages.
4. The command line, cold and warm: `bayegan ingest` of one news article (a .txt, each call a
   new one), `bayegan search` and `bayegan ask` as a user types them
   (a new process each, default settings: EmbeddingGemma and the reader), first each loading
   its own models, then handing itself to a running `bayegan serve`; p50/p95 of the whole
   call, on the sample archive (samples/*.pdf).
5. Threads on a busy machine: one EmbeddingGemma query with torch on every core against one
   thread, alternating, while two other processes keep both cores busy (a newsroom's other
   ingest), and the threads `kb.config.free_threads` picks once the load has shown.

    .venv/bin/python bench/search_speed.py [--sizes 1000,100000] [--skip-ingest] [--cli-runs 5]
"""

from __future__ import annotations

import json
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from _common import NEWS, PDFS, QA, ROOT, arguments, percentile, report  # noqa: E402  (puts the repository on the path)
from kb import Archive, DocumentInfo, StoredChunk  # noqa: E402
from kb.embedders import load_embedder  # noqa: E402
from kb.folding import index_tokens  # noqa: E402
from kb.config import settings  # noqa: E402



def embedding_speed(passages: list[str], rounds: int = 3) -> dict[str, float]:
    models = {name: load_embedder(settings(embedder=name)) for name in ("e5-small", "gemma")}
    times: dict[str, list[float]] = {n: [] for n in models}
    for _ in range(rounds):
        for name, m in models.items():
            t = time.perf_counter()
            m.embed_documents(passages)
            times[name].append(time.perf_counter() - t)
    return {name: round(len(passages) / statistics.median(ts), 2) for name, ts in times.items()}


# peak RSS from /proc (VmHWM): getrusage's ru_maxrss survives exec and would report the parent
INGEST_CHILD = """
import sys, time
sys.path.insert(0, sys.argv[3])
from kb import Archive
a = Archive(sys.argv[1], embedder="e5-small", chroma_url="")
t = time.perf_counter()
rs = a.add_paths([sys.argv[2]])
dt = time.perf_counter() - t
pages = sum(r.pages for r in rs if r.status == "added")
hwm = next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmHWM"))
print(pages, dt, hwm)
"""


def ingest_speed() -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        out = subprocess.run([sys.executable, "-c", INGEST_CHILD, str(Path(tmp) / "a"), str(PDFS), str(ROOT)],
                             capture_output=True, text=True, check=True).stdout.split()
    pages, seconds, rss_kb = int(out[0]), float(out[1]), int(out[2])
    return {"pages": pages, "seconds": round(seconds, 1), "pages_per_minute": round(pages / seconds * 60, 1),
            "peak_rss_mb": round(rss_kb / 1024)}


def sentences() -> list[str]:
    out = []
    for row in map(json.loads, NEWS.open(encoding="utf-8")):
        for p in row["paragraphs"]:
            out += [s.strip() for s in re.split(r"(?<=[.!؟?])\s+", p) if len(s.strip()) > 20]
    return out


def synthetic_archive(folder: Path, n_passages: int, sents: list[str], vectors: np.ndarray) -> Archive:
    """`n_passages` passages of three real sentences each, ten per document, stored directly."""
    a = Archive(folder, embedder="e5-small", chroma_url="")
    rng = random.Random(n_passages)
    per_doc = 10
    for d in range(n_passages // per_doc):
        doc_id = f"syn{d:06d}"
        chunks, vecs = [], []
        offset = 0
        for j in range(per_doc):
            pick = [rng.randrange(len(sents)) for _ in range(3)]
            text = " ".join(sents[i] for i in pick)
            v = vectors[pick].sum(axis=0)
            vecs.append(v / np.linalg.norm(v))
            chunks.append(StoredChunk(f"{doc_id}:{j}", doc_id, j, text, 1, "body", offset, offset + len(text),
                                      source="synthetic"))
            offset += len(text) + 1
        info = DocumentInfo(doc_id, f"synthetic {d}", "synthetic", "", "", "text", 1, 0, len(chunks), 0.0)
        a._catalogue.add_document(info, "\n".join(c.text for c in chunks), [], chunks,
                                  [index_tokens(c.text) for c in chunks])
        a.store.add_chunks(chunks, np.stack(vecs).astype(np.float32))
    a._rebuild_lexical()
    a._catalogue.mark_ready(a._catalogue.unfinished())
    a._catalogue.mark_embedded("e5-small")
    return a


SEARCH_CHILD = """
import json, sys, time
import numpy as np
sys.path.insert(0, sys.argv[3])
from kb import Archive
sys.path.insert(0, sys.argv[3] + "/bench")
from search_speed import percentile
queries = json.loads(open(sys.argv[2] + ".json").read())
qvecs = np.load(sys.argv[2] + ".npy")
a = Archive(sys.argv[1], embedder="e5-small", chroma_url="")
a.search(queries[0], vector=qvecs[0]); a.search(queries[0], mode="lexical")  # load the indexes
hybrid, lexical = [], []
for q, v in zip(queries, qvecs):  # alternate the two so that noise hits both alike
    t = time.perf_counter(); a.search(q, k=10, vector=v); hybrid.append((time.perf_counter() - t) * 1000)
    t = time.perf_counter(); a.search(q, k=10, mode="lexical"); lexical.append((time.perf_counter() - t) * 1000)
print(json.dumps({"hybrid_p50_ms": round(percentile(hybrid, 50), 1), "hybrid_p95_ms": round(percentile(hybrid, 95), 1),
                  "bm25_p50_ms": round(percentile(lexical, 50), 1), "bm25_p95_ms": round(percentile(lexical, 95), 1),
                  "search_process_peak_rss_mb": next(int(l.split()[1]) for l in open("/proc/self/status")
                                                     if l.startswith("VmHWM")) // 1024}))
"""


def latency(folder: Path, queries: list[str], qvecs: np.ndarray) -> dict[str, float]:
    """Search timings in a fresh process that only opens the archive and searches (its RSS is
    the search process's memory)."""
    base = folder.parent / "queries"
    base.with_suffix(".json").write_text(json.dumps(queries))
    np.save(base.with_suffix(".npy"), qvecs)
    out = subprocess.run([sys.executable, "-c", SEARCH_CHILD, str(folder), str(base), str(ROOT)],
                         capture_output=True, text=True, check=True).stdout
    return json.loads(out.strip().splitlines()[-1])


CLI_QUERIES = ["آزادی و امنیت شخصی", "کرنل لینوکس چه کاری می‌کند", "ویکی‌پدیای فارسی چند مقاله دارد",
               "حق آموزش و پرورش", "مدیریت حافظه"]
CLI_QUESTIONS = ["ویکی‌پدیای فارسی چند مقاله داشت؟", "هر کس حق چه چیزی دارد؟", "کرنل چه چیزی را مدیریت می‌کند؟"]


def cli_latency(runs: int) -> dict[str, object]:
    """Whole `bayegan` calls, each a new process: alone (BAYEGAN_USE_SERVER=0) and through a
    running `bayegan serve`, alternating, on one archive of the samples."""
    bayegan = str(Path(sys.executable).parent / "bayegan")
    env = {k: v for k, v in os.environ.items() if not k.startswith("BAYEGAN_")}
    with tempfile.TemporaryDirectory() as tmp:
        archive = Path(tmp) / "samples"
        subprocess.run([bayegan, "ingest", "--archive", str(archive), *map(str, sorted((ROOT / "samples").glob("*.pdf")))],
                       env=env, check=True, capture_output=True)
        t = time.perf_counter()
        server = subprocess.Popen([bayegan, "serve", "--archive", str(archive)], env=env,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        while not (archive / "serve.json").exists():
            if server.poll() is not None:
                raise RuntimeError("bayegan serve did not start")
            time.sleep(0.1)
        started = time.perf_counter() - t
        times: dict[str, list[float]] = {}
        articles = [json.loads(line) for line in NEWS.open(encoding="utf-8")][: 2 * runs] if NEWS.exists() else []
        try:
            for i, row in enumerate(articles):  # single-file ingests, each a new article
                how, use = (("alone", "0"), ("served", "1"))[i % 2]
                story = Path(tmp) / f"story{i}.txt"
                story.write_text("\n".join([row["title"], *row["paragraphs"]]), encoding="utf-8")
                t = time.perf_counter()
                subprocess.run([bayegan, "ingest", str(story), "--archive", str(archive)],
                               env={**env, "BAYEGAN_USE_SERVER": use}, check=True, capture_output=True)
                times.setdefault(f"ingest_{how}", []).append(time.perf_counter() - t)
            for i in range(runs):
                for command, words in (("search", CLI_QUERIES), ("ask", CLI_QUESTIONS)):
                    for how, use in (("alone", "0"), ("served", "1")):
                        t = time.perf_counter()
                        subprocess.run([bayegan, command, words[i % len(words)], "--archive", str(archive)],
                                       env={**env, "BAYEGAN_USE_SERVER": use}, check=True, capture_output=True)
                        times.setdefault(f"{command}_{how}", []).append(time.perf_counter() - t)
        finally:
            server.terminate()
            server.wait(timeout=60)
    out: dict[str, object] = {"server_start_s": round(started, 1), "runs": runs}
    for name, ts in times.items():
        out[name] = {"p50_s": round(percentile(ts, 50), 2), "p95_s": round(percentile(ts, 95), 2)}
    return out


BUSY = "import time\nend = time.time() + float(__import__('sys').argv[1])\nwhile time.time() < end: pass"


def threads_under_load(queries: list[str], warm_s: float = 75) -> dict[str, object]:
    """EmbeddingGemma query latency with all cores' threads and with one, both cores busy."""
    import torch

    from kb.config import free_threads

    gemma = load_embedder(settings(embedder="gemma"))
    cores = os.cpu_count() or 1
    idle_pick = free_threads()
    busy = [subprocess.Popen([sys.executable, "-c", BUSY, str(warm_s + 600)]) for _ in range(cores)]
    try:
        time.sleep(warm_s)  # the one-minute load average needs a minute to see them
        picked = free_threads()
        times: dict[int, list[float]] = {cores: [], 1: []}
        for q in queries:
            for n in times:
                torch.set_num_threads(n)
                t = time.perf_counter()
                gemma.embed_query(q)
                times[n].append(time.perf_counter() - t)
    finally:
        for b in busy:
            b.kill()
    out: dict[str, object] = {"cores": cores, "picked_idle": idle_pick, "picked_busy": picked}
    for n, ts in times.items():
        out[f"threads_{n}"] = {"p50_ms": round(percentile(ts, 50) * 1000), "p95_ms": round(percentile(ts, 95) * 1000)}
    return out


def main() -> int:
    parser = arguments(__doc__)
    parser.add_argument("--sizes", default="1000,100000")
    parser.add_argument("--skip-ingest", action="store_true")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--cli-runs", type=int, default=5, help="calls of each kind for the command line's timings (0: skip)")
    parser.add_argument("--only-cli", action="store_true", help="only the command line's timings")
    parser.add_argument("--only-threads", action="store_true", help="only the threads-under-load timings")
    args = parser.parse_args()
    if args.only_threads:
        questions = [r["question"] for r in map(json.loads, QA.open(encoding="utf-8"))][:20]
        loaded = threads_under_load(questions)
        print("one EmbeddingGemma query, both cores busy with other work:", loaded)
        report({"bench": "search_speed", "threads": loaded})
        return 0
    if args.cli_runs:
        cli = cli_latency(args.cli_runs)
        print("the command line, whole calls (alone: loads its models; served: through bayegan serve):", cli)
        if args.only_cli:
            report({"bench": "search_speed", "cli": cli})
            return 0
    if not NEWS.exists():
        print(f"skipped: {NEWS} not present")
        return 0
    result: dict[str, object] = {"bench": "search_speed"}
    if args.cli_runs:
        result["cli"] = cli
    sents = sentences()
    passages = [" ".join(sents[i:i + 3]) for i in range(0, 96, 3)]
    result["embed_passages_per_s"] = embedding_speed(passages)
    print("embedding, passages/s (same 32 passages, alternating rounds):", result["embed_passages_per_s"])
    if not args.skip_ingest and PDFS.exists():
        result["ingest"] = ingest_speed()
        print("ingest of the dev PDFs (e5-small):", result["ingest"])
    e5 = load_embedder(settings(embedder="e5-small"))
    t = time.perf_counter()
    vectors = np.concatenate([e5.embed_documents(sents[i:i + 64]) for i in range(0, len(sents), 64)])
    print(f"{len(sents)} sentences embedded in {time.perf_counter() - t:.0f} s")
    questions = [r["question"] for r in map(json.loads, QA.open(encoding="utf-8"))][: args.queries]
    embed_ms = []
    qvecs = []
    for q in questions:
        t = time.perf_counter()
        qvecs.append(e5.embed_query(q))
        embed_ms.append((time.perf_counter() - t) * 1000)
    result["query_embedding_ms_p50"] = round(percentile(embed_ms, 50), 1)
    print(f"query embedding (e5-small): p50 {result['query_embedding_ms_p50']} ms")
    result["threads"] = threads_under_load(questions[:20])
    print("one EmbeddingGemma query, both cores busy with other work:", result["threads"])
    with tempfile.TemporaryDirectory() as tmp:
        for size in map(int, args.sizes.split(",")):
            t = time.perf_counter()
            a = synthetic_archive(Path(tmp) / f"s{size}", size, sents, vectors)
            built = time.perf_counter() - t
            t = time.perf_counter()
            a._rebuild_lexical()
            bm25_rebuild = time.perf_counter() - t
            a.close()
            lat = latency(Path(tmp) / f"s{size}", questions, np.stack(qvecs))
            result[f"search_{size}"] = {**lat, "build_s": round(built), "bm25_rebuild_s": round(bm25_rebuild, 2)}
            print(f"{size} passages (built in {built:.0f} s, BM25 rebuild {bm25_rebuild:.2f} s): {lat}")
    report(result)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
