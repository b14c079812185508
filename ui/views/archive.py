"""Archive page: add files (upload or folder), see what is in the archive, read a document
beside its original page, remove a document."""

from __future__ import annotations

import tempfile
from pathlib import Path

import streamlit as st

from kb import Archive, DocumentInfo, IngestProgress, PageArticle, article_at
from ui.page_image import article_colour, page_image
from ui.render import attempt, differences_html, fa_digits, progress_text, text_html
from ui.views import feeds

STATUS = {"added": "افزوده شد", "duplicate": "از قبل در بایگانی است", "rejected": "پذیرفته نشد"}


def add_files(archive: Archive, paths: list[Path], names: dict[str, str] | None = None, **details: str) -> None:
    """Ingest with a progress bar; one line per file. `names`: the user's file names of uploads
    saved under generated names; `details`: source, date and password given for them."""
    names = names or {}
    bar = st.progress(0.0, text="در حال خواندن…")

    def progress(p: IngestProgress) -> None:
        bar.progress(p.share, text=progress_text(p, Path(p.file).name))

    results = attempt(lambda: archive.add_paths(paths, names=names, progress=progress,
                                                **{k: v for k, v in details.items() if v}), clear=bar)
    if results is None:
        return
    bar.progress(1.0, text="تمام شد")
    for r in results:
        detail = (f"{r.title} — {fa_digits(r.pages)} صفحه، {fa_digits(r.figures)} رقم" if r.status == "added"
                  else r.persian or r.message)
        st.markdown(text_html(f"{STATUS[r.status]}: {Path(r.path).name} — {detail}"), unsafe_allow_html=True)


def page(archive: Archive) -> None:
    st.header("بایگانی")
    uploads = st.file_uploader("افزودن PDF، ‎.txt‎ یا ‎.html‎", type=["pdf", "txt", "html", "htm"],
                               accept_multiple_files=True)
    details = []
    for i, up in enumerate(uploads or []):
        with st.expander(f"منبع، تاریخ و گذرواژهٔ {up.name}", expanded=len(uploads) == 1):
            details.append({
                "source": st.text_input("منبع (نام روزنامه یا خبرگزاری)", key=f"up_source_{i}"),
                "date": st.text_input("تاریخ (مانند ۱۴۰۵/۰۹/۰۸ یا 2026-11-29)", key=f"up_date_{i}"),
                "password": st.text_input("گذرواژه (اگر PDF رمزدار است)", type="password", key=f"up_password_{i}"),
            })
            st.caption("تاریخ را خالی بگذارید تا تاریخی که سرلوحهٔ روزنامه چاپ کرده به کار رود.")
    if uploads and st.button("افزودن به بایگانی", key="add_uploads"):
        # written only inside the archive folder, under generated names, and removed afterwards
        # (a kept original is stored by the archive under its content hash)
        limit = archive.settings.max_upload_mb
        with tempfile.TemporaryDirectory(dir=archive.folder, prefix=".upload-") as tmp:
            for i, up in enumerate(uploads):
                if up.size > limit * 2**20:
                    st.error(f"{up.name}: بزرگ‌تر از {fa_digits(limit)} مگابایت است (BAYEGAN_MAX_UPLOAD_MB)")
                    continue
                path = Path(tmp) / f"{i:04d}{Path(up.name).suffix.lower()}"
                path.write_bytes(up.getvalue())
                add_files(archive, [path], {str(path): Path(up.name).name}, **details[i])
    feeds.box(archive)
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
    deleted = archive.deleted_files()
    rows = [{"عنوان": d.title, "تاریخ": d.date, "منبع": d.source, "صفحه": d.pages, "ارقام": d.figures, "شناسه": d.id}
            for d in docs]
    if deleted:  # documents kept after their file left a watched folder
        for row, d in zip(rows, docs):
            row["پرونده"] = "از پوشهٔ زیر نظر پاک شده" if d.issue in deleted else ""
    st.dataframe(rows, hide_index=True, width="stretch")
    by_label = {label(d): d for d in docs}
    choice = st.selectbox("خواندن سند", list(by_label), key="open_doc")
    doc = by_label[choice]
    summary = archive.summarize(doc.id)
    if summary.sentences:
        with st.expander("خلاصهٔ سند", expanded=True):
            for s in summary.sentences:
                st.markdown(text_html(f"{s.text} (ص {fa_digits(s.page)})"), unsafe_allow_html=True)
    copies = archive.copies(doc.id)
    if copies:
        with st.expander(f"همین خبر در {fa_digits(len(copies))} سند دیگر"):
            names = {label(c): c for c in copies}
            other = names[st.selectbox("مقایسه با", list(names), key="compare_with")]
            st.markdown(differences_html(archive.differences(doc.id, other.id), doc.source or doc.title,
                                         other.source or other.title), unsafe_allow_html=True)
    show_document(archive, doc.id, doc.pages)
    if st.button("حذف این سند", key="remove_doc"):
        archive.remove(doc.id)
        st.success(f"حذف شد: {doc.title}")
        st.rerun()


def label(doc: DocumentInfo | PageArticle) -> str:
    """How a document is named in the list that opens it."""
    return f"{doc.title} [{doc.id}]"


def open_article(article: PageArticle) -> None:
    """Open an article on the archive page (a callback: it runs before the next run draws the widgets)."""
    st.session_state["page"] = "بایگانی"
    st.session_state["open_doc"] = label(article)


def show_document(archive: Archive, doc_id: str, pages: int, highlight: list | None = None,
                  page_no: int | None = None) -> None:
    """The clean text beside the original page with its blocks drawn (PDF sources); on a
    newspaper page every article outlined in its colour, a click on one opens it."""
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
        blocks = archive.blocks(doc_id)
        first = min((b["page"] for b in blocks if b.get("page")), default=1)
        n = int(page_no or st.number_input("صفحه", 1, max(pages, 1), first, key=f"page_{doc_id}"))
        on_page = archive.page_articles(doc_id, n)
        if len(on_page) > 1 or any(a.id != doc_id for a in on_page):
            show_newspaper_page(archive, doc_id, n, on_page, highlight or [])
            return
        boxes = [tuple(b["bbox"]) for b in blocks if b["page"] == n]
        st.image(page_image(archive, doc_id, n, boxes=boxes, highlight=highlight or []),
                 caption=f"صفحهٔ {fa_digits(n)}", width="stretch")


def show_newspaper_page(archive: Archive, doc_id: str, n: int, on_page: list[PageArticle], highlight: list) -> None:
    """A newspaper page: its articles outlined and numbered, the open one heavier; the page and the
    list of headlines under it both open an article on click."""
    from streamlit_image_coordinates import streamlit_image_coordinates

    scale = 1.5
    image = page_image(archive, doc_id, n, scale=scale, highlight=highlight, articles=on_page, current=doc_id)
    key = f"click_{doc_id}_{n}"

    def clicked() -> None:
        click = st.session_state.get(key)
        if not click or not click.get("width"):
            return
        x = click["x"] / click["width"] * image.width / scale
        y = click["y"] / click["height"] * image.height / scale
        target = article_at(on_page, x, y)
        if target is not None and target.id != doc_id:
            open_article(target)

    streamlit_image_coordinates(image, key=key, use_column_width="always", on_click=clicked, cursor="pointer",
                                image_format="JPEG", jpeg_quality=85)
    st.caption(f"صفحهٔ {fa_digits(n)} — {fa_digits(len(on_page))} مطلب؛ روی هر مطلب بزنید تا باز شود.")
    for a in on_page:
        r, g, b = article_colour(a)
        swatch, title = st.columns([1, 12])
        swatch.markdown(f'<div style="background:rgb({r},{g},{b});color:#fff;text-align:center;border-radius:4px">'
                        f'{fa_digits(a.article or 1)}</div>', unsafe_allow_html=True)
        if a.id == doc_id:
            title.markdown(text_html(f"**{a.title}** (همین مطلب)"), unsafe_allow_html=True)
        else:
            title.button(a.title, key=f"open_article_{doc_id}_{a.id}", on_click=open_article, args=(a,))
