"""Fold unresolved mentions into canonical entities, incrementally, against what the store holds.

Invariants: an entity id is minted once, from the key of the name that founded it, and never renamed;
a mention already resolved is not looked at again; a name is compared only with entities that share a
blocking key with it, never with the whole store; a mention never joins an entity an analyst judged
`different` from it; the spellings a judgement moved (a merge, a split) stay where it put them,
because a re-processed mention finds its spelling's entity by exact key first.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import sqlalchemy as sa

from ..store import schema as t
from ..store.writes import now, upsert
from .batch import entity_id_for
from .engine import Stored, blocking_keys, decide
from .judgements import canonical, forbidden_for
from .match import prior, rarity
from .normalize import NameKey, name_key


@dataclass(frozen=True, slots=True)
class ResolveStats:
    mentions: int
    new_entities: int
    matched_fuzzy: int
    entities_total: int
    near_misses: int = 0  # pairs this run sent to the review queue


class StoreIndex:
    """The engine's index over the store's tables: entity_keys (spellings) and entity_tokens (blocking keys)."""

    def __init__(self, conn: sa.Connection) -> None:
        self.conn = conn
        self._counts: dict[tuple[str, str], int] = {}

    def weight(self, etype: str):  # type: ignore[no-untyped-def]
        def w(token: str) -> float:
            if (etype, token) not in self._counts:
                self.counts(etype, [token])
            return rarity(self._counts[(etype, token)] + prior(token))
        return w

    def exact(self, etype: str, key: NameKey, country: str | None = None) -> str | None:
        found = self.conn.execute(_EXACT, {"type": etype, "core": key.core, "forms": key.forms}).scalar_one_or_none()
        return canonical(self.conn, found) if found else None

    def counts(self, etype: str, blocks: list[str]) -> dict[str, int]:
        c = t.entity_tokens.c
        missing = [b for b in blocks if (etype, b) not in self._counts]
        if missing:
            found: dict[str, int] = dict(self.conn.execute(sa.select(c.token, sa.func.count()).where(
                c.type == etype, c.token.in_(missing)).group_by(c.token)).all())
            for b in missing:
                self._counts[(etype, b)] = int(found.get(b, 0))
        return {b: self._counts[(etype, b)] for b in blocks}

    def members(self, etype: str, blocks: list[str], limit: int) -> list[Stored]:
        if not blocks:
            return []
        k, tok = t.entity_keys.c, t.entity_tokens.c
        ids = list(self.conn.execute(sa.select(tok.entity_id).where(
            tok.type == etype, tok.token.in_(blocks)).distinct().limit(limit)).scalars())
        if not ids:
            return []
        # The ids first, then their spellings by the entity_id index: as one query with `IN (subquery)`,
        # SQLite walked every key of the type (linear in the store). The type is checked here for the same reason.
        rows = self.conn.execute(sa.select(k.entity_id, k.core, k.legal_forms, k.arabic, k.type).where(
            k.entity_id.in_(ids)).order_by(k.entity_id, k.core, k.legal_forms)).all()
        return [Stored(e, _key(core, forms, arabic)) for e, core, forms, arabic, ty in rows if ty == etype]

    def anchor(self, entity_id: str) -> NameKey | None:
        k = t.entity_keys.c
        row = self.conn.execute(sa.select(k.core, k.legal_forms, k.arabic).where(
            k.entity_id == entity_id).order_by(sa.desc(k.anchor), k.core).limit(1)).first()
        return _key(*row) if row else None

    def add(self, etype: str, key: NameKey, entity_id: str, country: str | None = None) -> None:
        first = self.conn.execute(_SPELLINGS, {"entity_id": entity_id}).first() is None
        upsert(self.conn, t.entity_keys, [{"type": etype, "core": key.core, "legal_forms": key.forms,
                                            "entity_id": entity_id, "arabic": key.arabic, "anchor": first}])
        index_tokens(self.conn, etype, key, entity_id)
        for b in blocking_keys(key):
            self._counts.pop((etype, b), None)


# Statements run once or more per mention, built once (building and compiling them cost more than running them).
_EXACT = sa.select(t.entity_keys.c.entity_id).where(
    t.entity_keys.c.type == sa.bindparam("type"), t.entity_keys.c.core == sa.bindparam("core"),
    t.entity_keys.c.legal_forms == sa.bindparam("forms"))
_SPELLINGS = sa.select(t.entity_keys.c.core).where(t.entity_keys.c.entity_id == sa.bindparam("entity_id")).limit(1)
_SET_ENTITY = t.mentions.update().where(t.mentions.c.id == sa.bindparam("mention_id")).values(
    entity_id=sa.bindparam("entity_id"))


def index_tokens(conn: sa.Connection, etype: str, key: NameKey, entity_id: str) -> None:
    """Blocking keys of one spelling, for its entity."""
    upsert(conn, t.entity_tokens, [{"type": etype, "token": b[:128], "entity_id": entity_id}
                                   for b in blocking_keys(key)])


def _key(core: str, forms: str, arabic: bool | None) -> NameKey:
    return NameKey(core, frozenset(f for f in forms.split(",") if f), bool(arabic))


def resolve_pending(conn: sa.Connection) -> ResolveStats:
    """Attach every mention whose entity_id is NULL to an existing or a new canonical entity."""
    # On PostgreSQL the pending rows are locked up front, skipping those a concurrent re-extraction is
    # rewriting (its own resolve takes them): row locks taken one by one would deadlock with its delete.
    pending = conn.execute(
        sa.select(t.mentions.c.id, t.mentions.c.text, t.mentions.c.entity_type, t.mentions.c.document_id)
        .where(t.mentions.c.entity_id.is_(None))
        .order_by(t.mentions.c.document_id, t.mentions.c.page, t.mentions.c.start, t.mentions.c.id)
        .with_for_update(skip_locked=True)
    ).all()
    index = StoreIndex(conn)
    new = fuzzy = near = 0
    touched: set[str] = set()
    places = _Places(conn)
    judged = conn.execute(sa.select(t.judgements.c.a).limit(1)).first() is not None
    # Places first, so a company or person can be compared by the places named beside it.
    for mention_id, text, etype, document_id in sorted(pending, key=lambda m: m[2] != "place"):
        key = name_key(text, etype)
        if not key.core:
            continue
        context = None if etype == "place" else places.shared_with(document_id)
        decision = decide(index, etype, key, index.weight(etype), forbidden=forbidden_for(conn, mention_id) if judged else (),
                          context=context)
        entity_id = decision.entity_id
        if entity_id is None:
            entity_id = _mint(conn, etype, key, text)
            new += 1
        elif decision.score < 1.0:
            fuzzy += 1
        index.add(etype, key, entity_id)
        if decision.near and decision.near[0] != entity_id:
            _remember_near_miss(conn, entity_id, *decision.near)
            near += 1
        conn.execute(_SET_ENTITY, {"mention_id": mention_id, "entity_id": entity_id})
        touched.add(entity_id)
    refresh_names(conn, touched)
    total = conn.execute(sa.select(sa.func.count()).select_from(t.entities)
                         .where(t.entities.c.replaced_by.is_(None))).scalar_one()
    return ResolveStats(len(pending), new, fuzzy, total, near)


class _Places:
    """Which place entities a document names, and which places are named beside an entity's mentions."""

    def __init__(self, conn: sa.Connection) -> None:
        self.conn = conn
        self._documents: dict[str, set[str]] = {}

    def of_document(self, document_id: str) -> set[str]:
        """Kept once asked: only companies and people ask, after every place of the batch is resolved."""
        if document_id not in self._documents:
            m = t.mentions.c
            self._documents[document_id] = set(self.conn.execute(sa.select(m.entity_id).where(
                m.document_id == document_id, m.entity_type == "place", m.entity_id.is_not(None))).scalars())
        return self._documents[document_id]

    def of_entity(self, entity_id: str) -> set[str]:
        m, p = t.mentions.alias("m"), t.mentions.alias("p")
        return set(self.conn.execute(sa.select(p.c.entity_id).join(m, m.c.document_id == p.c.document_id).where(
            m.c.entity_id == entity_id, p.c.entity_type == "place", p.c.entity_id.is_not(None))).scalars())

    def shared_with(self, document_id: str):  # type: ignore[no-untyped-def]
        mine = self.of_document(document_id)
        return (lambda entity_id: bool(mine & self.of_entity(entity_id))) if mine else None


def _mint(conn: sa.Connection, etype: str, key: NameKey, text: str) -> str:
    """A new entity, its id from the founding key; a retired entity of that id is brought back."""
    entity_id = entity_id_for(etype, key)
    row = conn.execute(sa.select(t.entities.c.replaced_by).where(t.entities.c.id == entity_id)).first()
    if row is None:
        upsert(conn, t.entities, [{"id": entity_id, "type": etype, "name": " ".join(text.split()),
                                   "created_at": now()}])
    elif row[0] is not None:
        conn.execute(t.entities.update().where(t.entities.c.id == entity_id).values(replaced_by=None))
    return entity_id


def _remember_near_miss(conn: sa.Connection, entity_id: str, other: str, score: float) -> None:
    if other == entity_id:
        return
    a, b = sorted((entity_id, other))
    upsert(conn, t.review_pairs, [{"a": a, "b": b, "score": score, "created_at": now()}], update=["score"])


def refresh_names(conn: sa.Connection, entity_ids: set[str]) -> None:
    """An entity's display name is its most frequent spelling (ties: the longest, then the first in order)."""
    for entity_id in sorted(entity_ids):
        texts = conn.execute(sa.select(t.mentions.c.text).where(t.mentions.c.entity_id == entity_id)).scalars()
        counts = Counter(" ".join(x.split()) for x in texts)
        if counts:
            name = min(counts, key=lambda n: (-counts[n], -len(n), n))
            conn.execute(t.entities.update().where(t.entities.c.id == entity_id).values(name=name))
