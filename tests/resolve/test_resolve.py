from __future__ import annotations

import pytest
import sqlalchemy as sa

from pipeline.resolve import is_match, name_key, resolve_pending
from pipeline.store import open_store
from pipeline.store import schema as t


@pytest.mark.parametrize("a, b, kind", [
    ("Demir Kimya Sanayi ve Ticaret Ltd. Şti.", "DEMIR KIMYA SAN. VE TIC. LTD. STI.", "company"),
    ("Demir Kimya Sanayi ve Ticaret Ltd. Şti.", "Demir Kimya Ltd", "company"),
    ("AKÇAKALE TELEFON İLETİŞİM", "Akcakale Telefon Iletisim", "company"),
    ("Anatolia Electronics Trading Ltd.", "Anatolia Electronic Trading Ltd", "company"),
    ("Yılmaz, Mustafa Kemal", "Mustafa Kemal Yilmaz", "person"),
    ("Akçakale", "AKCAKALE", "place"),
])
def test_same_entity(a: str, b: str, kind: str) -> None:
    assert is_match(name_key(a, kind), name_key(b, kind), kind)


@pytest.mark.parametrize("a, b, kind", [
    ("Demir Kimya Sanayi ve Ticaret Ltd. Şti.", "Demir Tekstil Ltd. Şti.", "company"),
    ("Nordchem GmbH", "Nordchem A.Ş.", "company"),
    ("Ahmet Yılmaz", "Mustafa Kemal Yılmaz", "person"),
    ("Mehmet Demir", "Mehmet Demirci", "person"),
])
def test_different_entities(a: str, b: str, kind: str) -> None:
    assert not is_match(name_key(a, kind), name_key(b, kind), kind)


def _add_mentions(conn: sa.Connection, doc: str, names: list[tuple[str, str]]) -> None:
    conn.execute(t.mentions.insert(), [
        {"id": f"men-{doc}-{i}", "document_id": doc, "entity_type": kind, "page": 1, "text": text,
         "start": i * 100, "end": i * 100 + len(text), "extractor": "test"}
        for i, (text, kind) in enumerate(names)
    ])


def test_resolution_is_incremental_and_ids_are_stable(tmp_path) -> None:
    engine = open_store(f"sqlite:///{tmp_path}/s.sqlite")
    with engine.begin() as conn:
        _add_mentions(conn, "d1", [("Demir Kimya Sanayi ve Ticaret Ltd. Şti.", "company"),
                                   ("Demir Tekstil Ltd. Şti.", "company"), ("Ahmet Yılmaz", "person")])
        first = resolve_pending(conn)
        ids = dict(conn.execute(sa.select(t.mentions.c.id, t.mentions.c.entity_id)).all())
    assert (first.mentions, first.new_entities) == (3, 3)
    with engine.begin() as conn:
        _add_mentions(conn, "d2", [("DEMIR KIMYA SAN. VE TIC. LTD. STI.", "company"),
                                   ("Mustafa Kemal Yılmaz", "person")])
        second = resolve_pending(conn)
        after = dict(conn.execute(sa.select(t.mentions.c.id, t.mentions.c.entity_id)).all())
    assert (second.mentions, second.new_entities) == (2, 1)  # only the new mentions were looked at
    assert {k: after[k] for k in ids} == ids  # nothing already resolved moved
    assert after["men-d2-0"] == ids["men-d1-0"]
    assert after["men-d2-1"] != ids["men-d1-2"]
    with engine.begin() as conn:
        assert resolve_pending(conn).mentions == 0
