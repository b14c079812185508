"""News pages → their article: trafilatura (ingest.read_web_page, what feeds use) against our own
HTML reader (ingest.text.html_to_text, which keeps every visible line). Last line JSON.

There are no saved Persian news pages in ../shared, so pages are made here: each FarsNews article
(../shared/eval/news) set in one of three site layouts the way Persian news sites lay them out
(a menu, breadcrumbs, the article, share buttons, tags, related and most-read headlines of
other articles, readers' comments, a footer; one layout with tables and sidebars). Word
precision and recall of the extracted text against the article's headline, lead and
paragraphs (folded words, counted with repeats). Made pages are kinder than real ones (no ads'
scripts, no cookie banners): the figures compare the two readers, they do not promise a
precision on the open web.

    .venv/bin/python bench/web_pages.py
"""

from __future__ import annotations

import html
import json
import statistics
import time
from collections import Counter

from _common import NEWS, arguments, percentile, report  # noqa: E402  (puts the repository on the path)
from ingest import read_web_page  # noqa: E402
from ingest.text import html_to_text  # noqa: E402
from kb.folding import folded_words  # noqa: E402

MENU = ["صفحه نخست", "سیاسی", "اقتصادی", "اجتماعی", "ورزشی", "فرهنگی", "بین‌الملل", "استان‌ها", "عکس", "فیلم"]
FOOTER = ("تمامی حقوق این سایت محفوظ است. نقل مطالب با ذکر منبع بلامانع است. نشانی: تهران، خیابان آزادی، "
          "پلاک ۱۲ — تلفن ۶۶۱۲۳۴۵۶ — درباره ما — تماس با ما — آگهی‌ها")
SHARE = ["اشتراک‌گذاری در تلگرام", "واتس‌اپ", "توییتر", "چاپ خبر", "ارسال به دوستان"]
COMMENTS = ["خیلی خوب بود، ممنون از گزارش کاملتان.", "چرا مسئولان پاسخگو نیستند؟ این وضع تا کی ادامه دارد؟"]


def esc(text: str) -> str:
    return html.escape(text)


def page(layout: int, row: dict, others: list[dict]) -> str:
    paragraphs = "".join(f"<p>{esc(p)}</p>" for p in row["paragraphs"])
    related = "".join(f'<li><a href="/news/{o["idx"]}">{esc(o["title"])}</a></li>' for o in others[:5])
    popular = "".join(f'<li><a href="/news/{o["idx"]}">{esc(o["title"])}</a></li>' for o in others[5:10])
    menu = "".join(f'<li><a href="/{i}">{esc(m)}</a></li>' for i, m in enumerate(MENU))
    share = "".join(f'<a href="#">{esc(s)}</a>' for s in SHARE)
    comments = "".join(f'<div class="comment"><span>کاربر</span><p>{esc(c)}</p></div>' for c in COMMENTS)
    tags = "".join(f'<a href="/tag/{i}">{esc(t)}</a> ' for i, t in enumerate(row.get("tags") or ["خبر"]))
    head = (f'<head><meta charset="utf-8"><title>{esc(row["title"])} | خبرگزاری نمونه</title>'
            '<meta property="article:published_time" content="2008-09-01T10:00:00+03:30"></head>')
    if layout == 0:
        body = (f'<header><div class="logo">خبرگزاری نمونه</div><nav><ul>{menu}</ul></nav></header>'
                f'<div class="breadcrumb"><a href="/">خانه</a> › <a href="/1">{esc(MENU[1])}</a></div>'
                f'<main><article><h1>{esc(row["title"])}</h1><p class="lead">{esc(row["abstract"])}</p>'
                f'<div class="body">{paragraphs}</div></article>'
                f'<div class="share">{share}</div><div class="tags">برچسب‌ها: {tags}</div>'
                f'<section class="related"><h3>اخبار مرتبط</h3><ul>{related}</ul></section>'
                f'<section id="comments"><h3>نظرات</h3>{comments}<form><textarea>نظر شما</textarea>'
                f'<button>ارسال نظر</button></form></section></main>'
                f'<aside><h3>پربازدیدترین‌ها</h3><ul>{popular}</ul></aside><footer>{esc(FOOTER)}</footer>')
    elif layout == 1:
        body = (f'<table width="100%"><tr><td colspan="3"><ul class="menu">{menu}</ul></td></tr><tr>'
                f'<td class="side"><b>پربازدیدترین‌ها</b><ul>{popular}</ul></td>'
                f'<td class="content"><div class="title"><h2>{esc(row["title"])}</h2></div>'
                f'<div class="lead"><b>{esc(row["abstract"])}</b></div><div class="text">{paragraphs}</div>'
                f'<div class="share">{share}</div></td>'
                f'<td class="side"><b>اخبار مرتبط</b><ul>{related}</ul></td></tr>'
                f'<tr><td colspan="3" class="footer">{esc(FOOTER)}</td></tr></table>')
    else:
        body = (f'<div id="top"><ul>{menu}</ul><form><input placeholder="جستجو"></form></div>'
                f'<div class="container"><div class="col-md-8"><div class="news-detail">'
                f'<span class="date">۱۰ شهریور ۱۳۸۷</span><h1 class="news-title">{esc(row["title"])}</h1>'
                f'<div class="summary">{esc(row["abstract"])}</div><div class="news-body">{paragraphs}</div>'
                f'<div class="news-tags">{tags}</div><div class="social">{share}</div></div>'
                f'<div class="more-news"><h4>از همین گروه</h4><ul>{related}</ul></div>'
                f'<div class="comments">{comments}</div></div>'
                f'<div class="col-md-4"><h4>پربازدید</h4><ul>{popular}</ul></div></div>'
                f'<div class="footer"><p>{esc(FOOTER)}</p></div>')
    return f'<!DOCTYPE html><html lang="fa" dir="rtl">{head}<body>{body}</body></html>'


def overlap(found: str, truth: str) -> tuple[float, float]:
    f, t = Counter(folded_words(found)), Counter(folded_words(truth))
    common = sum((f & t).values())
    return (common / sum(f.values()) if f else 0.0), (common / sum(t.values()) if t else 0.0)


def main() -> int:
    arguments(__doc__).parse_args()
    if not NEWS.exists():
        print(f"skipped: {NEWS} not present")
        return 0
    rows = [json.loads(line) for line in NEWS.open(encoding="utf-8")]
    rows = [r for r in rows if len(" ".join(r["paragraphs"]).split()) >= 20]
    scores: dict[str, list[tuple[float, float]]] = {"trafilatura": [], "own": []}
    seconds: dict[str, list[float]] = {"trafilatura": [], "own": []}
    titles = 0
    for n, row in enumerate(rows):
        others = [o for o in rows if o["idx"] != row["idx"]][n % 7:][:10]
        markup = page(n % 3, row, others)
        truth = "\n".join([row["title"], row["abstract"], *row["paragraphs"]])
        t0 = time.perf_counter()
        article = read_web_page(markup)
        seconds["trafilatura"].append(time.perf_counter() - t0)
        scores["trafilatura"].append(overlap(article.title + "\n" + article.text, truth))
        titles += folded_words(article.title) == folded_words(row["title"])
        t0 = time.perf_counter()
        text, title = html_to_text(markup)
        seconds["own"].append(time.perf_counter() - t0)
        scores["own"].append(overlap(text, truth))
    record = {"bench": "web_pages", "pages": len(rows)}
    print(f"{len(rows)} pages in three layouts; word precision / recall / F1 against the article, ms per page p50")
    for name, s in scores.items():
        p = statistics.mean(x for x, _ in s)
        r = statistics.mean(y for _, y in s)
        f1 = statistics.mean(2 * x * y / (x + y) if x + y else 0.0 for x, y in s)
        ms = 1000 * percentile(seconds[name], 50)
        print(f"  {name:<12} {p:.3f} / {r:.3f} / {f1:.3f}   {ms:.1f} ms")
        record[name] = {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f1, 4), "p50_ms": round(ms, 2)}
    print(f"  trafilatura's headline is the article's on {titles} of {len(rows)} pages")
    record["titles_right"] = titles
    report(record)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
