"""HTML for the app, always from escaped text: a document that contains HTML, markdown or
script shows as text, never as markup."""

from __future__ import annotations

import html
from typing import Any, Callable, TypeVar

from ingest.alphabet import ltr, persian_digits
from ingest.errors import BayeganError
from kb import Difference, Hit, IngestProgress

T = TypeVar("T")

FONT_CSS = """
<style>
@font-face { font-family: 'Vazirmatn'; src: url('app/static/fonts/Vazirmatn-Regular.ttf') format('truetype'); font-weight: 400; }
@font-face { font-family: 'Vazirmatn'; src: url('app/static/fonts/Vazirmatn-Bold.ttf') format('truetype'); font-weight: 700; }
html, body, .stApp, .stApp *:not([data-testid="stIconMaterial"]) { font-family: 'Vazirmatn', Tahoma, sans-serif; }
[data-testid="stText"], [data-testid="stCaptionContainer"] { unicode-bidi: plaintext; }
.stApp, section[data-testid="stSidebar"] { direction: rtl; text-align: right; }
/* folded away (a phone's width), the right-to-left sidebar would leave its words squeezed over the page */
section[data-testid="stSidebar"][aria-expanded="false"],
section[data-testid="stSidebar"][aria-expanded="false"] * { visibility: hidden !important; }
.stApp input, .stApp textarea { direction: rtl; unicode-bidi: plaintext; text-align: right; }
.stApp [data-testid="stDataFrame"], .stApp table { direction: rtl; }
.bayegan-text { direction: rtl; unicode-bidi: plaintext; text-align: right; white-space: pre-wrap; line-height: 1.9; }
.bayegan-hit { border-right: 4px solid #1e5ac8; padding: 0.3rem 0.8rem; margin: 0.6rem 0; }
.bayegan-hit mark { background: #ffd54a; padding: 0 2px; }
.bayegan-cite { color: #555; font-size: 0.85rem; }
.bayegan-strength { font-size: 0.8rem; font-weight: 700; padding: 0 0.4rem; border-radius: 0.6rem; margin-inline-start: 0.4rem; }
.bayegan-strength.strong { background: #dcefe0; color: #1a7f37; }
.bayegan-strength.related { background: #fff1c7; color: #8a5a00; }
.bayegan-strength.weak { background: #eee; color: #666; }
.bayegan-differences { width: 100%; border-collapse: collapse; table-layout: fixed; }
.bayegan-differences th, .bayegan-differences td { border: 1px solid #ddd; padding: 0.3rem 0.5rem; vertical-align: top;
  text-align: right; unicode-bidi: plaintext; overflow-wrap: anywhere; line-height: 1.8; }
.bayegan-differences tr.only-first td:first-child, .bayegan-differences tr.only-second td:last-child { background: #fff1c7; }
.bayegan-differences tr.changed td { background: #eef4ff; }
/* the uploader's own English words, said in Persian */
[data-testid="stFileUploaderDropzoneInstructions"] span,
[data-testid="stFileUploaderDropzoneInstructions"] small { display: none; }
[data-testid="stFileUploaderDropzoneInstructions"] > div::after {
  content: "پرونده‌ها را اینجا رها کنید: PDF، ‎.txt‎ یا ‎.html‎"; font-size: 0.9rem; }
[data-testid="stFileUploaderDropzone"] button[data-testid="stBaseButton-secondary"],
[data-testid="stFileUploaderDropzone"] button[data-testid="stBaseButton-secondary"] * { font-size: 0; }
[data-testid="stFileUploaderDropzone"] button[data-testid="stBaseButton-secondary"]::after {
  content: "انتخاب پرونده"; font-size: 0.9rem; }
</style>
"""

fa_digits = persian_digits  # numbers as Persian readers read them


def ltr_if_latin(text: str) -> str:
    """English inside a Persian line (a claim's "3 million") in its own order, not "million 3"."""
    latin = any("a" <= c.lower() <= "z" for c in text)
    persian = any("\u0600" <= c <= "\u06ff" for c in text)
    return ltr(text) if latin and not persian else text


def marked_html(text: str, spans: list[tuple[int, int]] | list[list[int]]) -> str:
    """`text` escaped, with the spans wrapped in <mark>."""
    out, last = [], 0
    for a, b in sorted((int(a), int(b)) for a, b in spans):
        if a < last:
            continue
        out += [html.escape(text[last:a]), "<mark>", html.escape(text[a:b]), "</mark>"]
        last = b
    out.append(html.escape(text[last:]))
    return "".join(out)


def text_html(text: str) -> str:
    return f'<div class="bayegan-text" dir="rtl">{html.escape(text)}</div>'


RELEVANCE = {"strong": "بسیار مرتبط", "related": "مرتبط", "weak": "کم‌ربط"}
STRENGTH_BORDER = {"strong": "#1e5ac8", "related": "#8fb0e8", "weak": "#ccc"}


def hit_html(hit: Hit, rank: int) -> str:
    # «،» between the parts: a middle dot reads as the Persian zero «۰»
    more = f"، و {fa_digits(hit.more)} بخش دیگر از همین سند" if hit.more else ""
    when = f"، {ltr(html.escape(hit.date))}" if hit.date else ""
    source = f"، {html.escape(hit.source)}" if hit.source else ""
    strength = (f'<span class="bayegan-strength {hit.relevance}">{RELEVANCE[hit.relevance]}</span>'
                if hit.relevance else "")
    border = f' style="border-right-color: {STRENGTH_BORDER[hit.relevance]}"' if hit.relevance else ""
    copies = ""
    if hit.also_in:
        names = "، ".join(html.escape(c["source"] or c["title"]) for c in hit.also_in)
        copies = f'<div class="bayegan-cite">همین خبر در: {names}</div>'
    return (f'<div class="bayegan-hit" dir="rtl"{border}><b>{fa_digits(rank)}. {html.escape(hit.title)}</b>{strength}'
            f'<div class="bayegan-cite">صفحهٔ {fa_digits(hit.page)}{source}{when}{more}</div>'
            f'<div class="bayegan-text">{marked_html(hit.snippet, hit.highlights)}</div>{copies}</div>')


DIFFERENCE = {"same": "یکسان", "changed": "دیگرگون", "only first": "فقط در این سند", "only second": "فقط در دیگری"}


def differences_html(found: Difference, first: str, second: str) -> str:
    """Two copies of a story side by side, right to left: the sentences that differ, each in its column."""
    rows = [f'<tr><th>{html.escape(first)}</th><th>{html.escape(second)}</th></tr>']
    for kind, a, b in found.rows:
        if kind == "same":
            continue
        rows.append(f'<tr class="{kind.replace(" ", "-")}"><td>{html.escape(a)}</td><td>{html.escape(b)}</td></tr>')
    if len(rows) == 1:
        rows.append('<tr><td colspan="2">جمله‌ها یکسان‌اند.</td></tr>')
    return f'<table class="bayegan-differences" dir="rtl">{"".join(rows)}</table>'



def error_message(error: BayeganError) -> str:
    """What the app says when something cannot be done: the error's Persian message (the
    English one stays in the logs and the CLI)."""
    return error.persian


def attempt(call: Callable[[], T], clear: Any = None) -> T | None:
    """`call()`, or None after showing its error as a Persian warning (and clearing `clear`, a
    placeholder that was showing progress): the app's one place for what cannot be done."""
    import streamlit as st

    try:
        return call()
    except BayeganError as e:
        if clear is not None:
            clear.empty()
        st.warning(error_message(e))
        return None


def progress_text(p: IngestProgress, name: str) -> str:
    """«۳ از ۴۰ پرونده · ۸۵ از ۳۰۰ صفحه · ۱۴ صفحه در دقیقه · حدود ۱۸ دقیقه مانده · x.pdf: صفحهٔ ۳ از ۸»."""
    parts = [f"{fa_digits(p.files_done)} از {fa_digits(p.files_total)} پرونده",
             f"{fa_digits(p.pages_done)} از {fa_digits(p.pages_total)} صفحه"]
    if p.pages_per_minute is not None:
        parts.append(f"{fa_digits(round(p.pages_per_minute))} صفحه در دقیقه")
        left = p.seconds_left or 0
        parts.append(f"حدود {fa_digits(round(left / 60))} دقیقه مانده" if left >= 90
                     else f"حدود {fa_digits(round(left))} ثانیه مانده")
    parts.append(f"{name}: صفحهٔ {fa_digits(p.page)} از {fa_digits(p.pages_in_file)}" if p.stage == "reading"
                 else f"ذخیره و نمایه‌سازی {fa_digits(p.storing)} پرونده")
    return " · ".join(parts)
