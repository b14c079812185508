"""`bayegan`: the command line. Each command is a thin call into `ingest`/`kb`; no logic lives here."""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

import click

import ingest
from ingest.errors import IngestError


@click.group()
def cli() -> None:
    """Bayegan (بایگان): clean, searchable, citable text out of Persian news PDFs, offline."""


@cli.command()
@click.argument("pdfs", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="The whole Document (blocks, pages, boxes, figures) as JSON.")
@click.option("--password", default=None, help="Password of an encrypted PDF.")
def extract(pdfs: tuple[str, ...], as_json: bool, password: str | None) -> None:
    """Print the clean text of each PDF in reading order (one block per line)."""
    failed = 0
    for path in pdfs:
        try:
            doc = ingest.extract_pdf(path, password=password)
        except (IngestError, FileNotFoundError) as e:
            click.echo(f"rejected: {e}", err=True)
            failed += 1
            continue
        if as_json:
            click.echo(json.dumps(document_json(doc), ensure_ascii=False, indent=1))
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


@cli.command()
@click.option("--archive", type=click.Path(file_okay=False), required=True, help="Folder to write the sample archive to.")
@click.argument("pdfs", nargs=-1, required=True, type=click.Path(dir_okay=False))
def sample(archive: str, pdfs: tuple[str, ...]) -> None:
    """Ingest PDFs into a folder of Documents (JSON) and print what is in it."""
    out = Path(archive)
    out.mkdir(parents=True, exist_ok=True)
    rows = []
    for path in pdfs:
        try:
            doc = ingest.extract_pdf(path)
        except (IngestError, FileNotFoundError) as e:
            click.echo(f"rejected: {e}", err=True)
            continue
        target = out / (Path(path).stem + ".json")
        write_atomically(target, json.dumps(document_json(doc), ensure_ascii=False, indent=1))
        rows.append((Path(path).name, doc))
    click.echo(f"Archive {out}: {len(rows)} documents\n")
    for name, doc in rows:
        kinds = {}
        for b in doc.blocks:
            kinds[b.kind] = kinds.get(b.kind, 0) + 1
        click.echo(f"• {name}: {len(doc.pages)} pages, {len(doc.blocks)} blocks {kinds}, {len(doc.figures)} figures")
        click.echo(f"  {doc.title}")
        for f in doc.figures[:3]:
            click.echo(f"    p.{f.page}  {f.text}  →  {f.value:.10g} {f.unit}")
    click.echo("\nSearch comes with the knowledge base (kb); `bayegan extract FILE.pdf` prints any PDF's clean text.")


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
    }


def write_atomically(path: Path, text: str) -> None:
    """Write to a temporary file beside the target, then rename: never a half-written file."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=path.suffix)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def main() -> None:
    cli()


if __name__ == "__main__":
    main()
