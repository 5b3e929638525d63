"""invoice2data's test invoices: issuer, date, invoice number and amount against its expected JSON.

Each `<name>.json` is a list holding one dict (invoice2data's output for `<name>.pdf` or `<name>.txt`).
The document is read the way the pipeline reads any file (text layer, else OCR); where a PNG render
of the same invoice exists it is read too, as an informational second source (the OCR path).
"""

from __future__ import annotations

import functools
import json
import time
from pathlib import Path
from typing import Any

from ..settings import Settings
from .common import Progress, describe_error, first_values, score_all
from .metrics import Tally, dates_match, identifiers_match, names_match, numbers_match
from .report import Row, SetResult, at_least, fraction

FOLDER = "invoice2data_compare"
TARGET = 0.8
# gold key -> (our field name, how the two are compared)
FIELDS = {
    "issuer": ("seller", names_match),
    "date": ("date", dates_match),
    "invoice_number": ("number", identifiers_match),
    "amount": ("total", numbers_match),
}
MEDIA = {".pdf": "application/pdf", ".txt": "text/plain", ".png": "image/png"}
PRIMARY, RENDER = "PDF / text file", "PNG render (OCR)"
# Gold values that are wrong in the upstream expected output, corrected from the document itself.
ERRATA: dict[tuple[str, str], tuple[str, str]] = {
    ("Orlen", "invoice_number"): (
        "F 1234K20/1234/12",
        "upstream expects 'F' (its template's regex stops at the first space); the invoice reads "
        "'Faktura nr: F 1234K20/1234/12'",
    ),
}


def invoices(root: Path) -> list[str]:
    """Names with an expected JSON and a PDF or text document beside it, in order."""
    return sorted(p.stem for p in root.glob("*.json")
                  if (root / f"{p.stem}.pdf").exists() or (root / f"{p.stem}.txt").exists())


def load_gold(root: Path, name: str) -> dict[str, Any]:
    data = json.loads((root / f"{name}.json").read_text("utf-8"))
    gold = dict(data[0] if isinstance(data, list) else data)
    for (doc, key), (value, _why) in ERRATA.items():
        if doc == name:
            gold[key] = value
    return gold


def evaluate(root: Path, settings: Settings, limit: int | None = None, jobs: int = 1,
             progress: Progress | None = None) -> SetResult:
    result = SetResult("invoice2data", "invoice2data test invoices: issuer, date, number, amount", str(root),
                       "invoices")
    docs = score_all(result, functools.partial(score_invoice, root=root, settings=settings), invoices(root), limit,
                     jobs, progress)

    for source, key in ((PRIMARY, "document"), (RENDER, "render")):
        overall, per_field = Tally(), {k: Tally() for k in FIELDS}
        for doc in docs:
            for gold_key, cmp in (doc.get(key) or {}).items():
                if isinstance(cmp, dict) and "ok" in cmp:
                    per_field[gold_key].add(cmp["ok"])
                    overall.add(cmp["ok"])
        if not overall.total:
            continue
        primary = source == PRIMARY
        result.rows.append(Row("all fields", source, overall.value, fraction(overall.right, overall.total),
                               f">= {TARGET}" if primary else "", at_least(overall.value, TARGET) if primary else ""))
        for gold_key, tally in per_field.items():
            result.rows.append(Row(gold_key, source, tally.value, fraction(tally.right, tally.total)))
    renders = sum(1 for d in docs if d.get("render"))
    result.notes.append(f"the target applies to '{PRIMARY}'; '{RENDER}' covers the {renders} invoices with a PNG")
    for (name, key), (_value, why) in ERRATA.items():
        if any(d["id"] == name for d in docs):
            result.notes.append(f"gold corrected: {name} {key}: {why}")
    errors = [f"{d['id']}: {d['error']}" for d in docs if d.get("error")]
    if errors:
        result.notes.append(f"{len(errors)} documents failed in our pipeline (counted as wrong): "
                            + "; ".join(errors[:5]))
    return result


def score_invoice(name: str, root: Path, settings: Settings) -> dict[str, Any]:
    from ..text import read_document

    started = time.monotonic()
    gold = load_gold(root, name)
    doc: dict[str, Any] = {"id": name}
    primary = root / f"{name}.pdf" if (root / f"{name}.pdf").exists() else root / f"{name}.txt"
    sources = [("document", primary)]
    if (root / f"{name}.png").exists():
        sources.append(("render", root / f"{name}.png"))
    errors: list[str] = []
    for key, path in sources:
        values: dict[str, str] = {}
        try:
            text = read_document(path, MEDIA[path.suffix], settings)
            values = first_values(text.pages)
        except Exception as exc:
            errors.append(f"{path.name}: {describe_error(exc)}")
        doc[key] = compare(gold, values)
    if errors:
        doc["error"] = "; ".join(errors)
    doc["seconds"] = round(time.monotonic() - started, 2)
    return doc


def compare(gold: dict[str, Any], values: dict[str, str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for gold_key, (our_name, match) in FIELDS.items():
        g = gold.get(gold_key)
        if g is None or (isinstance(g, str) and not g.strip()):
            continue  # not in the gold: not counted
        ours = values.get(our_name)
        out[gold_key] = {"gold": g, "ours": ours, "ok": bool(match(g if gold_key == "amount" else str(g), ours))}
    return out
