from __future__ import annotations

import pytest

from pipeline.model import DocumentText, Page
from pipeline.parse import classify, parse_date, parse_document, read_fields


@pytest.mark.parametrize("text, expected", [
    ("COMMERCIAL INVOICE\nInvoice No: 12\nSeller: Acme Ltd", "invoice"),
    ("FATURA\nFatura No: 2024-7\nSatıcı: Demir Kimya Ltd. Şti.", "invoice"),
    ("PACKING LIST\nGross weight: 6,000 kg", "packing_list"),
    ("İrsaliye\nTeslim alan: ...", "packing_list"),
    ("BILL OF LADING\nShipper: X\nConsignee: Y\nPort of Loading: Mersin", "bill_of_lading"),
    ("KONŞİMENTO\nGönderici: X", "bill_of_lading"),
    ("CARGO MANIFEST\nVessel: MV Star", "cargo_manifest"),
    ("GÜMRÜK BEYANNAMESİ\nGTIP 7603.20", "customs_declaration"),
    ("Dear Mr Smith,\nPlease find attached the invoice for March.\nYours sincerely,\nJ. Doe", "correspondence"),
    ("Sayın Yetkili,\nSiparişiniz hazırdır.\nSaygılarımızla", "correspondence"),
    ("Shopping list: eggs, milk", "other"),
])
def test_classify_document_types(text: str, expected: str) -> None:
    kind, confidence = classify(text)
    assert kind == expected and 0 < confidence <= 1


@pytest.mark.parametrize("written, iso", [
    ("14.03.2024", "2024-03-14"), ("14/03/2024", "2024-03-14"), ("2024-03-14", "2024-03-14"),
    ("14 March 2024", "2024-03-14"), ("14 Mart 2024", "2024-03-14"), ("March 14, 2024", "2024-03-14"),
    ("31.02.2024", None), ("no date here", None),
])
def test_parse_date_day_first(written: str, iso: str | None) -> None:
    assert parse_date(written) == iso


def test_labelled_fields_with_values_beside_and_below_their_labels() -> None:
    text = ("COMMERCIAL INVOICE\nInvoice No: DK-2024-0117\nDate: 14.03.2024\n"
            "Seller: Demir Kimya Sanayi ve Ticaret Ltd. Şti.\nAlıcı: Akçakale Telefon İletişim\n"
            "Notify Party: Same as consignee\nPort of Loading:\nMersin\nTotal: USD 27,000.00")
    fields = {f.name: f for f in read_fields((Page(1, "text", text),))}
    assert fields["number"].value == "DK-2024-0117"
    assert fields["date"].value == "2024-03-14"
    assert fields["seller"].value == "Demir Kimya Sanayi ve Ticaret Ltd. Şti."
    assert fields["buyer"].value == "Akçakale Telefon İletişim"
    assert fields["port_of_loading"].value == "Mersin"
    assert fields["total"].value == "27000.00"
    assert "notify_party" not in fields  # `Same as consignee` names nobody new
    seller = fields["seller"]
    assert text[seller.start:seller.end] == seller.value


@pytest.mark.parametrize("text, expected", [
    ("SUBTOTAL 8.49\nGST 6% 0.51\nTOTAL 9.00\nCASH 10.00", "9.00"),
    ("Total Sales (Excl GST): 30.00\nTotal Incl. GST RM 31.80\nRounding 0.00", "31.80"),
    ("Ara Toplam: 25.000,00\nKDV: 2.000,00\nGenel Toplam 27.000,00 TL", "27000.00"),
    ("Total Qty: 3\nGrand Total: $1,234.50", "1234.50"),
])
def test_total_without_a_colon_and_not_a_subtotal(text: str, expected: str) -> None:
    fields = {f.name: f.value for f in parse_document(DocumentText((Page(1, "text", text),))).fields}
    assert fields["total"] == expected


def test_letterhead_issuer_and_address_when_nothing_is_labelled() -> None:
    text = ("UNIHAKKA INTERNATIONAL SDN BHD\n12, JALAN TAMPOI 7/4, KAWASAN\nPERINDUSTRIAN TAMPOI, 81200 JOHOR BAHRU\n"
            "TEL: 07-3364281\nTAX INVOICE\nDate: 18/11/2018\nTOTAL 8.20")
    fields = {f.name: f for f in parse_document(DocumentText((Page(1, "text", text),))).fields}
    assert fields["seller"].value == "UNIHAKKA INTERNATIONAL SDN BHD"
    assert fields["seller_address"].value == "12, JALAN TAMPOI 7/4, KAWASAN PERINDUSTRIAN TAMPOI, 81200 JOHOR BAHRU"
    assert fields["date"].value == "2018-11-18" and fields["total"].value == "8.20"
