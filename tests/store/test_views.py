"""The read contract: the views exist on both backends, with their documented columns, and answer the
README's example queries."""

from __future__ import annotations

import hashlib
import importlib.util
from pathlib import Path

import sqlalchemy as sa

from pipeline.model import CommodityRef, DocumentText, Extraction, Mention, Page
from pipeline.resolve import judge, resolve_pending
from pipeline.store import open_store, views
from pipeline.store import schema as t
from pipeline.store import writes

COLUMNS = {
    "v_entities": ["entity_id", "entity_type", "name", "country", "geonames_id", "lat", "lon", "created_at",
                   "mentions", "documents"],
    "v_entity_aliases": ["entity_id", "alias"],
    "v_entity_redirects": ["old_id", "entity_id"],
    "v_mentions": ["mention_id", "entity_id", "entity_name", "entity_type", "text", "label", "document_id",
                   "file_name", "path", "doc_type", "page", "start_char", "end_char", "bbox", "confidence",
                   "extractor"],
    "v_commodities": ["commodity_id", "document_id", "file_name", "doc_type", "page", "text", "commodity",
                      "category", "hs_code", "quantity", "unit", "quantity_si", "unit_si", "watchlist", "bbox",
                      "extractor"],
    "v_judgements": ["judgement_id", "a", "b", "verdict", "user_name", "created_at"],
}


def _store(url: str) -> sa.Engine:
    engine = open_store(url)
    docs = {"d1": ["Demir Kimya Sanayi ve Ticaret Ltd. Şti.", "Nordchem GmbH"], "d2": ["DEMIR KIMYA SAN. VE TIC. LTD. STI."]}
    with engine.begin() as conn:
        for name, names in docs.items():
            doc = hashlib.sha256(name.encode()).hexdigest()  # document ids are SHA-256, as ingest makes them
            text = "\n".join(names) + "\n6.000 kg aluminium paste"
            writes.upsert(conn, t.documents, [{"id": doc, "file_name": f"{name}.pdf", "path": f"in/{name}.pdf",
                                               "status": "processed", "received_at": "2026-01-01T00:00:00Z"}])
            writes.save_text(conn, doc, DocumentText((Page(1, "text", text),)))
            mentions = tuple(Mention(n, "company", "ORG", 1, text.index(n), text.index(n) + len(n),
                                     (1.0, 2.0, 3.0, 4.0), 0.9, "test") for n in names)
            goods = (CommodityRef("aluminium paste", "aluminium paste", "explosive_precursor", "760320", 6000.0,
                                  "kg", 6000.0, "kg", True, 1, text.index("6.000"), len(text), None, "test"),)
            writes.save_extraction(conn, doc, Extraction("invoice", 0.9, ("tr",), mentions=mentions,
                                                         commodities=goods), [])
        resolve_pending(conn)
    return engine


def test_views_have_their_columns_and_answer_the_readme_queries(store_url: str) -> None:
    engine = _store(store_url)
    with engine.begin() as conn:
        ids = conn.execute(sa.text("SELECT entity_id FROM v_entities ORDER BY entity_id")).scalars().all()
        judge(conn, ids[0], ids[1], "different", "ayse")
    with engine.connect() as conn:
        for view, columns in COLUMNS.items():
            assert list(conn.execute(sa.text(f"SELECT * FROM {view}")).keys()) == columns, view
        top = conn.execute(sa.text(
            "SELECT name, mentions, documents FROM v_entities ORDER BY mentions DESC, name LIMIT 1")).one()
        assert tuple(top) == ("Demir Kimya Sanayi ve Ticaret Ltd. Şti.", 2, 2)
        spellings = conn.execute(sa.text(
            "SELECT a.alias FROM v_entity_aliases a JOIN v_entities e ON e.entity_id = a.entity_id "
            "WHERE e.name LIKE 'Demir%' ORDER BY a.alias")).scalars().all()
        assert spellings == ["DEMIR KIMYA SAN. VE TIC. LTD. STI.", "Demir Kimya Sanayi ve Ticaret Ltd. Şti."]
        where = conn.execute(sa.text(
            "SELECT file_name, page, start_char, end_char FROM v_mentions WHERE entity_name LIKE 'Nordchem%'")).one()
        assert tuple(where) == ("d1.pdf", 1, 40, 53)
        buyers = conn.execute(sa.text(
            "SELECT DISTINCT m.entity_name, c.commodity, c.quantity_si, c.unit_si FROM v_commodities c "
            "JOIN v_mentions m ON m.document_id = c.document_id WHERE c.watchlist = :yes "
            "ORDER BY m.entity_name"), {"yes": True}).all()
        assert [tuple(r) for r in buyers] == [
            ("Demir Kimya Sanayi ve Ticaret Ltd. Şti.", "aluminium paste", 6000.0, "kg"),
            ("Nordchem GmbH", "aluminium paste", 6000.0, "kg")]
        judged = conn.execute(sa.text("SELECT verdict, user_name FROM v_judgements")).one()
        assert tuple(judged) == ("different", "ayse")


def test_the_views_module_matches_the_migration_that_made_them() -> None:
    path = next((Path(t.__file__).parent / "migrations" / "versions").glob("0004_*.py"))
    spec = importlib.util.spec_from_file_location("m0004", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.VIEWS == views.VIEWS


def test_views_can_be_dropped_and_made_again(tmp_path) -> None:  # type: ignore[no-untyped-def]
    engine = _store(f"sqlite:///{tmp_path}/s.sqlite")
    with engine.begin() as conn:
        views.drop_views(conn.exec_driver_sql)
        assert conn.execute(sa.text("SELECT count(*) FROM sqlite_master WHERE type = 'view'")).scalar() == 0
        views.create_views(conn.exec_driver_sql)
        assert conn.execute(sa.text("SELECT count(*) FROM v_mentions")).scalar() == 3
