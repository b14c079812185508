"""The app through Streamlit's AppTest, on a real small archive (real ingest, e5-small)."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from kb import Archive
from tests.helpers import open_app

APP = str(Path(__file__).resolve().parents[2] / "ui" / "app.py")


@pytest.fixture(scope="module")
def archive_dir(tmp_path_factory, news_pdf) -> Path:
    folder = tmp_path_factory.mktemp("app-archive")
    with Archive(folder, embedder="e5-small", chroma_url="") as a:
        a.add_pdf(news_pdf, source="روزنامه نمونه", date="1403/09/20")
        a.add_text("<p>تیم ملی فوتبال <script>alert(1)</script> با نتیجه ۲ بر صفر برد.</p>",
                   title="فوتبال **پررنگ**", source="ورزش", is_html=False)
    return folder


@pytest.fixture
def app(archive_dir, monkeypatch) -> AppTest:
    return open_app(archive_dir, monkeypatch)


def go(at: AppTest, page: str) -> AppTest:
    at.sidebar.radio(key="page").set_value(page).run()
    assert not at.exception, at.exception
    return at


def html_of(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown)


def test_sidebar_shows_settings_and_size(app):
    texts = [t.value for t in app.sidebar.text]
    assert any("e5-small" in t for t in texts)
    assert any("۲ سند" in t for t in texts)


def test_archive_page_lists_documents_and_shows_text_escaped(app):
    table = app.dataframe[0].value
    assert set(table["منبع"]) == {"روزنامه نمونه", "ورزش"}
    summary = next(e for e in app.expander if e.label == "خلاصهٔ سند")
    cited = [m.value for m in summary.markdown]
    assert cited and all("(ص ۱)" in m for m in cited)
    app.selectbox(key="open_doc").select_index(1).run()
    page = html_of(app)
    assert "&lt;script&gt;" in page and "<script>" not in page.replace("<style>", "")


def test_archive_page_adds_a_folder_and_reports_each_file(app, tmp_path, news_pdf):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "broken.pdf").write_bytes(b"%PDF-1.4 broken")
    (tmp_path / "in" / "same.pdf").write_bytes(news_pdf.read_bytes())
    app.text_input(key="folder").input(str(tmp_path / "in")).run()
    app.button(key="add_folder").click().run()
    page = html_of(app)
    assert "پذیرفته نشد" in page and "broken.pdf" in page
    assert "از قبل در بایگانی است" in page and "same.pdf" in page


def test_the_sidebar_counts_an_addition_in_the_same_run(tmp_path, monkeypatch):
    with Archive(tmp_path / "arch", embedder="e5-small", chroma_url="") as a:
        a.add_text("بارش باران پاییزی در تهران از صبح امروز آغاز شد.", title="باران")
    at = open_app(tmp_path / "arch", monkeypatch)
    assert any("۱ سند" in t.value for t in at.sidebar.text)
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "gold.txt").write_text("قیمت طلا در بازار امروز کاهش یافت.", encoding="utf-8")
    at.text_input(key="folder").input(str(tmp_path / "in")).run()
    at.button(key="add_folder").click().run()
    assert "افزوده شد" in html_of(at)
    assert any("۲ سند" in t.value for t in at.sidebar.text)  # not one run behind the table


def test_search_page_finds_variants_and_opens_the_page(app):
    go(app, "جستجو")
    app.text_input(key="query").input("سرمايه گذاري ۴۰۰ ميليارد دلار").run()
    page = html_of(app)
    assert "<mark>" in page and "صفحهٔ ۱" in page
    app.button[0].click().run()
    assert not app.exception
    assert "صفحهٔ ۱" in app.subheader[0].value
    assert app.get("image")  # the original page, the passage highlighted on it


def test_search_marks_how_relevant_each_hit_is_and_hides_the_weak_tail(tmp_path, monkeypatch):
    from tests.helpers import VARIED_NEWS

    with Archive(tmp_path / "varied", embedder="e5-small", chroma_url="") as a:
        for title, text in VARIED_NEWS:
            a.add_text(text, title=title)
    at = go(open_app(tmp_path / "varied", monkeypatch), "جستجو")
    at.text_input(key="query").input("تیم ملی والیبال ایران").run()
    shown = [m.value for m in at.markdown if m.value.startswith('<div class="bayegan-hit')]
    assert shown and "والیبال" in shown[0] and "بسیار مرتبط" in shown[0]
    assert all('class="bayegan-strength' in s for s in shown)
    hidden = [c.value for c in at.caption if "نتیجهٔ کم‌ربط دیگر پنهان است" in c.value]
    assert len(hidden) == 1
    at.checkbox(key="weak").check().run()
    more = [m.value for m in at.markdown if m.value.startswith('<div class="bayegan-hit')]
    assert len(more) > len(shown) and "کم‌ربط" in more[-1]  # the tail, marked weak, under the matches


def test_search_filters_and_bad_dates(app):
    go(app, "جستجو")
    app.text_input(key="date_from").input("دیروز")
    app.text_input(key="query").input("فوتبال").run()
    assert app.warning and "تاریخ نیست" in app.warning[0].value  # the error's Persian message, no English


def test_ask_page_answers_with_quote_and_page(app):
    go(app, "پرسش")
    app.text_input(key="question").input("سرمایه‌گذاری‌ها به چند میلیارد دلار رسید؟").run()
    page = html_of(app)
    assert "پاسخ:" in page and "۴۰۰ میلیارد دلار" in page and "<mark>" in page and "صفحهٔ ۱" in page


def test_ask_page_says_plainly_when_the_archive_does_not_say(app):
    go(app, "پرسش")
    app.text_input(key="question").input("جمعیت شهر توکیو در سال ۱۹۵۰ چند نفر بود؟").run()
    assert app.warning and "چیزی نمی‌گوید" in app.warning[0].value


@pytest.mark.slow
def test_ask_page_with_a_real_model_says_whether_its_answer_passed_verification(archive_dir, monkeypatch):
    pytest.importorskip("llama_cpp", reason="llama-cpp-python is not installed")
    from kb import settings
    from kb.models import install_small_llm

    gguf = install_small_llm(settings().models, say=lambda m: None)
    for k, v in {"BAYEGAN_ARCHIVE": str(archive_dir), "BAYEGAN_EMBEDDER": "e5-small", "BAYEGAN_CHROMA_URL": "",
                 "BAYEGAN_LLM_GGUF": str(gguf)}.items():
        monkeypatch.setenv(k, v)
    at = AppTest.from_file(APP, default_timeout=300)
    at.run()
    assert any(gguf.name in t.value for t in at.sidebar.text)
    go(at, "پرسش")
    at.text_input(key="question").input("سرمایه‌گذاری‌ها به چند میلیارد دلار رسید؟").run()
    assert not at.exception, at.exception
    verified = [s.value for s in at.success if "راستی‌آزمایی شد" in s.value]
    rejected = [w.value for w in at.warning if "پاسخ مدل نشان داده نشد" in w.value]
    assert len(verified) + len(rejected) == 1  # one of the two, said plainly
    page = html_of(at)
    assert "صفحهٔ ۱" in page  # either way the answer is cited
    if rejected:  # the quoted answer stands, and what the model wrote is there to inspect
        assert "۴۰۰ میلیارد دلار" in page and any(e.label.startswith("آنچه مدل نوشت") for e in at.expander)


def test_factcheck_page_gives_a_badge_per_figure_with_the_source(app):
    go(app, "راستی‌آزمایی")
    app.text_area(key="claim").input("Companies invested $40bn, according to The Economist").run()
    assert "رد" in app.subheader[0].value
    table = app.dataframe[0].value
    # the English figure in its own order inside the right-to-left table and card, not "bn40$"
    assert list(table["رقم ادعا"]) == ["\u2066$40bn\u2069"] and list(table["رقم منبع"]) == ["۴۰۰ میلیارد دلار"]
    assert "صفحهٔ ۱" in html_of(app) and "<b>\u2066$40bn\u2069</b>" in html_of(app)


def test_brief_page_summarises_with_citations_figures_and_download(app):
    go(app, "گزارش خلاصه")
    app.text_input(key="brief_query").input("سرمایه‌گذاری هوش مصنوعی").run()
    page = html_of(app)
    assert "صفحهٔ ۱" in page and "bayegan-hit" in page
    assert any("ارقام کلیدی" in h.value for h in app.subheader)
    assert len(app.get("download_button")) == 2  # Markdown and Word


def test_brief_charts_one_unit_each_and_only_with_two_dated_figures():
    from kb import Brief, KeyFigure
    from ui.views.brief import figures_over_time

    one = KeyFigure("۳۷ درصد", 37, "percent", "…", "a", "A", 1, "1403/02/01")
    two = KeyFigure("۴۰ درصد", 40, "percent", "…", "b", "B", 1, "1402/02/01")
    rials = KeyFigure("۵۰۰ ریال", 500, "rial", "…", "a", "A", 1, "1403/02/01")
    tomans = KeyFigure("۸۰ تومان", 80, "toman", "…", "b", "B", 1, "1402/02/01")
    dollars = KeyFigure("۳ دلار", 3, "dollar", "…", "b", "B", 1, "1402/02/01")
    assert figures_over_time(Brief("t", figures=[one])) == []
    assert figures_over_time(Brief("t", figures=[one, dollars])) == []  # two dates, but not of one unit
    charts = figures_over_time(Brief("t", figures=[one, two, rials, tomans, dollars]))
    assert [name for name, _ in charts] == ["درصد", "ریال"]  # never two units on one axis
    percent = charts[0][1].data
    assert len(percent) == 2 and percent["date"].min().year == 2023
    assert list(percent["when"]) == ["۱۴۰۳/۰۲/۰۱", "۱۴۰۲/۰۲/۰۱"]  # labelled in the articles' own calendar
    assert sorted(charts[1][1].data["value"]) == [500, 800]  # tomans as the rials they are


def test_the_sidebar_watches_a_folder_and_takes_a_new_file(tmp_path, monkeypatch):
    from tests.helpers import RAIN_STORY

    with Archive(tmp_path / "arch", embedder="e5-small", chroma_url="") as a:
        a.add_text("قیمت طلا در بازار امروز کاهش یافت.", title="طلا")
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "rain.txt").write_text(RAIN_STORY, encoding="utf-8")
    at = open_app(tmp_path / "arch", monkeypatch)
    assert at.sidebar.toggle(key="watch_on").disabled  # no folder yet
    at.sidebar.text_input(key="watch_folder").input(str(inbox)).run()
    at.sidebar.toggle(key="watch_on").set_value(True).run()  # the first look: seen, not yet settled
    assert not at.exception, at.exception
    at.run()  # the next look takes it
    assert not at.exception, at.exception
    captions = [c.value for c in at.sidebar.caption]
    assert any("rain.txt" in c and "افزوده شد" in c for c in captions), captions
    assert any("۲ سند" in t.value for t in at.sidebar.text)
    at.sidebar.text_input(key="watch_folder").input(str(tmp_path / "nowhere")).run()
    assert any("پیدا نشد" in w.value for w in at.sidebar.warning)


def test_a_followed_search_lists_what_later_ingests_bring(tmp_path, monkeypatch):
    from tests.helpers import RAIN_STORY, VARIED_NEWS

    with Archive(tmp_path / "arch", embedder="e5-small", chroma_url="") as a:
        for title, text in VARIED_NEWS[:6]:
            a.add_text(text, title=title)
    at = open_app(tmp_path / "arch", monkeypatch)
    go(at, "هشدارها")
    assert any("دنبال نمی‌کنید" in i.value for i in at.info)
    go(at, "جستجو")
    at.text_input(key="query").input("قیمت طلا").run()  # a first search, followed under its own words
    at.button(key="follow_قیمت طلا").click().run()
    query = "بارش باران و آبگرفتگی در تهران"
    at.text_input(key="query").input(query).run()
    assert at.text_input(key=f"follow_name_{query}").value == query  # a new search: a new name, not the last one's
    at.text_input(key=f"follow_name_{query}").input("قیمت طلا").run()
    at.button(key=f"follow_{query}").click().run()
    assert any("از پیش دنبال می‌شود" in w.value for w in at.warning)  # never overwritten unasked
    at.text_input(key=f"follow_name_{query}").input("باران").run()
    at.button(key=f"follow_{query}").click().run()
    assert any("«باران» دنبال می‌شود" in s.value for s in at.success)
    with Archive(tmp_path / "arch", embedder="e5-small", chroma_url="") as a:  # another process ingests
        a.add_text(RAIN_STORY, title="بارش باران از سه‌شنبه", source="فارس")
    go(at, "هشدارها")
    assert any("۱ هشدار تازه" in m.value for m in at.sidebar.markdown)
    assert "قیمت طلا — چیز تازه‌ای نیست" in [e.label for e in at.expander]
    [box] = [e for e in at.expander if e.label.startswith("باران")]
    assert box.label == "باران — ۱ تازه" and "بارش باران از سه‌شنبه" in html_of(at)
    at.button(key="seen_باران").click().run()
    assert [e.label for e in at.expander if e.label.startswith("باران")] == ["باران — چیز تازه‌ای نیست"]
    assert not any("هشدار تازه" in m.value for m in at.sidebar.markdown)


def test_the_archive_page_follows_a_feed_and_takes_its_news(tmp_path, monkeypatch):
    from kb import feeds
    from tests.helpers import news_site

    monkeypatch.setattr(feeds, "PAGE_DELAY", 0.05)
    with Archive(tmp_path / "arch", embedder="e5-small", chroma_url="") as a:
        a.add_text("قیمت طلا در بازار امروز کاهش یافت.", title="طلا")
    at = open_app(tmp_path / "arch", monkeypatch)
    with news_site() as site:
        at.text_input(key="feed_url").input("not an address").run()
        at.button(key="feed_add").click().run()
        assert any("نشانی خوراک نیست" in w.value for w in at.warning)
        at.text_input(key="feed_url").input(f"{site}/atom.xml").run()
        at.text_input(key="feed_source").input("ایسنا").run()
        at.button(key="feed_add").click().run()
        assert any("هنوز پرسیده نشده" in c.value for c in at.caption)
        at.button(key="feed_poll").click().run()
        assert not at.exception, at.exception
        assert any("۱ خبر تازه افزوده شد" in s.value for s in at.success)
    assert any("۲ سند" in t.value for t in at.sidebar.text)
    assert "کنکور" in set(at.dataframe[0].value["عنوان"])
