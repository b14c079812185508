"""What several tests (and the benches) share: PDFs made here, data paths, real servers started
on loopback, a scripted generator, the ingest process the crash tests kill."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
DEV_PDFS = SHARED / "eval" / "pdf" / "pdfs"
FONTS = ROOT / "ui" / "static" / "fonts"


def needs_shared(path: Path):
    return pytest.mark.skipif(not path.exists(), reason=f"{path} not present (../shared is for development)")


def make_pdf(path: Path, blocks: list[tuple[str, float, float, float, str]], pages: int = 1,
             encrypt: tuple[str, str] | None = None) -> Path:
    """A real PDF drawn with Vazirmatn and HarfBuzz shaping, right to left, like a newsroom export.

    blocks: (style "B"/"", size, x, y, text) placed with multi_cell 80 mm wide, right-aligned.
    """
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_font("vazir", "", str(FONTS / "Vazirmatn-Regular.ttf"))
    pdf.add_font("vazir", "B", str(FONTS / "Vazirmatn-Bold.ttf"))
    pdf.set_text_shaping(use_shaping_engine=True, direction="rtl", script="arab", language="fas")
    for _ in range(pages):
        pdf.add_page()
        for style, size, x, y, text in blocks:
            pdf.set_font("vazir", style, size)
            pdf.set_xy(x, y)
            width = 170 if x < 30 and size > 14 else 80
            pdf.multi_cell(width, size * 0.6, text, align="R")
    if encrypt:
        pdf.set_encryption(owner_password=encrypt[0], user_password=encrypt[1])
    pdf.output(str(path))
    return path


HEADLINE = "تیتر اصلی: رشد اقتصادی در سال ۱۴۰۳"
RIGHT_COLUMN = ("بانک مرکزی اعلام کرد نرخ رشد 3.5% بود و مدل GPT-5 در تاریخ 1403/09/19 معرفی شد. "
                "شرکت‌ها می‌گویند (هوش مصنوعی) آینده است.")
LEFT_COLUMN = ("در ستون دوم گزارش آمده است که سرمایه‌گذاری‌ها به ۴۰۰ میلیارد دلار رسید و «اکونومیست» "
               "آن را بزرگ‌ترین رقم دانست.")


def minimal_pdf(body_objects: list[bytes], root: int = 1) -> bytes:
    """The smallest PDF built by hand from its objects (for broken-structure cases)."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, obj in enumerate(body_objects, start=1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n".encode() + obj + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(body_objects) + 1}\n0000000000 65535 f \n".encode()
    for off in offsets:
        out += f"{off:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(body_objects) + 1} /Root {root} 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def scan_of(pdf_path, out_path, dpi=300):
    """An image-only copy of a PDF, as a scanner would make it."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(pdf_path))
    images = [page.render(scale=dpi / 72).to_pil().convert("L") for page in pdf]
    pdf.close()
    images[0].save(out_path, "PDF", resolution=dpi, save_all=True, append_images=images[1:])
    return out_path


class Scripted:
    """A generator that writes a given text, a few characters per piece, and keeps the prompt."""

    name = "scripted"

    def __init__(self, text: str):
        self.text = text
        self.prompts = []

    def stream(self, prompt, max_tokens=160):
        self.prompts.append(prompt)
        for i in range(0, len(self.text), 4):
            yield self.text[i:i + 4]


DRIVER = """
import sys
from kb import Archive
folder, archive_dir, batch = sys.argv[1], sys.argv[2], int(sys.argv[3])
with Archive(archive_dir, embedder="e5-small", chroma_url="") as a:
    for r in a.add_paths([folder], batch=batch, progress=lambda p: print("read", p.file, flush=True)):
        print(r.status, r.path, flush=True)
print("done", flush=True)
"""


def run_ingest(folder: Path, archive_dir: Path, kill_after: int | None = None, delay: float = 0.0,
               batch: int = 2) -> list[str]:
    """Run the ingest in its own process (documents made visible `batch` at a time); SIGKILL it
    `delay` s after its `kill_after`-th page was read. Its output lines (bench/reliability.py too)."""
    proc = subprocess.Popen([sys.executable, "-c", DRIVER, str(folder), str(archive_dir), str(batch)], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    lines, read = [], 0
    assert proc.stdout is not None
    for line in proc.stdout:
        lines.append(line.strip())
        read += line.startswith("read ")
        if kill_after is not None and read == kill_after:
            time.sleep(delay)
            os.kill(proc.pid, signal.SIGKILL)
            break
    proc.wait(timeout=120)
    return lines


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(cmd: list[str], ready, what: str, seconds: float, env: dict | None = None):
    """Start a real server process (its own process group) and wait until `ready()` says so."""
    import subprocess
    import time

    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            if ready():
                return proc
        except OSError:
            pass
        time.sleep(0.3)
    stop_server(proc)
    pytest.fail(f"{what} did not start within {seconds:.0f} s")


def stop_server(proc) -> None:
    """Stop the server and whatever it started (`bayegan ui` runs streamlit as a child)."""
    import os
    import signal

    os.killpg(proc.pid, signal.SIGTERM)
    proc.wait(timeout=30)


def open_app(folder: Path, monkeypatch):
    """The app (ui/app.py) on an archive folder through Streamlit's AppTest, run once, with e5-small
    and the embedded store; fails if the first run raised."""
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("BAYEGAN_ARCHIVE", str(folder))
    monkeypatch.setenv("BAYEGAN_EMBEDDER", "e5-small")
    monkeypatch.setenv("BAYEGAN_CHROMA_URL", "")
    at = AppTest.from_file(str(ROOT / "ui" / "app.py"), default_timeout=120)
    at.run()
    assert not at.exception, at.exception
    return at


# Twenty-four short news items on as many subjects: an archive big enough for a search's scores
# to say how relevant a hit is (kb.search.MIN_POOL candidates), written for the tests.
VARIED_NEWS = [
    ("باران در تهران", "بارش باران پاییزی در تهران از صبح امروز آغاز شد و تا پایان هفته ادامه دارد."),
    ("قیمت طلا", "قیمت هر گرم طلای ۱۸ عیار در بازار امروز کاهش یافت و به سه میلیون تومان رسید."),
    ("نمایشگاه کتاب", "نمایشگاه بین‌المللی کتاب با حضور ناشران داخلی و خارجی در مصلی برگزار می‌شود."),
    ("واکسن آنفلوانزا", "وزارت بهداشت از توزیع واکسن آنفلوانزا در داروخانه‌های سراسر کشور خبر داد."),
    ("مترو اصفهان", "خط دوم متروی اصفهان پس از هشت سال ساخت به بهره‌برداری رسید."),
    ("صادرات زعفران", "صادرات زعفران ایران در شش ماه نخست سال بیست درصد افزایش یافت."),
    ("زلزله کرمان", "زمین‌لرزه‌ای به بزرگی چهار ریشتر حوالی کرمان را لرزاند و خسارتی نداشت."),
    ("کنکور", "نتایج اولیهٔ آزمون سراسری دانشگاه‌ها هفتهٔ آینده اعلام می‌شود."),
    ("والیبال", "تیم ملی والیبال ایران در لیگ ملت‌ها سه بر یک از ژاپن شکست خورد."),
    ("فیلم فجر", "جشنوارهٔ فیلم فجر امسال با نمایش بیست و دو فیلم سینمایی در بخش مسابقه برگزار می‌شود."),
    ("آلودگی هوا", "مدارس ابتدایی تهران به دلیل آلودگی هوا فردا تعطیل است."),
    ("بورس", "شاخص کل بورس تهران امروز بیست هزار واحد رشد کرد."),
    ("گندم", "خرید تضمینی گندم از کشاورزان به هشت میلیون تن رسید."),
    ("دریاچه ارومیه", "تراز آب دریاچهٔ ارومیه نسبت به سال گذشته سی سانتی‌متر پایین‌تر است."),
    ("اینترنت", "سرعت اینترنت همراه در شهرهای بزرگ با نصب آنتن‌های تازه بهتر شد."),
    ("گردشگری", "شمار گردشگران خارجی شیراز در نوروز دو برابر شد."),
    ("خودرو", "قیمت کارخانهٔ سه خودروی داخلی از ماه آینده افزایش می‌یابد."),
    ("آتش‌سوزی جنگل", "آتش‌سوزی در جنگل‌های گلستان پس از دو روز مهار شد."),
    ("موزه", "موزهٔ ملی ایران نمایشگاهی از سفالینه‌های دوران ساسانی گشود."),
    ("برق", "مصرف برق کشور در روزهای گرم تابستان به رکورد تازه‌ای رسید."),
    ("کشتی", "تیم کشتی آزاد ایران قهرمان رقابت‌های آسیایی شد."),
    ("مسکن", "میانگین قیمت هر متر مسکن در تهران در آبان ماه کمی کاهش یافت."),
    ("پرواز", "پروازهای فرودگاه مشهد به دلیل مه غلیظ چند ساعت با تأخیر انجام شد."),
    ("کتابخانه", "کتابخانهٔ مرکزی تبریز پس از بازسازی دوباره درهای خود را گشود."),
]


# The same story twice (a wire story as two agencies ran it: new first sentence, agency's name,
# verbs swapped, the ending cut) and another story on the same subject: for kb/copies.py.
RAIN_STORY = (
    "به گزارش خبرگزاری فارس، مدیرکل هواشناسی استان تهران امروز گفت: بارش باران از عصر سه‌شنبه در بیشتر مناطق "
    "استان آغاز می‌شود و تا پایان هفته ادامه خواهد داشت. وی افزود: میزان بارندگی در شمال استان بیشتر از جنوب "
    "خواهد بود و احتمال آبگرفتگی معابر در مناطق پرتردد وجود دارد. مدیرکل هواشناسی از شهروندان خواست از سفرهای "
    "غیرضروری به جاده‌های کوهستانی خودداری کنند. به گفتهٔ او، دمای هوا نیز تا پنج درجه کاهش می‌یابد.")
RAIN_STORY_COPY = (
    "به گزارش ایسنا، بارش باران از سه‌شنبه در تهران آغاز می‌شود. مدیرکل هواشناسی استان تهران روز جاری اظهار کرد: "
    "بارش باران از عصر سه‌شنبه در بیشتر مناطق استان آغاز می‌شود و تا پایان هفته ادامه خواهد داشت. وی ادامه داد: "
    "ميزان بارندگي در شمال استان بیشتر از جنوب خواهد بود و احتمال آبگرفتگی معابر در مناطق پرتردد وجود دارد. "
    "مدیرکل هواشناسی از شهروندان خواست از سفرهای غیرضروری به جاده‌های کوهستانی خودداری کنند.")
RAIN_OTHER_STORY = (
    "به گزارش خبرگزاری فارس، رئیس سازمان مدیریت بحران تهران گفت: با آغاز بارش‌های پاییزی، گروه‌های امداد در همهٔ "
    "مناطق شهر آماده‌باش هستند. وی افزود: بیش از دویست دستگاه پمپ برای تخلیهٔ آب معابر در اختیار شهرداری‌ها قرار "
    "گرفته است. او از شهروندان خواست در روزهای بارانی خودروهای خود را در کنار مسیل‌ها پارک نکنند و در صورت "
    "آبگرفتگی معابر با شمارهٔ ۱۳۷ تماس بگیرند.")


# -- a news site on 127.0.0.1 for the feeds' tests (kb/feeds.py): no outside network, here or in CI
MENU = "<nav><ul><li><a href='/'>صفحه نخست</a></li><li><a href='/s'>ورزشی</a></li><li>اقتصادی</li></ul></nav>"
FOOTER = "<footer>تمامی حقوق این پایگاه محفوظ است. نشانی: تهران، خیابان آزادی</footer>"
COMMENTS = "<div id='comments'><h3>نظرات</h3><p>این خبر خیلی بد نوشته شده است و من راضی نیستم.</p></div>"


def news_page(title: str, text: str) -> str:
    paragraphs = "".join(f"<p>{s.strip()}.</p>" for s in text.split(".") if s.strip())
    return (f"<!DOCTYPE html><html lang='fa' dir='rtl'><head><meta charset='utf-8'><title>{title} | خبرگزاری</title>"
            f"</head><body>{MENU}<article><h1>{title}</h1>{paragraphs}</article>"
            f"<div class='share'>اشتراک‌گذاری در تلگرام</div>{COMMENTS}{FOOTER}</body></html>")


def rss(base: str) -> str:
    return (f"<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel><title>خبرگزاری نمونه</title>"
            f"<link>{base}/</link><description>آخرین اخبار</description>"
            f"<item><title>بارش باران از سه‌شنبه</title><link>{base}/news/1</link>"
            f"<pubDate>Tue, 25 Nov 2025 08:30:00 GMT</pubDate></item>"
            f"<item><title>آماده‌باش مدیریت بحران</title><link>{base}/news/2</link>"
            f"<pubDate>Wed, 26 Nov 2025 09:00:00 GMT</pubDate></item></channel></rss>")


def atom(base: str) -> str:
    return (f"<?xml version='1.0' encoding='utf-8'?><feed xmlns='http://www.w3.org/2005/Atom'>"
            f"<title>ایسنا</title><id>{base}/atom</id><updated>2025-11-27T10:00:00Z</updated>"
            f"<entry><title>کنکور</title><id>{base}/isna/7</id><link href='{base}/isna/7'/>"
            f"<updated>2025-11-27T10:00:00Z</updated></entry></feed>")

EXAM = ("نتایج اولیهٔ آزمون سراسری دانشگاه‌ها هفتهٔ آینده اعلام می‌شود. داوطلبان می‌توانند کارنامهٔ خود را "
        "از پایگاه سازمان سنجش ببینند و تا پایان ماه برای انتخاب رشته اقدام کنند.")


class NewsSite(BaseHTTPRequestHandler):
    """A news site on 127.0.0.1: recorded feeds (ETag and Last-Modified, 304 when unchanged) and article pages."""

    pages: dict[str, tuple[str, str]] = {}
    hits: list[tuple[str, str]] = []  # (path, the conditional header the request carried)
    failing: set[str] = set()  # paths that answer 500 for now
    MODIFIED = formatdate(1764000000, usegmt=True)

    def do_GET(self):  # noqa: N802  (the name http.server calls)
        conditional = self.headers.get("If-None-Match", "") or self.headers.get("If-Modified-Since", "")
        self.hits.append((self.path, conditional))
        if self.path not in self.pages or self.path in self.failing:
            self.send_response(500 if self.path == "/broken-feed" or self.path in self.failing else 404)
            self.end_headers()
            return
        kind, body = self.pages[self.path]
        etag = f'"{hash(body) & 0xffff}"'
        if self.path.endswith(".xml") and self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self.end_headers()
            return
        data = body.encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        if self.path.endswith(".xml"):
            self.send_header("ETag", etag)
            self.send_header("Last-Modified", self.MODIFIED)
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


@contextmanager
def news_site():
    """Serve NewsSite on a free port of 127.0.0.1; yields its base address."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), NewsSite)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    html, xml = "text/html; charset=utf-8", "application/rss+xml"
    NewsSite.pages = {"/rss.xml": (xml, rss(base)), "/atom.xml": ("application/atom+xml", atom(base)),
                      "/news/1": (html, news_page("بارش باران از سه‌شنبه", RAIN_STORY)),
                      "/news/2": (html, news_page("آماده‌باش مدیریت بحران", RAIN_OTHER_STORY)),
                      "/isna/7": (html, news_page("کنکور", EXAM)),
                      "/not-a-feed.xml": (html, "<html><body><p>سلام</p></body></html>")}
    NewsSite.hits = []
    NewsSite.failing = set()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield base
    finally:
        server.shutdown()
