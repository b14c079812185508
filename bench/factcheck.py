"""Fact-check accuracy per label and per language on claims built from the FarsNews dev set;
the last line is JSON.

The archive is bench/retrieval.py's (it holds the 150 FarsNews articles). Claims:
- Persian, built by rule from the first sentence of each article holding an amount, percentage
  or count: the sentence itself (expected supported), the same with that figure's number
  tripled (contradicted), and with میلیون/میلیارد swapped where it has one (contradicted);
- English, hand-translated sentences of those articles, faithful or with a figure changed;
- claims about things the archive does not cover (not_found), Persian and English.

    .venv/bin/python bench/factcheck.py [--embedder e5-small] [--limit N]
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

from _common import arguments, report  # noqa: E402  (puts the repository on the path)
from ingest import find_figures, repair_text  # noqa: E402
from retrieval import NEWS, build  # noqa: E402

ENGLISH = [  # (claim, expected): translations of dev-set sentences, some with a figure changed
    ("More than 224 billion rials in loans were granted to villagers through these offices.", "supported"),
    ("More than 524 billion rials in loans were granted to villagers through these offices.", "contradicted"),
    ("Iraq currently produces 2.27 million barrels of oil a day.", "contradicted"),  # the source prints 27/2
    ("7 percent of the world's wealth is in Iran's hands.", "supported"),
    ("17 percent of the world's wealth is in Iran's hands.", "contradicted"),
    ("The country's foreign debt was about 23 billion dollars and its actual obligations fell to 8 billion dollars.",
     "supported"),
    ("The country's foreign debt was about 33 billion dollars.", "contradicted"),
    ("The normal hexane plant at the Shazand refinery brings in more than $45 million a year.", "supported"),
    ("The normal hexane plant at the Shazand refinery brings in more than $95 million a year.", "contradicted"),
    ("More than 30 percent of the world's people are short-sighted to some degree.", "supported"),
    ("More than 60 percent of the world's people are short-sighted to some degree.", "contradicted"),
    ("60 percent of Turkish citizens reject any cooperation between Turkey and the Americans.", "supported"),
]
NOT_COVERED = [
    ("قیمت بیت‌کوین در سال ۲۰۲۱ به ۶۰ هزار دلار رسید.", "fa"),
    ("برج ایفل ۳۳۰ متر ارتفاع دارد.", "fa"),
    ("جمعیت توکیو در سال ۲۰۲۰ حدود ۱۴ میلیون نفر بود.", "fa"),
    ("شرکت اپل در سال ۲۰۲۳ حدود ۳۸۳ میلیارد دلار درآمد داشت.", "fa"),
    ("The Eiffel Tower is 330 metres tall.", "en"),
    ("Bitcoin reached $60,000 in 2021.", "en"),
    ("Apple's revenue was about $383bn in 2023.", "en"),
    ("Tokyo had about 14 million residents in 2020.", "en"),
]


def persian_claims(limit: int) -> list[tuple[str, str, str]]:
    out = []
    for row in map(json.loads, NEWS.open(encoding="utf-8")):
        for para in row["paragraphs"]:
            found = None
            for sentence in re.split(r"(?<=[.!؟?])\s+", para):
                s = repair_text(sentence, reflow=False)
                figs = [f for f in find_figures(s) if f.unit not in ("year", "date", "time") and f.value >= 2]
                if figs and 40 <= len(s) <= 300:
                    found = (s, figs[0])
                    break
            if found:
                break
        if not found:
            continue
        s, f = found
        out.append((s, "supported", "faithful"))
        number = re.match(r"[\d۰-۹٫.,/]+", s[f.start:f.end])
        if number:
            tripled = f"{f.value * 3:g}" if f.value < 1e6 else None
            if tripled and not f.text.startswith(("یک", "دو", "سه")):
                out.append((s[:f.start] + tripled + s[f.start + number.end():], "contradicted", "figure changed"))
        swapped = re.sub("میلیون|میلیارد", lambda m: "میلیارد" if m.group(0) == "میلیون" else "میلیون", s, count=1)
        if swapped != s:
            out.append((swapped, "contradicted", "scale changed"))
        if len({c for c in out if c[2] == "faithful"}) >= limit:
            break
    return out


def main() -> int:
    parser = arguments(__doc__, archive=True)
    parser.add_argument("--limit", type=int, default=60, help="Persian source sentences")
    args = parser.parse_args()
    if not NEWS.exists():
        print(f"skipped: {NEWS} not present")
        return 0
    archive, _, _, _ = build(Path(args.folder) / args.embedder, args.embedder)
    claims = [(c, exp, "fa", how) for c, exp, how in persian_claims(args.limit)]
    claims += [(c, exp, "en", "translation") for c, exp in ENGLISH]
    claims += [(c, "not_found", lang, "not covered") for c, lang in NOT_COVERED]
    right: Counter = Counter()
    total: Counter = Counter()
    confusion: Counter = Counter()
    for claim, expected, lang, how in claims:
        got = archive.check(claim, lang=lang).label
        for key in (f"{lang}:{expected}", f"how:{how}", "all"):
            total[key] += 1
            right[key] += got == expected
        confusion[(expected, got)] += 1
    result: dict[str, object] = {"bench": "factcheck", "embedder": args.embedder, "claims": len(claims)}
    print(f"{len(claims)} claims")
    for key in sorted(total):
        acc = right[key] / total[key]
        result[key] = {"n": total[key], "accuracy": round(acc, 3)}
        print(f"  {key:<24} {total[key]:>4}  accuracy {acc:.3f}")
    print("confusion (expected → got):", {f"{e}→{g}": n for (e, g), n in sorted(confusion.items())})
    result["confusion"] = {f"{e}->{g}": n for (e, g), n in confusion.items()}
    report(result)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
