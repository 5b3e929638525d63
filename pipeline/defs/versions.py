"""Code versions of the assets, from what each stage's output depends on.

Dagster marks an asset whose code version changed since a partition was materialized, so a model or
rule change shows exactly the stages it affects, and a backfill of those stages re-runs only them
(README, *Throughput, caches and re-runs*). Computed once at import, from version constants, package
metadata and small model files: nothing is loaded and no subprocess runs.
"""

from __future__ import annotations

import hashlib
from dataclasses import fields
from importlib import metadata
from pathlib import Path

from .. import run
from ..extract.gazetteer import INDEX_VERSION
from ..extract.ner import TURKISH_MODEL
from ..settings import Settings
from ..text.cleanup import CLEANUP_VERSION
from ..text.ocr import CACHE_VERSION

DEFAULT_MODEL: str = next(f.default for f in fields(Settings) if f.name == "spacy_model")  # type: ignore[assignment]
MODELS = Path(__file__).resolve().parents[2] / "models"
# Rule and model files whose contents change what extraction finds (the spaCy weights come with their
# package version; the Turkish model with its meta and config).
EXTRACTION_FILES = (MODELS / "commodities.json", MODELS / "arabic_names.json", MODELS / "hs2022_codes.txt",
                    TURKISH_MODEL / "meta.json", TURKISH_MODEL / "config.cfg")


def _package(name: str) -> str:
    try:
        return f"{name}=={metadata.version(name)}"
    except metadata.PackageNotFoundError:
        return f"{name}==absent"


def _digest(paths: tuple[Path, ...]) -> str:
    h = hashlib.sha256()
    for p in paths:
        h.update(p.name.encode() + b"\0" + (p.read_bytes() if p.is_file() else b"absent") + b"\0")
    return h.hexdigest()[:12]


def text_version() -> str:
    """What page text depends on: the OCR cache version (languages per page, passes) and the clean-up."""
    return f"{CACHE_VERSION}+{CLEANUP_VERSION}"


def entities_version(spacy_model: str = DEFAULT_MODEL) -> str:
    """What extraction depends on: the pipeline version, spaCy and its model, the rule files, the gazetteer."""
    model = _package(spacy_model.replace("_", "-"))
    return f"{run.PIPELINE_VERSION}+{_package('spacy')}+{model}+{INDEX_VERSION}+rules-{_digest(EXTRACTION_FILES)}"


TEXT_VERSION = text_version()
ENTITIES_VERSION = entities_version()
