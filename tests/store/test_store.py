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


def test_head_revision_is_alembics_and_a_store_at_head_opens_without_alembic(tmp_path) -> None:
    import subprocess
    import sys

    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from pipeline.store.db import MIGRATIONS, _revision, head_revision, make_engine

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    assert ScriptDirectory.from_config(cfg).get_heads() == [head_revision()]
    url = f"sqlite:///{tmp_path}/s.sqlite"
    assert _revision(make_engine(url)) is None  # a new store: the full migration runs
    assert _revision(open_store(url)) == head_revision()
    code = ("import sys; from pipeline.store import open_store; open_store(sys.argv[1]); "
            "print('alembic' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code, url], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
