"""Supply chains and red flags (issue 7): the transaction graph built from the parsed documents, and
the flags raised on it. Both are a function of the store's trade documents and are rebuilt whole after
resolution, unless the store records that they were built from these very facts (graph_state)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import sqlalchemy as sa

from ..settings import FlagThresholds
from ..store import schema as t
from .facts import load_facts
from .flags import raise_flags
from .junction import centrality, goods_graph
from .model import DocFacts, Evidence, Flag, Relation, Shipment
from .persist import load_flags, load_relations, save_flags, save_relations
from .shipments import group_shipments

__all__ = ["Evidence", "Flag", "GraphStats", "Relation", "Shipment", "build_flags", "build_graph", "centrality",
           "fingerprint", "goods_graph", "load_flags", "load_relations", "shipments", "supply_chains", "top_flags"]


@dataclass(frozen=True, slots=True)
class GraphStats:
    shipments: int
    relations: int
    flags: int = 0
    rebuilt: bool = True  # False: the stored relations (and flags) were already built from these facts


@cache
def _code() -> str:
    """The graph code's own hash: a change to how relations or flags are derived rebuilds them."""
    digest = hashlib.sha256()
    for path in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def fingerprint(facts: list[DocFacts], th: FlagThresholds) -> str:
    """What relations and flags are a function of: the trade documents' facts (their parties as
    canonical entities, so a merge, split or judgement shows), the thresholds and the graph code."""
    return hashlib.sha256(repr((_code(), th, facts)).encode()).hexdigest()


def _built_from(conn: sa.Connection, part: str) -> str | None:
    return conn.execute(sa.select(t.graph_state.c.fingerprint).where(t.graph_state.c.part == part)).scalar()


def _mark(conn: sa.Connection, part: str, mark: str) -> None:
    from ..store.writes import now

    conn.execute(t.graph_state.delete().where(t.graph_state.c.part == part))
    conn.execute(t.graph_state.insert().values(part=part, fingerprint=mark, built_at=now()))


def shipments(conn: sa.Connection, th: FlagThresholds) -> list[Shipment]:
    """The store's trade documents, grouped into shipments."""
    return group_shipments(load_facts(conn), th.shipment_window_days)


def build_graph(conn: sa.Connection, th: FlagThresholds, facts: list[DocFacts] | None = None,
                mark: str | None = None) -> GraphStats:
    """Rebuild the relations table from the store's documents (or `facts` read from them, whose
    fingerprint is `mark`), unless it was built from the same facts; runs in the caller's transaction."""
    from .relations import build_relations

    facts = load_facts(conn) if facts is None else facts
    grouped = group_shipments(facts, th.shipment_window_days)
    mark = mark or fingerprint(facts, th)
    if _built_from(conn, "relations") == mark:
        return GraphStats(len(grouped), conn.execute(sa.select(sa.func.count()).select_from(t.relations)).scalar_one(),
                          rebuilt=False)
    relations = build_relations(grouped)
    save_relations(conn, relations)
    _mark(conn, "relations", mark)
    return GraphStats(len(grouped), len(relations))


def build_flags(conn: sa.Connection, th: FlagThresholds, facts: list[DocFacts] | None = None,
                mark: str | None = None) -> list[Flag]:
    """Rebuild the flags table from the relations and the documents, unless both were built from the
    same facts (then the stored flags); runs in the caller's transaction."""
    facts = load_facts(conn) if facts is None else facts
    mark = mark or fingerprint(facts, th)
    if _built_from(conn, "flags") == mark and _built_from(conn, "relations") == mark:
        return load_flags(conn)
    flags = raise_flags(group_shipments(facts, th.shipment_window_days), load_relations(conn), th)
    save_flags(conn, flags)
    _mark(conn, "flags", mark)
    return flags


def supply_chains(conn: sa.Connection, th: FlagThresholds) -> GraphStats:
    """The relations, then the flags, from one reading of the facts; runs in the caller's transaction."""
    facts = load_facts(conn)
    mark = fingerprint(facts, th)  # hashed once: it covers every trade document's facts
    stats = build_graph(conn, th, facts, mark)
    return GraphStats(stats.shipments, stats.relations, len(build_flags(conn, th, facts, mark)), stats.rebuilt)


def top_flags(conn: sa.Connection, limit: int) -> list[dict[str, object]]:
    """The highest-scored flags, each with its entity's name: what the Dagster UI lists."""
    names = dict(conn.execute(sa.select(t.entities.c.id, t.entities.c.name)).all())
    return [{"entity": names.get(f.entity_id, f.entity_id), "entity_id": f.entity_id, "type": f.type,
             "score": f.score, "reason": f.reason, "documents": len({e.document_id for e in f.evidence})}
            for f in load_flags(conn)[:limit]]
