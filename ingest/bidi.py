"""Visual order → logical order for one line of mixed Persian/Latin/number text.

PDF producers draw glyphs left to right in *visual* order. For a right-to-left line the reader's
(logical) order is the reverse, except that Latin words and numbers keep their own
left-to-right order (`1403/09/19`, `GPT-5`, `3.5%`). This module inverts the relevant part
of the Unicode Bidirectional Algorithm for one line: it finds the left-to-right runs the way
UBA resolves them (numbers absorb their separators and % signs; a number after a Latin word
joins it; neutrals between two Latin words stay inside the run) and reverses everything else.

Input is a list of *clusters*: the text of one glyph with its combining marks already attached
(a ligature such as «لا» is one cluster and is already in logical order), or a separator
(" " or ZWNJ).
"""

from __future__ import annotations

import unicodedata



# Bracket pairs that RTL renderers mirror; some producers report the mirrored glyph's code.
MIRROR = {"(": ")", ")": "(", "[": "]", "]": "[", "{": "}", "}": "{", "«": "»", "»": "«",
          "<": ">", ">": "<"}

_CS = set(",./:\u066b\u066c\u060c")  # common separators inside numbers (، is CS in UBA too)


def char_class(ch: str) -> str:
    """R, L, EN (a digit of any script), or N (neutral: spaces, punctuation, symbols)."""
    if "0" <= ch <= "9" or "\u06f0" <= ch <= "\u06f9" or "\u0660" <= ch <= "\u0669":
        return "EN"
    o = ord(ch)
    if 0x0590 <= o <= 0x08FF or 0xFB1D <= o <= 0xFDFF or 0xFE70 <= o <= 0xFEFF:
        cat = unicodedata.category(ch)
        if cat.startswith("L") or cat == "Lm" or ch in "\u061f\u061b\u0640":
            return "R"
        if cat == "Mn":
            return "NSM"
        return "N"
    cat = unicodedata.category(ch)
    if cat.startswith("L"):
        return "L"
    if cat == "Mn":
        return "NSM"
    return "N"


def cluster_class(text: str) -> str:
    for ch in text:
        c = char_class(ch)
        if c != "NSM":
            return c
    return "N"


def _resolve(classes: list[str], texts: list[str]) -> list[str]:
    """Separators between digits become part of the number (UBA rule W4).

    Signs such as % and $ are *not* absorbed: in a Persian line digits follow Arabic letters,
    so UBA makes them Arabic numbers (W2), which do not take % or $ into their run; a
    renderer draws «۶۰٪» as ٪ left of ۶۰, and reversing the units restores the order.
    """
    n = len(classes)
    out = classes[:]
    for i in range(n):
        if out[i] != "N":
            continue
        t = texts[i]
        left = out[i - 1] if i > 0 else None
        right = out[i + 1] if i + 1 < n else None
        if t in _CS and left == "EN" and right == "EN":
            out[i] = "EN"
    return out


def ltr_runs(texts: list[str]) -> list[tuple[int, int]]:
    """Spans [i, j) of clusters that a UBA renderer laid out left to right inside an RTL line."""
    classes = _resolve([cluster_class(t) for t in texts], texts)
    n = len(classes)
    runs: list[tuple[int, int]] = []
    i = 0
    while i < n:
        if classes[i] not in ("L", "EN"):
            i += 1
            continue
        start = i
        has_l = classes[i] == "L"
        end = i + 1  # exclusive end of the run so far (always on a strong cluster)
        j = end
        while j < n:
            # skip neutrals
            k = j
            while k < n and classes[k] == "N":
                k += 1
            if k >= n or classes[k] == "R":
                break
            adjacent = k == j
            if adjacent or has_l:
                # a number right after a Latin word joins it (W7); Latin after Latin likewise
                has_l = has_l or classes[k] == "L"
                end = k + 1
                j = end
                continue
            break
        runs.append((start, end))
        i = end
    return runs


def visual_to_logical(texts: list[str], rtl: bool = True, mirror: bool = False) -> str:
    """Logical text of one line given its clusters in visual (left-to-right) order.

    `mirror=True` swaps bracket and guillemet codes in right-to-left runs, for producers that
    report the code of the mirrored glyph they drew.
    """
    if not texts:
        return ""
    if not rtl:
        return _ltr_line(texts, mirror)
    runs = ltr_runs(texts)
    units: list[str] = []
    pos = 0
    for s, e in runs:
        for t in texts[pos:s]:
            units.append(_mirror(t) if mirror else t)
        units.append("".join(texts[s:e]))
        pos = e
    for t in texts[pos:]:
        units.append(_mirror(t) if mirror else t)
    return "".join(reversed(units))


def _ltr_line(texts: list[str], mirror: bool) -> str:
    """A left-to-right line: runs of right-to-left clusters (with the neutrals between them) flip."""
    classes = [cluster_class(t) for t in texts]
    out: list[str] = []
    i, n = 0, len(texts)
    while i < n:
        if classes[i] != "R":
            out.append(texts[i])
            i += 1
            continue
        j = i + 1
        last_r = i
        while j < n and classes[j] != "L" and classes[j] != "EN":
            if classes[j] == "R":
                last_r = j
            j += 1
        seg = texts[i:last_r + 1]
        out.extend(_mirror(t) if mirror else t for t in reversed(seg))
        i = last_r + 1
    return "".join(out)


def _mirror(t: str) -> str:
    return MIRROR.get(t, t)


def is_rtl(texts: list[str]) -> bool:
    """Base direction of a line: right to left unless Latin letters clearly dominate."""
    r = l = 0
    for t in texts:
        c = cluster_class(t)
        if c == "R":
            r += 1
        elif c == "L":
            l += 1
    return r >= l * 0.5 if l else True


def bracket_errors(text: str) -> int:
    """How badly brackets are paired: closers with nothing open plus openers never closed."""
    errors = 0
    for o, c in ("()", "[]", "{}", "«»", "<>"):
        depth = 0
        for ch in text:
            if ch == o:
                depth += 1
            elif ch == c:
                if depth:
                    depth -= 1
                else:
                    errors += 1
        errors += depth
    return errors


def guillemet_reversed(text: str) -> int:
    """1 when the text's first guillemet is » (Persian opens with «): a sign of mirroring."""
    i, j = text.find("«"), text.find("»")
    return 1 if j != -1 and (i == -1 or j < i) else 0
