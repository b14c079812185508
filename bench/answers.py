"""Extractive answers, the trained reader beside the span rules: how often the quoted sentence
holds the answer, span EM/F1, the right document cited, abstention on unanswerable questions,
seconds per answer; last line JSON.

Two question sets, neither ever trained on:
- `persianqa`: ../shared/eval/qa/persianqa.jsonl (Wikipedia paragraphs; a third unanswerable,
  asked of the same paragraph);
- `news`: bench/data/news_questions.jsonl, 100 questions written by hand on the FarsNews
  articles before any reader ran on them (85 answerable: figures, names, places, dates, causes;
  15 about things the articles do not say).
The archive is bench/retrieval.py's (PersianQA contexts + FarsNews articles); it is built first
if missing. Answers are scored after folding (letters, digits, ZWNJ), SQuAD-style: EM and token
F1 against the best of the annotators' answers. Each question is answered once per method with
abstention off; a method's abstentions are then its confidence below its default threshold (the
rules: 0.90 on the sentence score; the reader: the threshold set on its dev articles).

    .venv/bin/python bench/answers.py [--embedder e5-small] [--limit N] [--set persianqa|news]
                                      [--method model|rules] [--length-penalty P]
"""

from __future__ import annotations

import json
import statistics
import time
from pathlib import Path

from _common import ROOT, arguments, report  # noqa: E402  (puts the repository on the path)
import kb.answer as answering  # noqa: E402
from kb.answer import ABSTAIN_BELOW, _probability  # noqa: E402
from kb.folding import fold  # noqa: E402
from retrieval import NEWS, QA, build  # noqa: E402
from squad import f1, norm_tokens  # noqa: E402

NEWS_QUESTIONS = ROOT / "bench" / "data" / "news_questions.jsonl"
THRESHOLDS = (0.0, 0.3, 0.5, 0.7, 0.8, 0.85, 0.9, 0.95)


def question_sets(ids: dict[str, str], limit: int) -> dict[str, list[dict]]:
    """Each set as rows of question, gold answers, answerable, gold document id."""
    sets: dict[str, list[dict]] = {}
    if QA.exists():
        rows = [json.loads(line) for line in QA.open(encoding="utf-8")]
        sets["persianqa"] = [{"question": r["question"], "answers": r["answers"], "answerable": not r["is_impossible"],
                              "doc": ids.get(r["context"])} for r in rows[:limit or None]]
    if NEWS.exists():
        by_idx = {}
        for r in map(json.loads, NEWS.open(encoding="utf-8")):
            by_idx[r["idx"]] = ids.get("\n".join([r["abstract"], *r["paragraphs"]]))
        rows = [json.loads(line) for line in NEWS_QUESTIONS.open(encoding="utf-8")]
        sets["news"] = [{"question": r["question"], "answers": r["answers"], "answerable": not r["is_impossible"],
                         "doc": by_idx.get(r["idx"])} for r in rows[:limit or None]]
    return sets


def measure(archive, rows: list[dict], method: str) -> dict:
    floor = ABSTAIN_BELOW if method == "rules" else _probability(archive.reading_model.threshold)
    scored = []
    for r in rows:
        t = time.perf_counter()
        a = archive.answer(r["question"], threshold=-1.0, generate=False, method=method)  # abstain later
        q = a.quotes[0] if a.quotes else None
        gold = r["answers"]
        scored.append({
            "answerable": r["answerable"], "confidence": a.confidence, "seconds": time.perf_counter() - t,
            "abstains": a.confidence < floor,
            "cited": bool(q and q.doc_id == r["doc"]),
            "sentence": bool(q and gold and any(fold(g) in fold(q.text) for g in gold)),
            "em": max((float(norm_tokens(a.text) == norm_tokens(g)) for g in gold), default=0.0),
            "f1": max((f1(a.text, g) for g in gold), default=0.0),
        })
    ans = [s for s in scored if s["answerable"]]
    imp = [s for s in scored if not s["answerable"]]
    out: dict = {"answerable": len(ans), "unanswerable": len(imp), "threshold": round(floor, 4)}
    for key in ("cited", "sentence", "em", "f1"):
        out[key] = round(sum(s[key] for s in ans) / len(ans), 4)
    abstained = [s for s in scored if s["abstains"]]
    right = sum(1 for s in abstained if not s["answerable"])
    p = right / len(abstained) if abstained else 0.0
    rec = right / len(imp) if imp else 0.0
    out["abstain_p"], out["abstain_r"] = round(p, 4), round(rec, 4)
    out["abstain_f1"] = round(2 * p * rec / (p + rec), 4) if p + rec else 0.0
    out["answered_f1"] = round(sum(s["f1"] for s in ans if not s["abstains"]) / len(ans), 4)
    seconds = sorted(s["seconds"] for s in scored[1:] or scored)  # the first loads the models
    out["seconds_p50"] = round(statistics.median(seconds), 3)
    out["seconds_p95"] = round(seconds[int(0.95 * (len(seconds) - 1))], 3)
    out["sweep"] = {th: {"answered": round(sum(s["confidence"] >= th for s in ans) / len(ans), 4),
                         "abstained": round(sum(s["confidence"] < th for s in imp) / len(imp), 4) if imp else 0.0}
                    for th in THRESHOLDS}
    return out


def main() -> int:
    parser = arguments(__doc__, archive=True)
    parser.add_argument("--limit", type=int, default=0)
    parser.add_argument("--set", choices=("persianqa", "news"), default=None)
    parser.add_argument("--method", choices=("model", "rules"), default=None)
    parser.add_argument("--no-snap", action="store_true", help="the reader's span as it is, not snapped to a figure")
    parser.add_argument("--sentences", type=int, default=None, help="the ranker's best sentences whose passages the reader reads")
    parser.add_argument("--length-penalty", type=float, default=None,
                        help="the reader's cost per answer token (kb.reading_model.LENGTH_PENALTY by default)")
    args = parser.parse_args()
    answering.SNAP_TO_FIGURES = not args.no_snap
    answering.READ_SENTENCES = args.sentences or answering.READ_SENTENCES
    if not QA.exists():
        print(f"skipped: {QA} not present")
        return 0
    archive, ids, _, _ = build(Path(args.folder) / args.embedder, args.embedder)
    sets = question_sets(ids, args.limit)
    methods = [args.method] if args.method else ["rules", "model"]
    if archive.reading_model is not None and args.length_penalty is not None:
        archive.reading_model.length_penalty = args.length_penalty
    if archive.reading_model is None:
        methods = [m for m in methods if m != "model"]
        print("the reader is not installed (EmbeddingGemma missing): rules only")
    result: dict = {"bench": "answers", "embedder": args.embedder, "snap_to_figures": answering.SNAP_TO_FIGURES,
                    "length_penalty": getattr(archive.reading_model, "length_penalty", None),
                    "sentences_read": answering.READ_SENTENCES}
    for name, rows in sets.items():
        if args.set and name != args.set:
            continue
        print(f"\n{name}: {sum(r['answerable'] for r in rows)} answerable, "
              f"{sum(not r['answerable'] for r in rows)} unanswerable")
        print(f"{'':8}{'cited':>7}{'in sent.':>9}{'EM':>7}{'F1':>7}{'abst. P':>9}{'R':>7}{'F1':>7}"
              f"{'F1 answered':>12}{'p50 s':>7}{'p95 s':>7}")
        for method in methods:
            m = measure(archive, rows, method)
            result[f"{name}:{method}"] = m
            print(f"{method:8}{m['cited']:>7.3f}{m['sentence']:>9.3f}{m['em']:>7.3f}{m['f1']:>7.3f}"
                  f"{m['abstain_p']:>9.3f}{m['abstain_r']:>7.3f}{m['abstain_f1']:>7.3f}{m['answered_f1']:>12.3f}"
                  f"{m['seconds_p50']:>7.2f}{m['seconds_p95']:>7.2f}")
        for method in methods:
            sweep = result[f"{name}:{method}"]["sweep"]
            print(f"  {method} sweep (threshold: answerable answered / unanswerable abstained): " + ", ".join(
                f"{th:.2f}: {v['answered']:.2f}/{v['abstained']:.2f}" for th, v in sweep.items()))
    report(result)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
