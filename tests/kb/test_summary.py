"""Single-article summaries: the real summarizer on the real archive, and its parts."""

from __future__ import annotations

import json

import numpy as np
from click.testing import CliRunner

from kb.summary import pick, trim_attribution
from sample_articles import doc_id_of
from ui.cli import cli

ARTICLE = "\n".join([
    "بارش برف راه‌های شمالی را بست",
    "به گزارش خبرنگار ما از رشت به نقل از پلیس راه، بارش برف سنگین از بامداد امروز جاده‌های "
    "شمالی گیلان و مازندران را مسدود کرد و صدها خودرو در راه ماندند.",
    "بارش برف راه‌های شمالی را بست",
    "هواشناسی پیش‌بینی کرده است که بارش برف تا پایان هفته در ارتفاعات ادامه داشته باشد.",
    "مدیر کل راهداری استان گفت: گروه‌های امداد با ۴۰ دستگاه برف‌روب در محورهای کوهستانی مستقرند.",
    "در همین حال قیمت میوه در بازارهای شهر رشت نسبت به هفته گذشته تغییر چندانی نکرده است.",
    "مدارس ابتدایی چند شهر کوهستانی فردا تعطیل خواهند بود.",
])


def test_attribution_is_trimmed_only_when_a_sentence_remains():
    assert trim_attribution("به گزارش خبرگزاری فارس از تهران، وزیر نفت گفت صادرات افزایش یافت.") == \
        "وزیر نفت گفت صادرات افزایش یافت."
    assert trim_attribution("تهران - ایرنا - وزیر نفت امروز گفت صادرات افزایش یافت.") == \
        "وزیر نفت امروز گفت صادرات افزایش یافت."
    short = "به گزارش فارس، وزیر گفت."
    assert trim_attribution(short) == short
    plain = "وزیر نفت گفت صادرات، به گزارش دولت، افزایش یافت."
    assert trim_attribution(plain) == plain


def test_pick_keeps_the_budget_and_never_repeats_a_sentence():
    texts = ["الف ب پ ت ث ج", "الف ب پ ت ث ج چ", "ح خ د ذ ر ز", "س ش ص ض ط ظ ع غ ف ق ک گ ل م ن"]
    vectors = np.eye(4)  # MMR alone sees no likeness: the word test must catch the repeat
    chosen = pick(vectors, np.array([1.0, 0.9, 0.5, 0.8]), texts, budget_words=12, max_sentences=3)
    assert chosen[0] == 0 and 1 not in chosen
    assert 3 not in chosen  # 15 words would overrun what is left of the budget
    assert chosen == [0, 2]


def test_summary_of_a_real_article(empty_archive):
    doc = empty_archive.add_text(ARTICLE, title="بارش برف راه‌های شمالی را بست", source="نمونه").doc_id
    s = empty_archive.summarize(doc)
    texts = [x.text for x in s.sentences]
    assert s.doc_id == doc and 1 <= len(texts) <= 3
    assert texts[0].startswith("بارش برف سنگین از بامداد امروز")  # the lead, its attribution cut
    assert all("قیمت میوه" not in t for t in texts)  # the aside is not the news
    assert sum(len(t.split()) for t in texts) <= 30 * 1.3
    assert [x.position for x in s.sentences] == sorted(x.position for x in s.sentences)
    assert all(x.page == 1 for x in s.sentences)
    assert texts[0] in empty_archive.text(doc)  # quoted, not rewritten


def test_summarize_on_the_command_line(archive, monkeypatch):
    monkeypatch.setenv("BAYEGAN_EMBEDDER", "e5-small")
    doc = doc_id_of(archive, "صادرات نفت")
    out = CliRunner().invoke(cli, ["summarize", doc, "--words", "10", "--archive", str(archive.folder), "--json"])
    assert out.exit_code == 0, out.output
    got = json.loads(out.output)
    assert got["doc_id"] == doc and got["text"].startswith("صادرات نفت خام ایران")
    missing = CliRunner().invoke(cli, ["summarize", "nope", "--archive", str(archive.folder)])
    assert missing.exit_code != 0 and "nope" in missing.output
