"""Line items from goods tables, in text-layer PDFs and OCR alike, without templates per issuer.

A table starts at a header line naming at least two columns (Description, Qty, Unit Price, Amount,
HS Code; Açıklama, Miktar, Birim Fiyat, Tutar, GTİP) and ends at a totals line. Each row is read by
what its tokens are: an HS code, a quantity with its unit, money amounts (the last is the amount,
the one before the unit price), and the words before them (the description).
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..fold import fold
from ..model import LineItem, Page, span_bbox
from ..numbers import parse_number
from ..quantities import find_quantities

HEADER_CUES = {
    "description": r"description|descr|goods|item|product|article|commodity|a[cç][ıi]klama|cinsi|mal[ıi]n|urun|ürün|"
                   r"designation|bezeichnung|libelle",
    "quantity": r"qty|quantity|quantite|menge|miktar|adet|packages|pkgs",
    "unit": r"unit|uom|birim|einheit",
    "price": r"unit\s*price|price|birim\s*fiyat|fiyat|prix|preis|rate",
    "amount": r"amount|total|tutar|montant|betrag|value|line\s*total",
    "hs": r"hs\s*code|hs|gtip|gtİp|tariff|customs\s*code",
    "weight": r"gross\s*weight|net\s*weight|weight|brüt|net",
}
_CUES = {k: re.compile(rf"(?<!\w)(?:{v})(?!\w)", re.IGNORECASE) for k, v in HEADER_CUES.items()}
STOP = re.compile(r"^\W*(sub\s*total|total|grand\s*total|toplam|genel\s*toplam|ara\s*toplam|kdv|vat|tax|say\s*:|"
                  r"amount\s+due|balance|net\s+total|zwischensumme|gesamt|total\s+ht|total\s+ttc)\b", re.IGNORECASE)
TOTALS_WORD = re.compile(r"(?<!\w)(total|toplam|summe|totaal|gesamt\w*|montant\s+total)(?!\w)", re.IGNORECASE)
HS = re.compile(r"(?<![\d.,])(\d{4})\.(\d{2})(?:\.(\d{2,4}))?(?:\.(\d{2}))?(?![\d,])"
                r"|(?<![\d.,])(\d{6}|\d{8}|\d{10})(?![\d.,])")
MONEY = re.compile(r"(?<![\w.,])(?:[$€£₺]\s?)?\d{1,3}(?:[.,' ]\d{3})*(?:[.,]\d{1,2})?(?![\w.,])|(?<![\w.,])\d+[.,]\d{2}(?![\d])")
HS_LINE = re.compile(r"^\W*(?:hs|gtip|gtİp)(?:\s*code)?\s*(?:no\.?)?\s*[:.]?\s*(?P<code>\d{4}\.\d{2}(?:\.\d{2}){0,2})\s*$",
                     re.IGNORECASE | re.MULTILINE)
ROW_NUMBER = re.compile(r"^\s*(?:\d{1,3}[.)]?|[-*•])\s+")


def _is_header(line: str) -> bool:
    hits = {k for k, p in _CUES.items() if p.search(line)}
    return len(hits) >= 2 and bool(hits & {"quantity", "price", "amount", "hs", "weight"}) and len(line) < 200


def read_line_items(pages: tuple[Page, ...]) -> list[LineItem]:
    """Every goods row found under a table header, over all pages, numbered from 1."""
    items: list[LineItem] = []
    page_of = {p.number: p for p in pages}
    for page in pages:
        lines = [(m.start(), m.group(0)) for m in re.finditer(r"[^\n]+", page.text)]
        in_table = False
        has_hs = False
        continued = 0
        for offset, line in lines:
            if in_table and HS_LINE.match(line):
                continue  # `HS CODE: 7603.20` under a row: attached by position below
            if in_table and (STOP.search(line) or TOTALS_WORD.search(line) or re.match(r"^\s*[\w .'/-]{2,40}:\s", line)):
                in_table = False
                continue
            if _is_header(line) and not STOP.search(line):
                in_table, has_hs = True, bool(_CUES["hs"].search(line))
                continue
            if not in_table:
                continue
            item = _read_row(page, offset, line, len(items) + 1, has_hs)
            if item is not None:
                items.append(item)
                continued = 0
            elif items and items[-1].page == page.number and _continues(line) and continued < 2:
                continued += 1
                prev, end = items[-1], offset + len(line.rstrip())
                # A description that wraps onto the next line: the row grows to take it.
                items[-1] = replace(prev, description=f"{prev.description} {line.strip()}", end=end,
                                    bbox=span_bbox(page.words, prev.start, end))
    return [_hs_below(page_of[i.page], i) if i.hs_code is None else i for i in items]


def _hs_below(page: Page, item: LineItem) -> LineItem:
    """A row without an HS code takes the `HS CODE: ...` written just under it (by box), if any."""
    if item.bbox is None:
        return item
    height = item.bbox[3] - item.bbox[1]
    best = None
    for m in HS_LINE.finditer(page.text):
        box = span_bbox(page.words, m.start(), m.end())
        if box is None:
            continue
        gap = box[1] - item.bbox[3]
        if -0.3 * height <= gap <= 2.5 * height and box[0] < item.bbox[2] and box[2] > item.bbox[0]:
            if best is None or gap < best[0]:
                best = (gap, "".join(g for g in m.group("code").split(".")))
    if best is None:
        return item
    return replace(item, hs_code=best[1])


def _continues(line: str) -> bool:
    return bool(line.strip()) and not any(c.isdigit() for c in line) and len(line.strip()) < 80


def _read_row(page: Page, offset: int, line: str, index: int, has_hs: bool) -> LineItem | None:
    taken: list[tuple[int, int]] = []
    hs_code = None
    for m in HS.finditer(line):
        digits = "".join(g for g in m.groups()[:4] if g) or m.group(5)
        if m.group(5) and not has_hs:
            continue  # a bare six-digit number is an HS code only under an HS column
        hs_code, taken = digits, [*taken, m.span()]
        break
    quantity = unit = None
    measures = []  # every quantity on the row: the first is the row's, the others (weights) are not money
    for q in find_quantities(line):
        if not _overlaps(q.start, q.end, taken):
            if quantity is None:
                quantity, unit = q.value, q.unit.lower()
            measures.append((q.start, q.end))
    taken += measures[:1]
    # The description ends where the HS code or the quantity starts; with neither, at a column gap.
    anchor = min((s for s, _ in taken), default=None)
    if anchor is None:
        gap = re.search(r"\s{2,}|\s\|\s", line.strip())
        anchor = line.index(line.strip()) + gap.start() if gap else 0
    money = [(m.start(), m.end(), m.group(0)) for m in MONEY.finditer(line)
             if not _overlaps(m.start(), m.end(), taken + measures) and m.start() >= anchor]
    numbers = []
    for s, e, raw in money:
        try:
            value = parse_number(re.sub(r"[^\d.,' ]", "", raw).strip())
        except ValueError:
            continue
        if value is not None:
            numbers.append((s, e, value))
    amount = unit_price = None
    if numbers:
        amount = numbers[-1][2]
        if len(numbers) >= 2:
            unit_price = numbers[-2][2]
        if quantity is None and len(numbers) >= 3:
            quantity = numbers[-3][2]  # a bare quantity column before price and amount
    first = min([s for s, _ in taken] + [s for s, _, _ in numbers], default=len(line))
    description = ROW_NUMBER.sub("", line[:first]).strip(" |:-\t")
    if _is_code(description):
        # Shipping marks (`YKM/LCT-24`) lead the row: the description is the first wordy cell after them.
        used = taken + measures + [(s, e) for s, e, _ in numbers]
        cells = [(m.start(), m.group(0)) for m in re.finditer(r"\S+(?: \S+)*", line) if not _overlaps(m.start(), m.end(), used)]
        wordy = [(s, c) for s, c in cells if not _is_code(c) and sum(ch.isalpha() for ch in c) >= 3]
        if wordy:
            description = wordy[0][1].strip(" |:-\t")
    if not description or not any(c.isalpha() for c in description) or (quantity is None and amount is None):
        return None
    if fold(description) in {"total", "toplam"}:
        return None
    start = offset + line.index(description)
    end = offset + len(line.rstrip())
    confidence = 0.8
    if quantity and unit_price and amount and abs(quantity * unit_price - amount) <= max(0.02, 0.005 * amount):
        confidence = 0.95  # the row adds up
    return LineItem(index, description, quantity, unit, unit_price, amount, hs_code, page.number, start, end,
                    span_bbox(page.words, start, end), round(confidence * page.confidence, 3), "table_rows.v1")


def _is_code(cell: str) -> bool:
    """A cell that is a code, not words: every token holds a digit or a slash (`YKM/LCT-24`, `YKM/LCT- 24`,
    `4012345001235`)."""
    tokens = cell.split()
    return bool(tokens) and any(c.isdigit() for c in cell) and all(
        any(c.isdigit() or c == "/" for c in tok) or len(tok) <= 1 for tok in tokens)


def _overlaps(s: int, e: int, spans: list[tuple[int, int]]) -> bool:
    return any(s < b and a < e for a, b in spans)
