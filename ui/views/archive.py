"""Archive page: add files (upload or folder), see what is in the archive, read a document
beside its original page, remove a document."""

from __future__ import annotations

import tempfile
from pathlib import Path

import streamlit as st

from kb import Archive
from ui.page_image import page_image
from ui.render import attempt, fa_digits, text_html

STATUS = {"added": "✅ افزوده شد", "duplicate": "↺ از قبل در بایگانی است", "rejected": "⛔ پذیرفته نشد"}


def add_files(archive: Archive, paths: list[Path], names: dict[str, str] | None = None) -> None:
    """Ingest with a progress bar; one line per file. `names`: the user's file names of uploads
    saved under generated names."""
    names = names or {}
    bar = st.progress(0.0, text="در حال خواندن…")
    files = {str(p): i for i, p in enumerate(paths)}

    def shown(path: str) -> str:
        return names.get(path, Path(path).name)

    def progress(path: str, done: int, total: int) -> None:
        i = files.get(path, 0)
        bar.progress(min(1.0, (i + done / max(total, 1)) / len(paths)),
                     text=f"{shown(path)}: صفحهٔ {fa_digits(done)} از {fa_digits(total)}")

    results = attempt(lambda: archive.add_paths(paths, progress=progress), clear=bar)
    if results is None:
        return
    bar.progress(1.0, text="تمام شد")
    for r in results:
        detail = f"{r.title} — {fa_digits(r.pages)} صفحه، {fa_digits(r.figures)} رقم" if r.status == "added" else r.message
        for saved, name in names.items():
            detail = detail.replace(saved, name)
        st.markdown(text_html(f"{STATUS[r.status]}: {shown(r.path)} — {detail}"), unsafe_allow_html=True)


def page(archive: Archive) -> None:
    st.header("بایگانی")
    uploads = st.file_uploader("افزودن PDF، ‎.txt‎ یا ‎.html‎", type=["pdf", "txt", "html", "htm"],
                               accept_multiple_files=True)
    if uploads and st.button("افزودن به بایگانی", key="add_uploads"):
        # written only inside the archive folder, under generated names, and removed afterwards
        # (a kept original is stored by the archive under its content hash)
        limit = archive.settings.max_upload_mb
        with tempfile.TemporaryDirectory(dir=archive.folder, prefix=".upload-") as tmp:
            paths, names = [], {}
            for i, up in enumerate(uploads):
                if up.size > limit * 2**20:
                    st.error(f"⛔ {up.name}: بزرگ‌تر از {fa_digits(limit)} مگابایت است (BAYEGAN_MAX_UPLOAD_MB)")
                    continue
                path = Path(tmp) / f"{i:04d}{Path(up.name).suffix.lower()}"
                path.write_bytes(up.getvalue())
                paths.append(path)
                names[str(path)] = Path(up.name).name
            if paths:
                add_files(archive, paths, names)
    folder = st.text_input("یا پوشه‌ای روی این رایانه", key="folder")
    if folder and st.button("افزودن پوشه", key="add_folder"):
        if Path(folder).is_dir():
            add_files(archive, [Path(folder)])
        else:
            st.error(f"پوشه پیدا نشد: {folder}")

    docs = archive.documents()
    st.subheader(f"اسناد ({fa_digits(len(docs))})")
    if not docs:
        st.info("بایگانی خالی است: پرونده‌ای بیفزایید.")
        return
    st.dataframe([{"عنوان": d.title, "تاریخ": d.date, "منبع": d.source, "صفحه": d.pages, "ارقام": d.figures,
                   "شناسه": d.id} for d in docs], hide_index=True, width="stretch")
    by_label = {f"{d.title} [{d.id}]": d for d in docs}
    choice = st.selectbox("خواندن سند", list(by_label), key="open_doc")
    doc = by_label[choice]
    summary = archive.summarize(doc.id)
    if summary.sentences:
        with st.expander("خلاصهٔ سند", expanded=True):
            for s in summary.sentences:
                st.markdown(text_html(f"{s.text} (ص {fa_digits(s.page)})"), unsafe_allow_html=True)
    show_document(archive, doc.id, doc.pages)
    if st.button("حذف این سند", key="remove_doc"):
        archive.remove(doc.id)
        st.success(f"حذف شد: {doc.title}")
        st.rerun()


def show_document(archive: Archive, doc_id: str, pages: int, highlight: list | None = None,
                  page_no: int | None = None) -> None:
    """The clean text beside the original page with its blocks drawn (PDF sources)."""
    ocr_pages = archive.ocr_pages(doc_id)
    if ocr_pages:
        st.warning("این صفحه‌ها لایهٔ متن نداشتند و با OCR خوانده شدند؛ متنشان ممکن است خطا داشته باشد: "
                   + "، ".join(f"صفحهٔ {fa_digits(p)} (اطمینان {fa_digits(round(100 * c))}٪)"
                               for p, c in sorted(ocr_pages.items())))
    text_col, image_col = st.columns(2)
    with text_col:
        st.markdown(text_html(archive.text(doc_id)), unsafe_allow_html=True)
    with image_col:
        if archive.original(doc_id) is None:
            st.caption("این سند از متن آمده است و تصویر صفحه ندارد.")
            return
        n = page_no or st.number_input("صفحه", 1, max(pages, 1), 1, key=f"page_{doc_id}")
        boxes = [tuple(b["bbox"]) for b in archive.blocks(doc_id) if b["page"] == n]
        st.image(page_image(archive, doc_id, int(n), boxes=boxes, highlight=highlight or []),
                 caption=f"صفحهٔ {fa_digits(n)}", width="stretch")

