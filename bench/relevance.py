"""What a hit's relevance cue and the cut of the weak tail are worth: on dev questions, how the
relevant document's hit and the other hits fall into kb.search's bands (strong, related, weak)
and how many of each `kb.without_tail` cuts. The last line is JSON.

The archive is bench/retrieval.py's (PersianQA contexts, ParsiNLU passages, FarsNews), built
there; the questions are 250 of each set, drawn with a fixed seed; 10 hits each, one per
document, as people are shown them.

    .venv/bin/python bench/relevance.py [--embedder gemma] [--per-set 250]
"""

from __future__ import annotations

import random
from pathlib import Path

from _common import QA, RESULTS, arguments, report  # noqa: E402  (puts the repository on the path)
from kb import without_tail  # noqa: E402
from kb.search import RELATED, STRONG  # noqa: E402
from retrieval import build, corpus  # noqa: E402


def main() -> int:
    parser = arguments(__doc__)
    parser.add_argument("--embedder", default="gemma")
    parser.add_argument("--folder", default=str(RESULTS / "retrieval-natural"))
    parser.add_argument("--per-set", type=int, default=250)
    args = parser.parse_args()
    if not QA.exists():
        print(f"skipped: {QA} not present")
        return 0
    docs, sets = corpus()
    archive, ids, _, _ = build(Path(args.folder) / args.embedder, args.embedder, docs)
    rng = random.Random(1)
    result: dict[str, object] = {"bench": "relevance", "embedder": args.embedder, "strong": STRONG, "related": RELATED}
    print(f"{'set':<10} {'hits':>6} {'strong':>14} {'related':>14} {'weak':>14} {'tail cut':>14}   (relevant / others)")
    for name, questions in sets.items():
        counts = {k: [0, 0] for k in ("hits", "strong", "related", "weak", "cut")}
        for question, passage in rng.sample(questions, min(args.per_set, len(questions))):
            hits = archive.search(question, k=10)
            kept = {h.chunk_id for h in without_tail(hits)}
            for h in hits:
                side = 0 if h.doc_id == ids[passage] else 1
                counts["hits"][side] += 1
                counts[h.relevance or "weak"][side] += 1
                counts["cut"][side] += h.chunk_id not in kept
        row = {k: f"{a} / {b}" for k, (a, b) in counts.items()}
        print(f"{name:<10} {row['hits']:>6} {row['strong']:>14} {row['related']:>14} {row['weak']:>14} {row['cut']:>14}")
        result[name] = {k: {"relevant": a, "others": b} for k, (a, b) in counts.items()}
    report(result)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
