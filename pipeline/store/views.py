"""The store's read contract: SQL views with stable column names, for tools that query the store
directly (notebooks, BI tools, a spreadsheet over ODBC). Plain SQL that SQLite and PostgreSQL both run.

A migration that rebuilds a table these views read (SQLite's batch mode does) drops them first with
`drop_views` and makes them again with `create_views` at the end.
"""

from __future__ import annotations

from collections.abc import Callable

VIEWS: dict[str, str] = {
    # One row per live canonical entity, with how often and where it is mentioned.
    "v_entities": """
        SELECT e.id AS entity_id, e.type AS entity_type, e.name, e.country, e.geonames_id, e.lat, e.lon,
               e.created_at,
               (SELECT COUNT(*) FROM mentions m WHERE m.entity_id = e.id) AS mentions,
               (SELECT COUNT(DISTINCT m.document_id) FROM mentions m WHERE m.entity_id = e.id) AS documents
        FROM entities e WHERE e.replaced_by IS NULL""",
    # Every spelling an entity was seen under (one row each).
    "v_entity_aliases": """
        SELECT DISTINCT m.entity_id, m.text AS alias FROM mentions m WHERE m.entity_id IS NOT NULL""",
    # Retired ids (merged away) and the live id each stands for now.
    "v_entity_redirects": """
        SELECT e.id AS old_id, e.replaced_by AS entity_id FROM entities e WHERE e.replaced_by IS NOT NULL""",
    # Every mention with its entity and its provenance: document, file, page, characters, box.
    "v_mentions": """
        SELECT m.id AS mention_id, m.entity_id, e.name AS entity_name, m.entity_type, m.text, m.label,
               m.document_id, d.file_name, d.path, d.doc_type, m.page, m.start AS start_char,
               m."end" AS end_char, m.bbox, m.confidence, m.extractor
        FROM mentions m JOIN documents d ON d.id = m.document_id LEFT JOIN entities e ON e.id = m.entity_id""",
    # Every commodity reference with its document.
    "v_commodities": """
        SELECT c.id AS commodity_id, c.document_id, d.file_name, d.doc_type, c.page, c.text, c.commodity,
               c.category, c.hs_code, c.quantity, c.unit, c.quantity_si, c.unit_si, c.watchlist, c.bbox,
               c.extractor
        FROM commodities c JOIN documents d ON d.id = c.document_id""",
    # The analysts' judgements, in the order they were made.
    "v_judgements": """
        SELECT j.id AS judgement_id, j.a, j.b, j.verdict, j."user" AS user_name, j.created_at
        FROM judgements j""",
}


def create_views(execute: Callable[[str], object]) -> None:
    """Create every view (pass `op.execute` in a migration, or a connection's exec_driver_sql)."""
    for name, sql in VIEWS.items():
        execute(f"CREATE VIEW {name} AS {sql.strip()}")


def drop_views(execute: Callable[[str], object]) -> None:
    for name in reversed(list(VIEWS)):
        execute(f"DROP VIEW IF EXISTS {name}")
