"""`docintel dedupe`: a spreadsheet of names resolved with the store's resolver, in memory, and
written back with a `cluster_id` column. The store is not touched."""

from __future__ import annotations

import csv
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from .resolve.batch import cluster_names

TYPES = ("company", "person", "organization", "place")


@dataclass(frozen=True, slots=True)
class DedupeStats:
    rows: int
    clusters: int
    fuzzy: int


def _rows(handle: IO[str]) -> Iterator[list[str]]:
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    yield from csv.reader(handle)


def dedupe_csv(source: Path, out: IO[str], name_column: str, entity_type: str = "company",
               id_column: str | None = None, country_column: str | None = None) -> DedupeStats:
    """Cluster the names of one column and write every row back with `cluster_id`.

    The cluster id is the entity id the store would mint for the cluster's commonest spelling; with
    `id_column` it is the id (from that column) of the cluster's first row in the file instead.
    Rows with an empty name get an empty cluster id. A name in a `country_column` (ISO code) keeps
    firms of two countries apart."""
    with source.open(newline="", encoding="utf-8-sig") as handle:
        rows = _rows(handle)
        header = next(rows, None)
        if header is None:
            raise ValueError(f"{source} is empty")
        col = _column(header, name_column)
        id_col = _column(header, id_column) if id_column else None
        country_col = _column(header, country_column) if country_column else None
        body = list(rows)
    names = [r[col] if col < len(r) else "" for r in body]
    countries = [(r[country_col].strip().lower() or None) if country_col is not None and country_col < len(r)
                 else None for r in body] if country_col is not None else None
    result = cluster_names(names, entity_type, countries)
    ids = list(result.cluster_ids)
    if id_col is not None:
        named: dict[str, str] = {}
        for r, cid in zip(body, ids):
            if cid is not None and cid not in named:
                named[cid] = r[id_col] if id_col < len(r) else ""
        ids = [named.get(c) if c else None for c in ids]
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([*header, "cluster_id"])
    for r, cid in zip(body, ids):
        writer.writerow([*r, cid or ""])
    return DedupeStats(len(body), result.clusters, result.fuzzy)


def _column(header: list[str], name: str) -> int:
    try:
        return header.index(name)
    except ValueError:
        raise ValueError(f"no column {name!r}; the columns are {', '.join(header)}") from None
