"""The supply-chain assets in Dagster: materialized on a processed network, the same flags as
`docintel process` wrote, the top flags in the metadata; the sensor follows canonical_entities."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import dagster as dg
from network_helpers import Processed, processed  # noqa: F401

from pipeline.defs.assets import canonical_entities
from pipeline.defs.resources import EntityStore, OcrSettings
from pipeline.defs.supply_chains import red_flags, supply_chains_sensor, transaction_graph


def test_assets_rebuild_the_flags_with_top_flags_metadata(processed: Callable[..., Processed], tmp_path: Path) -> None:
    p = processed("network_1")
    home = tmp_path / "home"
    shutil.copytree(p.home, home)  # the store and its archive; the session's store stays as it was
    with dg.DagsterInstance.ephemeral() as instance:
        result = dg.materialize([transaction_graph, red_flags], instance=instance,
                                resources={"store": EntityStore(home=str(home)), "ocr": OcrSettings()})
        assert result.success
        graph_meta = result.asset_materializations_for_node("transaction_graph")[0].metadata
        flags_meta = result.asset_materializations_for_node("red_flags")[0].metadata
    assert graph_meta["shipments"].value == 7 and graph_meta["relations"].value > 20
    assert flags_meta["flags"].value == len(p.kind("flag")) == 6
    assert flags_meta["flags_junction"].value == 1
    top = flags_meta["top_flags"].value
    assert "Kaya Kardesler Ticaret Ltd. Sti." in top and "incongruent_purchase" in top and "Ceylan GSM" in top


def test_sensor_runs_after_canonical_entities_change() -> None:
    with dg.DagsterInstance.ephemeral() as instance:
        ctx = dg.build_sensor_context(instance=instance)
        assert supply_chains_sensor(ctx).skip_reason
        instance.report_runless_asset_event(dg.AssetMaterialization(canonical_entities.key))
        result = supply_chains_sensor(dg.build_sensor_context(instance=instance))
        assert len(result.run_requests) == 1 and result.cursor
        again = supply_chains_sensor(dg.build_sensor_context(instance=instance, cursor=result.cursor))
        assert not again.run_requests
