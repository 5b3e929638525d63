"""Person mentions' consonant skeletons, kept in the store for linking names across scripts (issue 8):
`extract/namelink.link_scripts` looks a new name up by its skeleton instead of reading every resolved
person again. An existing store's person mentions are indexed here. And entities get an index on
their GeoNames id: `extract/geolink` looks a place's entity up by it (it read the whole table).

Revision ID: 0009
Revises: 0008
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

CHUNK = 5000


def upgrade() -> None:
    op.create_table(
        "person_skeletons",
        sa.Column("mention_id", sa.String(40), primary_key=True),
        sa.Column("skeleton", sa.String(128), nullable=False),
        sa.Column("arabic", sa.Boolean, nullable=False),
    )
    op.create_index("ix_person_skeletons_skeleton", "person_skeletons", ["skeleton", "arabic"])
    op.create_index("ix_entities_geonames_id", "entities", ["geonames_id"])
    # The skeleton as the code computes it now (a migration that imports the pipeline: the index is only
    # useful if it agrees with what link_scripts computes for new mentions).
    from pipeline.extract.gazetteer import is_arabic
    from pipeline.extract.namelink import skeleton

    conn = op.get_bind()
    mentions = sa.table("mentions", sa.column("id"), sa.column("text"), sa.column("entity_type"))
    index = sa.table("person_skeletons", sa.column("mention_id"), sa.column("skeleton"), sa.column("arabic"))
    rows = []
    for mention_id, text in conn.execute(sa.select(mentions.c.id, mentions.c.text)
                                         .where(mentions.c.entity_type == "person")):
        if sk := skeleton(text):
            rows.append({"mention_id": mention_id, "skeleton": sk[:128], "arabic": is_arabic(text)})
    for i in range(0, len(rows), CHUNK):
        conn.execute(index.insert(), rows[i:i + CHUNK])


def downgrade() -> None:
    op.drop_index("ix_entities_geonames_id", "entities")
    op.drop_index("ix_person_skeletons_skeleton", "person_skeletons")
    op.drop_table("person_skeletons")
