"""ZUGFeRD / Factur-X hybrid invoices: the embedded CII XML is the gold; the page is what we read.

Fields: seller name, buyer name, invoice number, issue date, grand total. Our values come from the
page only (the pipeline never looks at attachments), read twice: from the PDF as it is, and from the
same PDF rasterised at 200 dpi in greyscale with mild seeded noise, saved as PNG and OCRed.
"""

from __future__ import annotations

import functools
import tempfile
import time
import xml.etree.ElementTree as ET
import zlib
from dataclasses import replace
from pathlib import Path
from typing import Any

from ..model import Page
from ..settings import Settings
from .common import Progress, describe_error, first_values, score_all
from .metrics import Tally, dates_match, identifiers_match, names_match, numbers_match
from .report import Row, SetResult, at_least, fraction

FOLDER = "zugferd_facturx"
TARGETS = {"pdf": 0.9, "scan": 0.8}
SCAN_DPI = 200
NOISE_SIGMA = 8.0  # grey levels (0..255), Gaussian, per pixel
SALT_PEPPER = 0.001  # fraction of pixels set to black or white
FIELDS = {  # gold name -> (our field name, how the two are compared)
    "seller": ("seller", names_match),
    "buyer": ("buyer", names_match),
    "number": ("number", identifiers_match),
    "date": ("date", dates_match),
    "total": ("total", numbers_match),
}
SOURCES = {"pdf": "PDF", "scan": f"scan {SCAN_DPI} dpi + noise"}
XML_NAMES = ("factur-x.xml", "zugferd-invoice.xml", "xrechnung.xml")


# ---------------------------------------------------------------- the gold


def embedded_files(pdf: Path) -> dict[str, bytes]:
    """The files attached to a PDF (the EmbeddedFiles name tree, and the catalog's /AF array), by name.
    pdfminer only: pypdf is not a dependency."""
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfparser import PDFParser
    from pdfminer.pdftypes import PDFStream, resolve1
    from pdfminer.utils import decode_text

    def name_of(spec: dict[str, Any], fallback: object) -> str:
        for key in ("UF", "F"):
            if key in spec:
                raw = resolve1(spec[key])
                return decode_text(raw) if isinstance(raw, bytes) else str(raw)
        return decode_text(fallback) if isinstance(fallback, bytes) else str(fallback)

    def take(spec: object, fallback: object, out: dict[str, bytes]) -> None:
        spec = resolve1(spec)
        if not isinstance(spec, dict):
            return
        ef = resolve1(spec.get("EF"))
        if not isinstance(ef, dict):
            return
        stream = resolve1(ef.get("UF") or ef.get("F"))
        if isinstance(stream, PDFStream):
            out.setdefault(name_of(spec, fallback), stream.get_data())

    def walk(node: object, out: dict[str, bytes], depth: int = 0) -> None:
        node = resolve1(node)
        if not isinstance(node, dict) or depth > 32:
            return
        names = resolve1(node.get("Names")) or []
        for i in range(0, len(names) - 1, 2):
            take(names[i + 1], resolve1(names[i]), out)
        for kid in resolve1(node.get("Kids")) or []:
            walk(kid, out, depth + 1)

    files: dict[str, bytes] = {}
    with pdf.open("rb") as fh:
        doc = PDFDocument(PDFParser(fh))
        catalog = doc.catalog
        names = resolve1(catalog.get("Names"))
        if isinstance(names, dict):
            walk(names.get("EmbeddedFiles"), files)
        for i, spec in enumerate(resolve1(catalog.get("AF")) or []):
            take(spec, f"af-{i}", files)
    return files


def invoice_xml(pdf: Path) -> tuple[bytes, str]:
    """The CII XML of a hybrid invoice and where it came from: the embedded file, else the sidecar
    `<name>.cii.xml`."""
    try:
        files = embedded_files(pdf)
    except Exception:
        files = {}
    by_lower = {k.lower(): v for k, v in files.items()}
    for name in XML_NAMES:
        if name in by_lower:
            return by_lower[name], f"embedded {name}"
    for name, data in files.items():
        if name.lower().endswith(".xml"):
            return data, f"embedded {name}"
    sidecar = pdf.with_suffix(".cii.xml")
    if sidecar.exists():
        return sidecar.read_bytes(), f"sidecar {sidecar.name}"
    raise ValueError(f"{pdf.name}: no embedded invoice XML and no sidecar .cii.xml")


def parse_cii(xml: bytes) -> dict[str, str | None]:
    """seller, buyer, number, date (ISO), total from a UN/CEFACT CII invoice (Factur-X / ZUGFeRD 2)."""
    root = ET.fromstring(xml)

    def text(path: str) -> str | None:
        el = root.find(path)
        return el.text.strip() if el is not None and el.text and el.text.strip() else None

    agreement = ".//{*}ApplicableHeaderTradeAgreement"
    raw_date = text("./{*}ExchangedDocument/{*}IssueDateTime/{*}DateTimeString")
    date = f"{raw_date[:4]}-{raw_date[4:6]}-{raw_date[6:8]}" if raw_date and len(raw_date) == 8 else raw_date
    return {
        "seller": text(f"{agreement}/{{*}}SellerTradeParty/{{*}}Name"),
        "buyer": text(f"{agreement}/{{*}}BuyerTradeParty/{{*}}Name"),
        "number": text("./{*}ExchangedDocument/{*}ID"),
        "date": date,
        "total": text(".//{*}SpecifiedTradeSettlementHeaderMonetarySummation/{*}GrandTotalAmount"),
    }


# ---------------------------------------------------------------- the "scans"


def rasterise(pdf: Path, folder: Path, seed_name: str) -> list[Path]:
    """Each page at SCAN_DPI in greyscale with mild noise (seeded from the file's name and the page, so
    every run makes the same pixels and the OCR cache holds), saved as PNG in folder."""
    import numpy as np
    import pypdfium2 as pdfium
    from PIL import Image

    out: list[Path] = []
    doc = pdfium.PdfDocument(str(pdf))
    try:
        for i in range(len(doc)):
            grey = np.asarray(doc[i].render(scale=SCAN_DPI / 72, grayscale=True).to_pil().convert("L"),
                              dtype=np.float32)
            rng = np.random.default_rng(zlib.crc32(f"{seed_name}#{i + 1}".encode()))
            noisy = grey + rng.normal(0.0, NOISE_SIGMA, grey.shape)
            speck = rng.random(grey.shape)
            noisy[speck < SALT_PEPPER / 2] = 0
            noisy[speck > 1 - SALT_PEPPER / 2] = 255
            path = folder / f"page-{i + 1:03d}.png"
            Image.fromarray(np.clip(np.rint(noisy), 0, 255).astype(np.uint8), "L").save(
                path, dpi=(SCAN_DPI, SCAN_DPI), compress_level=1)
            out.append(path)
    finally:
        doc.close()
    return out


# ---------------------------------------------------------------- scoring


def invoices(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*.pdf"))


def evaluate(root: Path, settings: Settings, limit: int | None = None, jobs: int = 1,
             progress: Progress | None = None) -> SetResult:
    result = SetResult("zugferd", "ZUGFeRD / Factur-X invoices: parties, number, date, total vs embedded XML",
                       str(root), "invoices")
    docs = score_all(result, functools.partial(score_invoice, root=root, settings=settings), invoices(root), limit,
                     jobs, progress)

    for key, source in SOURCES.items():
        target = TARGETS[key]
        overall, per_field = Tally(), {k: Tally() for k in FIELDS}
        for doc in docs:
            for field, cmp in (doc.get(key) or {}).items():
                per_field[field].add(cmp["ok"])
                overall.add(cmp["ok"])
        result.rows.append(Row("all fields", source, overall.value, fraction(overall.right, overall.total),
                               f">= {target}", at_least(overall.value, target)))
        for field, tally in per_field.items():
            result.rows.append(Row(field, source, tally.value, fraction(tally.right, tally.total),
                                   f">= {target}", at_least(tally.value, target)))
    origins = sorted({d.get("gold_from", "?").split()[0] for d in docs})
    result.notes.append(f"gold from: {', '.join(origins)} XML; scans: {SCAN_DPI} dpi greyscale, Gaussian noise "
                        f"sigma {NOISE_SIGMA:g}, {SALT_PEPPER:.1%} salt-and-pepper, seeded per page")
    errors = [f"{d['id']}: {d['error']}" for d in docs if d.get("error")]
    if errors:
        result.notes.append(f"{len(errors)} problems (counted as wrong): " + "; ".join(errors[:5]))
    return result


def score_invoice(rel: str, root: Path, settings: Settings) -> dict[str, Any]:
    from ..text import read_document

    started = time.monotonic()
    pdf = root / rel
    doc: dict[str, Any] = {"id": rel}
    try:
        xml, origin = invoice_xml(pdf)
        gold = parse_cii(xml)
        doc["gold_from"] = origin
    except Exception as exc:  # no gold: nothing to score for this invoice
        doc["error"] = f"gold: {describe_error(exc)}"
        doc["seconds"] = round(time.monotonic() - started, 2)
        return doc
    errors: list[str] = []
    values: dict[str, str] = {}
    try:
        values = first_values(read_document(pdf, "application/pdf", settings).pages)
    except Exception as exc:
        errors.append(f"pdf: {describe_error(exc)}")
    doc["pdf"] = compare(gold, values)
    values = {}
    try:
        with tempfile.TemporaryDirectory(prefix="docintel-eval-") as tmp:
            pages: list[Page] = []
            for n, png in enumerate(rasterise(pdf, Path(tmp), rel), start=1):
                pages.extend(replace(p, number=n) for p in read_document(png, "image/png", settings).pages)
        values = first_values(pages)
    except Exception as exc:
        errors.append(f"scan: {describe_error(exc)}")
    doc["scan"] = compare(gold, values)
    if errors:
        doc["error"] = "; ".join(errors)
    doc["seconds"] = round(time.monotonic() - started, 2)
    return doc


def compare(gold: dict[str, str | None], values: dict[str, str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for field, (our_name, match) in FIELDS.items():
        g = gold.get(field)
        if g is None:
            continue  # not in the gold: not counted
        ours = values.get(our_name)
        out[field] = {"gold": g, "ours": ours, "ok": bool(match(g, ours))}
    return out
