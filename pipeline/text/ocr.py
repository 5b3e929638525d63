"""tesseract through pytesseract: words with boxes and confidences, cached by image and settings."""

from __future__ import annotations

import functools
import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import DocumentError, LimitExceeded
from ..model import Page
from .layout import RawWord, assemble

if TYPE_CHECKING:
    from PIL import Image

# One single-threaded tesseract per core is ~7x faster than letting OpenMP fight over two cores.
os.environ.setdefault("OMP_THREAD_LIMIT", "1")
CACHE_VERSION = "ocr.v1"


@functools.cache
def engine_version() -> str:
    import pytesseract

    return str(pytesseract.get_tesseract_version())


def _cache_key(image: "Image.Image", languages: str, psm: int) -> str:
    h = hashlib.sha256()
    h.update(f"{CACHE_VERSION}|{engine_version()}|{languages}|{psm}|{image.mode}|{image.size}".encode())
    h.update(image.tobytes())
    return h.hexdigest()


def ocr_image(
    image: "Image.Image",
    number: int,
    languages: str,
    cache_dir: Path | None,
    timeout: int,
    dpi: int | None = None,
    psm: int = 3,
) -> Page:
    """OCR one page image into a Page with word boxes in pixels and a mean word confidence (0..1)."""
    import pytesseract

    image = prepare(image)
    key = _cache_key(image, languages, psm)
    cached = cache_dir / "ocr" / key[:2] / f"{key}.json" if cache_dir else None
    if cached and cached.exists():
        data = json.loads(cached.read_text("utf-8"))
    else:
        try:
            data = pytesseract.image_to_data(
                image,
                lang=languages,
                config=f"--psm {psm}" + (f" --dpi {dpi}" if dpi else ""),
                output_type=pytesseract.Output.DICT,
                timeout=timeout,
            )
        except RuntimeError as exc:  # pytesseract's way of saying the timeout fired
            raise LimitExceeded(f"OCR of page {number} took over the ocr_seconds_per_page limit of {timeout}s") from exc
        except pytesseract.TesseractError as exc:
            raise DocumentError(f"tesseract failed on page {number}: {exc.message}") from exc
        if cached:
            _write_atomic(cached, json.dumps(data))
    words = [
        RawWord(
            text=str(t),
            bbox=(float(x), float(y), float(x + w), float(y + h)),
            confidence=max(float(c), 0.0) / 100,
            line=(b, p, ln),
        )
        for t, x, y, w, h, c, b, p, ln in zip(
            data["text"], data["left"], data["top"], data["width"], data["height"],
            data["conf"], data["block_num"], data["par_num"], data["line_num"],
        )
        if str(t).strip() and float(c) >= 0
    ]
    text, boxed = assemble(words)
    confidence = sum(w.confidence for w in boxed) / len(boxed) if boxed else 0.0
    return Page(
        number=number, method="ocr", text=text, words=boxed, confidence=round(confidence, 4),
        width=image.width, height=image.height, bbox_unit="px", dpi=dpi,
        languages=tuple(languages.split("+")),
    )


def prepare(image: "Image.Image") -> "Image.Image":
    """Greyscale, and upscale small images so text is tall enough for tesseract."""
    from PIL import Image

    if image.mode not in ("L", "1"):
        image = image.convert("L")
    short = min(image.size)
    if short and short < 1000:
        factor = 1000 / short
        image = image.resize((round(image.width * factor), round(image.height * factor)), Image.Resampling.LANCZOS)
    return image


def _write_atomic(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile("w", dir=path.parent, delete=False, encoding="utf-8") as tmp:
        tmp.write(text)
    os.replace(tmp.name, path)
