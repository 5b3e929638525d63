"""Place mentions linked to GeoNames before resolution: every spelling of one place (`Akçakale`,
`Akcakale`, `AkCakale`, `أقجة قلعة`) joins the one entity that carries its geonames id, coordinates and
country, named as GeoNames names it; its id comes from the geonames id. What the gazetteer does not
know is left to the resolver.
"""

from __future__ import annotations

import sqlalchemy as sa

from ..model import make_id
from ..resolve import name_key
from ..store import schema as t
from ..store.writes import now, upsert
from .gazetteer import lookup


def link_places(conn: sa.Connection) -> int:
    """Attach each unresolved place mention that GeoNames knows to its place's entity; returns how many."""
    pending = conn.execute(
        sa.select(t.mentions.c.id, t.mentions.c.text)
        .where(t.mentions.c.entity_id.is_(None), t.mentions.c.entity_type == "place")
        .order_by(t.mentions.c.document_id, t.mentions.c.page, t.mentions.c.start)
    ).all()
    linked = 0
    for mention_id, text in pending:
        place = lookup(text)
        key = name_key(text, "place")
        if place is None or not key.core:
            continue
        entity_id = _entity_of(conn, place.geonames_id)
        if entity_id is None:
            # From the place, not from the first spelling seen: the id does not depend on the order in
            # which documents arrive (Türkiye first or Turkey first).
            entity_id = make_id("ent", "place", f"geonames:{place.geonames_id}")
            upsert(conn, t.entities, [{"id": entity_id, "type": "place", "name": place.name, "created_at": now()}])
        conn.execute(t.entities.update().where(t.entities.c.id == entity_id, t.entities.c.geonames_id.is_(None))
                     .values(name=place.name, country=place.country, geonames_id=place.geonames_id,
                             lat=place.lat, lon=place.lon))
        upsert(conn, t.entity_keys, [{"type": "place", "core": key.core, "legal_forms": "", "entity_id": entity_id}])
        upsert(conn, t.entity_tokens, [{"type": "place", "token": tok, "entity_id": entity_id}
                                       for tok in sorted(set(key.tokens))])
        conn.execute(t.mentions.update().where(t.mentions.c.id == mention_id).values(entity_id=entity_id))
        linked += 1
    return linked


def _entity_of(conn: sa.Connection, geonames_id: int) -> str | None:
    """The live entity holding this geonames id (one merged into another redirects to it)."""
    return conn.execute(sa.select(t.entities.c.id).where(
        t.entities.c.type == "place", t.entities.c.geonames_id == geonames_id, t.entities.c.replaced_by.is_(None),
    ).order_by(t.entities.c.id).limit(1)).scalar_one_or_none()
