from __future__ import annotations

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from pipeline.store import migrate, open_store
from pipeline.store.schema import metadata


def test_migrations_apply_twice_and_match_the_schema(tmp_path) -> None:
    engine = open_store(f"sqlite:///{tmp_path}/s.sqlite")
    migrate(engine)  # a second time is a no-op
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), metadata)
        assert diff == []
        assert conn.execute(sa.text("PRAGMA journal_mode")).scalar() == "wal"
