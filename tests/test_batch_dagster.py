"""Dagster's side of issue 8: code versions that follow what each stage depends on, the documented
backfill queueing one run per stored document, and per-page progress in a run's log and metadata."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import dagster as dg

from pipeline import ingest
from pipeline.defs import versions
from pipeline.defs.assets import document_entities, document_text, documents, raw_document
from pipeline.defs.resources import EntityStore, OcrSettings, pipeline_settings

from conftest import DEMO

ROOT = Path(__file__).resolve().parent.parent


def test_code_versions_follow_what_each_stage_depends_on(monkeypatch, tmp_path: Path) -> None:
    text, entities = versions.text_version(), versions.entities_version()
    assert document_text.code_versions_by_key[document_text.key] == text
    assert document_entities.code_versions_by_key[document_entities.key] == entities
    monkeypatch.setattr(versions, "CLEANUP_VERSION", "cleanup.v999")  # a clean-up change: text only
    assert versions.text_version() != text and versions.entities_version() == entities
    monkeypatch.undo()
    rules = tmp_path / "commodities.json"  # a rule change: entities only
    rules.write_text("{}")
    monkeypatch.setattr(versions, "EXTRACTION_FILES", (rules, *versions.EXTRACTION_FILES[1:]))
    assert versions.entities_version() != entities and versions.text_version() == text


def test_documented_backfill_queues_one_run_per_document(tmp_path: Path) -> None:
    home = tmp_path / "dagster"
    home.mkdir()
    shutil.copy(ROOT / "dagster.yaml", home / "dagster.yaml")
    env = {**os.environ, "DAGSTER_HOME": str(home), "DAGSTER_DISABLE_TELEMETRY": "1",
           "DOCINTEL_HOME": str(tmp_path / "var")}
    instance = dg.DagsterInstance.from_config(str(home))
    instance.add_dynamic_partitions(documents.name, ["a" * 64, "b" * 64])
    # The command of the README's *Throughput* section.
    subprocess.run([str(Path(sys.executable).parent / "dagster"), "job", "backfill", "-m", "pipeline.definitions",
                    "-j", "reextract_job", "--all", "all", "--noprompt"], cwd=ROOT, env=env, check=True,
                   capture_output=True, timeout=300)
    runs = dg.DagsterInstance.from_config(str(home)).get_runs()
    assert sorted(r.tags["dagster/partition"] for r in runs) == ["a" * 64, "b" * 64]
    assert {r.job_name for r in runs} == {"reextract_job"}


def test_document_text_logs_each_page_and_its_rate(tmp_path: Path) -> None:
    scan = tmp_path / "inbox" / "bill_of_lading_scan.png"
    scan.parent.mkdir()
    shutil.copy(DEMO / scan.name, scan)
    resources = {"store": EntityStore(home=str(tmp_path / "var")), "ocr": OcrSettings()}
    key = ingest.document_id(scan, pipeline_settings(resources["store"], resources["ocr"]))
    instance = dg.DagsterInstance.ephemeral()
    instance.add_dynamic_partitions(documents.name, [key])
    result = dg.materialize(
        [raw_document, document_text], partition_key=key, instance=instance, resources=resources,
        run_config={"ops": {"raw_document": {"config": {"path": str(scan), "root": str(scan.parent)}}}},
    )
    assert result.success
    logs = [e.message for e in instance.all_logs(result.run_id) if e.message]
    assert any(m.startswith("page 1 read (ocr, eng") for m in logs), logs
    meta = result.asset_materializations_for_node("document_text")[0].metadata
    assert meta["pages_per_minute"].value > 0 and meta["seconds"].value > 0
