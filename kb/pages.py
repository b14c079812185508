"""What a printed page holds: the articles of a newspaper issue, each with its boxes on that page,
so that a reader can see where each story sits and open the one under the pointer."""

from __future__ import annotations

from dataclasses import dataclass, field

BBox = tuple[float, float, float, float]  # x0, top, x1, bottom in PDF points, top-left origin


@dataclass
class PageArticle:
    """One article's part of a page: its document id, headline, place in the issue and boxes."""

    id: str
    title: str
    article: int
    boxes: list[BBox] = field(default_factory=list)

    @property
    def bbox(self) -> BBox:
        """The box around all of its boxes on this page (where its label goes)."""
        x0, top, x1, bottom = zip(*self.boxes)
        return min(x0), min(top), max(x1), max(bottom)

    def holds(self, x: float, y: float, margin: float = 0.0) -> bool:
        """Whether the point (PDF points) falls in one of its boxes, widened by `margin`."""
        return any(b[0] - margin <= x <= b[2] + margin and b[1] - margin <= y <= b[3] + margin for b in self.boxes)


def article_at(articles: list[PageArticle], x: float, y: float) -> PageArticle | None:
    """The article printed at a point of the page: the one whose box holds it, else the one whose
    box is within a gutter's width (a click between two paragraphs of a story still opens it)."""
    for margin in (0.0, 6.0):
        hits = [a for a in articles if a.holds(x, y, margin)]
        if hits:
            return hits[0]
    return None
