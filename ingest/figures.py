"""find_figures: the numbers a journalist or translator checks, with their value, unit and sentence.

A wrong value is worse than a missed figure: the fact-checker and the verification gate compare
these values, so a misread turns a true claim into "contradicted". Handles digits of every
script (۱۲۳ ١٢٣ 123) and their separators (1,522,000 ۱۲۸٬۰۰۰ ۲۱۲،۵۵۹،۰۰۰; decimals ۳٫۵ 3.5 ۳۱/۵
and ۷۸٬۳), numbers in words (سه، بیست و پنج، یکصد و هفتاد و دو، یک‌هزار، هزار و سیصد), scale
words stacked and chained in any order Persian writes them (۳ هزار میلیارد، ۴ میلیارد و ۱۲۰
میلیون و ۵۵ هزار و ۹۰۱، ۵ هزار و ۲۱۸ میلیارد = 5,218 × 10⁹), fractions in words (شش‌دهم درصد،
۴۵ صدم درصد، دو سوم، نیم درصد، دو سال و نیم), multiples (دو برابر، دوبرابر), percentages,
currencies, ranges (۱۵ تا ۲۰ درصد، پنج یا شش نفر، ۲۰۰۹ تا ۲۰۱۲، ۹۲-۱۳۸۸ printed high–low),
years (سال ۸۵ = 1385، سال ۶۱ هجری = 61) and dates (Jalali, Gregorian and Hijri, numeric or with
month names). Labels, phone numbers, list numbering and numbers inside names are not figures.
"""

from __future__ import annotations

import re

from .alphabet import ARABIC_DIGITS, LATIN_DIGITS, PERSIAN_DIGITS, ZWNJ
from .document import FURNITURE, Figure, Page
from .lexicon import is_verb_form
from .quantities import bound_before

# one character for one: spans in the normalised text are spans in the original
# digits of every script, Arabic decimal/thousands separators and ي/ك, each to one character
# a soft hyphen stands where a ZWNJ belongs («سال­های»), the minus sign for a dash («۹۱−۱۹۹۰»)
_DIGITS = str.maketrans(PERSIAN_DIGITS + ARABIC_DIGITS + "٫٬يك\u00ad\u2212", LATIN_DIGITS * 2 + ".,یک\u200c-")

SCALES = {"هزار": 1e3, "میلیون": 1e6, "میلیارد": 1e9, "بیلیون": 1e9, "تریلیون": 1e12, "بیلیارد": 1e12}
UNITS = {
    "درصد": "percent", "در صد": "percent", "%": "percent", "٪": "percent",
    "ریال": "rial", "تومان": "toman", "دلار": "dollar", "یورو": "euro", "پوند": "pound",
    "درهم": "dirham", "یوان": "yuan", "روبل": "ruble", "لیر": "lira", "ین": "yen",
}
_UNIT_ORDER = sorted(UNITS, key=len, reverse=True)

_WORD_NUMBERS = {
    "یک": 1, "دو": 2, "سه": 3, "چهار": 4, "پنج": 5, "شش": 6, "شیش": 6, "هفت": 7, "هشت": 8,
    "نه": 9, "ده": 10, "یازده": 11, "دوازده": 12, "سیزده": 13, "چهارده": 14, "پانزده": 15,
    "پونزده": 15, "شانزده": 16, "هفده": 17, "هجده": 18, "هیجده": 18, "نوزده": 19, "بیست": 20,
    "سی": 30, "چهل": 40, "پنجاه": 50, "شصت": 60, "هفتاد": 70, "هشتاد": 80, "نود": 90,
    "صد": 100, "یکصد": 100, "دویست": 200, "سیصد": 300, "چهارصد": 400, "پانصد": 500, "پونصد": 500,
    "ششصد": 600, "هفتصد": 700, "هشتصد": 800, "نهصد": 900,
}
# the hundreds also written with a joiner: «یک‌صد»، «شش‌صد»، «هفت‌صد»
_WORD_NUMBERS.update({f"{w}\u200cصد": n * 100 for w, n in list(_WORD_NUMBERS.items()) if 1 <= n <= 9 and w != "شیش"})
# words that are also ordinary words (the indefinite «یک», «نه» no, «ده» village, «سی» in «بی بی سی»):
# a number only beside a scale, a unit, «برابر», a unit of measure or a hedge («دست‌کم یک فلز»)
_AMBIGUOUS = {"یک", "نه", "ده", "سی"}
# «نه» and «ده» before a noun count it («نه کشور»، «ده تیم») unless the noun is one of these
# (a pronoun or an adverb: «نه تنها»، «نه او»، «ده ما») or «نه» is the «neither … nor» of the sentence
_NOT_COUNTED = {"تنها", "فقط", "همه", "هیچ", "چندان", "چنین", "چنان", "اینکه", "این‌که", "او", "ما", "شما",
                "ایشان", "آنها", "آن‌ها", "من", "تو", "بلکه", "خیر", "بابا", "اصلا", "اصلاً", "هرگز", "همیشه",
                "زیاد", "کم", "خوب", "بد", "بالا", "پایین"}
_MEASURES = {"سال", "ماه", "هفته", "روز", "ساعت", "دقیقه", "ثانیه", "دهه", "قرن", "سده", "نفر", "کیلومتر", "متر",
             "کیلوگرم", "تن", "لیتر", "هکتار", "بار", "مرتبه", "ساله", "سالگی", "ماهه", "ماهگی", "روزه", "ساعته"}
# the counters Persian puts between a number and what it counts: «یک دستگاه اتوبوس»، «یک فروند بالگرد»,
# and the kitchen measures of a recipe: «یک قاشق غذاخوری»
_CLASSIFIERS = {"دستگاه", "فروند", "رأس", "راس", "عدد", "دانه", "قطعه", "جلد", "باب", "جفت", "نسخه", "قلم", "حلقه",
                "رشته", "دست", "نفر", "تن", "کیلو", "قاشق", "لیوان", "پیمانه", "فنجان", "استکان"}
# a measure written against its number: «دوماهه»، «یک‌سالگی»، «سه‌ساله»
_JOINED_MEASURES = ("سالگی", "ساله", "ماهگی", "ماهه", "روزه", "ساعته", "هفته‌ای", "نفره", "تا", "گانه")
# measures written against their number as a word of their own: «یک‌سال»، «یکبار»، «دوروز» (not «دوباره»)
_JOINED_WORDS = ("سال", "ماه", "روز", "هفته", "ساعت", "بار", "نفر")
# a number right after these names a thing (منطقه 22، ماده 1، شبکه پنج، پژو ۴۰۵), it counts nothing
_LABELS = {"منطقه", "ناحیه", "ماده", "مواد", "اصل", "تبصره", "بند", "جزء", "فصل", "فاز", "شبکه", "کانال", "پلاک",
           "شماره", "ردیف", "جدول", "جداول", "صفحه", "ص", "ج", "چ", "آیه", "سوره", "ایستگاه", "کوچه", "خیابان",
           "بزرگراه", "اتوبان", "جاده", "پرواز", "قطعه", "کد", "شناسه", "تلفن", "نمابر", "فکس", "پژو", "آیفون",
           "سمند", "پراید", "گلکسی", "ایرباس", "بوئینگ", "قسمت", "نسخه", "پایه", "کلاس", "سکو", "اتاق", "بلوک",
           "قطعنامه", "پیش‌شماره", "اورژانس", "باب", "نوع", "تیپ"}
_FUNCTION_WORDS = {"و", "تا", "از", "به", "در", "که", "را", "با", "یا", "هم", "نیز", "بر", "برای", "این", "آن",
                   "است", "بود", "شد", "بوده", "شده", "هست", "می", "نمی"}
# compound words that begin with a number word but name a thing: no figure inside
_IDIOMS = ("چهار راه", "چهارراه", "سه راه", "سه‌راه", "دو راهی", "دوراهی", "هفت تیر", "هشت پا", "هشت‌پا", "هزار پا",
           "هزارپا", "چهار پا", "چهارپا", "سه‌پایه", "چهار چوب", "چهارچوب", "هفت سین", "هفت‌سین",
           "صد حیف", "یک شبه", "یک‌شبه", "نیم سال", "نیمسال", "نیم‌سال", "نیم کره", "نیمکره", "نیم‌کره",
           "نیم طبقه", "نیم‌طبقه", "نیم نگاه", "نیم‌نگاه", "هزار و یک شب", "یک فوریتی", "دو فوریتی", "سه فوریتی",
           "یک‌بار مصرف", "یکبار مصرف", "یک بار مصرف", "دو چندان", "دوچندان", "صد چندان", "صدچندان",
           "صفر تا صد")
# adjectives made of a number and a noun: «دو جانبه» bilateral, «یک‌طرفه» one-way, «سه بعدی» 3D
_IDIOM_TAILS = ("جانبه", "طرفه", "بعدی", "قطبی", "زبانه", "نرخی")
_WEEKDAY = re.compile(r"\s*\u200c?شنبه")
_LIGHT_VERBS = "شد|شده|شدند|گردید|گردیده|کرد|کرده|کردند|نمود|نموده|یافت|یافته|می\u200cشود|می\u200cکند"
_LETTER = r"\u0621-\u063a\u0641-\u065f\u0670-\u06d3"

JALALI_MONTHS = ["فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور", "مهر", "آبان", "آذر", "دی",
                 "بهمن", "اسفند"]
GREGORIAN_MONTHS = ["ژانویه", "فوریه", "مارس", "آوریل", "مه", "ژوئن", "ژوئیه", "اوت", "سپتامبر", "اکتبر",
                    "نوامبر", "دسامبر"]
_GREG_ALT = {"ژانویهٔ": 1, "فوریهٔ": 2, "مارچ": 3, "آپریل": 4, "می": 5, "جون": 6, "جولای": 7, "ژوییه": 7,
             "آگوست": 8, "اگوست": 8}
_MONTHS = {m: (i + 1, "jalali") for i, m in enumerate(JALALI_MONTHS)}
_MONTHS.update({m: (i + 1, "gregorian") for i, m in enumerate(GREGORIAN_MONTHS)})
_MONTHS.update({m: (n, "gregorian") for m, n in _GREG_ALT.items()})
# the hedges before a figure and the way each bounds it
_HEDGES = {**dict.fromkeys(("حدود", "حدوداً", "حدودا", "تقریباً", "تقریبا", "نزدیک به", "قریب به", "در حدود",
                            "بالغ بر", "حدود به"), "about"),
           **dict.fromkeys(("بیش از", "بیشتر از", "بیش‌تر از", "متجاوز از", "افزون بر", "بالای", "حداقل",
                            "دست‌کم", "دست کم", "لااقل"), "over"),
           **dict.fromkeys(("کمتر از", "کم‌تر از", "حداکثر", "زیر", "کمتر از حدود"), "under")}

HIJRI_MONTHS = ["محرم", "صفر", "ربیع‌الاول", "ربیع‌الثانی", "جمادی‌الاول", "جمادی‌الثانی", "رجب", "شعبان",
                "رمضان", "شوال", "ذی‌القعده", "ذی‌الحجه"]
_MONTHS.update({m: (i + 1, "hijri") for i, m in enumerate(HIJRI_MONTHS)})

# the fraction a word after a number makes of it: «شش‌دهم» 6/10, «دو سوم» 2/3
_DENOMINATORS = {"سوم": 3, "چهارم": 4, "پنجم": 5, "ششم": 6, "هفتم": 7, "هشتم": 8, "نهم": 9, "دهم": 10, "صدم": 100,
                 "هزارم": 1000}
_HALVES = {"نصف": 0.5, "نیمی": 0.5}

# a year's calendar written after it: «۶۱ هجری قمری»، «۱۹۳۹م»، «۶۵۴ ه‍.ق»
_CALENDAR_MARK = re.compile(
    rf"\s*(قبل از میلاد|پیش از میلاد|ق\.\s?م\.?|ق\s?م(?![{_LETTER}])|میلادی|شمسی|خورشیدی|هجری(?:\s+(?:قمری|شمسی|خورشیدی))?"
    rf"|قمری|ه[\u200d\u0640]?\s?\.?\s?[قشخ]|ق|م|ش)(?![{_LETTER}])")
_BCE = ("قبل از میلاد", "پیش از میلاد", "ق.م", "ق. م", "ق م", "قم")


def _calendar_of_mark(mark: str) -> str:
    if mark.startswith(_BCE) or mark.startswith(("میلادی", "م")):
        return "gregorian"
    if mark.startswith(("شمسی", "خورشیدی", "ش")) or mark.endswith(("شمسی", "خورشیدی", "ش", "خ")):
        return "jalali"
    return "hijri"


def _ordinal_days() -> dict[str, int]:
    """اول، دوم، سوم … سی‌ام، سی و یکم: the day of a month written as a word."""
    units = {v: w for w, v in _WORD_NUMBERS.items() if v < 20 and w not in ("شیش", "پونزده", "هیجده")}
    def ordinal(n: int) -> list[str]:
        if n == 1:
            return ["اول", "یکم"]
        if n == 3:
            return ["سوم"]
        if n == 30:
            return ["سی‌ام", "سی ام", "سیم"]
        if n < 20 or n == 20:
            return [units.get(n, "بیست") + "م"]
        head = "بیست" if n < 30 else "سی"
        return [f"{head} و {o}" for o in ordinal(n % 10)]
    return {o: n for n in range(1, 32) for o in ordinal(n)}


_ORDINAL_DAYS = _ordinal_days()

# «69/5» is 69.5 in Persian typing; a 4-digit head (1402/05) is a year and month, not a decimal.
# Thousands go in groups of three after «,» «٬» or «،»; «۷۸٬۳» (one or two digits after «٬») is
# a decimal, as Persian keyboards put «٬» where «٫» belongs.
_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\d,])|\d{1,3}(?:،\d{3})+(?![\d،])|\d+,\d{1,2}(?![\d,])|\d{1,3}/\d+(?![/\d])|\d+(?:\.\d+)?"
_SCALE_RE = "|".join(sorted(SCALES, key=len, reverse=True))
_MONTH_RE = "|".join(sorted(_MONTHS, key=len, reverse=True))
_WORDNUM_RE = "|".join(sorted(_WORD_NUMBERS, key=len, reverse=True))
_ORDINAL_RE = "|".join(sorted(_ORDINAL_DAYS, key=len, reverse=True))
_NOUN = rf"[{_LETTER}\u200c]+"
_NOT_IN_WORD_BEFORE = rf"(?<![{_LETTER}\u200c])"
_NOT_IN_WORD_AFTER = rf"(?![{_LETTER}\u200c])"

_DATE_NUMERIC = re.compile(r"(?<![\d/])(\d{4})/(\d{1,2})/(\d{1,2})(?![\d/])|(?<![\d/])(\d{1,2})/(\d{1,2})/(\d{4})(?![\d/])")
# «12 بهمن 92»، «هشتم شهریورماه»، «اول ماه آوریل»، «۲۶ دی ۱۳۷۹»، «دهم محرم ۶۱ هجری»
_DATE_NAMED = re.compile(
    rf"(?<![\d{_LETTER}\u200c])(?P<day>\d{{1,2}}|{_ORDINAL_RE}|{_WORDNUM_RE})\s*(?:ام\s+)?(?:ماه\s+)?"
    rf"(?P<month>{_MONTH_RE})(?P<mend>(?:\u200c?ماه)?)(?![{_LETTER}\u200c])"
    rf"(?:\s*(?:ماه\s*)?(?:سال\s+)?(?P<year>\d{{1,4}})(?![\d/.,:]))?")
# «خرداد ۹۹»، «مه ۲۰۰۸»: a month and a year, no day
_MONTH_YEAR = re.compile(rf"(?<![{_LETTER}\d])({_MONTH_RE})(?:\u200c?ماه)?\s+(?:ماه\s+)?(?:سال\s+)?(\d{{4}}|\d{{2}})(?![\d/.,:])")
_TIME = re.compile(r"(?<![\d:/.])(\d{1,2}):(\d{2})(?![\d:])")
_CLOCK = re.compile(r"ساعت\s+(\d{1,2})(?![\d:/.,])")
# «سال تحصیلی 94-93»، «89 ـ 1388»، «۰۷–۲۰۰۶»، «۹۲-۱۳۸۸»، «۱۹۹۷-۱۹۹۱»: a span of years, either end first
_YEAR_SPAN = re.compile(r"(?<![\d/.,])(\d{4}|\d{2})\s*[-–—ـ_]\s*(\d{4}|\d{2})(?![\d/.,%٪])")
_SHORT_YEAR = re.compile(
    r"(?<![\u0621-\u063a\u0641-\u065f\u0670-\u06d3])(?:سال(?:\u200c?های)?|نوروز|انقلاب|دهه|تقویم|بودجه)"
    r"(?:\s+(?:تحصیلی|مالی|زراعی|جاری|سال))?\s+(\d{2})(?![\d/.,:])")
_MORE_SHORT_YEARS = re.compile(r"\s*(?:و|،|,)\s*(\d{2})(?![\d/.,:])")
_ZERO = re.compile(rf"{_NOT_IN_WORD_BEFORE}صفر(?=\s+[{_LETTER}])")
# a match score or a ratio: «25 بر سه»، «2 بر صفر»
_SCORE_SIDE = rf"\d+|صفر|{_WORDNUM_RE}"
_SCORE = re.compile(rf"{_NOT_IN_WORD_BEFORE}(?<![\d.,/])({_SCORE_SIDE})\s+بر\s+({_SCORE_SIDE})(?![\d.,/]){_NOT_IN_WORD_AFTER}")
# «یکی دو ماه»، «دو سه روز»، «هفتاد هشتاد نفر»: two neighbouring numbers side by side are a loose range
_LOOSE_PAIR = re.compile(rf"{_NOT_IN_WORD_BEFORE}(یکی|{_WORDNUM_RE})\s+({_WORDNUM_RE}){_NOT_IN_WORD_AFTER}")

# the pieces of a number: digits, a word number, a scale word, the «و» that chains them
_DIGIT_NUM = re.compile(rf"(?<![A-Za-z\d.,])(?<!\d/)(?<![A-Za-z]-)(?:{_NUM})(?![\d/A-Za-z])")
_WORD_END = rf"(?=\u200c?(?:{_SCALE_RE}|برابر|{'|'.join(_JOINED_MEASURES)}|(?:{'|'.join(_JOINED_WORDS)})(?![{_LETTER}]))|[^{_LETTER}\u200c]|\u200c(?!\S)|$)"
_WORD = re.compile(rf"{_NOT_IN_WORD_BEFORE}({_WORDNUM_RE}){_WORD_END}")
_SCALE = re.compile(rf"(?:\s*|\u200c)({_SCALE_RE})(?!ها|ان|\u200cها)")
_AND = re.compile(r"\s*و(?:\s+|(?=\d))")
_AND_WORD = re.compile(rf"\s+و\s+(?={_WORDNUM_RE})")
_AND_HALF = re.compile(rf"\s*و\s*نیم(?![{_LETTER}])")
_ORDINAL_AFTER = re.compile(rf"\s+و\s+[{_LETTER}]+(?:م|مین|ام)(?![{_LETTER}])")
_START = re.compile(rf"(?<![A-Za-z\d.,])(?<!\d/)(?<![A-Za-z]-)\d|{_NOT_IN_WORD_BEFORE}(?:{_WORDNUM_RE}|هزار)")

# fractions in words
_FRACTION_DIGITS = re.compile(rf"(?<![A-Za-z\d.,/])({_NUM})(?:\s*|\u200c)(دهم|صدم|هزارم)(?![{_LETTER}])")
_FRACTION_WORDS = re.compile(
    rf"{_NOT_IN_WORD_BEFORE}((?:{_WORDNUM_RE})(?:\s+و\s+(?:{_WORDNUM_RE}))*)(?:\s+|\u200c)"
    rf"({'|'.join(_DENOMINATORS)})(?![{_LETTER}])")
_FRACTION_JOINED = re.compile(rf"{_NOT_IN_WORD_BEFORE}(یک|دو|سه)(سوم|چهارم|پنجم)(?![{_LETTER}])")
_HALF = re.compile(rf"{_NOT_IN_WORD_BEFORE}(نصف|نیمی|(?<!و )(?<!و)نیم|(?:(یک|دو|سه)\s+)?ربع)(?![{_LETTER}])")
_IDIOM = re.compile(
    rf"{_NOT_IN_WORD_BEFORE}(?:{'|'.join(sorted(map(re.escape, _IDIOMS), key=len, reverse=True))}"
    rf"|(?:یک|دو|سه|چند)(?:\s|\u200c)?(?:{'|'.join(_IDIOM_TAILS)})"
    # a knockout round: «مرحله یک هشتم نهایی»، «یک چهارم نهایی»
    rf"|(?<=مرحله )یک\s+(?:هشتم|چهارم|شانزدهم)|یک\s+(?:هشتم|چهارم|شانزدهم)(?=\s+نهایی)"
    # a quarter or a half of the year by its name: «سه ماهه نخست»، «شش‌ماهه دوم سال»
    rf"|(?:سه|شش|۳|۶|3|6)(?:\s|\u200c)?ماهه\s+(?:اول|دوم|سوم|چهارم|نخست|پایانی|آخر)){_NOT_IN_WORD_AFTER}")
# «1- سوره فتح»، «۳- دستگاه مرکزی»: the number of an item in a list, at the start of a line
_LIST_NUMBER = re.compile(r"(?:^|(?<=\n))[ \t\-–]*(\d{1,3})\s*[-–._)](?=\s+\D|\s*$)")
_UNIT_AFTER = re.compile(r"\s*(?:[%٪]|(?:" + "|".join(map(re.escape, _UNIT_ORDER + list(SCALES))) + rf")(?![{_LETTER}]))")
_SENTENCE_END = re.compile(r"[.!?؟\n]+(?=\s|$)")


class _Number:
    """A number phrase read from the text: where it is and what it is worth."""

    __slots__ = ("start", "end", "value", "scaled", "raw", "words", "half")

    def __init__(self, start: int, end: int, value: float, scaled: bool, raw: str | None, words: list[str],
                 half: bool) -> None:
        self.start, self.end, self.value, self.scaled = start, end, value, scaled
        self.raw, self.words, self.half = raw, words, half


def find_figures(text: str) -> list[Figure]:
    """Every figure in `text`, in order, with normalised value, unit, span and sentence."""
    if not text:
        return []
    norm = text.translate(_DIGITS)  # same length as text: spans carry over
    taken: list[tuple[int, int]] = []
    out: list[Figure] = []

    def free(s: int, e: int) -> bool:
        return all(e <= a or s >= b for a, b in taken)

    def add(f: Figure) -> None:
        taken.append((f.start, f.end))
        f.text = text[f.start:f.end]
        f.sentence = _sentence(text, f.start, f.end)
        f.bound = f.bound or _hedge(norm, f.start)
        f.approximate = f.approximate or bool(f.bound)
        out.append(f)

    for m in _IDIOM.finditer(norm):  # «چهار راه»، «هشت پا»، «نیم سال دوم»: names, no figure inside
        if m.group(0).endswith("راه"):
            nxt = re.match(rf"\s+([{_LETTER}]+)", norm[m.end():m.end() + 30])
            if not nxt or nxt.group(1) in _FUNCTION_WORDS:
                continue  # «بشر سه راه برای حل این مسئله دارد»: three ways, not a crossroads
        taken.append((m.start(), m.end()))
    for m in _LIST_NUMBER.finditer(norm):
        taken.append((m.start(1), m.end(1)))

    for m in _DATE_NUMERIC.finditer(norm):
        if m.group(1):
            y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
        else:
            d, mo, y = int(m.group(4)), int(m.group(5)), int(m.group(6))
        if 1 <= mo <= 12 and 1 <= d <= 31 and free(m.start(), m.end()):
            add(Figure("", y * 10000 + mo * 100 + d, "date", "date", m.start(), m.end(), calendar=_calendar(y)))
    for m in _DATE_NAMED.finditer(norm):
        if not free(m.start(), m.end()):
            continue
        if m.group("month") == "می" and not m.group("year"):
            continue  # «۲۰ می‌دهم»: the verb prefix, not May
        day = m.group("day")
        d = int(day) if day.isdigit() else _ORDINAL_DAYS.get(day) or _WORD_NUMBERS.get(day, 0)
        mo, cal = _MONTHS[m.group("month")]
        y, end = 0, m.end("mend")
        if m.group("year"):
            y, end, cal = _date_year(norm, m.group("year"), m.end(), m.end("mend"), cal)
        if 1 <= d <= 31:
            add(Figure("", y * 10000 + mo * 100 + d, "date", "date", m.start(), end, calendar=cal))
    for m in _MONTH_YEAR.finditer(norm):
        if not free(m.start(), m.end()):
            continue
        mo, cal = _MONTHS[m.group(1)]
        if len(m.group(2)) == 2 and (cal != "jalali" or _UNIT_AFTER.match(norm, m.end())
                                     or _counted_noun_after(norm, m.end())):
            continue  # «خرداد ۹۹» is 1399; «اسفند ۲۰ هزار تن» is not a date
        y = _full_year(int(m.group(2)))
        add(Figure("", y * 10000 + mo * 100, "date", "date", m.start(), m.end(), calendar=cal))
    for m in _TIME.finditer(norm):
        h, mi = int(m.group(1)), int(m.group(2))
        if free(m.start(), m.end()) and h <= 24 and mi < 60:
            add(Figure("", h + mi / 60, "time", "time", m.start(), m.end()))
    for m in _CLOCK.finditer(norm):
        if free(m.start(1), m.end(1)) and int(m.group(1)) <= 24:
            add(Figure("", float(m.group(1)), "time", "time", m.start(1), m.end(1)))
    for m in _YEAR_SPAN.finditer(norm):
        if free(m.start(), m.end()):
            span = _year_span(norm, m)
            if span:
                low, high, cal = span
                add(Figure("", float(low), "year", "range", m.start(), m.end(), high=float(high), calendar=cal))
    for m in _SHORT_YEAR.finditer(norm):
        countable = not m.group(0).startswith(("بودجه", "نوروز", "انقلاب", "تقویم"))  # «بودجه 84 دست به کار شد»
        if not free(m.start(1), m.end(1)) or _UNIT_AFTER.match(norm, m.end(1)) \
                or countable and _counter_after(norm, m.end(1)) \
                or re.search(r"هر\s+$", norm[max(0, m.start() - 4):m.start()]):
            continue  # «در هر سال ۱۲ عدد»: a count, not the year 1412
        mark = _CALENDAR_MARK.match(norm, m.end(1))
        if mark:  # «سال ۶۱ هجری قمری» is the year 61, not 1361
            add(Figure("", float(m.group(1)), "year", "year", m.start(1), m.end(1) + mark.end() - mark.start(),
                       calendar=_calendar_of_mark(mark.group(1))))
            continue
        add(Figure("", float(_full_year(int(m.group(1)))), "year", "year", m.start(1), m.end(1), calendar="jalali"))
        end = m.end(1)
        while (more := _MORE_SHORT_YEARS.match(norm, end)) and free(more.start(1), more.end(1)) \
                and not _UNIT_AFTER.match(norm, more.end(1)) and not _counted_noun_after(norm, more.end(1)):
            add(Figure("", float(_full_year(int(more.group(1)))), "year", "year", more.start(1), more.end(1),
                       calendar="jalali"))  # «بودجه سال‌های ۹۸ و ۹۹»: the list goes on in years
            end = more.end(1)
    for m in _ZERO.finditer(norm):  # «صفر درجه»، «صفر درصد»: zero degrees, zero percent
        if free(m.start(), m.end()):
            f = _with_unit(norm, m.start(), m.end(), 0.0, False, raw=None)
            if f is not None and (f.kind in ("amount", "percent") or f.counts == "درجه"):  # not «ماه صفر سال ۶۱»
                add(f)
    for m in _SCORE.finditer(norm):
        if free(m.start(), m.end()):
            for g in (1, 2):
                side = m.group(g)
                value = 0.0 if side == "صفر" else float(side) if side.isdigit() else float(_WORD_NUMBERS[side])
                add(Figure("", value, "number", "number", m.start(g), m.end(g)))

    for m in _LOOSE_PAIR.finditer(norm):
        low = 1 if m.group(1) == "یکی" else _WORD_NUMBERS[m.group(1)]
        high = _WORD_NUMBERS[m.group(2)]
        if _neighbours(low, high) and free(m.start(), m.end()) and not _WEEKDAY.match(norm, m.end()) \
                and not _SCALE.match(norm, m.end()) and not _FRACTION_WORDS.match(norm, m.start(2)):
            f = _with_unit(norm, m.start(), m.end(), float(low), False, raw=None)
            if f is not None and f.kind in ("count", "number"):
                add(Figure("", float(low), f.unit, "range", m.start(), m.end(), high=float(high), counts=f.counts,
                           approximate=True))

    _fractions(norm, free, add)

    pos = 0
    while (m := _START.search(norm, pos)) is not None:
        pos = m.end()
        if not free(m.start(), m.end()):
            continue
        n = _read_number(norm, text, m.start())
        if n is None:
            continue
        if n.value < 0:  # an ordinal («بیست و پنجمین»): skip all of it
            pos = n.end
            continue
        pos = max(pos, n.end)
        if not free(n.start, n.end):
            continue
        f = _figure_of(norm, n)
        if f is not None:
            add(f)
            pos = max(pos, f.end)

    out.sort(key=lambda f: f.start)
    _merge_ranges(norm, out)
    return out


# ---------------------------------------------------------------- reading a number phrase


def _read_number(norm: str, text: str, start: int) -> _Number | None:
    """The longest number phrase at `start`: a chain of terms joined by «و», each a number in
    digits or words with the scale words after it.

    A scale word multiplies everything before it that is smaller than itself, so «۴ میلیارد و ۱۲۰
    میلیون و ۵۵ هزار و ۹۰۱» adds up term by term while «۵ هزار و ۲۱۸ میلیارد» is (5,000 + 218)
    billion and «دو میلیون و ۴۰۵ هزار میلیارد» is 2,405,000 billion. The value is -1 for an
    ordinal («بیست و پنجمین»), whose span is skipped.
    """
    stack: list[list[float]] = []  # [value, scale] pairs, scales decreasing

    def scale_by(s: float) -> None:
        acc = 0.0
        while stack and stack[-1][1] < s:
            acc += stack.pop()[0]
        stack.append([acc * s, s])

    base = _base(norm, text, start)
    if base is None:
        if not _SCALE.match(norm, start) or not norm.startswith("هزار", start):
            return None
        base = (start, 1.0, None, [], False)  # «هزار و ۳۰۰»: a thousand
    end, value, raw, words, half = base
    if value < 0:
        return _Number(start, end, -1, False, None, words, False)
    stack.append([value, 1.0])
    scaled = False
    term_scales: list[float] = []
    while m := _SCALE.match(norm, end):
        scale_by(SCALES[m.group(1)])
        term_scales.append(SCALES[m.group(1)])
        end, scaled = m.end(), True
    while term_scales:
        prev, top = min(term_scales), max(term_scales)  # the last term's last scale and its level
        m = _AND.match(norm, end)
        if not m:
            break
        h = _AND_HALF.match(norm, end)
        if h:  # «دو میلیون و نیم»: half of the last scale
            stack.append([0.5 * prev, 1.0])
            end, half = h.end(), True
            break
        nxt = _base(norm, text, m.end())
        if nxt is None and norm.startswith("هزار", m.end()) and _SCALE.match(norm, m.end()):
            nxt = (m.end(), 1.0, None, [], False)  # «… میلیارد و هزار»: a thousand
        if nxt is None or nxt[1] < 0:
            break
        scales = []
        e = nxt[0]
        while s := _SCALE.match(norm, e):
            scales.append(SCALES[s.group(1)])
            e = s.end()
        if not scales:
            if nxt[1] >= prev:
                break  # «هزار و ۲۰۰۰»: two numbers
            stack.append([nxt[1], 1.0])
            end, raw = nxt[0], None
            words += nxt[3]
            break
        if max(scales) == top:
            break  # «۳ هزار و ۴ هزار»: two numbers, not one
        stack.append([nxt[1], 1.0])
        for s in scales:
            scale_by(s)
        end, raw, term_scales = e, None, scales
        words += nxt[3]
    total = sum(v for v, _ in stack)
    return _Number(start, end, total, scaled, raw if not scaled else None, words, half)


def _base(norm: str, text: str, pos: int) -> tuple[int, float, str | None, list[str], bool] | None:
    """One number without its scale: digits, or number words that compose («صد و بیست و پنج»),
    with «و نیم» after it. (end, value, digits as written or None, words, half); value -1 for
    an ordinal."""
    m = _DIGIT_NUM.match(norm, pos)
    if m:
        raw = m.group(0)
        end = m.end()
        if re.fullmatch(r"\d+,\d{1,2}", raw) and "٬" not in text[m.start():end]:
            raw = raw.split(",")[0]  # «1,5» with a Latin comma: two numbers, not a decimal
            end = m.start() + len(raw)
        value = _num(raw, text[m.start():end])
        words: list[str] = []
    else:
        m = _WORD.match(norm, pos)
        if not m:
            return None
        words = [m.group(1)]
        end = m.end()
        while (a := _AND_WORD.match(norm, end)) and (w := _WORD.match(norm, a.end())):
            if _composite_length(words + [w.group(1)]) <= len(words):
                break
            words.append(w.group(1))
            end = w.end()
        o = _ORDINAL_AFTER.match(norm, end)
        if o and not _AND_HALF.match(norm, end):
            return o.end(), -1.0, None, words, False
        value = float(sum(_WORD_NUMBERS[w] for w in words))
        raw = None
    h = _AND_HALF.match(norm, end)
    if h and not _SCALE.match(norm, end):
        return h.end(), value + 0.5, None, words, True
    return end, value, raw, words, False


def _figure_of(norm: str, n: _Number) -> Figure | None:
    """The figure a number phrase makes once what follows it is read, or None when it names
    rather than counts (a label, a weekday, the indefinite «یک», a phone number)."""
    f = _with_unit(norm, n.start, n.end, n.value, n.scaled, raw=n.raw)
    if f is None:
        return None
    if f.unit == "count" and f.counts and not n.half and n.value == int(n.value):
        h = re.compile(rf"\s*{re.escape(f.counts)}\s*و\s*نیم(?![{_LETTER}])").match(norm, f.end)
        if h:  # «دو سال و نیم»، «یک دینار و نیم»
            f.value += 0.5
            f.end = h.end()
            n.half = True
    _signed(norm, n, f)
    if re.search(r"(?<![\u0621-\u06d3])(?<!هر )(?<!هر\u200c)چند\s*$", norm[max(0, n.start - 9):n.start]):
        return None  # «چند صد میلیونی»، «چند هزار نفر»: several hundred, no value to quote
    if n.words:
        if not n.scaled and _WEEKDAY.match(norm, n.end):  # «سه شنبه»
            return None
        if _labelled(norm, n.start):
            return None
        if len(n.words) == 1 and n.words[0] in _AMBIGUOUS and not n.scaled and not n.half \
                and f.unit in ("count", "number") and f.counts.strip(ZWNJ) not in _MEASURES \
                and f.counts.strip(ZWNJ) not in _CLASSIFIERS \
                and not _range_follows(norm, f.end) and not _hedged(norm, n.start) \
                and not _counts_a_noun(norm, n.words[0], f):
            return None  # «یک مطالعه»، «نه تنها»، «ده»: ordinary words here
        if f.unit == "count" and not f.counts:
            return None
        return f
    if f.unit in ("count", "number") and (_labelled(norm, n.start) or _footnote(norm, n.start, n.end)):
        return None
    if n.value == 1000 and norm.startswith("هزار", n.start) and f.kind not in ("amount", "percent", "ratio") \
            and f.counts not in _MEASURES:
        return None  # a bare «هزار» counts only a measure: «هزار نفر», not «هزار دریغ»
    if n.raw and n.raw[0] == "0" and len(n.raw) >= 3 and n.raw.isdigit():
        return None  # a phone number, a prefix or a code: «09121234567»، «۰۹۳۴»; no quantity starts with 0
    if f.unit in ("count", "number") and f.counts not in _MEASURES \
            and re.search(r"[A-Za-z]\s+(?:\d+[-–])?$", norm[max(0, n.start - 12):n.start]):
        return None  # a name's number: «iPhone 15»، «Windows 11»، «Pantone 16-1546»
    if re.search(rf"[A-Za-z{_LETTER}][-–]$", norm[max(0, n.start - 2):n.start]):
        return None  # «اف-۳۱۳»، «GPT-5»: part of a name
    if f.kind in ("count", "number") and (re.match(rf"[-–]\s+[{_LETTER}]", norm[n.end:n.end + 3])
                                          or n.raw and len(n.raw) <= 2 and re.match(rf"[-–][{_LETTER}]", norm[n.end:n.end + 2])):
        return None  # «گلوکز ۶- فسفات»، «۱-نیروی جاذبه ۲-آب سطحی»: a locant or an item's number
    if n.raw and len(n.raw) <= 2 and n.raw.isdigit() and _note_marker(norm, n.start, n.end):
        return None  # «وذکر الشیخ1 أنها»: a note's number against the word, its superscript lost
    return f


def _hedged(norm: str, start: int) -> bool:
    """«دست‌کم یک فلز»، «تنها یک نفر»، «بیش از ده کشور»: after a bound the word is the number."""
    return bool(re.search(r"(?:" + "|".join(map(re.escape, _HEDGES)) + r"|تنها|فقط|دقیقا|دقیقاً|صرفاً|صرفا)\s+$",
                          norm[max(0, start - 16):start]))


def _counts_a_noun(norm: str, word: str, f: Figure) -> bool:
    """«نه کشور»، «ده تیم»: «نه» and «ده» before a noun they count are numbers; «نه» no stays a
    word before a pronoun or an adverb, in «نه … نه …» and «نه … بلکه …»."""
    if word not in ("نه", "ده") or f.unit != "count" or not f.counts or f.counts in _NOT_COUNTED \
            or not _counted_noun_after(norm, f.end):
        return False
    if word == "نه":
        prev = re.search(rf"([{_LETTER}\u200c]+)[\s]*$|[،,؛:]\s*$", norm[max(0, f.start - 30):f.start])
        if prev and (prev.group(1) is None or prev.group(1) in _FUNCTION_WORDS or is_verb_form(prev.group(1))):
            return False  # «… است نه رئیس هیئت مدیره»، «، نه کشور»: a «not», set against what went before
        end = _SENTENCE_END.search(norm, f.end)
        rest = norm[f.end:end.start() if end else len(norm)]
        before = norm[_sentence_start(norm, f.start):f.start]
        if re.search(rf"(?<![{_LETTER}\u200c])(?:نه|بلکه)(?![{_LETTER}\u200c])", before + " " + rest):
            return False
    return True


def _sentence_start(norm: str, pos: int) -> int:
    starts = [m.end() for m in _SENTENCE_END.finditer(norm, 0, pos)]
    return starts[-1] if starts else 0


def _signed(norm: str, n: _Number, f: Figure) -> None:
    """«منفی ۵»، «۷۸٫۵ درجه زیر صفر»: below zero the value is negative."""
    if re.search(r"منفی\s*$", norm[max(0, n.start - 8):n.start]):
        f.value, f.start = -f.value, norm.rindex("منفی", 0, n.start)
        return
    m = re.compile(rf"\s*(?:درجه(?:\s+(?:سانتی\u200c?گراد|سلسیوس|فارنهایت))?\s*)?زیر\s+صفر(?![{_LETTER}])").match(norm, n.end)
    if m and f.kind in ("count", "number"):
        f.value, f.end = -f.value, m.end()


def _range_follows(norm: str, end: int) -> bool:
    """«یک یا دو صفحه»، «یک تا دو ماه»: a number that begins a range is a number."""
    return bool(re.match(rf"\s+(?:یا|تا)\s+(?:\d|(?:{_WORDNUM_RE}|چند){_NOT_IN_WORD_AFTER})", norm[end:end + 30]))


def _neighbours(low: int, high: int) -> bool:
    """Two numbers a loose range is said with: the next unit, ten or hundred («دو سه»، «هفتاد
    هشتاد»، «دویست سیصد»); words side by side never add up in Persian (that takes «و»)."""
    if high == low + 1:
        return True
    return any(high == low + step and low % step == 0 and high < step * 10 for step in (10, 100))


def _fractions(norm: str, free, add) -> None:
    """«۸ دهم درصد» 0.8, «۴۵ صدم» 0.45, «شش‌دهم» 0.6, «دو سوم» 2/3, «نصف» and «نیمی» ½, «نیم
    درصد», «سه ربع» ¾. A fraction of a unit keeps the unit; of anything else it is a fraction."""
    found = []
    for m in _FRACTION_DIGITS.finditer(norm):
        found.append((m.start(), m.end(), _num(m.group(1), m.group(1)) / _DENOMINATORS[m.group(2)], False))
    for m in _FRACTION_WORDS.finditer(norm):
        words = re.split(r"\s+و\s+", m.group(1))
        if _composite_length(words) < len(words):
            continue
        top = sum(_WORD_NUMBERS[w] for w in words)
        den = _DENOMINATORS[m.group(2)]
        if 0 < top < den:
            found.append((m.start(), m.end(), top / den, False))
    for m in _FRACTION_JOINED.finditer(norm):
        found.append((m.start(), m.end(), _WORD_NUMBERS[m.group(1)] / _DENOMINATORS[m.group(2)], False))
    for m in _HALF.finditer(norm):
        word = m.group(1)
        if word.endswith("ربع"):
            value = (_WORD_NUMBERS[m.group(2)] if m.group(2) else 1) / 4
        else:
            value = _HALVES.get(word, 0.5)
        found.append((m.start(), m.end(), value, word in ("نیم", "ربع")))
    for start, end, value, needs_measure in sorted(found):
        if not free(start, end):
            continue
        f = _with_unit(norm, start, end, value, True, raw=None)
        if f is not None and f.kind in ("amount", "percent", "ratio"):
            add(f)
        elif f is not None and f.counts.strip(ZWNJ) in _MEASURES and f.counts != "سال":
            add(f)  # «نیم ساعت»، «سه ربع ساعت»
        elif not needs_measure:
            add(Figure("", value, "fraction", "ratio", start, end))


# ---------------------------------------------------------------- helpers


def _num(s: str, written: str) -> float:
    """The value of a digit string: «,» groups thousands, except «٬» before one or two digits
    (a decimal typed with the wrong key); «،» groups thousands; «/» is the decimal point."""
    if "," in s and re.fullmatch(r"\d+,\d{1,2}", s):
        return float(s.replace(",", ".")) if "٬" in written else float(s.split(",")[0])
    return float(s.replace(",", "").replace("،", "").replace("/", "."))


def _composite_length(words: list[str]) -> int:
    """How many leading words form one number: each must be smaller than the previous one's
    place (بیست و پنج، صد و بیست; but «چهار و پنج» is two numbers)."""
    n = 1
    for prev, cur in zip(words, words[1:]):
        p = _WORD_NUMBERS[prev]
        place = 1
        while p % (place * 10) == 0:
            place *= 10
        if _WORD_NUMBERS[cur] >= place:
            break
        n += 1
    return n


def _full_year(yy: int) -> int:
    """«سال 94» is 1394 and «سال ۰۲» is 1402 in Persian news; four digits stay as they are."""
    if yy >= 100:
        return yy
    return 1400 + yy if yy < 30 else 1300 + yy


def _calendar(year: int) -> str:
    if 1300 <= year <= 1500:
        return "jalali"
    if 1700 <= year <= 2100:
        return "gregorian"
    return ""


def _date_year(norm: str, digits: str, end: int, month_end: int, cal: str) -> tuple[int, int, str]:
    """The year of a named date: four digits as they are; two digits are a Jalali year unless a
    calendar follows (the year 61 of «دهم محرم ۶۱ هجری»); three digits only with a Hijri month
    or a calendar after them. (year, end of the date, calendar)."""
    mark = _CALENDAR_MARK.match(norm, end)
    y = int(digits)
    if len(digits) == 4:
        return y, end, cal
    if mark:
        return y, end, _calendar_of_mark(mark.group(1))
    if len(digits) == 2 and not _counted_noun_after(norm, end):
        return _full_year(y), end, cal
    if len(digits) == 3 and cal == "hijri":
        return y, end, cal
    return 0, month_end, cal


def _year_span(norm: str, m: re.Match) -> tuple[int, int, str] | None:
    """Both ends of a span of years, low first, whichever order bidi printed them in: «94-93»
    (two digits, after «سال»), «۰۷–۲۰۰۶», «۹۲-۱۳۸۸» (the short end takes the long one's century),
    «۱۹۹۷-۱۹۹۱» (two years of one calendar, at most a century apart)."""
    a, b = m.group(1), m.group(2)
    if len(a) == 2 and len(b) == 2:
        if not re.search(r"سال|فصل", norm[max(0, m.start() - 25):m.start()]):
            return None
        ya, yb = _full_year(int(a)), None
        yb = (ya // 100) * 100 + int(b)
        if abs(ya - yb) != 1:
            return None
        return min(ya, yb), max(ya, yb), "jalali"
    long_, short = (a, b) if len(a) == 4 else (b, a)
    y = int(long_)
    cal = _calendar(y)
    if not cal or _UNIT_AFTER.match(norm, m.end()):
        return None
    if len(short) == 4:
        other = int(short)
        if _calendar(other) != cal or not 0 < abs(other - y) <= 100:
            return None
        if _counted_noun_after(norm, m.end()) and not re.search(r"سال|دوره|فصل|دهه", norm[max(0, m.start() - 25):m.start()]):
            return None  # «۱۴۰۰-۱۵۰۰ نفر»: a range of counts
    else:
        other = (y // 100) * 100 + int(short)
        if other < y and len(a) == 4:  # «۱۳۹۹-۰۰»: the next century
            other += 100
        if not 0 < abs(other - y) <= 30:
            return None
    return min(y, other), max(y, other), cal


def _labelled(norm: str, start: int) -> bool:
    """«منطقه 22»، «ماده (1)»، «شبکه پنج»، «شمارهٔ ثبت ۱۳۳۲»، «مواد (139) و (154)»، «۰۹۳۱، ۰۹۳۲ و ۰۹۳۴»:
    the number is a name, not a quantity."""
    before = norm[max(0, start - 60):start].replace("\u0654", "")
    m = re.search(rf"([{_LETTER}]+)\s*\(?\s*$", before[-16:])
    if m and m.group(1) in _LABELS:
        return True
    if re.search(rf"شماره\s+[{_LETTER}]+\s*$", before[-24:]):
        return True  # «شماره ثبت»، «شماره پرونده»: a number's name in two words
    m = re.search(rf"([{_LETTER}]+)\s*\d+(?:\s*[-–]\s*\d+)?\s*(?:[-–]|تا)\s*$", before[-28:])
    if m and m.group(1) in _LABELS:
        return True  # «ص567-566»، «باب ۱۱–۱۴ تا ۱۹»: pages or chapters of one reference
    m = re.search(rf"([{_LETTER}]+)(?:\s*\(?\s*\d+\s*\)?\s*(?:و|،|,))+\s*\(?\s*$", before)
    return bool(m) and m.group(1) in _LABELS


def _footnote(norm: str, start: int, end: int) -> bool:
    """«رجالا(2)»، «.(1)»: a note marker in brackets against the text; «(۱) آمادگی … (۲) عدم»: an
    item's number before its words; neither is a quantity."""
    if not (start >= 1 and norm[start - 1] == "(" and norm[end:end + 1] == ")"):
        return False
    if start >= 2 and not norm[start - 2].isspace() and end - start <= 3:
        return True
    item = re.match(rf"\)\s+({_NOUN})", norm[end:end + 40])
    return end - start <= 2 and bool(item) and item.group(1) not in _MEASURES and item.group(1) not in UNITS \
        and item.group(1) not in _CLASSIFIERS


def _note_marker(norm: str, start: int, end: int) -> bool:
    """One or two digits typed against the word before them, then a space or a stop: a note's
    number whose superscript the text lost («الشیخ1 أنها»), unless the word is what the number
    measures or names («ماه1381» is a date's year, «ص12» a page)."""
    m = re.search(rf"([{_LETTER}]+)$", norm[max(0, start - 20):start])
    if not m or not re.match(r"[\s.,،؛:)]|$", norm[end:end + 1]):
        return False
    word = m.group(1)
    return word not in _MEASURES and word not in _LABELS and word not in _MONTHS and word not in UNITS \
        and word not in SCALES and word not in ("ماه", "سال", "دهه", "قرن")


def _counter_after(norm: str, end: int) -> bool:
    """«۱۲ عدد»، «۳ دستگاه»: a counter follows, so the number counts."""
    m = re.match(r"\s*(" + _NOUN + ")", norm[end:end + 30])
    return bool(m) and m.group(1) in _CLASSIFIERS


def _counted_noun_after(norm: str, end: int) -> bool:
    """Is the word after a number something it counts (a noun), rather than the rest of the
    sentence (a verb, a preposition, a superlative)?"""
    m = re.match(r"\s*(" + _NOUN + ")", norm[end:end + 40])
    if not m:
        return False
    word = m.group(1)
    if word in _FUNCTION_WORDS or word.endswith("ترین") or word.startswith(("می\u200c", "نمی\u200c")) \
            or is_verb_form(word):
        return False
    # «۱۳۸۵ تأسیس شد»: a noun with its light verb is the predicate, not what the number counts
    return not re.match(rf"\s*{re.escape(word)}\s+(?:{_LIGHT_VERBS})(?![{_LETTER}])", norm[end:end + 60])


_UNIT_WORD = "(" + "|".join(map(re.escape, _UNIT_ORDER)) + rf")(?:ی|\u200cای|ای)?(?![{_LETTER}])"  # «تومان»، «دلاری»
_CURRENCY_AFTER = re.compile(r"\s+" + _UNIT_WORD)


def _with_unit(norm: str, start: int, end: int, value: float, scaled: bool, raw: str | None) -> Figure | None:
    """Read what follows a number: a unit, «برابر», a calendar, or the noun it counts."""
    if scaled and norm.startswith("ی", end) and _CURRENCY_AFTER.match(norm, end + 1):
        end += 1  # «۱۰۰ میلیونی تومانی»: the scale word made an adjective, the currency after it
    after = norm[end:end + 40]
    m = re.match(r"\s*([%٪])", after)
    if m:
        return Figure("", value, "percent", "percent", start, end + m.end())
    m = re.match(r"\s*" + _UNIT_WORD, after)
    if m:
        unit = UNITS[m.group(1)]
        kind = "percent" if unit == "percent" else "amount"
        return Figure("", value, unit, kind, start, end + m.end())
    m = re.match(r"\s*\u200c?برابر", after)
    if m and not re.match(rf"\s+با\s+(?:\d|{_WORDNUM_RE})", after[m.end():]):  # «۱۳۳۸ برابر با ۱۹۵۹»: equal to, not times
        return Figure("", value, "times", "ratio", start, end + m.end())
    before = norm[max(0, start - 12):start]
    if raw is not None and not scaled and raw.isdigit() and len(raw) <= 4:
        y = int(raw)
        mark = _CALENDAR_MARK.match(norm, end)
        century = re.search(r"(?:قرن|سده)(?:\u200cها|\u200cهای|های)?\s+(?:\d+\s*(?:تا|و|-|–)\s*)?$",
                            norm[max(0, start - 24):start])
        if mark and not century and (len(raw) == 4 or mark.group(1) not in ("م", "ش", "ق")
                                     or re.search(r"(سال|سال‌های|سالهای)\s*$", before)
                                     or len(raw) == 3 and re.match(r"\s*[()«»،.؛:–-]", norm[mark.end():mark.end() + 3])):
            bce = mark.group(1).startswith(_BCE)  # «۲۴۷ ق.م»: the year 247 before Christ, −247
            return Figure("", float(-y if bce else y), "year", "year", start, mark.end(),
                          calendar=_calendar_of_mark(mark.group(1)))
        if len(raw) == 4 and (re.search(r"(سال|سالِ|دهه|بودجه|year)\s*$", before)
                              or (_calendar(y) and not _counted_noun_after(norm, end))):
            return Figure("", float(y), "year", "year", start, end, calendar=_calendar(y))
    m = re.match(r"\s*(" + _NOUN + ")", after)
    if m:
        noun = m.group(1)
        if noun in _FUNCTION_WORDS or noun.startswith(("می\u200c", "نمی\u200c")):
            return Figure("", value, "number", "number", start, end)  # «۲۰ می‌دهم»: a verb, not what it counts
        return Figure("", value, "count", "count", start, end, counts=noun.strip(ZWNJ))
    return Figure("", value, "number", "number", start, end)


_RANGE_SEP = re.compile(r"\s*(?:تا|الی|لغایت|-{1,3}|–|—|_)\s*(?:(?:نزدیک به|حدود|حدوداً)\s+)?")
_OR_SEP = re.compile(r"\s*یا\s*")
_YEARS_SEP = re.compile(r"\s*(?:تا|الی|لغایت)\s+سال\s+")  # «از سال ۱۳۳۷ تا سال ۱۳۵۵»


def _merge_ranges(norm: str, figs: list[Figure]) -> None:
    """Two figures joined by «تا», «الی» or a dash are one range, low first: the first takes the
    second's unit and scale («۱۵ تا ۲۰ درصد», «۳۰ تا ۴۰ هزار تن», «۳۰۰–۲۰۰ هزار نفری»); years
    («۲۰۰۳ تا ۲۰۰۴», «سال 84 تا 86»), days of one month («۲۰ تا ۲۳ فروردین», «۷تیر تا ۱۲تیر»)
    and hours («ساعت ۱۰ تا ۱۴») likewise. Two neighbouring numbers joined by «یا» are an
    approximate range («پنج یا شش نفر», «۱۰ یا ۱۱ دی»)."""
    i = 0
    while i + 1 < len(figs):
        a, b = figs[i], figs[i + 1]
        between = norm[a.end:b.start]
        if a.counts and a.counts == b.counts and between.lstrip().startswith(a.counts):
            between = between.lstrip()[len(a.counts):]  # «۵۰٬۰۰۰ بیت تا ۶۱٬۰۰۰ بیت»
        merged = None
        _lifespan(norm, a, b, between)
        if _RANGE_SEP.fullmatch(between) or a.kind == b.kind == "year" and _YEARS_SEP.fullmatch(between):
            merged = _range(norm, a, b, between)
        elif _OR_SEP.fullmatch(between) and _neighbours(a.value, b.value % 100 if b.kind == "date" else b.value) \
                and not _in_or_list(norm, a, b):
            merged = _range(norm, a, b, between)
            if merged is not None:
                merged.approximate = True
        if merged is not None:
            merged.text = a.text + norm[a.end:b.start] + b.text if a.text and b.text else ""
            merged.sentence = a.sentence
            figs[i:i + 2] = [merged]
            continue
        i += 1


def _lifespan(norm: str, a: Figure, b: Figure, between: str) -> None:
    """«محمد (۵۷۰–۶۳۲)»، «(۱۲۵۷–۱۱ آذر ۱۳۰۰)»: the dates of a life in brackets after a name are
    years, though no «سال» says so; a year against a full date stays its own figure."""
    if not (re.fullmatch(r"\s*[-–—]\s*", between) and a.kind in ("number", "count", "year")
            and a.text.isdigit() and 3 <= len(a.text) <= 4 and norm[:a.start].rstrip().endswith("(")
            and norm[b.end:].lstrip().startswith(")")):
        return
    high = b.value // 10000 if b.kind == "date" and b.value >= 1000_0000 else b.value
    if b.kind in ("number", "count", "year") and b.text.isdigit() and len(b.text) == len(a.text) \
            or b.kind == "date" and b.value >= 1000_0000:
        after = re.match(r"\s*\)\s*(" + _NOUN + ")?", norm[b.end:b.end + 40])
        unit_after = after and after.group(1) and (after.group(1) in _MEASURES or after.group(1) in UNITS)
        if 15 <= high - a.value <= 120 and not unit_after:  # a life, not «(۳۰۰–۴۰۰) نفر»
            a.unit = a.kind = "year"
            a.counts = ""
            if b.kind != "date":
                b.unit = b.kind = "year"
                b.counts = ""


def _neighbours(a: float, b: float) -> bool:
    """«سه یا چهار»، «۲۹ یا ۳۰»، «۵ یا ۱۰»: numbers one apart, or round ones close together."""
    if b == a + 1 and a == int(a):
        return True
    return a > 0 and a % 5 == 0 and b % 5 == 0 and a < b <= 2 * a


def _in_or_list(norm: str, a: Figure, b: Figure) -> bool:
    """«۰، ۲، ۴، ۶ یا ۸»، «۰۰ یا ۲۵ یا ۵۰»: alternatives in a list, not a range."""
    return bool(re.search(r"(?:یا|،|,)\s*$", norm[max(0, a.start - 6):a.start])) \
        or bool(re.match(r"\s*یا\s", norm[b.end:b.end + 6]))


def _range(norm: str, a: Figure, b: Figure, between: str) -> Figure | None:
    """The range two figures make, or None. A dash range may be printed high–low by bidi and is
    put low first; «تا» is written in reading order, so a higher first figure («از ۶۰ تا ۴۰
    درصد») is a change from one to the other: two figures, not a range."""
    counting = ("number", "count", "percent", "amount")
    dash = bool(re.search(r"[-–—_]", between))
    if a.kind == "year" and (b.kind in ("amount", "percent") or b.kind == "count" and b.value >= a.value
                             and (b.counts in _MEASURES or b.value - a.value > 50)) \
            and not re.search(r"سال|دهه|دوره", norm[max(0, a.start - 12):a.start]) and a.text.isdigit():
        a = Figure(a.text, a.value, "number", "number", a.start, a.end)  # «۱۵۰۰ تا ۱۸۰۰ نفر»: counts, not years
    if a.kind in ("number", "count") and b.kind == "date" and 1 <= a.value < b.value % 100:
        # «۲۰ تا ۲۳ فروردین»: the month and year belong to both days
        return Figure("", b.value - b.value % 100 + a.value, "date", "range", a.start, b.end, high=b.value,
                      calendar=b.calendar)
    if a.kind == "date" and b.kind == "date" and a.value // 100 == b.value // 100 and a.value < b.value:
        return Figure("", a.value, "date", "range", a.start, b.end, high=b.value, calendar=a.calendar)
    if (a.kind == "time" and b.kind in ("time", "number", "count") or a.kind == "number" and b.kind == "time") \
            and a.value < b.value <= 24:  # «ساعت ۱۰ تا ۱۴»، «۸ تا ۹:۳۰»
        return Figure("", a.value, "time", "range", a.start, b.end, high=b.value)
    if a.kind == "year" and b.kind in ("count", "number") and b.value < 100 and re.search(r"[-–تا]|الی", between):
        # «سال 84 تا 86»: the second year is written short
        high = (a.value // 100) * 100 + b.value
        if high > a.value:
            return Figure("", a.value, "year", "range", a.start, b.end, high=high, calendar=a.calendar)
        return None
    if a.kind in ("count", "number") and b.kind in ("count", "number", "year") and a.value == int(a.value) \
            and b.value == int(b.value) and a.value < b.value and re.search(r"سال(?:\u200c?های)?\s*$", norm[max(0, a.start - 10):a.start]):
        # «سال ۸۰۰ تا ۱۰۵۰»: both ends are years
        return Figure("", a.value, "year", "range", a.start, b.end, high=b.value, calendar=b.calendar)
    if b.kind == "year" and a.kind in ("year", "count", "number") and a.value == int(a.value) \
            and len(str(int(a.value))) == len(str(int(b.value))) and a.value != b.value \
            and (a.kind == "year" or abs(a.value - b.value) <= 200):
        # «۲۰۰۳ تا ۲۰۰۴»، «سال‌های ۶۶۲ تا ۶۷۲ هجری»
        if a.value > b.value and not dash:
            return None
        return Figure("", min(a.value, b.value), "year", "range", a.start, b.end, high=max(a.value, b.value),
                      calendar=b.calendar or a.calendar)
    if a.kind == "year" and b.kind in ("count", "number") and b.value == int(b.value) \
            and len(str(int(a.value))) == len(str(int(b.value))) and a.value < b.value <= a.value + 200 \
            and _calendar(int(b.value)) == a.calendar:
        return Figure("", a.value, "year", "range", a.start, b.end, high=b.value, calendar=a.calendar)
    if a.unit == "number" and b.unit == "times" and a.value < b.value:  # «۱۰ تا ۳۰ برابر»
        return Figure("", a.value, "times", "range", a.start, b.end, high=b.value)
    if a.kind in ("number", "count", "percent", "amount") and b.kind in counting and a.kind != "range":
        if a.unit not in ("number", "count") and a.unit != b.unit:
            return None  # «۲۰ درصد تا ۳ میلیارد دلار»: two different measures
        low = a.value
        if a.unit in ("number", "count") and b.value >= 1000 and low < b.value:
            # «۱۰ تا ۱۲ میلیون»: the scale word belongs to both ends
            scale = _scale_of(norm, b)
            if scale and low * scale <= b.value * 10:
                low *= scale
        if low > b.value and not dash:
            return None  # «از ۶۰ تا ۴۰ درصد»: a change, two figures
        return Figure("", min(low, b.value), b.unit, "range", a.start, b.end, high=max(low, b.value), counts=b.counts,
                      approximate=a.approximate or b.approximate)
    return None


def _scale_of(norm: str, f: Figure) -> float:
    seg = norm[f.start:f.end]
    scale = 1.0
    for w, v in SCALES.items():
        if re.search(rf"(?<![{_LETTER}]){w}(?![{_LETTER}])", seg):
            scale = max(scale, v)
    return scale if scale > 1 else 0.0


def hedge_before(text: str, start: int) -> str:
    """The bound a hedge right before `text[start:]` puts on the figure there: "about", "over",
    "under" or "" (for figures stored before `Figure.bound` existed)."""
    return _hedge(text.translate(_DIGITS), start)


def _hedge(norm: str, start: int) -> str:
    """The bound a hedge just before a figure puts on it ("" when none)."""
    return bound_before(norm[max(0, start - 16):start].rstrip(), _HEDGES)


def _sentence(text: str, start: int, end: int) -> str:
    s = 0
    for m in _SENTENCE_END.finditer(text):
        if m.end() <= start:
            s = m.end()
        elif m.start() >= end:
            return text[s:m.end()].strip()
    return text[s:].strip()


def find_block_figures(pages: list[Page]) -> None:
    """Find each block's figures once, as ingest finishes a document (`Block.figures`, with
    their page): the archive stores them with the chunks and never reads the text for them
    again. Page furniture gets none: a price in an ad or a phone number in a footer is never
    evidence."""
    for page in pages:
        for block in page.blocks:
            block.figures = [] if block.kind == FURNITURE else find_figures(block.text)
            for f in block.figures:
                f.page = page.number
