"""Brief page: choose articles by a query or a date range; the cited summary, the key-figures
table, the timeline, and the Markdown to download."""

from __future__ import annotations

import html
import tempfile
from pathlib import Path

import streamlit as st

from kb import Archive
from ui.render import attempt, fa_digits


def page(archive: Archive) -> None:
    st.header("گزارش خلاصه")
    query = st.text_input("موضوع (جستجو)", key="brief_query")
    since = st.text_input("از تاریخ", key="brief_since")
    until = st.text_input("تا تاریخ", key="brief_until")
    if not (query or since or until):
        st.caption("موضوعی بنویسید یا بازهٔ تاریخی بدهید؛ خلاصه از جمله‌های خود اسناد با ذکر منبع ساخته می‌شود.")
        return
    brief = attempt(lambda: archive.brief(query or None, date_from=since or None, date_to=until or None))
    if brief is None:
        return
    if not brief.sentences:
        st.info("سندی برای خلاصه پیدا نشد.")
        return
    for s in brief.sentences:
        st.markdown(f'<div class="bayegan-hit" dir="rtl"><div class="bayegan-text">{html.escape(s.text)}</div>'
                    f'<div class="bayegan-cite">{html.escape(s.title)}، صفحهٔ {fa_digits(s.page)}</div></div>',
                    unsafe_allow_html=True)
    if brief.figures:
        st.subheader("ارقام کلیدی")
        st.dataframe([{"رقم": f.figure, "چه چیزی": f.measures, "منبع": f"{f.title}، ص {fa_digits(f.page)}",
                       "تاریخ": f.date} for f in brief.figures], hide_index=True, width="stretch")
    chart = figures_over_time(brief)
    if chart is not None:
        st.subheader("ارقام در گذر زمان")
        st.altair_chart(chart, width="stretch")
    if brief.timeline:
        st.subheader("گاه‌شمار")
        for _, written, sentence in brief.timeline:
            st.markdown(f'<div class="bayegan-text" dir="rtl"><b>{html.escape(written)}</b>: {html.escape(sentence)}</div>',
                        unsafe_allow_html=True)
    st.download_button("دریافت Markdown", brief.to_markdown(), file_name="brief.md", mime="text/markdown",
                       key="brief_md")
    with tempfile.NamedTemporaryFile(suffix=".docx") as tmp:
        brief.to_docx(tmp.name)
        word = Path(tmp.name).read_bytes()
    st.download_button("دریافت Word", word, file_name="brief.docx", key="brief_docx",
                       mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document")


def figures_over_time(brief):
    """A chart of the key figures by their articles' dates, one line per unit, when at least
    two dated articles give figures of one unit; None otherwise."""
    import altair as alt
    import pandas as pd

    from kb.dates import date_number

    rows = []
    for f in brief.figures:
        n = date_number(f.date)
        if n:
            rows.append({"date": pd.Timestamp(year=n // 10000, month=n // 100 % 100, day=n % 100),
                         "value": f.value, "unit": f.unit, "figure": f.figure, "source": f.title})
    frame = pd.DataFrame(rows)
    if frame.empty or frame.groupby("unit")["date"].nunique().max() < 2:
        return None
    return alt.Chart(frame).mark_line(point=True).encode(
        x=alt.X("date:T", title="تاریخ"), y=alt.Y("value:Q", title="مقدار"), color=alt.Color("unit:N", title="واحد"),
        tooltip=["figure", "source", "date:T"])
