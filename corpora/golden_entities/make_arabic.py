#!/usr/bin/env python3
"""Write the Arabic-script golden case for the extract stage: `arabic_receipt_scan/input.png` (a scanned
hand-over receipt in Arabic, 200 dpi, slightly rotated, with grain) and `expected.json`.

    .venv/bin/python corpora/golden_entities/make_arabic.py

The gold is typed here beside the text drawn on the page, never taken from pipeline output. Everything
on the page is made up. Arabic is shaped by Pillow's raqm layout (DejaVu Sans has the Arabic letters).
"""

from __future__ import annotations

import json
import random
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont

HERE = Path(__file__).resolve().parent
CASE = HERE / "arabic_receipt_scan"
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
BOLD = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
DPI = 200

LINES = [  # (text, bold, size in pt)
    ("إيصال استلام", True, 20),
    ("التاريخ: 14.03.2025", False, 13),
    ("استلمت أنا أبو بكر الموصلي الشحنة كاملة", False, 14),
    ("في مدينة أقجة قلعة بحالة جيدة", False, 14),
    ("التوقيع: أبو بكر الموصلي", False, 14),
]
EXPECTED = {
    "people": [{"arabic": "أبو بكر الموصلي", "latin": "Abu Bakr al-Mosuli"}],
    "places": [{"arabic": "أقجة قلعة", "latin": "Akcakale", "geonames_id": 324944}],
    "latin_document": (
        "Interview note\n\nThe driver said that Abu Bakr al-Mosuli collected the shipment in Akcakale "
        "and signed a receipt for it.\n"
    ),
}


def render() -> Image.Image:
    width, height = int(8.27 * DPI), int(5.8 * DPI)  # A5 landscape-ish half page
    page = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(page)
    y = int(0.6 * DPI)
    right = width - int(0.8 * DPI)
    for text, bold, size in LINES:
        font = ImageFont.truetype(BOLD if bold else FONT, int(size * DPI / 72))
        draw.text((right, y), text, font=font, fill=20, anchor="ra", direction="rtl", language="ar")
        y += int(size * DPI / 72 * 1.9)
    page = page.rotate(0.4, resample=Image.BICUBIC, fillcolor=255)
    rnd = random.Random(4)
    gw, gh = page.size[0] // 4, page.size[1] // 4  # grain on a 4x4 grid keeps the PNG small
    noise = Image.frombytes("L", (gw, gh), bytes(rnd.randrange(0, 24) for _ in range(gw * gh))).resize(page.size)
    page = Image.eval(page, lambda v: max(0, v - 10))
    page = Image.blend(page, Image.eval(noise, lambda v: 255 - v), 0.08).filter(ImageFilter.GaussianBlur(0.3))
    return page


def main() -> None:
    CASE.mkdir(parents=True, exist_ok=True)
    render().save(CASE / "input.png", dpi=(DPI, DPI), optimize=True)
    (CASE / "expected.json").write_text(json.dumps(EXPECTED, ensure_ascii=False, indent=2) + "\n", "utf-8")
    print(f"wrote {CASE}")


if __name__ == "__main__":
    main()
