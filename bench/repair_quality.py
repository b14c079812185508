"""Extraction + repair quality: the 16 dev PDFs (../shared/eval/pdf/measure.py on
`ingest:pdf_to_text`, its table printed) and the seed newspaper page
(../shared/eval/real_text/newspaper_extract.txt, a real extractor's broken output with no
truth: counted by detectors and a hand-made list); the last line is JSON.

The seed page's counts, before and after `repair_text` (paragraphs re-flowed, and lines kept):
- tokens missing a ZWNJ, by kind (plural ها/های, comparative تر/ترین, verb prefix می/نمی,
  a compound the lexicon writes with ZWNJ), by the lexicon detector of
  tests/ingest/test_repair.py;
- the page's ten «ه» + indefinite «ای» words, read by hand (نمونهای is نمونه‌ای, اندازهای is
  اندازه‌ای, بهگونهای is به‌گونه‌ای…): how many come out right and how many as a plural
  «‌های» (نمون‌های);
- mirrored brackets and guillemets left: the page quotes without nesting, so its «» and ()
  must alternate open, close, open… through the page; each pair out of turn counts once.

    .venv/bin/python bench/repair_quality.py
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections import Counter

from _common import EVAL, ROOT, report  # noqa: E402  (puts the repository on the path)
from ingest.alphabet import ZWNJ  # noqa: E402

SHARED = EVAL / "pdf"
SEED = EVAL / "real_text" / "newspaper_extract.txt"
# the page's «ه» + «ای» words, as they must be written (read in context, by hand)
SEED_HE_YE = ["به‌گونه‌ای", "به‌گونه‌ای", "اندازه‌ای", "اندازه‌ای", "پشتوانه‌ای", "هزینه‌ای", "نمونه‌ای", "مقاله‌ای",
              "سرمایه‌ای", "اولیه‌ای"]


def missing_zwnj(text: str) -> Counter:
    """Tokens written joined that the lexicon writes with a ZWNJ, by kind (the test's detector)."""
    from ingest.lexicon import is_verb_form, lexicon
    from ingest.zwnj import NON_JOINING

    lx = lexicon()
    kinds: Counter = Counter()
    for tok in re.findall(r"[\u0600-\u06ff\u200c]+", text.replace("\u0640", "")):
        if ZWNJ in tok or len(tok) < 3:
            continue
        if tok in lx.joined and not lx.words.get(tok):
            kinds["compound"] += 1
        elif any(tok.startswith(p) and is_verb_form(tok[len(p):]) and not lx.words.get(tok) for p in ("نمی", "می")):
            kinds["verb"] += 1
        else:
            for suf in ("های", "ها", "ترین", "تر"):
                st = tok[: -len(suf)]
                if tok.endswith(suf) and len(st) >= 2 and st[-1] not in NON_JOINING and st in lx.words \
                        and not lx.words.get(tok):
                    kinds["plural" if suf.startswith("ه") else "comparative"] += 1
                    break
    return kinds


def he_ye(text: str) -> dict[str, int]:
    """The hand list's «ه‌ای» words: found as they must be, and written as a plural «X‌های»."""
    right = wrong = 0
    for word in set(SEED_HE_YE):
        want = SEED_HE_YE.count(word)
        head = word[: -len("ه" + ZWNJ + "ای")]
        right += min(want, len(re.findall(rf"(?<![\u0600-\u06ff\u200c]){re.escape(word)}(?![\u0600-\u06ff])", text)))
        wrong += len(re.findall(rf"(?<![\u0600-\u06ff\u200c]){re.escape(head)}{ZWNJ}های(?![\u0600-\u06ff])", text))
    return {"right": right, "as_plural": wrong, "of": len(SEED_HE_YE)}


def mirrored_pairs(text: str) -> int:
    """Brackets and guillemets out of turn through a text that quotes without nesting."""
    out = 0
    for o, c in ("«»", "()"):
        marks = [ch for ch in text if ch in (o, c)]
        out += sum(1 for k, ch in enumerate(marks) if ch != (o if k % 2 == 0 else c))
    return (out + 1) // 2


def seed_page() -> dict[str, object]:
    from ingest import repair_text

    raw = SEED.read_text(encoding="utf-8")
    result: dict[str, object] = {}
    for name, text in (("raw", raw), ("repaired", repair_text(raw)), ("repaired_lines_kept", repair_text(raw, reflow=False))):
        kinds = missing_zwnj(text)
        result[name] = {"missing_zwnj": sum(kinds.values()), "missing_zwnj_by_kind": dict(sorted(kinds.items())),
                        "he_ye": he_ye(text), "mirrored_pairs": mirrored_pairs(text), "kashida": text.count("\u0640")}
    return result


def dev_pdfs() -> dict[str, object]:
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
    return {**{k: float(v) for k, v in figures.items()}, "producers": producers}


def main() -> int:
    result: dict[str, object] = {"bench": "repair_quality"}
    if (SHARED / "measure.py").exists():
        result.update(dev_pdfs())
    else:
        print(f"skipped: {SHARED} not present")
    if SEED.exists():
        seed = seed_page()
        result["seed_page"] = seed
        print("seed page (../shared/eval/real_text/newspaper_extract.txt)")
        print(f"  {'':<22} {'missing ZWNJ':>12}  {'by kind':<46} {'ه‌ای right / as ‌های':>20} {'mirrored pairs':>15}")
        for name, r in seed.items():
            kinds = ", ".join(f"{k} {v}" for k, v in r["missing_zwnj_by_kind"].items()) or "-"
            h = r["he_ye"]
            print(f"  {name:<22} {r['missing_zwnj']:>12}  {kinds:<46} {h['right']:>10}/{h['of']} {h['as_plural']:>5}"
                  f" {r['mirrored_pairs']:>15}")
    report(result)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
