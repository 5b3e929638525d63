#!/usr/bin/env python3
"""Validate models/commodities.json and print a summary.

Checks the structure of the commodity watchlist and, if the HS nomenclature is
available, that every HS code exists in it. Stdlib only.

    python3 models/build_commodities.py [--json PATH] [--hs-dir DIR] [--verbose]

Exit codes: 0 = valid (HS validation may have been skipped, see message),
            1 = validation errors (unknown HS code, bad structure, ...),
            2 = the JSON file is missing or cannot be parsed.
"""
from __future__ import annotations

import argparse
import csv
import json
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
DEFAULT_JSON = HERE / "commodities.json"
DEFAULT_HS_DIR = REPO.parent / "shared" / "corpora" / "reference" / "hs_codes"
HS_CSV = "harmonized-system.csv"

VERSION = "commodities.v1"
WATCHLIST_CATEGORIES = (
    "explosive_precursor",
    "initiator",
    "explosive",
    "uav_component",
    "electronics",
    "optics_surveillance",
    "communications",
    "chemical",
)
ORDINARY_CATEGORIES = (
    "textiles",
    "food",
    "construction_material",
    "machinery",
    "vehicle_parts",
    "consumer_goods",
    "agricultural",
)
CATEGORIES = WATCHLIST_CATEGORIES + ORDINARY_CATEGORIES
LANGS = ("en", "tr", "ar", "ar-latn")  # ar-latn: Arabic in Latin letters, chat spellings (Arabizi)
ENTRY_KEYS = {"id", "name", "category", "hs_codes", "watchlist", "synonyms", "note"}
ID_RE = re.compile(r"^[a-z][a-z0-9_]*$")
HS_RE = re.compile(r"^(\d{4}|\d{6})$")


def load_nomenclature(hs_dir: Path) -> tuple[dict[str, str], str]:
    """Return ({hscode: description}, edition label) from the HS csv."""
    codes: dict[str, str] = {}
    with open(hs_dir / HS_CSV, encoding="utf-8-sig", newline="") as fh:
        for row in csv.DictReader(fh):
            code = (row.get("hscode") or "").strip()
            if code.isdigit():
                codes[code] = (row.get("description") or "").strip()
            elif code == "TOTAL":
                codes.setdefault("_TOTAL_", row.get("description") or "")
    edition = "unknown edition"
    m = re.search(r"HS\s?(\d{4})", codes.pop("_TOTAL_", ""))
    if m:
        edition = "HS" + m.group(1)
    else:
        try:
            dp = json.loads((hs_dir / "datapackage.json").read_text(encoding="utf-8-sig"))
            edition = "datapackage version " + str(dp.get("version", "?"))
        except (OSError, ValueError):
            pass
    return codes, edition


def check_structure(doc: object) -> tuple[list[str], list[str]]:
    errors: list[str] = []
    warnings: list[str] = []
    if not isinstance(doc, dict):
        return ["top level must be an object"], warnings
    if doc.get("version") != VERSION:
        errors.append(f"version must be {VERSION!r}, got {doc.get('version')!r}")
    if not isinstance(doc.get("source"), str) or not doc["source"].strip():
        errors.append("source must be a non-empty string")
    extra = set(doc) - {"version", "source", "commodities"}
    if extra:
        errors.append(f"unexpected top-level keys: {sorted(extra)}")
    items = doc.get("commodities")
    if not isinstance(items, list) or not items:
        errors.append("commodities must be a non-empty list")
        return errors, warnings

    seen_ids: set[str] = set()
    surface: dict[tuple[str, str], list[str]] = defaultdict(list)
    for i, c in enumerate(items):
        where = f"commodities[{i}]"
        if not isinstance(c, dict):
            errors.append(f"{where}: must be an object")
            continue
        cid = c.get("id")
        where = f"{where} ({cid})"
        missing, extra = ENTRY_KEYS - set(c), set(c) - ENTRY_KEYS
        if missing:
            errors.append(f"{where}: missing keys {sorted(missing)}")
        if extra:
            errors.append(f"{where}: unexpected keys {sorted(extra)}")
        if not isinstance(cid, str) or not ID_RE.match(cid):
            errors.append(f"{where}: id must be snake_case ascii")
        elif cid in seen_ids:
            errors.append(f"{where}: duplicate id")
        else:
            seen_ids.add(cid)
        for key in ("name", "note"):
            if not isinstance(c.get(key), str) or not c.get(key, "").strip():
                errors.append(f"{where}: {key} must be a non-empty string")
        cat = c.get("category")
        if cat not in CATEGORIES:
            errors.append(f"{where}: unknown category {cat!r}")
        wl = c.get("watchlist")
        if not isinstance(wl, bool):
            errors.append(f"{where}: watchlist must be true/false")
        elif cat in WATCHLIST_CATEGORIES and not wl:
            warnings.append(f"{where}: watchlist category {cat} but watchlist=false")
        elif cat in ORDINARY_CATEGORIES and wl:
            warnings.append(f"{where}: ordinary category {cat} but watchlist=true")
        codes = c.get("hs_codes")
        if not isinstance(codes, list) or not codes:
            errors.append(f"{where}: hs_codes must be a non-empty list")
        else:
            for code in codes:
                if not isinstance(code, str) or not HS_RE.match(code):
                    errors.append(f"{where}: HS code {code!r} must be a 4- or 6-digit string without dots")
            dups = [k for k, n in Counter(codes).items() if n > 1]
            if dups:
                errors.append(f"{where}: duplicate HS codes {dups}")
        syn = c.get("synonyms")
        if not isinstance(syn, dict):
            errors.append(f"{where}: synonyms must be an object")
            continue
        if set(syn) != set(LANGS):
            errors.append(f"{where}: synonyms must have exactly the keys {list(LANGS)}, got {sorted(syn)}")
        for lang in LANGS:
            forms = syn.get(lang)
            if not isinstance(forms, list):
                errors.append(f"{where}: synonyms.{lang} must be a list")
                continue
            if lang == "en" and not forms:
                errors.append(f"{where}: synonyms.en must not be empty")
            for s in forms:
                if not isinstance(s, str) or not s.strip():
                    errors.append(f"{where}: synonyms.{lang} has an empty/non-string entry")
                    continue
                if s != s.strip() or "  " in s:
                    errors.append(f"{where}: synonyms.{lang} {s!r} has stray whitespace")
                if s != s.lower():
                    errors.append(f"{where}: synonyms.{lang} {s!r} is not lowercase")
                if s != unicodedata.normalize("NFC", s):
                    errors.append(f"{where}: synonyms.{lang} {s!r} is not NFC-normalised")
                surface[(lang, s)].append(str(cid))
            dups = [k for k, n in Counter(forms).items() if n > 1]
            if dups:
                errors.append(f"{where}: duplicate synonyms.{lang} {dups}")
    for (lang, s), ids in sorted(surface.items()):
        if len(set(ids)) > 1:
            warnings.append(f"synonym {lang}:{s!r} shared by {sorted(set(ids))}")
    return errors, warnings


def check_hs(items: list[dict], codes: dict[str, str]) -> list[str]:
    errors = []
    for c in items:
        for code in c.get("hs_codes") or []:
            if not isinstance(code, str):
                continue
            if code not in codes:
                errors.append(f"{c.get('id')}: HS code {code} not in nomenclature")
            elif len(code) == 4 and any(len(k) == 6 and k.startswith(code) for k in codes):
                errors.append(
                    f"{c.get('id')}: HS heading {code} has 6-digit subheadings; use those instead"
                )
    return errors


def check_format(path: Path, doc: object) -> list[str]:
    want = json.dumps(doc, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    have = path.read_text(encoding="utf-8")
    if have != want:
        return [f"{path.name} is not in canonical form (UTF-8, indent 2, sorted keys, "
                "ensure_ascii=False, trailing newline)"]
    return []


def print_summary(items: list[dict]) -> None:
    per_cat = Counter(c.get("category") for c in items)
    per_wl = Counter(c.get("category") for c in items if c.get("watchlist") is True)
    codes = {code for c in items for code in c.get("hs_codes") or []}
    nsyn = {lang: sum(len((c.get("synonyms") or {}).get(lang) or []) for c in items) for lang in LANGS}
    width = max(len(k) for k in CATEGORIES)
    print(f"{'category':<{width}}  entries  watchlist")
    print(f"{'-' * width}  -------  ---------")
    for cat in CATEGORIES:
        print(f"{cat:<{width}}  {per_cat.get(cat, 0):>7}  {per_wl.get(cat, 0):>9}")
    print(f"{'-' * width}  -------  ---------")
    print(f"{'TOTAL':<{width}}  {len(items):>7}  {sum(per_wl.values()):>9}")
    print(f"distinct HS codes: {len(codes)}; synonyms: "
          + ", ".join(f"{lang}={n}" for lang, n in nsyn.items()))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--json", type=Path, default=DEFAULT_JSON, help="watchlist JSON (default: %(default)s)")
    ap.add_argument("--hs-dir", type=Path, default=DEFAULT_HS_DIR, help="HS nomenclature folder (default: %(default)s)")
    ap.add_argument("--verbose", "-v", action="store_true", help="list every HS code with its nomenclature description")
    args = ap.parse_args(argv)

    try:
        doc = json.loads(args.json.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        print(f"ERROR: cannot read {args.json}: {exc}", file=sys.stderr)
        return 2

    errors, warnings = check_structure(doc)
    if not errors:
        errors += check_format(args.json, doc)
    items = [c for c in (doc.get("commodities") or []) if isinstance(c, dict)] if isinstance(doc, dict) else []

    hs_dir = args.hs_dir
    if not (hs_dir / HS_CSV).is_file():
        print(f"SKIP: HS nomenclature not found at {hs_dir} ({HS_CSV} missing); "
              "HS codes were NOT validated, only the file structure was checked.")
    else:
        codes, edition = load_nomenclature(hs_dir)
        print(f"HS nomenclature: {hs_dir / HS_CSV} ({edition}, {len(codes)} codes)")
        errors += check_hs(items, codes)
        if args.verbose:
            for c in items:
                print(f"{c.get('id')} [{c.get('category')}]")
                for code in c.get("hs_codes") or []:
                    print(f"    {code}  {codes.get(code, '<< NOT IN NOMENCLATURE >>')}")

    print_summary(items)
    for w in warnings:
        print(f"WARNING: {w}")
    if errors:
        for e in errors:
            print(f"ERROR: {e}", file=sys.stderr)
        print(f"FAILED: {len(errors)} error(s) in {args.json}", file=sys.stderr)
        return 1
    print(f"OK: {args.json} is valid")
    return 0


if __name__ == "__main__":
    sys.exit(main())
