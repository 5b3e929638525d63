"""Supply chains and red flags (issue 7): the transaction graph's relations and the flags.

Revision ID: 0007
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
# 0005 and 0006 were reserved for work that landed without a migration; the numbers stay unused.
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "relations",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column("type", sa.String(16), nullable=False),
        sa.Column("source_id", sa.String(40), nullable=False, index=True),
        sa.Column("target_id", sa.String(40), nullable=False, index=True),
        sa.Column("commodity", sa.Text),
        sa.Column("category", sa.String(64)),
        sa.Column("watchlist", sa.Boolean, nullable=False),
        sa.Column("quantity", sa.Float),
        sa.Column("unit", sa.String(32)),
        sa.Column("quantity_si", sa.Float),
        sa.Column("unit_si", sa.String(8)),
        sa.Column("value", sa.Float),
        sa.Column("currency", sa.String(8)),
        sa.Column("date", sa.String(10)),
        sa.Column("document_id", sa.String(64), nullable=False, index=True),
        sa.Column("page", sa.Integer, nullable=False),
        sa.Column("bbox", sa.JSON),
        sa.Column("shipment_id", sa.String(40), nullable=False),
    )
    op.create_table(
        "flags",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column("type", sa.String(32), nullable=False),
        sa.Column("entity_id", sa.String(40), nullable=False, index=True),
        sa.Column("score", sa.Float, nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("evidence", sa.JSON, nullable=False),
        sa.Column("details", sa.JSON),
    )


def downgrade() -> None:
    op.drop_table("flags")
    op.drop_table("relations")
