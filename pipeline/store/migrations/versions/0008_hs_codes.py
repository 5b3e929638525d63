"""HS / GTİP codes as written on the page (issue 4): every code with its nomenclature check, and the code
written beside each commodity reference.

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "hs_codes",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column("document_id", sa.String(64), nullable=False, index=True),
        sa.Column("page", sa.Integer, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("hs_code", sa.String(16), nullable=False, index=True),
        sa.Column("valid", sa.Boolean, nullable=False),
        sa.Column("description", sa.Text),
        sa.Column("start", sa.Integer),
        sa.Column("end", sa.Integer),
        sa.Column("bbox", sa.JSON),
        sa.Column("extractor", sa.String(64)),
    )
    # A plain ADD COLUMN, not a batch copy of the table: SQLite's batch mode would rebuild `commodities`,
    # which the views read.
    op.add_column("commodities", sa.Column("hs_code_written", sa.String(16), nullable=True))


def downgrade() -> None:
    op.drop_column("commodities", "hs_code_written")
    op.drop_table("hs_codes")
