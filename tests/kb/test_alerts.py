"""Saved searches and alerts (kb/alerts.py) on a real archive: what each ingest brings that a
saved search finds, new since the user last looked, as the CLI and an RSS reader see it."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest
from click.testing import CliRunner

from tests.helpers import RAIN_OTHER_STORY, RAIN_STORY, RAIN_STORY_COPY, VARIED_NEWS


@pytest.fixture
def archive(tmp_path):
    from kb import Archive

    with Archive(tmp_path / "alerts", embedder="e5-small", chroma_url="") as a:
        for title, text in VARIED_NEWS:
            a.add_text(text, title=title)
        yield a


def test_an_ingest_records_the_new_articles_a_saved_search_finds(archive):
    archive.save_search("باران تهران", "بارش باران و آبگرفتگی در تهران")
    archive.save_search("طلا", "قیمت طلا")
    assert archive.alerts() == []  # what was there before saving is no news
    rain = archive.add_text(RAIN_STORY, title="بارش باران از سه‌شنبه", source="فارس").doc_id
    found = archive.alerts("باران تهران")
    assert [a.doc_id for a in found] == [rain] and found[0].new and found[0].relevance in ("strong", "related")
    assert found[0].source == "فارس" and found[0].snippet
    assert archive.alerts("طلا") == []  # a story on rain is no news on gold


def test_new_is_what_came_since_the_user_last_looked(archive):
    archive.save_search("باران تهران", "بارش باران و آبگرفتگی در تهران")
    first = archive.add_text(RAIN_STORY, title="بارش باران", source="فارس").doc_id
    assert [a.doc_id for a in archive.alerts(new_only=True, mark_seen=True)] == [first]
    assert archive.alerts(new_only=True) == []
    second = archive.add_text(RAIN_OTHER_STORY, title="آماده‌باش", source="فارس").doc_id
    assert [a.doc_id for a in archive.alerts(new_only=True)] == [second]
    assert [(a.doc_id, a.new) for a in archive.alerts()] == [(second, True), (first, False)]


def test_a_copy_of_a_story_already_found_is_no_news_and_the_story_s_alert_outlives_its_first(archive):
    archive.save_search("باران تهران", "بارش باران و آبگرفتگی در تهران")
    first = archive.add_text(RAIN_STORY, title="بارش باران", source="فارس").doc_id
    copy = archive.add_text(RAIN_STORY_COPY, title="باران در راه تهران", source="ایسنا").doc_id
    assert [a.doc_id for a in archive.alerts()] == [first]
    archive.remove(first)
    assert [a.doc_id for a in archive.alerts()] == [copy]  # the story's alert stays with its copy
    archive.remove(copy)
    assert archive.alerts() == []


def test_saving_checks_names_and_dates_and_a_name_is_never_overwritten_unasked(archive):
    from kb import InvalidDate, NoSuchSearch, NothingToFollow, SearchExists

    with pytest.raises(NothingToFollow, match="needs a name"):
        archive.save_search(" ", "باران")
    with pytest.raises(InvalidDate):
        archive.save_search("بد", "باران", date_from="دیروز")
    assert archive.saved_searches() == []
    archive.save_search("باران", "بارش باران و آبگرفتگی در تهران")
    with pytest.raises(SearchExists, match="--replace"):  # a second follow never overwrites the first
        archive.save_search("باران", "قیمت طلا")
    rain = archive.add_text(RAIN_STORY, title="بارش باران", source="فارس").doc_id
    assert [a.doc_id for a in archive.alerts("باران")] == [rain]
    archive.save_search("باران", "قیمت طلا", replace=True)
    assert archive.saved_search("باران").query == "قیمت طلا" and archive.alerts("باران") == []
    archive.remove(rain)
    archive.save_search("باران", "بارش باران و آبگرفتگی در تهران", replace=True)
    assert archive.add_text(RAIN_STORY, title="بارش باران", source="فارس").doc_id == rain
    assert [(a.doc_id, a.new) for a in archive.alerts("باران")] == [(rain, True)]  # added again: news again
    with pytest.raises(NoSuchSearch, match="bayegan saved list"):
        archive.alerts("نیست")
    with pytest.raises(NoSuchSearch):
        archive.forget_search("نیست")


def test_the_alerts_are_an_rss_feed(archive):
    archive.save_search("باران تهران", "بارش باران و آبگرفتگی در تهران")
    archive.add_text(RAIN_STORY, title="بارش باران <از> سه‌شنبه", source="فارس")
    channel = ET.fromstring(archive.alerts_feed("باران تهران")).find("channel")
    assert channel.findtext("title") == "بایگان: باران تهران" and channel.findtext("language") == "fa"
    [item] = channel.findall("item")
    assert item.findtext("title") == "بارش باران <از> سه‌شنبه" and "فارس" in item.findtext("description")
    assert item.findtext("guid").startswith("bayegan:باران تهران:") and item.findtext("pubDate").endswith("GMT")


def test_the_cli_saves_lists_alerts_and_writes_the_feed(archive, tmp_path):
    from ui.cli import cli

    def run(*args):
        return CliRunner().invoke(cli, [*args, "--archive", str(archive.folder)], catch_exceptions=False,
                                  env={"BAYEGAN_EMBEDDER": "e5-small", "BAYEGAN_CHROMA_URL": "", "BAYEGAN_USE_SERVER": "0"})

    assert run("saved", "add", "باران", "بارش باران و آبگرفتگی در تهران").exit_code == 0
    (tmp_path / "rain.txt").write_text(RAIN_STORY, encoding="utf-8")
    assert run("ingest", str(tmp_path / "rain.txt")).exit_code == 0
    assert "باران: بارش باران و آبگرفتگی در تهران — 1 new" in run("saved", "list").output
    r = run("alerts")
    assert r.output.startswith("new  باران: ") and r.exit_code == 0
    assert "nothing new" in run("alerts").output  # seen now
    assert json.loads(run("alerts", "--all", "--json").output)["new"] is False
    assert run("alerts", "باران", "--rss", str(tmp_path / "feed.xml")).exit_code == 0
    assert ET.parse(tmp_path / "feed.xml").getroot().find("channel/item") is not None
    r = CliRunner().invoke(cli, ["alerts", "نیست", "--archive", str(archive.folder)],
                           env={"BAYEGAN_EMBEDDER": "e5-small", "BAYEGAN_CHROMA_URL": "", "BAYEGAN_USE_SERVER": "0"})
    assert r.exit_code == 2 and "no saved search named" in r.output
    assert run("saved", "remove", "باران").exit_code == 0 and run("saved", "list").output == ""


def test_another_agency_s_copy_is_news_to_a_search_that_follows_only_that_agency(archive):
    archive.save_search("ایسنا", "بارش باران و آبگرفتگی در تهران", source="ایسنا")
    archive.save_search("همه", "بارش باران و آبگرفتگی در تهران")
    first = archive.add_text(RAIN_STORY, title="بارش باران", source="فارس").doc_id
    copy = archive.add_text(RAIN_STORY_COPY, title="باران در راه تهران", source="ایسنا").doc_id
    assert archive.document(copy).copy_of == first
    assert [a.doc_id for a in archive.alerts("ایسنا")] == [copy]  # it could not find Fars's
    assert [a.doc_id for a in archive.alerts("همه")] == [first]  # the story once
