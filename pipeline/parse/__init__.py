"""Parse stage: what kind of document it is, its labelled and unlabelled fields, its line items."""

from __future__ import annotations

from dataclasses import dataclass

from ..model import DocumentText, Field, LineItem
from .arithmetic import check_total
from .classify import classify
from .dates import month_first, parse_date
from .fields import PARTY_FIELDS, read_fields
from .header import first_date, issuer, number_in_title, section_parties
from .totals import GENERIC_TIER, currency, total
from .items import read_line_items

ISSUED_BY_LETTERHEAD = {"invoice", "packing_list", "other", "customs_declaration"}


@dataclass(frozen=True, slots=True)
class Parsed:
    doc_type: str
    doc_type_confidence: float
    fields: tuple[Field, ...]
    line_items: tuple[LineItem, ...]


def parse_document(text: DocumentText) -> Parsed:
    """Classify and read one document's pages: labelled fields first, what the layout implies after."""
    pages = text.pages
    full = "\n\n".join(p.text for p in pages)
    doc_type, confidence = classify(full)
    order = month_first(full)
    fields = read_fields(pages, order)
    names = {f.name for f in fields}
    fields += [f for f in section_parties(pages) if f.name not in names]
    names = {f.name for f in fields}
    if "number" not in names and (found := number_in_title(pages)):
        fields.append(found)
    if "date" not in names and (found := first_date(pages, order)):
        fields.append(found)
    if (by_label := total(pages)) is not None:
        found, tier = by_label
        # A labelled `Total` may be a tax summary's or a quantity's; a final label (`Nett Total`,
        # `Total (Inclusive of GST)`) is the total whatever a bare label said.
        if "total" not in names or tier < GENERIC_TIER:
            fields = [f for f in fields if f.name != "total"] + [found]
    # What the rest of the page states (subtotal and tax, cash less change, tax rows) checks the reading.
    read_total = next((f for f in fields if f.name == "total"), None)
    if (checked := check_total(pages, read_total)) is not None:
        fields = [f for f in fields if f.name != "total"] + [checked]
    if "currency" not in names and (found := currency(pages, next((f for f in fields if f.name == "total"), None))):
        fields.append(found)
    if doc_type == "invoice" and "buyer" not in names:
        # An invoice that names only a delivery address is addressed to that party.
        fields += [Field("buyer", f.value, f.page, f.start, f.end, f.bbox, round(f.confidence * 0.8, 3),
                         f"{f.extractor}:delivery") for f in fields if f.name == "consignee"][:1]
    if pages and not names & {"seller", "shipper"} and doc_type in ISSUED_BY_LETTERHEAD:
        found_issuer = issuer(pages[0], frozenset(f.value for f in fields))
        if found_issuer:
            fields.extend(f for f in found_issuer if f is not None)
    return Parsed(doc_type, confidence, tuple(fields), tuple(read_line_items(pages)))


__all__ = ["PARTY_FIELDS", "Parsed", "classify", "parse_date", "parse_document", "read_fields", "read_line_items"]
