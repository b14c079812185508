"""End to end in a real browser: `bayegan ui` (streamlit) on loopback, Debian's Chromium driven by
Playwright. Upload a PDF, wait for ingest, search in Persian, open a hit, visit the Ask page;
screenshots of each page go to the test's temp folder (and to BAYEGAN_SCREENSHOTS if set)."""

from __future__ import annotations

import os
import shutil
import sys
import urllib.request
from pathlib import Path

import pytest

from tests.helpers import SHARED, free_port, start_server, stop_server

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# Playwright adds --headless and a fresh --user-data-dir of its own
ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-quic"]


def start_app(folder: Path):
    """`bayegan ui` on an archive folder (e5-small, the embedded store): its URL and process."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"

    def healthy() -> bool:
        return urllib.request.urlopen(f"{url}/_stcore/health", timeout=2).read() == b"ok"

    proc = start_server([sys.executable, "-m", "ui.cli", "ui", "--archive", str(folder), "--embedder", "e5-small",
                         "--port", str(port)], healthy, "bayegan ui", 90, env=dict(os.environ, BAYEGAN_CHROMA_URL=""))
    return url, proc


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """The app as users start it: `bayegan ui`, on an empty archive."""
    url, proc = start_app(tmp_path_factory.mktemp("browser-archive"))
    yield url
    stop_server(proc)


@pytest.mark.slow
@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed (.ci/run installs it)")
def test_upload_search_open_and_ask_in_a_real_browser(server, news_pdf, tmp_path):
    from playwright.sync_api import expect, sync_playwright

    shots = [tmp_path]
    if os.environ.get("BAYEGAN_SCREENSHOTS"):
        shots.append(Path(os.environ["BAYEGAN_SCREENSHOTS"]))

    def shot(page, name: str) -> None:
        for d in shots:
            d.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(d / f"{name}.png"), full_page=True)

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000}, locale="fa-IR")
        page.goto(server)
        expect(page.get_by_text("بایگانی خالی است")).to_be_visible(timeout=120_000)
        app = page.locator(".stApp")
        assert app.evaluate("e => getComputedStyle(e).direction") == "rtl"

        dropzone = page.locator('[data-testid="stFileUploaderDropzone"]')  # Streamlit's words, said in Persian
        said = dropzone.evaluate("""e => [...e.querySelectorAll('*')].filter(x => x.offsetParent && getComputedStyle(x)
            .fontSize !== '0px' && [...x.childNodes].some(n => n.nodeType === 3 && n.textContent.trim()))
            .map(x => x.textContent).join(' ') + ' ' + [...e.querySelectorAll('*')].map(x =>
            getComputedStyle(x, '::after').content).filter(c => c && c !== 'none').join(' ')""")
        shot(page, "uploader")
        assert "انتخاب پرونده" in said and "رها کنید" in said and not any(w in said for w in ("Upload", "Drag", "MB per"))
        page.locator("input[type=file]").set_input_files(str(news_pdf))
        page.get_by_label("منبع (نام روزنامه یا خبرگزاری)").fill("روزنامهٔ آزمون")
        page.get_by_label("تاریخ (مانند ۱۴۰۵/۰۹/۰۸ یا 2026-11-29)").fill("۱۴۰۵/۰۹/۰۸")
        page.get_by_role("button", name="افزودن به بایگانی").click()
        expect(page.get_by_text("افزوده شد").first).to_be_visible(timeout=180_000)
        expect(page.get_by_text(f"افزوده شد: {news_pdf.name}").first).to_be_visible()  # the user's file name
        expect(page.get_by_text("تیتر اصلی").first).to_be_visible()
        shot(page, "archive")

        page.get_by_text("جستجو", exact=True).first.click()
        box = page.get_by_label("جستجو در بایگانی (فارسی یا انگلیسی)")
        page.get_by_text("پالایه‌ها").click()
        page.get_by_label("از تاریخ (مثلاً ۱۴۰۲/۰۱/۰۱)").fill("۱۴۰۵/۰۹/۰۱")  # the upload's date, given above
        page.get_by_label("از تاریخ (مثلاً ۱۴۰۲/۰۱/۰۱)").press("Enter")
        box.fill("سرمايه گذاري ۴۰۰ ميليارد دلار")
        box.press("Enter")
        mark = page.locator(".bayegan-hit mark").first
        expect(mark).to_be_visible(timeout=60_000)
        hit = page.locator(".bayegan-hit").first
        assert "صفحهٔ ۱" in hit.inner_text()
        assert hit.evaluate("e => getComputedStyle(e).direction") == "rtl"
        assert box.evaluate("e => getComputedStyle(e).direction") == "rtl"
        page.get_by_role("button", name="نمایش در صفحه").first.click()
        expect(page.get_by_role("heading", name="صفحهٔ ۱")).to_be_visible(timeout=60_000)
        expect(page.locator("[data-testid=stImage] img").first).to_be_visible()
        shot(page, "search")

        page.get_by_text("پرسش", exact=True).first.click()
        question = page.get_by_label("پرسش خود را بنویسید")
        question.fill("سرمایه‌گذاری‌ها به چند میلیارد دلار رسید؟")
        question.press("Enter")
        expect(page.get_by_text("پاسخ:").first).to_be_visible(timeout=60_000)
        quote = page.locator(".bayegan-hit").first
        assert "صفحهٔ ۱" in quote.inner_text() and "۴۰۰" in quote.locator("mark").inner_text()
        shot(page, "ask")
        browser.close()


ISSUE = SHARED / "eval" / "newspapers" / "np-dev-01.pdf"


@pytest.fixture(scope="module")
def issue_server(tmp_path_factory):
    """The app on an archive holding a two-page newspaper issue (seven articles)."""
    from kb import Archive

    folder = tmp_path_factory.mktemp("browser-issue")
    with Archive(folder, embedder="e5-small", chroma_url="") as a:
        a.add_pdf(ISSUE)
        first = a.documents()[0]
        on_page = a.page_articles(first.id, 1)
    url, proc = start_app(folder)
    yield url, first, on_page
    stop_server(proc)


@pytest.mark.slow
@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed (.ci/run installs it)")
@pytest.mark.skipif(not ISSUE.exists(), reason="../shared/eval/newspapers is not here")
def test_a_click_on_an_article_of_the_page_opens_it(issue_server, tmp_path):
    import json

    from playwright.sync_api import expect, sync_playwright

    url, first, on_page = issue_server
    width_pt, height_pt = json.loads(ISSUE.with_suffix(".json").read_text(encoding="utf-8"))["page_size_pt"]
    target = max((a for a in on_page if a.id != first.id),
                 key=lambda a: max((b[2] - b[0]) * (b[3] - b[1]) for b in a.boxes))
    x0, top, x1, bottom = max(target.boxes, key=lambda b: (b[2] - b[0]) * (b[3] - b[1]))
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000}, locale="fa-IR")
        page.goto(url)
        expect(page.get_by_text("(همین مطلب)")).to_contain_text(first.title[:20], timeout=120_000)
        image = page.frame_locator("iframe").first.locator("#image")
        expect(image).to_be_visible(timeout=60_000)
        box = image.bounding_box()
        image.click(position={"x": (x0 + x1) / 2 / width_pt * box["width"],
                              "y": (top + bottom) / 2 / height_pt * box["height"]})
        expect(page.get_by_text("(همین مطلب)")).to_contain_text(target.title[:20], timeout=60_000)
        for folder in [tmp_path, *([Path(os.environ["BAYEGAN_SCREENSHOTS"])] if os.environ.get("BAYEGAN_SCREENSHOTS") else [])]:
            folder.mkdir(parents=True, exist_ok=True)
            image.screenshot(path=str(folder / "newspaper-page.png"))
        browser.close()


# Latin words the interface may show: names of things, formats, and a claim or file name the user typed
NAMES = {"PDF", "Word", "Markdown", "Chroma", "EmbeddingGemma", "e5", "small", "gemma", "txt", "html", "news", "pdf"}
VISIBLE_TEXT = """root => {
  const out = [];
  const walk = n => {
    if (n.nodeType === 3) { out.push(n.textContent); return; }
    if (n.nodeType !== 1) return;
    const s = getComputedStyle(n);
    if (s.display === 'none' || s.visibility === 'hidden' || s.fontSize === '0px') return;
    if (n.matches('.bayegan-text, .bayegan-hit mark, input, textarea, [data-testid=stDataFrame], iframe, [data-testid=stIconMaterial]')) return;
    for (const c of n.childNodes) walk(c);
    for (const p of ['::before', '::after']) {
      const c = getComputedStyle(n, p).content;
      if (c && c !== 'none' && c !== 'normal') out.push(c.replace(/^"|"$/g, ''));
    }
  };
  walk(root);
  return out.join(' ');
}"""


@pytest.fixture(scope="module")
def filled_server(tmp_path_factory, news_pdf):
    """The app on an archive that already holds a dated news page."""
    from kb import Archive

    folder = tmp_path_factory.mktemp("browser-filled")
    with Archive(folder, embedder="e5-small", chroma_url="") as a:
        a.add_pdf(news_pdf, source="روزنامهٔ آزمون", date="۱۴۰۵/۰۹/۰۸")
    url, proc = start_app(folder)
    yield url
    stop_server(proc)


@pytest.mark.slow
@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed (.ci/run installs it)")
@pytest.mark.parametrize("width,height", [(1400, 1000), (390, 844)])
def test_every_page_in_persian_and_within_the_screen(filled_server, width, height, tmp_path):
    """Each page, used, at a desk's width and a phone's: nothing wider than the screen, and no
    Latin word outside a left-to-right island but names (documents' own text aside)."""
    import re

    from playwright.sync_api import expect, sync_playwright

    folders = [tmp_path, *([Path(os.environ["BAYEGAN_SCREENSHOTS"])] if os.environ.get("BAYEGAN_SCREENSHOTS") else [])]
    steps = [("بایگانی", None, None, "حذف این سند"),
             ("جستجو", "جستجو در بایگانی (فارسی یا انگلیسی)", "سرمایه‌گذاری در هوش مصنوعی", "صفحهٔ ۱"),
             ("پرسش", "پرسش خود را بنویسید", "سرمایه‌گذاری‌ها به چند میلیارد دلار رسید؟", "پاسخ:"),
             ("راستی‌آزمایی", "ادعای فارسی یا انگلیسی", "سرمایه‌گذاری‌ها به ۴۰۰ میلیارد دلار رسید", "نتیجه:"),
             ("گزارش خلاصه", "موضوع (جستجو)", "هوش مصنوعی", "ارقام کلیدی"),
             ("هشدارها", None, None, "جستجویی دنبال نمی‌کنید")]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        page = browser.new_page(viewport={"width": width, "height": height}, locale="fa-IR")
        page.goto(filled_server)
        for name, label, typed, shown in steps:
            if name != "بایگانی":
                if width < 700:  # a phone: the sidebar opens over the page, and is folded away again
                    page.locator('[data-testid="stExpandSidebarButton"]').click()
                page.locator("section[data-testid=stSidebar]").get_by_text(name, exact=True).click()
                if width < 700:
                    page.locator('[data-testid="stSidebarCollapseButton"] button').click()
                    hidden = page.locator("section[data-testid=stSidebar] *").evaluate_all(
                        "es => es.every(e => getComputedStyle(e).visibility === 'hidden')")
                    assert hidden, "the folded sidebar still shows words over the page"
                if label:
                    box = page.get_by_label(label)
                    box.fill(typed)
                    box.press("Control+Enter" if box.evaluate("e => e.tagName") == "TEXTAREA" else "Enter")
            expect(page.get_by_text(shown).first).to_be_visible(timeout=120_000)
            page.wait_for_timeout(500)
            for folder in folders:
                folder.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(folder / f"{width}-{name}.png"), full_page=True)
            overflow = page.evaluate("() => document.querySelector('[data-testid=stMain]').scrollWidth"
                                     " - document.querySelector('[data-testid=stMain]').clientWidth")
            assert overflow <= 1, f"{name} at {width}px is {overflow}px wider than the screen"
            text = page.locator(".stApp").evaluate(VISIBLE_TEXT)
            text = re.sub("\u2066[^\u2069]*\u2069", " ", text)  # left-to-right islands: paths, dates, claims
            latin = {w for w in re.findall(r"[A-Za-z][A-Za-z_]+", text) if w not in NAMES}
            assert not latin, f"English on the {name} page at {width}px: {sorted(latin)}"
        browser.close()
