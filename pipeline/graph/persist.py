"""The graph and flags tables: replaced whole on every build (they are a function of the store), read
back for the flags, the export and the dossier."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from ..store import schema as t
from .model import Evidence, Flag, Relation


def save_relations(conn: sa.Connection, relations: list[Relation]) -> None:
    conn.execute(t.relations.delete())
    if relations:
        conn.execute(t.relations.insert(), [{
            "id": r.id, "type": r.type, "source_id": r.source_id, "target_id": r.target_id, "commodity": r.commodity,
            "category": r.category, "watchlist": r.watchlist, "quantity": r.quantity, "unit": r.unit,
            "quantity_si": r.quantity_si, "unit_si": r.unit_si, "value": r.value, "currency": r.currency,
            "date": r.date, "document_id": r.document_id, "page": r.page, "bbox": list(r.bbox) if r.bbox else None,
            "shipment_id": r.shipment_id,
        } for r in relations])


def load_relations(conn: sa.Connection) -> list[Relation]:
    rows = conn.execute(sa.select(t.relations).order_by(t.relations.c.document_id, t.relations.c.type,
                                                         t.relations.c.id)).mappings()
    return [Relation(**{**dict(r), "bbox": tuple(r["bbox"]) if r["bbox"] else None,
                        "watchlist": bool(r["watchlist"])}) for r in rows]


def save_flags(conn: sa.Connection, flags: list[Flag]) -> None:
    conn.execute(t.flags.delete())
    if flags:
        conn.execute(t.flags.insert(), [{
            "id": f.id, "type": f.type, "entity_id": f.entity_id, "score": f.score, "reason": f.reason,
            "evidence": [e.record() for e in f.evidence], "details": f.details,
        } for f in flags])


def load_flags(conn: sa.Connection, entity_id: str | None = None) -> list[Flag]:
    q = sa.select(t.flags).order_by(t.flags.c.score.desc(), t.flags.c.type, t.flags.c.id)
    if entity_id:
        q = q.where(t.flags.c.entity_id == entity_id)
    return [Flag(r["id"], r["type"], r["entity_id"], r["score"], r["reason"],
                 tuple(_evidence(e) for e in r["evidence"] or ()), r["details"] or {})
            for r in conn.execute(q).mappings()]


def _evidence(e: dict[str, Any]) -> Evidence:
    box = e.get("bbox")
    return Evidence(e["document_id"], e["page"], tuple(box) if box else None, e.get("what", ""))  # type: ignore[arg-type]
