"""The supply-chain assets: the transaction graph and the red flags, rebuilt after canonical entities
change, with the top flags in their metadata."""

import dagster as dg

from .. import run
from ..graph import top_flags
from .assets import canonical_entities
from .resources import EntityStore, OcrSettings, pipeline_settings
from .sensors import after_materializations


@dg.asset(deps=[canonical_entities], group_name="supply_chains", kinds={"networkx"}, pool="entity_store",
          code_version="graph.v1")
def transaction_graph(store: EntityStore, ocr: OcrSettings) -> dg.MaterializeResult:
    """Who sold or shipped what to whom: one relation per document and goods line (commodity, quantity,
    value, date, document and page), the documents of one shipment grouped so it counts once."""
    stats = run.build_graph(store.engine(), pipeline_settings(store, ocr))
    return dg.MaterializeResult(metadata={"shipments": stats.shipments, "relations": stats.relations})


@dg.asset(deps=[transaction_graph], group_name="supply_chains", kinds={"python"}, pool="entity_store",
          code_version="flags.v1")
def red_flags(store: EntityStore, ocr: OcrSettings) -> dg.MaterializeResult:
    """Red flags with a score, a plain-language reason and the evidence: incongruent purchases, junction
    entities, documents of one shipment that disagree, goods passed on fast, and border proximity."""
    flags = run.raise_flags(store.engine(), pipeline_settings(store, ocr))
    with store.engine().connect() as conn:
        top = top_flags(conn, 20)
    table = "| entity | flag | score | reason |\n|---|---|---|---|\n" + "\n".join(
        f"| {f['entity']} | {f['type']} | {f['score']:.2f} | {str(f['reason']).replace('|', '/')} |" for f in top)
    counts = {kind: sum(1 for f in flags if f.type == kind) for kind in sorted({f.type for f in flags})}
    return dg.MaterializeResult(metadata={
        "flags": len(flags), **{f"flags_{k}": v for k, v in counts.items()},
        "top_flags": dg.MetadataValue.md(table if top else "_no flags_"),
    })


supply_chains_job = dg.define_asset_job(
    "supply_chains_job", selection=[transaction_graph, red_flags], executor_def=dg.in_process_executor,
    description="Rebuild the transaction graph and the red flags from the resolved store.")


supply_chains_sensor = after_materializations(
    "supply_chains_sensor", supply_chains_job, canonical_entities.key, 30,
    "After canonical entities change, rebuilds the transaction graph and the red flags.",
    "canonical entities unchanged")
