"""`docintel export --format ftm`: FollowTheMoney entities that followthemoney itself accepts."""

from __future__ import annotations

import json

from click.testing import CliRunner
from followthemoney import model
from test_views import _store

from pipeline.cli import main


def test_ftm_export_is_valid_followthemoney(tmp_path) -> None:  # type: ignore[no-untyped-def]
    url = f"sqlite:///{tmp_path}/s.sqlite"
    _store(url)
    out = tmp_path / "store.ftm.json"
    result = CliRunner().invoke(main, ["export", "--format", "ftm", "--store", url, "-o", str(out)])
    assert result.exit_code == 0, result.output
    entities = [json.loads(line) for line in out.read_text().splitlines()]
    by_schema: dict[str, list[dict]] = {}
    for data in entities:
        model.get(data["schema"]).validate(data)  # raises InvalidData on anything FtM would reject
        proxy = model.get_proxy(data, cleaned=False)
        assert proxy.id == data["id"]
        by_schema.setdefault(data["schema"], []).append(data)
    assert {s: len(v) for s, v in by_schema.items()} == {"Document": 2, "Company": 2, "Mention": 3}
    ids = {e["id"] for e in entities}
    demir = next(c for c in by_schema["Company"] if c["properties"]["name"] == ["Demir Kimya Sanayi ve Ticaret Ltd. Şti."])
    assert demir["properties"]["alias"] == ["DEMIR KIMYA SAN. VE TIC. LTD. STI."]
    for mention in by_schema["Mention"]:
        assert mention["properties"]["document"][0] in ids  # every reference points at an exported entity
        assert mention["properties"]["resolved"][0] in ids
        assert mention["properties"]["detectedSchema"] == ["Company"]
    assert sum(m["properties"]["resolved"] == [demir["id"]] for m in by_schema["Mention"]) == 2
    again = tmp_path / "again.json"
    CliRunner().invoke(main, ["export", "--format", "ftm", "--store", url, "-o", str(again)])
    assert again.read_bytes() == out.read_bytes()  # the same store, the same bytes
