#!/usr/bin/env python3
"""Generate the golden supply-chain networks in ``corpora/networks/<network>/``.

Usage (from the repository root)::

    .venv/bin/python corpora/networks/make_networks.py          # (re)writes both networks
    .venv/bin/python corpora/networks/make_networks.py --out D  # writes them under D instead

Each network is a folder, ``documents/``, of trade documents (text-layer PDFs drawn by hand, one scanned PNG, plain
UTF-8 text with Turkish letters) and ``expected.json``: the red flags ``docintel process`` must raise on
that folder alone, written here by hand next to the documents, never produced by the pipeline. All
companies, people, numbers and addresses are made up; towns and border crossings are real.

Deterministic: no dates in the PDFs, a fixed seed for the scan; the PNG is byte-identical with the
same Pillow/zlib build (made with Pillow 13.0.0).
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from make_demo import PdfPage, ScanPage, build_pdf  # noqa: E402  (helpers shared with the demo corpus)


@dataclass
class Doc:
    """One trade document: its title, labelled header lines, party blocks, goods rows and footer."""

    name: str  # file name without extension
    title: str
    header: list[tuple[str, str]]  # (label, value) lines: numbers, dates, currency, ports
    parties: list[tuple[str, str, list[str]]]  # (label, name, address and activity lines)
    rows: list[tuple[str, str, str, str, str]] = field(default_factory=list)  # description, HS, qty, price, amount
    footer: list[str] = field(default_factory=list)
    total: str | None = None


COLS = ["Description", "HS Code", "Quantity", "Unit Price", "Amount"]


def draw_pdf(doc: Doc) -> bytes:
    """The document as a one-page text-layer PDF (Helvetica, ASCII only)."""
    p = PdfPage()
    left, right = 56, 539
    p.text_center(297.5, 790, doc.title, 16, bold=True)
    y = 760
    for label, value in doc.header:
        p.text(left, y, f"{label}: {value}", 10)
        y -= 15
    y -= 8
    for label, name, lines in doc.parties:
        p.text(left, y, f"{label}: {name}", 10, bold=True)
        y -= 14
        for line in lines:
            p.text(left + 12, y, line, 10)
            y -= 14
        y -= 8
    if doc.rows:
        cols = [left, 250, 320, 410, 475, right]
        p.text(cols[0] + 4, y, COLS[0], 10, bold=True)
        p.text(cols[1] + 4, y, COLS[1], 10, bold=True)
        for i, head in enumerate(COLS[2:], start=2):
            p.text_right(cols[i + 1] - 4, y, head, 10, bold=True)
        y -= 16
        for desc, hs, qty, price, amount in doc.rows:
            p.text(cols[0] + 4, y, desc, 10)
            p.text(cols[1] + 4, y, hs, 10)
            for i, cell in enumerate((qty, price, amount), start=2):
                if cell:
                    p.text_right(cols[i + 1] - 4, y, cell, 10)
            y -= 15
    if doc.total:
        y -= 6
        p.text_right(right - 4, y, f"Total: {doc.total}", 11, bold=True)
        y -= 18
    y -= 10
    for line in doc.footer:
        p.text(left, y, line, 10)
        y -= 15
    return build_pdf(p.content(), doc.title)


def draw_scan(doc: Doc, seed: int) -> bytes:
    """The same layout as a scanned-looking greyscale PNG at 200 dpi."""
    import io

    s = ScanPage()
    s.text_center(105, 22, doc.title, 16, bold=True)
    y = 36.0
    for label, value in doc.header:
        s.field(20, y, f"{label}:", value)
        y += 7
    y += 3
    for label, name, lines in doc.parties:
        s.field(20, y, f"{label}:", name)
        y += 7
        for line in lines:
            s.text(26, y, line)
            y += 7
        y += 3
    if doc.rows:
        xs = [20, 92, 138, 168, 190]
        for x, head in zip(xs, COLS):
            s.text(x, y, head, bold=True)
        y += 7
        for row in doc.rows:
            for x, cell in zip(xs, row):
                s.text(x, y, cell)
            y += 7
    if doc.total:
        s.text_right(190, y + 4, f"Total: {doc.total}", bold=True)
        y += 12
    for line in doc.footer:
        y += 7
        s.text(20, y, line)
    out = io.BytesIO()
    s.render(seed=seed, angle=0.4).save(out, "PNG", optimize=True)
    return out.getvalue()


# --------------------------------------------------------------------------
# Network 1: the Syrian border at Akcakale and Ceylanpinar (Turkey)
# --------------------------------------------------------------------------

KARADENIZ = "Karadeniz Kimya Sanayi ve Ticaret Ltd. Sti."
CEYLAN_GSM = "Ceylan GSM Telefon Iletisim Ltd. Sti."
EFES_ELEKTRONIK = "Efes Elektronik Dagitim A.S."
BIRECIK_TEKSTIL = "Yesilyurt Tekstil Sanayi Ltd. Sti."
PAMUK_DOKUMA = "Pamukkale Dokuma A.S."
KAYA = "Kaya Kardesler Ticaret Ltd. Sti."
ANKA = "Anka Model Elektronik Ltd. Sti."
OPTIK = "Optimum Optik Guvenlik Sistemleri A.S."
NOUR = "Al-Nour General Trading"
ARAS = "Aras Nakliyat ve Lojistik A.S."


def network_1() -> tuple[list[tuple[Doc, str]], dict]:
    """A phone shop buying a precursor (its PDF and a scan of it), a textile firm buying fabric, a
    family firm buying from several suppliers and passing goods across the border, an invoice and a
    bill of lading that disagree."""
    ceylan_block = ["Ataturk Bulvari 18, Ceylanpinar, Sanliurfa, Turkey",
                    "Business: retail of mobile phones and accessories"]
    kaya_block = ["Cumhuriyet Caddesi 7, Akcakale, Sanliurfa, Turkey"]
    phone_precursor = Doc(
        "invoice_karadeniz_ceylan", "COMMERCIAL INVOICE",
        [("Invoice No", "KK-2024-0311"), ("Date", "11.03.2024"), ("Currency", "USD")],
        [("Seller", KARADENIZ, ["Organize Sanayi Bolgesi 2. Cadde No: 9, Gaziantep, Turkey"]),
         ("Buyer", CEYLAN_GSM, ceylan_block)],
        [("Ammonium nitrate", "3102.30", "5,000 kg", "0.90", "4,500.00")],
        ["Terms of delivery: FCA Gaziantep", "Authorised signatory: Levent Karadeniz"], "USD 4,500.00")
    phone_phones = Doc(
        "invoice_efes_ceylan", "COMMERCIAL INVOICE",
        [("Invoice No", "EF-88412"), ("Date", "02.02.2024"), ("Currency", "USD")],
        [("Seller", EFES_ELEKTRONIK, ["Ikitelli OSB, Istanbul, Turkey"]),
         ("Buyer", CEYLAN_GSM, ceylan_block)],
        [("Mobile phones Nokia 105", "8517.13", "300 pcs", "18.00", "5,400.00"),
         ("SIM card holders", "8517.13", "200 pcs", "1.00", "200.00")],
        ["Authorised signatory: Selin Efe"], "USD 5,600.00")
    phone_bl = Doc(
        "bl_karadeniz_ceylan", "BILL OF LADING",
        [("B/L No", "ARS-BL-55120"), ("Date", "14.03.2024"), ("Port of loading", "Mersin"),
         ("Port of discharge", "Iskenderun")],
        [("Shipper", KARADENIZ, ["Gaziantep, Turkey"]),
         ("Consignee", CEYLAN_GSM, ["Ceylanpinar, Sanliurfa, Turkey"])],
        [("Ammonium nitrate", "3102.30", "5,000 kg", "", "")],
        ["Invoice ref: KK-2024-0311", "200 bags, gross weight 5,000 kg"])
    textile = Doc(
        "invoice_pamukkale_yesilyurt", "COMMERCIAL INVOICE",
        [("Invoice No", "PD-2024-118"), ("Date", "05.03.2024"), ("Currency", "EUR")],
        [("Seller", PAMUK_DOKUMA, ["Denizli, Turkey"]),
         ("Buyer", BIRECIK_TEKSTIL, ["Sanayi Sitesi 3, Kilis, Turkey"])],
        [("Cotton fabric", "5208.12", "8,000 m", "2.10", "16,800.00")],
        ["Authorised signatory: Hakan Pamuk"], "EUR 16,800.00")
    kaya_from_karadeniz = Doc(
        "invoice_karadeniz_kaya", "COMMERCIAL INVOICE",
        [("Invoice No", "KK-2024-0402"), ("Date", "02.04.2024"), ("Currency", "USD")],
        [("Seller", KARADENIZ, ["Organize Sanayi Bolgesi 2. Cadde No: 9, Gaziantep, Turkey"]),
         ("Buyer", KAYA, kaya_block)],
        [("Potassium chlorate", "2829.11", "2,000 kg", "1.60", "3,200.00")],
        ["Authorised signatory: Levent Karadeniz", "Attn: Ibrahim Kaya"], "USD 3,200.00")
    kaya_from_anka = Doc(
        "invoice_anka_kaya", "COMMERCIAL INVOICE",
        [("Invoice No", "ANK-7731"), ("Date", "04.04.2024"), ("Currency", "USD")],
        [("Seller", ANKA, ["Ostim OSB, Ankara, Turkey"]),
         ("Buyer", KAYA, kaya_block)],
        [("Brushless motors 2806", "8501.31", "400 pcs", "22.00", "8,800.00"),
         ("Flight controllers F405", "8537.10", "100 pcs", "35.00", "3,500.00")],
        ["Authorised signatory: Deniz Anka", "Attn: Yusuf Kaya"], "USD 12,300.00")
    kaya_from_optik = Doc(
        "invoice_optimum_kaya", "COMMERCIAL INVOICE",
        [("Invoice No", "OPT-2024-061"), ("Date", "08.04.2024"), ("Currency", "USD")],
        [("Seller", OPTIK, ["Kavaklidere, Ankara, Turkey"]),
         ("Buyer", KAYA, kaya_block)],
        [("Thermal imaging cameras", "8525.89", "20 pcs", "900.00", "18,000.00")],
        ["Authorised signatory: Murat Onal", "Attn: Ibrahim Kaya"], "USD 18,000.00")
    # The bill of lading of the thermal cameras disagrees with their invoice: 30 pieces, not 20, and
    # another consignee across the border.
    optik_bl = Doc(
        "bl_optimum_kaya", "BILL OF LADING",
        [("B/L No", "ARS-BL-55871"), ("Date", "10.04.2024"), ("Port of loading", "Mersin"),
         ("Port of discharge", "Iskenderun")],
        [("Shipper", OPTIK, ["Ankara, Turkey"]),
         ("Consignee", NOUR, ["Tell Abyad, Syria"]),
         ("Notify party", KAYA, ["Akcakale, Sanliurfa, Turkey"])],
        [("Thermal imaging cameras", "8525.89", "30 pcs", "", "")],
        ["Invoice ref: OPT-2024-061"])
    kaya_to_nour = Doc(
        "invoice_kaya_nour", "COMMERCIAL INVOICE",
        [("Invoice No", "KYA-2024-019"), ("Date", "16.04.2024"), ("Currency", "USD")],
        [("Seller", KAYA, kaya_block),
         ("Buyer", NOUR, ["Tell Abyad, Syria"])],
        [("Brushless motors 2806", "8501.31", "400 pcs", "30.00", "12,000.00"),
         ("Potassium chlorate", "2829.11", "2,000 kg", "2.40", "4,800.00")],
        ["Authorised signatory: Ibrahim Kaya"], "USD 16,800.00")
    docs = [(phone_precursor, "pdf"), (phone_precursor, "png"), (phone_phones, "pdf"), (phone_bl, "pdf"),
            (textile, "pdf"), (kaya_from_karadeniz, "pdf"), (kaya_from_anka, "pdf"), (kaya_from_optik, "pdf"),
            (optik_bl, "pdf"), (kaya_to_nour, "pdf")]
    expected = {
        "flags": [
            {"type": "incongruent_purchase", "entity": CEYLAN_GSM, "commodity": "ammonium nitrate",
             "quantity": 5000, "unit": "kg", "documents": ["invoice_karadeniz_ceylan.pdf"]},
            {"type": "junction", "entity": KAYA, "documents": ["invoice_karadeniz_kaya.pdf", "invoice_anka_kaya.pdf",
                                                              "invoice_optimum_kaya.pdf"]},
            {"type": "inconsistency", "entity": KAYA, "documents": ["invoice_optimum_kaya.pdf", "bl_optimum_kaya.pdf"],
             "disagree": ["consignee", "quantity"]},
            {"type": "speed", "entity": KAYA, "commodity": "brushless motor"},
            {"type": "border_proximity", "entity": KAYA, "place": "Akçakale"},
            {"type": "border_proximity", "entity": CEYLAN_GSM, "place": "Ceylanpınar"},
        ],
        "not_flagged": [BIRECIK_TEKSTIL, PAMUK_DOKUMA, EFES_ELEKTRONIK],
        "shipments_counted_once": {"entity": CEYLAN_GSM, "commodity": "ammonium nitrate", "quantity": 5000},
    }
    return docs, expected


# --------------------------------------------------------------------------
# Network 2: a German distributor, Istanbul, Nusaybin and northern Iraq (Zakho, Mosul)
# --------------------------------------------------------------------------

ELBE = "Elbe Technik Vertrieb GmbH"
BOSPHORUS = "Bosphorus Hobi Elektronik Ltd. Sti."
DAR_KHAIR = "Dar Al-Khair Foodstuff Trading Co."
TOROS = "Toros Kimya Sanayi A.S."
YILDIZ = "Yildiz Dis Ticaret Ltd. Sti."
NEHIR = "Nehir Tarim Urunleri Ltd. Sti."
NEHIR_TR = "Nehir Tarım Ürünleri Ltd. Şti."
MEZOPOTAMYA = "Mezopotamya Lojistik ve Nakliyat A.S."
RAFIDAIN = "Al-Rafidain Agricultural Supplies"


def network_2() -> tuple[list[tuple[Doc, str]], dict]:
    """Drone batteries from Hamburg to a food trader at the Iraqi border within days; a forwarder at the
    Syrian border through which several suppliers' goods pass; a firm registered for clothing retail
    (by its NACE code only) buying aluminium powder, with a packing list that disagrees with its invoice;
    a farm supplier buying fertiliser (benign) and one receiving potassium perchlorate."""
    dar_block = ["Ibrahim Khalil Road 14, Zakho, Iraq"]
    mezo_block = ["Gumruk Caddesi 3, Nusaybin, Mardin, Turkey"]
    elbe_to_bosphorus = Doc(
        "invoice_elbe_bosphorus", "COMMERCIAL INVOICE",
        [("Invoice No", "ETV-24-3310"), ("Date", "03.06.2024"), ("Currency", "EUR")],
        [("Seller", ELBE, ["Wendenstrasse 120, Hamburg, Germany"]),
         ("Buyer", BOSPHORUS, ["Perpa Ticaret Merkezi, Sisli, Istanbul, Turkey",
                               "Business: hobby shop, radio-controlled models"])],
        [("LiPo batteries 6S 5000mAh", "8507.60", "300 pcs", "48.00", "14,400.00")],
        ["Authorised signatory: Jonas Becker"], "EUR 14,400.00")
    bosphorus_to_dar = Doc(
        "invoice_bosphorus_dar", "COMMERCIAL INVOICE",
        [("Invoice No", "BH-2024-077"), ("Date", "10.06.2024"), ("Currency", "USD")],
        [("Seller", BOSPHORUS, ["Sisli, Istanbul, Turkey"]),
         ("Buyer", DAR_KHAIR, dar_block)],
        [("LiPo batteries 6S 5000mAh", "8507.60", "300 pcs", "75.00", "22,500.00")],
        ["Authorised signatory: Cem Aydin"], "USD 22,500.00")
    nehir_fertiliser = Doc(
        "invoice_toros_nehir", "COMMERCIAL INVOICE",
        [("Invoice No", "TK-2024-402"), ("Date", "02.04.2024"), ("Currency", "USD")],
        [("Seller", TOROS, ["Akdeniz, Mersin, Turkey"]),
         ("Buyer", NEHIR, ["Istasyon Caddesi 22, Nusaybin, Mardin, Turkey"])],
        [("Ammonium nitrate fertilizer", "3102.30", "20,000 kg", "0.45", "9,000.00")],
        ["Authorised signatory: Aylin Toros"], "USD 9,000.00")
    yildiz_invoice = Doc(
        "invoice_toros_yildiz", "COMMERCIAL INVOICE",
        [("Invoice No", "TK-2024-551"), ("Date", "10.05.2024"), ("Currency", "USD")],
        [("Seller", TOROS, ["Akdeniz, Mersin, Turkey"]),
         ("Buyer", YILDIZ, ["Incilipinar Mahallesi 41, Gaziantep, Turkey", "NACE: 47.71"])],
        [("Aluminium powder", "7603.10", "800 kg", "3.10", "2,480.00")],
        ["Authorised signatory: Aylin Toros"], "USD 2,480.00")
    # Its packing list, eighteen days later, weighs half as much again.
    yildiz_packing = Doc(
        "packing_list_toros_yildiz", "PACKING LIST",
        [("Packing List No", "PL-TK-551"), ("Date", "28.05.2024")],
        [("Seller", TOROS, ["Akdeniz, Mersin, Turkey"]),
         ("Consignee", YILDIZ, ["Gaziantep, Turkey"])],
        [("Aluminium powder", "7603.10", "1,200 kg", "", "")],
        ["Invoice ref: TK-2024-551", "48 drums, net weight 1,200 kg, gross weight 1,290 kg"])
    toros_bl = Doc(
        "bl_toros_mezopotamya", "BILL OF LADING",
        [("B/L No", "MZL-BL-24061"), ("Date", "06.06.2024"), ("Port of loading", "Mersin")],
        [("Shipper", TOROS, ["Mersin, Turkey"]), ("Consignee", MEZOPOTAMYA, mezo_block)],
        [("Potassium perchlorate", "2829.90", "1,000 kg", "", "")])
    nehir_bl = Doc(
        "bl_nehir_mezopotamya", "BILL OF LADING",
        [("B/L No", "MZL-BL-24066"), ("Date", "07.06.2024"), ("Port of loading", "Mersin")],
        [("Shipper", NEHIR, ["Nusaybin, Mardin, Turkey"]), ("Consignee", MEZOPOTAMYA, mezo_block)],
        [("Urea", "3102.10", "12,000 kg", "", "")])
    bosphorus_bl = Doc(
        "bl_bosphorus_mezopotamya", "BILL OF LADING",
        [("B/L No", "MZL-BL-24070"), ("Date", "08.06.2024"), ("Port of loading", "Ambarli")],
        [("Shipper", BOSPHORUS, ["Istanbul, Turkey"]), ("Consignee", MEZOPOTAMYA, mezo_block)],
        [("FPV cameras", "8525.89", "120 pcs", "", "")])
    mezo_to_rafidain = Doc(
        "bl_mezopotamya_rafidain", "BILL OF LADING",
        [("B/L No", "MZL-BL-24081"), ("Date", "12.06.2024"), ("Port of loading", "Nusaybin")],
        [("Shipper", MEZOPOTAMYA, mezo_block), ("Consignee", RAFIDAIN, ["Al-Zuhur district, Mosul, Iraq"])],
        [("Potassium perchlorate", "2829.90", "1,000 kg", "", ""), ("Urea", "3102.10", "12,000 kg", "", "")])
    mezo_to_dar = Doc(
        "bl_mezopotamya_dar", "BILL OF LADING",
        [("B/L No", "MZL-BL-24083"), ("Date", "13.06.2024"), ("Port of loading", "Nusaybin")],
        [("Shipper", MEZOPOTAMYA, mezo_block), ("Consignee", DAR_KHAIR, dar_block)],
        [("FPV cameras", "8525.89", "120 pcs", "", "")])
    docs = [(elbe_to_bosphorus, "pdf"), (bosphorus_to_dar, "pdf"), (nehir_fertiliser, "pdf"), (yildiz_invoice, "pdf"),
            (yildiz_packing, "pdf"), (toros_bl, "pdf"), (nehir_bl, "pdf"), (bosphorus_bl, "pdf"),
            (mezo_to_rafidain, "pdf"), (mezo_to_dar, "pdf")]
    expected = {
        "flags": [
            {"type": "incongruent_purchase", "entity": DAR_KHAIR, "commodity": "LiPo / lithium-ion battery",
             "quantity": 300, "unit": "pcs", "documents": ["invoice_bosphorus_dar.pdf"]},
            {"type": "incongruent_purchase", "entity": DAR_KHAIR, "commodity": "FPV camera",
             "quantity": 120, "unit": "pcs", "documents": ["bl_mezopotamya_dar.pdf"]},
            {"type": "incongruent_purchase", "entity": YILDIZ, "commodity": "aluminium powder",
             "quantity": 800, "unit": "kg", "documents": ["invoice_toros_yildiz.pdf"]},
            {"type": "incongruent_purchase", "entity": RAFIDAIN, "commodity": "potassium perchlorate",
             "quantity": 1000, "unit": "kg", "documents": ["bl_mezopotamya_rafidain.pdf"]},
            {"type": "junction", "entity": MEZOPOTAMYA,
             "documents": ["bl_toros_mezopotamya.pdf", "bl_nehir_mezopotamya.pdf", "bl_bosphorus_mezopotamya.pdf"]},
            {"type": "inconsistency", "entity": YILDIZ,
             "documents": ["invoice_toros_yildiz.pdf", "packing_list_toros_yildiz.pdf"],
             "disagree": ["date", "quantity", "weight"]},
            {"type": "speed", "entity": BOSPHORUS, "commodity": "LiPo / lithium-ion battery"},
            {"type": "border_proximity", "entity": DAR_KHAIR, "place": "Zaxo"},
            {"type": "border_proximity", "entity": MEZOPOTAMYA, "place": "Nusaybin"},
        ],
        "not_flagged": [NEHIR, ELBE, TOROS],
    }
    return docs, expected


def write_network(name: str, docs: list[tuple[Doc, str]], expected: dict, out: Path) -> None:
    folder = out / name / "documents"
    folder.mkdir(parents=True, exist_ok=True)
    for n, (doc, kind) in enumerate(docs):
        data = draw_pdf(doc) if kind == "pdf" else draw_scan(doc, seed=700 + n)
        suffix = "_scan.png" if kind == "png" else f".{kind}"
        (folder / f"{doc.name}{suffix}").write_bytes(data)
    (out / name / "expected.json").write_text(json.dumps(expected, indent=2, sort_keys=True, ensure_ascii=False) + "\n",
                                          "utf-8")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=HERE)
    args = ap.parse_args()
    write_network("network_1", *network_1(), args.out)
    write_network("network_2", *network_2(), args.out)


if __name__ == "__main__":
    main()
