"""OCR quality on scanned versions of the dev PDFs, beside the text layer: every page of
../shared/eval/pdf/pdfs is rendered by pypdfium2 at 300 dpi into an image-only PDF, which then
goes through `ingest.extract_pdf` (no text layer → Tesseract → the same repair); both it and the
original PDF's text layer are scored by ../shared/eval/pdf/measure.py. Last line JSON.

    .venv/bin/python bench/ocr_quality.py
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import EVAL, ROOT  # noqa: E402  (puts the repository on the path)

SHARED = EVAL / "pdf"


def ocr_text(path: str) -> str:
    """What Bayegan reads from a scan of `path` (called by measure.py)."""
    import ingest
    from tests.helpers import scan_of  # the scan the OCR tests make

    with tempfile.TemporaryDirectory() as tmp:
        return ingest.extract_pdf(scan_of(path, Path(tmp) / (Path(path).stem + ".scan.pdf"))).text


def measure(function: str) -> tuple[str, dict[str, float]]:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    cmd = [sys.executable, str(SHARED / "measure.py"), str(SHARED / "pdfs"), function, "--post", "none"]
    out = subprocess.run(cmd, env=env, capture_output=True, text=True, check=True).stdout
    summary = out.strip().splitlines()[-1]
    return out, {k: float(v) for k, v in re.findall(r"(\w+)=([\d.]+)", summary.split("]", 1)[1])}


def main() -> int:
    if not (SHARED / "measure.py").exists():
        print(f"skipped: {SHARED} not present")
        return 0
    sys.path.insert(0, str(ROOT))
    from ingest.ocr import LANGUAGES, tesseract_ready

    if not tesseract_ready():
        print("skipped: Tesseract with Persian data is not installed (apt install tesseract-ocr tesseract-ocr-fas)")
        return 0
    t = time.perf_counter()
    ocr_out, ocr = measure(f"{Path(__file__).resolve()}:ocr_text")
    ocr_seconds = time.perf_counter() - t
    _, layer = measure("ingest:pdf_to_text")
    print(ocr_out)
    print(f"{'':12}{'CER':>8}{'CERf':>8}{'WER':>8}{'BoW':>8}")
    for name, m in (("text layer", layer), ("OCR 300 dpi", ocr)):
        print(f"{name:12}{m.get('CER', 0):8.3f}{m.get('CERf', 0):8.3f}{m.get('WER', 0):8.3f}{m.get('BoW', 0):8.3f}")
    print(f"OCR took {ocr_seconds:.0f} s for the dev set (Tesseract {LANGUAGES}, 2 cores)")
    print(json.dumps({"bench": "ocr_quality", "languages": LANGUAGES, "text_layer": layer, "ocr": ocr,
                      "ocr_seconds": round(ocr_seconds)}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
