"""Pages of blocks → articles: each headline opens a story box, the blocks under it are its text,
a story cut by «ادامه در صفحه ۲» is followed to its continuation, furniture stays out.

A Persian daily prints three to eight stories on a page, in boxes of one to four columns. The box
is read from the page itself: its headline (type ≥ 1.3 × the body size, bold, at most 30 words),
the rule the paper draws over the box (its width is the box's width) or, without a rule, the
columns that start under the headline, and the kicker just above the headline. Every other block
belongs to the nearest story above it whose box covers it. Before this, the archive stored a whole
issue as one document (article F1 0.199 on the six dev issues; bench/articles.py).

A PDF with one headline (every dev PDF in ../shared/eval/pdf) stays one article, its blocks and
kinds as they were. A page of an issue with no headline becomes one article, never dropped.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass, field

from .blocks import body_size
from .document import BODY, CAPTION, FURNITURE, HEADLINE, KICKER, LEAD, SUBHEAD, Article, BBox, Block, Page
from .drawings import Drawings
from .furniture import block_of_lines, is_ad, jump_of, mark_ads, mark_bands, mark_labels, split_jump_lines
from .masthead import read_masthead

_FINAL = re.compile(r"[.!?؟…:؛;]['\"»”)\]]*$")
_TOKEN = re.compile(r"[^\W_]+")


@dataclass(eq=False)
class _Story:
    """An article as found on one page, before jumps are followed."""

    page: int
    headline: list[Block]  # the headline's rows (empty: a page or leftovers without one)
    kicker: Block | None
    x0: float
    x1: float
    top: float
    blocks: list[Block] = field(default_factory=list)  # everything else, in reading order
    jumps_to: list[int] = field(default_factory=list)  # «ادامه در صفحه N»
    jumps_from: list[int] = field(default_factory=list)  # «ادامه از صفحه N»
    continuation: list["_Story"] = field(default_factory=list)  # its parts on later pages, in order

    @property
    def title(self) -> str:
        if self.headline:
            return " ".join(b.text for b in self.headline)
        first = next((b.text for b in self.blocks if b.text.strip()), "")
        return first[:120]


def split_articles(pages: list[Page], drawings: list[Drawings]) -> tuple[list[Article], dict[str, str]]:
    """Articles of a PDF (blocks re-kinded, furniture marked, pages' blocks reordered article by
    article) and what the masthead says ({"paper", "date", "date_text"})."""
    body = body_size([p.blocks for p in pages])
    bands = []
    for p, d in zip(pages, drawings):
        p.blocks = split_jump_lines(p.blocks)
        bands.append(mark_bands(p.blocks, d, p.width, p.height, body))
        mark_ads(p.blocks, d, body)
        mark_labels(p.blocks, d, body)
    metadata = read_masthead(bands)
    for p in pages:
        p.blocks = [piece for b in p.blocks for piece in _unstack(b, body)]
    heads = [_headlines(p, d, body) for p, d in zip(pages, drawings)]
    if sum(len(h) for h in heads) <= 1:
        article = Article(title="", blocks=[b for p in pages for b in p.blocks if b.kind != FURNITURE])
        join_paragraphs(article.blocks, pages)
        return [article], metadata
    stories: list[_Story] = []
    for p, d, hs in zip(pages, drawings, heads):
        stories += _page_stories(p, d, hs, body)
    stories = _follow_jumps(stories)
    articles = []
    for s in stories:
        blocks = _article_blocks(s, body)
        if not blocks:
            continue
        a = Article(title=s.title, blocks=blocks, kicker=s.kicker.text if s.kicker else "",
                    paper=metadata.get("paper", ""), date=metadata.get("date", ""))
        join_paragraphs(a.blocks, pages)
        a.lead = next((b.text for b in a.blocks if b.kind == LEAD), "")
        if _reads_like_an_ad(a, body):
            for b in a.blocks:
                b.kind = FURNITURE
            continue
        articles.append(a)
    _reorder_pages(pages, articles)
    return articles, metadata


# ------------------------------------------------------------------ headlines


def _headlines(page: Page, d: Drawings, body: float) -> list[list[Block]]:
    """The page's headlines, each a list of its rows (a two-row headline set as two blocks is one)."""
    live = [b for b in page.blocks if b.kind != FURNITURE and b.text.strip()]
    # 1.25 ×: a one-column story's headline is 1.26 × the body on np-dev-06, while subheads and
    # leads of the dev PDFs stay at or under 1.21 ×
    cands = [b for b in live if b.size >= 1.25 * body and (b.bold or b.size >= 1.6 * body)
             and len(b.text.split()) <= 30 and len(b.lines) <= 8]
    cand_ids = {id(b) for b in cands}
    heads: list[list[Block]] = []
    taken: set[int] = set()
    for c in sorted(cands, key=lambda b: b.bbox[1]):
        if id(c) in taken:
            continue
        above = _just_above(c, live)
        if above is not None and id(above) in cand_ids:
            gap = c.bbox[1] - above.bbox[3]
            same = abs(above.size - c.size) <= 0.02 * c.size and _row_gap_fits(gap, above, c)
            if (same and gap <= c.size) or (above.size >= 1.15 * c.size and gap <= above.size):
                continue  # a second row, or a deck under a bigger headline: part of that story
        rows = [c]
        taken.add(id(c))
        while True:  # rows of the same size right under it
            nxt = _just_below(rows[-1], live)
            if nxt is None or id(nxt) not in cand_ids or abs(nxt.size - c.size) > 0.02 * c.size \
                    or nxt.bbox[1] - rows[-1].bbox[3] > c.size \
                    or not _row_gap_fits(nxt.bbox[1] - rows[-1].bbox[3], rows[-1], nxt):
                break
            rows.append(nxt)
            taken.add(id(nxt))
        heads.append(rows)
    # a section label over a rail of briefs («خبر کوتاه»): a short line whose next line down is
    # another headline, not text
    first_rows = {id(rows[0]) for rows in heads}
    labels = []
    for rows in heads:
        h = rows[-1]
        nxt = _just_below(h, live)
        if len(rows) == 1 and len(h.lines) == 1 and len(h.text.split()) <= 4 and nxt is not None \
                and id(nxt) in first_rows and nxt.bbox[1] - h.bbox[3] < 3 * body:
            h.kind = FURNITURE
            labels.append(rows)
    return [rows for rows in heads if rows not in labels]


def _row_gap_fits(gap: float, upper: Block, lower: Block) -> bool:
    """Rows of one headline are evenly spaced: a line pitch (bottom to bottom) a quarter wider than
    the rows' own parts two things (a label set like a headline over the first brief, np-made)."""
    inner = _pitches(upper.lines) + _pitches(lower.lines)
    pitch = lower.lines[0].bbox[3] - upper.lines[-1].bbox[3] if upper.lines and lower.lines else 0.0
    return not inner or pitch <= 1.25 * statistics.median(inner)


def _pitches(lines: list) -> list[float]:
    return [lines[i].bbox[3] - lines[i - 1].bbox[3] for i in range(1, len(lines))]


def _unstack(b: Block, body: float) -> list[Block]:
    """A headline block whose lines change size or spacing holds two things stacked (a section
    label over a brief's headline, np-made): split there. Rows of one headline are set in one size
    at one pitch (bottoms measured: a tall glyph moves a line's top, not its bottom)."""
    if b.kind == FURNITURE or b.size < 1.15 * body or not b.bold or len(b.lines) < 2:
        return [b]
    pitches = _pitches(b.lines)
    cuts = [i for i in range(1, len(b.lines))
            if abs(b.lines[i].size - b.lines[i - 1].size) > 0.02 * b.lines[i].size
            or (len(pitches) >= 2 and pitches[i - 1] > 1.25 * statistics.median(
                p for j, p in enumerate(pitches) if j != i - 1))]
    if not cuts:
        return [b]
    pieces, start = [], 0
    for i in cuts + [len(b.lines)]:
        pieces.append(block_of_lines(b, b.lines[start:i], b.kind))
        start = i
    return pieces


def _x_overlap(a: Block, b: Block) -> float:
    return min(a.bbox[2], b.bbox[2]) - max(a.bbox[0], b.bbox[0])


def _just_above(b: Block, blocks: list[Block]) -> Block | None:
    """The nearest block above `b` sharing at least half the narrower one's width."""
    best = None
    for o in blocks:
        if o is b or o.bbox[3] > b.bbox[1] + 0.3 * b.size:
            continue
        if _x_overlap(o, b) < 0.5 * min(o.bbox[2] - o.bbox[0], b.bbox[2] - b.bbox[0]):
            continue
        if best is None or o.bbox[3] > best.bbox[3]:
            best = o
    return best


def _just_below(b: Block, blocks: list[Block]) -> Block | None:
    best = None
    for o in blocks:
        if o is b or o.bbox[1] < b.bbox[3] - 0.3 * b.size:
            continue
        if _x_overlap(o, b) < 0.5 * min(o.bbox[2] - o.bbox[0], b.bbox[2] - b.bbox[0]):
            continue
        if best is None or o.bbox[1] < best.bbox[1]:
            best = o
    return best


# ------------------------------------------------------------------ story boxes on a page


def _page_stories(page: Page, d: Drawings, heads: list[list[Block]], body: float) -> list[_Story]:
    live = [b for b in page.blocks if b.kind != FURNITURE and b.text.strip()]
    head_ids = {id(b) for rows in heads for b in rows}
    kickers = [_kicker(rows[0], live, head_ids, d, body) for rows in heads]
    placed = head_ids | {id(k) for k in kickers if k}
    runs = _column_runs([b for b in live if id(b) not in placed], [b for rows in heads for b in rows], body)
    stories = []
    for rows, kicker in zip(heads, kickers):
        h = rows[0]
        top = kicker.bbox[1] if kicker else h.bbox[1]
        x0, x1 = _box_width(h, rows, top, live, d, body, heads, runs)
        stories.append(_Story(page.number, rows, kicker, x0, x1, top))
    _no_overlap_side_by_side(stories)
    leftovers: list[Block] = []
    for run in runs:  # a column's run of text belongs to one story: the one over its top
        s = _story_over_box(_box(run), run[0].size, stories)
        (s.blocks if s else leftovers).extend(run)
    # jump lines tell which story jumps where
    for b in page.blocks:
        j = jump_of(b.text) if b.kind == FURNITURE else None
        if not j:
            continue
        if j[0] == "to":
            s = _story_over(b, stories)
            if s:
                s.jumps_to.append(j[1])
        else:  # «ادامه از صفحه ۱» sits over the continuation's headline, or inside its box
            s = _story_under(b, stories, body) or _story_over(b, stories)
            if s is None:  # a continuation without a headline: the leftovers of this page
                leftovers_story = _Story(page.number, [], None, b.bbox[0], b.bbox[2], b.bbox[1])
                leftovers_story.jumps_from.append(j[1])
                stories.append(leftovers_story)
            else:
                s.jumps_from.append(j[1])
    for b in list(leftovers):  # a line just over a story's top, no rule between: its kicker-like line
        s = _story_under(b, stories, body)
        if s is not None and s.top - b.bbox[3] < 2 * body and len(b.text.split()) <= 20 \
                and not d.hrules_between(b.bbox[0], b.bbox[2], b.bbox[3] - 1, s.top + 1):
            s.blocks.append(b)
            leftovers.remove(b)
    if leftovers:
        # text under no headline (a page that cannot be split, a continuation without its headline):
        # one story, never dropped
        holder = next((s for s in stories if not s.headline), None)
        if holder is None:
            holder = _Story(page.number, [], None, min(b.bbox[0] for b in leftovers),
                            max(b.bbox[2] for b in leftovers), min(b.bbox[1] for b in leftovers))
            stories.append(holder)
        holder.blocks += leftovers
    return sorted(stories, key=lambda s: (round(s.top / 10), -s.x1))


def _kicker(h: Block, live: list[Block], head_ids: set[int], d: Drawings, body: float) -> Block | None:
    """The short line right above a headline, in smaller type, with no rule between."""
    k = _just_above(h, live)
    if k is None or id(k) in head_ids or not _kicker_like(k, h, d, body):
        return None
    return k


def _kicker_like(k: Block, h: Block, d: Drawings, body: float) -> bool:
    if k.size >= h.size or len(k.text.split()) > 20 or len(k.lines) > 2 or _FINAL.search(k.text):
        return False
    if h.bbox[1] - k.bbox[3] > max(1.5 * k.size, 1.5 * body, 0.8 * h.size):  # big type sits low in its line
        return False
    return not d.hrules_between(k.bbox[0], k.bbox[2], k.bbox[3] - 1, h.bbox[1] + 1)


def _box_width(h: Block, rows: list[Block], top: float, live: list[Block], d: Drawings,
               body: float, heads: list[list[Block]], runs: list[list[Block]]) -> tuple[float, float]:
    """The story box's left and right: the rule drawn over it, else the columns that start under it."""
    hx0, hx1 = min(b.bbox[0] for b in rows), max(b.bbox[2] for b in rows)
    rules = [r for r in d.hrules if top - 4 * h.size <= r[3] <= top + 1
             and min(r[2], hx1) - max(r[0], hx0) >= 0.5 * (hx1 - hx0)]
    rules = [r for r in rules if not any(b.bbox[1] >= r[3] - 1 and b.bbox[3] <= top - 1
                                         and min(b.bbox[2], r[2]) - max(b.bbox[0], r[0]) > 0 for b in live)]
    if rules:
        r = max(rules, key=lambda r: r[3])
        return min(r[0], hx0), max(r[2], hx1)
    # no rule: widen to the blocks of the first row under the headline (its lead, its columns'
    # tops), side by side within a gutter of each other, that no nearer headline stands over
    x0, x1 = hx0, hx1
    bottom = max(b.bbox[3] for b in rows)
    under = [_box(run) for run in runs if bottom - 1 <= run[0].bbox[1] <= bottom + 3 * body
             and not _shadowed(run[0], h, heads) and not _covered_above(_box(run), h, rows, live, d)]
    grown = True
    while grown:
        grown = False
        for b in under:
            if b[0] >= x0 - 0.5 and b[2] <= x1 + 0.5:
                continue
            if min(b[2], x1) - max(b[0], x0) > 0 or max(b[0] - x1, x0 - b[2]) < 2 * body:
                x0, x1 = min(x0, b[0]), max(x1, b[2])
                grown = True
    return x0, x1


def _covered_above(box: BBox, h: Block, rows: list[Block], live: list[Block], d: Drawings) -> bool:
    """Something stands over the column between the headline's top and the column's top (another
    box's photo or text, np-made: a lead's fourth column starting level with a brief beside it):
    the column goes on from there, it does not open under this headline."""
    w = box[2] - box[0]
    top, col_top = h.bbox[1], box[1]
    things = [b.bbox for b in live if b not in rows] + d.pictures + \
        [s for s in d.shades if not (s[0] <= h.bbox[0] and h.bbox[2] <= s[2] and s[1] <= h.bbox[1] and h.bbox[3] <= s[3])]
    for t in things:
        if min(t[2], box[2]) - max(t[0], box[0]) >= 0.5 * w and t[3] > top and t[1] < col_top - 1:
            return True
    return False


def _shadowed(b: Block, h: Block, heads: list[list[Block]]) -> bool:
    """Another headline stands over `b`, nearer than (or level with) `h`: `b` is that story's."""
    w = b.bbox[2] - b.bbox[0]
    for rows in heads:
        if h in rows:
            continue
        x0, x1 = min(r.bbox[0] for r in rows), max(r.bbox[2] for r in rows)
        top, bottom = rows[0].bbox[1], max(r.bbox[3] for r in rows)
        if min(b.bbox[2], x1) - max(b.bbox[0], x0) >= 0.5 * w and bottom <= b.bbox[1] + 1 \
                and top > h.bbox[1] - 0.5 * h.size:
            return True
    return False


def _no_overlap_side_by_side(stories: list[_Story]) -> None:
    """Two stories whose headlines share a row cannot share columns: split at the gap between them."""
    for a in stories:
        for b in stories:
            if a is b or a.x1 <= b.x0 or b.x1 <= a.x0:
                continue
            ha, hb = a.headline[0].bbox, b.headline[0].bbox
            same_row = min(ha[3], hb[3]) - max(a.top, b.top) > 0
            if not same_row:
                continue
            right, left = (a, b) if ha[2] > hb[2] else (b, a)
            cut = (left.headline[0].bbox[2] + right.headline[0].bbox[0]) / 2 \
                if left.headline[0].bbox[2] <= right.headline[0].bbox[0] else (ha[2] + hb[2]) / 2
            right.x0, left.x1 = max(right.x0, cut), min(left.x1, cut)


def _story_over(b: Block, stories: list[_Story]) -> _Story | None:
    """The nearest story above `b` whose box covers at least half of it."""
    return _story_over_box(b.bbox, b.size, stories)


def _story_over_box(box: BBox, size: float, stories: list[_Story]) -> _Story | None:
    best = None
    w = max(box[2] - box[0], 1.0)
    for s in stories:
        if not s.headline or min(box[2], s.x1) - max(box[0], s.x0) < 0.5 * w:
            continue
        if s.top > box[1] + 0.5 * size:
            continue
        if best is None or s.top > best.top:
            best = s
    return best


def _box(blocks: list[Block]) -> BBox:
    return (min(b.bbox[0] for b in blocks), min(b.bbox[1] for b in blocks),
            max(b.bbox[2] for b in blocks), max(b.bbox[3] for b in blocks))


def _column_runs(blocks: list[Block], heads: list[Block], body: float) -> list[list[Block]]:
    """Blocks stacked in one column with no more than a paragraph's gap between them: a run of a
    column's text, which one story owns whole. A block's own top can sit under another story's
    headline (np-made: a lead's third column passing beside a rail of briefs); its run's cannot."""
    runs: list[list[Block]] = []
    for b in sorted(blocks, key=lambda b: (b.bbox[1], -b.bbox[2])):
        home = None
        for run in runs:
            last = run[-1]
            narrow = min(b.bbox[2] - b.bbox[0], last.bbox[2] - last.bbox[0])
            if _x_overlap(b, last) < 0.8 * narrow or not -0.5 * body <= b.bbox[1] - last.bbox[3] <= 1.5 * body:
                continue
            if any(_x_overlap(h, b) > 0 and last.bbox[3] - 1 <= h.bbox[1] and h.bbox[3] <= b.bbox[1] + 1 for h in heads):
                continue
            home = run
            break
        if home is None:
            runs.append([b])
        else:
            home.append(b)
    return runs


def _story_under(b: Block, stories: list[_Story], body: float) -> _Story | None:
    """The story whose headline starts right under `b` (a jump label over a continuation)."""
    best = None
    for s in stories:
        if not s.headline:
            continue
        gap = s.top - b.bbox[3]
        if -0.5 * b.size <= gap <= 4 * body and min(b.bbox[2], s.x1) - max(b.bbox[0], s.x0) > 0:
            if best is None or s.top < best.top:
                best = s
    return best


# ------------------------------------------------------------------ jumps


def _words(text: str) -> set[str]:
    return set(_TOKEN.findall(text.replace("ي", "ی").replace("ك", "ک").replace("\u200c", "")))


def _follow_jumps(stories: list[_Story]) -> list[_Story]:
    """Join each cut story to its continuation: by the pages the jump lines name, then by how many
    of the continuation's (shortened) headline words the full headline has."""
    used: set[int] = set()

    def share(cut: _Story, cont: _Story) -> float:
        w = _words(cont.title) if cont.headline else set()
        return len(w & _words(cut.title)) / len(w) if w else 0.0

    for cut in stories:
        for target in cut.jumps_to:
            cands = [s for s in stories if s.page == target and id(s) not in used and s is not cut]
            marked = [s for s in cands if cut.page in s.jumps_from]
            pool = marked or [s for s in cands if s.headline and share(cut, s) >= 0.6]
            if not pool:
                continue
            best = max(pool, key=lambda s: (share(cut, s), -s.top))
            cut.continuation.append(best)
            used.add(id(best))
    # a continuation that names its page but whose cut part printed no jump line
    for cont in stories:
        if id(cont) in used or not cont.jumps_from:
            continue
        cands = [s for s in stories if s.page in cont.jumps_from and s is not cont and s.headline
                 and not s.continuation and id(s) not in used]
        if cands:
            best = max(cands, key=lambda s: share(s, cont))
            if share(best, cont) > 0 or len(cands) == 1:
                best.continuation.append(cont)
                used.add(id(cont))
    return [s for s in stories if id(s) not in used]


# ------------------------------------------------------------------ an article's blocks and kinds


def _article_blocks(s: _Story, body: float) -> list[Block]:
    """Kicker, headline, lead, captions, then the body in reading order; then the continuations
    (their shortened headlines are furniture: the story already has its headline)."""
    front: list[Block] = ([s.kicker] if s.kicker else []) + list(s.headline)
    if s.kicker:
        s.kicker.kind = KICKER
    for b in s.headline:
        b.kind = HEADLINE
    rest = reading_order(s.blocks)
    _rekind(rest, bool(s.headline), body)
    out = front + [b for b in rest if b.kind in (LEAD,)] + [b for b in rest if b.kind == CAPTION] + \
        [b for b in rest if b.kind not in (LEAD, CAPTION)]
    for c in s.continuation:
        for b in ([c.kicker] if c.kicker else []) + list(c.headline):
            b.kind = FURNITURE
        more = reading_order(c.blocks)
        _rekind(more, False, body)
        out += [b for b in more if b.kind == CAPTION] + [b for b in more if b.kind != CAPTION]
        for cc in c.continuation:
            for b in list(cc.headline) + ([cc.kicker] if cc.kicker else []):
                b.kind = FURNITURE
            more = reading_order(cc.blocks)
            _rekind(more, False, body)
            out += more
    return out


def _rekind(blocks: list[Block], has_headline: bool, body: float) -> None:
    """Kinds inside one story: the page-wide guess of one headline per PDF no longer holds."""
    for i, b in enumerate(blocks):
        if b.kind in (HEADLINE, KICKER, LEAD):
            b.kind = SUBHEAD if (b.bold and len(b.text.split()) <= 25) else BODY
    if has_headline and blocks:
        first = blocks[0]
        if first.kind in (BODY, SUBHEAD) and len(first.text.split()) >= 8 and (first.bold or first.size > 1.05 * body):
            first.kind = LEAD


def reading_order(blocks: list[Block], rtl: bool = True) -> list[Block]:
    """Blocks of one story in reading order: columns right to left, each top to bottom, around
    whatever spans them (a recursive XY-cut on block boxes, gutters first)."""
    if len(blocks) <= 1:
        return list(blocks)
    xs = _gaps([(b.bbox[0], b.bbox[2]) for b in blocks])
    if xs:
        cuts = [(a + c) / 2 for a, c in xs]
        parts: list[list[Block]] = [[] for _ in range(len(cuts) + 1)]
        for b in blocks:
            parts[sum(1 for x in cuts if (b.bbox[0] + b.bbox[2]) / 2 > x)].append(b)
        if rtl:
            parts.reverse()
        return [b for p in parts if p for b in reading_order(p, rtl)]
    ys = _gaps([(b.bbox[1], b.bbox[3]) for b in blocks])
    if ys:
        cuts = [(a + c) / 2 for a, c in ys]
        parts = [[] for _ in range(len(cuts) + 1)]
        for b in blocks:
            parts[sum(1 for y in cuts if (b.bbox[1] + b.bbox[3]) / 2 > y)].append(b)
        return [b for p in parts if p for b in reading_order(p, rtl)]
    return sorted(blocks, key=lambda b: (b.bbox[1], -b.bbox[2] if rtl else b.bbox[0]))


def _gaps(intervals: list[tuple[float, float]]) -> list[tuple[float, float]]:
    intervals = sorted(intervals)
    out = []
    end = intervals[0][1]
    for a, b in intervals[1:]:
        if a > end + 0.5:
            out.append((end, a))
        end = max(end, b)
    return out


def _reads_like_an_ad(a: Article, body: float) -> bool:
    return is_ad(a.blocks, None, body)


# ------------------------------------------------------------------ paragraphs across column breaks


def join_paragraphs(blocks: list[Block], pages: list[Page]) -> None:
    """A paragraph cut by a column break or a jump is one block again, so that a sentence and its
    figure stay together. Joined when the first part ends without sentence-final punctuation on a
    full line and the next body block starts a new column (higher up) or another page."""
    i = 0
    by_page = {p.number: p for p in pages}
    while i + 1 < len(blocks):
        a, b = blocks[i], blocks[i + 1]
        if _continues(a, b):
            a.text = a.text.rstrip() + " " + b.text.lstrip()
            a.lines = a.lines + b.lines
            a.continued = a.continued + [(b.page, b.bbox)] + b.continued
            page = by_page.get(b.page)
            if page is not None:
                page.blocks = [x for x in page.blocks if x is not b]
            del blocks[i + 1]
            continue
        i += 1


def _continues(a: Block, b: Block) -> bool:
    if a.kind != BODY or b.kind != BODY or not a.lines or not b.lines:
        return False
    if abs(a.size - b.size) > 0.1 * max(a.size, b.size) or a.bold != b.bold:
        return False
    last = a.lines[-1]
    a_end_top, a_end_bottom = last.bbox[1], last.bbox[3]
    if a.continued:
        page, _box = a.continued[-1]
    else:
        page = a.page
    new_column = b.page != page or b.bbox[1] < a_end_top - 0.5 * a.size
    # or right under it in the same column: a region cut across the columns split the paragraph
    same_column = b.page == page and min(b.bbox[2], last.bbox[2]) - max(b.bbox[0], last.bbox[0]) >= \
        0.8 * (b.bbox[2] - b.bbox[0]) and 0 <= b.bbox[1] - a_end_bottom <= 1.2 * a.size
    if not (new_column or same_column):
        return False
    if _FINAL.search(a.text.rstrip()):
        return False
    # the first part's last line is full: the paragraph did not end there (a column's width is
    # its own widest line; a one-line part is measured against the next part's lines)
    lines = a.lines if len(a.lines) >= 2 else a.lines + b.lines
    width = max(ln.bbox[2] - ln.bbox[0] for ln in lines)
    return (last.bbox[2] - last.bbox[0]) >= 0.9 * width


# ------------------------------------------------------------------ pages follow their articles


def _reorder_pages(pages: list[Page], articles: list[Article]) -> None:
    """Each page's blocks: its furniture, then the articles' blocks on it, article by article, so
    that a page's text reads one story at a time."""
    for p in pages:
        present = {id(b) for b in p.blocks}
        furniture = [b for b in p.blocks if b.kind == FURNITURE]
        seen = {id(b) for b in furniture}
        ordered = []
        for a in articles:
            for b in a.blocks:
                if id(b) in present and id(b) not in seen:
                    ordered.append(b)
                    seen.add(id(b))
        ordered += [b for b in p.blocks if id(b) not in seen]  # nothing is ever dropped
        p.blocks = furniture + ordered
