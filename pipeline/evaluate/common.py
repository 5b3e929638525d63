"""What every set shares: running documents on several processes, and reading the pipeline's fields."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import TYPE_CHECKING, Any, TypeVar

from ..model import DocumentText, Field, Page

if TYPE_CHECKING:
    from .report import SetResult

os.environ.setdefault("OMP_THREAD_LIMIT", "1")  # one single-threaded tesseract per process (see DESIGN.md)

T = TypeVar("T")
Progress = Callable[[str], None]


def run_items(func: Callable[[T], dict[str, Any]], items: Sequence[T], jobs: int,
              progress: Progress | None = None, label: str = "") -> list[dict[str, Any]]:
    """func over items, on `jobs` processes, results in the order of items. func catches its own
    per-document errors; anything it lets through is a bug in the harness and stops the run."""
    results: list[dict[str, Any]] = []
    if jobs <= 1 or len(items) <= 1:
        for item in items:
            results.append(func(item))
            _tell(progress, label, results[-1], len(results), len(items))
        return results
    with ProcessPoolExecutor(max_workers=min(jobs, len(items))) as pool:
        for res in pool.map(func, items):
            results.append(res)
            _tell(progress, label, res, len(results), len(items))
    return results


def score_all(result: "SetResult", func: Callable[[T], dict[str, Any]], items: Sequence[T], limit: int | None,
              jobs: int, progress: Progress | None) -> list[dict[str, Any]]:
    """Score the first `limit` items (all when None) into result: counts, per-document records, seconds."""
    result.available = len(items)
    items = items[:limit] if limit else items
    result.documents = len(items)
    started = time.monotonic()
    result.per_document = run_items(func, items, jobs, progress, result.name)
    result.seconds = time.monotonic() - started
    return result.per_document


def _tell(progress: Progress | None, label: str, res: dict[str, Any], done: int, total: int) -> None:
    if progress:
        extra = f" ERROR {res['error']}" if res.get("error") else ""
        progress(f"{label} {done}/{total} {res.get('id', '')} {res.get('seconds', 0):.1f}s{extra}")


def first_values(pages: Sequence[Page]) -> dict[str, str]:
    """The fields the pipeline stores for these pages, first value per name (the reader's own order).

    That is `parse.parse_document` (labelled fields, then the letterhead issuer, unlabelled totals and
    dates), which is what `run.py` calls; `parse.read_fields` (labelled fields only) where it is absent.
    """
    from .. import parse

    found: Sequence[Field]
    if hasattr(parse, "parse_document"):
        found = parse.parse_document(DocumentText(tuple(pages))).fields
    else:
        found = parse.read_fields(tuple(pages))
    values: dict[str, str] = {}
    for f in found:
        if f.name not in values and f.value is not None:
            values[f.name] = f.value
    return values


def describe_error(exc: BaseException) -> str:
    return f"{exc.__class__.__name__}: {exc}"[:300]
