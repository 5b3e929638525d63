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
    ("7. Mai 2014", "2014-05-07"), ("02 Juillet 2015", "2015-07-02"), ("29 maart 2014", "2014-03-29"),
    ("1 févr. 2020", "2020-02-01"), ("3 Ekim 2019", "2019-10-03"), ("August 3 , 2014", "2014-08-03"),
    ("15 Sept 2014", "2014-09-15"),
    ("INV/2023/03/0008", None),  # an invoice number, not 8 March 2023
    ("5 Decoded 2014", None),  # `Decoded` does not start December
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
    # a final label beats a bare `Total`, and a tax summary's `Total` row (amount and tax) is no total
    ("Total: 1\nTotal Sales (Inclusive of GST) 9.45\nCASH 10.00\nTotal: 8.90 0.53", "9.45"),
    ("Total Amount: RM7.72\nRounding: -RM0.02\nNett Total: RM7.70\nCASH RM7.70", "7.70"),
    ("TOTAL AMOUNT PAYABLE\nRM 41.95\nEDC MASTER RM 41.95", "41.95"),  # the amount alone on the next line
    ("Total Sales Incl GST @ 6%  RM8.60\nCash 8.60", "8.60"),  # the rate is not the amount
    ("Grand Total  Rs 1939\nBalance  Rs 0", "1939.00"),  # a currency before it makes an amount without cents
    ("Należność ogółem: 316,83 PLN", "316.83"),
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


@pytest.mark.parametrize("text, seller, address", [
    # a registration number after the name and a street number starting the address
    ("RESTORAN WAN SHENG\n002043319-W\nNo.2, Jalan Temenggung 19/9,\nSeksyen 9, Bandar Mahkota Cheras,\n"
     "43200 Cheras, Selangor\nGST REG NO: 001335787520\nTax Invoice",
     "RESTORAN WAN SHENG", "No.2, Jalan Temenggung 19/9, Seksyen 9, Bandar Mahkota Cheras, 43200 Cheras, Selangor"),
    # the registration inside the name line, a tax line before the address
    ("AEON CO. (M) BHD (126926-H)\nGST NO. : 002017394688\n3RD FLR, AEON TAMAN MALURI SC\nTEL : 03-9285",
     "AEON CO. (M) BHD", "3RD FLR, AEON TAMAN MALURI SC"),
    # a logo read as a scrap of letters before the name; a sender line with its address after dashes
    ("Q V4  Au bon moulin SARL - 1242 chemin de l'olive - 84340 Malaucène\nFacture FA-2017-0010",
     "Au bon moulin SARL", None),
    ("99 SPEED MART S/B (S19537-X)\nLOT P.T. 2811, JALAN ANGSA,\nTAMAN BERKELEY\nGST ID NO: 0001",
     "99 SPEED MART S/B", "LOT P.T. 2811, JALAN ANGSA, TAMAN BERKELEY"),
])
def test_letterhead_names_and_addresses_as_receipts_print_them(text: str, seller: str, address: str | None) -> None:
    fields = {f.name: f.value for f in parse_document(DocumentText((Page(1, "text", text),))).fields}
    assert fields["seller"] == seller
    assert fields.get("seller_address") == address


def test_a_drop_capital_set_apart_in_a_label_still_labels() -> None:
    text = "Coolblue B.V.\nF actuurnummer: 993548900\nK lantnummer: 6669263\nF actuurdatum: 19 april 2014"
    fields = {f.name: f.value for f in read_fields((Page(1, "text", text),))}
    assert fields["number"] == "993548900" and fields["date"] == "2014-04-19"


def test_a_heading_with_one_ocr_slip_still_names_the_role() -> None:
    text = "Rechnung Nr. 471102\nVerkdufer\nName:  Lieferant GmbH\nKaufer/Leistungsempfanger\nName:  Kunden AG Mitte"
    fields = {f.name: f.value for f in parse_document(DocumentText((Page(1, "text", text),))).fields}
    assert fields["seller"] == "Lieferant GmbH" and fields["buyer"] == "Kunden AG Mitte"


def test_letterhead_found_where_it_stands_on_the_page_not_where_ocr_put_its_block() -> None:
    # OCR gave the delivery block first; the boxes say the letterhead is at the top.
    from pipeline.model import Word
    lines = [("Adresse de livraison", 400), ("Hotel Saint Denis", 430), ("Au bon moulin SARL - 1242 chemin", 40)]
    text, words = "", []
    for line, y in lines:
        x = 10
        for token in line.split(" "):
            text += token
            words.append(Word(token, (x, y, x + 10 * len(token), y + 20), 0.95, len(text) - len(token), len(text)))
            text += " "
            x += 10 * len(token) + 10
        text = text[:-1] + "\n"
    page = Page(1, "ocr", text.rstrip("\n"), words=tuple(words), width=1000, height=1400, bbox_unit="px")
    fields = {f.name: f.value for f in parse_document(DocumentText((page,))).fields}
    assert fields["seller"] == "Au bon moulin SARL"
