"""Extractive answers on PersianQA: how often the quoted sentence holds the answer, span EM/F1,
citation accuracy, and the abstention trade-off on the unanswerable questions; last line JSON.

The archive is bench/retrieval.py's (PersianQA contexts + FarsNews distractors); it is built
first if missing. Answers are scored after folding (letters, digits, ZWNJ), SQuAD-style: EM and
token F1 against the best of the annotators' answers.

    .venv/bin/python bench/answers.py [--embedder e5-small] [--limit N]
"""

from __future__ import annotations

import json
import statistics
import time
from pathlib import Path

from _common import arguments, report  # noqa: E402  (puts the repository on the path)
from kb.folding import fold  # noqa: E402
from retrieval import QA, build  # noqa: E402

THRESHOLDS = (0.0, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95, 1.0)


def norm_tokens(text: str) -> list[str]:
    return [t for t in fold(text).replace("\u200c", " ").split() if t not in "،.؟?!«»()"]


def f1(pred: str, gold: str) -> float:
    p, g = norm_tokens(pred), norm_tokens(gold)
    common = sum(min(p.count(t), g.count(t)) for t in set(p))
    if not p or not g or not common:
        return float(p == g)
    prec, rec = common / len(p), common / len(g)
    return 2 * prec * rec / (prec + rec)


def main() -> int:
    parser = arguments(__doc__, archive=True)
    parser.add_argument("--limit", type=int, default=0)
    args = parser.parse_args()
    if not QA.exists():
        print(f"skipped: {QA} not present")
        return 0
    archive, ids, _, _ = build(Path(args.folder) / args.embedder, args.embedder)
    rows = list(map(json.loads, QA.open(encoding="utf-8")))
    if args.limit:
        rows = rows[: args.limit]
    scored = []
    t0 = time.perf_counter()
    for r in rows:
        t = time.perf_counter()
        a = archive.answer(r["question"], threshold=-1.0, generate=False)  # never abstain: sweep afterwards
        q = a.quotes[0] if a.quotes else None
        gold = r["answers"]
        scored.append({
            "answerable": not r["is_impossible"], "confidence": a.confidence, "seconds": time.perf_counter() - t,
            "cited": bool(q and q.doc_id == ids[r["context"]]),
            "sentence": bool(q and gold and any(fold(g) in fold(q.text) for g in gold)),
            "em": max((float(norm_tokens(a.text) == norm_tokens(g)) for g in gold), default=0.0),
            "f1": max((f1(a.text, g) for g in gold), default=0.0),
        })
    ans = [s for s in scored if s["answerable"]]
    imp = [s for s in scored if not s["answerable"]]
    result: dict[str, object] = {"bench": "answers", "embedder": args.embedder, "answerable": len(ans),
                                 "unanswerable": len(imp)}
    for key in ("cited", "sentence", "em", "f1"):
        result[key] = round(sum(s[key] for s in ans) / len(ans), 4)
    seconds = sorted(s["seconds"] for s in scored[1:] or scored)  # the first loads the models
    result["seconds_p50"] = round(statistics.median(seconds), 3)
    result["seconds_p95"] = round(seconds[int(0.95 * (len(seconds) - 1))], 3)
    print(f"{len(ans)} answerable, {len(imp)} unanswerable questions ({time.perf_counter() - t0:.0f} s; "
          f"an answer takes p50 {result['seconds_p50']} s, p95 {result['seconds_p95']} s)")
    print(f"answerable, without abstaining: right document cited {result['cited']:.3f}, quoted sentence holds "
          f"the answer {result['sentence']:.3f}, span EM {result['em']:.3f}, F1 {result['f1']:.3f}")
    print(f"\n{'abstain below':>14}{'answerable answered':>21}{'unanswerable abstained':>24}{'F1 over answered':>18}")
    sweep = {}
    for th in THRESHOLDS:
        answered = [s for s in ans if s["confidence"] >= th]
        abstained = sum(1 for s in imp if s["confidence"] < th) / len(imp) if imp else 0.0
        f1_ans = sum(s["f1"] for s in answered) / len(answered) if answered else 0.0
        sweep[th] = {"answered": round(len(answered) / len(ans), 4), "abstained": round(abstained, 4),
                     "f1_answered": round(f1_ans, 4)}
        print(f"{th:>14.2f}{sweep[th]['answered']:>21.3f}{sweep[th]['abstained']:>24.3f}{f1_ans:>18.3f}")
    result["sweep"] = sweep
    report(result)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
