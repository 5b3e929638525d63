"""Supply chains and red flags (issue 7): the transaction graph built from the parsed documents, and
the flags raised on it. Both are a function of the store and are rebuilt whole after resolution."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from ..settings import FlagThresholds
from ..store import schema as t
from .facts import load_facts
from .flags import raise_flags
from .junction import centrality, goods_graph
from .model import Evidence, Flag, Relation, Shipment
from .persist import load_flags, load_relations, save_flags, save_relations
from .shipments import group_shipments

__all__ = ["Evidence", "Flag", "GraphStats", "Relation", "Shipment", "build_flags", "build_graph", "centrality",
           "goods_graph", "load_flags", "load_relations", "shipments", "top_flags"]


@dataclass(frozen=True, slots=True)
class GraphStats:
    shipments: int
    relations: int
    flags: int = 0


def shipments(conn: sa.Connection, th: FlagThresholds) -> list[Shipment]:
    """The store's trade documents, grouped into shipments."""
    return group_shipments(load_facts(conn), th.shipment_window_days)


def build_graph(conn: sa.Connection, th: FlagThresholds) -> GraphStats:
    """Rebuild the relations table from the store's documents; runs in the caller's transaction."""
    from .relations import build_relations

    grouped = shipments(conn, th)
    relations = build_relations(grouped)
    save_relations(conn, relations)
    return GraphStats(len(grouped), len(relations))


def build_flags(conn: sa.Connection, th: FlagThresholds) -> list[Flag]:
    """Rebuild the flags table from the relations and the documents; runs in the caller's transaction."""
    flags = raise_flags(shipments(conn, th), load_relations(conn), th)
    save_flags(conn, flags)
    return flags


def top_flags(conn: sa.Connection, limit: int) -> list[dict[str, object]]:
    """The highest-scored flags, each with its entity's name: what the Dagster UI lists."""
    names = dict(conn.execute(sa.select(t.entities.c.id, t.entities.c.name)).all())
    return [{"entity": names.get(f.entity_id, f.entity_id), "entity_id": f.entity_id, "type": f.type,
             "score": f.score, "reason": f.reason, "documents": len({e.document_id for e in f.evidence})}
            for f in load_flags(conn)[:limit]]
