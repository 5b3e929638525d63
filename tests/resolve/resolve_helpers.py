"""Helpers: a store fed documents the way the pipeline writes them (save_text + save_extraction), names only."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from pipeline.model import DocumentText, Extraction, Mention, Page
from pipeline.store import open_store
from pipeline.store import schema as t
from pipeline.store import writes

Names = list[tuple[str, str]]  # (text, entity type)


def write_document(engine: sa.Engine, doc_id: str, names: Names) -> list[str]:
    """Store (or store again, as re-processing does) a document whose page lists these names; returns
    the mention ids, in order. Mentions are left unresolved, as after extraction."""
    text, mentions, start = "", [], 0
    for name, kind in names:
        text += f"Party: {name}\n"
        start = len(text) - len(name) - 1
        mentions.append(Mention(name, kind, "test", 1, start, start + len(name), None, 1.0, "test"))
    with engine.begin() as conn:
        writes.upsert(conn, t.documents, [{"id": doc_id, "file_name": f"{doc_id}.txt", "path": f"{doc_id}.txt",
                                           "status": "processed", "received_at": "2026-01-01T00:00:00Z"}])
        writes.save_text(conn, doc_id, DocumentText((Page(1, "text", text),)))
        writes.save_extraction(conn, doc_id, Extraction("invoice", 1.0, ("en",), mentions=tuple(mentions)), [])
    return [m.id_for(doc_id) for m in mentions]


def entity_of(engine: sa.Engine) -> dict[str, str]:
    with engine.connect() as conn:
        return dict(conn.execute(sa.select(t.mentions.c.id, t.mentions.c.entity_id)).all())


@pytest.fixture
def engine(tmp_path) -> sa.Engine:  # type: ignore[no-untyped-def]
    """An empty store (SQLite file) for one test."""
    return open_store(f"sqlite:///{tmp_path}/store.sqlite")
