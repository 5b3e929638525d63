"""The review queue: pairs of entities the resolver nearly merged, least sure first, each side with its
names, documents and the text around its mentions, for an analyst to judge in order."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from ..store import schema as t
from .judgements import JudgementError, canonical, resolve_ref, standing

CONTEXT = 60  # characters of page text either side of a mention


@dataclass(frozen=True, slots=True)
class Side:
    entity_id: str
    type: str
    name: str
    aliases: tuple[str, ...]
    documents: tuple[str, ...]  # file names
    contexts: tuple[str, ...]  # `file p.N: ...text around the mention...`


@dataclass(frozen=True, slots=True)
class ReviewItem:
    a: Side
    b: Side
    score: float


def review_queue(conn: sa.Connection, limit: int = 20) -> list[ReviewItem]:
    """Near misses not yet judged, between live entities, the closest to the threshold first."""
    judged_entities = set()
    for pair in standing(conn):
        try:
            judged_entities.add(frozenset(resolve_ref(conn, x)[0] for x in pair))
        except JudgementError:
            continue
    items: list[ReviewItem] = []
    seen: set[frozenset[str]] = set()
    rows = conn.execute(sa.select(t.review_pairs.c.a, t.review_pairs.c.b, t.review_pairs.c.score)
                        .order_by(sa.desc(t.review_pairs.c.score), t.review_pairs.c.a, t.review_pairs.c.b)).all()
    for a, b, score in rows:
        ca, cb = canonical(conn, a), canonical(conn, b)
        pair = frozenset((ca, cb))
        if ca == cb or pair in seen or pair in judged_entities:
            continue
        seen.add(pair)
        items.append(ReviewItem(_side(conn, ca), _side(conn, cb), score))
        if len(items) >= limit:
            break
    return items


def _side(conn: sa.Connection, entity_id: str, examples: int = 3) -> Side:
    e = conn.execute(sa.select(t.entities.c.type, t.entities.c.name).where(t.entities.c.id == entity_id)).one()
    m, d, p = t.mentions.c, t.documents.c, t.pages.c
    rows = conn.execute(
        sa.select(m.text, m.page, m.start, m.end, d.file_name, p.text.label("page_text"))
        .join(t.documents, d.id == m.document_id)
        .join(t.pages, sa.and_(p.document_id == m.document_id, p.page == m.page), isouter=True)
        .where(m.entity_id == entity_id).order_by(d.file_name, m.page, m.start)
    ).all()
    contexts = []
    for text, page, start, end, file_name, page_text in rows[:examples]:
        around = text
        if page_text:
            around = page_text[max(0, start - CONTEXT):end + CONTEXT]
        contexts.append(f"{file_name} p.{page}: " + " ".join(around.split()))
    return Side(entity_id, e.type, e.name, tuple(sorted({" ".join(r.text.split()) for r in rows})),
                tuple(sorted({r.file_name for r in rows})), tuple(contexts))
