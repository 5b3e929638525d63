from __future__ import annotations

from pathlib import Path

import pytest

from pipeline import run
from pipeline.parse.einvoice import EXTRACTOR, embedded_xml, read_cii
from pipeline.settings import Settings
from pipeline.store import iter_records, open_store

ZUGFERD = Path(__file__).resolve().parents[2].parent / "shared" / "corpora" / "zugferd_facturx"
needs_corpus = pytest.mark.skipif(not ZUGFERD.is_dir(), reason=f"public corpus not found at {ZUGFERD}")


@needs_corpus
def test_embedded_cii_invoice_is_read_exactly() -> None:
    data = embedded_xml(ZUGFERD / "de_xml_rechnung" / "EN16931_1_Teilrechnung.pdf")
    assert data is not None
    fields, items = read_cii(data)
    assert {f.name: f.value for f in fields} == {
        "number": "471102", "date": "2018-06-05", "seller": "Lieferant GmbH", "buyer": "Kunden AG Mitte",
        "currency": "EUR", "total": "197.65"}
    assert (items[0].description, items[0].quantity, items[0].unit) == ("Kunstrasen grün 3m breit", 3.0, "MTK")


def test_pdf_without_attachment_has_no_embedded_invoice() -> None:
    demo = Path(__file__).resolve().parents[2] / "corpora" / "demo" / "invoice_demir_kimya.pdf"
    assert embedded_xml(demo) is None


@needs_corpus
def test_embedded_invoice_is_reported_beside_the_page(tmp_path: Path, settings: Settings) -> None:
    pdf = ZUGFERD / "fr_fnfe" / "Facture_UE_BASICWL.pdf"
    summary = run.process_paths([pdf], settings)
    assert [o.status for o in summary.outcomes] == ["processed"]
    with open_store(settings.store_url).connect() as conn:
        fields = [r for r in iter_records(conn) if r["kind"] == "field"]
    embedded = {f["name"]: f["value"] for f in fields if f["extractor"] == EXTRACTOR}
    assert embedded["number"] == "FA-2017-0008" and embedded["total"] == 2076.76
    assert all(f["bbox"] is None for f in fields if f["extractor"] == EXTRACTOR)
    assert any(f["extractor"] != EXTRACTOR for f in fields)  # the page was read too


def test_an_attachment_past_the_limit_is_never_unpacked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import pypdfium2 as pdfium
    from pypdf import PdfWriter

    from pipeline.parse import einvoice

    demo = Path(__file__).resolve().parents[2] / "corpora" / "demo" / "invoice_demir_kimya.pdf"
    small = b"<rsm:CrossIndustryInvoice/>"
    big = small + b" " * (einvoice.MAX_XML_BYTES + 1)
    for name, data in (("small.pdf", small), ("big.pdf", big)):
        writer = PdfWriter(clone_from=demo)
        writer.add_attachment("factur-x.xml", data)
        out = tmp_path / name
        writer.write(out)
    assert embedded_xml(tmp_path / "small.pdf") == small
    unpacked: list[int] = []
    real = pdfium.PdfAttachment.get_data
    monkeypatch.setattr(pdfium.PdfAttachment, "get_data", lambda self: unpacked.append(1) or real(self))
    assert embedded_xml(tmp_path / "big.pdf") is None
    assert unpacked == []  # its size was asked; its bytes never were
