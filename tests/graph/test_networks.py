"""The golden networks through the real `docintel process`: exactly the expected flags, with their
evidence, quantities counted once per shipment, relation records in the export, and thresholds that
change what is flagged."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from pipeline.graph import build_flags
from pipeline.settings import FlagThresholds
from pipeline.settings import sqlite_url
from pipeline.store import open_store

from network_helpers import NETWORKS as NETWORK_DIR, Processed, docintel, expected, processed  # noqa: F401

NETWORKS = ["network_1", "network_2"]
RELATION_FIELDS = {"id", "type", "source_id", "target_id", "commodity", "quantity", "unit", "value", "currency",
                   "date", "document_id", "page", "bbox"}


def _flag_keys(p: Processed) -> set[tuple[str, str, str]]:
    names = {e["id"]: e["name"] for e in p.kind("entity")}
    return {(f["type"], names[f["entity_id"]], f["details"].get("commodity", "")) for f in p.kind("flag")}


@pytest.mark.parametrize("network", NETWORKS)
def test_network_gives_exactly_the_expected_flags(network: str, processed: Callable[..., Processed]) -> None:
    p = processed(network)
    want = {(f["type"], p.entity_named(f["entity"])["name"], f["commodity"] if f["type"] == "incongruent_purchase"
             else "") for f in expected(network)["flags"]}
    assert _flag_keys(p) == want
    flagged = {f["entity_id"] for f in p.kind("flag")}
    for name in expected(network)["not_flagged"]:
        assert p.entity_named(name)["id"] not in flagged, name


@pytest.mark.parametrize("network", NETWORKS)
def test_every_flag_has_a_reason_a_score_and_evidence_on_its_documents(network: str,
                                                                      processed: Callable[..., Processed]) -> None:
    p = processed(network)
    flags = {(f["type"], f["entity_id"], f["details"].get("commodity")): f for f in p.kind("flag")}
    for want in expected(network)["flags"]:
        entity = p.entity_named(want["entity"])
        flag = flags[(want["type"], entity["id"], want.get("commodity") if want["type"] == "incongruent_purchase"
                      else None)]
        assert 0 < flag["score"] <= 1 and flag["reason"]
        assert flag["evidence"] and all(e["page"] >= 1 and e["document_id"] for e in flag["evidence"])
        shown = {p.file_name(e["document_id"]) for e in flag["evidence"]}
        assert set(want.get("documents", [])) <= shown, (want, shown)
        if "quantity" in want:  # the same shipment seen in several documents is counted once
            assert flag["details"]["quantity"] == want["quantity"] and flag["details"]["unit"] == want["unit"]
            assert f"{want['quantity']:,}" in flag["reason"]
        if "disagree" in want:
            assert flag["details"]["disagree"] == want["disagree"]
        if "place" in want:
            assert flag["details"]["place"] == want["place"] and flag["details"]["km"] <= 15
        if want["type"] != "border_proximity":  # evidence boxes: every text-layer fact has one
            assert any(e["bbox"] for e in flag["evidence"])


def test_a_pdf_its_scan_and_its_bill_of_lading_are_one_shipment(processed: Callable[..., Processed]) -> None:
    p = processed("network_1")
    shop = p.entity_named("Ceylan GSM Telefon Iletisim Ltd. Sti.")
    [flag] = [f for f in p.kind("flag") if f["type"] == "incongruent_purchase" and f["entity_id"] == shop["id"]]
    files = {p.file_name(e["document_id"]) for e in flag["evidence"]}
    assert {"invoice_karadeniz_ceylan.pdf", "invoice_karadeniz_ceylan_scan.png", "bl_karadeniz_ceylan.pdf"} <= files
    assert flag["details"]["quantity"] == 5000 and len(flag["details"]["shipments"]) == 1
    bought = [r for r in p.kind("relation") if r["target_id"] == shop["id"] and r["commodity"] == "ammonium nitrate"]
    assert len(bought) == 3 and len({r["shipment_id"] for r in bought}) == 1


def test_relations_carry_the_design_fields_and_persons_link_to_companies(processed: Callable[..., Processed]) -> None:
    p = processed("network_1")
    relations = p.kind("relation")
    assert all(RELATION_FIELDS <= set(r) for r in relations)
    kaya, ibrahim = p.entity_named("Kaya Kardesler Ticaret Ltd. Sti."), p.entity_named("Ibrahim Kaya")
    types = {(r["type"], r["source_id"], r["target_id"]) for r in relations}
    assert ("attention", ibrahim["id"], kaya["id"]) in types and ("signatory", ibrahim["id"], kaya["id"]) in types
    notify = [r for r in relations if r["type"] == "notify"]
    assert [r["source_id"] for r in notify] == [kaya["id"]]
    sale = next(r for r in relations if r["type"] == "sale" and r["target_id"] == kaya["id"]
                and r["commodity"] == "thermal imaging camera")
    assert (sale["quantity"], sale["unit"], sale["value"], sale["currency"], sale["date"]) == \
        (20, "pcs", 18000, "USD", "2024-04-08")
    assert p.file_name(sale["document_id"]) == "invoice_optimum_kaya.pdf" and sale["page"] == 1 and sale["bbox"]


def test_processing_again_changes_nothing(processed: Callable[..., Processed]) -> None:
    p = processed("network_2")
    again = docintel(p.home, p.cache, "process", str(NETWORK_DIR / "network_2" / "documents"))
    assert "10 unchanged" in again.stdout
    assert p.export() == p.records  # the graph and the flags are rebuilt, byte for byte the same


@pytest.mark.parametrize(("change", "gone"), [
    ({"speed_max_days": 10}, ("speed", "Kaya Kardesler Ticaret Ltd. Sti.")),
    ({"junction_min_suppliers": 4}, ("junction", "Kaya Kardesler Ticaret Ltd. Sti.")),
    ({"quantity_reference": 1_000_000.0}, ("incongruent_purchase", "Ceylan GSM Telefon Iletisim Ltd. Sti.")),
    ({"border_km": 0.0}, ("border_proximity", "Kaya Kardesler Ticaret Ltd. Sti.")),
])
def test_thresholds_decide(change: dict[str, float], gone: tuple[str, str], processed: Callable[..., Processed]) -> None:
    p = processed("network_1")
    engine = open_store(sqlite_url(p.home / "docintel.sqlite"))
    names = {e["id"]: e["name"] for e in p.kind("entity")}
    with engine.connect() as conn:
        default = {(f.type, names[f.entity_id]) for f in build_flags(conn, FlagThresholds())}
        changed = {(f.type, names[f.entity_id]) for f in build_flags(conn, FlagThresholds(**change))}
        conn.rollback()  # the store keeps the flags of the default thresholds
    assert gone in default and gone not in changed
    assert changed - default == set()


def test_postgresql_store_gives_the_same_flags(processed: Callable[..., Processed], pg_server: str,
                                               tmp_path: Path) -> None:
    from conftest import new_pg_database

    url = new_pg_database(pg_server)
    home = tmp_path / "home"
    docintel(home, processed("network_2").cache, "process", "--store", url, str(NETWORK_DIR / "network_2" / "documents"))
    out = tmp_path / "pg.jsonl"
    docintel(home, processed("network_2").cache, "export", "--store", url, "-o", str(out))
    records = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    names = {r["id"]: r["name"] for r in records if r["kind"] == "entity"}
    on_pg = {(r["type"], names[r["entity_id"]], r["details"].get("commodity", "")) for r in records if r["kind"] == "flag"}
    assert on_pg == _flag_keys(processed("network_2"))
    assert [r for r in records if r["kind"] in ("relation", "flag")] == \
        [r for r in processed("network_2").records if r["kind"] in ("relation", "flag")]
