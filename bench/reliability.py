"""Reliability under load, faults and bad input, on a real archive (e5-small, embedded Chroma).

1. Load: N threads search one archive while another process ingests into it; throughput, p50
   and p95 latency, errors (must be zero), and whether any hit pointed at a half-written
   document.
2. Faults: an ingest process is killed with SIGKILL at K points spread over its run; after
   each kill every visible document is checked whole; then a rerun finishes. Documents lost
   (added before a kill, missing after) must be zero.
3. Bad inputs: the hostile corpus of tests/kb/test_hostile_files.py, ingested in one batch;
   how each file ended.

    .venv/bin/python bench/reliability.py [--threads 4] [--kills 12]
"""

from __future__ import annotations

import json
import random
import statistics
import tempfile
import threading
import time
from pathlib import Path

from _common import NEWS, ROOT, arguments  # noqa: E402  (puts the repository on the path)
from kb import Archive  # noqa: E402
from tests.helpers import run_ingest  # noqa: E402  (the ingest subprocess the crash tests kill)

QUERIES = ["بودجه سال آینده", "نرخ تورم", "صادرات نفت", "تیم ملی فوتبال", "انتخابات مجلس", "قیمت مسکن",
           "اعلامیه جهانی حقوق بشر", "کرنل لینوکس", "آمار و احتمال", "بانک مرکزی", "سرمایه‌گذاری خارجی"]


def make_incoming(folder: Path, n: int) -> int:
    """`n` articles to ingest: FarsNews texts when ../shared is there, else the sample PDFs."""
    folder.mkdir(parents=True, exist_ok=True)
    if NEWS.exists():
        for i, line in enumerate(NEWS.open(encoding="utf-8")):
            if i >= n:
                break
            row = json.loads(line)
            (folder / f"{i:03d}.txt").write_text(row["title"] + "\n" + "\n".join(row["paragraphs"]), encoding="utf-8")
        return min(n, i + 1)
    for p in (ROOT / "samples").glob("*.pdf"):
        (folder / p.name).write_bytes(p.read_bytes())
    return len(list(folder.iterdir()))


def load(workdir: Path, threads: int) -> dict:
    archive_dir = workdir / "load"
    with Archive(archive_dir, embedder="e5-small", chroma_url="") as a:
        a.add_paths(sorted((ROOT / "samples").glob("*.pdf")))
    incoming = workdir / "incoming-load"
    make_incoming(incoming, 60)
    latencies: list[float] = []
    errors: list[str] = []
    partial = 0
    stop = threading.Event()

    def searcher(seed: int) -> None:
        nonlocal partial
        rnd = random.Random(seed)
        with Archive(archive_dir, embedder="e5-small", chroma_url="") as reader:
            while not stop.is_set():
                q = rnd.choice(QUERIES)
                t = time.perf_counter()
                try:
                    hits = reader.search(q, k=5)
                    latencies.append(time.perf_counter() - t)
                    for h in hits:
                        if h.text not in reader.text(h.doc_id):
                            partial += 1
                except Exception as e:  # counted, never hidden
                    errors.append(f"{e.__class__.__name__}: {e}")

    workers = [threading.Thread(target=searcher, args=(i,)) for i in range(threads)]
    started = time.perf_counter()
    for w in workers:
        w.start()
    out = run_ingest(incoming, archive_dir, batch=4)
    took = time.perf_counter() - started
    stop.set()
    for w in workers:
        w.join()
    lat = sorted(latencies)
    return {"threads": threads, "seconds": round(took, 1), "searches": len(lat),
            "searches_per_s": round(len(lat) / took, 1),
            "p50_ms": round(1000 * statistics.median(lat), 1) if lat else None,
            "p95_ms": round(1000 * lat[int(0.95 * (len(lat) - 1))], 1) if lat else None,
            "errors": len(errors), "error_examples": errors[:3], "hits_into_partial_documents": partial,
            "ingested": sum(1 for line in out if line.startswith("added "))}


def faults(workdir: Path, kills: int) -> dict:
    from test_crash import assert_whole_documents  # the check the tests make, document by document

    archive_dir = workdir / "faults"
    incoming = workdir / "incoming-faults"
    n = make_incoming(incoming, 24)
    # a first full run tells how many pages there are to spread the kills over
    events = sum(1 for line in run_ingest(incoming, workdir / "probe", batch=4) if line.startswith("read "))
    rnd = random.Random(7)
    tried, interrupted, lost = 0, 0, 0
    seen: set[str] = set()
    for _ in range(kills):
        kill_after, delay = rnd.randint(1, events), rnd.choice([0.0, 0.01, 0.05, 0.2, 0.5])
        lines = run_ingest(incoming, archive_dir, kill_after, delay, batch=4)
        tried += 1
        interrupted += "done" not in lines
        now = assert_whole_documents(archive_dir)
        lost += len(seen - now)
        seen |= now
    assert run_ingest(incoming, archive_dir, batch=4)[-1] == "done"
    final = assert_whole_documents(archive_dir)
    return {"kill_points_tried": tried, "interrupted_mid_ingest": interrupted, "documents_lost": lost,
            "documents_after_rerun": len(final), "documents_expected": n}


def bad_inputs(workdir: Path) -> dict:
    from test_hostile_files import build_corpus  # the corpus the tests ingest

    folder, expected = build_corpus(workdir / "hostile")
    with Archive(workdir / "bad", embedder="e5-small", chroma_url="") as a:
        results = a.add_paths([folder])
    ended = {Path(r.path).name: (r.status, r.message.split(": ", 1)[-1][:110]) for r in results}
    return {"files": len(ended), "added": sum(s == "added" for s, _ in ended.values()),
            "rejected": sum(s == "rejected" for s, _ in ended.values()), "how_each_ended": ended}


def main() -> int:
    ap = arguments(__doc__)
    ap.add_argument("--threads", type=int, default=4)
    ap.add_argument("--kills", type=int, default=12)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        result = {"bench": "reliability", "load": load(work, args.threads), "faults": faults(work, args.kills),
                  "bad_inputs": bad_inputs(work)}
    ld, ft, bd = result["load"], result["faults"], result["bad_inputs"]
    print(f"load: {ld['threads']} searching threads during a {ld['ingested']}-article ingest ({ld['seconds']} s): "
          f"{ld['searches']} searches, {ld['searches_per_s']}/s, p50 {ld['p50_ms']} ms, p95 {ld['p95_ms']} ms, "
          f"errors {ld['errors']}, hits into partial documents {ld['hits_into_partial_documents']}")
    print(f"faults: {ft['kill_points_tried']} SIGKILLs ({ft['interrupted_mid_ingest']} mid-ingest), documents lost "
          f"{ft['documents_lost']}; after a rerun {ft['documents_after_rerun']}/{ft['documents_expected']} documents")
    print(f"bad inputs: {bd['files']} files, {bd['added']} read, {bd['rejected']} rejected:")
    for name, (status, message) in sorted(bd["how_each_ended"].items()):
        print(f"  {name:18} {status:9} {message}")
    print(json.dumps(result, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
