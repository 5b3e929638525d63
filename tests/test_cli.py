"""`docintel process` + `export` end to end on the demo corpus and two bad files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import main

DOCUMENT_KEYS = {"kind", "id", "file_name", "path", "file_names", "sha256", "media_type", "doc_type",
                 "doc_type_confidence", "pages", "languages", "status", "error", "warnings", "received_at", "parent_id"}
PAGE_KEYS = {"kind", "document_id", "page", "method", "confidence", "width", "height", "bbox_unit", "dpi",
             "languages", "cleanup", "text"}
MENTION_KEYS = {"kind", "id", "entity_id", "document_id", "page", "text", "label", "start", "end", "bbox",
                "confidence", "extractor"}
COMMODITY_KEYS = {"kind", "id", "document_id", "page", "text", "commodity", "category", "hs_code", "quantity",
                  "unit", "quantity_si", "unit_si", "watchlist", "hs_code_written", "bbox", "extractor"}
HS_CODE_KEYS = {"kind", "id", "document_id", "page", "text", "hs_code", "valid", "description", "bbox", "extractor"}
ENTITY_KEYS = {"kind", "id", "type", "name", "aliases", "country", "replaces"}


@pytest.fixture(scope="session")
def processed(tmp_path_factory: pytest.TempPathFactory, demo_inbox: Path, ocr_cache: Path) -> dict:
    home = tmp_path_factory.mktemp("cli")
    env = {"DOCINTEL_HOME": str(home / "var"), "XDG_CACHE_HOME": str(ocr_cache.parent / "xdg"),
           "DOCINTEL_STORE": ""}
    runner = CliRunner()
    first = runner.invoke(main, ["process", str(demo_inbox)], env=env)
    export1 = runner.invoke(main, ["export"], env=env)
    second = runner.invoke(main, ["process", str(demo_inbox)], env=env)
    export2 = runner.invoke(main, ["export", "-o", str(home / "out.jsonl")], env=env)
    records = [json.loads(line) for line in export1.output.splitlines()]
    return {"first": first, "second": second, "export1": export1, "export2": export2,
            "again": (home / "out.jsonl").read_text("utf-8"), "records": records}


def kind(records: list[dict], k: str) -> list[dict]:
    return [r for r in records if r["kind"] == k]


def test_process_completes_and_reports_failures(processed: dict) -> None:
    first = processed["first"]
    assert first.exit_code == 0, first.output
    assert "7 files: 6 processed, 0 unchanged, 1 failed" in first.output
    assert "FAIL empty.pdf: empty file (0 bytes)" in first.output


def test_export_has_the_design_record_shapes(processed: dict) -> None:
    records = processed["records"]
    assert {r["kind"] for r in records} >= {"document", "page", "field", "mention", "commodity", "entity"}
    for k, keys in [("document", DOCUMENT_KEYS), ("page", PAGE_KEYS), ("mention", MENTION_KEYS),
                    ("commodity", COMMODITY_KEYS), ("hs_code", HS_CODE_KEYS)]:
        assert all(set(r) == keys for r in kind(records, k)), k
    assert all(set(r) >= ENTITY_KEYS for r in kind(records, "entity"))
    processed_docs = {d["id"] for d in kind(records, "document") if d["status"] == "processed"}
    assert processed_docs == {p["document_id"] for p in kind(records, "page")}  # plain text included
    assert all(0 <= m["confidence"] <= 1 for m in kind(records, "mention"))


def test_company_written_two_ways_is_one_entity(processed: dict) -> None:
    entities = kind(processed["records"], "entity")
    [demir] = [e for e in entities if "DEMIR KIMYA SAN. VE TIC. LTD. STI." in e["aliases"]]
    assert {"Demir Kimya Sanayi ve Ticaret Ltd. Sti.", "Demir Kimya Sanayi ve Ticaret Ltd. Şti."} <= set(demir["aliases"])
    assert demir["type"] == "company"
    docs = {m["document_id"] for m in kind(processed["records"], "mention") if m["entity_id"] == demir["id"]}
    assert len(docs) == 4  # the PDF invoice, the bill of lading as PNG and as PDF scan, the letter
    shop = [e for e in entities if "Akcakale Telefon Iletisim" in e["aliases"]]
    assert len(shop) == 1


def test_commodity_with_hs_code_and_quantity(processed: dict) -> None:
    records = processed["records"]
    pdf = next(d for d in kind(records, "document") if d["file_name"] == "invoice_demir_kimya.pdf")
    assert (pdf["doc_type"], pdf["media_type"], pdf["pages"]) == ("invoice", "application/pdf", 1)
    [paste] = [c for c in kind(records, "commodity") if c["document_id"] == pdf["id"] and c["commodity"] == "aluminium paste"]
    assert (paste["hs_code"], paste["quantity"], paste["unit"], paste["quantity_si"], paste["unit_si"]) == \
        ("760320", 6000, "kg", 6000, "kg")
    assert paste["watchlist"] is True and paste["bbox"] and len(paste["bbox"]) == 4
    seller = next(f for f in kind(records, "field") if f["document_id"] == pdf["id"] and f["name"] == "seller")
    assert seller["entity_id"] and seller["bbox"]
    total = next(f for f in kind(records, "field") if f["document_id"] == pdf["id"] and f["name"] == "total")
    assert total["value"] == 27000.0
    [item] = [i for i in kind(records, "line_item") if i["document_id"] == pdf["id"]]
    assert (item["description"], item["quantity"], item["unit"], item["unit_price"], item["amount"], item["hs_code"]) \
        == ("Aluminium paste", 6000, "kg", 4.5, 27000, "760320")
    assert item["bbox"] and item["page"] == 1
    # The code as written on the invoice, checked against the nomenclature, with its box.
    codes = [h for h in kind(records, "hs_code") if h["document_id"] == pdf["id"]]
    assert [(h["hs_code"], h["valid"]) for h in codes] == [("760320", True)]
    assert codes[0]["description"].startswith("Aluminium; powders of lamellar structure")
    assert codes[0]["bbox"] and codes[0]["text"].replace(".", "").startswith("760320")
    assert paste["hs_code_written"] == "760320"


def test_bad_files_are_recorded(processed: dict) -> None:
    docs = {d["file_name"]: d for d in kind(processed["records"], "document")}
    empty = docs["empty.pdf"]
    assert (empty["status"], empty["error"]) == ("failed", "empty file (0 bytes): nothing to read")
    lying = docs["really_text.pdf"]
    assert (lying["status"], lying["media_type"]) == ("processed", "text/plain")
    assert any("does not match the content, which is text/plain" in w for w in lying["warnings"])
    assert any(c["commodity"] == "ammonium nitrate" and c["document_id"] == lying["id"]
               for c in kind(processed["records"], "commodity"))


def test_image_only_pdf_is_ocred_as_its_own_document(processed: dict) -> None:
    records = processed["records"]
    pdf = next(d for d in kind(records, "document") if d["file_name"] == "bl_rescanned.pdf")
    png = next(d for d in kind(records, "document") if d["file_name"] == "bill_of_lading_scan.png")
    assert (pdf["status"], pdf["doc_type"]) == ("processed", "bill_of_lading")
    [page] = [p for p in kind(records, "page") if p["document_id"] == pdf["id"]]
    assert (page["method"], page["bbox_unit"], page["dpi"]) == ("ocr", "px", 300)
    fields = [f for f in kind(records, "field") if f["name"] == "container"]
    assert {f["document_id"] for f in fields} >= {pdf["id"], png["id"]}  # same text, ids of their own


def test_rerun_of_the_same_input_changes_nothing(processed: dict) -> None:
    assert processed["second"].exit_code == 0
    assert "6 unchanged, 1 failed" in processed["second"].output
    assert processed["again"] == processed["export1"].output
