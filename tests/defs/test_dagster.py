"""The Dagster face: definitions load bare, the inbox sensor, the whole graph materialized in process,
and the webserver answering GraphQL about those runs."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import dagster as dg
import pytest
import sqlalchemy as sa

from pipeline import ingest
from pipeline.definitions import defs
from pipeline.defs.assets import canonical_entities, document_entities, document_text, documents, raw_document
from pipeline.defs.resources import EntityStore, Inbox, OcrSettings, pipeline_settings
from pipeline.defs.sensors import entities_sensor, inbox_sensor
from pipeline.store import open_store
from pipeline.store import schema as t

ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent


def test_definitions_load_without_environment_database_or_model(tmp_path: Path) -> None:
    dg.Definitions.validate_loadable(defs)
    assert defs.resolve_job_def("document_job")
    code = ("import sys; import pipeline.definitions as d; assert d.defs; "
            "heavy = [m for m in ('spacy', 'pdfplumber', 'pytesseract', 'pypdfium2') if m in sys.modules]; "
            "assert not heavy, heavy")
    env = {"PATH": os.environ["PATH"], "HOME": str(tmp_path)}
    subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env, check=True, timeout=120)
    assert list(tmp_path.iterdir()) == []  # no store, no var/ made by importing


def _tick(instance: dg.DagsterInstance, cursor: str | None, inbox: Path, home: Path) -> dg.SensorResult:
    ctx = dg.build_sensor_context(instance=instance, cursor=cursor, resources={
        "inbox": Inbox(path=str(inbox), settle_seconds=1.0, max_per_tick=10),
        "store": EntityStore(home=str(home)), "ocr": OcrSettings(),
    })
    result = inbox_sensor(ctx)
    for req in result.dynamic_partitions_requests or []:  # a direct call does not apply them
        instance.add_dynamic_partitions(req.partitions_def_name, list(req.partition_keys))
    return result


def test_inbox_sensor_new_unchanged_redropped_and_half_written(tmp_path: Path) -> None:
    inbox, home = tmp_path / "inbox", tmp_path / "home"
    inbox.mkdir()
    instance = dg.DagsterInstance.ephemeral()
    (inbox / "a.txt").write_text("INVOICE\nSeller: Acme Ltd\n")
    (inbox / "empty.pdf").write_bytes(b"")
    time.sleep(1.2)
    first = _tick(instance, None, inbox, home)
    keys = {r.partition_key for r in first.run_requests}
    assert keys == {ingest.sha256_file(inbox / "a.txt"), ingest.sha256_file(inbox / "empty.pdf")}
    assert all(r.run_key == r.partition_key for r in first.run_requests)
    assert {r.tags["docintel/file"] for r in first.run_requests} == {"a.txt", "empty.pdf"}

    unchanged = _tick(instance, first.cursor, inbox, home)
    assert unchanged.run_requests == []

    shutil.copy(inbox / "a.txt", inbox / "a renamed copy.txt")  # same bytes, new name
    (inbox / "a.txt").touch()
    time.sleep(1.2)
    redropped = _tick(instance, unchanged.cursor, inbox, home)
    assert redropped.run_requests == []
    with EntityStore(home=str(home)).engine().connect() as conn:
        names = conn.execute(sa.select(t.document_names.c.path)
                             .where(t.document_names.c.document_id == ingest.sha256_file(inbox / "a.txt"))).scalars()
        assert set(names) == {"a renamed copy.txt", "a.txt"}

    (inbox / "half.txt").write_text("BILL OF LADING\nShipper: Half Written Ltd\n")  # just now: not settled
    waiting = _tick(instance, redropped.cursor, inbox, home)
    assert waiting.run_requests == [] and "1 still settling" in waiting.skip_reason.skip_message
    time.sleep(1.2)
    settled = _tick(instance, waiting.cursor, inbox, home)
    assert [r.partition_key for r in settled.run_requests] == [ingest.sha256_file(inbox / "half.txt")]


@pytest.fixture(scope="module")
def dagster_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("dagster_home")
    shutil.copy(ROOT / "dagster.yaml", home / "dagster.yaml")
    return home


@pytest.fixture(scope="module")
def materialized(dagster_home: Path, demo_inbox: Path, tmp_path_factory: pytest.TempPathFactory) -> dict:
    """Every demo document (and the bad files) through the per-document job, then the entity store."""
    work = tmp_path_factory.mktemp("docintel")
    resources = {"store": EntityStore(home=str(work / "var")), "ocr": OcrSettings()}
    instance = dg.DagsterInstance.from_config(str(dagster_home))
    settings = pipeline_settings(resources["store"], resources["ocr"])
    results = {}
    for path in sorted(demo_inbox.iterdir()):
        key = ingest.document_id(path, settings)
        instance.add_dynamic_partitions(documents.name, [key])
        results[path.name] = dg.materialize(
            [raw_document, document_text, document_entities], partition_key=key, instance=instance,
            resources=resources, raise_on_error=False, tags={"docintel/file": path.name},
            run_config={"ops": {"raw_document": {"config": {"path": str(path), "root": str(demo_inbox)}}}},
        )
    resolved = dg.materialize([canonical_entities], instance=instance, resources=resources)
    return {"results": results, "resolved": resolved, "engine": open_store(settings.store_url), "instance": instance}


def test_whole_graph_materializes_in_process(materialized: dict) -> None:
    results = materialized["results"]
    bad = results.pop("empty.pdf")
    assert all(r.success for r in results.values())
    assert not bad.success
    failure = next(e for e in bad.all_events if e.event_type_value == "STEP_FAILURE")
    assert "empty file (0 bytes)" in str(failure.event_specific_data.error_display_string)

    pdf = results["invoice_demir_kimya.pdf"]
    meta = pdf.asset_materializations_for_node("document_entities")[0].metadata
    assert meta["doc_type"].value == "invoice" and meta["watchlist_hits"].value >= 1
    text_meta = results["bill_of_lading_scan.png"].asset_materializations_for_node("document_text")[0].metadata
    assert text_meta["ocr_pages"].value == 1 and text_meta["mean_ocr_confidence"].value > 0.5
    checks = {name: r.get_asset_check_evaluations()[0] for name, r in results.items()}
    assert all(c.passed for name, c in checks.items() if name != "really_text.pdf")
    nameless = checks["really_text.pdf"]  # a packing note that names no company: the check warns
    assert not nameless.passed and nameless.description == "text but no entities were found"

    resolved = materialized["resolved"].asset_materializations_for_node("canonical_entities")[0].metadata
    assert resolved["canonical_entities"].value > 5
    with materialized["engine"].connect() as conn:
        aliases = set(conn.execute(
            sa.select(t.mentions.c.text).where(t.mentions.c.entity_id == sa.select(t.mentions.c.entity_id).where(
                t.mentions.c.text == "DEMIR KIMYA SAN. VE TIC. LTD. STI.").limit(1).scalar_subquery())).scalars())
        assert "Demir Kimya Sanayi ve Ticaret Ltd. Sti." in aliases
        assert conn.execute(sa.select(sa.func.count()).select_from(t.mentions)
                            .where(t.mentions.c.entity_id.is_(None))).scalar_one() == 0


def test_entities_sensor_batches_newly_extracted_documents(materialized: dict) -> None:
    instance = materialized["instance"]
    first = entities_sensor(dg.build_sensor_context(instance=instance))
    assert len(first.run_requests) == 1  # every extracted document so far, in one resolve run
    again = entities_sensor(dg.build_sensor_context(instance=instance, cursor=first.cursor))
    assert again.run_requests == [] and again.skip_reason.skip_message == "no newly extracted documents"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _graphql(port: int, query: str) -> dict:
    req = urllib.request.Request(f"http://127.0.0.1:{port}/graphql", data=json.dumps({"query": query}).encode(),
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=30) as resp:
        return json.loads(resp.read())


def test_webserver_lists_the_runs_over_graphql(materialized: dict, dagster_home: Path, tmp_path: Path) -> None:
    port = _free_port()
    env = {**os.environ, "DAGSTER_HOME": str(dagster_home), "DAGSTER_DISABLE_TELEMETRY": "1"}
    log = (tmp_path / "webserver.log").open("w")
    proc = subprocess.Popen(
        [str(VENV_BIN / "dagster-webserver"), "-m", "pipeline.definitions", "-h", "127.0.0.1", "-p", str(port)],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )
    try:
        deadline = time.time() + 90
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/server_info", timeout=2):
                    break
            except OSError:
                if time.time() > deadline or proc.poll() is not None:
                    pytest.fail("webserver did not start: " + (tmp_path / "webserver.log").read_text()[-2000:])
                time.sleep(0.5)
        data = _graphql(port, "{ runsOrError { ... on Runs { results { runId status tags { key value } } } } }")
        runs = data["data"]["runsOrError"]["results"]
        by_file = {tag["value"]: r["status"] for r in runs for tag in r["tags"] if tag["key"] == "docintel/file"}
        assert by_file["invoice_demir_kimya.pdf"] == "SUCCESS"
        assert by_file["bill_of_lading_scan.png"] == "SUCCESS"
        assert by_file["empty.pdf"] == "FAILURE"
        assert len(runs) == len(materialized["results"]) + 1 + 1  # documents, empty.pdf, the entity store
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
        log.close()
