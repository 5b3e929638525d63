"""Evaluation on public sets: how well the pipeline reads documents, with raw tesseract beside it.

`docintel evaluate [SETS...]` calls `run_evaluation`; each set lives in its own module and returns a
`SetResult` (rows of measured values, each beside its target). The matching rules are in `metrics` and
written out in benchmarks/README.md ("Evaluation").
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from ..settings import PROJECT_ROOT, Settings
from . import commodities, invoices, ner, sroie, zugferd
from .common import Progress
from .report import Row, SetResult, format_table, summary, to_json

DEFAULT_CORPORA = PROJECT_ROOT.parent / "shared" / "corpora"
# name -> (folder under the corpora, evaluator)
SETS: dict[str, tuple[str, Callable[..., SetResult]]] = {
    "sroie": (sroie.FOLDER, sroie.evaluate),
    "invoice2data": (invoices.FOLDER, invoices.evaluate),
    "zugferd": (zugferd.FOLDER, zugferd.evaluate),
    # Entities and commodities (issue 4); an absolute folder is the repository's own annotated set.
    "ner-en": (ner.FOLDER, ner.evaluate_en),
    "ner-tr": (ner.FOLDER, ner.evaluate_tr),
    "ner-trade": (ner.TRADE_FOLDER, ner.evaluate_trade),
    "ner-ar": (ner.FOLDER, ner.evaluate_ar),
    "commodities": (commodities.FOLDER, commodities.evaluate),
    "commodities-b": (commodities.FOLDER, commodities.evaluate_held_out),
}


def run_evaluation(sets: list[str] | tuple[str, ...], corpora: Path, settings: Settings, limit: int | None = None,
                   jobs: int = 1, progress: Progress | None = None) -> list[SetResult]:
    """Each named set (all when none is named) scored on its folder under corpora; a set whose folder is
    absent comes back with `skipped` saying so."""
    results: list[SetResult] = []
    for name in sets or list(SETS):
        folder, evaluate = SETS[name]
        root = corpora / folder
        if not root.is_dir():
            results.append(SetResult(name, name, str(root), "documents",
                                     skipped=f"corpus folder {root} is absent"))
            continue
        started = time.monotonic()
        result = evaluate(root, settings, limit=limit, jobs=jobs, progress=progress)
        result.seconds = time.monotonic() - started
        results.append(result)
    return results


__all__ = ["DEFAULT_CORPORA", "SETS", "Row", "SetResult", "format_table", "run_evaluation", "summary", "to_json"]
