"""The store on both backends (SQLite file and a real PostgreSQL): one migration history, the same
writes, the same export."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from pipeline import run
from pipeline.settings import Settings, replace
from pipeline.store import iter_records, migrate, open_store
from pipeline.store import schema as t
from pipeline.store.db import safe_url, serialize
from pipeline.store.writes import upsert

from conftest import new_pg_database


def test_migrations_apply_twice_and_match_the_schema(store_url: str) -> None:
    engine = open_store(store_url)
    migrate(engine)  # a second time is a no-op
    with engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), t.metadata) == []
        version = conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar_one()
        assert version == max(p.name.split("_")[0] for p in (Path(t.__file__).parent / "migrations" / "versions").glob("0*.py"))
        if engine.dialect.name == "sqlite":
            assert conn.execute(sa.text("PRAGMA journal_mode")).scalar() == "wal"
        else:
            assert engine.dialect.name == "postgresql"


def test_upsert_keeps_the_first_row_or_updates_named_columns(store_url: str) -> None:
    engine = open_store(store_url)
    row = {"id": "e1", "type": "company", "name": "Acme Ltd", "created_at": "2024-01-01T00:00:00Z"}
    with engine.begin() as conn:
        serialize(conn, "e1")
        upsert(conn, t.entities, [row])
        upsert(conn, t.entities, [{**row, "name": "ACME LTD", "created_at": "2025-01-01T00:00:00Z"}])
        upsert(conn, t.entities, [{**row, "name": "Acme Limited"}], update=["name"])
    with engine.connect() as conn:
        stored = conn.execute(sa.select(t.entities.c.name, t.entities.c.created_at)).one()
    assert tuple(stored) == ("Acme Limited", "2024-01-01T00:00:00Z")


def test_a_failed_transaction_leaves_nothing(store_url: str) -> None:
    engine = open_store(store_url)
    with pytest.raises(RuntimeError):
        with engine.begin() as conn:
            conn.execute(t.judgements.insert().values(a="x", b="y", verdict="same", user="u", created_at="t"))
            raise RuntimeError("crash inside the write")
    with engine.connect() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(t.judgements)).scalar_one() == 0


def test_same_documents_give_the_same_export_on_both_backends(store_url: str, settings: Settings,
                                                              tmp_path: Path) -> None:
    inbox = tmp_path / "in"
    inbox.mkdir()
    (inbox / "letter.txt").write_text("Dear Sir,\nSahin Lojistik A.S. will carry 40 sacks of ammonium nitrate "
                                      "for Demir Kimya Ltd. Şti. to Akçakale.\n", "utf-8")
    (inbox / "Fatura ş.txt").write_bytes("FATURA\nSatıcı: Demir Kimya San. ve Tic. Ltd. Şti.\n".encode("cp1254"))
    (inbox / "empty.pdf").write_bytes(b"")
    summary = run.process_paths([inbox], replace(settings, store_url=store_url))
    assert sorted(o.status for o in summary.outcomes) == ["failed", "processed", "processed"]
    with open_store(store_url).connect() as conn:
        records = [json.dumps(r, sort_keys=True, ensure_ascii=False) for r in iter_records(conn)]
    # The reference: the same files through a SQLite store of its own.
    reference = replace(settings, store_url=f"sqlite:///{tmp_path}/reference.sqlite")
    run.process_paths([inbox], reference)
    with open_store(reference.store_url).connect() as conn:
        expected = [json.dumps(r, sort_keys=True, ensure_ascii=False) for r in iter_records(conn)]
    assert _timeless(records) == _timeless(expected)
    kinds = {json.loads(r)["kind"] for r in records}
    assert {"document", "page", "mention", "entity", "commodity"} <= kinds


def _timeless(lines: list[str]) -> list[dict]:
    out = []
    for line in lines:
        record = json.loads(line)
        out.append({k: v for k, v in record.items() if not k.endswith("_at")})
    return out


def test_password_is_masked_when_the_url_is_shown() -> None:
    assert safe_url("postgresql+psycopg://docintel:s3cret@db.local:5432/store") == \
        "postgresql+psycopg://docintel:***@db.local:5432/store"
    assert "s3cret" not in safe_url("postgresql://u:s3cret@h/d")


def test_credentials_in_the_store_url_are_never_printed_or_logged(pg_server: str, tmp_path: Path,
                                                                  caplog: pytest.LogCaptureFixture) -> None:
    import logging

    from click.testing import CliRunner

    from pipeline.cli import main

    url = sa.engine.make_url(new_pg_database(pg_server)).set(password="s3cret-Pw!")  # trust auth ignores it
    secret_url = url.render_as_string(hide_password=False)
    letter = tmp_path / "letter.txt"
    letter.write_text("Dear Sir,\nDemir Kimya Ltd. Şti. ships 40 sacks of ammonium nitrate.\n", "utf-8")
    caplog.set_level(logging.DEBUG)
    env = {"DOCINTEL_HOME": str(tmp_path / "var"), "DOCINTEL_STORE": ""}
    result = CliRunner().invoke(main, ["process", str(letter), "--store", secret_url], env=env)
    assert result.exit_code == 0, result.output
    assert "store: postgresql+psycopg://postgres:***@127.0.0.1" in result.output
    listed = CliRunner().invoke(main, ["failures", "--store", secret_url], env=env)
    assert listed.exit_code == 0
    assert "s3cret" not in result.output + listed.output + caplog.text


def test_export_order_does_not_follow_the_database_collation(pg_server: str, settings: Settings,
                                                             tmp_path: Path) -> None:
    """A PostgreSQL database with a linguistic collation (ICU en-US sorts `a` before `B`) exports
    names in the same order as SQLite (code points: `B` before `a`)."""
    admin = sa.create_engine(f"{pg_server}/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text('CREATE DATABASE "t_icu" TEMPLATE template0 LOCALE_PROVIDER icu ICU_LOCALE \'en-US\' '
                             "LOCALE 'C.UTF-8'"))
    admin.dispose()
    inbox = tmp_path / "in"
    inbox.mkdir()
    for name in ("a invoice.txt", "B invoice.txt", "Ç invoice.txt", "c invoice.txt"):
        (inbox / name).write_text("INVOICE\nSeller: Acme Ltd\n", "utf-8")  # the same bytes under four names
    exports = []
    for url in (f"{pg_server}/t_icu", f"sqlite:///{tmp_path}/names.sqlite"):
        run.process_paths([inbox], replace(settings, store_url=url))
        with open_store(url).connect() as conn:
            [doc] = [r for r in iter_records(conn) if r["kind"] == "document"]
        exports.append(doc["file_names"])
    assert exports[0] == exports[1] == ["B invoice.txt", "a invoice.txt", "c invoice.txt", "Ç invoice.txt"]


def test_a_long_read_never_holds_writers_back(store_url: str) -> None:
    import time

    from pipeline.store.db import make_engine, read_only

    engine = open_store(store_url)
    with read_only(engine) as reader:
        assert reader.execute(sa.select(sa.func.count()).select_from(t.entities)).scalar_one() == 0  # open
        started = time.monotonic()
        writer = make_engine(store_url)  # another run's engine
        with writer.begin() as conn:
            upsert(conn, t.entities, [{"id": "e1", "type": "company", "name": "Acme Ltd", "created_at": "t"}])
        writer.dispose()
        assert time.monotonic() - started < 30  # not the 60 s busy timeout (loose: shared CI cores)
        if engine.dialect.name == "sqlite":  # the export's snapshot stays as it began
            assert reader.execute(sa.select(sa.func.count()).select_from(t.entities)).scalar_one() == 0
    with engine.connect() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(t.entities)).scalar_one() == 1
