"""Extraction + repair quality on the dev PDFs: runs ../shared/eval/pdf/measure.py on
`ingest:pdf_to_text` and prints its table; the last line is JSON.

    .venv/bin/python bench/repair_quality.py
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "eval" / "pdf"


def main() -> int:
    if not (SHARED / "measure.py").exists():
        print(f"skipped: {SHARED} not present")
        return 0
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    cmd = [sys.executable, str(SHARED / "measure.py"), str(SHARED / "pdfs"), "ingest:pdf_to_text", "--post", "none"]
    out = subprocess.run(cmd, env=env, capture_output=True, text=True, check=True).stdout
    print(out)
    summary = out.strip().splitlines()[-1]
    figures = dict(re.findall(r"(\w+)=([\d.]+)", summary.split("]", 1)[1]))
    producers = {}
    for line in out.splitlines():
        m = re.match(r"(\S+) \((\d+)\)\s+none\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.nan]+)\s+([\d.nan]+)", line)
        if m:
            producers[m.group(1)] = {"CER": float(m.group(3)), "WER": float(m.group(5)), "BoW": float(m.group(6)),
                                     "ZWNJ_R": float(m.group(7)), "ZWNJ_P": float(m.group(8))}
    print(json.dumps({"bench": "repair_quality", **{k: float(v) for k, v in figures.items()}, "producers": producers}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
