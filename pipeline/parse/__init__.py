"""Parse stage: what kind of document it is, its labelled and unlabelled fields, its line items."""

from __future__ import annotations

from dataclasses import dataclass

from ..model import DocumentText, Field, LineItem
from .classify import classify
from .dates import parse_date
from .fields import PARTY_FIELDS, read_fields
from .header import first_date, issuer, total
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
    doc_type, confidence = classify("\n\n".join(p.text for p in pages))
    fields = read_fields(pages)
    names = {f.name for f in fields}
    if "date" not in names and (found := first_date(pages)):
        fields.append(found)
    if "total" not in names and (found := total(pages)):
        fields.append(found)
    if pages and not names & {"seller", "shipper"} and doc_type in ISSUED_BY_LETTERHEAD:
        found_issuer = issuer(pages[0])
        if found_issuer:
            fields.extend(f for f in found_issuer if f is not None)
    return Parsed(doc_type, confidence, tuple(fields), tuple(read_line_items(pages)))


__all__ = ["PARTY_FIELDS", "Parsed", "classify", "parse_date", "parse_document", "read_fields", "read_line_items"]
