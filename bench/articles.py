"""Newspaper issues split into articles, scored against ../shared/eval/newspapers (its README's rules).

For every `np-*.pdf` the reader is called as `extract_pdf(path)` and `doc.articles` is read; the truth
`<issue>.json` is only opened afterwards, to score. Printed per issue and pooled: articles found vs
true, mean best-match article text F1, share of articles whole (F1 ≥ 0.9), title accuracy, share
of jumped articles joined, share of furniture strings leaking into articles; then the extract
time with and without splitting (interleaved repeats, medians, same run). Last line JSON.

    .venv/bin/python bench/articles.py [--repeats 3] [--dir ../shared/eval/newspapers] [--baseline]

`--baseline` scores one article per file (`doc.title`, `doc.text`), as the archive stored an
issue before articles existed.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
import unicodedata
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
ISSUES = ROOT.parent / "shared" / "eval" / "newspapers"

# ------------------------------------------------------------------ folding, as the README says

_CHARS = {"ي": "ی", "ى": "ی", "ك": "ک", "ۀ": "ه", "ە": "ه", "ة": "ه"}
_DROP = {"\u200c", "\u200d", "\u200e", "\u200f", "\u202a", "\u202b", "\u202c", "\u202d", "\u202e",
         "\u2066", "\u2067", "\u2068", "\u2069", "\u061c", "\u0640"}
_STOP = {"و", "در", "از", "به", "با", "که", "را", "این", "آن", "تا", "بر", "برای", "یا", "هم"}
_TOKEN = re.compile(r"[^\W_]+")


def fold(s: str) -> str:
    """NFKC; diacritics off (آ أ إ → ا); ي ى → ی, ك → ک, ۀ ە ة → ه; ZWNJ/ZWJ/bidi/tatweel off;
    every digit → ASCII; Latin lower case."""
    s = unicodedata.normalize("NFKC", s)
    s = "".join(ch for ch in unicodedata.normalize("NFD", s) if unicodedata.category(ch) != "Mn")
    s = unicodedata.normalize("NFC", s)
    out = []
    for ch in s:
        if ch in _DROP:
            continue
        ch = _CHARS.get(ch, ch)
        if ch.isdigit():
            try:
                ch = str(unicodedata.digit(ch))
            except (TypeError, ValueError):
                pass
        out.append(ch)
    return "".join(out).lower()


def tokens(s: str) -> list[str]:
    return _TOKEN.findall(fold(s))


def f1(truth: Counter, pred: Counter) -> float:
    common = sum((truth & pred).values())
    if not common:
        return 0.0
    p, r = common / sum(pred.values()), common / sum(truth.values())
    return 2 * p * r / (p + r)


def cer(truth: str, hyp: str) -> float:
    from rapidfuzz.distance import Levenshtein

    t, h = " ".join(fold(truth).split()), " ".join(fold(hyp).split())
    return Levenshtein.distance(t, h) / max(len(t), 1)


# ------------------------------------------------------------------ what the reader returned


def predicted(doc, baseline: bool) -> list[tuple[str, str]]:
    """(title, text) of each article the reader returned; a document without articles is one."""
    arts = None if baseline else getattr(doc, "articles", None)
    if not arts:
        return [(doc.title, doc.text)]
    return [(a.title, a.text) for a in arts]


def truth_text(a: dict) -> str:
    return " ".join([a["kicker"], a["headline"], a["lead"], a["caption"], *a["body"]])


def leaks(furniture: str, pred_tokens: list[list[str]]) -> bool:
    """≥ 60 % of the string's tokens (stop words not counted) inside a window of (its token count
    + 2) consecutive tokens of some article's text."""
    toks = tokens(furniture)
    want = Counter(t for t in toks if t not in _STOP)
    if not want:
        return False
    need = 0.6 * sum(want.values())
    w = len(toks) + 2
    for pt in pred_tokens:
        hits = [t in want for t in pt]
        if sum(hits) < need:
            continue
        for i in range(0, max(1, len(pt) - w + 1)):
            window = Counter(pt[i:i + w])
            if sum((window & want).values()) >= need:
                return True
    return False


def score_issue(truth: dict, preds: list[tuple[str, str]]) -> dict:
    """The README's metrics for one issue (sums, so that issues pool)."""
    pred_bags = []
    for title, text in preds:
        pred_bags.append((Counter(tokens(text)), Counter(tokens(title + " " + text))))
    rows = []
    for a in truth["articles"]:
        t = Counter(tokens(truth_text(a)))
        best, best_i = -1.0, 0
        for i, (plain, titled) in enumerate(pred_bags):
            s = max(f1(t, plain), f1(t, titled))
            if s > best:
                best, best_i = s, i
        title = preds[best_i][0] if preds else ""
        ft, fh = " ".join(fold(title).split()), " ".join(fold(a["headline"]).split())
        title_ok = ft == fh or cer(a["headline"], title) <= 0.1
        rows.append({"id": a["id"], "f1": best, "title_ok": title_ok, "jumped": len(a["pages"]) > 1,
                     "title": title, "headline": a["headline"]})
    pred_tokens = [tokens(title + " " + text) for title, text in preds]
    leaked = [f for f in truth["furniture"] if leaks(f, pred_tokens)]
    return {"n_true": len(truth["articles"]), "n_pred": len(preds), "rows": rows,
            "n_furniture": len(truth["furniture"]), "leaked": leaked}


def summary(scores: list[dict]) -> dict:
    rows = [r for s in scores for r in s["rows"]]
    jumped = [r for r in rows if r["jumped"]]
    n_furn = sum(s["n_furniture"] for s in scores)
    return {
        "n_true": sum(s["n_true"] for s in scores),
        "n_pred": sum(s["n_pred"] for s in scores),
        "article_F1": statistics.mean(r["f1"] for r in rows) if rows else 0.0,
        "articles_whole": sum(r["f1"] >= 0.9 for r in rows) / len(rows) if rows else 0.0,
        "title_acc": sum(r["title_ok"] for r in rows) / len(rows) if rows else 0.0,
        "jump_joined": sum(r["f1"] >= 0.9 for r in jumped) / len(jumped) if jumped else 0.0,
        "furniture_leak": sum(len(s["leaked"]) for s in scores) / n_furn if n_furn else 0.0,
    }


# ------------------------------------------------------------------ timing


def timed(pdfs: list[Path], repeats: int) -> dict:
    """Extract time with and without splitting, interleaved, medians (seconds for all issues)."""
    import ingest
    import ingest.pdf

    # the splitting step timed on its own too: on a shared machine the two totals drift by more
    # than the step costs
    inner = ingest.pdf.split_articles
    spent: list[float] = []

    def timed_split(*args, **kw):
        t0 = time.perf_counter()
        try:
            return inner(*args, **kw)
        finally:
            spent.append(time.perf_counter() - t0)

    ingest.pdf.split_articles = timed_split
    times: dict[str, list[float]] = {"without splitting": [], "with splitting": []}
    step: list[float] = []
    try:
        for _ in range(repeats):
            for name, split in (("without splitting", False), ("with splitting", True)):
                spent.clear()
                t0 = time.perf_counter()
                for p in pdfs:
                    ingest.extract_pdf(p, articles=split)
                times[name].append(time.perf_counter() - t0)
                if split:
                    step.append(sum(spent) / times[name][-1])
    finally:
        ingest.pdf.split_articles = inner
    med = {k: statistics.median(v) for k, v in times.items()}
    return {"seconds": med, "ratio": med["with splitting"] / med["without splitting"],
            "split_step_share": statistics.median(step)}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--dir", type=Path, default=ISSUES)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--baseline", action="store_true", help="one article per file, as before articles")
    ap.add_argument("--verbose", "-v", action="store_true", help="every truth article with its match")
    a = ap.parse_args()
    pdfs = sorted(a.dir.glob("*.pdf"))
    if not pdfs:
        print(f"skipped: no issues in {a.dir}")
        return 0
    import ingest
    from ingest.lexicon import lexicon

    lexicon()
    # split first, without the truth in sight
    preds = {p.stem: predicted(ingest.extract_pdf(p), a.baseline) for p in pdfs}
    scores = {}
    for p in pdfs:
        truth = json.loads(p.with_suffix(".json").read_text(encoding="utf-8"))
        scores[p.stem] = score_issue(truth, preds[p.stem])
    cols = ("n_true", "n_pred", "article_F1", "articles_whole", "title_acc", "jump_joined", "furniture_leak")
    print(f"{'issue':12s} " + " ".join(f"{c:>14s}" for c in cols))
    per_issue = {}
    for name, s in scores.items():
        m = summary([s])
        per_issue[name] = m
        print(f"{name:12s} " + " ".join(f"{m[c]:14d}" if isinstance(m[c], int) else f"{m[c]:14.3f}" for c in cols))
        if a.verbose:
            for r in s["rows"]:
                mark = "" if r["f1"] >= 0.9 else "  <-- not whole"
                print(f"    {r['id']:16s} F1 {r['f1']:.3f} title {'ok ' if r['title_ok'] else 'BAD'} "
                      f"{r['title'][:50]!r}{mark}")
            for f in s["leaked"]:
                print(f"    leaked: {f!r}")
    pooled = summary(list(scores.values()))
    print(f"{'all':12s} " + " ".join(f"{pooled[c]:14d}" if isinstance(pooled[c], int) else f"{pooled[c]:14.3f}"
                                      for c in cols))
    timing = None
    if not a.baseline and a.repeats > 0:
        timing = timed(pdfs, a.repeats)
        sec = timing["seconds"]
        print(f"extract time over {len(pdfs)} issues ({a.repeats} interleaved repeats, median): "
              f"without splitting {sec['without splitting']:.2f} s, with splitting {sec['with splitting']:.2f} s, "
              f"ratio {timing['ratio']:.3f}; the splitting step itself is {100 * timing['split_step_share']:.1f} % "
              f"of the extract time")
    print(json.dumps({"bench": "articles", "baseline": a.baseline, **pooled, "per_issue": per_issue,
                      "timing": timing}, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
