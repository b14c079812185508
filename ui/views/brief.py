"""Brief page: choose articles by a query or a date range; the cited summary, the key-figures
table, the timeline, and the Markdown to download."""

from __future__ import annotations

import html
import tempfile
from pathlib import Path

import streamlit as st

from kb import Archive, ArchiveError
from ui.render import fa_digits


def page(archive: Archive) -> None:
    st.header("گزارش خلاصه")
    query = st.text_input("موضوع (جستجو)", key="brief_query")
    since = st.text_input("از تاریخ", key="brief_since")
    until = st.text_input("تا تاریخ", key="brief_until")
    if not (query or since or until):
        st.caption("موضوعی بنویسید یا بازهٔ تاریخی بدهید؛ خلاصه از جمله‌های خود اسناد با ذکر منبع ساخته می‌شود.")
        return
    try:
        brief = archive.brief(query or None, date_from=since or None, date_to=until or None)
    except (ArchiveError, ValueError) as e:
        st.warning(str(e))
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
