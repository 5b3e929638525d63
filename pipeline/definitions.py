"""The Dagster code location: `dagster dev -m pipeline.definitions` (or `make up`) serves it."""

import dagster as dg

from .defs.assets import (
    canonical_entities,
    document_entities,
    document_job,
    document_text,
    entities_job,
    raw_document,
    reextract_job,
    reread_job,
)
from .defs.resources import EntityStore, Inbox, OcrSettings
from .defs.sensors import entities_sensor, inbox_sensor
from .defs.supply_chains import red_flags, supply_chains_job, supply_chains_sensor, transaction_graph

defs = dg.Definitions(
    assets=[raw_document, document_text, document_entities, canonical_entities, transaction_graph, red_flags],
    jobs=[document_job, entities_job, reread_job, reextract_job, supply_chains_job],
    sensors=[inbox_sensor, entities_sensor, supply_chains_sensor],
    resources={"store": EntityStore(), "ocr": OcrSettings(), "inbox": Inbox()},
)
