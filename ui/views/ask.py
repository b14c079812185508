"""Ask page: the archive's answer, quoted with its page, or a plain "the archive does not say"."""

from __future__ import annotations

import html

import streamlit as st

from kb import Archive, ArchiveError
from ui.render import fa_digits, marked_html


def page(archive: Archive) -> None:
    st.header("پرسش")
    question = st.text_input("پرسش خود را بنویسید", key="question")
    st.caption("پاسخ از متن منابع نقل می‌شود (بی مدل مولد)؛ هر پاسخ با جمله و صفحهٔ منبع.")
    if not question:
        return
    try:
        answer = archive.answer(question)
    except ArchiveError as e:
        st.warning(str(e))
        return
    if answer.abstained:
        st.warning("بایگانی در این باره چیزی نمی‌گوید.")
        st.caption(f"نزدیک‌ترین جمله امتیاز {answer.confidence:.2f} داشت؛ آستانهٔ پاسخ بالاتر است.")
        return
    st.markdown(f'<div class="bayegan-text" dir="rtl"><b>پاسخ:</b> {html.escape(answer.text)}</div>',
                unsafe_allow_html=True)
    for q in answer.quotes:
        spans = [q.span] if q.span else []
        st.markdown(f'<div class="bayegan-hit" dir="rtl"><div class="bayegan-text">«{marked_html(q.text, spans)}»</div>'
                    f'<div class="bayegan-cite">{html.escape(q.title)}، صفحهٔ {fa_digits(q.page)}</div></div>',
                    unsafe_allow_html=True)
