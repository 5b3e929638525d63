"""`docintel`: the pipeline headless, on files and folders, and the store as JSON Lines."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from . import settings as settings_mod
from .run import Outcome, process_paths
from .store import iter_records, open_store


@click.group(help="Trade paperwork in, canonical entities and commodity references out.")
def main() -> None:
    pass


@main.command(help="Run the whole pipeline on files or folders (recursively). A bad file is recorded as "
                   "failed with its reason and the batch goes on; exit 0 when the run completed.")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--store", "store_url", help="Store URL (default: DOCINTEL_STORE, else the SQLite file under var/).")
def process(paths: tuple[Path, ...], store_url: str | None) -> None:
    settings = settings_mod.from_env().with_store(store_url)

    def show(o: Outcome) -> None:
        mark = {"processed": "ok  ", "unchanged": "same", "failed": "FAIL"}[o.status]
        detail = o.error if o.status == "failed" else f"{o.doc_type or ''} {o.pages}p {o.mentions} names {o.commodities} goods"
        click.echo(f"{mark} {o.file_name}: {detail}", err=True)
        for w in o.warnings:
            click.echo(f"     warning: {w}", err=True)

    summary = process_paths([p.absolute() for p in paths], settings, progress=show)
    r = summary.resolve
    click.echo(
        f"{len(summary.outcomes)} files: {summary.count('processed')} processed, {summary.count('unchanged')} "
        f"unchanged, {summary.count('failed')} failed; "
        + (f"{r.entities_total} canonical entities ({r.new_entities} new)" if r else "")
    )
    click.echo(f"store: {settings.store_url}")


@main.command(help="Write the store as JSON Lines (one record per line, each with a `kind`).")
@click.option("--store", "store_url", help="Store URL (default: DOCINTEL_STORE, else the SQLite file under var/).")
@click.option("--format", "fmt", type=click.Choice(["jsonl"]), default="jsonl", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="File to write (default: stdout).")
def export(store_url: str | None, fmt: str, output: Path | None) -> None:
    settings = settings_mod.from_env().with_store(store_url)
    engine = open_store(settings.store_url)
    out = output.open("w", encoding="utf-8") if output else sys.stdout
    try:
        with engine.connect() as conn:
            for record in iter_records(conn):
                out.write(json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n")
    finally:
        if output:
            out.close()


if __name__ == "__main__":
    main()
