"""Fold unresolved mentions into canonical entities, incrementally, against what the store holds.

Invariants: an entity id is minted once, from the key of the first name that created it, and never
renamed; a mention already resolved is not looked at again; a name is compared only with entities
that share a token with it (blocking), never with the whole store.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import sqlalchemy as sa

from ..model import make_id
from ..store import schema as t
from ..store.writes import now, upsert
from .match import is_match, score
from .normalize import NameKey, name_key

MAX_CANDIDATES = 200  # per blocking token; a token shared by more entities than this says little


@dataclass(frozen=True, slots=True)
class ResolveStats:
    mentions: int
    new_entities: int
    matched_fuzzy: int
    entities_total: int


def resolve_pending(conn: sa.Connection) -> ResolveStats:
    """Attach every mention whose entity_id is NULL to an existing or a new canonical entity."""
    pending = conn.execute(
        sa.select(t.mentions.c.id, t.mentions.c.text, t.mentions.c.entity_type)
        .where(t.mentions.c.entity_id.is_(None))
        .order_by(t.mentions.c.document_id, t.mentions.c.page, t.mentions.c.start)
    ).all()
    new = fuzzy = 0
    touched: set[str] = set()
    for mention_id, text, etype in pending:
        key = name_key(text, etype)
        if not key.core:
            continue
        entity_id = _exact(conn, etype, key)
        if entity_id is None:
            entity_id = _best_candidate(conn, etype, key)
            if entity_id is not None:
                fuzzy += 1
            else:
                entity_id = _mint(conn, etype, key, text)
                new += 1
            _index(conn, etype, key, entity_id)
        conn.execute(t.mentions.update().where(t.mentions.c.id == mention_id).values(entity_id=entity_id))
        touched.add(entity_id)
    _refresh_names(conn, touched)
    total = conn.execute(sa.select(sa.func.count()).select_from(t.entities)
                         .where(t.entities.c.replaced_by.is_(None))).scalar_one()
    return ResolveStats(len(pending), new, fuzzy, total)


def _exact(conn: sa.Connection, etype: str, key: NameKey) -> str | None:
    return conn.execute(sa.select(t.entity_keys.c.entity_id).where(
        t.entity_keys.c.type == etype, t.entity_keys.c.core == key.core,
        t.entity_keys.c.legal_forms == _forms(key),
    )).scalar_one_or_none()


def _best_candidate(conn: sa.Connection, etype: str, key: NameKey) -> str | None:
    tokens = set(key.tokens)
    candidates = conn.execute(
        sa.select(t.entity_keys.c.entity_id, t.entity_keys.c.core, t.entity_keys.c.legal_forms)
        .join(t.entity_tokens, sa.and_(t.entity_tokens.c.entity_id == t.entity_keys.c.entity_id,
                                       t.entity_tokens.c.type == t.entity_keys.c.type))
        .where(t.entity_keys.c.type == etype, t.entity_tokens.c.token.in_(tokens))
        .distinct().limit(MAX_CANDIDATES * max(1, len(tokens)))
    ).all()
    best: tuple[float, str] | None = None
    for entity_id, core, forms in candidates:
        other = NameKey(core, frozenset(f for f in forms.split(",") if f))
        if is_match(key, other, etype):
            s = score(key, other, etype)
            # Ties go to the smaller id, so the outcome does not depend on row order.
            if best is None or (s, _neg(entity_id)) > (best[0], _neg(best[1])):
                best = (s, entity_id)
    return best[1] if best else None


def _neg(entity_id: str) -> tuple[int, ...]:
    return tuple(-ord(c) for c in entity_id)


def _mint(conn: sa.Connection, etype: str, key: NameKey, text: str) -> str:
    entity_id = make_id("ent", etype, key.core, _forms(key))
    upsert(conn, t.entities, [{"id": entity_id, "type": etype, "name": " ".join(text.split()),
                               "created_at": now()}])
    return entity_id


def _index(conn: sa.Connection, etype: str, key: NameKey, entity_id: str) -> None:
    upsert(conn, t.entity_keys, [{"type": etype, "core": key.core, "legal_forms": _forms(key),
                                  "entity_id": entity_id}])
    upsert(conn, t.entity_tokens, [{"type": etype, "token": tok, "entity_id": entity_id}
                                   for tok in sorted(set(key.tokens))])


def _forms(key: NameKey) -> str:
    return ",".join(sorted(key.legal_forms))


def _refresh_names(conn: sa.Connection, entity_ids: set[str]) -> None:
    """An entity's display name is its most frequent spelling (ties: the longest, then the first in order)."""
    for entity_id in sorted(entity_ids):
        texts = conn.execute(sa.select(t.mentions.c.text).where(t.mentions.c.entity_id == entity_id)).scalars()
        counts = Counter(" ".join(x.split()) for x in texts)
        if counts:
            name = min(counts, key=lambda n: (-counts[n], -len(n), n))
            conn.execute(t.entities.update().where(t.entities.c.id == entity_id).values(name=name))

