"""What an evaluation produces (rows of measured values beside their targets) and how it is printed."""

from __future__ import annotations

import json
import os
import platform
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any


@dataclass
class Row:
    """One measured value: a metric on one source, with the target it is held to (if any)."""

    metric: str  # "line CER", "company", "all fields", ...
    source: str  # "docintel OCR", "raw tesseract", "PDF", "scan 200 dpi", ...
    value: float | None
    detail: str = ""  # "12/29 right", "712 errors / 3341 chars"
    target: str = ""  # ">= 0.85", "<= 0.15 and < raw"; empty when the row is for information
    status: str = ""  # PASS | FAIL | "" (no target) | "n/a" (no value)


@dataclass
class SetResult:
    name: str
    title: str
    corpus: str
    unit: str  # what a document is called here: receipts, invoices
    documents: int = 0
    available: int = 0
    seconds: float = 0.0
    rows: list[Row] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    per_document: list[dict[str, Any]] = field(default_factory=list)
    skipped: str | None = None  # why the set was not run

    def row(self, metric: str, source: str) -> Row | None:
        return next((r for r in self.rows if r.metric == metric and r.source == source), None)


def at_least(value: float | None, threshold: float) -> str:
    return "n/a" if value is None else ("PASS" if value >= threshold else "FAIL")


def fraction(right: int, total: int) -> str:
    return f"{right}/{total} right"


def machine() -> dict[str, Any]:
    from ..text.ocr import engine_version

    try:
        tesseract = engine_version()
    except Exception as exc:  # no tesseract: the report still says so
        tesseract = f"unavailable ({exc.__class__.__name__})"
    return {"cores": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform(),
            "tesseract": tesseract}


def format_table(result: SetResult, verbose: bool = False) -> str:
    head = f"== {result.name}: {result.title}"
    if result.skipped:
        return f"{head}\n   skipped: {result.skipped}\n"
    lines = [f"{head} ({result.documents} of {result.available} {result.unit}, {result.corpus}, "
             f"{result.seconds:.1f} s)"]
    cols = ("metric", "source", "value", "detail", "target", "status")
    body = [(r.metric, r.source, "-" if r.value is None else f"{r.value:.3f}", r.detail, r.target, r.status)
            for r in result.rows]
    widths = [max(len(c), *(len(b[i]) for b in body)) if body else len(c) for i, c in enumerate(cols)]
    fmt = "  ".join(f"{{:{'>' if i == 2 else '<'}{w}}}" for i, w in enumerate(widths))
    lines.append(fmt.format(*cols).rstrip())
    lines.append("  ".join("-" * w for w in widths))
    lines.extend(fmt.format(*b).rstrip() for b in body)
    for note in result.notes:
        lines.append(f"   note: {note}")
    if verbose:
        lines.append("   per document:")
        for doc in result.per_document:
            lines.append("     " + _doc_line(doc))
    return "\n".join(lines) + "\n"


def _doc_line(doc: dict[str, Any]) -> str:
    head = [str(doc.get("id", "?"))]
    if doc.get("error"):
        head.append(f"ERROR {doc['error']}")
    more: list[str] = []
    for key, value in doc.items():
        if key in ("id", "error") or not isinstance(value, dict):
            continue
        if "cer" in value:
            cer = value["cer"]
            head.append(f"{key} CER={'-' if cer is None else f'{cer:.3f}'}")
            continue
        fields = [f"{name}={'ok' if cmp['ok'] else 'X'} {cmp.get('gold')!r}/{cmp.get('ours')!r}"
                  for name, cmp in value.items() if isinstance(cmp, dict) and "ok" in cmp]
        if fields:
            more.append(f"       {key}: " + "  ".join(fields))
    return "\n".join(["  ".join(head), *more])


def summary(results: list[SetResult]) -> str:
    checked = [(res.name, r) for res in results for r in res.rows if r.target]
    passed = sum(1 for _, r in checked if r.status == "PASS")
    lines = [f"targets: {passed} of {len(checked)} met"]
    failed = [f"{name} {r.metric} ({r.source})" for name, r in checked if r.status != "PASS"]
    if failed:
        lines.append("not met: " + "; ".join(failed))
    return "\n".join(lines)


def to_json(results: list[SetResult], path: Path, settings_info: dict[str, Any], seconds: float) -> None:
    doc = {
        "generated_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "machine": machine(),
        "settings": settings_info,
        "seconds": round(seconds, 1),
        "sets": [asdict(r) for r in results],
    }
    path.write_text(json.dumps(doc, ensure_ascii=False, indent=1, default=str) + "\n", "utf-8")
