"""`docintel`: the pipeline headless, on files and folders, and the store as JSON Lines."""

from __future__ import annotations

import gc
import json
import sys
from pathlib import Path

import click

from . import settings as settings_mod
from .run import Outcome, failed_documents
from .store import iter_records, open_store
from .store.db import read_only, safe_url


@click.group(help="Trade paperwork in, canonical entities and commodity references out.")
def main() -> None:
    pass


@main.command(help="Run the whole pipeline on files or folders (recursively). A bad file is recorded as "
                   "failed with its reason and the batch goes on; exit 0 when the run completed.")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--store", "store_url", help="Store URL (default: DOCINTEL_STORE, else the SQLite file under var/).")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="Documents read at once, one worker process each (default: one per core).")
def process(paths: tuple[Path, ...], store_url: str | None, jobs: int | None) -> None:
    from .batch import process_batch
    from .progress import Progress

    settings = settings_mod.from_env().with_store(store_url)
    bar = Progress(sys.stderr)

    def show(o: Outcome) -> None:
        mark = {"processed": "ok  ", "unchanged": "same", "failed": "FAIL"}[o.status]
        detail = o.error if o.status == "failed" else f"{o.doc_type or ''} {o.pages}p {o.mentions} names {o.commodities} goods"
        bar.write(f"{mark} {o.file_name}: {detail}")
        for w in o.warnings:
            bar.write(f"     warning: {w}")
        bar.update(o)

    summary = process_batch([p.absolute() for p in paths], settings, jobs, progress=show, started=bar.start)
    bar.close()
    r = summary.resolve
    click.echo(
        f"{len(summary.outcomes)} files: {summary.count('processed')} processed, {summary.count('unchanged')} "
        f"unchanged, {summary.count('failed')} failed; "
        + (f"{r.entities_total} canonical entities ({r.new_entities} new)" if r else
           "entities left to the other run still writing this store, which resolves them when it ends")
        + (f"; {g.shipments} shipments, {g.relations} relations, {g.flags} red flags" if (g := summary.graph) else "")
    )
    if summary.count("failed"):
        click.echo(f"failed files and why: docintel failures{' --store URL' if store_url else ''}")
    click.echo(f"store: {safe_url(settings.store_url)}")
    # Everything is stored: spare the interpreter's last garbage collection over the models, the caches
    # and the batch's objects (0.5 s at exit on the throughput corpus, 2 % of the run).
    gc.freeze()


@main.command(help="List every document that failed, one a line: its path, a tab, and the reason.")
@click.option("--store", "store_url", help="Store URL (default: DOCINTEL_STORE, else the SQLite file under var/).")
def failures(store_url: str | None) -> None:
    settings = settings_mod.from_env().with_store(store_url)
    for path, error in failed_documents(open_store(settings.store_url)):
        click.echo(f"{_one_line(path)}\t{_one_line(error or '')}")


def _one_line(text: str) -> str:
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


@main.command(help="Write the store as JSON Lines (one record per line, each with a `kind`).")
@click.option("--store", "store_url", help="Store URL (default: DOCINTEL_STORE, else the SQLite file under var/).")
@click.option("--format", "fmt", type=click.Choice(["jsonl", "ftm"]), default="jsonl", show_default=True,
              help="jsonl: the design's records; ftm: FollowTheMoney entities, validated, one a line.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="File to write (default: stdout).")
def export(store_url: str | None, fmt: str, output: Path | None) -> None:
    from .store.ftm import iter_ftm

    settings = settings_mod.from_env().with_store(store_url)
    engine = open_store(settings.store_url)
    out = output.open("w", encoding="utf-8") if output else sys.stdout
    try:
        with read_only(engine) as conn:  # a snapshot: runs writing meanwhile are not held back
            for record in (iter_ftm(conn) if fmt == "ftm" else iter_records(conn)):
                out.write(json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n")
    finally:
        if output:
            out.close()


@main.command(help="Score the pipeline's reading of documents on the public sets (sroie, invoice2data, zugferd; "
                   "entities: ner-en, ner-tr, ner-trade, ner-ar; commodities; all when none is named), raw tesseract beside it, each number beside its target. "
                   "A set whose folder is absent is skipped with the reason. Rules: benchmarks/README.md.")
@click.argument("sets", nargs=-1, type=click.Choice(["sroie", "invoice2data", "zugferd", "ner-en", "ner-tr",
                                                    "ner-trade", "ner-ar", "commodities", "commodities-b"]))
@click.option("--corpora", type=click.Path(file_okay=False, path_type=Path),
              help="Folder holding the sets (default: ../shared/corpora beside the repository).")
@click.option("--limit", type=click.IntRange(min=1), help="Only the first N documents of each set (smoke runs).")
@click.option("--json", "json_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write every number and every document's gold and read values to this file.")
@click.option("--jobs", type=click.IntRange(min=1), help="Documents read at once (default: one per core).")
@click.option("-v", "--verbose", is_flag=True, help="Print each document's values (gold / ours) too.")
@click.option("--strict", is_flag=True, help="Exit 1 when a target is not met.")
def evaluate(sets: tuple[str, ...], corpora: Path | None, limit: int | None, json_path: Path | None,
             jobs: int | None, verbose: bool, strict: bool) -> None:
    import os
    import time

    from . import evaluate as ev

    settings = settings_mod.from_env()  # the normal OCR cache under XDG_CACHE_HOME: re-runs are fast
    corpora = (corpora or ev.DEFAULT_CORPORA).absolute()
    jobs = jobs or os.cpu_count() or 1
    machine = ev.report.machine()
    click.echo(f"docintel evaluate: {time.strftime('%Y-%m-%d')}, {machine['cores']} cores, {jobs} jobs, tesseract "
               f"{machine['tesseract']}, OCR languages {settings.ocr_languages}, corpora {corpora}"
               + (f", limit {limit}" if limit else ""))
    started = time.monotonic()
    results = ev.run_evaluation(list(dict.fromkeys(sets)), corpora, settings, limit=limit, jobs=jobs,
                                progress=lambda msg: click.echo(f"  {msg}", err=True))
    seconds = time.monotonic() - started
    for result in results:
        click.echo("")
        click.echo(ev.format_table(result, verbose=verbose), nl=False)
    click.echo("")
    click.echo(ev.summary(results))
    click.echo(f"took {seconds:.0f} s")
    if json_path:
        ev.to_json(results, json_path, {"ocr_languages": settings.ocr_languages, "cache_dir": str(settings.cache_dir),
                                        "corpora": str(corpora), "limit": limit, "jobs": jobs}, seconds)
        click.echo(f"json: {json_path}")
    if strict and any(r.target and r.status != "PASS" for res in results for r in res.rows):
        sys.exit(1)


STORE_OPTION = click.option("--store", "store_url",
                            help="Store URL (default: DOCINTEL_STORE, else the SQLite file under var/).")


@main.command(help="Record an analyst's judgement that two entities (ent-...) or mentions (men-...) are the "
                   "same, different or unsure. Append-only; `same` merges (the smaller id survives, the other "
                   "redirects to it), `different` between two mentions of one entity splits it, and neither "
                   "is undone by re-processing.")
@click.argument("entity_a")
@click.argument("entity_b")
@click.argument("verdict", type=click.Choice(["same", "different", "unsure"]))
@click.option("--user", default=None, help="Who judged (default: $USER).")
@STORE_OPTION
def judge(entity_a: str, entity_b: str, verdict: str, user: str | None, store_url: str | None) -> None:
    import getpass

    from .resolve import JudgementError
    from .resolve import judge as record

    settings = settings_mod.from_env().with_store(store_url)
    try:
        with open_store(settings.store_url).begin() as conn:
            done = record(conn, entity_a, entity_b, verdict, user or getpass.getuser())
    except JudgementError as exc:
        raise click.ClickException(str(exc)) from exc
    detail = (f"; retired {', '.join(done.retired)}" if done.retired else "") + (
        f"; new {', '.join(done.created)}" if done.created else "")
    click.echo(f"{verdict}: {done.a} {done.b}{detail}")


@main.command(help="List the pairs of entities the resolver was least sure of, each side with its names, "
                   "documents and the text around its mentions, in the order to judge them.")
@click.option("--limit", type=click.IntRange(min=1), default=20, show_default=True)
@STORE_OPTION
def review(limit: int, store_url: str | None) -> None:
    from .resolve import review_queue

    settings = settings_mod.from_env().with_store(store_url)
    with open_store(settings.store_url).connect() as conn:
        items = review_queue(conn, limit)
    for n, item in enumerate(items, 1):
        click.echo(f"{n}. score {item.score:.2f}   docintel judge {item.a.entity_id} {item.b.entity_id} "
                   "same|different|unsure")
        for side in (item.a, item.b):
            click.echo(f"   {side.entity_id} ({side.type}) {side.name}")
            click.echo(f"      names: {' | '.join(side.aliases)}")
            click.echo(f"      documents: {', '.join(side.documents)}")
            for context in side.contexts:
                click.echo(f"      > {context}")
    if not items:
        click.echo("nothing to review")


@main.command(help="Resolve a CSV of names with the store's resolver (in memory; the store is not touched) "
                   "and write the rows back with a cluster_id column.")
@click.argument("csv_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--name-column", required=True, help="The column holding the names.")
@click.option("--type", "entity_type", type=click.Choice(["company", "person", "organization", "place"]),
              default="company", show_default=True)
@click.option("--id-column", help="A column of row ids: the cluster id is then its first row's id.")
@click.option("--country-column", help="A column of ISO country codes: firms of two countries stay apart.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="File to write (default: stdout).")
def dedupe(csv_file: Path, name_column: str, entity_type: str, id_column: str | None, country_column: str | None,
           output: Path | None) -> None:
    from .dedupe import dedupe_csv

    out = output.open("w", encoding="utf-8", newline="") if output else sys.stdout
    try:
        stats = dedupe_csv(csv_file, out, name_column, entity_type, id_column, country_column)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from exc
    finally:
        if output:
            out.close()
    click.echo(f"{stats.rows} rows, {stats.clusters} clusters ({stats.fuzzy} spellings joined by score)", err=True)


@main.command(help="Write an investigator's dossier on an entity (its id, or one of its names): an HTML page with "
                   "its names, documents, transactions and red flags, each beside the crop of the page where it "
                   "was read, and its network (two links out) as GEXF or GraphML for Gephi or Cytoscape.")
@click.argument("entity")
@click.option("-o", "--output", type=click.Path(file_okay=False, path_type=Path),
              help="Folder to write (default: dossier-ENTITY_ID in the current folder).")
@click.option("--graph-format", type=click.Choice(["gexf", "graphml"]), default="gexf", show_default=True)
@click.option("--store", "store_url", help="Store URL (default: DOCINTEL_STORE, else the SQLite file under var/).")
def dossier(entity: str, output: Path | None, graph_format: str, store_url: str | None) -> None:
    from .dossier import DossierError, find_entity, write_dossier

    settings = settings_mod.from_env().with_store(store_url)
    with open_store(settings.store_url).connect() as conn:
        try:
            out = output or Path(f"dossier-{find_entity(conn, entity)['id']}")
            written = write_dossier(conn, entity, out, graph_format)
        except DossierError as exc:
            raise click.ClickException(str(exc)) from exc
    click.echo(f"{written.html} ({written.flags} flags, {written.crops} crops); graph: {written.graph}")


if __name__ == "__main__":
    main()
