"""The sensors: every settled inbox file becomes a document partition and one run, exactly once; newly
extracted documents are resolved in one run per burst."""


import os
import time
from pathlib import Path
from typing import Any

import dagster as dg

from .. import ingest, run
from .assets import IngestConfig, document_entities, document_job, documents, entities_job
from .resources import EntityStore, Inbox, OcrSettings, pipeline_settings


def _changed(p: Path) -> float:
    st = p.stat()
    # ctime moves even when a copy tool preserves mtime (cp -p, rsync -t, unzip).
    return max(st.st_ctime, st.st_mtime)


@dg.sensor(job=document_job, minimum_interval_seconds=10, default_status=dg.DefaultSensorStatus.RUNNING,
           description="Watches the inbox; a file that has settled becomes one run keyed by its content hash.")
def inbox_sensor(context: dg.SensorEvaluationContext, inbox: Inbox, store: EntityStore,
                 ocr: OcrSettings) -> dg.SensorResult:
    root = inbox.root()
    if not root.is_dir():
        return dg.SensorResult(skip_reason=f"inbox {root} does not exist")
    since = float(context.cursor or 0)
    now = time.time()
    seen: list[tuple[float, Path]] = []
    for p in ingest.iter_files(root):
        try:
            changed = _changed(p)
        except OSError:
            continue  # vanished mid-scan; a later tick sees what is there
        if changed >= since:
            seen.append((changed, p))
    settings = pipeline_settings(store, ocr)
    cursor, keys, runs, waiting = since, [], [], 0
    for changed, p in sorted(seen):
        if now - changed < inbox.settle_seconds:
            waiting += 1
            break  # may still be being written: the cursor stays before it
        if len(runs) >= inbox.max_per_tick:
            break
        try:
            key = ingest.document_id(p, settings)
        except OSError:
            break
        cursor = changed
        if key in keys or context.instance.has_dynamic_partition(documents.name, key):
            # The same bytes are known already (renamed, re-dropped or touched): no new run, but the
            # name joins the document's file_names.
            run.record_name(store.engine(), key, p.name, os.path.relpath(p, root))
            continue
        keys.append(key)
        runs.append(dg.RunRequest(
            run_key=key, partition_key=key,
            tags={"docintel/file": ingest.shown_name(p.name)[:200]},  # a tag must be valid UTF-8
            run_config=dg.RunConfig(ops={"raw_document": IngestConfig(path=str(p), root=str(root))}),
        ))
    return dg.SensorResult(
        run_requests=runs, cursor=str(cursor),
        dynamic_partitions_requests=[documents.build_add_request(keys)] if keys else [],
        skip_reason=None if runs else f"nothing new ({len(seen)} changed files, {waiting} still settling)",
    )


def after_materializations(name: str, job: Any, watched: dg.AssetKey,  # an asset job, as dg.sensor takes it
                           interval: int, description: str, idle: str) -> dg.SensorDefinition:
    """A sensor that runs job once for every burst of new materializations of watched: its cursor is the
    newest materialization already handed to a run, so nothing is left behind and nothing runs twice."""

    @dg.sensor(name=name, job=job, minimum_interval_seconds=interval, description=description,
               default_status=dg.DefaultSensorStatus.RUNNING)
    def _sensor(context: dg.SensorEvaluationContext) -> dg.SensorResult:
        page = context.instance.fetch_materializations(
            dg.AssetRecordsFilter(asset_key=watched, after_storage_id=int(context.cursor or 0)), limit=1000)
        if not page.records:
            return dg.SensorResult(skip_reason=idle)
        newest = max(r.storage_id for r in page.records)
        return dg.SensorResult(run_requests=[dg.RunRequest(run_key=f"{name}-after-{newest}")], cursor=str(newest))

    return _sensor


entities_sensor = after_materializations(
    "entities_sensor", entities_job, document_entities.key, 15,
    "Once documents have been extracted, resolves their mentions into canonical entities.",
    "no newly extracted documents")
