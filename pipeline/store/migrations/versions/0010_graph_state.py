"""What the supply-chain graph and the red flags were last built from (issue 8): a fingerprint of the
trade documents' facts, the thresholds and the graph code, one row per part. A batch whose facts hash
to the stored fingerprint leaves the relations and flags as they are instead of rebuilding them.

Revision ID: 0010
Revises: 0009
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # No rows: an upgraded store's graph is rebuilt once by the next batch, then skipped while unchanged.
    op.create_table(
        "graph_state",
        sa.Column("part", sa.String(16), primary_key=True),  # relations | flags
        sa.Column("fingerprint", sa.String(64), nullable=False),
        sa.Column("built_at", sa.String(40), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("graph_state")
