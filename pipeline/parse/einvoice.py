"""The machine-readable invoice some PDFs carry inside (ZUGFeRD, Factur-X, XRechnung: UN/CEFACT CII XML).

When present it is the most exact source there is, so it is read as a source of its own: its fields
and line items carry the extractor `einvoice.cii.v1` and no box, beside what was read from the page.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from ..model import Field, LineItem
from ..numbers import parse_number
from .dates import parse_date

EXTRACTOR = "einvoice.cii.v1"
MAX_XML_BYTES = 5 * 1024 * 1024
NS = {
    "rsm": "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100",
    "ram": "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100",
    "udt": "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100",
}


def embedded_xml(path: Path) -> bytes | None:
    """The CII XML attached to a PDF, or None when it carries none (or one too large to trust)."""
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError:
        return None
    try:
        for i in range(pdf.count_attachments()):
            attachment = pdf.get_attachment(i)
            name = attachment.get_name().lower()
            if not name.endswith(".xml"):
                continue
            if attachment_size(attachment) > MAX_XML_BYTES:
                continue  # never unpacked: a bomb hidden in an attachment costs nothing
            try:
                data = bytes(attachment.get_data())
            except pdfium.PdfiumError:
                continue
            if b"CrossIndustryInvoice" in data:
                return data
    finally:
        pdf.close()
    return None


def attachment_size(attachment: object) -> int:
    """The unpacked size pdfium reports for an attachment, asked before anything is unpacked."""
    import ctypes

    import pypdfium2.raw as pdfium_c

    n = ctypes.c_ulong()
    pdfium_c.FPDFAttachment_GetFile(attachment, None, 0, n)
    return int(n.value)


def read_cii(data: bytes) -> tuple[list[Field], list[LineItem]]:
    """Fields (number, date, seller, buyer, currency, total) and line items of a CII invoice."""
    root = ET.fromstring(data)  # expat refuses entity-expansion bombs since Python 3.9 / expat 2.4
    agreement = root.find(".//ram:ApplicableHeaderTradeAgreement", NS)
    settlement = root.find(".//ram:ApplicableHeaderTradeSettlement", NS)
    values = {
        "number": root.findtext("rsm:ExchangedDocument/ram:ID", namespaces=NS),
        "date": _date(root.findtext("rsm:ExchangedDocument/ram:IssueDateTime/udt:DateTimeString", namespaces=NS)),
        "seller": agreement.findtext("ram:SellerTradeParty/ram:Name", namespaces=NS) if agreement is not None else None,
        "buyer": agreement.findtext("ram:BuyerTradeParty/ram:Name", namespaces=NS) if agreement is not None else None,
        "currency": settlement.findtext("ram:InvoiceCurrencyCode", namespaces=NS) if settlement is not None else None,
        "total": settlement.findtext(".//ram:GrandTotalAmount", namespaces=NS) if settlement is not None else None,
    }
    fields = [Field(name, " ".join(v.split()) if name != "total" else f"{float(v):.2f}", 1, 0, 0, None, 1.0, EXTRACTOR)
              for name, v in values.items() if v and v.strip()]
    items = []
    for n, line in enumerate(root.iterfind(".//ram:IncludedSupplyChainTradeLineItem", NS), start=1):
        qty = line.find(".//ram:BilledQuantity", NS)
        items.append(LineItem(
            index=n, description=" ".join((line.findtext(".//ram:SpecifiedTradeProduct/ram:Name", "", NS)).split()),
            quantity=_num(qty.text if qty is not None else None), unit=qty.get("unitCode") if qty is not None else None,
            unit_price=_num(line.findtext(".//ram:NetPriceProductTradePrice/ram:ChargeAmount", None, NS)),
            amount=_num(line.findtext(".//ram:LineTotalAmount", None, NS)),
            hs_code=None, page=1, start=0, end=0, bbox=None, confidence=1.0, extractor=EXTRACTOR,
        ))
    return fields, items


def _date(s: str | None) -> str | None:
    if s and len(s.strip()) == 8 and s.strip().isdigit():  # format 102: YYYYMMDD
        s = s.strip()
        return parse_date(f"{s[:4]}-{s[4:6]}-{s[6:]}")
    return parse_date(s) if s else None


def _num(s: str | None) -> float | None:
    try:
        return parse_number(s) if s and s.strip() else None
    except ValueError:
        return None
