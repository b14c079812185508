"""Pages whose features are being built: they say what is coming, and show nothing fake."""

from __future__ import annotations

import streamlit as st

from kb import Archive

COMING = {
    "گزارش خلاصه": ("Brief", "خلاصهٔ مستند چند سند با جدول ارقام کلیدی، نمودار و گاه‌شمار؛ خروجی Markdown و Word."),
}


def page(archive: Archive, name: str) -> None:
    english, what = COMING[name]
    st.header(name)
    st.info(f"به‌زودی ({english}): {what}")
