"""Brief page: choose articles by a query or a date range; the cited summary, the key-figures
table, the timeline, and the Markdown to download."""

from __future__ import annotations

import html
import tempfile
from pathlib import Path

import streamlit as st

from ingest import Figure
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
    charts = figures_over_time(brief)
    if charts:
        st.subheader("ارقام در گذر زمان")
        for name, chart in charts:
            st.caption(f"به {name}")
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


UNIT_NAMES = {"percent": "درصد", "rial": "ریال", "dollar": "دلار", "euro": "یورو", "pound": "پوند", "dirham": "درهم",
              "yuan": "یوان", "ruble": "روبل", "lira": "لیر", "yen": "ین", "count": "شمار", "year": "سال",
              "date": "تاریخ", "time": "زمان", "fraction": "کسر", "times": "برابر"}


def figures_over_time(brief) -> list[tuple[str, object]]:
    """One chart per unit (tomans counted as the rials they are), for each unit whose figures
    come from at least two dated articles: (the unit's Persian name, the chart). Dates are
    labelled as the articles write them (their own calendar, Persian digits), never as
    English month names."""
    import altair as alt
    import pandas as pd

    from ingest.quantities import in_rials, unit_class
    from kb.dates import date_number

    rows = []
    for f in brief.figures:
        n = date_number(f.date)
        if n:
            value = in_rials(Figure("", f.value, f.unit, "amount", 0, 0)).value
            rows.append({"date": pd.Timestamp(year=n // 10000, month=n // 100 % 100, day=n % 100),
                         "value": value, "unit": unit_class(f.unit), "figure": f.figure, "source": f.title,
                         "when": fa_digits(f.date)})
    frame = pd.DataFrame(rows)
    if frame.empty:
        return []
    charts = []
    for unit, part in frame.groupby("unit", sort=False):
        if part["date"].nunique() < 2:
            continue
        name = UNIT_NAMES.get(unit, "عدد")
        base = alt.Chart(part).encode(
            x=alt.X("date:T", title=None, axis=alt.Axis(labels=False, ticks=False)),
            y=alt.Y("value:Q", title=name),
            tooltip=[alt.Tooltip("figure", title="رقم"), alt.Tooltip("source", title="منبع"),
                     alt.Tooltip("when", title="تاریخ")])
        charts.append((name, base.mark_line(point=True) + base.mark_text(dy=-12).encode(text="when")))
    return charts
