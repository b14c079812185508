"""Pages per second of extract+repair on the dev PDFs, side by side with pdfplumber's own
`extract_words` on the same pages, in one run (medians of interleaved repeats). Last line JSON.

    .venv/bin/python bench/extract_speed.py [--repeats 3]
"""

from __future__ import annotations

import json
import statistics
import time
from pathlib import Path

from _common import PDFS, ROOT, arguments  # noqa: E402  (puts the repository on the path)


def plumber_words(path: Path) -> int:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_words()
        return len(pdf.pages)


def bayegan(path: Path) -> int:
    import ingest

    return len(ingest.extract_pdf(path).pages)


def main() -> int:
    ap = arguments(__doc__)
    ap.add_argument("--repeats", type=int, default=3)
    a = ap.parse_args()
    pdfs = sorted(PDFS.glob("*.pdf")) if PDFS.exists() else sorted((ROOT / "samples").glob("*.pdf"))
    import ingest  # noqa: F401  (import and lexicon load are not part of the per-page figure)
    from ingest.lexicon import lexicon

    lexicon()
    times = {"pdfplumber.extract_words": [], "bayegan.extract_pdf": []}
    pages = 0
    for r in range(a.repeats):
        for name, fn in (("pdfplumber.extract_words", plumber_words), ("bayegan.extract_pdf", bayegan)):
            t0 = time.perf_counter()
            n = sum(fn(p) for p in pdfs)
            times[name].append(time.perf_counter() - t0)
        pages = n
    med = {k: statistics.median(v) for k, v in times.items()}
    ratio = med["bayegan.extract_pdf"] / med["pdfplumber.extract_words"]
    print(f"{len(pdfs)} PDFs, {pages} pages, {a.repeats} interleaved repeats (median seconds)")
    for k, v in med.items():
        print(f"  {k:28s} {v:7.2f} s   {pages / v:6.1f} pages/s")
    print(f"  ratio bayegan / extract_words: {ratio:.2f}x")
    print(json.dumps({"bench": "extract_speed", "pages": pages, "seconds": med,
                      "pages_per_s": {k: pages / v for k, v in med.items()}, "ratio": ratio}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
