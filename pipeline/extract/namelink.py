"""People named in Arabic script linked to their Latin spellings before resolution: `أبو بكر الموصلي`,
`Abu Bakr al-Mosuli` and `Abu Bakir al Mawsili` share one consonant skeleton (`bbkrlmsl`).

The skeleton keeps what both scripts write: consonants, with Arabic letters and Latin digraphs mapped to
one class (ش/sh -> s, خ/kh -> k, ق/q -> k, ث/th -> t); long vowels, `ʿayn`, hamza and taa marbuta,
which Latin spellings write or drop at will, are dropped. Only names of two words or more with a
skeleton of six letters or more are linked, and only across scripts: within one script the resolver
compares spellings itself.

The skeletons of person mentions are kept in the store (`person_skeletons`, filled here as mentions
arrive, back-filled by migration 0009), so a new name is looked up by its skeleton instead of every
resolved person in the store being read again: one document costs the same in a store of any size.
Rows are keyed by mention; the mention's own `entity_id` says where it stands now, so merges and splits
need no upkeep here, and a row whose mention was deleted simply finds no mention.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import sqlalchemy as sa

from ..fold import fold
from ..model import make_id
from ..resolve import name_key
from ..resolve.judgements import forbidden_for
from ..store import schema as t
from ..store.writes import now, upsert
from .gazetteer import is_arabic

MIN_SKELETON = 6
CHUNK = 500  # rows a statement, well under SQLite's bound-parameter limit
ARABIC_CONSONANTS = str.maketrans({
    "ب": "b", "ت": "t", "ث": "t", "ج": "j", "ح": "h", "خ": "k", "د": "d", "ذ": "d", "ر": "r", "ز": "z", "س": "s",
    "ش": "s", "ص": "s", "ض": "d", "ط": "t", "ظ": "z", "غ": "g", "ف": "f", "ق": "k", "ك": "k", "ل": "l", "م": "m",
    "ن": "n", "ه": "h", "ا": "", "أ": "", "إ": "", "آ": "", "ى": "", "و": "", "ي": "", "ة": "", "ء": "", "ئ": "",
    "ؤ": "", "ع": "", "\u0640": "",
})
LATIN_DIGRAPHS = [("kh", "k"), ("sh", "s"), ("th", "t"), ("dh", "d"), ("gh", "g"), ("ph", "f")]
LATIN_CONSONANTS = str.maketrans({"q": "k", "c": "k", "x": "k", "v": "f", "p": "b", "a": "", "e": "", "i": "",
                                  "o": "", "u": "", "w": "", "y": ""})
ARABIC_MARKS = re.compile(r"[\u064B-\u065F\u0670]")


def skeleton(name: str) -> str:
    """The consonant skeleton of a personal name in Arabic or Latin script ('' when it is too short)."""
    words = name.split()
    if len(words) < 2:
        return ""
    if is_arabic(name):
        out = "".join(ARABIC_MARKS.sub("", w).translate(ARABIC_CONSONANTS) for w in words)
    else:
        text = re.sub(r"[^a-z]", "", fold(name))
        for digraph, single in LATIN_DIGRAPHS:
            text = text.replace(digraph, single)
        out = text.translate(LATIN_CONSONANTS)
    out = re.sub(r"[^a-z]", "", out)
    return out if len(out) >= MIN_SKELETON else ""


def index_skeletons(conn: sa.Connection, mentions: Sequence[tuple[str, str]]) -> None:
    """Record the skeletons of these person mentions (id, text); a mention whose name has none loses its row."""
    rows, none = [], []
    for mention_id, text in mentions:
        if sk := skeleton(text):
            rows.append({"mention_id": mention_id, "skeleton": sk[:128], "arabic": is_arabic(text)})
        else:
            none.append(mention_id)
    for i in range(0, len(rows), CHUNK):
        upsert(conn, t.person_skeletons, rows[i:i + CHUNK], update=["skeleton", "arabic"])
    for i in range(0, len(none), CHUNK):
        conn.execute(t.person_skeletons.delete().where(t.person_skeletons.c.mention_id.in_(none[i:i + CHUNK])))


def known_entity(conn: sa.Connection, sk: str, arabic: bool) -> str | None:
    """The entity of the first resolved person mention (by id) with this skeleton in this script."""
    s, m = t.person_skeletons.c, t.mentions.c
    return conn.execute(sa.select(m.entity_id).join(t.person_skeletons, s.mention_id == m.id).where(
        s.skeleton == sk[:128], s.arabic == arabic, m.entity_id.is_not(None), m.entity_type == "person",
    ).order_by(m.id).limit(1)).scalar()


def link_scripts(conn: sa.Connection) -> int:
    """Attach unresolved person mentions to the entity of a same-skeleton name in the other script (or
    join new ones across scripts); returns how many mentions were linked."""
    pending = conn.execute(
        sa.select(t.mentions.c.id, t.mentions.c.text)
        .where(t.mentions.c.entity_id.is_(None), t.mentions.c.entity_type == "person")
        .order_by(t.mentions.c.document_id, t.mentions.c.page, t.mentions.c.start)
    ).all()
    if not pending:
        return 0
    index_skeletons(conn, [(mention_id, text) for mention_id, text in pending])
    groups: dict[str, list[tuple[str, str]]] = {}
    for mention_id, text in pending:
        if sk := skeleton(text):
            groups.setdefault(sk, []).append((mention_id, text))
    linked = 0
    for sk, members in groups.items():
        scripts = {is_arabic(text) for _, text in members}
        # An Arabic-script entity is looked for first (a Latin name among the new ones), then a Latin one.
        entity_id = next((e for s in sorted(scripts) if (e := known_entity(conn, sk, not s))), None)
        if entity_id is None and len(scripts) == 2:
            latin = next(text for _, text in members if not is_arabic(text))
            entity_id = make_id("ent", "person", name_key(latin, "person").core, "")
            upsert(conn, t.entities, [{"id": entity_id, "type": "person", "name": " ".join(latin.split()),
                                       "created_at": now()}])
        if entity_id is None:
            continue
        for mention_id, text in members:
            if entity_id in forbidden_for(conn, mention_id):
                continue  # an analyst judged this mention different from that entity: the resolver places it
            key = name_key(text, "person")
            upsert(conn, t.entity_keys, [{"type": "person", "core": key.core, "legal_forms": "",
                                          "entity_id": entity_id}])
            upsert(conn, t.entity_tokens, [{"type": "person", "token": tok, "entity_id": entity_id}
                                           for tok in sorted(set(key.tokens))])
            conn.execute(t.mentions.update().where(t.mentions.c.id == mention_id).values(entity_id=entity_id))
            linked += 1
    return linked
