"""Ask page: the archive's answer, quoted with its page, or a plain "the archive does not say";
a configured model's answer streams in as it is written and says whether it passed verification."""

from __future__ import annotations

import html

import streamlit as st

from kb import Archive
from ui.render import attempt, fa_digits, marked_html


def page(archive: Archive) -> None:
    st.header("پرسش")
    question = st.text_input("پرسش خود را بنویسید", key="question")
    model = archive.settings.llm_url or archive.settings.llm_gguf
    if model:
        st.caption("مدل مولد پاسخ را از متن منابع می‌نویسد؛ پاسخ فقط وقتی نشان داده می‌شود که هر رقم، تاریخ و نامش "
                   "در منابعِ ذکرشده باشد. وگرنه جملهٔ منبع نقل می‌شود.")
    else:
        st.caption("پاسخ از متن منابع نقل می‌شود (بی مدل مولد)؛ هر پاسخ با جمله و صفحهٔ منبع.")
    if not question:
        return
    live = st.empty()
    written: list[str] = []

    def stream(piece: str) -> None:
        written.append(piece)
        live.markdown(f'<div class="bayegan-text" dir="auto"><b>در حال نوشتن:</b> {html.escape("".join(written))}</div>',
                      unsafe_allow_html=True)

    answer = attempt(lambda: archive.answer(question, on_token=stream), clear=live)
    if answer is None:
        return
    live.empty()
    g = answer.generation
    if g and g.verified:
        st.success(f"نوشتهٔ مدل ({g.model})؛ راستی‌آزمایی شد: هرچه می‌گوید در منابع ذکرشده هست.")
    elif g:
        st.warning("پاسخ مدل نشان داده نشد، چون چیزی می‌گوید که منابعش نمی‌گویند: "
                   + "، ".join(g.unsupported or ["پاسخی نداد"]) + ". به جای آن جملهٔ منبع نقل شده است.")
        with st.expander("آنچه مدل نوشت (راستی‌آزمایی نشده)"):
            st.markdown(f'<div class="bayegan-text" dir="auto">{html.escape(g.text)}</div>', unsafe_allow_html=True)
    if answer.abstained:
        st.warning("بایگانی در این باره چیزی نمی‌گوید.")
        st.caption(f"نزدیک‌ترین جمله امتیاز {fa_digits(f'{answer.confidence:.2f}'.replace('.', '٫'))} داشت؛ آستانهٔ پاسخ بالاتر است.")
        return
    st.markdown(f'<div class="bayegan-text" dir="rtl"><b>پاسخ:</b> {html.escape(answer.text)}</div>',
                unsafe_allow_html=True)
    for q in answer.quotes:
        spans = [q.span] if q.span else []
        st.markdown(f'<div class="bayegan-hit" dir="rtl"><div class="bayegan-text">«{marked_html(q.text, spans)}»</div>'
                    f'<div class="bayegan-cite">{html.escape(q.title)}، صفحهٔ {fa_digits(q.page)}</div></div>',
                    unsafe_allow_html=True)
