"""Fact-check page: a Persian or English claim; a verdict badge per figure, with the source's
value and sentence."""

from __future__ import annotations

import html

import streamlit as st

from kb import Archive
from ui.render import attempt, fa_digits, ltr_if_latin

# words in colour, not emoji: a machine without an emoji font shows those as empty boxes
BADGES = {"supported": ":green[تأیید]", "contradicted": ":red[رد]", "not_found": ":gray[در بایگانی نیست]"}
WORDS = {"supported": "تأیید", "contradicted": "رد", "not_found": "در بایگانی نیست"}
COLOURS = {"supported": "#1a7f37", "contradicted": "#c62828", "not_found": "#666"}


def page(archive: Archive) -> None:
    st.header("راستی‌آزمایی")
    claim = st.text_area("ادعای فارسی یا انگلیسی", key="claim", height=90)
    if not claim.strip():
        st.caption("مثلاً: US tech firms spent about $400bn on AI — هر رقم جداگانه با منابع سنجیده می‌شود.")
        return
    verdict = attempt(lambda: archive.check(claim))
    if verdict is None:
        return
    st.subheader(f"نتیجه: {BADGES[verdict.label]}")
    if verdict.reason:
        st.caption(verdict.reason)
    rows = [{"رقم ادعا": ltr_if_latin(f.claimed), "نتیجه": WORDS[f.label], "رقم منبع": f.source_text,
             "جملهٔ منبع": f.sentence, "منبع": f"{f.title}، ص {fa_digits(f.page)}" if f.doc_id else ""}
            for f in verdict.figures]
    st.dataframe(rows, hide_index=True, width="stretch")
    for f in verdict.figures:
        if f.doc_id:
            st.markdown(f'<div class="bayegan-hit" dir="rtl"><b>{html.escape(ltr_if_latin(f.claimed))}</b> — '
                        f'<b style="color:{COLOURS[f.label]}">{WORDS[f.label]}</b>'
                        f'<div class="bayegan-text">«{html.escape(f.sentence)}»</div>'
                        f'<div class="bayegan-cite">{html.escape(f.title)}، صفحهٔ {fa_digits(f.page)}</div></div>',
                        unsafe_allow_html=True)
    if verdict.related:
        r = verdict.related
        st.markdown(f'<div class="bayegan-hit" dir="rtl"><b>مرتبط، ولی نه همان:</b>'
                    f'<div class="bayegan-text">«{html.escape(r.text)}»</div>'
                    f'<div class="bayegan-cite">{html.escape(r.title)}، صفحهٔ {fa_digits(r.page)}</div></div>',
                    unsafe_allow_html=True)
