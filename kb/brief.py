"""Editor's briefs: a cited extractive summary of several articles, a table of their key
figures and a timeline of their dates, exportable as Markdown.

Sentences are chosen for centrality (similarity to the selection's centroid, by e5-small),
with a bonus for an article's opening sentences (news is written lead first), and without
repeating one another (maximal marginal relevance); they are ordered by article date and
position. Every sentence keeps its document and page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .dates import date_number
from .query import Filters, Query
from .reading import Reader
from .search import Hit
from .subject import Subject, article_text
from .summary import Sentence as BriefSentence
from .summary import article_sentences, centrality, pick

LEAD_BONUS = 0.08  # per sentence position, for the first three sentences of an article
KEY_FIGURES = 15  # an editor reads a table of this many; a brief of 8 articles held a median of 62


@dataclass
class KeyFigure:
    figure: str  # as written
    value: float
    unit: str
    measures: str  # the sentence it comes from: what the figure measures
    doc_id: str
    title: str
    page: int
    date: str = ""


@dataclass
class Brief:
    title: str
    sentences: list[BriefSentence] = field(default_factory=list)
    figures: list[KeyFigure] = field(default_factory=list)
    timeline: list[tuple[int, str, str]] = field(default_factory=list)  # (date yyyymmdd, as written, sentence)
    documents: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"title": self.title, "sentences": [s.to_dict() for s in self.sentences],
                "figures": [f.__dict__ for f in self.figures], "timeline": self.timeline,
                "documents": self.documents}

    def to_docx(self, path: str) -> None:
        """Write the brief as a right-to-left Word document."""
        to_docx(self, path)

    def to_markdown(self) -> str:
        """The brief for an editor: summary with citations, key figures, timeline."""
        sources = {d: i + 1 for i, d in enumerate(dict.fromkeys(s.doc_id for s in self.sentences))}
        lines = [f"# {self.title}", ""]
        for s in self.sentences:
            lines.append(f"- {s.text} [{sources[s.doc_id]}، ص {s.page}]")
        if self.figures:
            lines += ["", "## ارقام کلیدی", "", "| رقم | چه چیزی | منبع | تاریخ |", "|---|---|---|---|"]
            for f in self.figures:
                measures = f.measures.replace("|", "/")
                lines.append(f"| {f.figure} | {measures} | {f.title}، ص {f.page} | {f.date} |")
        if self.timeline:
            lines += ["", "## گاه‌شمار", ""]
            lines += [f"- {written}: {sentence}" for _, written, sentence in self.timeline]
        lines += ["", "## منابع", ""]
        titles = {s.doc_id: s.title for s in self.sentences}
        lines += [f"{n}. {titles[d]}" for d, n in sources.items()]
        return "\n".join(lines) + "\n"


def to_docx(b: Brief, path: str) -> None:
    """The brief as a Word document (editors work in Word): right-to-left paragraphs and table,
    a citation after every sentence, the key figures and the timeline."""
    from docx import Document as WordDocument
    from docx.oxml.ns import qn
    from docx.shared import Pt

    def rtl(paragraph) -> None:
        paragraph.paragraph_format.alignment = 2  # right
        ppr = paragraph._p.get_or_add_pPr()
        ppr.append(ppr.makeelement(qn("w:bidi"), {}))
        for run in paragraph.runs:
            rpr = run._r.get_or_add_rPr()
            rpr.append(rpr.makeelement(qn("w:rtl"), {}))
            run.font.name = "Vazirmatn"
            run.font.size = Pt(11)

    doc = WordDocument()
    rtl(doc.add_heading(b.title, level=1))
    sources = {d: i + 1 for i, d in enumerate(dict.fromkeys(s.doc_id for s in b.sentences))}
    for s in b.sentences:
        rtl(doc.add_paragraph(f"{s.text} [{sources[s.doc_id]}، ص {s.page}]", style="List Bullet"))
    if b.figures:
        rtl(doc.add_heading("ارقام کلیدی", level=2))
        table = doc.add_table(rows=1, cols=4)
        table.style = "Table Grid"
        table._tbl.tblPr.append(table._tbl.tblPr.makeelement(qn("w:bidiVisual"), {}))
        for cell, text in zip(table.rows[0].cells, ("رقم", "چه چیزی", "منبع", "تاریخ")):
            cell.text = text
            rtl(cell.paragraphs[0])
        for f in b.figures:
            row = table.add_row().cells
            for cell, text in zip(row, (f.figure, f.measures, f"{f.title}، ص {f.page}", f.date)):
                cell.text = text
                rtl(cell.paragraphs[0])
    if b.timeline:
        rtl(doc.add_heading("گاه‌شمار", level=2))
        for _, written, sentence in b.timeline:
            rtl(doc.add_paragraph(f"{written}: {sentence}", style="List Bullet"))
    rtl(doc.add_heading("منابع", level=2))
    titles = {s.doc_id: s.title for s in b.sentences}
    for d, n in sources.items():
        rtl(doc.add_paragraph(f"{n}. {titles[d]}"))
    doc.save(path)


def brief(reader: Reader, query: str | None = None, doc_ids: list[str] | None = None,
          date_from: str | None = None, date_to: str | None = None, sentences: int = 6,
          max_documents: int = 8) -> Brief:
    """A brief of the articles a query finds, or of given documents, or of a date range."""
    window = Filters(date_from=date_from, date_to=date_to)  # the dates checked once (InvalidDate)
    if doc_ids:
        chosen = list(dict.fromkeys(doc_ids))
    elif query:
        chosen = on_subject(reader, query, reader.search(Query(query, window), k=2 * max_documents))
    else:
        chosen = [d.id for d in reader.documents() if _in_range(d.date, window)]
    if not doc_ids:  # the editor's own choice of documents stands, copies and all
        chosen = one_per_story(reader, chosen)
    chosen = chosen[:max_documents]
    infos = {d: reader.document(d) for d in chosen}
    pool = [s for d in chosen for s in article_sentences(reader, d)]
    title = query or "، ".join(info.title for info in infos.values())[:120]
    result = Brief(title, documents=chosen)
    if not pool:
        return result
    vectors = reader.sentence_vectors([s.text for s in pool])
    scores = centrality(vectors, pool, LEAD_BONUS)
    picked = pick(vectors, scores, [s.text for s in pool], budget_words=10**9, max_sentences=sentences)
    order = {d: n for n, d in enumerate(sorted(infos, key=lambda d: (date_number(infos[d].date), chosen.index(d))))}
    picked.sort(key=lambda i: (order[pool[i].doc_id], pool[i].position))
    result.sentences = [pool[i] for i in picked]
    # key figures: those of the brief's own sentences first, then of the sentences most about the
    # subject (the query's likeness, or centrality for chosen documents); at most KEY_FIGURES
    about = vectors @ reader.sentence_query_vector(Query(query).repaired) if query and not doc_ids else scores
    chosen_first = set(picked)
    for i in sorted(range(len(pool)), key=lambda i: (i not in chosen_first, -float(about[i]))):
        s = pool[i]
        for f in s.figures:
            if f.unit in ("date", "year"):
                result.timeline.append((int(f.value), f.text, s.text))
            elif f.unit not in ("time",) and f.kind != "number" and len(result.figures) < KEY_FIGURES:
                written = f"{f.text} {f.counts}" if f.counts and f.counts not in f.text else f.text
                result.figures.append(KeyFigure(written, f.value, f.unit, s.text, s.doc_id, s.title, s.page, s.date))
    result.timeline = sorted({(v, w, s) for v, w, s in result.timeline if v >= 10000})
    return result


def on_subject(reader: Reader, query: str, hits: list[Hit]) -> list[str]:
    """The found articles a brief on `query` may quote: those search finds at least "related" (or
    cannot judge, in a small archive) that name the subject (kb/subject.py); "strong" is no
    exception, as EmbeddingGemma finds unrelated articles strong for subjects the archive lacks.
    bench/briefs.py, sentences from articles off the subject (same run; e5-small, EmbeddingGemma):
    at least related, 4 and 3 of 72 on the subjects that rule was made on, 23 and 19 of 72 on
    twelve held out; naming the subject too, 0 of 72 and 0 of 72, 0 of 59 and 0 of 62."""
    subject = Subject.of(query, reader.known_words)
    chosen: list[str] = []
    for h in hits:
        if h.doc_id in chosen or h.relevance == "weak":
            continue
        if subject.named_in(article_text(reader, h.doc_id)):
            chosen.append(h.doc_id)
    return chosen


def one_per_story(reader: Reader, doc_ids: list[str]) -> list[str]:
    """The documents, each story once: a copy of one already listed (kb/copies.py) adds nothing
    a brief should count twice."""
    stories: set[str] = set()
    out = []
    for d in doc_ids:
        story = reader.document(d).copy_of or d
        if story not in stories:
            stories.add(story)
            out.append(d)
    return out


def _in_range(date: str, window: Filters) -> bool:
    """Whether an article's date is inside the window («1403» as an end means all of 1403)."""
    if not window:
        return True
    n = date_number(date)
    return bool(n) and n >= window.date_from_num and (not window.date_to_num or n <= window.date_to_num)
