from __future__ import annotations

import re
from pathlib import Path

import pytest
from PIL import Image

from pipeline.errors import DocumentError, LimitExceeded
from pipeline.settings import Limits, Settings
from pipeline.text import read_document
from pipeline.text.layout import span_bbox
from dataclasses import replace

from conftest import DEMO


def squash(s: str) -> str:
    return " ".join(s.split())


def test_text_layer_pdf_keeps_words_with_boxes_in_points(settings: Settings) -> None:
    text = read_document(DEMO / "invoice_demir_kimya.pdf", "application/pdf", settings)
    page = text.pages[0]
    assert page.method == "text" and page.bbox_unit == "pt" and page.width == pytest.approx(595, abs=1)
    assert "Seller: Demir Kimya Sanayi ve Ticaret Ltd. Sti." in page.text
    start = page.text.index("Aluminium paste")
    box = span_bbox(page.words, start, start + len("Aluminium paste"))
    assert box is not None and 0 <= box[0] < box[2] <= 595 and 0 <= box[1] < box[3] <= 842


@pytest.mark.parametrize("name, expected", [
    ("invoice_anatolia_scan.png", ["Anatolia Electronics Trading Ltd", "Akcakale Telefon Iletisim", "40 pcs"]),
    ("bill_of_lading_scan.png", ["DEMIR KIMYA SAN. VE TIC. LTD. STI.", "MSKU1234565", "6,000 kg"]),
])
def test_scanned_images_are_ocred_with_tesseract(settings: Settings, name: str, expected: list[str]) -> None:
    text = read_document(DEMO / name, "image/png", settings)
    page = text.pages[0]
    assert page.method == "ocr" and page.bbox_unit == "px" and 0.5 < page.confidence <= 1
    for s in expected:
        assert s in squash(page.text)
    assert all(w.text == page.text[w.start:w.end] for w in page.words)


def test_image_only_pdf_page_is_rendered_and_ocred(tmp_path: Path, settings: Settings) -> None:
    pdf = tmp_path / "scan.pdf"
    Image.open(DEMO / "bill_of_lading_scan.png").convert("L").save(pdf, "PDF", resolution=300)
    page = read_document(pdf, "application/pdf", settings).pages[0]
    assert page.method == "ocr" and page.dpi == settings.ocr_dpi
    assert "BILL OF LADING" in page.text


def test_ocr_cache_returns_the_same_page(settings: Settings) -> None:
    first = read_document(DEMO / "invoice_anatolia_scan.png", "image/png", settings)
    assert list((settings.cache_dir / "ocr").rglob("*.json"))
    assert read_document(DEMO / "invoice_anatolia_scan.png", "image/png", settings) == first


@pytest.mark.parametrize("kind", ["image", "pdf"])
def test_ocr_cache_is_keyed_by_the_file_bytes_not_its_name(tmp_path: Path, settings: Settings, kind: str) -> None:
    """A page decoded from a file is cached under the file's content hash: a copy under another name is
    not read again, a file with other bytes is, and every entry returns its own page."""
    settings = replace(settings, cache_dir=tmp_path / "cache")
    src = tmp_path / "a.png"
    Image.open(DEMO / "invoice_anatolia_scan.png").convert("L").save(src)
    if kind == "pdf":
        Image.open(src).save(tmp_path / "a.pdf", "PDF", resolution=200)
        src = tmp_path / "a.pdf"
    media = "application/pdf" if kind == "pdf" else "image/png"

    def entries() -> list[Path]:
        return sorted((settings.cache_dir / "ocr").rglob("*.json"))

    first = read_document(src, media, settings)
    assert len(entries()) == 1 and first.pages[0].method == "ocr" and "Anatolia" in first.pages[0].text
    copy = tmp_path / f"renamed{src.suffix}"
    copy.write_bytes(src.read_bytes())
    assert read_document(copy, media, settings).pages == first.pages and len(entries()) == 1
    if kind == "image":  # one pixel changed: other bytes, another entry
        img = Image.open(src)
        img.putpixel((0, 0), 0)
        img.save(other := tmp_path / "b.png")
    else:  # the same page rendered at another dpi: another entry
        settings = replace(settings, ocr_dpi=200)
        other = copy
    read_document(other, media, settings)
    assert len(entries()) == 2


@pytest.mark.parametrize("encoding", ["utf-8", "cp1254", "utf-16"])
def test_plain_text_in_any_encoding_is_one_page(tmp_path: Path, settings: Settings, encoding: str) -> None:
    body = "Sayın Ahmet Yılmaz,\nAkçakale'ye 6.000 kg alüminyum pasta teslim edilmiştir.\nSaygılarımızla\nŞahin Lojistik A.Ş.\n"
    f = tmp_path / "mektup.txt"
    f.write_bytes(body.encode(encoding))
    text = read_document(f, "text/plain", settings)
    assert [p.number for p in text.pages] == [1] and text.pages[0].method == "text"
    assert squash(text.pages[0].text) == squash(body)


@pytest.mark.parametrize("content, reason", [
    (b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog", "PDF"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "image"),
])
def test_truncated_files_fail_with_a_reason(tmp_path: Path, settings: Settings, content: bytes, reason: str) -> None:
    f = tmp_path / "broken"
    f.write_bytes(content)
    media = "application/pdf" if reason == "PDF" else "image/png"
    with pytest.raises(DocumentError, match=re.escape(reason)):
        read_document(f, media, settings)


def test_image_past_the_pixel_limit_names_the_limit(tmp_path: Path, settings: Settings) -> None:
    f = tmp_path / "huge.png"
    Image.new("L", (3000, 3000), 255).save(f)
    small = replace(settings, limits=Limits(max_image_pixels=1_000_000))
    with pytest.raises(LimitExceeded, match="max_image_pixels limit of 1,000,000"):
        read_document(f, "image/png", small)


def test_multi_page_fax_tiff_is_one_page_per_frame(tmp_path: Path, settings: Settings) -> None:
    scan = Image.open(DEMO / "bill_of_lading_scan.png").convert("1")
    other = Image.open(DEMO / "invoice_anatolia_scan.png").convert("1")
    tiff = tmp_path / "fax.tif"
    scan.save(tiff, save_all=True, append_images=[other], compression="group4", dpi=(200, 200))
    text = read_document(tiff, "image/tiff", settings)
    assert [p.number for p in text.pages] == [1, 2] and all(p.method == "ocr" for p in text.pages)
    assert "BILL OF LADING" in text.pages[0].text and "Anatolia Electronics" in squash(text.pages[1].text)
    assert text.pages[0].dpi == 200


def test_docx_paragraphs_and_tables_in_reading_order(tmp_path: Path, settings: Settings) -> None:
    import docx

    d = docx.Document()
    d.add_paragraph("PACKING LIST")
    d.add_paragraph("Exporter: Yıldız Kimya San. ve Tic. A.Ş.")
    table = d.add_table(rows=2, cols=3)
    for cell, value in zip(table.rows[0].cells, ["Description", "Quantity", "Gross weight"]):
        cell.text = value
    for cell, value in zip(table.rows[1].cells, ["Ammonium nitrate", "40 sacks", "1,000 kg"]):
        cell.text = value
    d.add_paragraph("Signed: Mehmet Demir")
    path = tmp_path / "list.docx"
    d.save(str(path))
    [page] = read_document(path, "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                           settings).pages
    assert page.text.splitlines() == ["PACKING LIST", "Exporter: Yıldız Kimya San. ve Tic. A.Ş.",
                                      "Description  Quantity  Gross weight", "Ammonium nitrate  40 sacks  1,000 kg",
                                      "Signed: Mehmet Demir"]


@pytest.mark.parametrize("text, real", [
    ("COMMERCIAL INVOICE Seller: Demir Kimya Ltd. Total 27,000.00 USD", True),
    ("(cid:3)(cid:4)(cid:5)(cid:6)(cid:7)(cid:8)(cid:9)(cid:10) a b", False),
    ("\ue001\ue002\ue003\ue004\ue005\ue006\ue007\ue008\ue009\ue00a\ue00b\ue00c\ue00d\ue00e\ue00f\ue010\ue011\ue012"
     "\ue013\ue014\ue015\ue016\ue017\ue018\ue019\ue01a", False),
    ("Page 1", False),
])
def test_text_layer_is_trusted_only_when_real(text: str, real: bool) -> None:
    from pipeline.text.pdf import _real_text

    assert _real_text(text, 25) is real


def test_ocr_cache_keeps_the_frames_of_one_file_apart(tmp_path: Path, settings: Settings) -> None:
    settings = replace(settings, cache_dir=tmp_path / "cache")
    frames = [Image.open(DEMO / n).convert("L") for n in ("invoice_anatolia_scan.png", "bill_of_lading_scan.png")]
    tiff = tmp_path / "two.tiff"
    frames[0].save(tiff, save_all=True, append_images=frames[1:])
    for _ in range(2):  # read, then from the cache
        pages = read_document(tiff, "image/tiff", settings).pages
        assert "Anatolia" in pages[0].text and "BILL OF LADING" in pages[1].text
    assert len(list((settings.cache_dir / "ocr").rglob("*.json"))) == 2
