"""Golden case: a scanned receipt in Arabic script (corpora/golden_entities/arabic_receipt_scan, written by
make_arabic.py) read by the real tesseract; the name and the place on it are found and linked to their
Latin spellings in another document: one person entity, one place entity with its GeoNames id."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from pipeline import run
from pipeline.settings import Settings
from pipeline.store import iter_records, open_store

CASE = Path(__file__).resolve().parents[2] / "corpora" / "golden_entities" / "arabic_receipt_scan"


def test_arabic_name_and_place_on_a_scan_are_linked_to_latin_spellings(tmp_path: Path, settings: Settings) -> None:
    expected = json.loads((CASE / "expected.json").read_text("utf-8"))
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(CASE / "input.png", folder / "receipt.png")
    (folder / "interview.txt").write_text(expected["latin_document"], "utf-8")
    summary = run.process_paths([folder], settings)
    assert {o.status for o in summary.outcomes} == {"processed"}
    with open_store(settings.store_url).connect() as conn:
        records = list(iter_records(conn))
    entities = [r for r in records if r["kind"] == "entity"]
    for person in expected["people"]:
        [entity] = [e for e in entities if e["type"] == "person" and person["latin"] in e["aliases"]]
        assert person["arabic"] in entity["aliases"]
    for place in expected["places"]:
        [entity] = [e for e in entities if e["type"] == "place" and place["latin"] in e["aliases"]]
        assert place["arabic"] in entity["aliases"]
        assert entity["geonames_id"] == place["geonames_id"] and entity["country"] == "TR"
    scan_mentions = [r for r in records if r["kind"] == "mention" and r["text"] in
                     {p["arabic"] for p in expected["people"] + expected["places"]}]
    assert scan_mentions and all(m["bbox"] and m["page"] == 1 for m in scan_mentions)  # boxes on the scan
