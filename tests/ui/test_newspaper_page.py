"""A newspaper page in the app: every article outlined in its own colour and numbered, the open
one heavier, the headlines listed beside the page; a click on an article (on the page or in
the list) opens it. On a real dev issue, through the real archive, Pillow and AppTest."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from kb import Archive, article_at
from tests.helpers import SHARED, needs_shared, open_app
from ui.page_image import article_colour, page_image

ISSUE = SHARED / "eval" / "newspapers" / "np-dev-01.pdf"
pytestmark = needs_shared(ISSUE)


def folded(text: str) -> str:
    return text.replace("ي", "ی").replace("ك", "ک")


@pytest.fixture(scope="module")
def issue_dir(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("issue-app")
    with Archive(folder, embedder="e5-small", chroma_url="") as a:
        assert len(a.add_pdf(ISSUE).articles) == 7
    return folder


@pytest.fixture(scope="module")
def archive(issue_dir):
    a = Archive(issue_dir, embedder="e5-small", chroma_url="")
    yield a
    a.close()


def test_page_articles_are_the_stories_printed_on_that_page(archive):
    truth = json.loads(ISSUE.with_suffix(".json").read_text(encoding="utf-8"))
    docs = archive.documents()
    for page in (1, 2):
        on_page = archive.page_articles(docs[0].id, page)
        printed = [t for t in truth["articles"] if page in t["pages"]]
        assert len(on_page) == len(printed)
        for t in printed:  # each under its own headline, numbered in issue order, with its boxes
            assert any(folded(t["headline"])[:15] in folded(a.title) for a in on_page), t["headline"]
        assert [a.article for a in on_page] == sorted(a.article for a in on_page)
        for a in on_page:
            x0, top, x1, bottom = a.boxes[0]
            assert article_at(on_page, (x0 + x1) / 2, (top + bottom) / 2).id == a.id
    jumped = docs[0].id  # the lead story is cut on page 1 and goes on on page 2: on both pages
    assert any(a.id == jumped for a in archive.page_articles(docs[0].id, 1))
    assert any(a.id == jumped for a in archive.page_articles(docs[4].id, 2))
    assert article_at(archive.page_articles(docs[0].id, 1), 1.0, 1.0) is None  # the page's corner: no story


def test_each_article_is_outlined_in_its_own_colour(archive):
    doc = archive.documents()[1]
    on_page = archive.page_articles(doc.id, 1)
    assert len({article_colour(a) for a in on_page}) == len(on_page)
    scale = 1.5
    image = page_image(archive, doc.id, 1, scale=scale, articles=on_page, current=doc.id)
    for a in on_page:  # the outline's left edge, halfway down the first box, is the article's colour
        x0, top, _, bottom = a.boxes[0]
        assert image.getpixel((int(x0 * scale) + 1, int((top + bottom) / 2 * scale))) == article_colour(a)
    plain = page_image(archive, doc.id, 1, scale=scale)
    x0, top, _, bottom = on_page[0].boxes[0]
    assert plain.getpixel((int(x0 * scale) + 1, int((top + bottom) / 2 * scale))) != article_colour(on_page[0])


@pytest.fixture
def app(issue_dir, monkeypatch) -> AppTest:
    return open_app(issue_dir, monkeypatch)


def test_the_list_beside_the_page_opens_another_article(app, archive):
    docs = archive.documents()
    assert app.selectbox(key="open_doc").value.endswith(f"[{docs[0].id}]")
    page = "\n".join(m.value for m in app.markdown)
    assert "همین مطلب" in page  # the open article is named, not a button
    buttons = {b.key: b for b in app.button if b.key and b.key.startswith("open_article_")}
    on_page = archive.page_articles(docs[0].id, 1)
    assert len(buttons) == len(on_page) - 1
    target = on_page[-1]
    buttons[f"open_article_{docs[0].id}_{target.id}"].click().run()
    assert not app.exception, app.exception
    assert app.selectbox(key="open_doc").value.endswith(f"[{target.id}]")
    assert target.title[:20] in "\n".join(m.value for m in app.markdown) or target.title in app.selectbox(key="open_doc").value


def test_a_search_hit_on_a_newspaper_page_opens_its_neighbours_on_the_archive_page(app, archive):
    truth = json.loads(ISSUE.with_suffix(".json").read_text(encoding="utf-8"))
    app.sidebar.radio(key="page").set_value("جستجو").run()
    app.text_input(key="query").input(truth["articles"][3]["body"][0][:80]).run()
    next(b for b in app.button if b.key and b.key.startswith("open_")).click().run()
    assert not app.exception, app.exception
    hit = app.session_state["opened"]
    other = next(a for a in archive.page_articles(hit["doc_id"], hit["page"]) if a.id != hit["doc_id"])
    app.button(key=f"open_article_{hit['doc_id']}_{other.id}").click().run()
    assert not app.exception, app.exception
    assert app.sidebar.radio(key="page").value == "بایگانی"
    assert app.selectbox(key="open_doc").value.endswith(f"[{other.id}]")


def test_the_issue_s_pages_count_once(archive):
    assert archive.stats()["documents"] == 7 and archive.stats()["pages"] == 2


def test_bayegan_page_lists_the_articles_and_draws_them(issue_dir, archive, tmp_path):
    from click.testing import CliRunner
    from PIL import Image

    from ui.cli import cli

    first = archive.documents()[0]
    png = tmp_path / "page.png"
    r = CliRunner().invoke(cli, ["page", first.id, "2", "--archive", str(issue_dir), "--json", "--image", str(png)])
    assert r.exit_code == 0, r.output
    rows = [json.loads(line) for line in r.output.splitlines()]
    assert [row["id"] for row in rows] == [a.id for a in archive.page_articles(first.id, 2)]
    assert first.id in [row["id"] for row in rows] and len(rows) == 4  # the jump's continuation and three stories
    assert Image.open(png).size[0] > 800
