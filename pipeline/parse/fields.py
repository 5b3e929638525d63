"""Labelled fields of trade documents ("Seller: ...", "Alıcı: ...") without templates per issuer.

A value is the rest of its line up to a column gap; a label alone at the end of a line takes the next
line, as in a box with its label above the value.
"""

from __future__ import annotations

import re

from ..model import Field, Page
from ..model import span_bbox
from ..numbers import parse_amount
from .dates import parse_date

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
               "declaration no", "rechnungsnummer", "rechnung nr", "facture n°", "numéro de facture"),
    "date": ("invoice date", "date of issue", "issue date", "date", "tarih", "fatura tarihi", "düzenleme tarihi",
             "rechnungsdatum", "datum", "date de facture", "التاريخ"),
    "currency": ("currency", "para birimi", "döviz", "العملة"),
    "total": ("grand total", "total amount", "invoice total", "amount due", "total due", "total", "genel toplam",
              "toplam", "ödenecek tutar", "gesamtbetrag", "total ttc", "المجموع"),
    "port_of_loading": ("port of loading", "loading port", "yükleme limanı", "yukleme limani"),
    "port_of_discharge": ("port of discharge", "discharge port", "port of destination", "boşaltma limanı",
                          "bosaltma limani"),
    "vessel": ("vessel", "ocean vessel", "vessel name", "gemi", "gemi adı"),
    "container": ("container no", "container", "konteyner", "konteyner no"),
}
_BY_LABEL = sorted(((lab, name) for name, labs in LABELS.items() for lab in labs), key=lambda x: -len(x[0]))
LINE = re.compile(
    r"^[ \t]*(?P<label>" + "|".join(re.escape(lab) for lab, _ in _BY_LABEL) + r")\.?(?!\w)[ \t]*(?:\([^)]*\))?"
    # The value follows a colon, or a column gap, or (label alone on its line) the next line.
    r"(?:[ \t]*[:：][ \t]*|[ \t]{2,}|[ \t]*(?=\n|$))"
    r"(?P<value>[^\n]*?)[ \t]*$",
    re.IGNORECASE | re.MULTILINE,
)
LABEL_OF = {lab.lower(): name for lab, name in _BY_LABEL}
NOT_A_PARTY = re.compile(r"^(same as|as above|aynı|ayni|to order|n/?a\b|-+$)", re.IGNORECASE)
CURRENCY = re.compile(r"\b(USD|EUR|GBP|TRY|TL|AED|IQD|SYP|CNY|RUB)\b|[$€£₺]")
AMOUNT = re.compile(r"-?\d{1,3}(?:[.,\s]\d{3})*(?:[.,]\d{1,2})?|-?\d+(?:[.,]\d{1,2})?")
SYMBOLS = {"$": "USD", "€": "EUR", "£": "GBP", "₺": "TRY", "TL": "TRY"}


def read_fields(pages: tuple[Page, ...], month_first: bool = False) -> list[Field]:
    """Fields found on every page; the first value of a non-party field wins, parties may repeat.
    Numeric dates are read day first unless month_first (a document that writes 11/17/2017)."""
    fields: list[Field] = []
    seen: set[str] = set()
    for page in pages:
        for m in LINE.finditer(page.text):
            name = LABEL_OF[m.group("label").lower()]
            start, end = m.span("value")
            value = page.text[start:end]
            if not value.strip():  # label alone on its line: the value is the next line
                nxt = page.text.find("\n", end)
                if nxt < 0:
                    continue
                line_end = page.text.find("\n", nxt + 1)
                start, end = nxt + 1, (line_end if line_end >= 0 else len(page.text))
                value = page.text[start:end]
            cut = value.find("  ")  # a column gap ends the value
            if cut > 0:
                value, end = value[:cut], start + cut
            value = value.strip(" \t,;")
            if not value:
                continue
            field = _normalise(name, value, month_first)
            if field is None or (name not in PARTY_FIELDS and name in seen):
                continue
            seen.add(name)
            start = page.text.find(value, start)
            end = start + len(value)
            fields.append(
                Field(name, field, page.number, start, end, span_bbox(page.words, start, end),
                      round(0.9 * page.confidence, 3), "labels.v1")
            )
    return fields


def _normalise(name: str, value: str, month_first: bool = False) -> str | None:
    if name in PARTY_FIELDS:
        return None if NOT_A_PARTY.match(value) else value
    if name == "date":
        return parse_date(value, month_first)
    if name == "currency":
        m = CURRENCY.search(value.upper())
        return SYMBOLS.get(m.group(0), m.group(0)) if m else None
    if name == "total":
        m = AMOUNT.search(value)
        amount = parse_amount(m.group(0)) if m else None
        return f"{amount}" if amount is not None else None
    return value
