"""The store as FollowTheMoney entities (one JSON object per line), so Aleph and OpenSanctions tooling
can read it: a `Document` per document, a `Company`, `Person`, `Organization` or `Address` per live
canonical entity (every spelling an `alias`), and a `Mention` per name found, tied to its document
and, for companies, people and organisations, `resolved` to its entity. Every entity is built with
the followthemoney library and validated against its schema before it is written."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import Any

import sqlalchemy as sa
from followthemoney import model

from . import schema as t

SCHEMA = {"company": "Company", "person": "Person", "organization": "Organization", "place": "Address"}


def _entity(schema: str, entity_id: str, **props: Any) -> dict[str, Any]:
    proxy = model.make_entity(schema)
    proxy.id = entity_id
    for prop, values in props.items():
        for value in values if isinstance(values, (list, tuple, set)) else [values]:
            if value is not None and value != "":
                proxy.add(prop, value)
    data = proxy.to_dict()
    model.get(schema).validate(data)  # raises followthemoney.exc.InvalidData
    return data


def iter_ftm(conn: sa.Connection) -> Iterator[dict[str, Any]]:
    """Every document, live entity and mention of the store as validated FtM entity dicts, in a stable order."""
    for d in conn.execute(sa.select(t.documents).order_by(t.documents.c.id)).mappings():
        # FtM's contentHash is a SHA-1; the SHA-256 that is our document id is in the entity id.
        yield _entity(
            "Document", f"doc-{d['id']}", fileName=d["file_name"], title=d["file_name"],
            mimeType=d["media_type"], fileSize=d["size"], language=list(d["languages"] or []),
            processingStatus=d["status"], processingError=d["error"],
            parent=f"doc-{d['parent_id']}" if d["parent_id"] else None,
        )
    aliases: dict[str, set[str]] = defaultdict(set)
    for entity_id, text in conn.execute(sa.select(t.mentions.c.entity_id, t.mentions.c.text)
                                        .where(t.mentions.c.entity_id.is_not(None))):
        aliases[entity_id].add(" ".join(text.split()))
    schema_of: dict[str, str] = {}
    for e in conn.execute(sa.select(t.entities).where(t.entities.c.replaced_by.is_(None))
                          .order_by(t.entities.c.id)).mappings():
        schema = SCHEMA.get(e["type"], "LegalEntity")
        schema_of[e["id"]] = schema
        others = sorted(aliases.get(e["id"], set()) - {e["name"]})
        if schema == "Address":
            yield _entity(schema, e["id"], full=e["name"], country=e["country"], latitude=e["lat"],
                          longitude=e["lon"])
        else:
            yield _entity(schema, e["id"], name=e["name"], alias=others, country=e["country"])
    for m in conn.execute(sa.select(t.mentions).order_by(t.mentions.c.document_id, t.mentions.c.page,
                                                          t.mentions.c.start, t.mentions.c.id)).mappings():
        schema = schema_of.get(m["entity_id"] or "")
        resolved = m["entity_id"] if schema and model.get(schema).is_a("LegalEntity") else None
        yield _entity("Mention", m["id"], name=" ".join(m["text"].split()), document=f"doc-{m['document_id']}",
                      resolved=resolved, detectedSchema=SCHEMA.get(m["entity_type"]))
