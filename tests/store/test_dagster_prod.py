"""The production Dagster instance (dagster.prod.yaml) on a real PostgreSQL: it loads from environment
variables alone, queues runs within its limits, retries and monitors, and records a document's run."""

from __future__ import annotations

import shutil
from pathlib import Path

import dagster as dg
import pytest
import sqlalchemy as sa
import yaml

from pipeline import ingest
from pipeline.defs.assets import document_entities, document_text, documents, raw_document
from pipeline.defs.resources import EntityStore, OcrSettings

from conftest import new_pg_database

ROOT = Path(__file__).resolve().parents[2]


def test_production_yaml_holds_no_credentials() -> None:
    config = yaml.safe_load((ROOT / "dagster.prod.yaml").read_text())
    db = config["storage"]["postgres"]["postgres_db"]
    assert all(isinstance(v, dict) and set(v) == {"env"} for k, v in db.items() if k != "scheme")  # from the environment
    assert config["run_coordinator"]["class"] == "QueuedRunCoordinator"


def test_production_instance_on_postgresql_runs_a_document(pg_server: str, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    url = sa.engine.make_url(new_pg_database(pg_server))
    store_url = new_pg_database(pg_server)  # the entity store on PostgreSQL too, as in production
    for key, value in {"DAGSTER_PG_HOST": url.host, "DAGSTER_PG_PORT": str(url.port), "DAGSTER_PG_DB": url.database,
                       "DAGSTER_PG_USER": url.username, "DAGSTER_PG_PASSWORD": "not-needed-with-trust-auth",
                       "DOCINTEL_HOME": str(tmp_path / "var"), "DOCINTEL_STORE": store_url}.items():
        monkeypatch.setenv(key, value)
    home = tmp_path / "dagster"
    home.mkdir()
    shutil.copy(ROOT / "dagster.prod.yaml", home / "dagster.yaml")
    instance = dg.DagsterInstance.from_config(str(home))
    try:
        coordinator = instance.run_coordinator
        assert type(coordinator).__name__ == "QueuedRunCoordinator"
        queue = instance.get_concurrency_config().run_queue_config  # what the daemon dequeues by
        assert queue is not None and queue.max_concurrent_runs == 2
        assert {limit["key"] for limit in queue.tag_concurrency_limits} == {"dagster/backfill", "docintel/file"}
        assert instance.get_concurrency_config().pool_config.default_pool_limit == 1
        assert instance.run_retries_enabled and instance.run_retries_max_retries == 2
        assert instance.run_monitoring_enabled and instance.run_monitoring_max_runtime_seconds == 7200
        assert type(instance.run_storage).__name__ == "PostgresRunStorage"
        assert type(instance.event_log_storage).__name__ == "PostgresEventLogStorage"

        letter = tmp_path / "letter.txt"
        letter.write_text("Dear Sir,\nDemir Kimya Ltd. Şti. ships 40 sacks of ammonium nitrate.\n", "utf-8")
        key = ingest.sha256_file(letter)
        instance.add_dynamic_partitions(documents.name, [key])
        result = dg.materialize(
            [raw_document, document_text, document_entities], partition_key=key, instance=instance,
            resources={"store": EntityStore(), "ocr": OcrSettings()}, tags={"docintel/file": letter.name},
            run_config={"ops": {"raw_document": {"config": {"path": str(letter), "root": str(tmp_path)}}}})
        assert result.success
        [run] = instance.get_runs()
        assert run.tags["docintel/file"] == "letter.txt"
    finally:
        instance.dispose()
    with sa.create_engine(url).connect() as conn:  # the run really is in PostgreSQL
        assert conn.execute(sa.text("SELECT count(*) FROM runs")).scalar_one() == 1
    with sa.create_engine(store_url).connect() as conn:  # and so is the document
        assert conn.execute(sa.text("SELECT status FROM documents")).scalars().all() == ["processed"]
        assert conn.execute(sa.text("SELECT count(*) FROM mentions")).scalar_one() > 0
    assert not (tmp_path / "var" / "docintel.sqlite").exists()
