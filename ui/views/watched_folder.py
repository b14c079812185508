"""The sidebar's watched folder: a folder on this computer (a shared folder where each day's issue
lands) whose new, changed and deleted files the archive follows while the app is open (kb/watch.py,
the same as `bayegan watch`)."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from kb import Archive
from ui.render import attempt

LOOK_EVERY = 15.0  # seconds between looks while the app is open
SHOWN = 5  # the latest lines of what the watch did


def sidebar(archive: Archive) -> None:
    folder = st.text_input("پوشهٔ زیر نظر (پرونده‌های تازه‌اش خودبه‌خود افزوده می‌شود)", key="watch_folder")
    on = st.toggle("زیر نظر باشد", key="watch_on", disabled=not folder)
    if not (on and folder):
        return
    if not Path(folder).expanduser().is_dir():
        st.warning("این پوشه پیدا نشد.")
        return
    keep = st.checkbox("اسناد پرونده‌های پاک‌شده در بایگانی بماند", key="watch_keep")
    look(archive, folder, "keep" if keep else "remove")


@st.fragment(run_every=LOOK_EVERY)
def look(archive: Archive, folder: str, on_delete: str) -> None:
    """One look at the folder (a new file is taken at the look after it settles)."""
    key = ("watch", folder, on_delete)
    if key not in st.session_state:
        st.session_state[key] = archive.watch([folder], on_delete=on_delete)
    events = attempt(st.session_state[key].look) or []
    log = st.session_state.setdefault("watch_log", [])
    log += [e.persian for e in events if e.what != "waiting"]
    for line in log[-SHOWN:]:
        st.caption(line)
    if any(e.what in ("added", "changed", "removed") for e in events):
        st.rerun(scope="app")  # the page and the counts show what came in
