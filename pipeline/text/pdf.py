"""PDF pages: the text layer where it is real, otherwise the page rendered and OCRed."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import DocumentError, LimitExceeded
from ..model import Page
from ..settings import Settings
from .guard import check_text, check_time, time_limit
from .layout import RawWord, assemble
from .ocr import file_source, ocr_image
from .pages import map_ordered, ocr_slot

if TYPE_CHECKING:
    from PIL import Image


def read_pdf(path: Path, settings: Settings) -> tuple[list[Page], list[str]]:
    """Pages of a PDF, each from its text layer or from OCR; warnings say which pages were doubtful."""
    with time_limit(settings.limits.max_document_seconds) as started:
        return _read_pdf(path, settings, started)


def _read_pdf(path: Path, settings: Settings, started: float) -> tuple[list[Page], list[str]]:
    import pdfplumber

    limits = settings.limits
    password, count, warnings = _unlock(path, settings)
    if count == 0:
        raise DocumentError("PDF has no pages")
    if count > limits.max_pages:
        raise LimitExceeded(f"PDF has {count} pages, over the max_pages limit of {limits.max_pages}")
    try:
        pdf = pdfplumber.open(path, password=password)
        plumbed = pdf.pages
    except Exception as exc:  # pdfminer raises many unrelated types on broken files
        _reraise_limit(exc)
        cause = exc.__cause__ or exc.__context__ or exc
        raise DocumentError(f"PDF is corrupt or truncated: {cause.__class__.__name__}: {cause}") from exc

    def read_or_render() -> Iterator[Page | tuple[int, Image.Image]]:
        # Runs in this thread (pdfplumber and pdfium are not thread-safe); only OCR goes to other threads.
        for i, page in enumerate(plumbed, start=1):
            check_time(started, limits.max_document_seconds, i)
            try:
                text_page = _text_layer(page, i)
            except Exception as exc:
                _reraise_limit(exc)
                warnings.append(f"page {i}: text layer unreadable ({exc.__class__.__name__}); OCRed instead")
                text_page = None
            if text_page and _real_text(text_page.text, limits.min_text_layer_chars):
                yield text_page
            else:
                if text_page and text_page.text.strip():
                    warnings.append(f"page {i}: text layer is garbled or too thin; OCRed instead")
                yield i, _render(path, i, settings, password)

    # Made on the first page to OCR (a text-layer PDF never hashes its bytes again).
    source = functools.cache(lambda: _render_source(path, settings) if settings.cache_dir else None)

    def ocr(item: Page | tuple[int, Image.Image]) -> Page:
        if isinstance(item, Page):
            return item
        with ocr_slot():
            return _ocr_rendered(item[1], item[0], settings, (s := source()) and f"{s} {item[0]}")

    pages: list[Page] = []
    chars = 0
    with pdf:
        for page in map_ordered(ocr, read_or_render()):  # several pages at once when configured (pages.py)
            pages.append(page)
            chars += len(page.text)
            check_text(chars, limits.max_text_chars, page.number)
    return pages, warnings


def _reraise_limit(exc: BaseException) -> None:
    """Raise the LimitExceeded (the reading timer) that pdfminer or pdfplumber wrapped in one of theirs."""
    seen: set[int] = set()
    todo: list[object] = [exc]
    while todo:
        e = todo.pop()
        if not isinstance(e, BaseException) or id(e) in seen:
            continue
        if isinstance(e, LimitExceeded):
            raise e
        seen.add(id(e))
        todo += [e.__cause__, e.__context__, *e.args]


def _unlock(path: Path, settings: Settings) -> tuple[str | None, int, list[str]]:
    """The password that opens the PDF (None when it needs none), its page count, and a warning when a
    known password was needed. pdfium counts pages without building them, so a 5000-page file costs nothing."""
    import pypdfium2 as pdfium

    known = settings.pdf_passwords()
    for password in (None, *known):
        try:
            pdf = pdfium.PdfDocument(str(path), password=password)
        except pdfium.PdfiumError as exc:
            if "password" in str(exc).lower():
                continue
            raise DocumentError(f"PDF is corrupt or truncated: {exc}") from exc
        try:
            count = len(pdf)
        finally:
            pdf.close()
        note = ["PDF is encrypted; opened with a password from the known-passwords file"] if password else []
        return password, count, note
    raise DocumentError("PDF is encrypted and no known password opens it" + (
        f" (tried {len(known)} from the known-passwords file)" if known else
        "; add its password to the known-passwords file (DOCINTEL_PDF_PASSWORDS)"))


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


def _render(path: Path, number: int, settings: Settings, password: str | None = None) -> "Image.Image":
    """One page as a grey image at the OCR dpi (LimitExceeded when it would be too many pixels).
    `_render_source` names what decides these pixels for the OCR cache: change it with this."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path), password=password)
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
    return image


def _render_source(path: Path, settings: Settings) -> str | None:
    """The OCR cache's `source` for this PDF's renders (`_render`): what decides their pixels."""
    import pypdfium2

    return file_source(path, f"pdfium {pypdfium2.version.PDFIUM_INFO} pypdfium2 {pypdfium2.version.PYPDFIUM_INFO}",
                       f"grey {settings.ocr_dpi} dpi page")


def _ocr_rendered(image: "Image.Image", number: int, settings: Settings, source: str | None = None) -> Page:
    return ocr_image(
        image, number, settings.ocr_languages, settings.cache_dir,
        settings.limits.ocr_seconds_per_page, dpi=settings.ocr_dpi, source=source,
    )
