"""SQuAD-style answer scoring, shared by bench/answers.py and train/reader.py: answers are
compared after folding (letters, digits, ZWNJ) as word lists; EM and token F1."""

from __future__ import annotations

from kb.folding import fold


def norm_tokens(text: str) -> list[str]:
    return [t for t in fold(text).replace("\u200c", " ").split() if t not in "،.؟?!«»()"]


def f1(pred: str, gold: str) -> float:
    p, g = norm_tokens(pred), norm_tokens(gold)
    common = sum(min(p.count(t), g.count(t)) for t in set(p))
    if not p or not g or not common:
        return float(p == g)
    prec, rec = common / len(p), common / len(g)
    return 2 * prec * rec / (prec + rec)
