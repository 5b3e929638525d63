"""Writing one document's results. Each function runs inside the caller's transaction, and replaces
what the store held for that document, so a re-run leaves exactly what one clean run would."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from datetime import datetime, timezone
from typing import Any

import sqlalchemy as sa

from ..model import DocumentText, Extraction, Ingested
from . import schema as t
from .db import fault_point, serialize


def now() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def upsert(conn: sa.Connection, table: sa.Table, rows: Sequence[dict[str, Any]], update: Iterable[str] = ()) -> None:
    """Insert rows; on a primary-key clash update the named columns (or leave the row as it is).

    Rows with the same keys run as one statement over many parameter sets (compiled once per table and
    columns, not once per call); a row whose key comes twice in `rows` ends as the last one says."""
    if not rows:
        return
    groups: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for row in rows:
        groups.setdefault(tuple(row), []).append(row)
    for columns, group in groups.items():
        conn.execute(_upsert_statement(conn.dialect.name, table, columns, tuple(update)), group)


@functools.lru_cache(maxsize=256)
def _upsert_statement(dialect: str, table: sa.Table, columns: tuple[str, ...], update: tuple[str, ...]) -> Any:
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert  # type: ignore[assignment]
    stmt = insert(table).values({c: sa.bindparam(c) for c in columns})
    keys = [c.name for c in table.primary_key.columns]
    if update:
        return stmt.on_conflict_do_update(index_elements=keys, set_={c: stmt.excluded[c] for c in update})
    return stmt.on_conflict_do_nothing(index_elements=keys)


def known_document(conn: sa.Connection, doc_id: str) -> dict[str, Any] | None:
    row = conn.execute(sa.select(t.documents).where(t.documents.c.id == doc_id)).mappings().first()
    return dict(row) if row else None


def record_name(conn: sa.Connection, doc_id: str, file_name: str, path: str) -> None:
    def storable(name: str) -> str:  # bytes of a name that are not UTF-8 kept as \xNN (see ingest.shown_name)
        return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")

    upsert(conn, t.document_names, [{"document_id": doc_id, "path": storable(path), "file_name": storable(file_name)}])


def record_ingested(conn: sa.Connection, doc: Ingested, parent_id: str | None = None) -> None:
    """Register a document and the name it arrived under; the first arrival time is kept."""
    upsert(conn, t.documents, [{
        "id": doc.id, "file_name": doc.file_name, "path": doc.path, "media_type": doc.media_type,
        "size": doc.size, "archive_path": doc.archive_path, "status": "failed",
        "error": "not processed yet", "warnings": list(doc.warnings), "received_at": now(), "parent_id": parent_id,
    }], update=["media_type", "size", "archive_path", "warnings"])
    record_name(conn, doc.id, doc.file_name, doc.path)


def record_failure(conn: sa.Connection, doc_id: str, file_name: str, path: str, error: str,
                   media_type: str | None = None, size: int | None = None, warnings: Sequence[str] = ()) -> None:
    """Mark a document failed with its reason; whatever else it had is cleared, never half kept."""
    serialize(conn, doc_id)  # two runs on the same document write it one after the other
    _clear(conn, doc_id)
    upsert(conn, t.documents, [{
        "id": doc_id, "file_name": file_name, "path": path, "media_type": media_type, "size": size,
        "status": "failed", "error": error, "warnings": list(warnings), "received_at": now(), "pages": 0,
    }], update=["status", "error", "media_type", "size", "warnings", "pages"])
    conn.execute(t.documents.update().where(t.documents.c.id == doc_id).values(
        doc_type=None, doc_type_confidence=None, languages=None))
    record_name(conn, doc_id, file_name, path)


def save_text(conn: sa.Connection, doc_id: str, text: DocumentText) -> None:
    serialize(conn, doc_id)  # two runs on the same document write it one after the other
    conn.execute(t.pages.delete().where(t.pages.c.document_id == doc_id))
    conn.execute(t.pages.insert(), [{
        "document_id": doc_id, "page": p.number, "method": p.method, "confidence": p.confidence,
        "width": p.width, "height": p.height, "bbox_unit": p.bbox_unit, "dpi": p.dpi,
        "languages": list(p.languages), "cleanup": list(p.cleanup), "text": p.text,
        "words": [[w.text, *w.bbox, w.confidence, w.start, w.end] for w in p.words],
    } for p in text.pages])
    known = conn.execute(sa.select(t.documents.c.warnings).where(t.documents.c.id == doc_id)).scalar() or []
    warnings = list(dict.fromkeys([*known, *text.warnings]))
    conn.execute(t.documents.update().where(t.documents.c.id == doc_id).values(pages=len(text.pages),
                                                                                 warnings=warnings))
    fault_point("save_text")


def save_extraction(conn: sa.Connection, doc_id: str, ex: Extraction, warnings: Sequence[str]) -> None:
    """Replace the document's fields, mentions and commodities, and mark it processed."""
    serialize(conn, doc_id)  # two runs on the same document write it one after the other
    for table in (t.fields, t.line_items, t.mentions, t.commodities, t.hs_codes):
        conn.execute(table.delete().where(table.c.document_id == doc_id))
    mention_at = {(m.page, m.start): m.id_for(doc_id) for m in ex.mentions}
    if ex.fields:
        conn.execute(t.fields.insert(), [{
            "id": f.id_for(doc_id), "document_id": doc_id, "page": f.page, "name": f.name, "value": f.value,
            "mention_id": mention_at.get((f.page, f.start)), "start": f.start, "end": f.end,
            "bbox": list(f.bbox) if f.bbox else None, "confidence": f.confidence, "extractor": f.extractor,
        } for f in ex.fields])
    if ex.line_items:
        conn.execute(t.line_items.insert(), [{
            "id": i.id_for(doc_id), "document_id": doc_id, "page": i.page, "index": i.index,
            "description": i.description, "quantity": i.quantity, "unit": i.unit, "unit_price": i.unit_price,
            "amount": i.amount, "hs_code": i.hs_code, "start": i.start, "end": i.end,
            "bbox": list(i.bbox) if i.bbox else None, "confidence": i.confidence, "extractor": i.extractor,
        } for i in ex.line_items])
    if ex.mentions:
        conn.execute(t.mentions.insert(), [{
            "id": m.id_for(doc_id), "document_id": doc_id, "entity_id": None, "entity_type": m.entity_type,
            "page": m.page, "text": m.text, "label": m.label, "start": m.start, "end": m.end,
            "bbox": list(m.bbox) if m.bbox else None, "confidence": m.confidence, "extractor": m.extractor,
        } for m in ex.mentions])
    if ex.commodities:
        conn.execute(t.commodities.insert(), [{
            "id": c.id_for(doc_id), "document_id": doc_id, "page": c.page, "text": c.text,
            "commodity": c.commodity, "category": c.category, "hs_code": c.hs_code, "quantity": c.quantity,
            "unit": c.unit, "quantity_si": c.quantity_si, "unit_si": c.unit_si, "watchlist": c.watchlist,
            "start": c.start, "end": c.end, "bbox": list(c.bbox) if c.bbox else None, "extractor": c.extractor,
            "hs_code_written": c.hs_written,
        } for c in ex.commodities])
    if ex.hs_codes:
        conn.execute(t.hs_codes.insert(), [{
            "id": h.id_for(doc_id), "document_id": doc_id, "page": h.page, "text": h.text, "hs_code": h.hs_code,
            "valid": h.valid, "description": h.description, "start": h.start, "end": h.end,
            "bbox": list(h.bbox) if h.bbox else None, "extractor": h.extractor,
        } for h in ex.hs_codes])
    conn.execute(t.documents.update().where(t.documents.c.id == doc_id).values(
        doc_type=ex.doc_type, doc_type_confidence=ex.doc_type_confidence, languages=list(ex.languages),
        status="processed", error=None, warnings=list(warnings),
    ))
    fault_point("save_extraction")


def _clear(conn: sa.Connection, doc_id: str) -> None:
    for table in (t.fields, t.line_items, t.mentions, t.commodities, t.hs_codes, t.pages):
        conn.execute(table.delete().where(table.c.document_id == doc_id))
