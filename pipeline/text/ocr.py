"""tesseract through pytesseract: words with boxes and confidences, cached by image and settings.

Each page image is cleaned first (`cleanup.clean`: greyscale, illumination, denoise, orientation, deskew,
rescale, binarisation, each only where the page needs it) and OCRed with the configured languages
(`eng+tur`). `ara` is added only on a page where Arabic script is seen: when tesseract's orientation
and script detection (OSD) has run and said so, or when the first pass reads part of the page badly
and OSD on that part says Arabic. Word boxes are mapped back to the original image's pixels.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import os
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import DocumentError, LimitExceeded
from ..model import Page
from . import script, tessapi
from .cleanup import CLEANUP_VERSION, MIN_ORIENTATION_CONFIDENCE, STEPS, Affine, Cleaned, clean, map_box, to_grey
from .layout import RawWord, assemble

if TYPE_CHECKING:
    from PIL import Image

# One single-threaded tesseract per core is ~7x faster than letting OpenMP fight over two cores.
os.environ.setdefault("OMP_THREAD_LIMIT", "1")
CACHE_VERSION = "ocr.v4"  # v3: English first, Turkish only where Turkish words are seen; v4: ara first on Arabic pages

# A first pass is looked at again (OSD on the part read badly) when its mean word confidence is below
# DOUBTFUL_PAGE_CONFIDENCE, or when its lines with a mean below DOUBTFUL_LINE_CONFIDENCE hold
# DOUBTFUL_LINE_SHARE of its words. Measured: eng+tur on an Arabic page 0.32 mean, 79% of words in such
# lines; a Latin page with three Arabic lines 0.71, 36%; the 29 SROIE receipts 0.59 or more, 20% at most.
DOUBTFUL_PAGE_CONFIDENCE = 0.45
DOUBTFUL_LINE_CONFIDENCE = 0.4
DOUBTFUL_LINE_SHARE = 0.25
_TSV = ("text", "left", "top", "width", "height", "conf", "block_num", "par_num", "line_num")


@dataclass(frozen=True)
class OcrResult:
    page: Page
    steps: tuple[str, ...]  # clean-up steps applied (names from cleanup.STEPS), plus "osd" when OSD ran
    languages: str  # what tesseract was finally run with, e.g. "eng+tur" or "eng+tur+ara"
    info: dict[str, Any] = field(default_factory=dict)  # clean-up measurements, OSD results, passes
    cached: bool = False


@functools.cache
def engine_version() -> str:
    import pytesseract

    return str(pytesseract.get_tesseract_version())


def file_source(path: Path, decoder: str, part: str) -> str | None:
    """A `source` for the OCR cache key: the file's content hash, the decoder and its version that turn
    it into pixels, and which page or frame with which rendering settings. None when the file cannot be
    read again (the pixels are hashed instead)."""
    try:
        with open(path, "rb") as f:
            digest = hashlib.file_digest(f, "sha256").hexdigest()
    except OSError:
        return None
    return f"{digest}|{decoder}|{part}"


def _cache_key(image: "Image.Image", languages: str, psm: int, dpi: int | None, steps: tuple[str, ...],
               source: str | None = None) -> str:
    """The page's OCR cache key: its pixels, or the `source` they were decoded from, and every setting."""
    h = hashlib.sha256()
    h.update(f"{CACHE_VERSION}|{CLEANUP_VERSION}|{engine_version()}|{languages}|{psm}|{dpi}|{','.join(steps)}|"
             f"{image.mode}|{image.size}".encode())
    if source is not None:
        # Pixels that follow from a file's bytes through a named decoder: hashing those bytes stands for
        # hashing the pixels, at a tenth of the cost (a 35-megapixel colour photo is 105 MB of pixels).
        h.update(f"|source|{source}".encode())
        return h.hexdigest()
    if image.mode in ("P", "PA"):
        h.update(bytes(image.getpalette() or []))
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
    *,
    cleanup: bool = True,
    source: str | None = None,
) -> Page:
    """OCR one page image into a Page with word boxes in the image's pixels and a mean word confidence (0..1).

    languages is the configured default; `Page.languages` says what was actually used on this page.
    cleanup=False skips the clean-up (greyscale only) and the per-page language choice. source: where the
    pixels come from, exactly (`file_source`), for the cache key; None hashes the pixels.
    """
    return ocr_page(image, number, languages, cache_dir, timeout, dpi, psm, steps=STEPS if cleanup else (),
                    source=source).page


def ocr_page(
    image: "Image.Image",
    number: int,
    languages: str,
    cache_dir: Path | None,
    timeout: float,
    dpi: int | None = None,
    psm: int = 3,
    *,
    steps: tuple[str, ...] | list[str] = STEPS,
    force: bool = False,
    detect_script: bool = True,
    source: str | None = None,
) -> OcrResult:
    """`ocr_image` with the details: the clean-up steps applied, the languages used, measurements.

    steps and force are passed to `cleanup.clean` (the benchmark turns steps on one by one);
    detect_script=False never adds `ara` and never runs OSD after the first pass.
    """
    steps = tuple(steps)
    key = _cache_key(image, languages, psm, dpi, steps + (("force",) if force else ()) + (() if detect_script else ("nosd",)),
                     source)
    cached = cache_dir / "ocr" / key[:2] / f"{key}.json" if cache_dir else None
    if cached and cached.exists():
        try:
            stored = json.loads(cached.read_text("utf-8"))
            return _result(stored, number, image.size, dpi, cached=True)
        except (ValueError, KeyError, TypeError):
            pass  # a damaged entry is recomputed and rewritten
    started = time.monotonic()
    deadline = started + timeout

    over = f"OCR of page {number} took over the ocr_seconds_per_page limit of {timeout:g}s"

    def remaining() -> float:
        left = deadline - time.monotonic()
        if left <= 0:
            raise LimitExceeded(over)
        return left

    cleaned = _clean(image, steps, force, lambda im: script.detect(im, timeout=remaining()) if detect_script else None)
    info: dict[str, Any] = {"cleanup": _plain(cleaned.info)}
    applied = list(cleaned.steps)
    if "osd" in cleaned.info:
        applied.append("osd")
    langs = languages
    if detect_script and cleaned.info.get("osd") and script.is_arabic(_osd(cleaned.info["osd"])):
        langs = script.with_arabic(languages, first=True)  # OSD saw the whole page
    # Turkish data on an English page costs accuracy (`Excludıng`, lost lines on receipts), so a Latin page
    # is read in English first and again with Turkish only when the words seen are Turkish.
    latin_first = script.without_turkish(langs) if detect_script else langs
    data = _tesseract(cleaned.image, latin_first, psm, _dpi(dpi, cleaned), remaining(), number, over)
    info["passes"] = [{"languages": latin_first, "steps": list(cleaned.steps), "confidence": _mean_conf(data)}]
    if latin_first != langs and script.looks_turkish(r[0] for r in _rows(data)):
        data = _tesseract(cleaned.image, langs, psm, _dpi(dpi, cleaned), remaining(), number, over)
        info["passes"].append({"languages": langs, "steps": list(cleaned.steps), "confidence": _mean_conf(data)})
    else:
        langs = latin_first

    # A first pass that reads badly: ask OSD (on the badly read part) about script and orientation.
    if detect_script and "osd" not in cleaned.info and "ara" not in langs.split("+"):
        region = _doubtful_region(data, cleaned)
        if region is not None:
            probe = cleaned.image.crop(region) if region != (0, 0, *cleaned.image.size) else cleaned.image
            found = script.detect(probe, timeout=remaining())
            applied.append("osd")
            info["osd_after_first_pass"] = found and dataclasses.asdict(found)
            info["osd_region"] = list(region)
            whole = region == (0, 0, *cleaned.image.size)
            retry_langs = script.with_arabic(languages, first=whole) if script.is_arabic(found) else langs
            turned = (found is not None and found.rotate in (90, 180, 270)
                      and found.orientation_confidence >= MIN_ORIENTATION_CONFIDENCE and "orientation" in steps
                      and region == (0, 0, *cleaned.image.size))
            if turned or retry_langs != langs:
                again = _clean(image, steps, force, None, rotate=found.rotate) if turned and found else cleaned
                data2 = _tesseract(again.image, retry_langs, psm, _dpi(dpi, again), remaining(), number, over)
                info["passes"].append({"languages": retry_langs, "steps": list(again.steps),
                                       "confidence": _mean_conf(data2)})
                if retry_langs != langs or _mean_conf(data2) > _mean_conf(data) + 0.05:
                    data, cleaned, langs = data2, again, retry_langs
                    applied = [*again.steps, "osd"]
    order = [*STEPS, "osd"]
    applied_steps = tuple(sorted(set(applied), key=order.index))
    info["seconds"] = round(time.monotonic() - started, 3)
    stored = {
        "words": _mapped_words(data, cleaned),
        "languages": langs,
        "steps": list(applied_steps),
        "info": info,
    }
    if cached:
        _write_atomic(cached, json.dumps(stored, ensure_ascii=False))
    return _result(stored, number, image.size, dpi, cached=False)


def _clean(image: "Image.Image", steps: tuple[str, ...], force: bool, osd: Any, rotate: int | None = None) -> Cleaned:
    if steps:
        return clean(image, steps=steps, force=force, osd=osd, rotate=rotate)
    grey, _ = to_grey(image)
    return Cleaned(grey, (), Affine(), image.size, {})


def _result(stored: dict[str, Any], number: int, size: tuple[int, int], dpi: int | None, cached: bool) -> OcrResult:
    raw = [RawWord(t, (x0, y0, x1, y1), c, tuple(line)) for t, x0, y0, x1, y1, c, line in stored["words"]]
    text, boxed = assemble(raw)
    confidence = sum(w.confidence for w in boxed) / len(boxed) if boxed else 0.0
    steps = tuple(stored["steps"])
    page = Page(
        number=number, method="ocr", text=text, words=boxed, confidence=round(confidence, 4),
        width=size[0], height=size[1], bbox_unit="px", dpi=dpi,
        languages=tuple(stored["languages"].split("+")), cleanup=steps,
    )
    return OcrResult(page, steps, stored["languages"], stored.get("info", {}), cached)


def _tesseract(image: "Image.Image", languages: str, psm: int, dpi: int | None, timeout: float, number: int,
               over: str) -> dict:
    """image_to_data in this process where `tessapi` is on, else by the command on an uncompressed copy
    (PGM: no PNG encoding to pay for on a 9-megapixel page)."""
    import pytesseract

    if tessapi.enabled():
        return tessapi.image_to_data(image, languages, psm, dpi, timeout, over)

    with tempfile.TemporaryDirectory(prefix="docintel-ocr-") as tmp:
        path = os.path.join(tmp, "page.pgm")
        image.save(path, format="PPM")
        try:
            return pytesseract.image_to_data(
                path,
                lang=languages,
                config=f"--psm {psm}" + (f" --dpi {dpi}" if dpi else ""),
                output_type=pytesseract.Output.DICT,
                timeout=max(1, round(timeout)),
            )
        except RuntimeError as exc:  # pytesseract's way of saying the timeout fired
            raise LimitExceeded(over) from exc
        except pytesseract.TesseractError as exc:
            raise DocumentError(f"tesseract failed on page {number}: {exc.message}") from exc


def _dpi(dpi: int | None, cleaned: Cleaned) -> int | None:
    return round(dpi * cleaned.scale) if dpi else None


def _rows(data: dict) -> list[tuple[str, float, float, float, float, float, tuple[int, int, int]]]:
    out = []
    for t, x, y, w, h, c, b, p, ln in zip(*(data[k] for k in _TSV)):
        if str(t).strip() and float(c) >= 0:
            out.append((str(t), float(x), float(y), float(x + w), float(y + h), float(c) / 100, (int(b), int(p), int(ln))))
    return out


def _mean_conf(data: dict) -> float:
    rows = _rows(data)
    return round(sum(r[5] for r in rows) / len(rows), 4) if rows else 0.0


def _mapped_words(data: dict, cleaned: Cleaned) -> list[list[Any]]:
    """Words as [text, x0, y0, x1, y1, confidence, line key], boxes in the original image's pixels."""
    inverse = cleaned.matrix.inverse()
    identity = cleaned.matrix.is_identity
    out = []
    for t, x0, y0, x1, y1, c, line in _rows(data):
        box = (x0, y0, x1, y1) if identity else map_box(inverse, (x0, y0, x1, y1), cleaned.original_size)
        out.append([t, *box, round(c, 4), list(line)])
    return out


def _doubtful_region(data: dict, cleaned: Cleaned) -> tuple[int, int, int, int] | None:
    """Where the first pass read badly (in the cleaned image), or None when it read well.

    The whole page when its mean confidence is low or it found no words on a page with text lines;
    otherwise the box around the lines whose mean confidence is low, when they hold a tenth of the words.
    """
    rows = _rows(data)
    size = cleaned.image.size
    whole = (0, 0, *size)
    if not rows:
        return whole if cleaned.info.get("lines", 0) >= 2 else None
    if sum(r[5] for r in rows) / len(rows) < DOUBTFUL_PAGE_CONFIDENCE:
        return whole
    lines: dict[tuple[int, int, int], list] = {}
    for r in rows:
        lines.setdefault(r[6], []).append(r)
    bad = [ws for ws in lines.values() if len(ws) >= 2 and sum(w[5] for w in ws) / len(ws) < DOUBTFUL_LINE_CONFIDENCE]
    if sum(len(ws) for ws in bad) < DOUBTFUL_LINE_SHARE * len(rows):
        return None
    x0 = min(w[1] for ws in bad for w in ws)
    y0 = min(w[2] for ws in bad for w in ws)
    x1 = max(w[3] for ws in bad for w in ws)
    y1 = max(w[4] for ws in bad for w in ws)
    pad = (y1 - y0) / max(1, len(bad)) + 10
    region = (max(0, int(x0 - pad)), max(0, int(y0 - pad)), min(size[0], int(x1 + pad)), min(size[1], int(y1 + pad)))
    area = (region[2] - region[0]) * (region[3] - region[1])
    return whole if area > 0.6 * size[0] * size[1] else region


def _osd(d: dict[str, Any]) -> script.Osd:
    return script.Osd(int(d["rotate"]), float(d["orientation_confidence"]), d.get("script"), float(d["script_confidence"]))


def _plain(info: dict[str, Any]) -> dict[str, Any]:
    """JSON-friendly measurements (numpy scalars to floats)."""
    return json.loads(json.dumps(info, default=float))


def prepare(image: "Image.Image") -> "Image.Image":
    """Greyscale only (kept for callers of the old API; clean-up is `cleanup.clean`)."""
    return to_grey(image)[0]


def _write_atomic(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile("w", dir=path.parent, delete=False, encoding="utf-8") as tmp:
        tmp.write(text)
    os.replace(tmp.name, path)
