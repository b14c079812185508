"""repair_text: undo what PDF extraction does to Persian text, without touching the figures.

The steps, each its own function so they can be tested one by one:
presentation forms → letters, `(cid:N)` and kashida removed, Arabic ي/ك → Persian, lam-alef
restored where a font lost it, mirrored brackets and guillemets swapped back, justified lines
that were cut and rotated put back together, hard-wrapped lines re-flowed into paragraphs,
ZWNJ restored from the lexicon. Every step rewrites Arabic-script letters, brackets or spaces
only, never a digit, a Latin letter or the separators inside a number, so no step can change
the value of a figure (tests/ingest/test_properties.py checks it on generated text).
"""

from __future__ import annotations

import re
import unicodedata

from .alphabet import ZWNJ
from .bidi import MIRROR, bracket_errors, guillemet_reversed
from .lexicon import is_tagged_word
from .zwnj import is_known, restore_zwnj, word_frequency

_CID = re.compile(r"\(cid:\d+\)")
_TATWEEL = "\u0640"
_LETTERS = str.maketrans({"ي": "ی", "ى": "ی", "ك": "ک", "ۀ": "هٔ", "\u06c0": "هٔ"})


def repair_text(text: str, reflow: bool = True, zwnj: bool = True) -> str:
    """Repair broken Persian text; safe on text that is already clean (idempotent).

    `reflow=True` treats single line breaks as the hard wraps of a column and joins them into
    paragraphs (blank lines, and lines ending a sentence before a short line, stay breaks).
    `zwnj=False` leaves joiners as they are: for text whose source already told where its
    ZWNJs are (a PDF that draws them), the author's spelling wins over the lexicon's.
    """
    if not text:
        return text
    text = basic_cleanup(text)
    if reflow:
        text = unrotate_lines(text)
        text = reflow_paragraphs(text)
    text = restore_lam_alef(text)
    text = unmirror(text)
    if zwnj:
        text = restore_zwnj(text)
    text = _tidy_spaces(text)
    return text


def basic_cleanup(text: str) -> str:
    """Presentation forms to letters, (cid:N) and kashida out, Arabic letters to Persian."""
    text = _CID.sub("", text)
    if any("\ufb50" <= ch <= "\ufeff" for ch in text):
        text = "".join(unicodedata.normalize("NFKC", ch) if "\ufb50" <= ch <= "\ufeff" else ch for ch in text)
    # a tatweel standing alone between spaces is typed as a dash («89 ـ 1388»), not a stretch
    text = re.sub(f"(?<= ){_TATWEEL}+(?= )", "-", text)
    text = text.replace(_TATWEEL, "").replace("\ufeff", "")
    text = text.translate(_LETTERS)
    # a direction mark or a soft hyphen between two letters stands where a ZWNJ belongs (news
    # sites type «می‎شود», «یک‎هزار» with U+200E, «سال­های» with U+00AD); anywhere else it is noise
    text = re.sub("(?<=[\u0621-\u064a\u067e\u0686\u0698\u06a9\u06af\u06cc])[\u200e\u200f\u00ad]+"
                  "(?=[\u0621-\u064a\u067e\u0686\u0698\u06a9\u06af\u06cc])", ZWNJ, text)
    text = re.sub("[\u200e\u200f\u00ad\u202a-\u202e\u2066-\u2069]", "", text)
    # ZWNJ beside a space or at word edges is noise
    text = re.sub(f" *{ZWNJ}+ *", lambda m: " " if " " in m.group(0) else ZWNJ, text)
    text = re.sub(f"{ZWNJ}+", ZWNJ, text)
    return text


def restore_lam_alef(text: str) -> str:
    """اطالعات → اطلاعات, انقاب → انقلاب: a lost lam-alef, put back where the lexicon agrees.

    Fonts that draw «لا» as one glyph sometimes lose it in extraction, leaving «ال» (the two
    letters swapped) or nothing at all. A word is only changed when it is not a word as it
    stands and the repaired form is.
    """
    def fix(m: re.Match) -> str:
        w = m.group(0)
        if is_known(w):
            return w
        # swapped «ال» inside a word
        for i in range(1, len(w) - 1):
            if w[i] == "ا" and w[i + 1] == "ل":
                cand = w[:i] + "لا" + w[i + 2:]
                if is_tagged_word(cand):
                    return cand
        # dropped «ل» before an «ا» (the ligature drawn as a bare alef) or a whole «لا»
        for i in range(1, len(w)):
            for ins in ("ل", "لا"):
                cand = w[:i] + ins + w[i:]
                if (ins == "لا" or w[i] == "ا") and is_tagged_word(cand):
                    return cand
        return w
    return re.sub(r"[\u0620-\u064a\u067e\u0686\u0698\u06a9\u06af\u06cc\u0654]{3,}", fix, text)


def unmirror(text: str) -> str:
    """Swap back brackets and guillemets that a right-to-left renderer mirrored: )AGI( → (AGI).

    Works paragraph by paragraph, and only where a swap makes the pairs match better; repeated
    until nothing improves, so repairing twice changes nothing more. A quotation that a line
    break cuts in two (»اشتیاق … / … میکند.« with the lines kept) is then paired across the
    break: the lines from one left unpaired to the next are fixed together.
    """
    for _ in range(4):  # the two passes again until neither changes anything (idempotence)
        fixed = "\n".join(_unmirror_across([_unmirror_line(para) for para in text.split("\n")]))
        if fixed == text:
            break
        text = fixed
    return text


def _unmirror_line(para: str) -> str:
    """One line's mirrored pairs, stepped until nothing changes (at most 8 steps)."""
    if any(ch in para for ch in "()[]{}«»"):
        for _ in range(8):
            fixed = _unmirror_step(para)
            if fixed == para:
                break
            para = fixed
    return para


def _unmirror_across(lines: list[str]) -> list[str]:
    """Pair the brackets left unpaired at a line's end with those of a line shortly after it,
    each kind of bracket on its own (a quotation and a parenthesis may share a line)."""
    for o, c in ("«»", "()", "[]"):
        def cost(t: str) -> int:
            return _kind_cost(t, o, c)
        full = [i for i, ln in enumerate(lines) if ln.strip()]
        bad = [k for k, i in enumerate(full) if cost(lines[i])]
        done = -1
        for k, m in zip(bad, bad[1:]):
            if k <= done or m - k > 3:
                continue  # a line already paired, or too far apart to be one quotation
            i, j = full[k], full[m]
            window = "\n".join(lines[i:j + 1])
            fixed = _best_flips(window, o, c)
            if cost(fixed) == 0 and fixed != window:
                lines[i:j + 1] = fixed.split("\n")
                done = m
    return lines


def _kind_cost(t: str, o: str, c: str) -> int:
    """How badly one kind of bracket pairs: unmatched marks, and a first guillemet that closes."""
    depth = errors = 0
    for ch in t:
        if ch == o:
            depth += 1
        elif ch == c:
            if depth:
                depth -= 1
            else:
                errors += 1
    first = next((ch for ch in t if ch in (o, c)), o)
    return errors + depth + (first == c)


def _best_flips(t: str, o: str, c: str) -> str:
    """Flip the one or two marks of one kind whose swap pairs the text best, while that helps."""
    for _ in range(4):
        cost = _kind_cost(t, o, c)
        if not cost:
            break
        marks = [k for k, ch in enumerate(t) if ch in (o, c)]
        best, best_cost = t, cost
        for a in range(len(marks)):
            for b in range(a, len(marks)):
                cand = list(t)
                for k in {marks[a], marks[b]}:
                    cand[k] = o if cand[k] == c else c
                n = _kind_cost("".join(cand), o, c)
                if n < best_cost:
                    best, best_cost = "".join(cand), n
        if best == t:
            break
        t = best
    return t


def _pairing_cost(t: str) -> int:
    return bracket_errors(t) + guillemet_reversed(t)


def _unmirror_step(para: str) -> str:
    cost = _pairing_cost(para)
    swapped = para.translate(str.maketrans({k: v for k, v in MIRROR.items() if k not in "<>"}))
    if _pairing_cost(swapped) < cost:
        return swapped
    paired = _unmirror_pairs(para)
    if _pairing_cost(paired) < cost:
        return paired
    return _unmirror_single(para)


def _unmirror_pairs(t: str) -> str:
    """Swap single mirrored pairs ")…(" / "»…«" that enclose no bracket of their own kind."""
    for o, c in ("()", "«»", "[]"):
        pat = re.compile(re.escape(c) + r"([^" + re.escape(o + c) + r"\n]{1,80})" + re.escape(o))
        fixed = pat.sub(lambda m, o=o, c=c: o + m.group(1) + c, t)
        if _pairing_cost(fixed) < _pairing_cost(t):
            t = fixed
    return t


def _unmirror_single(t: str) -> str:
    """Flip one lone mirrored bracket («مسئولیت بین‌المللی« → «مسئولیت بین‌المللی») when that
    alone pairs it up."""
    base = _pairing_cost(t)
    best, best_cost = t, base
    for i, ch in enumerate(t):
        if ch in MIRROR and ch not in "<>":
            cand = t[:i] + MIRROR[ch] + t[i + 1:]
            cost = _pairing_cost(cand)
            if cost < best_cost - 1 or (cost < best_cost and cost == 0):
                best, best_cost = cand, cost
    return best


# ---------------------------------------------------------------- line structure

_SENT_END = re.compile(r"[.!?؟…:»)]\s*$")


def unrotate_lines(text: str) -> str:
    """Put back justified lines that an extractor cut at wide spaces and put in the wrong order.

    `یکا حدود 400 میلیارد دلار  که در آن، شرکتهای بزرگ فناورانه آمر` is the line
    `که در آن، شرکتهای بزرگ فناورانه آمر|یکا حدود 400 میلیارد دلار` rotated: its pieces
    swapped around a double space, splitting «آمریکا». The pieces of a line with double
    spaces are put in the order whose seams join broken halves into known words.
    """
    return "\n".join(_unrotate(line) for line in text.split("\n"))


def _unrotate(line: str) -> str:
    pieces = [p.strip() for p in re.split(r"\s{2,}", line.strip()) if p.strip()]
    if len(pieces) < 2 or len(pieces) > 5:
        return line
    from itertools import permutations

    def score(order: tuple[str, ...]) -> tuple[int, int]:
        joins = sum(_seam_joins(left.split()[-1], right.split()[0]) for left, right in zip(order, order[1:]))
        return joins, 0 if order == tuple(pieces) else -1

    best = max(permutations(pieces), key=score)
    if score(best)[0] == 0:
        return line
    out = [best[0]]
    for right in best[1:]:
        a, b = out[-1].split()[-1], right.split()[0]
        if _seam_joins(a, b):
            out[-1] = out[-1][: len(out[-1]) - len(a)] + a + right
        else:
            out[-1] = out[-1] + " " + right
    return out[0]


def _seam_joins(a: str, b: str) -> bool:
    """Two ends of pieces are one broken word: together they make a word far commoner than either."""
    if not (_persian(a) and _persian(b)):
        return False
    joined = a + b
    if not is_known(joined, compounds=False):
        return False
    if not is_known(a) or not is_known(b):
        return True
    return word_frequency(joined) > 20 * min(word_frequency(a), word_frequency(b))


def reflow_paragraphs(text: str) -> str:
    """Join hard-wrapped column lines into paragraphs; keep blank-line and headline breaks."""
    lines = [ln.strip() for ln in text.split("\n")]
    # texts whose lines are separated by blank lines (every other line empty) wrap the same way
    nonempty = [ln for ln in lines if ln]
    if len(nonempty) >= 4 and sum(1 for ln in lines if not ln) >= 0.8 * (len(nonempty) - 1):
        lines = nonempty
        blank_is_break = False
    else:
        blank_is_break = True
    if not nonempty:
        return text.strip()
    widths = sorted(len(ln) for ln in nonempty)
    full = widths[int(len(widths) * 0.6)] if widths else 0
    paras: list[str] = []
    cur: list[str] = []
    for ln in lines:
        if not ln:
            if blank_is_break and cur:
                paras.append(" ".join(cur))
                cur = []
            continue
        if cur:
            prev = cur[-1]
            prev_short = len(prev) < 0.7 * full
            if prev_short and (_SENT_END.search(prev) or len(prev) < 0.5 * full):
                paras.append(" ".join(cur))
                cur = []
            elif len(cur) == 1 and len(prev) < 0.55 * full and not _SENT_END.search(prev):
                # a short line heading a paragraph is a headline/subhead
                paras.append(" ".join(cur))
                cur = []
        cur.append(ln)
    if cur:
        paras.append(" ".join(cur))
    return "\n".join(join_split_words(p) for p in paras)


def join_split_words(text: str) -> str:
    """Rejoin a word broken in two (آمر یکا → آمریکا) when neither half is a word and the whole is."""
    toks = text.split(" ")
    out: list[str] = []
    i = 0
    while i < len(toks):
        t = toks[i]
        if i + 1 < len(toks) and _persian(t) and _persian(toks[i + 1]) and len(t + toks[i + 1]) >= 5 \
                and _seam_joins(t, toks[i + 1]):
            out.append(t + toks[i + 1])
            i += 2
            continue
        out.append(t)
        i += 1
    return " ".join(out)


def _persian(t: str) -> bool:
    return bool(t) and all("\u0600" <= ch <= "\u06ff" or ch == ZWNJ for ch in t)


def _tidy_spaces(text: str) -> str:
    text = re.sub(r"[ \t\u00a0]+", " ", text)
    text = re.sub(r" ?\n ?", "\n", text)
    return text.strip()
