"""Search page: one box (Persian or English), filters, results grouped by article with
highlighted snippets; a hit opens its page with the passage highlighted."""

from __future__ import annotations

import streamlit as st

from ingest import BLOCK_KINDS
from kb import Archive, without_tail
from ui.render import attempt, fa_digits, hit_html
from ui.views.alerts import follow_box
from ui.views.archive import show_document

KINDS = {"": "همه", "headline": "تیتر", "lead": "لید", "body": "متن", "caption": "زیرنویس", "subhead": "میان‌تیتر",
         "kicker": "روتیتر", "furniture": "حاشیه"}


def page(archive: Archive) -> None:
    st.header("جستجو")
    query = st.text_input("جستجو در بایگانی (فارسی یا انگلیسی)", key="query")
    docs = archive.documents()
    with st.expander("پالایه‌ها"):
        sources = [""] + sorted({d.source for d in docs if d.source})
        source = st.selectbox("منبع", sources, format_func=lambda s: s or "همه", key="source")
        date_from = st.text_input("از تاریخ (مثلاً ۱۴۰۲/۰۱/۰۱)", key="date_from")
        date_to = st.text_input("تا تاریخ", key="date_to")
        kind = st.selectbox("نوع بخش", [k for k in KINDS if k == "" or k in BLOCK_KINDS],
                            format_func=lambda k: KINDS[k], key="kind")
        weak = st.checkbox("نتیجه‌های کم‌ربط هم نشان داده شود", key="weak")
    if not query:
        st.caption("عبارتی بنویسید؛ املای دیگر (ي/ی، ك/ک، با یا بی نیم‌فاصله، رقم فارسی یا لاتین) هم پیدا می‌شود.")
        return
    found = attempt(lambda: archive.search(query, k=10, source=source or None, date_from=date_from or None,
                                           date_to=date_to or None, kind=kind or None))
    if found is None:
        return
    hits = found if weak else without_tail(found)
    if not hits:
        st.info("چیزی پیدا نشد.")
        follow_box(archive, query, source=source or None, date_from=date_from or None, date_to=date_to or None)
        return
    for i, hit in enumerate(hits, 1):
        st.markdown(hit_html(hit, i), unsafe_allow_html=True)
        if st.button("نمایش در صفحه", key=f"open_{hit.chunk_id}"):
            st.session_state["opened"] = hit.to_dict()
    if len(found) > len(hits):
        st.caption(f"{fa_digits(len(found) - len(hits))} نتیجهٔ کم‌ربط دیگر پنهان است (در «پالایه‌ها» نشان دادنشان را بزنید).")
    follow_box(archive, query, source=source or None, date_from=date_from or None, date_to=date_to or None)
    opened = st.session_state.get("opened")
    if opened and any(h.chunk_id == opened["chunk_id"] for h in hits):
        st.subheader(f"{opened['title']} — صفحهٔ {fa_digits(opened['page'])}")
        info = archive.document(opened["doc_id"])
        show_document(archive, opened["doc_id"], info.pages, highlight=opened["bboxes"], page_no=opened["page"])
