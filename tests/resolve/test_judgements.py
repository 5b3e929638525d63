from __future__ import annotations

import pytest
import sqlalchemy as sa
from click.testing import CliRunner
from resolve_helpers import engine, entity_of, write_document  # noqa: F401 (engine is a fixture)

from pipeline.cli import main
from pipeline.resolve import JudgementError, canonical, is_match, judge, name_key, resolve_pending
from pipeline.store import iter_records, open_store
from pipeline.store import schema as t

DOC1 = [("Demir Kimya Sanayi ve Ticaret Ltd. Şti.", "company"), ("Ahmet Yılmaz", "person"),
        ("Demir Kimya Sanayi ve Ticaret Ltd. Şti.", "company")]
DOC2 = [("DEMIR KIMIA LTD", "company"), ("Demir Chemicals Trading", "company")]


def _process(engine, docs=(("d1", DOC1), ("d2", DOC2))):  # type: ignore[no-untyped-def]
    ids = {doc: write_document(engine, doc, names) for doc, names in docs}
    with engine.begin() as conn:
        resolve_pending(conn)
    return ids


def _judge(engine, a: str, b: str, verdict: str):  # type: ignore[no-untyped-def]
    with engine.begin() as conn:
        return judge(conn, a, b, verdict, "analyst1")


def test_different_judgement_splits_and_survives_reprocessing_every_document(store_url: str) -> None:
    engine = open_store(store_url)  # SQLite, then PostgreSQL
    kind = "company"
    assert is_match(name_key(DOC1[0][0], kind), name_key(DOC2[0][0], kind), kind)  # the scores say: one firm
    ids = _process(engine)
    before = entity_of(engine)
    original = before[ids["d1"][0]]
    assert before[ids["d2"][0]] == original
    done = _judge(engine, ids["d2"][0], ids["d1"][0], "different")
    after = entity_of(engine)
    assert after[ids["d1"][0]] == after[ids["d1"][2]] == original  # the larger part keeps the id
    assert after[ids["d2"][0]] == done.created[0] != original
    for _ in range(2):  # re-process every document, twice: nothing the analyst said is undone
        _process(engine)
        assert entity_of(engine) == after
    # Even when the spelling's key is lost (say a new normaliser), the mention never rejoins that entity.
    with engine.begin() as conn:
        conn.execute(t.entity_keys.delete().where(t.entity_keys.c.entity_id == done.created[0]))
    _process(engine)
    assert entity_of(engine)[ids["d2"][0]] != original


def test_a_split_that_leaves_the_founding_spelling_in_the_smaller_part_gives_it_an_id_of_its_own(engine) -> None:  # type: ignore[no-untyped-def]
    ids = _process(engine, [("d1", [("Demir Kimya Ltd", "company")]),
                            ("d2", [("Demir Kimia Ltd", "company"), ("Demir Kimia Ltd", "company")])])
    founder = entity_of(engine)[ids["d1"][0]]
    assert entity_of(engine)[ids["d2"][0]] == founder
    done = _judge(engine, ids["d1"][0], ids["d2"][0], "different")
    after = entity_of(engine)
    assert after[ids["d2"][0]] == after[ids["d2"][1]] == founder  # the larger part keeps the id
    assert after[ids["d1"][0]] == done.a == done.created[0] != founder
    _process(engine, [("d1", [("Demir Kimya Ltd", "company")])])  # re-processed: it stays apart
    assert entity_of(engine) == after


def test_same_judgement_merges_keeps_the_smaller_id_and_redirects(engine) -> None:  # type: ignore[no-untyped-def]
    ids = _process(engine)
    ents = entity_of(engine)
    kimya, chemicals = ents[ids["d1"][0]], ents[ids["d2"][1]]
    assert kimya != chemicals
    done = _judge(engine, kimya, chemicals, "same")
    survivor, retired = sorted((kimya, chemicals))
    assert (done.a, done.retired) == (survivor, (retired,))
    assert set(entity_of(engine).values()) == {survivor, ents[ids["d1"][1]]}
    _process(engine)  # re-processing keeps the merge
    assert entity_of(engine)[ids["d2"][1]] == survivor
    with engine.connect() as conn:
        assert canonical(conn, retired) == survivor
        records = list(iter_records(conn))
    entity = next(r for r in records if r["kind"] == "entity" and r["id"] == survivor)
    assert entity["replaces"] == [retired]
    assert "Demir Chemicals Trading" in entity["aliases"]
    assert [(r["a"], r["b"], r["verdict"], r["user"]) for r in records if r["kind"] == "judgement"] == [
        (kimya, chemicals, "same", "analyst1")]


def test_same_is_refused_across_a_standing_different_until_that_pair_is_judged_again(engine) -> None:  # type: ignore[no-untyped-def]
    ids = _process(engine)
    ents = entity_of(engine)
    kimya, chemicals = ents[ids["d1"][0]], ents[ids["d2"][1]]
    _judge(engine, kimya, chemicals, "different")
    with pytest.raises(JudgementError, match="judged different"):
        _judge(engine, ids["d1"][0], ids["d2"][1], "same")  # the same entities, through mentions
    _judge(engine, kimya, chemicals, "unsure")  # the latest judgement on the pair stands
    assert _judge(engine, ids["d1"][0], ids["d2"][1], "same").retired
    with engine.connect() as conn:
        log = conn.execute(sa.select(t.judgements.c.verdict).order_by(t.judgements.c.id)).scalars().all()
    assert log == ["different", "unsure", "same"]  # append-only: nothing rewritten


def test_retired_ids_redirect_in_one_hop_after_a_chain_of_merges(engine) -> None:  # type: ignore[no-untyped-def]
    ids = _process(engine, [("d1", [("Alpha Kimya", "company"), ("Beta Tekstil", "company"),
                                    ("Gamma Gida", "company")])])
    a, b, c = (entity_of(engine)[m] for m in ids["d1"])
    first = _judge(engine, a, b, "same").a
    final = _judge(engine, first, c, "same").a
    with engine.connect() as conn:
        redirects = dict(conn.execute(sa.text("SELECT old_id, entity_id FROM v_entity_redirects")).all())
    assert set(redirects) == {a, b, c} - {final}
    assert set(redirects.values()) == {final}


@pytest.mark.parametrize("args, message", [
    (["ent-nope", "ent-nada", "same"], "no entity or mention"),
    (["ent-nope", "ent-nope", "same"], "two different ids"),
])
def test_cli_judge_refuses_what_it_cannot_apply(tmp_path, args: list[str], message: str) -> None:  # type: ignore[no-untyped-def]
    result = CliRunner().invoke(main, ["judge", *args, "--store", f"sqlite:///{tmp_path}/s.sqlite"])
    assert result.exit_code != 0 and message in result.output


def test_cli_judge_and_review(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from pipeline.store import open_store

    url = f"sqlite:///{tmp_path}/s.sqlite"
    engine = open_store(url)
    ids = _process(engine, [("d1", [("Kuzey Petrol Sanayi", "company"),
                                    ("Kuzey Petrol Urunleri", "company")])])
    a, b = (entity_of(engine)[m] for m in ids["d1"])
    assert a != b
    shown = CliRunner().invoke(main, ["review", "--store", url])
    assert shown.exit_code == 0, shown.output
    assert f"docintel judge {min(a, b)} {max(a, b)}" in shown.output
    assert "d1.txt p.1: Party: Kuzey Petrol Sanayi" in shown.output
    judged = CliRunner().invoke(main, ["judge", a, b, "different", "--user", "ayse", "--store", url])
    assert judged.exit_code == 0, judged.output
    assert CliRunner().invoke(main, ["review", "--store", url]).output.strip() == "nothing to review"
