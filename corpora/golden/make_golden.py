#!/usr/bin/env python3
"""Generate the golden parse cases in ``corpora/golden/<case>/``.

Usage (from the repository root)::

    .venv/bin/python corpora/golden/make_golden.py            # (re)writes every case
    .venv/bin/python corpora/golden/make_golden.py --check    # ... and checks that tesseract /
                                                              # pdfplumber show every written value

Each case folder holds ``input.<ext>`` (the document) and ``expected.json`` (what the parse stage
must read from it). The gold is written by hand below, next to the text that is drawn on the page;
it is never produced by the pipeline. Each case keeps two views of the same facts:

* ``written``: the strings exactly as printed on the document (``6.000,00``, ``March 5, 2024``),
  which ``--check`` looks for in the real tesseract / pdfplumber output;
* ``expected``: the normalised gold (ISO dates, ISO currency codes, JSON numbers, HS codes as digits
  without dots, units as written but lower-cased).

A self-check (``_consistent``) makes sure the two agree (quantity x unit price = amount, the sum of
the amounts = the printed subtotal, each written number parses to its gold number), so a typo in one
view cannot slip through.

Deterministic: fixed seeds, no dates in the PDFs; PNGs are byte-identical with the same Pillow/zlib
build (made with Pillow 13.0.0). All companies, people, numbers and addresses are made up.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import statistics
import subprocess
import sys
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from make_demo import PdfPage, build_pdf, pdf_text_width  # noqa: E402  (helpers shared with the demo corpus)

FONT_DIR = "/usr/share/fonts/truetype/dejavu"


# --------------------------------------------------------------------------
# Case records
# --------------------------------------------------------------------------

@dataclass
class Item:
    """One line item: its cells as printed, and the gold values written by hand."""

    cells: dict[str, str]  # column -> text as printed (description, hs, qty, unit, price, amount, ...)
    gold: dict[str, object]  # description, quantity, unit, unit_price, amount, hs_code (only those printed)


@dataclass
class Case:
    name: str
    ext: str
    doc_type: str
    fields: dict[str, str]  # gold, normalised
    written: dict[str, str]  # field -> as printed
    items: list[Item]
    data: bytes = b""
    extra_written: list[str] = field(default_factory=list)  # other strings --check must find

    def expected(self) -> dict:
        return {
            "doc_type": self.doc_type,
            "fields": dict(self.fields),
            "line_items": [dict(i.gold) for i in self.items],
        }

    def must_show(self) -> list[str]:
        out = list(self.written.values())
        for item in self.items:
            out += [v for v in item.cells.values() if v]
        return out + self.extra_written


def hs(code: str) -> str:
    """An HS code as printed (7603.20, 7603.20.00.00.00) to the gold form: digits only."""
    digits = code.replace(".", "").replace(" ", "")
    assert digits.isdigit() and len(digits) >= 6, code
    return digits


def number(text: str) -> Decimal:
    """A printed number, English (1,250.00) or Turkish (1.250,50) style, for the self-check only."""
    s = text.strip()
    if "," in s and "." in s:
        dec = "," if s.rfind(",") > s.rfind(".") else "."
    elif s.count(",") == 1 and len(s) - s.rfind(",") - 1 != 3:
        dec = ","
    elif s.count(".") == 1 and len(s) - s.rfind(".") - 1 != 3:
        dec = "."
    else:
        dec = None
    thousands = {",": ".", ".": ",", None: ",."}[dec]
    for t in thousands:
        s = s.replace(t, "")
    if dec == ",":
        s = s.replace(",", ".")
    return Decimal(s)


def _consistent(case: Case, subtotal: str | None = None) -> None:
    """The hand-written gold agrees with the printed text (catches typos in either)."""
    total = Decimal(0)
    for item in case.items:
        g, c = item.gold, item.cells
        assert Decimal(str(g["quantity"])) == number(c["qty"]), (case.name, c)
        assert g["unit"] == c["unit"].lower(), (case.name, c)
        if "hs_code" in g:
            assert g["hs_code"] == hs(c["hs"]), (case.name, c)
        if "unit_price" in g:
            assert Decimal(str(g["unit_price"])) == number(c["price"]), (case.name, c)
            assert Decimal(str(g["amount"])) == number(c["amount"]), (case.name, c)
            assert number(c["qty"]) * number(c["price"]) == number(c["amount"]), (case.name, c)
            total += number(c["amount"])
    if subtotal is not None:
        assert total == number(subtotal), (case.name, total, subtotal)
    if "total" in case.fields:
        assert Decimal(case.fields["total"]) == number(re.sub(r"[A-Z ]", "", case.written["total"])), case.name


# --------------------------------------------------------------------------
# 1. invoice_en_pdf: English commercial invoice, text-layer PDF
# --------------------------------------------------------------------------

VANTOR = "Vantor Motion Systems GmbH"
LEVANT = "Levant Components Trading FZE"


def invoice_en_pdf() -> Case:
    items = [
        Item({"desc": "Brushless DC motor 2207 KV1750", "hs": "8501.31", "qty": "400", "unit": "pcs",
              "price": "38.40", "amount": "15,360.00"},
             {"description": "Brushless DC motor 2207 KV1750", "hs_code": "850131", "quantity": 400,
              "unit": "pcs", "unit_price": 38.4, "amount": 15360.0}),
        Item({"desc": "Lithium polymer battery 6S 5000 mAh", "hs": "8507.60", "qty": "120", "unit": "pcs",
              "price": "64.50", "amount": "7,740.00"},
             {"description": "Lithium polymer battery 6S 5000 mAh", "hs_code": "850760", "quantity": 120,
              "unit": "pcs", "unit_price": 64.5, "amount": 7740.0}),
        Item({"desc": "Thermal camera gimbal module", "hs": "8525.89", "qty": "12", "unit": "sets",
              "price": "1,250.00", "amount": "15,000.00"},
             {"description": "Thermal camera gimbal module", "hs_code": "852589", "quantity": 12,
              "unit": "sets", "unit_price": 1250.0, "amount": 15000.0}),
    ]
    case = Case(
        name="invoice_en_pdf", ext="pdf", doc_type="invoice",
        fields={"seller": VANTOR, "buyer": LEVANT, "number": "VMS-2024-0187", "date": "2024-03-05",
                "currency": "EUR", "total": "38100.00"},
        written={"seller": VANTOR, "buyer": LEVANT, "number": "VMS-2024-0187", "date": "March 5, 2024",
                 "currency": "EUR", "total": "38,100.00"},
        items=items,
        extra_written=["Bill To:", "Invoice No.:", "Subtotal:", "VAT (0%):", "Total (EUR):"],
    )
    subtotal = "38,100.00"
    _consistent(case, subtotal)

    p = PdfPage()
    left, right = 50, 545

    # Letterhead: the seller, without any label.
    p.text(left, 796, VANTOR, 15, bold=True)
    p.text(left, 781, "Industriestrasse 14", 9)
    p.text(left, 770, "70565 Stuttgart, Germany", 9)
    p.text(left, 759, "Tel: +49 711 4587 220   VAT ID: DE298765431   www.vantor-motion.example", 9)
    p.line(left, 750, right, 750, 1.2)

    p.text_center(297.5, 720, "COMMERCIAL INVOICE", 18, bold=True)

    # Two-column header: the buyer on the left, the invoice data on the right (same baselines).
    y0, step, rx = 688, 14, 330
    p.text(left, y0, "Bill To:", 10, bold=True)
    p.text(left, y0 - step, LEVANT, 10)
    p.text(left, y0 - 2 * step, "Plot S30512, Jebel Ali Free Zone", 10)
    p.text(left, y0 - 3 * step, "Dubai, United Arab Emirates", 10)
    p.text(rx, y0, "Invoice No.: VMS-2024-0187", 10)
    p.text(rx, y0 - step, "Date: March 5, 2024", 10)
    p.text(rx, y0 - 2 * step, "Order Ref.: PO-LCT-24-031", 10)
    p.text(rx, y0 - 3 * step, "Currency: EUR", 10)
    p.text(rx, y0 - 4 * step, "Payment Terms: 30 days net", 10)

    # Line items: Description | HS Code | Qty | Unit | Unit Price | Amount
    cols = [left, 262, 322, 368, 408, 475, right]
    top, head_h, row_h = 600, 20, 19
    n = len(items)
    p.rect(left, top - head_h, right - left, head_h, fill_grey=0.88)
    p.rect(left, top - head_h - n * row_h, right - left, n * row_h)
    for x in cols[1:-1]:
        p.line(x, top, x, top - head_h - n * row_h)
    yh = top - 14
    p.text(cols[0] + 5, yh, "Description", 9.5, bold=True)
    p.text(cols[1] + 5, yh, "HS Code", 9.5, bold=True)
    p.text_right(cols[3] - 5, yh, "Qty", 9.5, bold=True)
    p.text(cols[3] + 5, yh, "Unit", 9.5, bold=True)
    p.text_right(cols[5] - 5, yh, "Unit Price", 9.5, bold=True)
    p.text_right(cols[6] - 5, yh, "Amount", 9.5, bold=True)
    y = top - head_h - 13
    for item in items:
        c = item.cells
        p.text(cols[0] + 5, y, c["desc"], 9.5)
        p.text(cols[1] + 5, y, c["hs"], 9.5)
        p.text_right(cols[3] - 5, y, c["qty"], 9.5)
        p.text(cols[3] + 5, y, c["unit"], 9.5)
        p.text_right(cols[5] - 5, y, c["price"], 9.5)
        p.text_right(cols[6] - 5, y, c["amount"], 9.5)
        y -= row_h

    # Totals: labels in one column, amounts right-aligned.
    yt = top - head_h - n * row_h - 20
    for label, value, bold in (("Subtotal:", subtotal, False), ("VAT (0%):", "0.00", False),
                               ("Total (EUR):", "38,100.00", True)):
        p.text(390, yt, label, 10, bold=bold)
        p.text_right(right - 5, yt, value, 10, bold=bold)
        yt -= 15

    p.text(left, 420, "Country of origin: Germany", 9.5)
    p.text(left, 406, "Terms of delivery: FCA Stuttgart (Incoterms 2020)", 9.5)
    p.text(left, 392, "Export delivery to a third country, exempt from German VAT (Sec. 4 No. 1a UStG).", 9.5)
    p.text(left, 378, "Packing: 9 cartons, gross weight 118 kg", 9.5)
    p.line(left, 318, left + 180, 318, 0.6)
    p.text(left, 304, "Katrin Vogel, Export Sales", 9.5)
    p.text(left, 291, VANTOR, 9)
    p.line(left, 60, right, 60, 0.5)
    p.text(left, 48, VANTOR + " - Registered office Stuttgart - HRB 774512 - Managing Director: Jonas Reuter", 7.5)

    case.data = build_pdf(p.content(), "Commercial Invoice VMS-2024-0187")
    return case


# --------------------------------------------------------------------------
# 4. packing_list_pdf: English packing list, text-layer PDF
# --------------------------------------------------------------------------

PEARL = "Pearl Delta Smart Devices Co., Ltd."
GUNES_ASCII = "GUNES ELEKTRONIK LTD. STI."


def packing_list_pdf() -> Case:
    rows = [
        # desc, hs, qty, unit, packages, net kg, gross kg
        ("USB-C wall charger 20W", "8504.40", "1,200", "PCS", "24 CTNS", "180.00", "204.00"),
        ("Carbon fibre propeller 10x4.5", "8807.10", "800", "PCS", "16 CTNS", "64.00", "80.00"),
        ("GPS module M10 for flight controller", "8526.91", "200", "PCS", "4 CTNS", "12.00", "15.60"),
        ("Cotton T-shirt, assorted sizes", "6109.10", "2,000", "PCS", "40 CTNS", "400.00", "432.00"),
    ]
    gold = [
        {"description": "USB-C wall charger 20W", "hs_code": "850440", "quantity": 1200, "unit": "pcs"},
        {"description": "Carbon fibre propeller 10x4.5", "hs_code": "880710", "quantity": 800, "unit": "pcs"},
        {"description": "GPS module M10 for flight controller", "hs_code": "852691", "quantity": 200, "unit": "pcs"},
        {"description": "Cotton T-shirt, assorted sizes", "hs_code": "610910", "quantity": 2000, "unit": "pcs"},
    ]
    items = [Item({"desc": d, "hs": h, "qty": q, "unit": u, "pkgs": k, "nw": nw, "gw": gw}, g)
             for (d, h, q, u, k, nw, gw), g in zip(rows, gold)]
    container = "CSNU4471204"
    assert _iso6346_ok(container)
    case = Case(
        name="packing_list_pdf", ext="pdf", doc_type="packing_list",
        fields={"seller": PEARL, "consignee": GUNES_ASCII, "number": "PDS-PL-240418-02", "date": "2024-04-18",
                "port_of_loading": "Yantian, Shenzhen", "port_of_discharge": "Mersin, Turkey", "container": container},
        written={"seller": PEARL, "consignee": GUNES_ASCII, "number": "PDS-PL-240418-02", "date": "2024-04-18",
                 "port_of_loading": "Yantian, Shenzhen", "port_of_discharge": "Mersin, Turkey", "container": container},
        items=items,
        extra_written=["Exporter:", "Consignee:", "Packing List No.:", "84 CTNS", "656.00", "731.60"],
    )
    _consistent(case)
    assert sum(int(r[4].split()[0]) for r in rows) == 84
    assert sum(Decimal(r[5]) for r in rows) == Decimal("656.00")
    assert sum(Decimal(r[6]) for r in rows) == Decimal("731.60")

    p = PdfPage()
    left, right = 45, 550
    p.text_center(297.5, 792, "PACKING LIST", 18, bold=True)
    p.line(left, 780, right, 780, 1.2)

    # Left: exporter block (label above the name); right: document data.
    y0, step, rx = 760, 13, 330
    p.text(left, y0, "Exporter:", 9.5, bold=True)
    p.text(left, y0 - step, PEARL, 9.5)
    p.text(left, y0 - 2 * step, "Building 7, Fuhai Industrial Park, Bao'an District", 9.5)
    p.text(left, y0 - 3 * step, "Shenzhen, Guangdong 518103, China", 9.5)
    p.text(rx, y0, "Packing List No.: PDS-PL-240418-02", 9.5)
    p.text(rx, y0 - step, "Date: 2024-04-18", 9.5)
    p.text(rx, y0 - 2 * step, "Invoice No.: PDS-INV-240418-02", 9.5)
    p.text(rx, y0 - 3 * step, "Terms: CIF Mersin", 9.5)

    y1 = 690
    p.text(left, y1, "Consignee:", 9.5, bold=True)
    p.text(left, y1 - step, GUNES_ASCII, 9.5)
    p.text(left, y1 - 2 * step, "Ataturk Bulvari No: 88", 9.5)
    p.text(left, y1 - 3 * step, "Akcakale / Sanliurfa, Turkey", 9.5)
    p.text(rx, y1, "Port of Loading: Yantian, Shenzhen", 9.5)
    p.text(rx, y1 - step, "Port of Discharge: Mersin, Turkey", 9.5)
    p.text(rx, y1 - 2 * step, "Shipping Marks: GUNES/AKC-0418", 9.5)
    p.text(rx, y1 - 3 * step, f"Container: {container} (20' GP)", 9.5)

    # Table: No. | Description | HS Code | Quantity | Packages | N.W. (kg) | G.W. (kg)
    cols = [left, 68, 248, 298, 358, 418, 484, right]
    top, head_h, row_h = 620, 22, 18
    n = len(rows)
    body = top - head_h - n * row_h
    p.rect(left, top - head_h, right - left, head_h, fill_grey=0.88)
    p.rect(left, body - row_h, right - left, n * row_h + row_h)
    p.line(left, body, right, body, 0.6)
    for x in cols[1:-1]:
        p.line(x, top, x, body - row_h)
    yh = top - 14
    heads = ["No.", "Description", "HS Code", "Quantity", "Packages", "N.W. (kg)", "G.W. (kg)"]
    for i, h in enumerate(heads):
        if i >= 3:
            p.text_right(cols[i + 1] - 4, yh, h, 8.5, bold=True)
        else:
            p.text(cols[i] + 4, yh, h, 8.5, bold=True)
    y = top - head_h - 12.5
    for no, (d, h, q, u, k, nw, gw) in enumerate(rows, start=1):
        p.text(cols[0] + 4, y, str(no), 9)
        p.text(cols[1] + 4, y, d, 9)
        p.text(cols[2] + 4, y, h, 9)
        p.text_right(cols[4] - 4, y, f"{q} {u}", 9)
        p.text_right(cols[5] - 4, y, k, 9)
        p.text_right(cols[6] - 4, y, nw, 9)
        p.text_right(cols[7] - 4, y, gw, 9)
        y -= row_h
    p.text(cols[1] + 4, y, "Total", 9, bold=True)
    p.text_right(cols[5] - 4, y, "84 CTNS", 9, bold=True)
    p.text_right(cols[6] - 4, y, "656.00", 9, bold=True)
    p.text_right(cols[7] - 4, y, "731.60", 9, bold=True)

    yb = body - row_h - 30
    p.text(left, yb, "Total packages: eighty-four (84) cartons on 3 pallets. Measurement: 6.2 CBM", 9)
    p.text(left, yb - 13, "Country of origin: China", 9)
    p.line(380, yb - 70, right, yb - 70, 0.6)
    p.text(380, yb - 82, "For and on behalf of", 8.5)
    p.text(380, yb - 93, PEARL, 8.5)

    case.data = build_pdf(p.content(), "Packing List PDS-PL-240418-02")
    return case


# --------------------------------------------------------------------------
# Scanned-looking images
# --------------------------------------------------------------------------

class Scan:
    """Ink drawn into a mask at ``dpi`` on A4; ``render`` makes it look scanned.

    Coordinates in millimetres from the top-left corner, sizes in points, y is the baseline.
    """

    def __init__(self, dpi: int, body_pt: float) -> None:
        from PIL import Image, ImageDraw

        self.dpi = dpi
        self.body = body_pt
        self.w, self.h = round(210 / 25.4 * dpi), round(297 / 25.4 * dpi)
        self.mask = Image.new("L", (self.w, self.h), 0)
        self.draw = ImageDraw.Draw(self.mask)
        self._fonts: dict = {}

    def mm(self, v: float) -> int:
        return int(round(v * self.dpi / 25.4))

    def font(self, size: float, bold: bool):
        from PIL import ImageFont

        key = (size, bold)
        if key not in self._fonts:
            name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
            self._fonts[key] = ImageFont.truetype(os.path.join(FONT_DIR, name), int(round(size * self.dpi / 72)))
        return self._fonts[key]

    def text(self, x: float, y: float, s: str, size: float | None = None, bold: bool = False,
             anchor: str = "ls") -> None:
        self.draw.text((self.mm(x), self.mm(y)), s, fill=255, font=self.font(size or self.body, bold),
                       anchor=anchor)

    def text_right(self, x: float, y: float, s: str, size: float | None = None, bold: bool = False) -> None:
        self.text(x, y, s, size, bold, anchor="rs")

    def field(self, x: float, y: float, label: str, value: str, size: float | None = None) -> None:
        """``Label: value`` on one baseline, the label bold, one space between."""
        size = size or self.body
        self.text(x, y, label, size, bold=True)
        gap = self.font(size, True).getlength(label + " ")
        self.draw.text((self.mm(x) + round(gap), self.mm(y)), value, fill=255, font=self.font(size, False),
                       anchor="ls")

    def text_center(self, x: float, y: float, s: str, size: float | None = None, bold: bool = False) -> None:
        self.text(x, y, s, size, bold, anchor="ms")

    def line(self, x1: float, y1: float, x2: float, y2: float, width_px: int = 3) -> None:
        self.draw.line([(self.mm(x1), self.mm(y1)), (self.mm(x2), self.mm(y2))], fill=255, width=width_px)

    def rect(self, x: float, y: float, w: float, h: float, width_px: int = 3) -> None:
        self.draw.rectangle([self.mm(x), self.mm(y), self.mm(x + w), self.mm(y + h)], outline=255, width=width_px)

    def render(self, seed: int, angle: float, paper: int = 224, ink: int = 40, noise_sigma: float = 5.0,
               blur: float = 0.7, specks: int = 150):
        """Rotate, blur, lay on grey paper with blotches, add seeded grain and dust; an 'L' image."""
        from PIL import Image, ImageChops, ImageDraw, ImageFilter

        assert abs(angle) < 0.5
        rnd = random.Random(seed)
        w, h = self.w, self.h
        mask = self.mask.rotate(angle, resample=Image.BICUBIC, expand=False, fillcolor=0)
        mask = mask.filter(ImageFilter.GaussianBlur(blur * self.dpi / 200))

        paper_img = Image.new("L", (w, h), paper)
        cw, ch = w // 48 + 1, h // 48 + 1
        blot = bytes(max(0, min(255, int(round(128 + rnd.gauss(0, 3.0))))) for _ in range(cw * ch))
        blot_img = Image.frombytes("L", (cw, ch), blot).resize((w, h), Image.BICUBIC)
        paper_img = ImageChops.add(paper_img, blot_img, scale=1.0, offset=-128)
        page = Image.composite(Image.new("L", (w, h), ink), paper_img, mask)

        if noise_sigma > 0:  # grain on a 2x2 grid, Gaussian through an inverse-CDF table
            nd = statistics.NormalDist(0, noise_sigma)
            table = bytes(max(0, min(255, 128 + int(round(nd.inv_cdf((i + 0.5) / 256))))) for i in range(256))
            gw, gh = (w + 1) // 2, (h + 1) // 2
            grain = rnd.randbytes(gw * gh).translate(table)
            grain_img = Image.frombytes("L", (gw, gh), grain).resize((w, h), Image.NEAREST)
            page = ImageChops.add(page, grain_img, scale=1.0, offset=-128)

        d = ImageDraw.Draw(page)
        clear = self.mm(6)
        for _ in range(specks):  # dust, away from the ink
            x, y = rnd.randrange(w), rnd.randrange(h)
            r = rnd.choice((1, 1, 2, 2, 3))
            fill = rnd.randrange(70, 160)
            if mask.crop((x - clear, y - clear, x + clear + 1, y + clear + 1)).getbbox() is not None:
                continue
            d.ellipse([x - r, y - r, x + r, y + r], fill=fill)
        return page

    def png(self, img) -> bytes:
        import io

        buf = io.BytesIO()
        img.save(buf, format="PNG", optimize=True, dpi=(self.dpi, self.dpi))
        return buf.getvalue()


# --------------------------------------------------------------------------
# 2. fatura_tr_scan: Turkish invoice (fatura), scanned
# --------------------------------------------------------------------------

# Resolution, body size and noise seeds of the scans: tuned so that tesseract 5.3.0 (eng+tur, default
# page segmentation) reads every printed value; with 8 other noise seeds each it did too (one of 17
# more fatura seeds, tried on a near-identical layout, lost the numbers of its third row).
DPI_FATURA = 200
BODY_FATURA = 11.0
SEED_FATURA = 147
DPI_BL = 200
SEED_BL = 2403187

YILDIZ = "Yıldız Kimya San. ve Tic. A.Ş."
GUNES = "Güneş Elektronik Ltd. Şti."


def fatura_tr_scan() -> Case:
    items = [
        Item({"desc": "Alüminyum pasta", "hs": "7603.20", "qty": "1.250,00", "unit": "kg",
              "price": "185,40", "amount": "231.750,00"},
             {"description": "Alüminyum pasta", "hs_code": "760320", "quantity": 1250, "unit": "kg",
              "unit_price": 185.4, "amount": 231750.0}),
        Item({"desc": "Potasyum nitrat", "hs": "2834.21", "qty": "2.000,00", "unit": "kg",
              "price": "42,75", "amount": "85.500,00"},
             {"description": "Potasyum nitrat", "hs_code": "283421", "quantity": 2000, "unit": "kg",
              "unit_price": 42.75, "amount": 85500.0}),
        Item({"desc": "LiPo batarya 4S 3300 mAh", "hs": "8507.60", "qty": "150", "unit": "adet",
              "price": "1.250,50", "amount": "187.575,00"},
             {"description": "LiPo batarya 4S 3300 mAh", "hs_code": "850760", "quantity": 150,
              "unit": "adet", "unit_price": 1250.5, "amount": 187575.0}),
    ]
    subtotal, vat, total = "504.825,00", "100.965,00", "605.790,00"
    case = Case(
        name="fatura_tr_scan", ext="png", doc_type="invoice",
        fields={"seller": YILDIZ, "buyer": GUNES, "number": "YKM2024000000147", "date": "2024-02-12",
                "currency": "TRY", "total": "605790.00"},
        written={"seller": YILDIZ, "buyer": GUNES, "number": "YKM2024000000147", "date": "12.02.2024",
                 "currency": "TL", "total": total},
        items=items,
        extra_written=["FATURA", "Satıcı:", "Alıcı:", "Fatura No:", "Tarih: 12.02.2024", "GTİP", "Açıklama",
                       "Miktar", "Birim Fiyat", "Tutar", "Genel Toplam: 605.790,00 TL", subtotal, vat],
    )
    _consistent(case, subtotal)
    assert number(subtotal) * Decimal("0.20") == number(vat) and number(subtotal) + number(vat) == number(total)

    p = Scan(dpi=DPI_FATURA, body_pt=BODY_FATURA)
    L, R = 16, 194

    p.text_center(105, 24, "FATURA", 22, bold=True)
    p.line(L, 29, R, 29, 4)

    # Seller box (left) and document box (right), side by side.
    p.rect(L, 34, 104, 31)
    p.field(L + 3, 41, "Satıcı:", YILDIZ)
    p.text(L + 3, 47.5, "Organize Sanayi Bölgesi 3. Cadde No: 27")
    p.text(L + 3, 54, "Şehitkamil / Gaziantep")
    p.text(L + 3, 60.5, "Vergi Dairesi: Şehitkamil  VKN: 9870412356", 10)

    p.rect(126, 34, R - 126, 31)
    p.text(129, 41, "Fatura No: YKM2024000000147", 10)
    p.text(129, 47.5, "Tarih: 12.02.2024", 10)
    p.text(129, 54, "İrsaliye No: YKM-IRS-0098", 10)
    p.text(129, 60.5, "Ödeme: Havale / EFT", 10)

    p.rect(L, 70, 104, 25)
    p.field(L + 3, 77, "Alıcı:", GUNES)
    p.text(L + 3, 83.5, "Atatürk Bulvarı No: 88")
    p.text(L + 3, 90, "Akçakale / Şanlıurfa   VKN: 4120987731", 10)

    # Line items: Açıklama | GTİP | Miktar | Birim | Birim Fiyat | Tutar
    top = 106
    xs = {"desc": L + 2, "hs": 82, "qty_r": 120, "unit": 124, "price_r": 163, "amount_r": R - 2}
    p.line(L, top, R, top, 4)
    hy = top + 6.5
    p.text(xs["desc"], hy, "Açıklama", bold=True)
    p.text(xs["hs"], hy, "GTİP", bold=True)
    p.text_right(xs["qty_r"], hy, "Miktar", bold=True)
    p.text(xs["unit"], hy, "Birim", bold=True)
    p.text_right(xs["price_r"], hy, "Birim Fiyat", bold=True)
    p.text_right(xs["amount_r"], hy, "Tutar", bold=True)
    p.line(L, top + 9.5, R, top + 9.5, 3)
    y = top + 17
    for item in items:
        c = item.cells
        p.text(xs["desc"], y, c["desc"])
        p.text(xs["hs"], y, c["hs"])
        p.text_right(xs["qty_r"], y, c["qty"])
        p.text(xs["unit"], y, c["unit"])
        p.text_right(xs["price_r"], y, c["price"])
        p.text_right(xs["amount_r"], y, c["amount"])
        y += 8
    p.line(L, y - 3.5, R, y - 3.5, 3)

    y += 5
    for label, value, bold in (("Mal Hizmet Toplam Tutarı:", subtotal + " TL", False),
                               ("Hesaplanan KDV (%20):", vat + " TL", False),
                               ("Genel Toplam:", total + " TL", True)):
        p.text_right(159, y, label, bold=bold)
        p.text_right(R - 2, y, value, bold=bold)
        y += 7.5

    y += 6
    p.text(L, y, "Yalnız: Altıyüzbeşbinyediyüzdoksan Türk Lirası", 10)
    p.text(L, y + 6.5, "Teslim: Gaziantep fabrika teslim. Malın cinsi ve miktarı yukarıda belirtilmiştir.", 10)
    p.line(L + 110, y + 34, R, y + 34, 3)
    p.text(L + 110, y + 40, "Kaşe / İmza", 10)

    case.data = p.png(p.render(seed=SEED_FATURA, angle=0.35, paper=226, ink=38, noise_sigma=6.0))
    return case



# --------------------------------------------------------------------------
# 3. bill_of_lading_scan: English bill of lading, scanned, labels above values
# --------------------------------------------------------------------------

YILDIZ_BL = "YILDIZ KIMYA SAN. VE TIC. A.S."
LEVANT_BL = "LEVANT COMPONENTS TRADING FZE"
RAFIDAIN = "AL-RAFIDAIN GENERAL TRADING LLC"


def bill_of_lading_scan() -> Case:
    items = [
        Item({"marks": "YKM/LCT-24", "qty": "120", "unit": "DRUMS", "desc": "ALUMINIUM PASTE",
              "hs": "7603.20", "gw": "6,000 KGS", "cbm": "9.600 CBM"},
             {"description": "ALUMINIUM PASTE", "hs_code": "760320", "quantity": 120, "unit": "drums"}),
        Item({"marks": "YKM/LCT-24", "qty": "80", "unit": "BAGS", "desc": "POTASSIUM NITRATE",
              "hs": "2834.21", "gw": "2,040 KGS", "cbm": "2.400 CBM"},
             {"description": "POTASSIUM NITRATE", "hs_code": "283421", "quantity": 80, "unit": "bags"}),
    ]
    container = "TGHU8812348"
    assert _iso6346_ok(container)
    case = Case(
        name="bill_of_lading_scan", ext="png", doc_type="bill_of_lading",
        fields={"shipper": YILDIZ_BL, "consignee": LEVANT_BL, "notify_party": RAFIDAIN, "number": "OCLU2403187",
                "date": "2024-03-22", "port_of_loading": "MERSIN, TURKEY", "port_of_discharge": "JEBEL ALI, UAE",
                "vessel": "MV AEGEAN TRADER", "container": container},
        written={"shipper": YILDIZ_BL, "consignee": LEVANT_BL, "notify_party": RAFIDAIN, "number": "OCLU2403187",
                 "date": "22.03.2024", "port_of_loading": "MERSIN, TURKEY", "port_of_discharge": "JEBEL ALI, UAE",
                 "vessel": "MV AEGEAN TRADER", "container": container},
        items=items,
        extra_written=["BILL OF LADING", "SHIPPER", "CONSIGNEE", "NOTIFY PARTY", "PORT OF LOADING",
                       "PORT OF DISCHARGE", "VESSEL", "CONTAINER NO.", "B/L NO.", "120 DRUMS", "80 BAGS",
                       "HS CODE: 7603.20", "HS CODE: 2834.21", "MERSIN, 22.03.2024"],
    )
    _consistent(case)

    p = Scan(dpi=DPI_BL, body_pt=10.5)
    L, R, M = 14, 196, 105  # margins and the middle rule (mm)
    lab = 7.5  # label size (pt)

    def box(x: float, y: float, w: float, h: float, label: str, lines: list[str], size: float | None = None) -> None:
        p.rect(x, y, w, h)
        p.text(x + 2.5, y + 4.5, label, lab, bold=True)
        for i, s in enumerate(lines):
            p.text(x + 2.5, y + 10.5 + i * 5.2, s, size)

    # Header strip: carrier on the left, title and B/L number on the right.
    p.text(L, 16, "OCEANLINK CONTAINER LINES", 14, bold=True)
    p.text(L, 21.5, "Liman Yolu 4, Mersin, Turkey - www.oceanlink.example", 8)
    p.text_right(R, 16, "BILL OF LADING", 18, bold=True)
    p.text_right(R, 21.5, "FOR PORT-TO-PORT OR COMBINED TRANSPORT", 7.5)

    y = 26
    box(L, y, M - L, 26, "SHIPPER", [YILDIZ_BL, "ORGANIZE SANAYI BOLGESI 3. CADDE NO: 27", "SEHITKAMIL, GAZIANTEP, TURKEY"], 9.5)
    box(M, y, (R - M) / 2, 13, "B/L NO.", ["OCLU2403187"])
    box(M + (R - M) / 2, y, (R - M) / 2, 13, "BOOKING NO.", ["MER0455120"])
    box(M, y + 13, R - M, 13, "EXPORT REFERENCES", ["INV. YKM2024000000162"], 9.5)
    y += 26
    box(L, y, M - L, 26, "CONSIGNEE", [LEVANT_BL, "PLOT S30512, JEBEL ALI FREE ZONE", "DUBAI, UNITED ARAB EMIRATES"], 9.5)
    p.rect(M, y, R - M, 26)
    small = ["RECEIVED by the Carrier from the Shipper in apparent good order and",
             "condition unless otherwise noted herein, the total number of containers",
             "or other packages or units indicated below, to be carried subject to all",
             "the terms hereof from the Port of Loading to the Port of Discharge."]
    for i, s in enumerate(small):
        p.text(M + 2.5, y + 5 + i * 4.2, s, 7)
    y += 26
    box(L, y, M - L, 21, "NOTIFY PARTY", [RAFIDAIN, "AL MAKTOUM ROAD, DEIRA, DUBAI, UAE"], 9.5)
    box(M, y, (R - M) / 2, 21, "FREIGHT PAYABLE AT", ["MERSIN"])
    box(M + (R - M) / 2, y, (R - M) / 2, 21, "NUMBER OF ORIGINAL B/L", ["THREE (3)"])
    y += 21
    half = (M - L) / 2
    box(L, y, half, 13, "VESSEL", ["MV AEGEAN TRADER"], 9.5)
    box(L + half, y, half, 13, "VOYAGE NO.", ["412E"])
    box(M, y, (R - M) / 2, 13, "PLACE OF RECEIPT", ["GAZIANTEP CY"], 9.5)
    box(M + (R - M) / 2, y, (R - M) / 2, 13, "PLACE OF DELIVERY", ["JEBEL ALI CY"], 9.5)
    y += 13
    box(L, y, half, 13, "PORT OF LOADING", ["MERSIN, TURKEY"], 9.5)
    box(L + half, y, half, 13, "PORT OF DISCHARGE", ["JEBEL ALI, UAE"], 9.5)
    box(M, y, (R - M) / 2, 13, "CONTAINER NO.", [container])
    box(M + (R - M) / 2, y, (R - M) / 2, 13, "SEAL NO.", ["EU4471823"])
    y += 13

    # Goods table: marks | packages | description | gross weight | measurement
    y += 4
    cx = [L, 44, 74, 146, 173, R]
    heads = ["MARKS & NOS.", "NO. OF PACKAGES", "DESCRIPTION OF GOODS", "GROSS WEIGHT", "MEASUREMENT"]
    p.rect(L, y, R - L, 9)
    for x0, h in zip(cx, heads):
        p.text(x0 + 1.5, y + 6, h, 6.5, bold=True)
    body_top = y + 9
    body_h = 60
    p.rect(L, body_top, R - L, body_h)
    for x in cx[1:-1]:
        p.line(x, y, x, body_top + body_h)
    yy = body_top + 7
    p.text(cx[2] + 2, yy, "SHIPPER'S LOAD, STOW AND COUNT", 8)
    p.text(cx[2] + 2, yy + 4.5, "1 X 20' GP CONTAINER SAID TO CONTAIN:", 8)
    yy += 13
    for item in items:
        c = item.cells
        p.text(cx[0] + 2, yy, c["marks"], 9.5)
        p.text(cx[1] + 2, yy, f"{c['qty']} {c['unit']}", 9.5)
        p.text(cx[2] + 2, yy, c["desc"], 9.5)
        p.text(cx[2] + 2, yy + 5.2, f"HS CODE: {c['hs']}", 9.5)
        p.text_right(cx[4] - 2, yy, c["gw"], 9.5)
        p.text_right(cx[5] - 2, yy, c["cbm"], 9.5)
        yy += 14
    p.text(cx[2] + 2, yy + 2, "FREIGHT PREPAID", 9.5, bold=True)
    y = body_top + body_h

    box(L, y, M - L, 13, "TOTAL NUMBER OF PACKAGES (IN WORDS)", ["TWO HUNDRED (200) PACKAGES ONLY"], 9)
    box(M, y, R - M, 13, "PLACE AND DATE OF ISSUE", ["MERSIN, 22.03.2024"])
    y += 13
    p.rect(M, y, R - M, 30)
    p.text(M + 2.5, y + 4.5, "SIGNED FOR THE CARRIER", lab, bold=True)
    p.line(M + 10, y + 22, R - 10, y + 22, 3)
    p.text(M + 10, y + 26.5, "OCEANLINK CONTAINER LINES, AS CARRIER", 8)
    p.text(L + 2.5, y + 6, "SHIPPED ON BOARD THE VESSEL NAMED ABOVE", 8)

    case.data = p.png(p.render(seed=SEED_BL, angle=-0.3, paper=222, ink=42, noise_sigma=6.0))
    return case


def _iso6346_ok(code: str) -> bool:
    values, v = {}, 10
    for ch in "ABCDEFGHIJKLMNOPQRSTUVWXYZ":
        if v % 11 == 0:
            v += 1
        values[ch] = v
        v += 1
    s = sum((values[c] if c.isalpha() else int(c)) * 2 ** i for i, c in enumerate(code[:10]))
    return s % 11 % 10 == int(code[10])


# --------------------------------------------------------------------------

BUILDERS = [invoice_en_pdf, fatura_tr_scan, bill_of_lading_scan, packing_list_pdf]


def squash(s: str) -> str:
    return " ".join(s.split())


def read_back(path: Path) -> str:
    """What the real tools read: pdfplumber's extract_text, or tesseract eng+tur (default page segmentation)."""
    if path.suffix == ".pdf":
        import pdfplumber

        with pdfplumber.open(path) as pdf:
            return "\n".join(page.extract_text() or "" for page in pdf.pages)
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    return subprocess.run(["tesseract", str(path), "-", "-l", "eng+tur"], env=env, check=True,
                          capture_output=True, text=True).stdout


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=HERE, help="folder for the case folders")
    ap.add_argument("--check", action="store_true", help="read each input back and look for every written value")
    ap.add_argument("cases", nargs="*", help="only these cases")
    args = ap.parse_args(argv)
    failed = 0
    for build in BUILDERS:
        if args.cases and build.__name__ not in args.cases:
            continue
        case = build()
        folder = args.out / case.name
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"input.{case.ext}").write_bytes(case.data)
        (folder / "expected.json").write_bytes(
            (json.dumps(case.expected(), indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8"))
        print(f"{len(case.data):>9}  {folder / ('input.' + case.ext)}")
        if args.check:
            text = squash(read_back(folder / f"input.{case.ext}"))
            missing = [s for s in case.must_show() if squash(s) not in text]
            failed += bool(missing)
            print(f"           {'MISSING ' + repr(missing) if missing else 'all written values read back'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
