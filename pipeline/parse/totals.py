"""The total a document asks for and its currency: by label, most final label first (`Nett Total` over
`Total Amount` over a bare `Total`), with the amount beside the label, beside it on the same visual line,
or alone on the next line."""

from __future__ import annotations

import re

from ..model import Field, Page, span_bbox
from ..numbers import parse_amount
from .header import _lines

TOTAL_LABELS = [  # most final first: the first tier found wins, its last occurrence on the document
    # what is left to pay after rounding (`Nett Total`, Malaysian receipts) is the last word on a total
    r"nett\s+total|rounded\s+total(\s*\(rm\))?|total\s+rounded|total\s+after\s+(adj\w*|rounding)|"
    r"total\s+(amount\s+)?payable|amount\s+payable",
    r"grand\s+total|total\s+amount|amount\s+due|total\s+due|total\s+(sales\s+)?\(?\s*incl\w*(\s+(of\s+)?gst)?\)?|"
    r"bruttosumme|"
    r"total\s+(\w+\s*)?\(?\s*\w{0,2}nclusive(\s+(of\s+)?gst)?\)?|"  # `Total Salas (inclusive of GST)`: OCR slips
    r"rechnungsbetrag|gesamtsumme|montant\s+total|total\s+ttc|net\s+[àa]\s+payer|somme\s+[àa]\s+payer|"
    r"nale[żz]no[śs][ćc]\s+og[óo][łl]em|do\s+zap[łl]aty",
    r"montant\s+ttc|bruttobetrag|zahlbetrag|zu\s+zahlen|"
    r"genel\s+toplam|[öo]denecek\s+tutar",
    r"total|toplam|summe|betrag",
]
GENERIC_TIER = len(TOTAL_LABELS) - 1
EXCLUDED = re.compile(r"sub\s*-?\s*total|total\s+(qty|quantity|items?|tax|gst|vat|excl\w*|ht|discount|savings|net\s+weight|"
                      r"sales\s*\(?\s*exc\w*)|"
                      r"ara\s*toplam|zwischensumme|total\s+sales\s+\(excl|gesamtbetrag\s+der|tax\s+total|"
                      r"ohne\s+ust|positionssumme", re.IGNORECASE)
RATE = re.compile(r"@?\s*\d+(?:[.,]\d+)?\s*%")  # `Total Sales Incl GST @ 6%  RM8.60`: the rate is not the amount
CURRENCY_BEFORE = re.compile(r"(?:(?<![A-Za-z])(?:rs|inr|rm|usd|eur|gbp|tl|try)\.?|[$€£₺₹])\s*$", re.IGNORECASE)
AMOUNT = re.compile(r"(?<![\d.,])-?\d{1,3}(?:[.,' ]\d{3})*(?:[.,]\d{1,2})|(?<![\d.,])-?\d+(?:[.,]\d{1,2})?(?![\d])")


def total(pages: tuple[Page, ...]) -> tuple[Field, int] | None:
    """The document's total by its label, with or without a colon, currency symbols and codes allowed,
    and the tier of the label that found it (0 is the most final, GENERIC_TIER a bare `Total`).
    When the amount is not on the label's text line it is the amount printed to the right of the label on
    the same visual line (OCR put the amount column in a block of its own), or alone on the next line."""
    for tier, labels in enumerate(TOTAL_LABELS):
        found = None
        label_re = re.compile(rf"(?<!\w)(?:{labels})(?!\w)", re.IGNORECASE)
        for page in pages:
            lines = _lines(page)
            for n, (offset, line) in enumerate(lines):
                if EXCLUDED.search(line):
                    continue
                for m in label_re.finditer(line):
                    amounts = [a for a in AMOUNT.finditer(line, m.end()) if _money_like(line, a)]
                    if tier == GENERIC_TIER and len(amounts) > 1:
                        continue  # `Total: 6.00 0.36` closes a tax summary: amount and tax, not the total
                    after = amounts[0] if amounts else None
                    between = RATE.sub("", line[m.end():after.start()]) if after else ""
                    if after and not re.search(r"\d", between) and after.start() - m.end() <= 25:
                        s, e = offset + after.start(), offset + after.end()
                    elif (beside := _amount_beside(page, offset + m.start(), offset + m.end())) is not None:
                        s, e = beside
                    elif (below := _amount_alone(lines[n + 1:n + 2], line[m.end():])) is not None:
                        s, e = below
                    else:
                        continue
                    value = parse_amount(page.text[s:e])
                    if value is not None:
                        found = Field("total", f"{value}", page.number, s, e, span_bbox(page.words, s, e),
                                      round(0.7 * page.confidence, 3), "totals.v2")
        if found:
            return found, tier
    return None


def _amount_alone(next_line: list[tuple[int, str]], rest: str) -> tuple[int, int] | None:
    """`TOTAL AMOUNT PAYABLE` / `RM 41.95`: the label ends its line and the next line is only an amount."""
    if not next_line or re.search(r"\w", rest):
        return None
    offset, line = next_line[0]
    m = re.fullmatch(r"\s*(?:[A-Z]{1,3}\.?|[$€£₺])?\s*(?P<amount>\S+)\s*", line)
    amount = AMOUNT.search(line, m.start("amount")) if m and AMOUNT.fullmatch(m.group("amount")) else None
    if m is None or amount is None or not _money_like(line.rstrip(), amount):
        return None
    return offset + m.start("amount"), offset + m.end("amount")


def _money_like(line: str, m: re.Match[str]) -> bool:
    """An amount with cents or a currency before it (`Rs 1939`), not a rate (`GST @ 6%`) or a count."""
    priced = re.search(r"[.,]\d{2}$", m.group(0)) or CURRENCY_BEFORE.search(line, 0, m.start())
    return bool(priced) and not line[m.end():m.end() + 2].strip().startswith("%")


def _amount_beside(page: Page, start: int, end: int) -> tuple[int, int] | None:
    """The nearest amount-like word to the right of [start, end) whose box shares its visual line."""
    box = span_bbox(page.words, start, end)
    if box is None:
        return None
    mid, height = (box[1] + box[3]) / 2, box[3] - box[1]
    best = None
    for w in page.words:
        if w.start < end or not AMOUNT.fullmatch(w.text.strip("RM$€£:")) or not re.search(r"[.,]\d{2}$", w.text):
            continue
        if w.bbox[0] > box[2] and abs((w.bbox[1] + w.bbox[3]) / 2 - mid) < 0.6 * height:
            if best is None or w.bbox[0] < best[0]:
                best = (w.bbox[0], w.start, w.end)
    return (best[1], best[2]) if best else None


CURRENCY_CODES = {"USD": "USD", "EUR": "EUR", "GBP": "GBP", "TRY": "TRY", "TL": "TRY", "YTL": "TRY", "AED": "AED",
                  "IQD": "IQD", "SYP": "SYP", "CNY": "CNY", "RMB": "CNY", "RUB": "RUB", "RM": "MYR", "MYR": "MYR",
                  "$": "USD", "€": "EUR", "£": "GBP", "₺": "TRY"}
_CURRENCY = re.compile(r"(?<![A-Za-z])(USD|EUR|GBP|TRY|YTL|TL|AED|IQD|SYP|CNY|RMB|RUB|MYR|RM)(?![A-Za-z])|[$€£₺]")


def currency(pages: tuple[Page, ...], total_field: Field | None) -> Field | None:
    """The currency written beside the total, else the one the document writes most often."""
    page_of = {p.number: p for p in pages}
    if total_field is not None:
        page = page_of[total_field.page]
        line_start = page.text.rfind("\n", 0, total_field.start) + 1
        line_end = page.text.find("\n", total_field.end)
        line_end = len(page.text) if line_end < 0 else line_end
        m = _CURRENCY.search(page.text, line_start, line_end)
        if m:
            return Field("currency", CURRENCY_CODES[m.group(0)], page.number, m.start(), m.end(),
                         span_bbox(page.words, m.start(), m.end()), round(0.7 * page.confidence, 3), "totals.v1")
    counts: dict[str, list[tuple[Page, re.Match[str]]]] = {}
    for page in pages:
        for m in _CURRENCY.finditer(page.text):
            counts.setdefault(CURRENCY_CODES[m.group(0)], []).append((page, m))
    if not counts:
        return None
    code, hits = max(counts.items(), key=lambda kv: len(kv[1]))
    page, m = hits[0]
    return Field("currency", code, page.number, m.start(), m.end(), span_bbox(page.words, m.start(), m.end()),
                 round(0.5 * page.confidence, 3), "currency_mentions.v1")
