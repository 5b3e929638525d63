"""Resolution (issue 5): spellings remember their script and which one founded the entity; near misses
wait for review; the read contract's views.

Revision ID: 0004
Revises: 0003
"""
import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

# The views as this revision made them (pipeline/store/views.py holds the current ones).
VIEWS = {
    "v_entities": """
        SELECT e.id AS entity_id, e.type AS entity_type, e.name, e.country, e.geonames_id, e.lat, e.lon,
               e.created_at,
               (SELECT COUNT(*) FROM mentions m WHERE m.entity_id = e.id) AS mentions,
               (SELECT COUNT(DISTINCT m.document_id) FROM mentions m WHERE m.entity_id = e.id) AS documents
        FROM entities e WHERE e.replaced_by IS NULL""",
    "v_entity_aliases": """
        SELECT DISTINCT m.entity_id, m.text AS alias FROM mentions m WHERE m.entity_id IS NOT NULL""",
    "v_entity_redirects": """
        SELECT e.id AS old_id, e.replaced_by AS entity_id FROM entities e WHERE e.replaced_by IS NOT NULL""",
    "v_mentions": """
        SELECT m.id AS mention_id, m.entity_id, e.name AS entity_name, m.entity_type, m.text, m.label,
               m.document_id, d.file_name, d.path, d.doc_type, m.page, m.start AS start_char,
               m."end" AS end_char, m.bbox, m.confidence, m.extractor
        FROM mentions m JOIN documents d ON d.id = m.document_id LEFT JOIN entities e ON e.id = m.entity_id""",
    "v_commodities": """
        SELECT c.id AS commodity_id, c.document_id, d.file_name, d.doc_type, c.page, c.text, c.commodity,
               c.category, c.hs_code, c.quantity, c.unit, c.quantity_si, c.unit_si, c.watchlist, c.bbox,
               c.extractor
        FROM commodities c JOIN documents d ON d.id = c.document_id""",
    "v_judgements": """
        SELECT j.id AS judgement_id, j.a, j.b, j.verdict, j."user" AS user_name, j.created_at
        FROM judgements j""",
}


def upgrade() -> None:
    with op.batch_alter_table("entity_keys") as batch:
        batch.add_column(sa.Column("arabic", sa.Boolean(), nullable=True))
        batch.add_column(sa.Column("anchor", sa.Boolean(), nullable=True))
    op.create_table(
        "review_pairs",
        sa.Column("a", sa.String(40), primary_key=True),
        sa.Column("b", sa.String(40), primary_key=True),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("created_at", sa.String(40), nullable=False),
    )
    op.create_index("ix_judgements_a", "judgements", ["a"])
    op.create_index("ix_judgements_b", "judgements", ["b"])
    for name, sql in VIEWS.items():
        op.execute(f"CREATE VIEW {name} AS {sql.strip()}")


def downgrade() -> None:
    for name in reversed(list(VIEWS)):
        op.execute(f"DROP VIEW IF EXISTS {name}")
    op.drop_index("ix_judgements_b", "judgements")
    op.drop_index("ix_judgements_a", "judgements")
    op.drop_table("review_pairs")
    with op.batch_alter_table("entity_keys") as batch:
        batch.drop_column("anchor")
        batch.drop_column("arabic")
