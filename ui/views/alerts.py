"""Alerts page: the searches a journalist follows, what each found in what was added since they
last looked, and each as an RSS feed to download (kb/alerts.py). Searches are saved from the
search page."""

from __future__ import annotations

import html

import streamlit as st

from kb import Archive
from ui.render import attempt, fa_digits, ltr

RELEVANCE = {"strong": "بسیار مرتبط", "related": "مرتبط", "": ""}


def new_count(archive: Archive) -> int:
    """How many alerts are new (the sidebar's badge)."""
    return sum(a.new for a in archive.alerts())


def page(archive: Archive) -> None:
    st.header("هشدارها")
    searches = archive.saved_searches()
    if not searches:
        st.info("جستجویی دنبال نمی‌کنید: در صفحهٔ جستجو، زیر نتیجه‌ها «دنبال کردن این جستجو» را بزنید.")
        return
    for saved in searches:
        found = archive.alerts(saved.name)
        new = sum(a.new for a in found)
        label = f"{saved.name} — {fa_digits(new)} تازه" if new else f"{saved.name} — چیز تازه‌ای نیست"
        with st.expander(label, expanded=bool(new)):
            st.caption(f"جستجو: {saved.query}")
            for a in found:
                mark = '<span class="bayegan-strength strong">تازه</span>' if a.new else ""
                where = "، ".join(x for x in (html.escape(a.source), ltr(html.escape(a.date)) if a.date else "",
                                              f"صفحهٔ {fa_digits(a.page)}") if x)
                st.markdown(f'<div class="bayegan-hit" dir="rtl"><b>{html.escape(a.title)}</b>{mark}'
                            f'<div class="bayegan-cite">{where}</div>'
                            f'<div class="bayegan-text">{html.escape(a.snippet)}</div></div>', unsafe_allow_html=True)
            if not found:
                st.caption("هنوز سند تازه‌ای با این جستجو افزوده نشده است.")
            seen, feed, forget = st.columns(3)
            if new and seen.button("دیدم", key=f"seen_{saved.name}"):
                archive.alerts(saved.name, mark_seen=True)
                st.rerun()
            feed.download_button(f"خوراک {ltr('RSS')}", archive.alerts_feed(saved.name), file_name="bayegan-alerts.xml",
                                 mime="application/rss+xml", key=f"rss_{saved.name}")
            if forget.button("دنبال نکن", key=f"forget_{saved.name}"):
                attempt(lambda: archive.forget_search(saved.name))
                st.rerun()


def follow_box(archive: Archive, query: str, **filters: str | None) -> None:
    """Under a search's results: follow it by name, so that what later ingests bring is listed here."""
    with st.expander("دنبال کردن این جستجو"):
        # the name box belongs to this query: a new search gets a new box with its own name
        name = st.text_input("نام", value=query[:60], key=f"follow_name_{query}")
        if st.button("دنبال کن", key=f"follow_{query}"):
            saved = attempt(lambda: archive.save_search(name, query, **filters))
            if saved is not None:
                st.success(f"«{saved.name}» دنبال می‌شود: سندهای تازه‌ای که بیابد در صفحهٔ هشدارها می‌آید.")
