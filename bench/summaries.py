"""Single-article summaries against the agency's own lead, beside lead-1, lead-2 and TextRank.

Each FarsNews article of ../shared/eval/news/farsnews-dev.jsonl is added to an archive *without*
its abstract (the body paragraphs only, through `Archive.add_text`: the real repair, chunking
and embedding); `Archive.summarize` then summarizes it and the summary is scored against the
abstract (the agency's lead, «خبرگزاری فارس:» stripped) by ROUGE-1/2/L F1 over Persian tokens
(letters folded: ي/ی، ك/ک; ZWNJ words split; digits in one script). The baselines are computed
on the same stored sentences, as written: lead-1, lead-2, and TextRank (Mihalcea & Tarau 2004: word-overlap
graph, PageRank, two sentences in article order). "repeated" counts summaries in which two
sentences share more than half their words.

The summarizer's weights were set on the first half of the articles; both halves are shown.

    python bench/summaries.py [--limit N] [--json results.jsonl]
"""

from __future__ import annotations

import json
import math
import re
import time
from collections import Counter

import numpy as np

from _common import NEWS, RESULTS, arguments  # noqa: E402  (puts the repository on the path)

from kb import Archive  # noqa: E402
from kb.folding import fold  # noqa: E402
from kb.summary import article_sentences  # noqa: E402

_WORD = re.compile(r"\d+(?:[.,/]\d+)*|[^\W\d_]+", re.UNICODE)
_AGENCY = re.compile(r"^\s*خبرگزار[یي]\s+فارس\s*:\s*")


def tokens(text: str) -> list[str]:
    return _WORD.findall(fold(text).replace("\u200c", " "))


def _ngrams(words: list[str], n: int) -> Counter:
    return Counter(tuple(words[i:i + n]) for i in range(len(words) - n + 1))


def _f1(overlap: float, got: int, want: int) -> float:
    if not overlap or not got or not want:
        return 0.0
    p, r = overlap / got, overlap / want
    return 2 * p * r / (p + r)


def _lcs(a: list[str], b: list[str]) -> int:
    row = [0] * (len(b) + 1)
    for x in a:
        prev = 0
        for j, y in enumerate(b, 1):
            prev, row[j] = row[j], (prev + 1 if x == y else max(row[j], row[j - 1]))
    return row[-1]


def rouge(summary: str, reference: str) -> dict[str, float]:
    s, r = tokens(summary), tokens(reference)
    out = {}
    for n in (1, 2):
        got, want = _ngrams(s, n), _ngrams(r, n)
        out[f"R{n}"] = _f1(sum((got & want).values()), sum(got.values()), sum(want.values()))
    out["RL"] = _f1(_lcs(s, r), len(s), len(r))
    return out


def textrank(sentences: list[str], n: int = 2) -> list[int]:
    words = [set(tokens(s)) for s in sentences]
    size = len(sentences)
    if size <= n:
        return list(range(size))
    w = np.zeros((size, size))
    for i in range(size):
        for j in range(size):
            if i != j and len(words[i]) > 1 and len(words[j]) > 1:
                w[i, j] = len(words[i] & words[j]) / (math.log(len(words[i])) + math.log(len(words[j])))
    out = w.sum(axis=1, keepdims=True)
    out[out == 0] = 1
    m = w / out
    rank = np.ones(size) / size
    for _ in range(50):
        rank = 0.15 / size + 0.85 * m.T @ rank
    return sorted(np.argsort(-rank)[:n].tolist())


def repeated(sentences: list[str]) -> bool:
    sets = [set(tokens(s)) for s in sentences]
    return any(len(a & b) > 0.5 * min(len(a), len(b)) for i, a in enumerate(sets) for b in sets[i + 1:])


def main() -> None:
    ap = arguments(__doc__)
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--json", help="append a JSON line with the results")
    ap.add_argument("--archive", default=str(RESULTS / "summaries"), help="where the bench archive is kept")
    args = ap.parse_args()
    rows = [json.loads(line) for line in NEWS.open(encoding="utf-8")]
    rows = [r for r in rows if len(_AGENCY.sub("", r["abstract"]).split()) >= 5][: args.limit or None]
    archive = Archive(args.archive, embedder="e5-small", chroma_url="")
    scores: dict[str, list[dict[str, float]]] = {k: [] for k in ("lead-1", "lead-2", "textrank", "bayegan")}
    lengths: dict[str, list[int]] = {k: [] for k in scores}
    repeats = Counter()
    took = []
    for row in rows:
        doc_id = archive.add_text("\n".join(row["paragraphs"]), title=row["title"], source="farsnews").doc_id
        reference = _AGENCY.sub("", row["abstract"])
        stored = [s.text for s in article_sentences(archive, doc_id, trim=False)]
        t = time.perf_counter()
        ours = [s.text for s in archive.summarize(doc_id).sentences]
        took.append(time.perf_counter() - t)
        picks = {"lead-1": stored[:1], "lead-2": stored[:2],
                 "textrank": [stored[i] for i in textrank(stored)], "bayegan": ours}
        for name, chosen in picks.items():
            scores[name].append(rouge(" ".join(chosen), reference))
            lengths[name].append(len(tokens(" ".join(chosen))))
            repeats[name] += repeated(chosen)
    half = len(rows) // 2
    result = {"bench": "summaries", "articles": len(rows), "reference_words": float(np.median(
        [len(tokens(_AGENCY.sub("", r["abstract"]))) for r in rows])),
        "summarize_p50_ms": round(1000 * float(np.median(took)), 1)}
    print(f"{len(rows)} articles; reference (agency lead) median {result['reference_words']:.0f} words; "
          f"summarize p50 {result['summarize_p50_ms']} ms")
    print(f"{'':10} {'R-1':>6} {'R-2':>6} {'R-L':>6}   {'tune half R-L':>13} {'other half R-L':>14} "
          f"{'words':>6} {'repeated':>8}")
    for name, got in scores.items():
        mean = {k: float(np.mean([g[k] for g in got])) for k in ("R1", "R2", "RL")}
        first = float(np.mean([g["RL"] for g in got[:half]]))
        second = float(np.mean([g["RL"] for g in got[half:]]))
        words = float(np.median(lengths[name]))
        print(f"{name:10} {mean['R1']:6.3f} {mean['R2']:6.3f} {mean['RL']:6.3f}   {first:13.3f} {second:14.3f} "
              f"{words:6.0f} {repeats[name]:8d}")
        result[name] = {**{k: round(v, 4) for k, v in mean.items()}, "RL_first_half": round(first, 4),
                        "RL_second_half": round(second, 4), "words": words, "repeated": repeats[name]}
    if args.json:
        with open(args.json, "a", encoding="utf-8") as f:
            f.write(json.dumps(result, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
