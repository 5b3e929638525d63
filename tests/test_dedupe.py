"""`docintel dedupe`: a CSV of names back with a cluster_id, by the store's resolver."""

from __future__ import annotations

import csv
import io

import pytest
from click.testing import CliRunner

from pipeline.cli import main

ROWS = [("r1", "Demir Kimya Sanayi ve Ticaret Ltd. Şti.", "TR"), ("r2", "DEMIR KIMYA SAN. VE TIC. LTD. STI.", "TR"),
        ("r3", "Demir Tekstil Ltd. Şti.", "TR"), ("r4", "Demir Kimya Ltd", "TR"), ("r5", "", "TR"),
        ("r6", "Nordchem GmbH", "DE"), ("r7", "Nordchem A.Ş.", "TR"), ("r8", "Demir Kimya Ltd", "CY")]


def _run(tmp_path, *options: str) -> list[dict[str, str]]:  # type: ignore[no-untyped-def]
    src = tmp_path / "names.csv"
    with src.open("w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows([("id", "name", "country"), *ROWS])
    result = CliRunner().invoke(main, ["dedupe", str(src), "--name-column", "name", *options])
    assert result.exit_code == 0, result.output
    return list(csv.DictReader(io.StringIO(result.stdout)))


def test_dedupe_writes_every_row_back_with_its_cluster(tmp_path) -> None:  # type: ignore[no-untyped-def]
    rows = _run(tmp_path)
    assert [r["id"] for r in rows] == [r[0] for r in ROWS]
    assert list(rows[0]) == ["id", "name", "country", "cluster_id"]
    c = {r["id"]: r["cluster_id"] for r in rows}
    assert c["r1"] == c["r2"] == c["r4"] == c["r8"] and c["r1"].startswith("ent-")
    assert len({c["r1"], c["r3"], c["r6"], c["r7"]}) == 4
    assert c["r5"] == ""


@pytest.mark.parametrize("options, together, apart", [
    (("--id-column", "id"), {"r1": "r1", "r2": "r1", "r4": "r1"}, {"r3": "r3"}),
    (("--country-column", "country"), {}, {}),
])
def test_dedupe_options(tmp_path, options, together, apart) -> None:  # type: ignore[no-untyped-def]
    c = {r["id"]: r["cluster_id"] for r in _run(tmp_path, *options)}
    for row, cluster in {**together, **apart}.items():
        assert c[row] == cluster
    if "--country-column" in options:
        assert c["r1"] == c["r4"] != c["r8"]  # the same name in Turkey and in Cyprus: two firms


def test_dedupe_names_a_missing_column(tmp_path) -> None:  # type: ignore[no-untyped-def]
    src = tmp_path / "x.csv"
    src.write_text("id,nom\n1,Acme\n")
    result = CliRunner().invoke(main, ["dedupe", str(src), "--name-column", "name"])
    assert result.exit_code != 0 and "no column 'name'" in result.output


def test_dedupe_of_people_keeps_shared_surnames_apart(tmp_path) -> None:  # type: ignore[no-untyped-def]
    src = tmp_path / "people.csv"
    src.write_text("name\nAhmet Yılmaz\nMustafa Kemal Yılmaz\n\"Yılmaz, Mustafa Kemal\"\nAHMET YILMAZ\n", "utf-8")
    result = CliRunner().invoke(main, ["dedupe", str(src), "--name-column", "name", "--type", "person"])
    ids = [r["cluster_id"] for r in csv.DictReader(io.StringIO(result.stdout))]
    assert ids[0] == ids[3] and ids[1] == ids[2] and ids[0] != ids[1]
