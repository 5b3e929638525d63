"""Resolving a list of names in memory, with the store's resolver: `docintel dedupe` and the benchmarks."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..model import make_id
from .engine import MemoryIndex, decide
from .normalize import NameKey, name_key


@dataclass(frozen=True, slots=True)
class Clustering:
    """One cluster id per input name (None for a name with nothing to compare), and the counts."""

    cluster_ids: tuple[str | None, ...]
    clusters: int
    fuzzy: int


def entity_id_for(etype: str, key: NameKey, country: str | None = None) -> str:
    """The id an entity founded by this key gets, in the store and in `dedupe` alike."""
    if country:
        return make_id("ent", etype, key.core, key.forms, country)
    return make_id("ent", etype, key.core, key.forms)


def cluster_names(names: Sequence[str], etype: str, countries: Sequence[str | None] | None = None) -> Clustering:
    """Cluster names of one type. Distinct keys go most frequent first (ties: first seen), so the
    commonest spelling anchors its cluster and the result does not depend on row order among equals."""
    keys = [name_key(n, etype) if n and n.strip() else None for n in names]
    first: dict[tuple[NameKey, str | None], int] = {}
    count: dict[tuple[NameKey, str | None], int] = {}
    for i, k in enumerate(keys):
        if k is None or not k.core:
            continue
        c = (k, countries[i] if countries else None)
        first.setdefault(c, i)
        count[c] = count.get(c, 0) + 1
    index = MemoryIndex()
    weight = index.weight(etype)
    assigned: dict[tuple[NameKey, str | None], str] = {}
    fuzzy = 0
    for c in sorted(first, key=lambda c: (-count[c], first[c])):
        key, country = c
        decision = decide(index, etype, key, weight, country=country)
        entity_id = decision.entity_id
        if entity_id is None:
            entity_id = entity_id_for(etype, key, country)
        elif decision.score < 1.0:
            fuzzy += 1
        index.add(etype, key, entity_id, country)
        assigned[c] = entity_id
    ids = tuple(assigned.get((k, countries[i] if countries else None)) if k is not None and k.core else None
                for i, k in enumerate(keys))
    return Clustering(ids, len(set(assigned.values())), fuzzy)
