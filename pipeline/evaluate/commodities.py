"""Commodities: precision and recall of the watchlist matcher, and its quantities, units and HS codes, on
the held-out annotated set corpora/annotated/commodities.jsonl (English, Turkish, Arabic in both scripts).

A predicted mention matches a gold one in the same item when the spans overlap and the commodity is the
same (one to one, in text order). Quantity, unit (lower-cased), SI value and HS code are scored on the
matched mentions only; the HS code is the one written on the line (None when none is written).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..model import Page
from ..settings import PROJECT_ROOT, Settings
from .common import Progress
from .report import Row, SetResult, at_least

FOLDER = str(PROJECT_ROOT / "corpora" / "annotated")
FILE = "commodities.jsonl"  # development data since its misses were read (see its README)
HELD_OUT = "commodities_b.jsonl"  # held out: written and committed before the matcher ran on it
TARGET = 0.9


def load_items(root: Path, file: str = FILE) -> list[dict[str, Any]]:
    return [json.loads(line) for line in (root / file).read_text("utf-8").splitlines() if line.strip()]


def match(item: dict[str, Any]) -> dict[str, Any]:
    """Our references for one item, paired with its gold mentions."""
    from ..extract.commodities import find_commodities

    text = item["text"]
    refs = find_commodities(Page(1, "text", text))
    golds = [dict(g, start=text.index(g["text"]), end=text.index(g["text"]) + len(g["text"]))
             for g in item["commodities"]]
    pairs, spare = [], list(refs)
    for g in golds:
        hit = next((r for r in spare if r.commodity == g["commodity"] and r.start < g["end"] and g["start"] < r.end),
                   None)
        if hit is not None:
            spare.remove(hit)
            pairs.append((g, hit))
    return {"id": item["id"], "lang": item["lang"], "gold": golds, "pred": refs, "pairs": pairs, "extra": spare}


def _same(a: float | None, b: float | None) -> bool:
    return a is None and b is None or a is not None and b is not None and abs(a - b) <= 1e-6 * max(1.0, abs(b))


def evaluate(root: Path, settings: Settings, limit: int | None = None, jobs: int = 1,
             progress: Progress | None = None, file: str = FILE) -> SetResult:
    items = load_items(root, file)[:limit]
    name, title = ("commodities-b", "commodities, quantity, unit, HS code: held-out set B") if file == HELD_OUT else (
        "commodities", "commodities, quantity, unit, HS code: annotated set A (development data)")
    result = SetResult(name, title, str(root / file), "items", len(items), len(items))
    res = [match(item) for item in items]
    n_gold = sum(len(r["gold"]) for r in res)
    n_pred = sum(len(r["pred"]) for r in res)
    pairs = [p for r in res for p in r["pairs"]]
    p, rec = (len(pairs) / n_pred if n_pred else 0.0), (len(pairs) / n_gold if n_gold else 0.0)
    result.rows += [
        Row("precision", "docintel", round(p, 4), f"{len(pairs)}/{n_pred} predicted", f">= {TARGET}", at_least(p, TARGET)),
        Row("recall", "docintel", round(rec, 4), f"{len(pairs)}/{n_gold} gold", f">= {TARGET}", at_least(rec, TARGET)),
    ]
    wl_gold = sum(1 for r in res for g in r["gold"] if _watchlisted(g["commodity"]))
    wl_pred = sum(1 for r in res for c in r["pred"] if c.watchlist)
    wl_pairs = sum(1 for g, c in pairs if c.watchlist)
    result.rows += [
        Row("precision, watchlisted", "docintel", round(wl_pairs / wl_pred, 4) if wl_pred else None, f"{wl_pairs}/{wl_pred}"),
        Row("recall, watchlisted", "docintel", round(wl_pairs / wl_gold, 4) if wl_gold else None, f"{wl_pairs}/{wl_gold}"),
    ]
    empty = [r for r in res if not r["gold"]]
    fooled = [r["id"] for r in empty if r["pred"]]
    result.rows.append(Row("look-alike items with a false commodity", "docintel",
                           round(len(fooled) / len(empty), 4) if empty else None,
                           f"{len(fooled)}/{len(empty)} items with no catalogue good"))
    checks = {
        "quantity and unit": lambda g, c: _same(g["quantity"], c.quantity) and (g["unit"] or None) == (
            c.unit.lower() if c.unit else None),
        "SI quantity": lambda g, c: _same(g["quantity_si"], c.quantity_si) and g["unit_si"] == c.unit_si,
        "HS code written": lambda g, c: g["hs_code"] == c.hs_written,
    }
    for name, ok in checks.items():
        right = sum(1 for g, c in pairs if ok(g, c))
        value = right / len(pairs) if pairs else None
        target = f">= {TARGET}" if name == "quantity and unit" else ""
        result.rows.append(Row(name, "docintel", None if value is None else round(value, 4), f"{right}/{len(pairs)} matched",
                               target, at_least(value, TARGET) if target else ""))
    for lang in sorted({r["lang"] for r in res}):
        sub = [r for r in res if r["lang"] == lang]
        g, pr, m = (sum(len(r[k]) for r in sub) for k in ("gold", "pred", "pairs"))
        result.rows.append(Row(f"P / R, {lang}", "docintel", round(m / pr, 4) if pr else None,
                               f"P {m}/{pr}, R {m}/{g}"))
    result.per_document = [_doc(r) for r in res if r["extra"] or len(r["pairs"]) < len(r["gold"])]
    return result


def evaluate_held_out(root: Path, settings: Settings, limit: int | None = None, jobs: int = 1,
                      progress: Progress | None = None) -> SetResult:
    return evaluate(root, settings, limit, jobs, progress, file=HELD_OUT)


def _doc(r: dict[str, Any]) -> dict[str, Any]:
    found = {id(c) for _, c in r["pairs"]}
    return {"id": r["id"], "missed": [g["text"] for g in r["gold"] if not any(g is x for x, _ in r["pairs"])],
            "extra": [f"{c.text} ({c.commodity})" for c in r["pred"] if id(c) not in found]}


def _watchlisted(name: str) -> bool:
    from ..extract.commodities import load_catalogue

    return any(c.watchlist for c in load_catalogue().commodities.values() if c.name == name)
