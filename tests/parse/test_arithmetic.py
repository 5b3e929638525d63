"""The total checked against what the rest of the page states: subtotal and charges, cash less change,
tax rows. Text pages, pages of word boxes, and a receipt drawn and read by real tesseract."""

from __future__ import annotations

import os

import pytest

from pipeline.model import DocumentText, Page, Word
from pipeline.parse import parse_document


def total_of(page: Page) -> str | None:
    return {f.name: f.value for f in parse_document(DocumentText((page,))).fields}.get("total")


@pytest.mark.parametrize("text, expected", [
    # a pen circle turned 343.95 into 349.95: subtotal + service + GST + rounding says 343.95
    ("SUB TOTAL 295.00\nSERVICE CHARGE 10% 29.50\nGST 6% 19.47\nROUNDING ADJ -0.02\nNET TOTAL 349.95", "343.95"),
    # cash less change and the GST summary row agree on 1.75 against a reading of 1.65
    ("Total After Adj Incl GST 1.65\nCASH 1.80\nChange Amt 0.05\nGST Summary Amount Tax\nSR @ 6% 1.65 0.10",
     "1.75"),
    # slashed zeros read 8 and 6: the tax row (taxable + 6 % of it) says 62.00
    ("SUB-TOTAL 62.80\nTOTAL INCL GST RM 62.06\nCARD TYPE : VISA 62.88\nGST Taxable Amt GST Amt\nSR - 6% 58.49 3.51",
     "62.00"),
    # European and Turkish numbers: 1.190,08 is one digit from subtotal + VAT
    ("Zwischensumme 1.000,00\nMwSt 19% 190,00\nRechnungsbetrag 1.190,08 EUR", "1190.00"),
    ("Ara Toplam 6.000,50\nKDV 1.080,09\nGenel Toplam 7.086,59 TL", "7080.59"),
    ("Subtotal 6,000.50\nVAT 1,080.09\nGrand Total 7,080.59", "7080.59"),  # the reading agrees: it stands
    ("KDV %18 1.000,00 180,00\nGenel Toplam 1.186,00 TL", "1180.00"),  # a tax row at a rate written `%18`
    # a clean reading that something corroborates is never replaced, even if a far-off sum disagrees
    ("SUBTOTAL 58.00\nROUNDING 0.00\nTOTAL 58.00\nCASH 100.00\nCHANGE 42.00", "58.00"),
    # the sum is wrong by more than two digits: not a misreading, the reading stands
    ("SUB-TOTAL 62.00\nTotal GST(I) 3.51\nTOTAL INCL GST 62.00", "62.00"),
    ("SUBTOTAL 10.00\nGST 6% 0.60\nTOTAL 55.55", "55.55"),
    # the GST line's amount was lost: the sum would be wrong, so nothing is replaced
    ("SUB TOTAL 21.00\nGST 6% \\S |.\nROUNDING ADJ -0.01\nNET TOTAL 22.26", "22.26"),
])
def test_arithmetic_repairs_a_misread_total(text: str, expected: str) -> None:
    assert total_of(Page(1, "text", text)) == expected


def test_no_total_label_but_subtotal_and_cash_agree() -> None:
    assert total_of(Page(1, "text", "Bacon RM4.90\nDark Rye Bun RM6.90\nSUBTUTA RM11.80\nCASH RM11.80")) == "11.80"
    # one statement alone is not enough to name a total
    assert total_of(Page(1, "text", "Bacon RM4.90\nCASH RM11.80")) is None


def _page_of_boxes(rows: list[list[tuple[str, float]]], doubted: str = "", by_column: bool = True) -> Page:
    """Words at x positions (right edges for amounts), one row per 30 px, in a text whose order is column
    by column (as OCR gives a receipt whose amounts form a block of their own) or row by row; the word
    `doubted` is read at confidence 0.12, the others at 0.9."""
    placed = [(token, x, 100 + 30 * n) for n, row in enumerate(rows) for token, x in row]
    if by_column:  # every word a line of its own, the labels' column before the amounts'
        lines = [[p] for right in (False, True) for p in placed if (p[1] > 300) == right]
    else:
        lines = [[p for p in placed if p[2] == y] for y in sorted({p[2] for p in placed})]
    words, text = [], ""
    for line in lines:
        for token, x, y in line:
            box = (x, y, x + 12 * len(token), y + 20) if x < 300 else (x - 12 * len(token), y, x, y + 20)
            words.append(Word(token, box, 0.12 if token == doubted else 0.9, len(text), len(text) + len(token)))
            text += token + " "
        text = text[:-1] + "\n"
    return Page(1, "ocr", text, words=tuple(words), width=600, height=800, bbox_unit="px")


def test_amounts_in_a_column_of_their_own_and_split_at_the_point() -> None:
    page = _page_of_boxes([
        [("SUBTOTAL", 20), ("RM20.", 450), ("40", 500)],
        [("ROUNDING", 20), ("0.00", 500)],
        [("TOTAL", 20), ("RM20.", 450), ("46", 500)],
        [("CASH", 20), ("50.00", 500)],
        [("CHANGE", 20), ("29.60", 500)],
    ])
    assert total_of(page) == "20.40"


@pytest.mark.parametrize("doubted, expected", [("01.00", "9.00"), ("", "1.00")])
def test_the_items_sum_argues_only_with_a_doubtful_reading(doubted: str, expected: str) -> None:
    # `9.00` read `01.00`: the items in the total's column add up to 9.00 (the address's `$5.57` further
    # left is not an item); OCR's own doubt about the reading lets that sum replace it
    rows = [[("NO.53", 20), ("$5.57", 120), ("JALAN", 200)],
            [("KIDDY", 20), ("FISH", 90), ("4.00", 500)],
            [("CLAY", 20), ("5.00", 500)],
            [("Total", 20), ("01.00", 500)],
            [("Rounding", 20), ("Adj", 120), ("0.00", 500)]]
    assert total_of(_page_of_boxes(rows, doubted, by_column=False)) == expected


FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


@pytest.mark.skipif(not os.path.exists(FONT), reason="DejaVu Sans is not installed")
def test_a_drawn_receipt_read_by_tesseract_then_checked(tmp_path) -> None:
    from PIL import Image, ImageDraw, ImageFont

    from pipeline.settings import from_env
    from pipeline.text import read_document

    # the printed total has a wrong digit, as a misreading would give; everything else adds up to 343.95
    rows = [("HH GUINESS 12 GLASSES", "150.00"), ("HH TIGER 12 GLASSES", "145.00"), ("SUB TOTAL", "295.00"),
            ("SERVICE CHARGE 10%", "29.50"), ("GST 6%", "19.47"), ("ROUNDING ADJ", "-0.02"),
            ("NET TOTAL", "349.95"), ("CASH", "400.00"), ("CHANGE", "56.05")]
    font = ImageFont.truetype(FONT, 32)
    image = Image.new("L", (1000, 160 + 56 * len(rows)), 255)
    draw = ImageDraw.Draw(image)
    for n, (label, amount) in enumerate(rows):  # labels on the left, amounts aligned right
        y = 80 + 56 * n
        draw.text((80, y), label, font=font, fill=0)
        draw.text((760 - font.getlength(amount), y), amount, font=font, fill=0)
    path = tmp_path / "receipt.png"
    image.save(path, dpi=(300, 300))
    settings = from_env()
    text = read_document(path, "image/png", settings)
    assert "349.95" in text.pages[0].text  # tesseract read what is printed
    assert total_of(text.pages[0]) == "343.95"
