"""The evaluation harness: its matching rules on hand-made cases, and a smoke run on the public sets."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import main
from pipeline.evaluate import DEFAULT_CORPORA, run_evaluation
from pipeline.evaluate import invoices, sroie, zugferd
from pipeline.evaluate.metrics import (
    Cer,
    OcrWord,
    cer,
    dates_match,
    identifiers_match,
    name_key,
    names_match,
    numbers_match,
    parse_day,
    parse_number,
    quad_rect,
    text_match,
    words_in_box,
)
from pipeline.evaluate.report import format_table
from pipeline.settings import Settings

CORPORA = DEFAULT_CORPORA
needs_corpora = pytest.mark.skipif(not CORPORA.is_dir(), reason=f"public corpora not present at {CORPORA}")


# ---------------------------------------------------------------- CER


def test_cer_is_edits_over_gold_characters_after_whitespace_normalising() -> None:
    assert cer([("TOTAL 9.00", "TOTAL  9.00\n")]) == 0
    assert cer([("abcd", "abed")]) == pytest.approx(1 / 4)
    # summed over lines, not averaged: 1 edit in 4 chars + 0 in 6 chars = 1/10
    assert cer([("abcd", "abed"), ("efghij", "efghij")]) == pytest.approx(1 / 10)
    assert cer([]) is None


def test_a_missed_line_counts_in_full_and_extra_text_counts_too() -> None:
    acc = Cer()
    acc.add("JOHOR BAHRU", "")
    assert (acc.errors, acc.chars, acc.missed) == (11, 11, 1)
    assert cer([("AB", "AB XYZ")]) == pytest.approx(4 / 2)  # insertions are errors: CER can pass 1


def test_case_is_not_counted_where_the_gold_is_written_in_one_case(tmp_path) -> None:
    acc = Cer(ignore_case=True)
    acc.add("GOODS SOLD ARE NOT RETURNABLE", "Goods soid are not returnable")
    assert (acc.errors, Cer().add("GOODS", "Goods")) == (1, 4)
    # the SROIE harness decides it from the gold itself
    (tmp_path / "box").mkdir()
    (tmp_path / "box" / "000.csv").write_text("1,2,3,2,3,4,1,4,TOTAL 9.00\n1,5,3,5,3,8,1,8,CASH\n")
    (tmp_path / "box" / "001.csv").write_text("1,2,3,2,3,4,1,4,Thank you\n")
    assert sroie.upper_case_gold(tmp_path, ["000"]) == (True, 2)
    assert sroie.upper_case_gold(tmp_path, ["000", "001"]) == (False, 3)


# ---------------------------------------------------------------- line boxes


def test_gold_quadrilateral_becomes_its_bounding_rectangle() -> None:
    assert quad_rect([72, 25, 326, 25, 326, 64, 72, 64]) == (72, 25, 326, 64)
    assert quad_rect([10, 20, 110, 15, 112, 40, 8, 45]) == (8, 15, 112, 45)  # a skewed line


def test_words_are_matched_by_box_centre_and_joined_left_to_right() -> None:
    words = [
        OcrWord("BAHRU,", (200, 100, 260, 120)),
        OcrWord("JOHOR", (120, 100, 190, 120)),
        OcrWord("81100", (50, 101, 110, 119)),
        OcrWord("JOHOR.", (50, 130, 110, 150)),  # the next line: centre y 140, outside
        OcrWord("TALL", (300, 60, 340, 125)),  # overlaps the line but its centre (x 320) is outside
    ]
    assert words_in_box(words, (40, 95, 280, 125)) == "81100 JOHOR BAHRU,"
    assert words_in_box(words, (0, 0, 10, 10)) == ""


def test_receipt_lines_keep_commas_in_the_transcript(tmp_path: Path) -> None:
    box = tmp_path / "000.csv"
    box.write_text("110,144,383,144,383,163,110,163,NO.53 55,57 & 59, JALAN SAGU 18,\r\n\r\nbad line\n", "utf-8")
    assert sroie.read_lines(box) == [((110, 144, 383, 163), "NO.53 55,57 & 59, JALAN SAGU 18,")]


# ---------------------------------------------------------------- values


@pytest.mark.parametrize("text, expected", [
    ("9.00", "9.00"), ("RM9.00", "9.00"), ("6,000.50", "6000.50"), ("6.000,50", "6000.50"),
    ("1 234,56", "1234.56"), ("6.000", "6000"), ("6,000", "6000"), ("9,5", "9.5"), ("-12,00 EUR", "-12.00"),
    ("EUR 1.234.567,89", "1234567.89"), (4.11, "4.11"), (319.0, "319"), ("9.00 12", "9.00"),
])
def test_numbers_parse_in_both_styles(text: object, expected: str) -> None:
    assert parse_number(text) == Decimal(expected)


def test_numbers_match_as_decimals() -> None:
    assert numbers_match("9.00", "9")
    assert numbers_match(4.11, "$4.11")
    assert numbers_match("6.000,50", "6,000.50")
    assert not numbers_match("9.00", "9.01")
    assert not numbers_match("9.00", None) and parse_number("abc") is None


@pytest.mark.parametrize("text, expected", [
    ("25/12/2018", date(2018, 12, 25)), ("12/03/18", date(2018, 3, 12)), ("16-03-2018", date(2018, 3, 16)),
    ("04 JUN 2018", date(2018, 6, 4)), ("2018-12-25", date(2018, 12, 25)), ("20180305", date(2018, 3, 5)),
    ("August 3 , 2014", date(2014, 8, 3)), ("8-9-2022", date(2022, 9, 8)), ("Date : 25/12/2018 8:13 PM", date(2018, 12, 25)),
    ("31/02/2018", None), ("no date", None),
])
def test_dates_are_read_day_first(text: str, expected: date | None) -> None:
    assert parse_day(text) == expected


def test_dates_match_on_the_calendar_day() -> None:
    assert dates_match("25/12/2018", "2018-12-25")
    assert not dates_match("06/03/2018", "2018-06-03")  # day first: 6 March, not 3 June
    assert not dates_match("25/12/2018", None)


def test_names_drop_case_punctuation_spacing_and_trailing_legal_forms() -> None:
    assert name_key("SYL ROASTED DELIGHTS SDN. BHD.") == "sylroasteddelights"
    assert name_key("Coolblue B.V.") == name_key("COOLBLUE BV") == "coolblue"
    assert names_match("Amazon Web Services", "Amazon Web Services, Inc.")
    assert names_match("Polski Koncern Naftowy ORLEN spółka akcyjna", "POLSKI KONCERN NAFTOWY ORLEN S.A.")
    assert names_match("BOOK TA .K (TAMAN DAYA) SDN BHD", "BOOK TA -K (TAMAN DAYA) SDN BND")  # one OCR slip
    assert not names_match("Lieferant GmbH", "Kunden AG Mitte")
    assert not names_match("SYL ROASTED DELIGHTS SDN. BHD.", "tan woon yann")
    assert not names_match("Free", None)
    assert name_key("GmbH") == "gmbh"  # a name that is only a legal form keeps it


def test_addresses_and_identifiers() -> None:
    assert text_match("75. JALAN SS 22/19, DAMANSARA JAYA, 47400 PJ", "75, JALAN SS 22/19 DAMANSARA JAYA 47400 PJ")
    assert not text_match("NO.53 55,57 & 59, JALAN SAGU 18, TAMAN DAYA, 81100 JOHOR BAHRU, JOHOR.", "TAMAN DAYA")
    assert identifiers_match("#BLR_WFLD20151000982590", "# BLR_WFLD20151000982590")
    assert identifiers_match("INV/2023/03/0008", "inv/2023/03/0008")
    assert not identifiers_match("471102", "471103")


# ---------------------------------------------------------------- gold readers


@needs_corpora
def test_zugferd_gold_comes_from_the_embedded_xml_and_agrees_with_the_sidecar() -> None:
    root = CORPORA / zugferd.FOLDER
    pdf = root / "de_xml_rechnung" / "EN16931_Einfach.pdf"
    xml, origin = zugferd.invoice_xml(pdf)
    assert origin.startswith("embedded")
    gold = zugferd.parse_cii(xml)
    assert gold == zugferd.parse_cii(pdf.with_suffix(".cii.xml").read_bytes())
    assert gold == {"seller": "Lieferant GmbH", "buyer": "Kunden AG Mitte", "number": "471102",
                    "date": "2018-03-05", "total": "529.87"}
    fr = zugferd.parse_cii(zugferd.invoice_xml(root / "fr_fnfe" / "Facture_FR_BASICWL.pdf")[0])
    assert all(fr.values()), fr


@needs_corpora
def test_invoice2data_gold_with_its_documented_erratum() -> None:
    root = CORPORA / invoices.FOLDER
    assert "Orlen" in invoices.invoices(root) and len(invoices.invoices(root)) == 12
    assert invoices.load_gold(root, "Orlen")["invoice_number"] == "F 1234K20/1234/12"
    assert invoices.load_gold(root, "AmazonWebServices")["amount"] == 4.11


def test_noisy_scan_is_the_same_pixels_every_run(tmp_path: Path) -> None:
    from PIL import Image

    pdf = tmp_path / "page.pdf"
    Image.new("L", (200, 100), 255).save(pdf, "PDF", resolution=72)
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (a,) = zugferd.rasterise(pdf, tmp_path / "a", "x.pdf")
    (b,) = zugferd.rasterise(pdf, tmp_path / "b", "x.pdf")
    ia, ib = Image.open(a), Image.open(b)
    assert ia.mode == "L" and ia.size == (556, 278)  # 200 dpi
    assert ia.tobytes() == ib.tobytes() and len(set(ia.tobytes())) > 2  # noisy, and seeded


# ---------------------------------------------------------------- smoke


def test_an_absent_corpus_is_skipped_with_its_reason(tmp_path: Path, settings: Settings) -> None:
    (result,) = run_evaluation(["sroie"], tmp_path, settings)
    assert result.skipped and "absent" in result.skipped and str(tmp_path) in result.skipped
    assert "skipped" in format_table(result)


@needs_corpora
@pytest.mark.slow
def test_smoke_run_scores_two_receipts_and_two_hybrid_invoices(settings: Settings) -> None:
    sroie_res, zug_res = run_evaluation(["sroie", "zugferd"], CORPORA, settings, limit=2, jobs=2)
    assert sroie_res.documents == 2 and sroie_res.available == 29
    ours, raw = sroie_res.row("line CER", sroie.OURS), sroie_res.row("line CER", sroie.RAW)
    assert ours and raw and 0 < ours.value < 1 and 0 < raw.value < 1  # type: ignore[operator]
    assert ours.status in ("PASS", "FAIL") and ours.target
    doc = sroie_res.per_document[0]
    assert doc["id"] == "000" and doc["ours"]["lines"] == doc["raw"]["lines"] > 30
    assert doc["fields"]["date"] == {"gold": "25/12/2018", "ours": doc["fields"]["date"]["ours"],
                                     "ok": doc["fields"]["date"]["ok"]}
    for metric in ("company", "address", "date", "total"):
        row = sroie_res.row(metric, "docintel fields")
        assert row and row.detail.endswith("/2 right") and row.status in ("PASS", "FAIL")

    assert zug_res.documents == 2
    for source in zugferd.SOURCES.values():
        row = zug_res.row("all fields", source)
        assert row and row.detail.endswith("/10 right"), row
    assert all(d["gold_from"].startswith("embedded") for d in zug_res.per_document)
    assert not any(d.get("error") for d in zug_res.per_document), zug_res.per_document
    # the rendered, noisy pages were OCRed and parsed: some field came back from every one
    assert all(any(cmp["ours"] for cmp in d["scan"].values()) for d in zug_res.per_document)


@needs_corpora
def test_cli_prints_the_tables_and_writes_json(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    out = tmp_path / "eval.json"
    res = CliRunner().invoke(main, ["evaluate", "invoice2data", "--limit", "2", "--jobs", "1", "--json", str(out),
                                    "--corpora", str(CORPORA)])
    assert res.exit_code == 0, res.output
    assert "== invoice2data" in res.output and "all fields" in res.output and ">= 0.8" in res.output
    assert "targets:" in res.output
    data = json.loads(out.read_text("utf-8"))
    (inv,) = data["sets"]
    assert inv["documents"] == 2 and inv["per_document"][0]["id"] == "AmazonWebServices"
    res = CliRunner().invoke(main, ["evaluate", "sroie", "--corpora", str(tmp_path / "none")])
    assert res.exit_code == 0 and "skipped: corpus folder" in res.output
