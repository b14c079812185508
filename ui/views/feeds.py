"""The archive page's news feeds: follow an agency's RSS or Atom feed, see how each answered last,
and take in what they published (kb/feeds.py, the same as `bayegan feed`). The network is used
only when the user asks for it here."""

from __future__ import annotations

import time

import streamlit as st

from kb import Archive
from ui.render import attempt, fa_digits, ltr


# what went wrong at a feed's last poll (kb/feeds.py's words, by their start), as the app says it
FEED_ERRORS = {"not an RSS o": "خوراک RSS یا Atom نیست", "the server a": "کارساز خطا داد",
               "could not be": "در دسترس نبود", "not a usable": "نشانی یا پاسخش درست نیست"}


def box(archive: Archive) -> None:
    feeds = archive.feeds()
    with st.expander(f"خوراک‌های خبری ({fa_digits(len(feeds))})"):
        url = st.text_input(f"نشانی خوراک {ltr('RSS')} یا {ltr('Atom')}", key="feed_url")
        source = st.text_input("نام منبع (خالی: نامی که خوراک بر خود گذاشته)", key="feed_source")
        if url and st.button("دنبال کن", key="feed_add") and attempt(lambda: archive.add_feed(url, source=source)):
            st.rerun()
        for f in feeds:
            when = ltr(time.strftime("%Y-%m-%d %H:%M", time.localtime(f.polled_at))) if f.polled_at else ""
            state = ("هنوز پرسیده نشده" if not f.polled_at else f"آخرین پرسش {when}: {FEED_ERRORS.get(f.error[:12], 'در دسترس نبود')}"
                     if f.error else f"آخرین پرسش {when}: درست پاسخ داد")
            name = f"{f.source}، " if f.source else ""
            st.caption(f"{name}{ltr(f.url)} — {state}")
        if feeds and st.button("گرفتن خبرهای تازه", key="feed_poll"):
            with st.spinner("خوراک‌ها پرسیده می‌شوند…"):
                events = attempt(lambda: archive.poll_feeds(force=True)) or []
            added = [e for e in events if e.what == "added"]
            st.success(f"{fa_digits(len(added))} خبر تازه افزوده شد.")
            for e in events:
                if e.what != "added":
                    st.caption(e.persian)
