"""A newspaper issue in the archive: one document per article, each under its own headline and
citing its own pages; the paper and the date from the masthead; the file a duplicate as a whole;
an article removable alone, the issue removable whole (real PDFs of ../shared/eval/newspapers)."""

from __future__ import annotations

import json

import pytest

from kb import Archive, NotInArchive
from tests.helpers import SHARED, needs_shared

ISSUE = SHARED / "eval" / "newspapers" / "np-dev-01.pdf"
pytestmark = needs_shared(ISSUE)


@pytest.fixture(scope="module")
def issue(tmp_path_factory):
    folder = tmp_path_factory.mktemp("issue-archive")
    a = Archive(folder, embedder="e5-small", chroma_url="")
    result = a.add_pdf(ISSUE)
    yield a, result
    a.close()


def test_an_issue_becomes_one_document_per_article(issue):
    a, result = issue
    truth = json.loads(ISSUE.with_suffix(".json").read_text(encoding="utf-8"))
    assert result.status == "added" and len(result.articles) == len(truth["articles"])
    docs = {d.id: d for d in a.documents()}
    assert set(docs) == {x.doc_id for x in result.articles}
    titles = {d.title for d in docs.values()}
    for t in truth["articles"]:  # every article under its own headline (letter variants folded)
        assert any(t["headline"].replace("ي", "ی").replace("ك", "ک")[:20] in x for x in titles), t["headline"]
    for d in docs.values():
        assert d.issue == result.doc_id and d.article >= 1 and d.path.endswith("np-dev-01.pdf")
        assert d.source == truth["paper"] and d.date.startswith("1405/")  # read from the masthead


def test_a_hit_carries_its_article_title_and_page(issue):
    a, _ = issue
    truth = json.loads(ISSUE.with_suffix(".json").read_text(encoding="utf-8"))
    story = truth["articles"][3]  # a page-1 story
    sentence = story["body"][0][:120]
    hit = a.search(sentence, k=1)[0]
    assert hit.title.replace("ي", "ی")[:15] == story["headline"].replace("ي", "ی")[:15]
    assert hit.page in story["pages"] and a.original(hit.doc_id).name == f"{a.document(hit.doc_id).issue}.pdf"
    lead = truth["articles"][0]  # the lead story jumps: its continuation is in the same document
    jumped = a.search(lead["body"][-1][:100], k=1)[0]
    assert jumped.doc_id == a.search(lead["headline"], k=1)[0].doc_id and jumped.page == 2
    assert {c.page for c in a.chunks(jumped.doc_id)} == {1, 2}  # one document across the jump


def test_the_issue_is_a_duplicate_whole_and_removes_article_by_article_or_whole(issue, tmp_path):
    a, result = issue
    again = a.add_pdf(ISSUE)
    assert again.status == "duplicate" and again.doc_id == result.doc_id
    first, *rest = result.articles
    removed = a.remove(first.doc_id)
    assert [d.id for d in removed] == [first.doc_id]
    with pytest.raises(NotInArchive):
        a.document(first.doc_id)
    assert a.original(rest[0].doc_id) is not None  # the file stays while an article of it does
    removed = a.remove(result.doc_id)  # the issue's id: all that is left of it
    assert {d.id for d in removed} == {x.doc_id for x in rest} and a.documents() == []
    assert not (a.folder / "files" / f"{result.doc_id}.pdf").exists()
