"""Analysts' judgements: an append-only log that overrides the machine and moves entities for good.

`judge(conn, a, b, "same" | "different" | "unsure", user)` takes entity ids (a retired one redirects
to its survivor) or mention ids (`men-...`, to split an entity by the spelling of one mention).

- `same` merges two entities: the smaller id survives (a fixed rule, independent of arrival order),
  the other is retired with `replaced_by` pointing at it, and every id retired into it before follows.
- `different` between two mentions of one entity splits it: each spelling goes to the side it is
  closer to; the larger part (by mentions) keeps the id, the other gets the id its commonest spelling
  mints. Between two entities it forbids them ever merging. A mention judged different from an entity
  never joins it again, however it is re-processed.
- `unsure` is recorded and changes nothing.

The latest judgement on a pair of ids stands; a `same` across a standing `different` is refused.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import sqlalchemy as sa

from ..model import make_id
from ..store import schema as t
from ..store.writes import now, upsert
from .normalize import name_key

VERDICTS = ("same", "different", "unsure")


class JudgementError(ValueError):
    """A judgement that cannot be applied: an unknown id, or a `same` across a standing `different`."""


@dataclass(frozen=True, slots=True)
class Applied:
    """What a judgement did: the verdict, and the entity ids of the two sides afterwards."""

    verdict: str
    a: str
    b: str
    retired: tuple[str, ...] = ()
    created: tuple[str, ...] = ()


def canonical(conn: sa.Connection, entity_id: str) -> str:
    """The live id an entity id stands for now (itself, or the survivor it was merged into)."""
    seen = {entity_id}
    while True:
        nxt = conn.execute(sa.select(t.entities.c.replaced_by).where(t.entities.c.id == entity_id)).scalar()
        if nxt is None or nxt in seen:
            return entity_id
        seen.add(nxt)
        entity_id = nxt


def resolve_ref(conn: sa.Connection, ref: str) -> tuple[str, str | None]:
    """(live entity id, mention id or None) for an entity or mention id."""
    m = conn.execute(sa.select(t.mentions.c.entity_id).where(t.mentions.c.id == ref)).first()
    if m is not None:
        if m[0] is None:
            raise JudgementError(f"mention {ref} is not resolved yet")
        return canonical(conn, m[0]), ref
    if conn.execute(sa.select(t.entities.c.id).where(t.entities.c.id == ref)).first() is None:
        raise JudgementError(f"no entity or mention with id {ref}")
    return canonical(conn, ref), None


def standing(conn: sa.Connection) -> dict[frozenset[str], str]:
    """The verdict that stands for each pair of judged ids: the latest one."""
    j = t.judgements.c
    out: dict[frozenset[str], str] = {}
    for a, b, verdict in conn.execute(sa.select(j.a, j.b, j.verdict).order_by(j.id)):
        out[frozenset((a, b))] = verdict
    return out


def _different_entities(conn: sa.Connection) -> list[tuple[str, str, frozenset[str]]]:
    out = []
    for pair, verdict in standing(conn).items():
        if verdict == "different" and len(pair) == 2:
            x, y = sorted(pair)
            try:
                out.append((resolve_ref(conn, x)[0], resolve_ref(conn, y)[0], pair))
            except JudgementError:
                continue
    return out


def forbidden_for(conn: sa.Connection, mention_id: str) -> set[str]:
    """Entities a mention must never join: those an analyst judged different from it."""
    j = t.judgements.c
    rows = conn.execute(sa.select(j.a, j.b).where(sa.or_(j.a == mention_id, j.b == mention_id))).all()
    if not rows:
        return set()
    stands = standing(conn)
    out = set()
    for a, b in rows:
        other = b if a == mention_id else a
        if stands.get(frozenset((a, b))) == "different" and other != mention_id:
            entity = conn.execute(sa.select(t.mentions.c.entity_id).where(t.mentions.c.id == other)).scalar()
            entity = entity if entity is not None else (other if other.startswith("ent-") else None)
            if entity:
                out.add(canonical(conn, entity))
    return out


def judge(conn: sa.Connection, a: str, b: str, verdict: str, user: str) -> Applied:
    """Record a judgement (append-only) and apply it to the entities."""
    if verdict not in VERDICTS:
        raise JudgementError(f"verdict must be one of {', '.join(VERDICTS)}, not {verdict!r}")
    if a == b:
        raise JudgementError("a judgement needs two different ids")
    (ea, ma), (eb, mb) = resolve_ref(conn, a), resolve_ref(conn, b)
    if verdict == "same" and ea != eb:
        for x, y, pair in _different_entities(conn):
            if {x, y} == {ea, eb} and pair != frozenset((a, b)):
                raise JudgementError(f"{' and '.join(sorted(pair))} were judged different; judge that pair again "
                                     "to change it")
    conn.execute(t.judgements.insert().values(a=a, b=b, verdict=verdict, user=user, created_at=now()))
    if verdict == "same" and ea != eb:
        survivor, loser = sorted((ea, eb))
        merge(conn, survivor, loser)
        return Applied(verdict, survivor, survivor, retired=(loser,))
    if verdict == "different" and ea == eb:
        if ma is None and mb is None:
            raise JudgementError("to split an entity, judge one of its mentions (men-...) different from it")
        ma, mb = (ma, mb) if ma and mb else _against_the_rest(conn, ea, ma or mb or "")
        kept, other = split(conn, ea, ma, mb)
        side_a = kept if resolve_ref(conn, a)[0] == kept else other
        return Applied(verdict, side_a, other if side_a == kept else kept, created=(other,))
    return Applied(verdict, ea, eb)


def _against_the_rest(conn: sa.Connection, entity_id: str, mention_id: str) -> tuple[str, str]:
    """A mention judged different from its own entity: split it from the entity's commonest other spelling."""
    etype = conn.execute(sa.select(t.entities.c.type).where(t.entities.c.id == entity_id)).scalar_one()
    rows = conn.execute(sa.select(t.mentions.c.id, t.mentions.c.text).where(
        t.mentions.c.entity_id == entity_id).order_by(t.mentions.c.id)).all()
    own = name_key(dict(rows)[mention_id], etype)
    others = Counter(name_key(text, etype) for _, text in rows)
    others.pop(own, None)
    if not others:
        raise JudgementError(f"{entity_id} has no other spelling to split {mention_id} from")
    best = min(others, key=lambda k: (-others[k], k.core))
    return mention_id, next(mid for mid, text in rows if name_key(text, etype) == best)


def merge(conn: sa.Connection, survivor: str, loser: str) -> None:
    """Fold `loser` into `survivor`: spellings, blocking keys, mentions; retired ids redirect in one hop."""
    from .resolver import refresh_names

    e, k, tok, m = t.entities.c, t.entity_keys.c, t.entity_tokens.c, t.mentions.c
    conn.execute(t.entity_keys.update().where(k.entity_id == loser).values(entity_id=survivor, anchor=False))
    tokens = conn.execute(sa.select(tok.type, tok.token).where(tok.entity_id == loser)).all()
    upsert(conn, t.entity_tokens, [{"type": ty, "token": to, "entity_id": survivor} for ty, to in tokens])
    conn.execute(t.entity_tokens.delete().where(tok.entity_id == loser))
    conn.execute(t.mentions.update().where(m.entity_id == loser).values(entity_id=survivor))
    conn.execute(t.entities.update().where(sa.or_(e.id == loser, e.replaced_by == loser)).values(replaced_by=survivor))
    conn.execute(t.review_pairs.delete().where(sa.or_(t.review_pairs.c.a == loser, t.review_pairs.c.b == loser)))
    refresh_names(conn, {survivor})


def split(conn: sa.Connection, entity_id: str, mention_a: str, mention_b: str) -> tuple[str, str]:
    """Split an entity between the spellings of two of its mentions. Returns (id kept, id of the other part)."""
    from .batch import entity_id_for
    from .match import score
    from .resolver import index_tokens, refresh_names

    etype = conn.execute(sa.select(t.entities.c.type).where(t.entities.c.id == entity_id)).scalar_one()
    mentions = conn.execute(sa.select(t.mentions.c.id, t.mentions.c.text).where(
        t.mentions.c.entity_id == entity_id)).all()
    key_of = {mid: name_key(text, etype) for mid, text in mentions}
    seed_a, seed_b = key_of[mention_a], key_of[mention_b]
    if (seed_a.core, seed_a.forms) == (seed_b.core, seed_b.forms):
        raise JudgementError("the two mentions have the same spelling; they cannot be told apart by name")
    stored = conn.execute(sa.select(t.entity_keys.c.core, t.entity_keys.c.legal_forms, t.entity_keys.c.arabic)
                          .where(t.entity_keys.c.entity_id == entity_id)).all()
    from .resolver import _key

    keys = {(c, f): _key(c, f, ar) for c, f, ar in stored} | {(k.core, k.forms): k for k in key_of.values()}
    side: dict[tuple[str, str], int] = {}
    for ident, key in sorted(keys.items()):
        sa_, sb = score(key, seed_a, etype), score(key, seed_b, etype)
        side[ident] = 0 if ident == (seed_a.core, seed_a.forms) or (sa_ >= sb and ident != (seed_b.core, seed_b.forms)) else 1
    weight = Counter(side[(k.core, k.forms)] for k in key_of.values())
    keep_side = 0 if weight[0] >= weight[1] else 1
    moving = [ident for ident, s in side.items() if s != keep_side]
    counts = Counter((k.core, k.forms) for k in key_of.values() if side[(k.core, k.forms)] != keep_side)
    top = min(moving, key=lambda ident: (-counts[ident], ident))
    new_id = entity_id_for(etype, keys[top])
    row = conn.execute(sa.select(t.entities.c.replaced_by).where(t.entities.c.id == new_id)).first()
    if new_id == entity_id or (row is not None and row[0] is None):
        # The spelling that founded the entity went to the smaller part: an id of its own, from both.
        new_id = make_id("ent", etype, keys[top].core, keys[top].forms, "split-from", entity_id)
        row = conn.execute(sa.select(t.entities.c.replaced_by).where(t.entities.c.id == new_id)).first()
    if row is None:
        name = next(text for mid, text in sorted(mentions) if (key_of[mid].core, key_of[mid].forms) == top)
        conn.execute(t.entities.insert().values(id=new_id, type=etype, name=" ".join(name.split()), created_at=now()))
    else:
        conn.execute(t.entities.update().where(t.entities.c.id == new_id).values(replaced_by=None))
    upsert(conn, t.entity_keys, [{"type": etype, "core": core, "legal_forms": forms, "entity_id": new_id,
                                   "arabic": keys[(core, forms)].arabic, "anchor": (core, forms) == top}
                                  for core, forms in moving], update=["entity_id", "anchor"])
    conn.execute(t.entity_tokens.delete().where(t.entity_tokens.c.entity_id.in_([entity_id, new_id])))
    for ident, key in keys.items():
        index_tokens(conn, etype, key, new_id if side[ident] != keep_side else entity_id)
    for mid, key in key_of.items():
        if side[(key.core, key.forms)] != keep_side:
            conn.execute(t.mentions.update().where(t.mentions.c.id == mid).values(entity_id=new_id))
    refresh_names(conn, {entity_id, new_id})
    return entity_id, new_id
