"""What a document says without labels: the issuer in its letterhead, the issuer's address, the total
written as `TOTAL 9.00` or `Grand Total RM 9.00`, a date printed anywhere near the top."""

from __future__ import annotations

import re

from ..model import Field, Page, span_bbox
from ..numbers import parse_amount
from .dates import parse_date

TITLES = re.compile(r"^\W*(commercial\s+|tax\s+|proforma\s+|simplified\s+tax\s+)?(invoice|receipt|fatura|bill of lading|"
                    r"packing list|cash\s+(bill|sale|receipt)|official\s+receipt|rechnung|facture|quotation|"
                    r"delivery\s+order|e-?ar[sş]iv|irsaliye|konşimento)\b", re.IGNORECASE)
NOT_ADDRESS = re.compile(r"\b(tel|phone|fax|gst|vat|email|e-mail|www|http|invoice|receipt|date|tarih|no\s*[:.]|"
                         r"reg|co\.?\s*no|cashier|table|order|tax|ust|steuer|siret|tva)\b", re.IGNORECASE)
TOTAL_LABELS = [  # most specific first: the first kind found wins, its last occurrence on the document
    r"grand\s+total|total\s+amount|amount\s+due|total\s+due|total\s+payable|nett?\s+total|total\s+incl\w*(\s+gst)?",
    r"rounded\s+total|total\s+rounded|total\s+ttc|montant\s+ttc|gesamtbetrag|bruttobetrag|zu\s+zahlen|"
    r"genel\s+toplam|[öo]denecek\s+tutar",
    r"total|toplam|summe|betrag",
]
EXCLUDED = re.compile(r"sub\s*-?\s*total|total\s+(qty|quantity|items?|tax|gst|vat|excl\w*|ht|discount|savings|net\s+weight)|"
                      r"ara\s*toplam|zwischensumme|total\s+sales\s+\(excl", re.IGNORECASE)
AMOUNT = re.compile(r"(?<![\d.,])\d{1,3}(?:[.,' ]\d{3})*(?:[.,]\d{1,2})|(?<![\d.,])\d+(?:[.,]\d{1,2})?(?![\d])")


def _lines(page: Page) -> list[tuple[int, str]]:
    return [(m.start(), m.group(0)) for m in re.finditer(r"[^\n]+", page.text)]


def issuer(page: Page) -> tuple[Field, Field | None] | None:
    """The letterhead's name (first name-like line at the top of the first page) and the address under it."""
    lines = [(o, ln) for o, ln in _lines(page) if ln.strip()][:10]
    for i, (offset, line) in enumerate(lines):
        text = line.strip()
        letters = sum(c.isalpha() for c in text)
        if TITLES.search(text) or ":" in text or letters < 3 or letters / max(len(text), 1) < 0.6 or len(text) > 80:
            continue
        start = offset + line.index(text)
        seller = Field("seller", text, page.number, start, start + len(text),
                       span_bbox(page.words, start, start + len(text)), round(0.6 * page.confidence, 3), "letterhead.v1")
        parts, a_start, a_end = [], None, None
        for o2, l2 in lines[i + 1:i + 6]:
            t2 = l2.strip()
            if NOT_ADDRESS.search(t2) or TITLES.search(t2):
                break
            s2 = o2 + l2.index(t2)
            a_start = s2 if a_start is None else a_start
            a_end = s2 + len(t2)
            parts.append(t2)
        address = None
        if parts and a_start is not None and a_end is not None:
            address = Field("seller_address", " ".join(parts), page.number, a_start, a_end,
                            span_bbox(page.words, a_start, a_end), round(0.5 * page.confidence, 3), "letterhead.v1")
        return seller, address
    return None


def total(pages: tuple[Page, ...]) -> Field | None:
    """The document's total by its label, with or without a colon, currency symbols and codes allowed."""
    for labels in TOTAL_LABELS:
        found = None
        pattern = re.compile(rf"(?<!\w)(?:{labels})(?!\w)[^\d\n]{{0,25}}(?P<amount>{AMOUNT.pattern})", re.IGNORECASE)
        for page in pages:
            for offset, line in _lines(page):
                if EXCLUDED.search(line):
                    continue
                for m in pattern.finditer(line):
                    value = parse_amount(m.group("amount"))
                    if value is not None:
                        s, e = offset + m.start("amount"), offset + m.end("amount")
                        found = Field("total", f"{value}", page.number, s, e, span_bbox(page.words, s, e),
                                      round(0.7 * page.confidence, 3), "totals.v1")
        if found:
            return found
    return None


def first_date(pages: tuple[Page, ...]) -> Field | None:
    """The first date written on the document (not a due date), as ISO 8601."""
    for page in pages:
        for offset, line in _lines(page):
            if re.search(r"\bdue\b|vade", line, re.IGNORECASE):
                continue
            iso = parse_date(line)
            if iso:
                return Field("date", iso, page.number, offset, offset + len(line),
                             span_bbox(page.words, offset, offset + len(line)), round(0.6 * page.confidence, 3),
                             "first_date.v1")
    return None
