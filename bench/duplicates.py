"""Near-duplicates: is the same story under another agency's name recognised, and are different
stories on the same subject kept apart? Precision and recall; the last line is JSON.

Built from the 150 FarsNews articles (../shared/eval/news): each gets edited copies as another
site would republish it, seeded by the article's number:
- `agency`: the agency's name changed throughout («فارس» → «ایسنا»), letter variants and digits
  written the other site's way (ي → ی, 12 → ۱۲);
- `lead`: the first sentence rewritten (dropped, and a new one made of the headline);
- `cut`: the ending cut, 40% of the sentences gone;
- `words`: one word in eight replaced by a synonym or dropped;
- `all`: all four at once.
Negatives are different stories on the same subject: for each article, the three others that
share most of its word triples, and each of its copies against those three.

Two measurements: pairs (kb.copies.same_story on each pair), and the archive (every original,
then one copy of each, its kind by turns, added through `Archive.add_text`; a found group
that the truth lacks is a false positive, whatever documents it joins).

    .venv/bin/python bench/duplicates.py [--pairs-only]
"""

from __future__ import annotations

import json
import random
import re
import shutil
import statistics
import time

from _common import NEWS, RESULTS, arguments, report  # noqa: E402  (puts the repository on the path)
from kb.chunking import split_sentences  # noqa: E402
from kb.copies import MIN_SHINGLES, SAME_STORY, containment, shingles  # noqa: E402

EDITS = ("agency", "lead", "cut", "words", "all")
SYNONYMS = {
    "گفت": "اظهار کرد", "اظهار کرد": "گفت", "افزود": "ادامه داد", "امروز": "روز جاری", "همچنین": "همین‌طور",
    "اعلام کرد": "خبر داد", "بیان کرد": "عنوان کرد", "تصریح کرد": "تاکید کرد", "شود": "می‌گردد",
    "است": "می‌باشد", "کشور": "ایران", "برای": "جهت", "درباره": "در مورد", "اما": "ولی", "بسیار": "خیلی",
    "باید": "لازم است", "شده": "گردیده", "میزان": "مقدار", "اکنون": "حالا", "پیش": "قبل",
}
DROPPABLE = {"نیز", "همچنین", "البته", "حتی", "هم", "بسیار", "کاملا", "دیگر", "یک"}
PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")


def articles() -> list[tuple[int, str, str]]:
    """(number, headline, text) of every article long enough to be a story (one is a dateline alone)."""
    out = []
    for row in map(json.loads, NEWS.open(encoding="utf-8")):
        text = "\n".join([row["abstract"], *row["paragraphs"]])
        if len(shingles(text)) >= MIN_SHINGLES:
            out.append((row["idx"], row["title"], text))
    return out


def sentences(text: str) -> list[str]:
    return [text[s:e] for s, e in split_sentences(text)]


def agency(text: str) -> str:
    text = re.sub(r"خبرگزار[يی] فارس", "خبرگزاری ایسنا", text)
    text = re.sub(r"گزارش فارس", "گزارش ایسنا", text)
    return text.replace("ي", "ی").replace("ك", "ک").translate(PERSIAN_DIGITS)


def lead(text: str, title: str) -> str:
    rest = sentences(text)[1:]
    return " ".join([f"به گزارش خبرنگار ایرنا، {title}."] + rest)


def cut(text: str) -> str:
    s = sentences(text)
    return " ".join(s[:max(2, round(len(s) * 0.6))])


def words(text: str, rng: random.Random) -> str:
    out = []
    for w in text.split(" "):
        if rng.random() < 0.125:
            bare = w.strip("،.:؛")
            if bare in SYNONYMS:
                out.append(w.replace(bare, SYNONYMS[bare]))
                continue
            if bare in DROPPABLE:
                continue
            out.append(w + " " + rng.choice(("نیز", "همچنین", "البته")))  # an editor's filler
            continue
        out.append(w)
    return " ".join(out)


def edited(kind: str, idx: int, title: str, text: str) -> str:
    rng = random.Random(idx * 31 + EDITS.index(kind))
    if kind == "agency":
        return agency(text)
    if kind == "lead":
        return lead(text, title)
    if kind == "cut":
        return cut(text)
    if kind == "words":
        return words(text, rng)
    return words(cut(lead(agency(text), title)), rng)


def scores(pairs: list[tuple[frozenset, frozenset]]) -> list[float]:
    return [containment(a, b) for a, b in pairs]


def measure_pairs(items: list[tuple[int, str, str]]) -> dict:
    sh = {idx: shingles(text) for idx, _, text in items}
    copies = {(idx, k): shingles(edited(k, idx, title, text)) for idx, title, text in items for k in EDITS}
    near = {}
    for idx, _, _ in items:
        others = sorted((containment(sh[idx], sh[j]), j) for j, _, _ in items if j != idx)
        near[idx] = [j for _, j in others[-3:]]
    positive = {k: scores([(sh[idx], copies[(idx, k)]) for idx, _, _ in items]) for k in EDITS}
    negative = scores([(sh[idx], sh[j]) for idx in near for j in near[idx]])
    negative += scores([(copies[(idx, k)], sh[j]) for idx in near for j in near[idx] for k in EDITS])
    tp = sum(s >= SAME_STORY for k in EDITS for s in positive[k])
    fp = sum(s >= SAME_STORY for s in negative)
    npos = sum(len(v) for v in positive.values())
    print(f"pairs: {npos} copies, {len(negative)} same-subject pairs; threshold {SAME_STORY}")
    for k in EDITS:
        v = positive[k]
        print(f"  {k:<7} recall {sum(s >= SAME_STORY for s in v) / len(v):.3f}  containment min {min(v):.2f} "
              f"median {statistics.median(v):.2f}")
    top = sorted(negative)[-5:]
    print(f"  different stories: containment max {max(negative):.2f}, top five {[round(x, 2) for x in top]}; "
          f"{fp} over the threshold")
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / npos
    print(f"  pairs: precision {precision:.3f}, recall {recall:.3f}")
    return {"pairs_precision": round(precision, 4), "pairs_recall": round(recall, 4),
            "pairs_positive": npos, "pairs_negative": len(negative),
            "negative_max": round(max(negative), 3),
            "positive_min": {k: round(min(v), 3) for k, v in positive.items()}}


def measure_archive(items: list[tuple[int, str, str]], embedder: str) -> dict:
    from kb import Archive

    folder = RESULTS / "duplicates"
    shutil.rmtree(folder, ignore_errors=True)
    truth, t0 = set(), time.perf_counter()
    with Archive(folder, embedder=embedder, chroma_url="") as archive:
        ids = {idx: archive.add_text(text, title=title, source="فارس").doc_id for idx, title, text in items}
        kinds = {}
        for n, (idx, title, text) in enumerate(items):
            kind = EDITS[n % len(EDITS)]
            copy = archive.add_text(edited(kind, idx, title, text), title=title, source="ایسنا").doc_id
            if copy == ids[idx]:  # the edit changed nothing: the same text is refused as a duplicate
                continue
            truth.add(frozenset((ids[idx], copy)))
            kinds[frozenset((ids[idx], copy))] = kind
        seconds = time.perf_counter() - t0
        found = set()
        for d in archive.documents():
            if d.copy_of:
                found.add(frozenset((d.id, d.copy_of)))
        for pair in sorted(truth - found, key=sorted):
            a, b = sorted(pair)
            print(f"  missed ({kinds[pair]}): {archive.document(a).title[:50]} — containment "
                  f"{containment(shingles(archive.text(a)), shingles(archive.text(b))):.2f}")
        for pair in found - truth:
            a, b = sorted(pair)
            print(f"  wrongly joined: {archive.document(a).title[:40]} / {archive.document(b).title[:40]}")
    tp, fp = len(found & truth), len(found - truth)
    precision = tp / len(found) if found else 1.0
    recall = tp / len(truth)
    print(f"archive: {len(items)} articles and a copy of each added in {seconds:.0f} s; "
          f"{len(found)} copies found, {tp} right: precision {precision:.3f}, recall {recall:.3f}")
    return {"archive_precision": round(precision, 4), "archive_recall": round(recall, 4),
            "archive_found": len(found), "archive_truth": len(truth)}


def main() -> int:
    parser = arguments(__doc__)
    parser.add_argument("--pairs-only", action="store_true", help="skip the archive (no embedder)")
    parser.add_argument("--embedder", default="e5-small")
    args = parser.parse_args()
    if not NEWS.exists():
        print(f"skipped: {NEWS} not present")
        return 0
    items = articles()
    record = {"bench": "duplicates", "threshold": SAME_STORY, **measure_pairs(items)}
    if not args.pairs_only:
        record.update(measure_archive(items, args.embedder))
    report(record)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
