"""What the user knows about a file travels with it: the name it was uploaded under, its source
and date (either calendar, any digits); a wrong date is refused before anything is read; every
reason a file is turned away has a Persian wording for the app."""

from __future__ import annotations

import pytest

from kb import Archive, InvalidDate


@pytest.fixture
def empty(tmp_path):
    a = Archive(tmp_path / "a", embedder="e5-small", chroma_url="")
    yield a
    a.close()


def test_an_upload_keeps_its_name_source_and_date(empty, news_pdf, tmp_path):
    saved = tmp_path / "0000.pdf"
    saved.write_bytes(news_pdf.read_bytes())
    [r] = empty.add_paths([saved], names={str(saved): "روزنامه-شنبه.pdf"}, source="همشهری", date="۱۴۰۵/۰۹/۰۸")
    assert r.status == "added" and r.path == "روزنامه-شنبه.pdf"
    [doc] = empty.documents()
    assert (doc.path, doc.source, doc.date) == ("روزنامه-شنبه.pdf", "همشهری", "۱۴۰۵/۰۹/۰۸")
    assert empty.search("سرمایه‌گذاری", date_from="1405/09/01", date_to="1405/09/30")  # the date filter finds it
    again = empty.add_paths([saved], names={str(saved): "دوباره.pdf"})[0]
    assert again.status == "duplicate" and again.path == "دوباره.pdf" and again.persian == "از قبل در بایگانی است"
    broken = tmp_path / "0001.pdf"
    broken.write_bytes(b"%PDF-1.4 broken")
    [bad] = empty.add_paths([broken], names={str(broken): "خراب.pdf"})
    assert bad.status == "rejected" and "0001" not in bad.persian + bad.message  # the user's name, not ours


def test_a_wrong_date_is_refused_before_anything_is_read(empty, news_pdf):
    with pytest.raises(InvalidDate) as e:
        empty.add_paths([news_pdf], date="دیروز")
    assert "تاریخ نیست" in e.value.persian and empty.documents() == []
    with pytest.raises(InvalidDate):
        empty.add_text("متن خبر", date="13/45/99")


def test_every_rejection_has_a_persian_reason(empty, tmp_path):
    (tmp_path / "notes.docx").write_bytes(b"PK\x03\x04")
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.4 broken")
    results = empty.add_paths([tmp_path / "notes.docx", tmp_path / "broken.pdf", tmp_path / "missing.pdf"])
    assert [r.status for r in results] == ["rejected"] * 3
    for r in results:
        assert r.persian and not any("a" <= ch.lower() <= "z" for ch in r.persian.replace(r.path, "").replace("PDF", "")
                                     .replace("txt", "").replace("html", "").replace("BAYEGAN_MAX_UPLOAD_MB", "")), r
