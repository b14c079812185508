"""News feeds: agencies publish on RSS and Atom, and each item's page comes into the archive with
the source and publication date the feed gives.

A poll asks each feed at most once every `POLITE_INTERVAL` (unless forced), with a conditional
GET (ETag, Last-Modified: an unchanged feed is one short answer); each new item's page is
fetched, at most one page a second from a site, and read for its article alone
(`ingest.read_web_page`: menus, share buttons, comments and footers out); an item already taken
is never fetched again. A feed that cannot be reached or read is reported, remembered
(`Feed.error`) and skipped: the others go on. Nothing else here touches the network.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime
from email.utils import parsedate_to_datetime
from typing import Any, Callable, Protocol
from urllib.parse import urljoin, urlparse

import httpx

from ingest import read_web_page
from ingest.alphabet import ltr
from ingest.text import html_to_text

from .catalogue import Feed
from .errors import ArchiveError, NotAFeedAddress
from .files import AddResult, AddStatus, TextItem


class Archive(Protocol):
    """What a poll needs of `kb.Archive` (which imports this module)."""

    def add_texts(self, items: list[TextItem]) -> list[AddResult]: ...
    def save_feed(self, feed: Feed) -> None: ...
    def feed_item_taken(self, link: str) -> bool: ...
    def take_feed_item(self, link: str, feed: str, doc_id: str) -> None: ...

POLITE_INTERVAL = 15 * 60  # seconds: a feed is asked at most this often
PAGE_DELAY = 1.0  # seconds between two pages of one site
TIMEOUT = 20.0
USER_AGENT = "Bayegan/1 (an offline news archive; one request a second at most)"
GONE = (404, 410)  # an item's page that answers this is not asked again

PERSIAN = {"added": "افزوده شد", "duplicate": "از قبل در بایگانی است", "rejected": "پذیرفته نشد (نه متنی دارد نه صفحه‌ای)",
           "unchanged": "خبر تازه‌ای ندارد", "waiting": "به‌تازگی پرسیده شده؛ نوبت بعد", "failed": "در دسترس نیست"}


@dataclass
class FeedEvent:
    """What a poll did: with a feed (unchanged, waiting, failed) or with one of its items."""

    feed: str  # the feed's address
    what: str  # added, duplicate, rejected, unchanged, waiting, failed
    link: str = ""  # the item's page ("" for the feed itself)
    title: str = ""
    detail: str = ""  # why it failed or was rejected (English)

    def line(self) -> str:
        """One log line, for the terminal."""
        where = self.link or self.feed
        return f"{self.what:<9} {where}" + (f"  {self.title}" if self.title else "") + (
            f": {self.detail}" if self.detail else "")

    @property
    def persian(self) -> str:
        """The line as the app shows it (an address in its own direction)."""
        return f"{self.title or ltr(self.link or self.feed)}: {PERSIAN[self.what]}"


def check_url(url: str) -> str:
    """The feed's address, if it is one (http or https; else NotAFeedAddress)."""
    url = url.strip()
    try:
        parts = urlparse(url)
        host = parts.hostname
    except ValueError:  # «http://[::1/rss»: a bracket left open
        raise NotAFeedAddress(url) from None
    if parts.scheme not in ("http", "https") or not host:
        raise NotAFeedAddress(url)
    return url


def poll(archive: Archive, feeds: list[Feed], *, force: bool = False, client: httpx.Client | None = None,
         on_event: Callable[[FeedEvent], None] | None = None) -> list[FeedEvent]:
    """Ask each feed for what is new and take its new items' articles into the archive."""
    events: list[FeedEvent] = []

    def tell(event: FeedEvent) -> None:
        events.append(event)
        if on_event:
            on_event(event)

    own = client is None
    client = client or httpx.Client(timeout=TIMEOUT, follow_redirects=True, headers={"User-Agent": USER_AGENT})
    last_page: dict[str, float] = {}
    try:
        for feed in feeds:
            if not force and time.time() - feed.polled_at < POLITE_INTERVAL:
                tell(FeedEvent(feed.url, "waiting"))
                continue
            _poll_one(archive, feed, client, last_page, tell)
    finally:
        if own:
            client.close()
    return events


def _poll_one(archive: Archive, feed: Feed, client: httpx.Client, last_page: dict[str, float],
              tell: Callable[[FeedEvent], None]) -> None:
    import feedparser

    headers = {k: v for k, v in (("If-None-Match", feed.etag), ("If-Modified-Since", feed.modified)) if v}
    feed.polled_at = time.time()
    try:
        response = client.get(feed.url, headers=headers)
        if response.status_code == 304:
            feed.error = ""
            archive.save_feed(feed)
            tell(FeedEvent(feed.url, "unchanged"))
            return
        response.raise_for_status()
        parsed = feedparser.parse(response.content, response_headers={"content-location": str(response.url)})
    except Exception as e:  # noqa: BLE001  (whatever the server or the address does, the other feeds go on)
        feed.error = _reason(e)
        archive.save_feed(feed)
        tell(FeedEvent(feed.url, "failed", detail=feed.error))
        return
    if not parsed.entries and not parsed.get("version"):  # a web page, or not XML at all
        feed.error = "not an RSS or Atom feed"
        archive.save_feed(feed)
        tell(FeedEvent(feed.url, "failed", detail=feed.error))
        return
    feed.etag = response.headers.get("ETag", "")
    feed.modified = response.headers.get("Last-Modified", "")
    feed.error = ""
    source = feed.source or parsed.feed.get("title", "") or urlparse(feed.url).netloc
    ready: list[tuple[str, str, TextItem]] = []  # (key, title, the item's text): added together below
    for entry in parsed.entries:
        raw = entry.get("link") or ""
        try:
            link = urljoin(str(response.url), raw) if raw else ""  # an id is a name, never an address
            key = link or entry.get("id") or ""
            if not key or archive.feed_item_taken(key) or any(k == key for k, _, _ in ready):
                continue
            fetched = _fetch(archive, feed, entry, key, link, source, client, last_page)
        except ArchiveError:
            raise
        except Exception as e:  # noqa: BLE001  (one item's trouble is reported; the feed goes on)
            fetched = FeedEvent(feed.url, "failed", raw, entry.get("title", ""), _reason(e))
        if isinstance(fetched, FeedEvent):
            if fetched.what == "failed":  # the next poll must see the whole feed again, not "unchanged"
                feed.etag = feed.modified = ""
            tell(fetched)
        else:
            ready.append(fetched)
    # one write for the feed's new items, not one per item (an archive that
    # cannot take anything raises here: no item can help that, and the CLI and the app say so)
    for (key, title, item), result in zip(ready, archive.add_texts([item for _, _, item in ready])):
        if result.status != AddStatus.REJECTED:
            archive.take_feed_item(key, feed.url, result.doc_id)
        tell(FeedEvent(feed.url, result.status.value, key, result.title or title,
                       result.message if result.status == AddStatus.REJECTED else ""))
    archive.save_feed(feed)  # only now: a poll cut short asks again for what it had not taken


def _fetch(archive: Archive, feed: Feed, entry, key: str, link: str, source: str, client: httpx.Client,
           last_page: dict[str, float]) -> FeedEvent | tuple[str, str, TextItem]:
    """One item's text: its page's article, or the feed's own text for it when it links no web
    page (or the page is not one, or is gone); or why there is none. `key`: what marks the
    item taken (its link, else its id)."""
    title = " ".join((entry.get("title") or "").split())
    text, page_title, page_date, gone = "", "", "", ""
    if urlparse(link).scheme in ("http", "https"):
        host = urlparse(link).netloc
        wait = last_page.get(host, 0.0) + PAGE_DELAY - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        try:
            response = client.get(link)
            last_page[host] = time.monotonic()
            response.raise_for_status()
            kind = response.headers.get("Content-Type", "text/html").split(";")[0].strip().lower()
            if kind in ("text/html", "application/xhtml+xml", "text/plain", ""):
                page = read_web_page(response.text, url=str(response.url)) if kind != "text/plain" else None
                text, page_title, page_date = (page.text, page.title, page.date) if page else (response.text, "", "")
        except httpx.HTTPStatusError as e:
            if e.response.status_code not in GONE:
                return FeedEvent(feed.url, "failed", key, title, _reason(e))  # the next poll tries again
            gone = _reason(e)  # gone for good: the feed's own words, or nothing
        except httpx.HTTPError as e:
            return FeedEvent(feed.url, "failed", key, title, _reason(e))
    if not text.strip():  # no page, a page with no article, or a page gone: the feed's own words for it
        content = entry.get("content") or []
        text = html_to_text(content[0].get("value", "") if content else entry.get("summary", ""))[0]
    if not text.strip():
        archive.take_feed_item(key, feed.url, "")  # never asked again
        return FeedEvent(feed.url, "rejected", key, title, gone or "the item has no text and no web page")
    return key, title, TextItem(text, title=title or page_title, source=source, date=_date(entry) or page_date[:10],
                                path=link or key, is_html=False)


def _date(entry) -> str:
    """The item's publication date as the feed writes it, in its own time zone, yyyy-mm-dd ("":
    none). feedparser's parsed dates are in UTC: «Thu, 02 May 2024 00:30:00 +0330» is 1 May there."""
    for key in ("published", "updated"):
        raw = (entry.get(key) or "").strip()
        if not raw:
            continue
        try:
            return parsedate_to_datetime(raw).strftime("%Y-%m-%d")  # RSS: RFC 822
        except (TypeError, ValueError, IndexError):
            pass
        try:
            return datetime.fromisoformat(raw.replace("Z", "+00:00")).strftime("%Y-%m-%d")  # Atom: RFC 3339
        except ValueError:
            pass
        when = entry.get(f"{key}_parsed")
        if when:
            return time.strftime("%Y-%m-%d", when)
    return ""


def _reason(error: Exception) -> str:
    if isinstance(error, httpx.HTTPStatusError):
        return f"the server answered {error.response.status_code}"
    if isinstance(error, httpx.HTTPError):
        return f"could not be reached ({type(error).__name__})"
    return f"not a usable address or answer ({type(error).__name__})"
