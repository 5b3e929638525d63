"""The resolution step both the store and `docintel dedupe` run: a new name key joins the best existing
entity it matches, or founds a new one.

Blocking: a name is compared only with keys that share a blocking key with it (a name part, a part's
first or last four letters, a pair of parts, an Arabic consonant skeleton), never with all keys;
blocking keys held by more than `MAX_BLOCK` keys are skipped (a pair of parts still finds `John Smith`).
No chaining: a key joins an entity only when it also stays close to the entity's anchor (the key that
founded it), so `A~B~C` cannot pull in a `C` far from `A`. Which index holds the keys (memory or the
store) is the `Index` protocol's business.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from itertools import combinations, islice
from typing import Protocol

from rapidfuzz import fuzz, process

from .match import THRESHOLD, rarity, score
from .normalize import NameKey, skeleton

MAX_BLOCK = 300  # a blocking key held by more keys than this says too little to look through
MAX_CANDIDATES = 100  # keys gathered per name before the cheap filter
SHORTLIST = 8  # entities scored in full per name, the best by rapidfuzz's token_set_ratio
PER_ENTITY = 2  # spellings of one entity scored in full
CHAIN_SLACK = 0.15  # how far below the threshold a key may be from its entity's anchor
CONTEXT_BONUS = 0.1  # a place named beside both names: what lifts a near miss over the threshold
REVIEW_BAND = 0.2  # an entity this far below the threshold goes to the review queue


@dataclass(frozen=True, slots=True)
class Stored:
    """A key an index holds, and its entity."""

    entity_id: str
    key: NameKey
    country: str | None = None


@dataclass(frozen=True, slots=True)
class Decision:
    """Where a key went: the entity it joined (None: found a new one), its score, and a near miss."""

    entity_id: str | None
    score: float
    near: tuple[str, float] | None  # the best entity not joined, when within REVIEW_BAND of the threshold


class Index(Protocol):
    def exact(self, etype: str, key: NameKey, country: str | None = None) -> str | None: ...
    def counts(self, etype: str, blocks: list[str]) -> dict[str, int]: ...
    def members(self, etype: str, blocks: list[str], limit: int) -> list[Stored]: ...
    def anchor(self, entity_id: str) -> NameKey | None: ...
    def add(self, etype: str, key: NameKey, entity_id: str, country: str | None = None) -> None: ...


def blocking_keys(key: NameKey) -> list[str]:
    """Blocking keys of a name: its parts, their first and last four letters, pairs, skeletons."""
    toks = key.tokens
    blocks = set(toks)
    for t in toks:
        if len(t) >= 6:
            blocks.update((t[:4] + "*", "*" + t[-4:]))
        if key.arabic and len(t) > 2:
            blocks.add("~" + skeleton(t))
    for x, y in combinations(sorted(set(toks))[:5], 2):
        blocks.add(f"{x}|{y}")
    return sorted(blocks)


def decide(index: Index, etype: str, key: NameKey, weight: Callable[[str], float],
           forbidden: Iterable[str] = (), country: str | None = None,
           context: Callable[[str], bool] | None = None) -> Decision:
    """The entity this key belongs to, by exact key first, then by the best scored candidate.
    `context(entity_id)` says whether the entity shares context with the name (a place named on the
    same documents): it lifts a score by CONTEXT_BONUS, never past a name the parts rule out."""
    banned = set(forbidden)
    exact = index.exact(etype, key, country)
    if exact is not None and exact not in banned:
        return Decision(exact, 1.0, None)
    blocks = blocking_keys(key)
    counts = index.counts(etype, blocks)
    usable = sorted((b for b in blocks if 0 < counts.get(b, 0) <= MAX_BLOCK), key=lambda b: (counts[b], b))
    candidates = index.members(etype, usable, MAX_CANDIDATES)
    if banned:
        candidates = [c for c in candidates if c.entity_id not in banned]
    if not candidates:
        return Decision(None, 0.0, None)
    if len(candidates) > SHORTLIST:
        # The entities whose spellings rapidfuzz ranks best, each scored in full by its best spellings only.
        ranked = process.extract(key.core, [c.key.core for c in candidates], scorer=fuzz.token_set_ratio,
                                 limit=SHORTLIST * PER_ENTITY, score_cutoff=40)
        picked: dict[str, list[Stored]] = {}
        for _, _, i in ranked:
            spellings = picked.setdefault(candidates[i].entity_id, [])
            if len(spellings) < PER_ENTITY:
                spellings.append(candidates[i])
            if len(picked) > SHORTLIST:
                del picked[candidates[i].entity_id]
                break
        candidates = [c for spellings in picked.values() for c in spellings]
    best: dict[str, float] = {}
    for c in candidates:
        s = score(key, c.key, etype, weight, (country, c.country))
        if s > best.get(c.entity_id, -1.0):
            best[c.entity_id] = s
    threshold = THRESHOLD.get(etype, 0.80)
    if context is not None:
        for entity_id, s in best.items():
            if threshold - CONTEXT_BONUS <= s < threshold and context(entity_id):
                best[entity_id] = round(s + CONTEXT_BONUS, 4)
    chosen: tuple[float, str] | None = None
    near: tuple[str, float] | None = None
    # Highest score first; ties go to the smaller id, so the outcome does not depend on row order.
    for entity_id, s in sorted(best.items(), key=lambda kv: (-kv[1], kv[0])):
        if s >= threshold and chosen is None:
            anchor = index.anchor(entity_id)
            if anchor is None or anchor == key or score(key, anchor, etype, weight) >= threshold - CHAIN_SLACK:
                chosen = (s, entity_id)
                continue
        if near is None and s >= threshold - REVIEW_BAND:
            near = (entity_id, round(s, 4))
        if chosen and near:
            break
    return Decision(chosen[1] if chosen else None, chosen[0] if chosen else 0.0, near)


class MemoryIndex:
    """Keys and blocking keys in dictionaries: for `docintel dedupe` and the benchmarks."""

    def __init__(self) -> None:
        self._exact: dict[tuple[str, str, str, str | None], str] = {}
        self._keys: list[Stored] = []
        self._postings: dict[tuple[str, str], list[int]] = {}
        self._anchors: dict[str, NameKey] = {}

    def weight(self, etype: str) -> Callable[[str], float]:
        from .match import prior

        def w(token: str) -> float:
            return rarity(len(self._postings.get((etype, token), ())) + prior(token))

        return w

    def exact(self, etype: str, key: NameKey, country: str | None = None) -> str | None:
        return self._exact.get((etype, key.core, key.forms, country))

    def counts(self, etype: str, blocks: list[str]) -> dict[str, int]:
        return {b: len(self._postings.get((etype, b), ())) for b in blocks}

    def members(self, etype: str, blocks: list[str], limit: int) -> list[Stored]:
        seen: dict[int, None] = {}
        for b in blocks:
            seen.update(dict.fromkeys(self._postings.get((etype, b), ())))
            if len(seen) >= limit:
                break
        keys = self._keys
        return [keys[i] for i in islice(seen, limit)]

    def anchor(self, entity_id: str) -> NameKey | None:
        return self._anchors.get(entity_id)

    def add(self, etype: str, key: NameKey, entity_id: str, country: str | None = None) -> None:
        if (etype, key.core, key.forms, country) in self._exact:
            return
        self._exact[(etype, key.core, key.forms, country)] = entity_id
        self._anchors.setdefault(entity_id, key)
        self._keys.append(Stored(entity_id, key, country))
        i = len(self._keys) - 1
        for b in blocking_keys(key):
            self._postings.setdefault((etype, b), []).append(i)
