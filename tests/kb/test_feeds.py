"""News feeds (kb/feeds.py) against a real HTTP server on 127.0.0.1 serving recorded RSS, Atom
and article pages: items taken with the feed's source and date and the page's article alone,
conditional GETs, polite intervals, a bad feed reported while the others go on."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from tests.helpers import NewsSite as Site
from tests.helpers import news_site, rss

@pytest.fixture
def site():
    with news_site() as base:
        yield base


@pytest.fixture
def archive(tmp_path, monkeypatch):
    from kb import Archive, feeds

    monkeypatch.setattr(feeds, "PAGE_DELAY", 0.05)  # the politeness is timed below, not waited out
    with Archive(tmp_path / "feeds", embedder="e5-small", chroma_url="") as a:
        yield a


def test_a_poll_takes_each_item_s_article_with_the_feed_s_source_and_date(archive, site):
    archive.add_feed(f"{site}/rss.xml")
    archive.add_feed(f"{site}/atom.xml", source="ایسنا")
    events = archive.poll_feeds()
    assert [e.what for e in events] == ["added", "added", "added"]
    docs = {d.title: d for d in archive.documents()}
    rain = docs["بارش باران از سه‌شنبه"]
    assert (rain.source, rain.date, rain.path) == ("خبرگزاری نمونه", "2025-11-25", f"{site}/news/1")
    assert docs["کنکور"].source == "ایسنا" and docs["کنکور"].date == "2025-11-27"
    text = archive.text(rain.id)
    assert "مدیرکل هواشناسی" in text and "می‌شود" in text  # the article, its ZWNJ kept
    for furniture in ("صفحه نخست", "اشتراک‌گذاری", "راضی نیستم", "تمامی حقوق"):
        assert furniture not in text
    assert archive.search("بارش باران", date_from="2025-11-25", date_to="2025-11-25", k=3)[0].doc_id == rain.id


def test_a_second_poll_asks_conditionally_and_fetches_no_page_again(archive, site):
    archive.add_feed(f"{site}/rss.xml")
    archive.poll_feeds()
    Site.hits.clear()
    assert [e.what for e in archive.poll_feeds()] == ["waiting"]  # asked minutes ago: not again
    assert Site.hits == []
    assert [e.what for e in archive.poll_feeds(force=True)] == ["unchanged"]
    assert Site.hits == [("/rss.xml", Site.hits[0][1])] and Site.hits[0][1]  # one conditional request
    Site.pages["/rss.xml"] = ("application/rss+xml", rss(site).replace("</channel>", (
        f"<item><title>کنکور</title><link>{site}/isna/7</link></item></channel>")))
    Site.hits.clear()
    events = archive.poll_feeds(force=True)
    assert [(e.what, e.link) for e in events] == [("added", f"{site}/isna/7")]
    assert [p for p, _ in Site.hits] == ["/rss.xml", "/isna/7"]  # the old items' pages not fetched again


def test_a_bad_or_unreachable_feed_is_reported_and_the_others_go_on(archive, site):
    archive.add_feed(f"{site}/broken-feed")
    archive.add_feed(f"{site}/not-a-feed.xml")
    archive.add_feed("http://127.0.0.1:9/rss.xml")  # nothing listens there
    archive.add_feed(f"{site}/atom.xml")
    events = archive.poll_feeds()
    assert [e.what for e in events] == ["failed", "failed", "failed", "added"]  # in the order of the feeds
    errors = {f.url: f.error for f in archive.feeds()}
    assert errors[f"{site}/broken-feed"] == "the server answered 500"
    assert errors[f"{site}/not-a-feed.xml"] == "not an RSS or Atom feed"
    assert errors["http://127.0.0.1:9/rss.xml"].startswith("could not be reached")
    assert errors[f"{site}/atom.xml"] == ""


def test_an_item_whose_page_fails_is_tried_again_at_the_next_poll(archive, site):
    Site.failing.add("/news/2")  # the site's trouble, not the page's: asked again next time
    archive.add_feed(f"{site}/rss.xml")
    assert {e.link: e.what for e in archive.poll_feeds()} == {f"{site}/news/1": "added", f"{site}/news/2": "failed"}
    Site.failing.clear()
    assert [(e.what, e.link) for e in archive.poll_feeds(force=True)] == [("added", f"{site}/news/2")]


def test_pages_of_one_site_are_a_polite_interval_apart(archive, site, monkeypatch):
    import time

    from kb import feeds

    monkeypatch.setattr(feeds, "PAGE_DELAY", 0.6)
    archive.add_feed(f"{site}/rss.xml")
    t0 = time.monotonic()
    archive.poll_feeds()
    assert time.monotonic() - t0 >= 0.6  # two pages of one site: the second waited


def test_addresses_are_checked_and_the_cli_follows_lists_polls_and_removes(archive, site):
    from ui.cli import cli

    with pytest.raises(ValueError, match="not a feed address"):
        archive.add_feed("ftp://example.org/rss")

    def run(*args):
        return CliRunner().invoke(cli, [*args, "--archive", str(archive.folder)],
                                  env={"BAYEGAN_EMBEDDER": "e5-small", "BAYEGAN_CHROMA_URL": "", "BAYEGAN_USE_SERVER": "0"})

    r = run("feed", "add", "ftp://example.org/rss")
    assert r.exit_code == 2 and "not a feed address" in r.output
    assert run("feed", "add", f"{site}/atom.xml", "--source", "ایسنا").exit_code == 0
    assert "not yet asked" in run("feed", "list").output
    r = run("feed", "poll")
    assert r.exit_code == 0 and r.output.splitlines()[0].startswith(f"added     {site}/isna/7")
    assert ", ok" in run("feed", "list").output
    assert run("feed", "remove", f"{site}/atom.xml").exit_code == 0
    r = run("feed", "remove", f"{site}/atom.xml")
    assert r.exit_code == 2 and "follows no feed" in r.output


def test_odd_items_relative_links_text_only_items_gone_pages_and_bad_addresses(archive, site):
    zwnj_page = ("<html><body><article><h1>کنکور</h1><p>نتایج آزمون سراسری هفتهٔ آینده اعلام می&zwnj;شود و "
                 "داوطلبان می&#8204;توانند کارنامهٔ خود را ببینند و تا پایان ماه انتخاب رشته کنند.</p>"
                 "</article></body></html>")
    Site.pages["/news/zw"] = ("text/html; charset=utf-8", zwnj_page)
    Site.pages["/odd.xml"] = ("application/rss+xml", (
        "<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel><title>نمونه</title><link>/</link>"
        "<description>-</description>"
        "<item><title>بارش باران</title><link>/news/1</link><pubDate>Thu, 27 Nov 2025 00:30:00 +0330</pubDate></item>"
        "<item><title>کنکور</title><link>/news/zw</link></item>"
        "<item><title>بی‌پیوند</title><guid isPermaLink='false'>urn:news:42</guid>"
        "<description>قیمت هر گرم طلای ۱۸ عیار در بازار امروز کاهش یافت و به سه میلیون تومان رسید.</description></item>"
        f"<item><title>نشانی خراب</title><link>http://{'a' * 70}.example/x</link></item>"
        "<item><title>رفته</title><link>/gone</link></item>"
        "<item><title>شماره</title><guid isPermaLink='false'>12346</guid>"
        "<description>خط دوم متروی اصفهان پس از هشت سال ساخت به بهره‌برداری رسید و مسافران را جابه‌جا کرد.</description>"
        "</item></channel></rss>"))
    archive.add_feed(f"{site}/odd.xml")
    events = {e.title: e for e in archive.poll_feeds()}
    assert events["بارش باران"].what == "added" and events["بارش باران"].link == f"{site}/news/1"
    docs = {d.title: d for d in archive.documents()}
    assert docs["بارش باران"].date == "2025-11-27"  # just after midnight in Tehran, not the UTC day before
    assert "می‌شود" in archive.text(docs["کنکور"].id)  # ZWNJ written as an entity kept
    assert events["بی‌پیوند"].what == "added" and "طلای ۱۸ عیار" in archive.text(docs["بی‌پیوند"].id)
    assert events["نشانی خراب"].what == "failed"
    assert events["رفته"].what == "rejected" and "404" in events["رفته"].detail
    assert events["شماره"].what == "added" and "/12346" not in [p for p, _ in Site.hits]  # an id is no address
    Site.hits.clear()
    archive.poll_feeds(force=True)
    assert "/gone" not in [p for p, _ in Site.hits]  # gone for good: not asked again


def test_an_archive_that_cannot_take_anything_stops_the_poll_with_its_own_error(archive, site, monkeypatch):
    from kb import ArchiveUnwritable

    def unwritable(*args, **kwargs):
        raise ArchiveUnwritable(str(archive.folder), "disk full")

    monkeypatch.setattr(archive, "add_texts", unwritable)
    archive.add_feed(f"{site}/rss.xml")
    with pytest.raises(ArchiveUnwritable):  # not one "failed" line per item, exit 0
        archive.poll_feeds()


def test_a_feed_s_new_items_are_added_in_one_write(archive, site, monkeypatch):
    from kb.lexical import LexicalIndex

    rebuilds = []
    real = LexicalIndex.rebuild
    monkeypatch.setattr(LexicalIndex, "rebuild", lambda self, *a, **k: (rebuilds.append(1), real(self, *a, **k))[1])
    archive.add_feed(f"{site}/rss.xml")
    assert [e.what for e in archive.poll_feeds()] == ["added", "added"]
    assert len(rebuilds) == 1  # one lexical index for the two items, not one each
