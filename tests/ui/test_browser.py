"""End to end in a real browser: `streamlit run` on loopback, Debian's Chromium driven by
Playwright. Upload a PDF, wait for ingest, search in Persian, open a hit, visit the Ask page;
screenshots of each page go to the test's temp folder (and to BAYEGAN_SCREENSHOTS if set)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

APP = Path(__file__).resolve().parents[2] / "ui" / "app.py"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# Playwright adds --headless and a fresh --user-data-dir of its own
ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-quic"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    port = free_port()
    env = dict(os.environ, BAYEGAN_ARCHIVE=str(tmp_path_factory.mktemp("browser-archive")),
               BAYEGAN_EMBEDDER="e5-small", BAYEGAN_CHROMA_URL="")
    proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", str(APP), "--server.port", str(port),
                             "--server.address", "127.0.0.1", "--server.headless", "true",
                             "--server.enableStaticServing", "true", "--browser.gatherUsageStats", "false",
                             "--client.toolbarMode", "minimal"],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 90
    while time.time() < deadline:
        try:
            if urllib.request.urlopen(f"{url}/_stcore/health", timeout=2).read() == b"ok":
                break
        except OSError:
            time.sleep(0.5)
    else:
        proc.kill()
        pytest.fail("streamlit did not start within 90 s")
    yield url
    proc.terminate()
    proc.wait(timeout=30)


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

        page.locator("input[type=file]").set_input_files(str(news_pdf))
        page.get_by_role("button", name="افزودن به بایگانی").click()
        expect(page.get_by_text("افزوده شد").first).to_be_visible(timeout=180_000)
        expect(page.get_by_text("تیتر اصلی").first).to_be_visible()
        shot(page, "archive")

        page.get_by_text("جستجو", exact=True).first.click()
        box = page.get_by_label("جستجو در بایگانی (فارسی یا انگلیسی)")
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
