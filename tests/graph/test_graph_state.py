"""The graph is rebuilt only when what it is built from changed (issue 8): a re-run of an unchanged batch
leaves relations and flags as stored, a new trade document or a judgement rebuilds them, and what a
skipped or incremental build leaves equals a build from scratch."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from pipeline import run
from pipeline.batch import process_batch
from pipeline.resolve.judgements import judge
from pipeline.settings import Settings
from pipeline.store import open_store
from pipeline.store import schema as t

from conftest import DEMO

LATER = "invoice_demir_kimya.pdf"  # the trade document added in a second batch


def _state(engine: sa.Engine) -> dict[str, tuple[str, str]]:
    with engine.connect() as conn:
        return {r.part: (r.fingerprint, r.built_at) for r in conn.execute(sa.select(t.graph_state))}


def _graph(engine: sa.Engine) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    with engine.connect() as conn:
        return ([dict(r) for r in conn.execute(sa.select(t.relations).order_by(t.relations.c.id)).mappings()],
                [dict(r) for r in conn.execute(sa.select(t.flags).order_by(t.flags.c.id)).mappings()])


def _from_scratch(engine: sa.Engine, settings: Settings) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    with engine.begin() as conn:
        conn.execute(t.graph_state.delete())
    assert run.supply_chains(engine, settings).rebuilt
    return _graph(engine)


def test_unchanged_batch_skips_the_graph_and_new_documents_or_judgements_rebuild_it(
        tmp_path: Path, settings: Settings) -> None:
    inbox = tmp_path / "in"
    inbox.mkdir()
    for p in DEMO.iterdir():
        if p.suffix in {".pdf", ".png", ".txt"} and p.name != LATER:
            shutil.copy2(p, inbox / p.name)
    engine = open_store(settings.store_url)

    first = process_batch([inbox], settings, jobs=1)
    assert first.graph and first.graph.rebuilt
    built = _state(engine)
    assert set(built) == {"relations", "flags"} and built["relations"][0] == built["flags"][0]
    graph = _graph(engine)

    again = process_batch([inbox], settings, jobs=1)
    assert again.graph and not again.graph.rebuilt
    assert (again.graph.shipments, again.graph.relations, again.graph.flags) == \
        (first.graph.shipments, first.graph.relations, first.graph.flags)
    assert _state(engine) == built and _graph(engine) == graph
    # The Dagster assets' calls skip too.
    assert not run.build_graph(engine, settings).rebuilt
    assert _state(engine) == built

    (inbox / "memo.txt").write_text("Memo: call Sahin Lojistik A.S. about the meeting on Monday.\n", "utf-8")
    letter = process_batch([inbox], settings, jobs=1)  # a letter carries no trade facts: nothing to rebuild
    assert letter.graph and not letter.graph.rebuilt and _state(engine) == built

    shutil.copy2(DEMO / LATER, inbox / LATER)
    added = process_batch([inbox], settings, jobs=1)
    assert added.graph and added.graph.rebuilt
    after_invoice = _state(engine)
    assert after_invoice["relations"][0] != built["relations"][0]
    with engine.connect() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(t.relations)
                            .join(t.documents, t.documents.c.file_name == LATER)
                            .where(t.relations.c.document_id == t.documents.c.id)).scalar_one() > 0
    graph = _graph(engine)
    assert _from_scratch(engine, settings) == graph

    # A judgement since the last build (or a crash between resolution and the graph) leaves it stale.
    relation = graph[0][0]
    with engine.begin() as conn:
        judge(conn, relation["source_id"], relation["target_id"], "same", "test")
    judged = process_batch([inbox], settings, jobs=1)
    assert judged.graph and judged.graph.rebuilt
    assert _state(engine)["relations"][0] != after_invoice["relations"][0] and _graph(engine) != graph
    parties = {i for r in _graph(engine)[0] for i in (r["source_id"], r["target_id"])}
    assert len(parties & {relation["source_id"], relation["target_id"]}) == 1  # only the survivor is left
    assert _from_scratch(engine, settings) == _graph(engine)
