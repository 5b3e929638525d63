"""The store as JSON Lines records of the design's kinds, in a stable order.

Nothing that changes between two runs of the same input is written: no run ids, durations or
temporary paths. Timestamps are the first time a thing was seen, so they survive a re-run.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import Any

import sqlalchemy as sa

from . import schema as t


def _bbox(value: Any) -> list[float] | None:
    return [float(x) for x in value] if value else None


NUMERIC_FIELDS = {"total"}


def _value(name: str, value: str) -> str | float:
    if name in NUMERIC_FIELDS:
        try:
            return float(value)
        except ValueError:
            return value
    return value


def iter_records(conn: sa.Connection) -> Iterator[dict[str, Any]]:
    """Every record of the store: documents with their pages, fields, mentions and commodities, then
    entities and judgements."""
    names: dict[str, list[str]] = defaultdict(list)
    # Sorted here, by code point, not by the database's collation: the same order on every backend.
    for doc_id, _path, file_name in sorted(conn.execute(sa.select(
            t.document_names.c.document_id, t.document_names.c.path, t.document_names.c.file_name)).all()):
        if file_name not in names[doc_id]:
            names[doc_id].append(file_name)
    for d in conn.execute(sa.select(t.documents).order_by(t.documents.c.id)).mappings():
        yield {
            "kind": "document", "id": d["id"], "file_name": d["file_name"], "path": d["path"],
            "file_names": names.get(d["id"], [d["file_name"]]), "sha256": d["id"], "media_type": d["media_type"],
            "doc_type": d["doc_type"], "doc_type_confidence": d["doc_type_confidence"], "pages": d["pages"] or 0,
            "languages": d["languages"] or [], "status": d["status"], "error": d["error"],
            "warnings": d["warnings"] or [], "received_at": d["received_at"], "parent_id": d["parent_id"],
        }
    for p in conn.execute(sa.select(t.pages).order_by(t.pages.c.document_id, t.pages.c.page)).mappings():
        yield {
            "kind": "page", "document_id": p["document_id"], "page": p["page"], "method": p["method"],
            "confidence": p["confidence"], "width": p["width"], "height": p["height"],
            "bbox_unit": p["bbox_unit"], "dpi": p["dpi"], "languages": p["languages"] or [],
            "cleanup": p["cleanup"] or [], "text": p["text"],
        }
    entity_of = dict(conn.execute(sa.select(t.mentions.c.id, t.mentions.c.entity_id)).all())
    for f in conn.execute(sa.select(t.fields).order_by(t.fields.c.document_id, t.fields.c.page,
                                                        t.fields.c.start, t.fields.c.id)).mappings():
        yield {
            "kind": "field", "id": f["id"], "document_id": f["document_id"], "page": f["page"], "name": f["name"],
            "value": _value(f["name"], f["value"]), "entity_id": entity_of.get(f["mention_id"]), "bbox": _bbox(f["bbox"]),
            "confidence": f["confidence"], "extractor": f["extractor"],
        }
    for i in conn.execute(sa.select(t.line_items).order_by(t.line_items.c.document_id, t.line_items.c.index,
                                                            t.line_items.c.id)).mappings():
        yield {
            "kind": "line_item", "id": i["id"], "document_id": i["document_id"], "page": i["page"],
            "index": i["index"], "description": i["description"], "quantity": i["quantity"], "unit": i["unit"],
            "unit_price": i["unit_price"], "amount": i["amount"], "hs_code": i["hs_code"],
            "bbox": _bbox(i["bbox"]), "confidence": i["confidence"], "extractor": i["extractor"],
        }
    for m in conn.execute(sa.select(t.mentions).order_by(t.mentions.c.document_id, t.mentions.c.page,
                                                          t.mentions.c.start, t.mentions.c.id)).mappings():
        yield {
            "kind": "mention", "id": m["id"], "entity_id": m["entity_id"], "document_id": m["document_id"],
            "page": m["page"], "text": m["text"], "label": m["label"], "start": m["start"], "end": m["end"],
            "bbox": _bbox(m["bbox"]), "confidence": m["confidence"], "extractor": m["extractor"],
        }
    for c in conn.execute(sa.select(t.commodities).order_by(t.commodities.c.document_id, t.commodities.c.page,
                                                             t.commodities.c.start, t.commodities.c.id)).mappings():
        yield {
            "kind": "commodity", "id": c["id"], "document_id": c["document_id"], "page": c["page"],
            "text": c["text"], "commodity": c["commodity"], "category": c["category"], "hs_code": c["hs_code"],
            "quantity": c["quantity"], "unit": c["unit"], "quantity_si": c["quantity_si"], "unit_si": c["unit_si"],
            "watchlist": bool(c["watchlist"]), "hs_code_written": c["hs_code_written"], "bbox": _bbox(c["bbox"]),
            "extractor": c["extractor"],
        }
    for h in conn.execute(sa.select(t.hs_codes).order_by(t.hs_codes.c.document_id, t.hs_codes.c.page,
                                                          t.hs_codes.c.start, t.hs_codes.c.id)).mappings():
        yield {
            "kind": "hs_code", "id": h["id"], "document_id": h["document_id"], "page": h["page"], "text": h["text"],
            "hs_code": h["hs_code"], "valid": bool(h["valid"]), "description": h["description"],
            "bbox": _bbox(h["bbox"]), "extractor": h["extractor"],
        }
    yield from _entities(conn)
    for j in conn.execute(sa.select(t.judgements).order_by(t.judgements.c.id)).mappings():
        yield {"kind": "judgement", "a": j["a"], "b": j["b"], "verdict": j["verdict"], "user": j["user"],
               "created_at": j["created_at"]}
    yield from _graph(conn)


def _graph(conn: sa.Connection) -> Iterator[dict[str, Any]]:
    """The transaction graph's relations and the red flags (issue 7)."""
    for r in conn.execute(sa.select(t.relations).order_by(t.relations.c.id)).mappings():
        yield {"kind": "relation", **{k: r[k] for k in r.keys() if k != "bbox"}, "watchlist": bool(r["watchlist"]),
               "bbox": _bbox(r["bbox"])}
    for f in conn.execute(sa.select(t.flags).order_by(t.flags.c.id)).mappings():
        yield {"kind": "flag", "id": f["id"], "type": f["type"], "entity_id": f["entity_id"], "score": f["score"],
               "reason": f["reason"], "evidence": f["evidence"], "details": f["details"] or {}}


def _entities(conn: sa.Connection) -> Iterator[dict[str, Any]]:
    aliases: dict[str, set[str]] = defaultdict(set)
    for entity_id, text in conn.execute(sa.select(t.mentions.c.entity_id, t.mentions.c.text)
                                        .where(t.mentions.c.entity_id.is_not(None))):
        aliases[entity_id].add(" ".join(text.split()))
    replaces: dict[str, list[str]] = defaultdict(list)
    for old, new in conn.execute(sa.select(t.entities.c.id, t.entities.c.replaced_by)
                                 .where(t.entities.c.replaced_by.is_not(None))):
        replaces[new].append(old)
    for e in conn.execute(sa.select(t.entities).where(t.entities.c.replaced_by.is_(None))
                          .order_by(t.entities.c.id)).mappings():
        record = {
            "kind": "entity", "id": e["id"], "type": e["type"], "name": e["name"],
            "aliases": sorted(aliases.get(e["id"], set())), "country": e["country"],
            "replaces": sorted(replaces.get(e["id"], [])),
        }
        if e["type"] == "place":
            record.update(geonames_id=e["geonames_id"], lat=e["lat"], lon=e["lon"])
        yield record
