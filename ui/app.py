"""Bayegan's app: `bayegan ui` (or `make run`) starts it on a local archive.

The app only draws: every action is a call into `kb.Archive`, the same as the CLI's. Heavy
objects (the archive, its models, its store) are loaded once per process.
"""

from __future__ import annotations

import sys
from pathlib import Path

import streamlit as st

if __package__ in (None, ""):  # `streamlit run ui/app.py` runs this file as a script
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kb import Archive, settings  # noqa: E402
from kb.config import fit_threads  # noqa: E402
from ui.render import FONT_CSS, attempt, fa_digits, ltr  # noqa: E402
from ui.views import archive as archive_page  # noqa: E402
from ui.views import alerts, ask, brief, factcheck, search, watched_folder  # noqa: E402

PAGES = ["بایگانی", "جستجو", "پرسش", "راستی‌آزمایی", "گزارش خلاصه", "هشدارها"]


@st.cache_resource
def open_archive(folder: str, embedder: str, chroma_url: str, model: tuple[str, str, str]) -> Archive:
    """One archive per settings, loaded once per process (`model` is part of the key: the
    archive reads the generative model's settings when it is made)."""
    return Archive(folder, embedder=embedder, chroma_url=chroma_url)


def main() -> None:
    st.set_page_config(page_title="بایگان", page_icon="🗂", layout="wide")
    st.markdown(FONT_CSS, unsafe_allow_html=True)
    s = attempt(settings)
    archive = s and attempt(lambda: open_archive(str(s.archive), s.embedder, s.chroma_url,
                                                 (s.llm_gguf, s.llm_url, s.llm_model)))
    if archive is None:  # a setting or the archive folder is wrong: the warning says what to do
        st.stop()
    fit_threads()  # each rerun takes the cores free now: the app shares the machine with the newsroom
    with st.sidebar:
        st.title("بایگان")
        choice = st.radio("صفحه", PAGES, key="page")
        st.divider()
        watched_folder.sidebar(archive)
        st.divider()
        st.caption("تنظیمات")
        about = st.container()  # filled after the page: an upload on it counts at once
    if choice == "بایگانی":
        archive_page.page(archive)
    elif choice == "جستجو":
        search.page(archive)
    elif choice == "پرسش":
        ask.page(archive)
    elif choice == "راستی‌آزمایی":
        factcheck.page(archive)
    elif choice == "گزارش خلاصه":
        brief.page(archive)
    else:
        alerts.page(archive)
    stats = archive.stats()
    with about:
        st.text(f"بایگانی: {ltr(stats['folder'])}")
        st.text(f"مدل جاسازی: {stats['embedder']}")
        model = archive.settings.llm_url or archive.settings.llm_gguf
        st.text(f"مدل مولد: {ltr(model)} (با راستی‌آزمایی)" if model else "مدل مولد: ندارد (پاسخ‌ها از متن منابع نقل می‌شوند)")
        store = "درون پوشهٔ بایگانی" if stats["store"] == "embedded" else f"کارساز Chroma در {ltr(stats['store'])}"
        st.text(f"پایگاه بردار: {store}")
        st.text(f"{fa_digits(stats['documents'])} سند، {fa_digits(stats['pages'])} صفحه، {fa_digits(stats['chunks'])} بخش")
        new = alerts.new_count(archive)
        if new:
            st.markdown(f'<span class="bayegan-strength strong">{fa_digits(new)} هشدار تازه</span>', unsafe_allow_html=True)

main()
