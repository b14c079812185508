"""Saved searches and their alerts: a journalist follows a subject ("everything on the Tehran
metro budget") and is told what is new since they last looked.

A saved search is a query and its filters under a name. After every ingest each saved search is
run again, and the new articles it finds among its first `ALERT_DEPTH` hits become alerts
when search finds them at least "related" (or cannot judge, in a small archive) and they name
the subject (kb/subject.py), as briefs ask. A copy of a story already found is no news
(search folds copies). Alerts are kept until the search is removed; "new" are those added since
the user last looked, and a saved search's alerts are also an RSS 2.0 feed a newsroom's reader
can follow.
"""

from __future__ import annotations

import time
from email.utils import formatdate
from xml.sax.saxutils import escape

from .catalogue import Alert, DocumentInfo, SavedSearch
from .dates import date_number
from .query import Filters, Query
from .reading import Reader
from .subject import Subject, article_text

ALERT_DEPTH = 50  # a new article further down a search's results is not news on its subject


def new_alerts(reader: Reader, saved: SavedSearch, added: set[str], now: float | None = None) -> list[Alert]:
    """The articles among `added` (document ids just ingested) that `saved` finds."""
    if not added:
        return []
    now = time.time() if now is None else now
    hits = reader.search(Query(saved.query, saved.filters), k=ALERT_DEPTH)
    subject = Subject.of(saved.query, reader.known_words)
    out = []
    for h in hits:
        if h.doc_id not in added or h.relevance == "weak":
            continue
        if h.copy_of and h.copy_of not in added and _within(reader.document(h.copy_of), saved.filters):
            continue  # a new copy of a story this search could already find (copies: kb/copies.py)
        if not subject.named_in(article_text(reader, h.doc_id)):  # as briefs ask: likeness is not aboutness
            continue
        out.append(Alert(saved.name, h.doc_id, h.title, h.source, h.date, h.page, h.snippet or h.text[:260],
                         h.relevance, now))
    return out


def _within(info: DocumentInfo, filters: Filters) -> bool:
    """Whether a document passes a search's source and date filters."""
    if filters.source and info.source != filters.source:
        return False
    day = date_number(info.date)
    if filters.date_from_num and not (day and day >= filters.date_from_num):
        return False
    return not (filters.date_to_num and not (day and day <= filters.date_to_num))


def rss(saved: SavedSearch, alerts: list[Alert], link: str = "") -> str:
    """A saved search's alerts as an RSS 2.0 feed, newest first (for a newsroom's feed reader)."""
    items = []
    for a in sorted(alerts, key=lambda a: -a.found_at):
        where = "، ".join(x for x in (a.source, a.date, f"ص {a.page}") if x)
        items.append(
            "<item>"
            f"<title>{escape(a.title)}</title>"
            f"<description>{escape(a.snippet)} ({escape(where)})</description>"
            f'<guid isPermaLink="false">bayegan:{escape(a.search)}:{escape(a.doc_id)}</guid>'
            f"<pubDate>{formatdate(a.found_at, usegmt=True)}</pubDate>"
            "</item>")
    return ('<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>'
            f"<title>{escape('بایگان: ' + saved.name)}</title>"
            f"<link>{escape(link or 'bayegan:' + saved.name)}</link>"
            f"<description>{escape(saved.query)}</description><language>fa</language>"
            + "".join(items) + "</channel></rss>\n")
