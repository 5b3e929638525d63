#!/usr/bin/env python3
"""Generate the deterministic demo corpus in ``corpora/demo/``.

Usage (from the repository root)::

    .venv/bin/python corpora/make_demo.py            # writes corpora/demo/*
    .venv/bin/python corpora/make_demo.py --out DIR  # writes somewhere else

Only the standard library and Pillow are used.  Every random choice comes
from a fixed-seed ``random.Random`` and the PDF carries no dates, so two runs
(with the same Pillow/zlib build) produce byte-identical files.

Files written:

* ``invoice_demir_kimya.pdf``   - hand-written text-layer PDF (Helvetica)
* ``invoice_anatolia_scan.png`` - scanned-looking invoice (greyscale, 200 dpi)
* ``bill_of_lading_scan.png``   - scanned-looking bill of lading (200 dpi)
* ``letter_procurement.txt``    - UTF-8 business letter with Turkish letters
* ``demo.expected.json`` (beside the folder) - facts tests may assert about each file

``corpora/README.md`` is maintained by hand and is not
touched by this script.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_OUT = HERE / "demo"

# --------------------------------------------------------------------------
# Document content (single source of truth, also used for expected.json)
# --------------------------------------------------------------------------

DEMIR_FULL = "Demir Kimya Sanayi ve Ticaret Ltd. Sti."
DEMIR_FULL_TR = "Demir Kimya Sanayi ve Ticaret Ltd. Şti."
DEMIR_BL = "DEMIR KIMYA SAN. VE TIC. LTD. STI."
AKCAKALE_SHOP = "Akcakale Telefon Iletisim"
AKCAKALE_SHOP_TR = "Akçakale Telefon İletişim"
ANATOLIA = "Anatolia Electronics Trading Ltd."
SAHIN = "Sahin Lojistik A.S."

# --------------------------------------------------------------------------
# 1. Text-layer PDF, written by hand
# --------------------------------------------------------------------------

# Advance widths (1/1000 em) of the standard Helvetica / Helvetica-Bold fonts
# for printable ASCII 32..126 (from the Adobe Core 14 AFM files).  Used only
# for right-aligning numbers and centring the title.
_HELV = [
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278,
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556,
    1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778,
    667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556,
    333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556,
    556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
]
_HELV_BOLD = [
    278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278,
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 333, 333, 584, 584, 584, 611,
    975, 722, 722, 722, 722, 667, 611, 778, 722, 278, 556, 722, 611, 833, 722, 778,
    667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 333, 278, 333, 584, 556,
    333, 556, 611, 556, 611, 556, 333, 611, 611, 278, 278, 556, 278, 889, 611, 611,
    611, 611, 389, 556, 333, 611, 556, 778, 556, 556, 500, 389, 280, 389, 584,
]


def pdf_text_width(text: str, size: float, bold: bool = False) -> float:
    table = _HELV_BOLD if bold else _HELV
    total = 0
    for ch in text:
        code = ord(ch)
        total += table[code - 32] if 32 <= code <= 126 else 556
    return total * size / 1000.0


def pdf_escape(text: str) -> str:
    text.encode("ascii")  # the demo PDF is ASCII-only on purpose
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def _num(v: float) -> str:
    s = f"{v:.2f}".rstrip("0").rstrip(".")
    return s if s not in ("", "-0") else "0"


class PdfPage:
    """Collects content-stream operators for one page."""

    def __init__(self) -> None:
        self.ops: list[str] = []

    def text(self, x: float, y: float, s: str, size: float = 10, bold: bool = False) -> None:
        font = "/F2" if bold else "/F1"
        self.ops.append(
            f"BT {font} {_num(size)} Tf {_num(x)} {_num(y)} Td ({pdf_escape(s)}) Tj ET"
        )

    def text_right(self, x_right: float, y: float, s: str, size: float = 10, bold: bool = False) -> None:
        self.text(x_right - pdf_text_width(s, size, bold), y, s, size, bold)

    def text_center(self, x_mid: float, y: float, s: str, size: float = 10, bold: bool = False) -> None:
        self.text(x_mid - pdf_text_width(s, size, bold) / 2, y, s, size, bold)

    def line(self, x1: float, y1: float, x2: float, y2: float, width: float = 0.6) -> None:
        self.ops.append(f"{_num(width)} w {_num(x1)} {_num(y1)} m {_num(x2)} {_num(y2)} l S")

    def rect(self, x: float, y: float, w: float, h: float, width: float = 0.6, fill_grey: float | None = None) -> None:
        if fill_grey is not None:
            self.ops.append(f"q {_num(fill_grey)} g {_num(x)} {_num(y)} {_num(w)} {_num(h)} re f Q")
        self.ops.append(f"{_num(width)} w {_num(x)} {_num(y)} {_num(w)} {_num(h)} re S")

    def content(self) -> bytes:
        return ("\n".join(self.ops) + "\n").encode("ascii")


def build_pdf(content: bytes, title: str) -> bytes:
    """A minimal single-page A4 PDF 1.4 with Helvetica and Helvetica-Bold."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R /F2 5 0 R >> /ProcSet [/PDF /Text] >> "
        b"/Contents 6 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>",
        b"<< /Length " + str(len(content)).encode() + b" >>\nstream\n" + content + b"endstream",
        # Document info without any dates, so the file is reproducible.
        b"<< /Title (" + pdf_escape(title).encode("ascii") + b") "
        b"/Producer (docintel corpora/make_demo.py) >>",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for num, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{num} 0 obj\n".encode() + body + b"\nendobj\n"
    xref_pos = len(out)
    out += f"xref\n0 {len(objects) + 1}\n".encode()
    out += b"0000000000 65535 f \n"
    for off in offsets:
        out += f"{off:010d} 00000 n \n".encode()
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R /Info {len(objects)} 0 R >>\n"
        f"startxref\n{xref_pos}\n%%EOF\n"
    ).encode()
    return bytes(out)


def make_invoice_pdf() -> bytes:
    p = PdfPage()
    left, right = 56, 539  # 20 mm margins
    width = right - left

    # Letterhead
    p.text(left, 790, DEMIR_FULL, 13, bold=True)
    p.text(left, 775, "Organize Sanayi Bolgesi 4. Cadde No: 12, Gaziantep, Turkey", 9)
    p.text(left, 763, "Tel: +90 342 337 21 40   Tax Office: Gaziantep   Tax No: 2950417763", 9)
    p.line(left, 754, right, 754, 1.2)

    # Title
    p.text_center(297.5, 722, "COMMERCIAL INVOICE", 18, bold=True)

    # Document data box
    p.rect(left, 640, width, 62)
    p.text(left + 10, 686, "Invoice No: DK-2024-0117", 10)
    p.text(left + 10, 670, "Date: 14.03.2024", 10)
    p.text(left + 10, 654, "Currency: USD", 10)

    # Seller box
    p.rect(left, 572, width, 56)
    p.text(left + 10, 612, "Seller: " + DEMIR_FULL, 10, bold=True)
    p.text(left + 10, 596, "Organize Sanayi Bolgesi 4. Cadde No: 12, Gaziantep, Turkey", 10)
    p.text(left + 10, 580, "Country of origin: Turkey", 10)

    # Buyer box
    p.rect(left, 504, width, 56)
    p.text(left + 10, 544, "Buyer: " + AKCAKALE_SHOP, 10, bold=True)
    p.text(left + 10, 528, "Ataturk Caddesi 45, Akcakale, Sanliurfa, Turkey", 10)
    p.text(left + 10, 512, "Business: retail of mobile phones and accessories", 10)

    # Line-item table
    cols = [left, 230, 305, 395, 470, right]  # column boundaries
    top, head_h, row_h = 478, 20, 20
    p.rect(left, top - head_h, width, head_h, fill_grey=0.88)
    p.rect(left, top - head_h - row_h, width, row_h)
    for x in cols[1:-1]:
        p.line(x, top, x, top - head_h - row_h)
    y_head = top - 14
    y_row = top - head_h - 14
    p.text(cols[0] + 6, y_head, "Description", 10, bold=True)
    p.text(cols[1] + 6, y_head, "HS Code", 10, bold=True)
    p.text_right(cols[3] - 6, y_head, "Quantity", 10, bold=True)
    p.text_right(cols[4] - 6, y_head, "Unit Price", 10, bold=True)
    p.text_right(cols[5] - 6, y_head, "Amount", 10, bold=True)
    p.text(cols[0] + 6, y_row, "Aluminium paste", 10)
    p.text(cols[1] + 6, y_row, "7603.20", 10)
    p.text_right(cols[3] - 6, y_row, "6,000 kg", 10)
    p.text_right(cols[4] - 6, y_row, "4.50", 10)
    p.text_right(cols[5] - 6, y_row, "27,000.00", 10)

    # Totals
    p.text_right(right - 6, 412, "Total: USD 27,000.00", 11, bold=True)

    # Terms and signature
    p.text(left, 372, "Terms of delivery: FCA Gaziantep (Incoterms 2020)", 10)
    p.text(left, 356, "Payment terms: 100% advance payment by bank transfer", 10)
    p.text(left, 340, "Packing: 240 steel drums of 25 kg net each", 10)
    p.line(left, 268, left + 200, 268, 0.6)
    p.text(left, 252, "Authorised signatory: Mehmet Demir", 10)
    p.text(left, 238, DEMIR_FULL, 9)

    return build_pdf(p.content(), "Commercial Invoice DK-2024-0117")


# --------------------------------------------------------------------------
# 2./3. Scanned-looking PNG images
# --------------------------------------------------------------------------

DPI = 200
PAGE_W, PAGE_H = 1654, 2339  # A4 at 200 dpi
PT = DPI / 72.0  # pixels per point
BODY_PT = 12.0  # body text size of the scans

FONT_DIR = "/usr/share/fonts/truetype/dejavu"


def _font(size_pt: float, bold: bool = False):
    from PIL import ImageFont

    px = int(round(size_pt * PT))
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    path = os.path.join(FONT_DIR, name)
    if not os.path.exists(path) and bold:
        path = os.path.join(FONT_DIR, "DejaVuSans.ttf")
    if os.path.exists(path):
        return ImageFont.truetype(path, px)
    return ImageFont.load_default(size=px)


class ScanPage:
    """Draws ink into a mask at 200 dpi; ``render`` turns it into a 'scan'.

    Coordinates are in millimetres from the top-left corner, sizes in points.
    """

    def __init__(self) -> None:
        from PIL import Image, ImageDraw

        self.mask = Image.new("L", (PAGE_W, PAGE_H), 0)
        self.draw = ImageDraw.Draw(self.mask)
        self._fonts: dict = {}

    @staticmethod
    def mm(v: float) -> int:
        return int(round(v * DPI / 25.4))

    def font(self, size: float, bold: bool):
        key = (size, bold)
        if key not in self._fonts:
            self._fonts[key] = _font(size, bold)
        return self._fonts[key]

    def text(self, x_mm: float, y_mm: float, s: str, size: float | None = None, bold: bool = False, anchor: str = "ls") -> None:
        """Draw ``s`` with its baseline at ``y_mm`` ('ls' = left/baseline)."""
        size = BODY_PT if size is None else size
        self.draw.text((self.mm(x_mm), self.mm(y_mm)), s, fill=255, font=self.font(size, bold), anchor=anchor)

    def field(self, x_mm: float, y_mm: float, label: str, value: str, size: float | None = None) -> None:
        """``Label: value`` with a bold label and a regular value."""
        size = BODY_PT if size is None else size
        self.text(x_mm, y_mm, label, size, bold=True)
        label_px = self.font(size, True).getlength(label + " ")
        self.draw.text((self.mm(x_mm) + round(label_px), self.mm(y_mm)), value, fill=255,
                       font=self.font(size, False), anchor="ls")

    def text_right(self, x_mm: float, y_mm: float, s: str, size: float | None = None, bold: bool = False) -> None:
        self.text(x_mm, y_mm, s, size, bold, anchor="rs")

    def text_center(self, x_mm: float, y_mm: float, s: str, size: float | None = None, bold: bool = False) -> None:
        self.text(x_mm, y_mm, s, size, bold, anchor="ms")

    def line(self, x1: float, y1: float, x2: float, y2: float, width_px: int = 3) -> None:
        self.draw.line([(self.mm(x1), self.mm(y1)), (self.mm(x2), self.mm(y2))], fill=255, width=width_px)

    def rect(self, x: float, y: float, w: float, h: float, width_px: int = 3) -> None:
        self.draw.rectangle([self.mm(x), self.mm(y), self.mm(x + w), self.mm(y + h)], outline=255, width=width_px)

    def render(self, seed: int, angle: float, paper: int = 222, ink: int = 38,
               noise_sigma: float = 5.0, gradient: tuple[int, int] | None = None):
        """Rotate, blur, put on grey paper, add seeded noise; returns an 'L' image."""
        import statistics

        from PIL import Image, ImageChops, ImageDraw, ImageFilter

        rnd = random.Random(seed)

        # Slight skew as from a flatbed scanner, then soften the edges.
        mask = self.mask.rotate(angle, resample=Image.BICUBIC, expand=False, fillcolor=0)
        mask = mask.filter(ImageFilter.GaussianBlur(0.7))

        # Paper: flat grey, optionally with a left-to-right illumination falloff,
        # plus low-frequency blotches (coarse Gaussian field, upscaled).
        if gradient is not None:
            lo, hi = gradient
            ramp = bytes(int(round(hi + (lo - hi) * i / 255)) for i in range(256))
            grad = Image.frombytes("L", (256, 1), ramp).resize((PAGE_W, PAGE_H), Image.BILINEAR)
            paper_img = grad
        else:
            paper_img = Image.new("L", (PAGE_W, PAGE_H), paper)
        cw, ch = PAGE_W // 48 + 1, PAGE_H // 48 + 1
        blot = bytes(max(0, min(255, int(round(128 + rnd.gauss(0, 3.0))))) for _ in range(cw * ch))
        blot_img = Image.frombytes("L", (cw, ch), blot).resize((PAGE_W, PAGE_H), Image.BICUBIC)
        paper_img = ImageChops.add(paper_img, blot_img, scale=1.0, offset=-128)

        ink_img = Image.new("L", (PAGE_W, PAGE_H), ink)
        page = Image.composite(ink_img, paper_img, mask)

        # Fine grain: Gaussian-ish noise on a 2x2-pixel grid (keeps the PNG
        # small), generated through an inverse-CDF lookup table of the bytes
        # from the seeded RNG.
        if noise_sigma > 0:
            nd = statistics.NormalDist(0, noise_sigma)
            table = bytes(
                max(0, min(255, 128 + int(round(nd.inv_cdf((i + 0.5) / 256))))) for i in range(256)
            )
            gw, gh = (PAGE_W + 1) // 2, (PAGE_H + 1) // 2
            grain = rnd.randbytes(gw * gh).translate(table)
            grain_img = Image.frombytes("L", (gw, gh), grain).resize((PAGE_W, PAGE_H), Image.NEAREST)
            page = ImageChops.add(page, grain_img, scale=1.0, offset=-128)

        # A few dust specks, kept well away from the ink so they never touch characters.
        d = ImageDraw.Draw(page)
        for _ in range(120):
            x, y = rnd.randrange(PAGE_W), rnd.randrange(PAGE_H)
            r = rnd.choice((1, 1, 1, 2, 2, 3))
            fill = rnd.randrange(70, 160)
            if mask.crop((x - 60, y - 60, x + 61, y + 61)).getbbox() is not None:
                continue
            d.ellipse([x - r, y - r, x + r, y + r], fill=fill)
        return page


def save_png(img, path: Path) -> None:
    img.save(path, format="PNG", optimize=True, dpi=(DPI, DPI))


def make_anatolia_scan():
    p = ScanPage()
    L, R = 20, 190  # margins (mm)
    W = R - L

    # Letterhead
    p.text(L, 24, ANATOLIA, 16, bold=True)
    p.text(L, 31, "Sehitkamil, Gaziantep, Turkey", 10)
    p.text(L, 36.5, "Tel: +90 342 215 47 80   info@anatolia-electronics.example", 10)
    p.line(L, 40, R, 40, 4)

    p.text_center(105, 56, "INVOICE", 22, bold=True)

    # Document data
    p.rect(L, 64, W, 25)
    p.text(L + 4, 72, "Invoice No: AET-5521")
    p.text(L + 4, 79, "Date: 02.04.2024")
    p.text(L + 4, 86, "Currency: USD")

    # Seller / buyer boxes (stacked, one party per box)
    p.rect(L, 94, W, 19)
    p.field(L + 4, 102, "Seller:", ANATOLIA)
    p.text(L + 4, 109, "Sehitkamil, Gaziantep, Turkey")

    p.rect(L, 118, W, 19)
    p.field(L + 4, 126, "Buyer:", AKCAKALE_SHOP)
    p.text(L + 4, 133, "Akcakale, Sanliurfa, Turkey")

    # Line items (horizontal rules only; column gaps are whitespace)
    top = 148
    p.line(L, top, R, top, 4)
    hy = top + 7
    p.text(L + 2, hy, "Description", bold=True)
    p.text(84, hy, "HS Code", bold=True)
    p.text(110, hy, "Quantity", bold=True)
    p.text_right(161, hy, "Unit Price", bold=True)
    p.text_right(R - 2, hy, "Amount", bold=True)
    p.line(L, top + 10, R, top + 10, 3)
    rows = [
        ("Brushless motors for UAV", "8501.31", "40 pcs", "85.00", "3,400.00"),
        ("Mobile phones Nokia 105", "8517.13", "200 pcs", "18.50", "3,700.00"),
    ]
    y = top + 18
    for desc, hs, qty, unit, amt in rows:
        p.text(L + 2, y, desc)
        p.text(84, y, hs)
        p.text(110, y, qty)
        p.text_right(161, y, unit)
        p.text_right(R - 2, y, amt)
        y += 8
    p.line(L, y - 4, R, y - 4, 3)

    p.text_right(R - 2, y + 6, "Total: USD 7,100.00", 12.5, bold=True)

    p.text(L, y + 22, "Terms of delivery: EXW Gaziantep")
    p.text(L, y + 29, "Payment: cash against delivery")
    p.line(L, y + 52, L + 70, y + 52, 3)
    p.text(L, y + 58, "Stamp and signature", 10)

    return p.render(seed=5521, angle=0.7, paper=220, ink=40, noise_sigma=5.0)


def make_bill_of_lading_scan():
    p = ScanPage()
    L, R = 20, 190
    W = R - L

    p.text_center(105, 28, "BILL OF LADING", 22, bold=True)
    p.text_center(105, 35, "For combined transport or port to port shipment", 10)
    p.line(L, 40, R, 40, 4)

    p.rect(L, 46, W, 12)
    p.text(L + 4, 54, "B/L No: MSKU-7781203", bold=True)

    p.rect(L, 62, W, 19)
    p.text(L + 4, 70, "Shipper: " + DEMIR_BL)
    p.text(L + 4, 77, "Gaziantep, Turkey")

    p.rect(L, 85, W, 12)
    p.text(L + 4, 93, "Consignee: " + AKCAKALE_SHOP)

    p.rect(L, 101, W, 12)
    p.text(L + 4, 109, "Notify Party: Same as consignee")

    p.rect(L, 117, W, 33)
    p.text(L + 4, 125, "Vessel: MV ANADOLU STAR")
    p.text(L + 4, 132, "Port of Loading: Mersin")
    p.text(L + 4, 139, "Port of Discharge: Iskenderun")
    p.text(L + 4, 146, "Container: MSKU1234565")

    p.rect(L, 154, W, 26)
    p.text(L + 4, 162, "Description of goods: 240 drums aluminium paste, gross weight 6,000 kg")
    p.text(L + 4, 169, "Marks and numbers: DK-2024-0117")
    p.text(L + 4, 176, "Freight: prepaid")

    p.text(L, 192, "Place and date of issue: Mersin")
    p.text(L, 199, "Date: 20.03.2024")
    p.line(L, 222, L + 70, 222, 3)
    p.text(L, 228, "Signed for the carrier", 10)

    return p.render(seed=7781203, angle=-0.6, ink=42, noise_sigma=5.0, gradient=(198, 228))


# --------------------------------------------------------------------------
# 4. Plain-text letter
# --------------------------------------------------------------------------

LETTER = f"""\
{DEMIR_FULL_TR}
Organize Sanayi Bölgesi 4. Cadde No: 12
Şehitkamil, Gaziantep, Türkiye

Gaziantep, 21 March 2024

Mr Ahmed Al-Jabouri
{AKCAKALE_SHOP_TR}
Atatürk Caddesi 45
Akçakale, Şanlıurfa, Türkiye

Subject: Delivery of aluminium paste - Invoice DK-2024-0117

Dear Mr Al-Jabouri,

We are pleased to confirm that your order of 6 tonnes of aluminium paste
(240 drums of 25 kg each) left our warehouse in Gaziantep on 19 March 2024.
The goods are being carried by our usual forwarder, {SAHIN},
who will arrange the onward transport from the port to Akçakale.

Please find enclosed a copy of commercial invoice DK-2024-0117 and the bill
of lading MSKU-7781203. Kindly let us know as soon as the drums arrive.

Yours sincerely,

Mehmet Demir
General Manager
{DEMIR_FULL_TR}
"""


# --------------------------------------------------------------------------
# expected.json
# --------------------------------------------------------------------------

def expected_facts() -> dict:
    demir_variants = [DEMIR_FULL, DEMIR_BL, DEMIR_FULL_TR]
    return {
        "files": {
            "invoice_demir_kimya.pdf": {
                "commodities": [
                    {"hs_code": "7603.20", "name": "aluminium paste", "quantity": 6000, "quantity_kg": 6000, "unit": "kg"}
                ],
                "companies": [DEMIR_FULL, AKCAKALE_SHOP],
                "currency": "USD",
                "date": "2024-03-14",
                "doc_type": "invoice",
                "document_number": "DK-2024-0117",
                "has_text_layer": True,
                "people": ["Mehmet Demir"],
                "places": ["Gaziantep", "Akcakale", "Sanliurfa", "Turkey"],
                "total": 27000.0,
            },
            "invoice_anatolia_scan.png": {
                "commodities": [
                    {"hs_code": "8501.31", "name": "brushless motors for UAV", "quantity": 40, "unit": "pcs"},
                    {"hs_code": "8517.13", "name": "mobile phones Nokia 105", "quantity": 200, "unit": "pcs"},
                ],
                "companies": [ANATOLIA, AKCAKALE_SHOP],
                "currency": "USD",
                "date": "2024-04-02",
                "doc_type": "invoice",
                "document_number": "AET-5521",
                "has_text_layer": False,
                "ocr_must_contain": ["Anatolia Electronics Trading Ltd", AKCAKALE_SHOP, "40 pcs"],
                "people": [],
                "places": ["Sehitkamil", "Gaziantep", "Akcakale", "Sanliurfa", "Turkey"],
                "total": 7100.0,
            },
            "bill_of_lading_scan.png": {
                "commodities": [
                    {"hs_code": None, "name": "aluminium paste", "quantity": 6000, "quantity_kg": 6000, "unit": "kg"}
                ],
                "companies": [DEMIR_BL, AKCAKALE_SHOP],
                "container": "MSKU1234565",
                "date": "2024-03-20",
                "doc_type": "bill_of_lading",
                "document_number": "MSKU-7781203",
                "has_text_layer": False,
                "ocr_must_contain": [
                    DEMIR_BL, AKCAKALE_SHOP, "aluminium paste", "6,000 kg", "MSKU1234565"
                ],
                "people": [],
                "places": ["Gaziantep", "Mersin", "Iskenderun", "Turkey"],
                "vessel": "MV ANADOLU STAR",
            },
            "letter_procurement.txt": {
                "commodities": [
                    {"hs_code": None, "name": "aluminium paste", "quantity": 6, "quantity_kg": 6000, "unit": "t"}
                ],
                "companies": [DEMIR_FULL_TR, AKCAKALE_SHOP_TR, SAHIN],
                "date": "2024-03-21",
                "doc_type": "correspondence",
                "has_text_layer": True,
                "people": ["Mehmet Demir", "Ahmed Al-Jabouri"],
                "places": ["Gaziantep", "Akçakale", "Şanlıurfa", "Türkiye"],
            },
        },
        # Surface forms that entity resolution should merge into one company.
        "same_entity": [demir_variants, [AKCAKALE_SHOP, AKCAKALE_SHOP_TR]],
    }


# --------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output directory")
    args = ap.parse_args(argv)
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)

    (out / "invoice_demir_kimya.pdf").write_bytes(make_invoice_pdf())
    (out / "letter_procurement.txt").write_bytes(LETTER.encode("utf-8"))
    # Beside the folder, not in it: the folder holds only documents, so it can be dropped into an inbox whole.
    (out.parent / f"{out.name}.expected.json").write_bytes(
        (json.dumps(expected_facts(), indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")
    )

    try:
        import PIL  # noqa: F401
    except ImportError:
        print("Pillow is required for the PNG files: run with .venv/bin/python", file=sys.stderr)
        return 1
    save_png(make_anatolia_scan(), out / "invoice_anatolia_scan.png")
    save_png(make_bill_of_lading_scan(), out / "bill_of_lading_scan.png")

    for name in sorted(os.listdir(out)):
        print(f"{(out / name).stat().st_size:>9}  {out / name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
