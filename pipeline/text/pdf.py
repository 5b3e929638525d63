"""PDF pages: the text layer where it is real, otherwise the page rendered and OCRed."""

from __future__ import annotations

from pathlib import Path

from ..errors import DocumentError, LimitExceeded
from ..model import Page
from ..settings import Settings
from .layout import RawWord, assemble
from .ocr import ocr_image


def read_pdf(path: Path, settings: Settings) -> tuple[list[Page], list[str]]:
    """Pages of a PDF, each from its text layer or from OCR; warnings say which pages were doubtful."""
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError

    limits = settings.limits
    warnings: list[str] = []
    try:
        pdf = pdfplumber.open(path)
    except PDFPasswordIncorrect as exc:
        raise DocumentError("PDF is encrypted and no known password opens it") from exc
    except (PDFSyntaxError, ValueError, KeyError, TypeError) as exc:
        raise DocumentError(f"PDF is corrupt or truncated: {exc.__class__.__name__}: {exc}") from exc
    except Exception as exc:  # pdfminer raises many unrelated types on broken files
        if "password" in str(exc).lower() or "encrypt" in exc.__class__.__name__.lower():
            raise DocumentError("PDF is encrypted and no known password opens it") from exc
        raise DocumentError(f"PDF cannot be opened: {exc.__class__.__name__}: {exc}") from exc
    pages: list[Page] = []
    with pdf:
        try:
            count = len(pdf.pages)
        except Exception as exc:
            raise DocumentError(f"PDF page tree is corrupt: {exc.__class__.__name__}: {exc}") from exc
        if count == 0:
            raise DocumentError("PDF has no pages")
        if count > limits.max_pages:
            raise LimitExceeded(f"PDF has {count} pages, over the max_pages limit of {limits.max_pages}")
        for i, page in enumerate(pdf.pages, start=1):
            try:
                text_page = _text_layer(page, i)
            except Exception as exc:
                warnings.append(f"page {i}: text layer unreadable ({exc.__class__.__name__}); OCRed instead")
                text_page = None
            if text_page and _real_text(text_page.text, limits.min_text_layer_chars):
                pages.append(text_page)
            else:
                if text_page and text_page.text.strip():
                    warnings.append(f"page {i}: text layer is garbled or too thin; OCRed instead")
                pages.append(_ocr_page(path, i, settings))
    return pages, warnings


def _real_text(text: str, min_chars: int) -> bool:
    """Whether a text layer is worth trusting: enough characters, and mostly letters and digits rather
    than unmapped glyphs (`(cid:12)`), replacement characters or private-use code points."""
    chars = "".join(text.split())
    if len(chars) < min_chars:
        return False
    bad = text.count("(cid:") * 6 + sum(1 for c in chars if c == "\ufffd" or "\ue000" <= c <= "\uf8ff")
    good = sum(1 for c in chars if c.isalnum())
    return bad < 0.1 * len(chars) and good >= 0.5 * len(chars)


def _text_layer(page: object, number: int) -> Page:
    words = page.extract_words(keep_blank_chars=False, use_text_flow=False)  # type: ignore[attr-defined]
    words.sort(key=lambda w: (round(w["top"] / 3), w["x0"]))
    raw: list[RawWord] = []
    line, last_top = 0, None
    for w in words:
        if last_top is not None and abs(w["top"] - last_top) > 3:
            line += 1
        last_top = w["top"]
        raw.append(RawWord(w["text"], (w["x0"], w["top"], w["x1"], w["bottom"]), 1.0, (line,)))
    text, boxed = assemble(raw, column_gap=12.0)
    return Page(
        number=number, method="text", text=text, words=boxed, confidence=1.0,
        width=float(page.width), height=float(page.height), bbox_unit="pt",  # type: ignore[attr-defined]
    )


def _ocr_page(path: Path, number: int, settings: Settings) -> Page:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    try:
        page = pdf[number - 1]
        w_pt, h_pt = page.get_size()
        scale = settings.ocr_dpi / 72
        pixels = int(w_pt * scale) * int(h_pt * scale)
        if pixels > settings.limits.max_image_pixels:
            raise LimitExceeded(
                f"page {number} would render to {pixels:,} pixels at {settings.ocr_dpi} dpi, "
                f"over the max_image_pixels limit of {settings.limits.max_image_pixels:,}"
            )
        image = page.render(scale=scale, grayscale=True).to_pil()
    finally:
        pdf.close()
    return ocr_image(
        image, number, settings.ocr_languages, settings.cache_dir,
        settings.limits.ocr_seconds_per_page, dpi=settings.ocr_dpi,
    )
