from __future__ import annotations

import pytest
import sqlalchemy as sa

from pipeline.resolve import is_match, name_key, resolve_pending
from pipeline.resolve.engine import MemoryIndex, blocking_keys, decide
from pipeline.resolve.match import score
from pipeline.store import schema as t

from resolve_helpers import engine, entity_of, write_document  # noqa: F401 (engine is a fixture)


@pytest.mark.parametrize("a, b, kind", [
    ("Demir Kimya Sanayi ve Ticaret Ltd. Şti.", "DEMIR KIMYA SAN. VE TIC. LTD. STI.", "company"),
    ("Demir Kimya Sanayi ve Ticaret Ltd. Şti.", "Demir Kimya Ltd. Sti.", "company"),
    ("Demir Kimya Sanayi ve Ticaret Ltd. Şti.", "Demir Kimya Ltd", "company"),
    ("AKÇAKALE TELEFON İLETİŞİM", "Akcakale Telefon Iletisim", "company"),
    ("Anatolia Electronics Trading Ltd.", "Anatolia Electronic Trading Ltd", "company"),
    ("Nordchem A.Ş.", "NORDCHEM ANONİM ŞİRKETİ", "company"),
    ("* AKZO NOBEL N. V.", "Akzo Nobel N.V.", "company"),
    ("Yılmaz, Mustafa Kemal", "Mustafa Kemal Yilmaz", "person"),
    ("Abu Bakr al-Mosuli", "Abu Bakir al Mawsili", "person"),
    ("أبو بكر الموصلي", "Abu Bakr al-Mosuli", "person"),
    ("عبد الرحمن بن خالد", "Abdulrahman Khaled", "person"),
    ("Mr. Ahmet Yılmaz", "AHMET YILMAZ", "person"),
    ("Akçakale", "AKCAKALE", "place"),
])
def test_same_entity(a: str, b: str, kind: str) -> None:
    assert is_match(name_key(a, kind), name_key(b, kind), kind)


@pytest.mark.parametrize("a, b, kind", [
    ("Demir Kimya Sanayi ve Ticaret Ltd. Şti.", "Demir Tekstil Ltd. Şti.", "company"),
    ("Nordchem GmbH", "Nordchem A.Ş.", "company"),
    ("Ahmet Yılmaz", "Mustafa Kemal Yılmaz", "person"),
    ("Mehmet Demir", "Mehmet Demirci", "person"),
    ("Mohammed Ali", "Mohammed Hassan", "person"),
    ("Şahinbey Gıda Ltd", "Şahinbey Tekstil Ltd", "company"),
])
def test_different_entities(a: str, b: str, kind: str) -> None:
    assert not is_match(name_key(a, kind), name_key(b, kind), kind)


@pytest.mark.parametrize("name, kind, core, forms", [
    ("DEMIR KIMYA SAN. VE TIC. LTD. STI.", "company", "demir kimya", {"ltd"}),
    ("Nordchem Anonim Şirketi", "company", "nordchem", {"as"}),
    ("D.S.M. N.V.", "company", "dsm", {"nv"}),
    ("İSTANBUL IŞIK", "place", "istanbul isik", set()),
    ("Yılmaz, Mustafa Kemal", "person", "mustafa kemal yilmaz", set()),
    ("Abd al-Rahman bin Khalid", "person", "abdrahman khalid", set()),
    ("أبو بكر الموصلي", "person", "abu bkr mwsly", set()),
])
def test_name_keys(name: str, kind: str, core: str, forms: set[str]) -> None:
    key = name_key(name, kind)
    assert (key.core, set(key.legal_forms)) == (core, forms)


def test_rare_parts_weigh_more_than_common_ones() -> None:
    # One shared part and one part missing on a side: sharing a rare part is strong evidence, a common one weak.
    rare = score(name_key("Şahinbey Ltd", "company"), name_key("Şahinbey Nakliyat Ltd", "company"), "company")
    common = score(name_key("Trading Ltd", "company"), name_key("Trading Nakliyat Ltd", "company"), "company")
    assert rare > common


def test_blocking_never_compares_a_name_with_unrelated_keys() -> None:
    index = MemoryIndex()
    for i in range(200):
        index.add("company", name_key(f"Firm{i:03d}xyz Holding", "company"), f"ent-{i}")
    index.add("company", name_key("Demir Kimya", "company"), "ent-demir")
    found = index.members("company", blocking_keys(name_key("Demir Kimyа Ltd", "company")), 400)
    assert {s.entity_id for s in found} == {"ent-demir"}


@pytest.mark.parametrize("a, b, c", [
    ("Kuzeyyildiz Otomotiv", "Kuzeyyildiz", "Kuzeyyildiz Gida"),  # a short name bridging two firms
    ("Orhanlarbey", "Orhanlarbay", "Orhanlerbay"),  # one letter at a time
])
def test_no_chaining_through_a_middle_spelling(a: str, b: str, c: str) -> None:
    index, kind = MemoryIndex(), "company"
    w = index.weight(kind)
    ka, kb, kc = (name_key(n, kind) for n in (a, b, c))
    index.add(kind, ka, "ent-a")
    assert decide(index, kind, kb, w).entity_id == "ent-a"
    index.add(kind, kb, "ent-a")
    assert is_match(kc, kb, kind, w) and not is_match(kc, ka, kind, w)  # C~B, B~A, but not C~A
    assert decide(index, kind, kc, w).entity_id is None


def test_a_new_document_joins_existing_entities_without_recomputing(engine) -> None:  # type: ignore[no-untyped-def]
    first = write_document(engine, "d1", [("Demir Kimya Sanayi ve Ticaret Ltd. Şti.", "company"),
                                          ("Demir Tekstil Ltd. Şti.", "company"), ("Ahmet Yılmaz", "person")])
    with engine.begin() as conn:
        stats = resolve_pending(conn)
    assert (stats.mentions, stats.new_entities) == (3, 3)
    before = entity_of(engine)
    second = write_document(engine, "d2", [("DEMIR KIMYA SAN. VE TIC. LTD. STI.", "company"),
                                           ("Mustafa Kemal Yılmaz", "person"), ("Demir Kimya Ltd", "company")])
    with engine.begin() as conn:
        stats = resolve_pending(conn)
    after = entity_of(engine)
    assert (stats.mentions, stats.new_entities) == (3, 1)  # only the new mentions were looked at
    assert {k: after[k] for k in before} == before  # nothing already resolved moved
    assert after[second[0]] == after[second[2]] == before[first[0]]
    assert after[second[1]] != before[first[2]]
    with engine.begin() as conn:
        assert resolve_pending(conn).mentions == 0
        aliases = conn.execute(sa.select(sa.func.count()).select_from(t.entity_keys)
                               .where(t.entity_keys.c.entity_id == before[first[0]])).scalar_one()
    assert aliases == 1  # the three spellings of Demir Kimya share one key


def test_ids_are_the_same_when_the_same_input_is_run_again(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from pipeline.store import open_store

    runs = []
    for n in range(2):
        engine = open_store(f"sqlite:///{tmp_path}/run{n}.sqlite")
        for doc, names in (("d1", [("Demir Kimya Ltd. Şti.", "company"), ("Abu Bakr al-Mosuli", "person")]),
                           ("d2", [("DEMIR KIMYA LTD", "company"), ("أبو بكر الموصلي", "person")])):
            write_document(engine, doc, names)
            with engine.begin() as conn:
                resolve_pending(conn)
        runs.append(entity_of(engine))
    assert runs[0] == runs[1]
    assert len(set(runs[0].values())) == 2


@pytest.mark.parametrize("second_place, merged", [("AKCAKALE", True), ("Mersin", False)])
def test_a_place_named_beside_both_names_lifts_a_near_miss(tmp_path, second_place: str, merged: bool) -> None:  # type: ignore[no-untyped-def]
    from pipeline.store import open_store

    engine = open_store(f"sqlite:///{tmp_path}/s.sqlite")
    a = write_document(engine, "d1", [("Orhanlarbey Kimya", "company"), ("Akçakale", "place")])
    b = write_document(engine, "d2", [("Orhanlarbey Kimya Tarim Gida Plastik", "company"), (second_place, "place")])
    with engine.begin() as conn:
        resolve_pending(conn)
    ents = entity_of(engine)
    assert (ents[a[0]] == ents[b[0]]) is merged
