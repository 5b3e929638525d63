"""Crops of the archived original where a fact was read: the PDF page rendered (text layer boxes are in
points, OCR boxes in pixels at the page's dpi) or the image itself, with a margin of context."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from .model import BBox

RENDER_SCALE = 2.0  # text-layer pages: 144 dpi, sharp enough to read a line
MAX_CROP_PIXELS = 4_000_000


def crop_png(archive_path: str | None, media_type: str | None, page: dict[str, Any], bbox: BBox | None) -> bytes | None:
    """The PNG of the box (with context) on the archived original's page, or None where the document has
    no page image (plain text, DOCX, e-mail) or no box."""
    if not bbox or not archive_path or not Path(archive_path).is_file():
        return None
    if media_type == "application/pdf":
        image, scale = _pdf_page(Path(archive_path), page)
    elif (media_type or "").startswith("image/"):
        image, scale = _image_page(Path(archive_path), page["page"]), 1.0
    else:
        return None
    if image is None:
        return None
    x0, y0, x1, y1 = (v * scale for v in bbox)
    h = max(y1 - y0, 8 * scale)
    # Wide on the left, where a value's label stands (`Buyer:`), a little above and below.
    box = (max(0, int(x0 - 7 * h)), max(0, int(y0 - 0.5 * h)), min(image.width, int(x1 + h)),
           min(image.height, int(y1 + 0.5 * h)))
    if box[2] <= box[0] or box[3] <= box[1] or (box[2] - box[0]) * (box[3] - box[1]) > MAX_CROP_PIXELS:
        return None
    out = io.BytesIO()
    image.crop(box).convert("L").save(out, "PNG", optimize=True)
    return out.getvalue()


def _pdf_page(path: Path, page: dict[str, Any]) -> tuple[Any, float]:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    try:
        if not 1 <= page["page"] <= len(pdf):
            return None, 1.0
        # OCR boxes are pixels of the page rendered at its dpi; text-layer boxes are points.
        scale = (page.get("dpi") or 300) / 72 if page.get("bbox_unit") == "px" else RENDER_SCALE
        image = pdf[page["page"] - 1].render(scale=scale).to_pil()
        return image, 1.0 if page.get("bbox_unit") == "px" else RENDER_SCALE
    finally:
        pdf.close()


def _image_page(path: Path, number: int) -> Any:
    from PIL import Image

    image = Image.open(path)
    try:
        image.seek(number - 1)
    except EOFError:
        return None
    image.load()
    return image
