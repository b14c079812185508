"""What every bench shares: the repository on the import path, where the dev data is, an
argument parser described by the bench's own docstring, percentiles, and the closing JSON line
that tools read.

    from _common import ROOT, NEWS, arguments, percentile, report   # (bench/ is sys.path[0])
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
for _path in (ROOT, ROOT / "bench"):
    if str(_path) not in sys.path:
        sys.path.insert(0, str(_path))

SHARED = ROOT.parent / "shared"
EVAL = SHARED / "eval"
NEWS = EVAL / "news" / "farsnews-dev.jsonl"
QA = EVAL / "qa" / "persianqa.jsonl"
NATURAL = EVAL / "qa" / "parsinlu-natural.jsonl"
PDFS = EVAL / "pdf" / "pdfs"
RESULTS = ROOT / "bench" / "results"


def arguments(doc: str | None, *, archive: bool = False) -> argparse.ArgumentParser:
    """A parser whose description is the first line of the bench's docstring; with `archive`,
    the options of a bench that reads the retrieval bench's archive (--embedder, --folder)."""
    parser = argparse.ArgumentParser(description=(doc or "").strip().splitlines()[0] if doc else None)
    if archive:
        parser.add_argument("--embedder", default="e5-small")
        parser.add_argument("--folder", default=str(RESULTS / "retrieval"), help="where that archive is kept")
    return parser


def percentile(xs: list[float], p: float) -> float:
    """The p-th percentile (0–100) by nearest rank; 0 for no data."""
    if not xs:
        return 0.0
    s = sorted(xs)
    return s[min(len(s) - 1, max(0, round(p / 100 * (len(s) - 1))))]


def report(record: dict[str, Any]) -> None:
    """The bench's last line: its figures as one JSON object."""
    print(json.dumps(record, ensure_ascii=False))
