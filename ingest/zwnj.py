"""Put back the zero-width non-joiners that extraction lost: میشود → می‌شود, شرکتها → شرکت‌ها.

Only words that are not words as written are changed, and only into forms the lexicon knows:
a whole word written with ZWNJ in hazm's list (سرمایه‌گذاری), a verb with the می/نمی prefix,
a known stem with a plural, comparative, pronoun or copula suffix, «به» before a word
(بهاصطلاح → به‌اصطلاح), a number word before its scale (یکهزار → یک‌هزار), and the plural
pronouns (آنها → آن‌ها). A ZWNJ goes only after a letter that joins to the left; after
ا د ذ ر ز ژ و the letters stay as they are.

«Xهای» is two words in one spelling: the plural «X‌های» (شرکت‌های) or, when «Xه» is a word,
«Xه» with the indefinite «ای» (نمونه‌ای). The indefinite is read when «X» alone is no word
(نمونهای, اندازهای), or when nothing the plural's ezafe could join follows (a punctuation
mark, «که», «از», a verb: «مقالهای که» is مقاله‌ای که, «شکستهای مالی» stays شکست‌های).
"""

from __future__ import annotations

import re

from .alphabet import ZWNJ
from .lexicon import is_tagged_word, is_verb_form, lexicon

# letters that do not join the next letter: no ZWNJ is needed after them
NON_JOINING = set("اآأإدذرزژوؤۀةء")

_SUFFIXES = (
    "هایمان", "هایتان", "هایشان", "هایی", "هایم", "هایت", "هایش", "های", "ها",
    "ترین", "تری", "تر",
    "ایم", "اید", "اند", "ای", "ام", "ات", "اش", "است",
)
_AFTER_HE_ONLY = {"ایم", "اید", "اند", "ای", "ام", "ات", "اش", "است"}  # «داشته‌اند»، «خانه‌ای»
_COMPARATIVE = {"تر", "ترین", "تری"}
_VERB_PREFIXES = ("نمی", "می")
_PREVERBS = ("بر", "در", "فرا", "باز", "ور")

_TOKEN = re.compile(r"[\u0621-\u064a\u0654\u067e\u0686\u0698\u06a9\u06af\u06cc\u06c0\u200c]+")
_NEXT_WORD = re.compile(r"\s*([\u0621-\u064a\u0654\u067e\u0686\u0698\u06a9\u06af\u06cc\u06c0\u200c]+)")
# what may follow the indefinite «ای» but never a plural's ezafe «های»
_AFTER_INDEFINITE = {"که", "از", "را", "به", "در", "با", "برای", "تا", "و", "یا", "هم", "نیز", "است", "بود", "شد",
                     "هست", "هستند", "بودند", "شدند", "باشد", "دارد", "داشت"}
_PRONOUN_PLURALS = {"آنها": "آن\u200cها", "اینها": "این\u200cها"}
_NUMBER_WORDS = ("یک", "دو", "سه", "چهار", "پنج", "شش", "هفت", "هشت", "نه", "ده", "بیست", "سی", "چهل", "پنجاه",
                 "شصت", "هفتاد", "هشتاد", "نود", "صد", "یکصد", "دویست", "سیصد", "چهارصد", "پانصد", "ششصد",
                 "هفتصد", "هشتصد", "نهصد")
_NUMBER_SCALE = re.compile(rf"({'|'.join(sorted(_NUMBER_WORDS, key=len, reverse=True))})(هزار|میلیون|میلیارد)(.*)")


def restore_zwnj(text: str) -> str:
    """Restore ZWNJ inside words and between a word and a detached suffix (کتاب ها → کتاب‌ها)."""
    def fix(m: re.Match) -> str:
        nxt = _NEXT_WORD.match(text, m.end())
        return fix_in_context(m.group(0), nxt.group(1) if nxt else None)
    text = _TOKEN.sub(fix, text)
    return _join_detached(text)


def fix_in_context(w: str, next_word: str | None = None) -> str:
    """One word of running text, ZWNJ restored: `fix_word`, and what only the reading of a text
    decides (`next_word` is the word after it, None after a punctuation mark): «نمونهای که» →
    نمونه‌ای که, آنها → آن‌ها, یکهزار → یک‌هزار, بهاصطلاح → به‌اصطلاح. Kept out of `fix_word`, which
    also judges whether two halves of a broken line are one word."""
    if ZWNJ in w or len(w) < 3:
        return w
    he = _indefinite_he(w, next_word)
    if he:
        return he
    if w in _PRONOUN_PLURALS:
        return _PRONOUN_PLURALS[w]
    n = _NUMBER_SCALE.fullmatch(w)
    if n and (not n.group(3) or n.group(3) in ("ی", "ها")) and not is_tagged_word(w):
        return n.group(1) + ZWNJ + n.group(2) + n.group(3)  # «یکهزار» is یک‌هزار, not یکه‌زار
    fixed = fix_word(w)
    if fixed != w or is_tagged_word(w) or w in lexicon().words:
        return fixed
    if w.startswith("به") and len(w) > 4:
        rest = w[2:]
        rest_fixed = fix_in_context(rest, next_word)
        if is_tagged_word(rest) or (rest_fixed != rest and is_known(rest)):
            return "به" + ZWNJ + rest_fixed  # «بهاصطلاح» → به‌اصطلاح، «بهگونهای» → به‌گونه‌ای
    return w


def fix_word(w: str) -> str:
    """One word, ZWNJ restored when the lexicon says how; unchanged otherwise."""
    if ZWNJ in w or len(w) < 3:
        return w
    lx = lexicon()
    if is_tagged_word(w) or (w.endswith("ی") and is_tagged_word(w[:-1])):
        return w  # a word, or a word with its ezafe/indefinite «ی» (انتهای، آمریکای)
    if w in lx.joined:
        return lx.joined[w]
    v = _split_verb(w)
    if v:
        return v
    if w in lx.words:
        return w
    s = _split_suffix(w)
    if s:
        return s
    c = _split_compound(w)
    if c:
        return c
    return w


def _indefinite_he(w: str, next_word: str | None) -> str | None:
    """«نمونهای» → نمونه‌ای, not نمون‌های: «Xه» with the indefinite «ای» rather than a plural of «X»."""
    if not w.endswith("های") or len(w) < 5 or is_tagged_word(w):
        return None
    x = w[:-3]
    if x.endswith("ه"):
        return None  # «هزینههای»: the plural of هزینه
    he = x + "ه"
    tags = lexicon().words.get(he) or ""
    if not ("N" in tags or "AJ" in tags):
        return None
    x_is_word = is_tagged_word(x) or x in lexicon().joined
    if x_is_word and not (next_word is None or next_word in _AFTER_INDEFINITE):
        return None  # «شکستهای مالی»: the plural with its ezafe
    return (lexicon().joined.get(he) or he) + ZWNJ + "ای"


def word_frequency(w: str) -> int:
    """How common a word is (its stem's count for a derived form); 0 for an unknown string."""
    lx = lexicon()
    if w in lx.freq and lx.freq[w]:
        return lx.freq[w]
    if w in lx.joined:
        return max(lx.freq.get(lx.joined[w], 0), 1)
    if w.endswith("ی") and is_tagged_word(w[:-1]):
        return max(lx.freq.get(w[:-1], 0), 1)
    fixed = fix_word(w)
    if fixed != w and is_known(w):
        return max(lx.freq.get(fixed.split(ZWNJ)[0], 0), lx.freq.get(fixed.split(ZWNJ)[-1], 0), 1)
    return 1 if is_tagged_word(w) else 0


def is_known(w: str, compounds: bool = True) -> bool:
    """A well-attested word, as written or once its ZWNJs are restored (تازهترین → تازه‌ترین).

    `compounds=False` does not count two words written together (سالبزرگتر) as known.
    """
    if is_tagged_word(w) or w in lexicon().joined:
        return True
    if w.endswith("ی") and is_tagged_word(w[:-1]):
        return True
    fixed = fix_word(w)
    if not compounds and fixed != w and _split_compound(w) == fixed:
        return False
    return fixed != w and all(is_tagged_word(p) or p in _SUFFIXES or is_verb_form(p) or p in ("می", "نمی")
                              for p in fixed.split(ZWNJ))


def _split_compound(w: str) -> str | None:
    """سرمایهگذاران → سرمایه‌گذاران: two well-attested words (the second maybe with a suffix)
    written together, the first ending in a letter that would otherwise join the second."""
    best = None
    for i in range(3, len(w) - 2):
        a, b = w[:i], w[i:]
        if a[-1] in NON_JOINING or not is_tagged_word(a):
            continue
        b_form = b if is_tagged_word(b) else (lexicon().joined.get(b) or _split_suffix(b))
        if not b_form and b.endswith("ان") and is_tagged_word(b[:-2]) and len(b) > 4:
            b_form = b  # a plural or agent noun in «ان»: گذاران، کنندگان
        if not b_form:
            continue
        if len(b.replace(ZWNJ, "")) < 3:
            continue
        score = min(len(a), len(b))
        if best is None or score > best[0]:
            best = (score, a + ZWNJ + b_form)
    return best[1] if best else None


def _glue(a: str, b: str) -> str:
    return a + b if a[-1] in NON_JOINING else a + ZWNJ + b


def _split_verb(w: str) -> str | None:
    for pv in ("",) + _PREVERBS:
        if pv and not w.startswith(pv):
            continue
        rest0 = w[len(pv):]
        for p in _VERB_PREFIXES:
            if rest0.startswith(p) and len(rest0) > len(p) + 1:
                rest = rest0[len(p):]
                if is_verb_form(rest) or _perfect_form(rest):
                    return pv + p + ZWNJ + _perfect_split(rest)
    return None


def _perfect_form(rest: str) -> bool:
    """رفته + ام/ای/است/ایم/اید/اند after می: «می‌رفته‌اند»."""
    for suf in ("اند", "ایم", "اید", "ام", "ای", "است"):
        if rest.endswith("ه" + suf) and rest[: -len(suf) - 1] in lexicon().past_stems:
            return True
    return rest.endswith("ه") and rest[:-1] in lexicon().past_stems


def _perfect_split(rest: str) -> str:
    for suf in ("اند", "ایم", "اید", "ام", "ای", "است"):
        if rest.endswith("ه" + suf) and rest[: -len(suf) - 1] in lexicon().past_stems:
            return rest[: -len(suf)] + ZWNJ + suf
    return rest


def _stem_ok(stem: str, suffix: str) -> bool:
    lx = lexicon()
    if len(stem) < 2:
        return False
    tags = lx.words.get(stem)
    if tags is None:
        if stem in lx.joined:
            tags = lx.words.get(lx.joined[stem], "")
        elif is_verb_form(stem) or _split_verb(stem) or (stem.endswith("ه") and stem[:-1] in lx.past_stems):
            tags = "V"
        else:
            return False
    if suffix in _COMPARATIVE:
        return "AJ" in tags or "ADV" in tags or tags == ""
    if suffix in _AFTER_HE_ONLY:
        return stem.endswith("ه")
    return True


def _split_suffix(w: str) -> str | None:
    lx = lexicon()
    for suf in _SUFFIXES:
        if w.endswith(suf) and len(w) > len(suf) + 1:
            stem = w[: -len(suf)]
            if _stem_ok(stem, suf):
                stem_form = lx.joined.get(stem) or _split_verb(stem) or stem
                if stem[-1] in NON_JOINING and suf not in _AFTER_HE_ONLY:
                    return stem_form + suf
                return stem_form + ZWNJ + suf
    return None


_DETACHED = re.compile(
    r"(?<![\w\u200c])(\S*?[\u0600-\u06ff])[ ](ها|های|هایی|هایش|هایشان|ترین|تر)(?=[\s\u060c.!?؟:;؛»)]|$)"
)
_DETACHED_MI = re.compile(r"(?<![\w\u200c])(ن?می)[ ]([\u0600-\u06ff]+)")


def _join_detached(text: str) -> str:
    """کتاب ها → کتاب‌ها, می شود → می‌شود: suffixes and the verb prefix separated by a space."""
    def suffix(m: re.Match) -> str:
        stem, suf = m.group(1), m.group(2)
        if suf in _COMPARATIVE and not _stem_ok(stem, suf):
            return m.group(0)
        if not _known(stem):
            return m.group(0)
        return _glue(stem, suf)

    def mi(m: re.Match) -> str:
        p, rest = m.group(1), m.group(2)
        if is_verb_form(rest) or _perfect_form(rest):
            return p + ZWNJ + rest
        return m.group(0)

    text = _DETACHED.sub(suffix, text)
    return _DETACHED_MI.sub(mi, text)


def _known(w: str) -> bool:
    lx = lexicon()
    return w in lx.words or w.replace(ZWNJ, "") in lx.joined
