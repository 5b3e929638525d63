"""Labelled fields of trade documents ("Seller: ...", "Alıcı: ...") without templates per issuer.

A value is the rest of its line up to a column gap; a label alone at the end of a line takes the next
line, as in a box with its label above the value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import Field, Page
from ..model import span_bbox
from ..numbers import parse_amount
from .dates import parse_date
from .totals import CURRENCY_CODES

PARTY_FIELDS = ("seller", "buyer", "shipper", "consignee", "notify_party", "signatory")
LABELS: dict[str, tuple[str, ...]] = {
    "seller": ("seller", "exporter", "supplier", "vendor", "sold by", "satıcı", "satici", "ihracatçı", "ihracatci",
               "البائع", "المصدر"),
    "buyer": ("buyer", "importer", "purchaser", "sold to", "bill to", "billed to", "invoice to", "customer", "alıcı",
              "alici", "ithalatçı",
              "ithalatci", "المشتري", "المستورد"),
    "shipper": ("shipper", "consignor", "gönderici", "gonderici", "الشاحن"),
    "consignee": ("consignee", "ship to", "deliver to", "receiver", "alıcı firma", "المرسل إليه"),
    "notify_party": ("notify party", "notify", "ihbar adresi"),
    "signatory": ("authorised signatory", "authorized signatory", "signatory", "signed by", "attention", "attn",
                  "yetkili", "imza"),
    "number": ("invoice no", "invoice number", "invoice #", "b/l no", "bill of lading no",
               "document no", "fatura no", "belge no", "packing list no", "manifest no",
               "declaration no", "rechnungsnummer", "rechnung nr", "rechnungs-nr", "facture n°", "numéro de facture",
               "n° de facture", "invoice id", "factuurnummer", "factuur nr", "faktura nr", "nr faktury",
               "numer faktury", "invoice no#", "bill no", "receipt no", "rechnungsnr", "rechnungs-nr", "fatura numarası",
               "fatura numarasi"),
    "date": ("invoice date", "date de facture", "date de facturation", "date d'émission", "place and date of issue",
             "date of issue", "issue date", "shipped on board date", "date", "tarih", "fatura tarihi",
             "düzenleme tarihi", "rechnungsdatum", "datum", "factuurdatum", "data wystawienia", "التاريخ"),
    "currency": ("currency", "para birimi", "döviz", "العملة"),
    "total": ("grand total", "total amount", "invoice total", "amount due", "total due", "total", "genel toplam",
              "toplam", "ödenecek tutar", "gesamtbetrag", "total ttc", "totaal", "te betalen", "totaal te betalen",
              "razem do zapłaty", "do zapłaty", "montant total", "total à payer", "المجموع"),
    "port_of_loading": ("port of loading", "loading port", "yükleme limanı", "yukleme limani"),
    "port_of_discharge": ("port of discharge", "discharge port", "port of destination", "boşaltma limanı",
                          "bosaltma limani"),
    "vessel": ("vessel", "ocean vessel", "vessel name", "gemi", "gemi adı"),
    "container": ("container no", "container", "konteyner", "konteyner no"),
}
_BY_LABEL = sorted(((lab, name) for name, labs in LABELS.items() for lab in labs), key=lambda x: -len(x[0]))


def _label_re(label: str) -> str:
    # Text layers of some PDFs set a drop capital apart: `F actuurnummer:`, `K lantnummer:`.
    if len(label) > 6 and label[0].isalpha() and label[1].isalpha():
        return re.escape(label[0]) + " ?" + re.escape(label[1:])
    return re.escape(label)


_LABELS_RE = "|".join(_label_re(lab) for lab, _ in _BY_LABEL)
# A label at the start of a cell: its value follows a colon, or is the rest of the cell, or (label alone in
# its cell) sits in the cell below it.
CELL_LABEL = re.compile(rf"(?P<label>{_LABELS_RE})\.?(?!\w)[ \t]*(?:\([^)]*\))?[ \t]*(?P<colon>[:：])?[ \t]*",
                        re.IGNORECASE)
# A second `label:` inside a cell, where OCR ran two columns together with a single space.
INNER_LABEL = re.compile(rf"(?<=\s)(?:{_LABELS_RE})\.?(?!\w)[ \t]*(?:\([^)]*\))?[ \t]*[:：]", re.IGNORECASE)
LABEL_OF = {lab.lower(): name for lab, name in _BY_LABEL}
NOT_A_PARTY = re.compile(r"^(same as|as above|aynı|ayni|to order|n/?a\b|-+$)", re.IGNORECASE)
CURRENCY = re.compile(r"\b(USD|EUR|GBP|TRY|YTL|TL|AED|IQD|SYP|CNY|RMB|RUB|MYR)\b|[$€£₺]")
AMOUNT = re.compile(r"-?\d{1,3}(?:[.,\s]\d{3})*(?:[.,]\d{1,2})?(?!\d)|-?\d+(?:[.,]\d{1,2})?")  # `Rs 1939` is 1939
CONTAINER = re.compile(r"[A-Z]{3}[UJZ]\d{7}")  # ISO 6346: owner code, category, serial, check digit
GAP = re.compile(r"[ \t]{2,}|[ \t]\|[ \t]")


@dataclass(frozen=True, slots=True)
class Cell:
    start: int  # offsets in the page text
    end: int
    line: int


def _cells(page: Page) -> list[list[Cell]]:
    """The page's lines cut into cells at column gaps and at inner `label:`s; blank lines dropped."""
    rows = []
    for n, m in enumerate(re.finditer(r"[^\n]+", page.text)):
        line, base, cells, pos = m.group(0), m.start(), [], 0
        for part in [*GAP.split(line)]:
            at = line.find(part, pos)
            pos = at + len(part)
            # Cut before an inner `label:` only when a `label: value` precedes it (`Ara Toplam:` stays whole).
            cuts = [0] + [x.start() for x in INNER_LABEL.finditer(part) if ":" in part[:x.start()]] + [len(part)]
            for a, b in zip(cuts, cuts[1:]):
                text = part[a:b]
                if text.strip():
                    lead = len(text) - len(text.lstrip())
                    cells.append(Cell(base + at + a + lead, base + at + a + len(text.rstrip()), n))
        if cells:
            rows.append(cells)
    return rows


def _x0(page: Page, cell: Cell) -> float | None:
    box = span_bbox(page.words, cell.start, cell.end)
    return box[0] if box else None


def _below(page: Page, rows: list[list[Cell]], r: int, c: int) -> Cell | None:
    """The cell under cell c of row r: same column by box where the page has boxes, else by position."""
    if r + 1 >= len(rows):
        return None
    above, below = rows[r][c], rows[r + 1]
    x = _x0(page, above)
    if x is not None:
        xs = [(_x0(page, cell), cell) for cell in below]
        right = min((_x0(page, nxt) or 1e9 for nxt in rows[r][c + 1:c + 2]), default=1e9)
        candidates = [(abs(cx - x), cell) for cx, cell in xs if cx is not None and cx < right - 2]
        return min(candidates, key=lambda t: t[0])[1] if candidates else None
    return below[c] if c < len(below) and len(below) == len(rows[r]) else (below[0] if c == 0 else None)


def read_fields(pages: tuple[Page, ...], month_first: bool = False) -> list[Field]:
    """Fields found on every page. A party may repeat; for any other field the value under the most
    specific label wins (`Invoice Date` over a `Date` column), then the first one.
    Numeric dates are read day first unless month_first (a document that writes 11/17/2017)."""
    fields: list[Field] = []
    best: dict[str, tuple[int, Field]] = {}
    for page in pages:
        rows = _cells(page)
        for r, row in enumerate(rows):
            for c, cell in enumerate(row):
                m = CELL_LABEL.match(page.text, cell.start, cell.end)
                if not m:
                    continue
                span = _value_span(page, rows, r, c, m)
                if span is None:
                    continue
                name = label_name(m.group("label"))
                start, end = span
                value = page.text[start:end].strip(" \t,;")
                field = _normalise(name, value, month_first) if value else None
                if field is None:
                    continue
                start = page.text.find(value, start)
                found = Field(name, field, page.number, start, start + len(value),
                              span_bbox(page.words, start, start + len(value)), round(0.9 * page.confidence, 3),
                              "labels.v1")
                if name in PARTY_FIELDS:
                    fields.append(found)
                elif name not in best or len(m.group("label")) > best[name][0]:
                    best[name] = (len(m.group("label")), found)
    return fields + [f for _, f in sorted(best.values(), key=lambda x: (x[1].page, x[1].start))]


def label_name(label: str) -> str:
    """The field a matched label stands for (`F actuurnummer` is `factuurnummer`)."""
    label = label.lower()
    return LABEL_OF.get(label) or LABEL_OF[label[0] + label[2:]]


def _value_span(page: Page, rows: list[list[Cell]], r: int, c: int, m: re.Match[str]) -> tuple[int, int] | None:
    """Where a label's value is: after its colon in the cell, else the cell to its right (when that
    looks like a value), else the cell below it."""
    cell, row = rows[r][c], rows[r]
    if m.end() < cell.end:
        # `Seller: Acme Ltd` has a value; `Customer VAT Number` is prose that starts with a label word.
        return (m.end(), cell.end) if m.group("colon") else None
    right = row[c + 1] if c + 1 < len(row) else None
    if right is not None and not CELL_LABEL.match(page.text, right.start, right.end):
        text = page.text[right.start:right.end]
        if m.group("colon") or len(row) == 2 or any(ch.isdigit() or ch.islower() for ch in text):
            return right.start, right.end  # `Total (EUR):  38,100.00`, `Invoice Date  11/03/2017`
    under = _below(page, rows, r, c)
    if under is None or CELL_LABEL.match(page.text, under.start, under.end):
        return None
    return under.start, under.end


def _normalise(name: str, value: str, month_first: bool = False) -> str | None:
    if name in PARTY_FIELDS:
        return None if NOT_A_PARTY.match(value) else value
    if name == "date":
        return parse_date(value, month_first)
    if name == "container":
        m = CONTAINER.search(value.upper().replace(" ", ""))
        return m.group(0) if m else value
    if name == "currency":
        m = CURRENCY.search(value.upper())
        return CURRENCY_CODES[m.group(0)] if m else None
    if name == "total":
        m = AMOUNT.search(value)
        amount = parse_amount(m.group(0)) if m else None
        return f"{amount}" if amount is not None else None
    return value
