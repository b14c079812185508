"""find_figures precision and recall on hand-annotated news sentences; the last line is JSON.

Two hand-annotated sets of sentences from ../shared/eval/news/farsnews-dev.jsonl, each with
every figure a fact-checker would check (rules in bench/data/FIGURES.md):
- `figures_gold.jsonl` ("dev"): 133 sentences, the first of each article's body that holds a
  digit or a number word. find_figures' rules were improved while looking at its errors here.
- `figures_heldout.jsonl` ("heldout"): 67 later sentences, annotated after that work and never
  tuned on: the honest estimate for text the tool has not seen.
Only references and figures are stored here; the sentences are read from ../shared.

The sentence goes through the same path as archive text: `repair_text`, then `find_figures`.
A found figure matches a gold one when the values are equal (and the upper bounds, for
ranges); "value+unit" also asks for the same unit class (count and bare number are one class).

    .venv/bin/python bench/figures_quality.py [--show]
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ingest import find_figures, repair_text  # noqa: E402

NEWS = ROOT.parent / "shared" / "eval" / "news" / "farsnews-dev.jsonl"
GOLD = ROOT / "bench" / "data" / "figures_gold.jsonl"
HELDOUT = ROOT / "bench" / "data" / "figures_heldout.jsonl"
SENTENCE_SPLIT = re.compile(r"(?<=[.!؟?])\s+")


def unit_class(unit: str) -> str:
    return "count" if unit in ("count", "number") else unit


def same_value(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


def matches(found: dict, gold: dict, with_unit: bool) -> bool:
    if not same_value(found["value"], gold["value"]):
        return False
    fh, gh = found.get("high"), gold.get("high")
    if (fh is None) != (gh is None) or (gh is not None and not same_value(fh, gh)):
        return False
    return not with_unit or unit_class(found["unit"]) == unit_class(gold["unit"])


def align(found: list[dict], gold: list[dict], with_unit: bool) -> tuple[int, list[dict], list[dict]]:
    """Greedy one-to-one matching: (true positives, unmatched found, unmatched gold)."""
    left = list(gold)
    extra = []
    tp = 0
    for f in found:
        hit = next((g for g in left if matches(f, g, with_unit)), None)
        if hit is None:
            extra.append(f)
        else:
            left.remove(hit)
            tp += 1
    return tp, extra, left


def load_sentences() -> dict[int, dict]:
    return {row["idx"]: row for row in map(json.loads, NEWS.open(encoding="utf-8"))}


def score(gold_path: Path, articles: dict[int, dict], show: bool) -> dict[str, object]:
    """Precision and recall of find_figures against one annotated file."""
    totals = {True: Counter(), False: Counter()}
    missed_by_unit: Counter[str] = Counter()
    gold_by_unit: Counter[str] = Counter()
    sentences = 0
    for ref in map(json.loads, gold_path.open(encoding="utf-8")):
        paragraph = articles[ref["idx"]]["paragraphs"][ref["paragraph"]]
        sentence = SENTENCE_SPLIT.split(paragraph)[ref["sentence"]]
        found = [f.to_dict() for f in find_figures(repair_text(sentence, reflow=False))]
        gold = ref["figures"]
        sentences += 1
        for with_unit in (False, True):
            tp, extra, missed = align(found, gold, with_unit)
            totals[with_unit].update(tp=tp, found=len(found), gold=len(gold))
            if with_unit:
                gold_by_unit.update(unit_class(g["unit"]) for g in gold)
                missed_by_unit.update(unit_class(g["unit"]) for g in missed)
                if show and (extra or missed):
                    print(f"[{ref['idx']}] {sentence}")
                    for g in missed:
                        print(f"   missed: {g['text']} = {g['value']} {g['unit']}")
                    for f in extra:
                        print(f"   extra:  {f['text']} = {f['value']} {f['unit']}" + (f"–{f['high']}" if f.get("high") else ""))
    result: dict[str, object] = {"sentences": sentences, "gold": totals[True]["gold"], "found": totals[True]["found"]}
    for with_unit, key in ((False, "value"), (True, "value_unit")):
        t = totals[with_unit]
        p = t["tp"] / t["found"] if t["found"] else 0.0
        r = t["tp"] / t["gold"] if t["gold"] else 0.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        result.update({f"{key}_P": round(p, 4), f"{key}_R": round(r, 4), f"{key}_F1": round(f1, 4)})
    result["recall_by_unit"] = {u: round(1 - missed_by_unit[u] / n, 3) for u, n in sorted(gold_by_unit.items())}
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", action="store_true", help="print every miss and every extra figure")
    args = parser.parse_args()
    if not NEWS.exists():
        print(f"skipped: {NEWS} not present")
        return 0
    articles = load_sentences()
    report: dict[str, object] = {"bench": "figures_quality"}
    for name, path in (("dev", GOLD), ("heldout", HELDOUT)):
        r = score(path, articles, args.show)
        report[name] = r
        print(f"{name}: {r['sentences']} sentences, {r['gold']} annotated figures, {r['found']} found")
        print(f"  value       precision {r['value_P']:.3f}  recall {r['value_R']:.3f}  F1 {r['value_F1']:.3f}")
        print(f"  value+unit  precision {r['value_unit_P']:.3f}  recall {r['value_unit_R']:.3f}  F1 {r['value_unit_F1']:.3f}")
        print("  recall by unit:", ", ".join(f"{u} {v:.2f}" for u, v in r["recall_by_unit"].items()))
    print(json.dumps(report, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
