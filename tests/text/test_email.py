from __future__ import annotations

from email.message import EmailMessage
from pathlib import Path

from pipeline import run
from pipeline.settings import Settings
from pipeline.store import iter_records, open_store

from conftest import DEMO


def test_email_header_is_page_one_and_attachments_are_documents(tmp_path: Path, settings: Settings) -> None:
    msg = EmailMessage()
    msg["From"] = "Mehmet Demir <mehmet@demirkimya.example>"
    msg["To"] = "ahmed@akcakale-telefon.example"
    msg["Subject"] = "Invoice DK-2024-0117 and B/L"
    msg["Date"] = "Thu, 21 Mar 2024 10:00:00 +0300"
    msg.set_content("Please find attached the invoice and the bill of lading.\nRegards, Mehmet Demir")
    msg.add_attachment((DEMO / "invoice_demir_kimya.pdf").read_bytes(), maintype="application", subtype="pdf",
                       filename="fatura.pdf")
    msg.add_attachment((DEMO / "bill_of_lading_scan.png").read_bytes(), maintype="image", subtype="png",
                       filename="bl.png")
    msg.add_attachment(b"", maintype="application", subtype="octet-stream", filename="empty.bin")
    eml = tmp_path / "mail.eml"
    eml.write_bytes(bytes(msg))

    summary = run.process_paths([eml], settings)
    assert [(o.file_name, o.status) for o in summary.outcomes] == [
        ("mail.eml", "processed"), ("fatura.pdf", "processed"), ("bl.png", "processed"), ("empty.bin", "failed")]
    with open_store(settings.store_url).connect() as conn:
        records = list(iter_records(conn))
    docs = {d["file_name"]: d for d in records if d["kind"] == "document"}
    mail = docs["mail.eml"]
    assert mail["media_type"] == "message/rfc822" and mail["parent_id"] is None
    [page] = [p for p in records if p["kind"] == "page" and p["document_id"] == mail["id"]]
    assert page["text"].startswith("From: Mehmet Demir <mehmet@demirkimya.example>\nTo: ahmed@akcakale-telefon.example")
    assert "Subject: Invoice DK-2024-0117 and B/L" in page["text"] and "Please find attached" in page["text"]
    for name in ("fatura.pdf", "bl.png", "empty.bin"):
        assert docs[name]["parent_id"] == mail["id"] and docs[name]["path"] == f"mail.eml#{name}"
    assert docs["bl.png"]["doc_type"] == "bill_of_lading"
    assert docs["empty.bin"]["error"] == "empty attachment (0 bytes): nothing to read"
