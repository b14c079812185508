"""What a figure counts, in Persian and in English: «۲۱ نامزد» and «21 کاندیدا» and "21
candidates" count one thing, «۱۳ گل» and «۱۰ تیم» two. The fact-checker aligns a claimed figure
only with source figures that can count the same thing."""

from __future__ import annotations

from functools import lru_cache

from .folding import index_tokens

# one line per thing counted: English words | Persian words (folded when read)
_GROUPS = """
people persons residents inhabitants citizens individuals nationals | نفر تن شخص فرد نفری
members | عضو نفر
workers employees staff jobs personnel | کارگر کارمند شاغل نیرو نفر شغل
students pupils | دانش‌آموز دانشجو نفر
teachers instructors trainers | معلم مربی آموزگار نفر
patients | بیمار نفر
visitors tourists travellers travelers passengers | بازدیدکننده گردشگر مسافر نفر
pilgrims | زائر نفر
fans spectators | هوادار تماشاگر نفر
women | زن نفر
men | مرد نفر
children kids | کودک بچه نفر
candidates hopefuls | نامزد کاندیدا کاندید داوطلب نفر
seats | کرسی
votes ballots | رأی رای
goals | گل
points | امتیاز
matches games | بازی مسابقه
teams clubs | تیم باشگاه
medals | مدال
offices | دفتر
branches | شعبه
villages | روستا
cities towns | شهر
schools | مدرسه
hospitals clinics | بیمارستان درمانگاه مرکز
beds | تخت
ambulances | آمبولانس دستگاه
devices machines terminals units | دستگاه واحد
vehicles cars buses | خودرو دستگاه اتومبیل اتوبوس
accounts | حساب
loans | فقره وام
cases files | مورد فقره پرونده
projects plans | پروژه طرح
homes apartments houses units dwellings | واحد خانه آپارتمان
companies firms | شرکت
factories plants | کارخانه واحد
countries nations | کشور
provinces | استان
hectares | هکتار
tonnes tons | تن
kilograms kg | کیلوگرم کیلو
grams | گرم
metres meters m | متر
kilometres kilometers km | کیلومتر
barrels | بشکه
megawatts mw | مگاوات
litres liters | لیتر
days | روز
weeks | هفته
months | ماه
years | سال
hours | ساعت
minutes | دقیقه
livestock head cattle sheep | رأس راس دام
poultry birds chickens | قطعه طیور
works artworks paintings pieces | اثر تابلو
books titles volumes | عنوان جلد کتاب
films movies | فیلم
troops soldiers forces | سرباز نیرو نفر
dead killed deaths | کشته نفر
injured wounded casualties | مجروح زخمی مصدوم نفر
prisoners detainees arrested | زندانی بازداشتی دستگیر نفر
""".strip()


@lru_cache(maxsize=1)
def _lexicon() -> dict[str, frozenset[int]]:
    """A counted word (English, or folded Persian) → the groups it can belong to."""
    out: dict[str, set[int]] = {}
    for i, line in enumerate(_GROUPS.splitlines()):
        english, persian = line.split("|")
        for w in english.split():
            out.setdefault(w.lower(), set()).add(i)
        for w in persian.split():
            for t in index_tokens(w)[:1]:
                out.setdefault(t, set()).add(i)
    return {w: frozenset(g) for w, g in out.items()}


def measure_of(counts: str) -> frozenset[int]:
    """The groups of things a figure's counted word (in English, words) can name (empty when unknown or absent)."""
    if not counts:
        return frozenset()
    lexicon = _lexicon()
    if counts.isascii():
        # English: among the few words after the number, the first plural one the list knows is
        # what is counted, whatever describes it before or follows it ("42 state hospitals", "200
        # people work", "3 teams head to"); a singular one only when none is plural ("1 hectare")
        words = counts.lower().split()
        for form in words + [w[:-1] for w in words if w.endswith("s")] + [w + "s" for w in words]:
            if form in lexicon:
                return lexicon[form]
        return frozenset()
    tokens = index_tokens(counts)
    return lexicon.get(tokens[0], frozenset()) if tokens else frozenset()


def same_measure(a: str, b: str) -> bool | None:
    """Whether two counted words can name the same thing: True, False, or None when either is
    unknown (no word, or one the lexicon lacks) and only the words themselves can tell."""
    if not a or not b:
        return None
    ga, gb = measure_of(a), measure_of(b)
    if ga and gb:
        return bool(ga & gb)
    ta, tb = index_tokens(a)[:1], index_tokens(b)[:1]
    if ta and tb and ta == tb:
        return True
    return None
