"""Linking a person's Arabic-script and Latin spellings through the store's index of consonant skeletons:
the same links the full scan of every resolved person found, kept right through merges and splits, and
an old store's persons indexed when it is upgraded."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import command
from alembic.config import Config

from pipeline.extract.gazetteer import is_arabic
from pipeline.extract.namelink import link_scripts, skeleton
from pipeline.model import Extraction, Mention
from pipeline.resolve import canonical, judge, resolve_pending
from pipeline.store import migrate, open_store
from pipeline.store import schema as t
from pipeline.store import writes
from pipeline.store.db import MIGRATIONS, make_engine

LATIN = ["Abu Bakr al-Mosuli", "Khalid bin Rashid", "Hasan al Tikriti", "Muhammad Abdullah"]
ARABIC = ["أبو بكر الموصلي", "خالد بن راشد", "حسن التكريتي", "محمد عبد الله"]


def write(engine: sa.Engine, doc_id: str, names: list[tuple[str, str]]) -> list[str]:
    """A document whose mentions are these (name, type), unresolved, as extraction leaves them."""
    mentions, at = [], 0
    for name, kind in names:
        mentions.append(Mention(name, kind, "test", 1, at, at + len(name), None, 1.0, "test"))
        at += len(name) + 1
    with engine.begin() as conn:
        writes.upsert(conn, t.documents, [{"id": doc_id, "file_name": f"{doc_id}.txt", "path": f"{doc_id}.txt",
                                           "status": "processed", "received_at": "2026-01-01T00:00:00Z"}])
        writes.save_extraction(conn, doc_id, Extraction("letter", 1.0, ("en",), mentions=tuple(mentions)), [])
    return [m.id_for(doc_id) for m in mentions]


def resolve(engine: sa.Engine) -> None:
    with engine.begin() as conn:  # as run.resolve, without the places
        link_scripts(conn)
        resolve_pending(conn)


def full_scan(conn: sa.Connection) -> dict[str, str]:
    """What link_scripts found before the index: every resolved person read and its skeleton computed;
    each pending mention -> the entity of the first same-skeleton mention (by id) in the other script."""
    m = t.mentions.c
    known: dict[tuple[str, bool], str] = {}
    for entity_id, text in conn.execute(sa.select(m.entity_id, m.text).where(
            m.entity_id.is_not(None), m.entity_type == "person").order_by(m.id)):
        if sk := skeleton(text):
            known.setdefault((sk, is_arabic(text)), entity_id)
    out = {}
    for mention_id, text in conn.execute(sa.select(m.id, m.text).where(m.entity_id.is_(None),
                                                                        m.entity_type == "person")):
        if (sk := skeleton(text)) and (sk, not is_arabic(text)) in known:
            out[mention_id] = known[(sk, not is_arabic(text))]
    return out


def linked(conn: sa.Connection, mention_ids: list[str]) -> dict[str, str]:
    m = t.mentions.c
    return {i: e for i, e in conn.execute(sa.select(m.id, m.entity_id).where(m.id.in_(mention_ids))) if e}


def test_the_index_links_what_the_full_scan_linked_in_both_directions(tmp_path) -> None:  # type: ignore[no-untyped-def]
    for first, then in ((LATIN, ARABIC), (ARABIC, LATIN)):
        engine = make_engine(f"sqlite:///{tmp_path}/{is_arabic(first[0])}.sqlite")
        migrate(engine)
        write(engine, "d1", [(n, "person") for n in first] + [("Demir Kimya Ltd", "company")])
        resolve(engine)
        new = write(engine, "d2", [(n, "person") for n in then] + [("Mehmet Öztürk", "person")])
        with engine.begin() as conn:
            expected = full_scan(conn)
            # Every pair shares a skeleton across scripts but Muhammad's (the Latin doubles its m).
            assert len(expected) == len(then) - 1
            assert link_scripts(conn) == len(then) - 1
            assert linked(conn, new) == expected
        engine.dispose()


def test_a_merged_or_split_entity_is_found_where_its_mentions_are_now(tmp_path) -> None:  # type: ignore[no-untyped-def]
    engine = open_store(f"sqlite:///{tmp_path}/store.sqlite")
    mosuli, = write(engine, "d1", [("Abu Bakr al-Mosuli", "person")])
    other, = write(engine, "d2", [("Ahmet Yilmaz", "person")])
    resolve(engine)
    with engine.begin() as conn:
        a, b = (linked(conn, [mosuli])[mosuli], linked(conn, [other])[other])
        assert a != b
        merged = judge(conn, a, b, "same", "analyst")
    arabic, = write(engine, "d3", [("أبو بكر الموصلي", "person")])
    with engine.begin() as conn:
        assert full_scan(conn) == {arabic: merged.a}
        link_scripts(conn)
        assert linked(conn, [arabic]) == {arabic: merged.a}  # the survivor, never the retired id
        assert canonical(conn, a) == canonical(conn, b) == merged.a
    # The Arabic spelling judged different from the merged entity: split off; the next one follows the split.
    with engine.begin() as conn:
        split = judge(conn, arabic, mosuli, "different", "analyst")
        assert split.a != split.b
    again, = write(engine, "d4", [("أبو بكر الموصلي", "person")])
    with engine.begin() as conn:
        expected = full_scan(conn)
        link_scripts(conn)
        assert linked(conn, [again]) == {again: expected[again]}
        assert expected[again] == linked(conn, [mosuli])[mosuli]
        split_off = linked(conn, [arabic])[arabic]
    # The judged mention itself, read again (its document re-processed): it stays where the judgement put it.
    assert write(engine, "d3", [("أبو بكر الموصلي", "person")]) == [arabic]
    resolve(engine)
    with engine.connect() as conn:
        assert linked(conn, [arabic]) == {arabic: split_off}
        assert split_off != linked(conn, [mosuli])[mosuli]


def test_an_old_store_gets_its_persons_indexed_on_upgrade(store_url: str) -> None:
    engine = make_engine(store_url)
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0008")  # the store as it was before the index
    mentions = [{"id": f"men-{i}", "document_id": "d1", "entity_id": f"ent-{i}", "entity_type": "person",
                 "page": 1, "text": name, "start": 0, "end": len(name)} for i, name in enumerate(LATIN)]
    with engine.begin() as conn:
        conn.execute(t.mentions.insert(), mentions + [
            {**mentions[0], "id": "men-c", "entity_id": "ent-c", "entity_type": "company", "text": "Abu Bakr Ltd"}])
        conn.execute(t.entities.insert(), [{"id": m["entity_id"], "type": "person", "name": m["text"],
                                                 "created_at": "2026-01-01T00:00:00Z"} for m in mentions])
    migrate(engine)
    with engine.connect() as conn:
        rows = {r.mention_id: (r.skeleton, r.arabic) for r in conn.execute(sa.select(t.person_skeletons))}
    assert rows == {m["id"]: (skeleton(m["text"]), False) for m in mentions}
    new = write(engine, "d2", [(ARABIC[1], "person")])
    with engine.begin() as conn:
        assert link_scripts(conn) == 1
        assert linked(conn, new) == {new[0]: "ent-1"}
    engine.dispose()
