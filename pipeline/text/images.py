"""Image files (PNG, JPEG, multi-page TIFF, ...): each frame OCRed as a page."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import DocumentError, LimitExceeded
from ..model import Page
from ..settings import Settings
from .ocr import file_source, ocr_image
from .pages import map_ordered, ocr_slot
from .guard import check_time, time_limit

if TYPE_CHECKING:
    from PIL import Image


def read_image(path: Path, settings: Settings) -> list[Page]:
    with time_limit(settings.limits.max_document_seconds) as started:
        return _read_image(path, settings, started)


def _read_image(path: Path, settings: Settings, started: float) -> list[Page]:
    import PIL
    from PIL import Image, UnidentifiedImageError

    Image.MAX_IMAGE_PIXELS = None  # we check the size ourselves, before decoding, with a clearer message
    try:
        img = Image.open(path)
    except (UnidentifiedImageError, OSError) as exc:
        raise DocumentError(f"image cannot be decoded: {exc}") from exc
    with img:
        frames = getattr(img, "n_frames", 1)
        if frames > settings.limits.max_pages:
            raise LimitExceeded(f"image has {frames} frames, over the max_pages limit of {settings.limits.max_pages}")
        source = file_source(path, f"Pillow {PIL.__version__}", "frame") if settings.cache_dir else None
        return list(map_ordered(lambda item: _ocr(item, settings, source), _frames(img, settings, started)))


def _ocr(item: tuple[int, "Image.Image", int | None], settings: Settings, source: str | None) -> Page:
    number, page_image, dpi = item
    with ocr_slot():
        return ocr_image(page_image, number, settings.ocr_languages, settings.cache_dir,
                         settings.limits.ocr_seconds_per_page, dpi=dpi, source=source and f"{source} {number}")


def _frames(img: "Image.Image", settings: Settings, started: float) -> Iterator[tuple[int, "Image.Image", int | None]]:
    """Each frame decoded in the caller's thread, with its number and dpi (checked against the limits)."""
    from PIL import ImageSequence

    limit = settings.limits.max_image_pixels
    several = getattr(img, "n_frames", 1) > 1
    for number, frame in enumerate(ImageSequence.Iterator(img), start=1):
        check_time(started, settings.limits.max_document_seconds, number)
        w, h = frame.size
        if w * h > limit:
            raise LimitExceeded(
                f"page {number} is {w}x{h} = {w * h:,} pixels, over the max_image_pixels limit of {limit:,}"
            )
        try:
            frame.load()
            # The iterator moves one image object from frame to frame: each page gets its own copy. A
            # single frame is used as it is (a copy of a 35-megapixel photo costs 10 ms).
            page_image = frame.copy() if several else frame
        except (OSError, SyntaxError, ValueError) as exc:
            raise DocumentError(f"image data is corrupt or truncated on page {number}: {exc}") from exc
        yield number, page_image, _dpi(frame)


def _dpi(image: object) -> int | None:
    dpi = getattr(image, "info", {}).get("dpi")
    try:
        value = int(round(float(dpi[0]))) if dpi else None
    except (TypeError, ValueError):
        return None
    # Phone photos and screenshots often claim 72 dpi, which would mislead tesseract's text-size guess.
    return value if value and 100 <= value <= 2400 else None
