"""tesseract inside this process, through libtesseract's C API: the language models loaded once per process.

The `tesseract` command loads its models on every call (0.12 s of CPU for `eng`, 0.2 s for `eng+tur` on
our machines, a sixth to a third of reading a receipt) and pytesseract adds a file and a process per
page. Here each language set gets a TessBaseAPI that is initialised once and reused, page after page;
the same engine and the same settings give the same words, boxes and confidences as the command (a test
checks it) and the same OCR cache key.

It runs only where it was switched on with `enable()`: the worker processes of a batch, which the batch
replaces when one dies. An abort inside tesseract (its asserts call abort()) then costs one worker and
one document, recorded as failed; elsewhere (one document read in the main process, Dagster's run
process) the command stays in use, so a crash is the command's alone. The deadline is tesseract's own
monitor, which stops recognition word by word; the layout analysis before it runs on a page the clean-up
has bounded (`cleanup.MAX_OUTPUT_PIXELS`).
"""

from __future__ import annotations

import atexit
import ctypes
import ctypes.util
import functools
import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from ..errors import DocumentError, LimitExceeded

if TYPE_CHECKING:
    from PIL import Image

MAX_IDLE = 6  # initialised APIs kept between pages (each holds its models: 35 MB for eng, 50 for eng+tur)
_COLUMNS = ("level", "page_num", "block_num", "par_num", "line_num", "word_num",
            "left", "top", "width", "height", "conf", "text")
_P = ctypes.c_void_p

_enabled = False
_lock = threading.Lock()
_idle: list[tuple[str, int]] = []  # (languages, handle), oldest first


def enable(on: bool = True) -> bool:
    """Use the library in this process from now on (when it loads and is the command's version);
    returns whether it is in use."""
    global _enabled
    _enabled = bool(on) and library() is not None
    if _enabled:
        atexit.register(shutdown)  # ended before exit: tesseract's caches otherwise complain of leaks on stderr
    return _enabled


def enabled() -> bool:
    return _enabled


@functools.cache
def library() -> ctypes.CDLL | None:
    """libtesseract with its C API declared, or None when it is missing or not the `tesseract` command's
    version (then results could differ from the command's, and the OCR cache key names the command's)."""
    from .ocr import engine_version

    name = ctypes.util.find_library("tesseract")
    if not name:
        return None
    try:
        lib = ctypes.CDLL(name)
        lib.TessVersion.restype = ctypes.c_char_p
        if lib.TessVersion().decode() != engine_version():
            return None
    except (OSError, AttributeError):
        return None
    for fn, args, res in [
        ("TessBaseAPICreate", [], _P),
        ("TessBaseAPIInit3", [_P, ctypes.c_char_p, ctypes.c_char_p], ctypes.c_int),
        ("TessBaseAPISetVariable", [_P, ctypes.c_char_p, ctypes.c_char_p], ctypes.c_bool),
        ("TessBaseAPISetPageSegMode", [_P, ctypes.c_int], None),
        ("TessBaseAPISetImage", [_P, ctypes.c_char_p, ctypes.c_int, ctypes.c_int, ctypes.c_int, ctypes.c_int], None),
        ("TessBaseAPIRecognize", [_P, _P], ctypes.c_int),
        ("TessBaseAPIGetTsvText", [_P, ctypes.c_int], _P),
        ("TessBaseAPIDetectOrientationScript", [_P, ctypes.POINTER(ctypes.c_int), ctypes.POINTER(ctypes.c_float),
                                                ctypes.POINTER(ctypes.c_char_p), ctypes.POINTER(ctypes.c_float)],
         ctypes.c_bool),
        ("TessBaseAPIClear", [_P], None),
        ("TessBaseAPIEnd", [_P], None),
        ("TessBaseAPIDelete", [_P], None),
        ("TessDeleteText", [_P], None),
        ("TessMonitorCreate", [], _P),
        ("TessMonitorSetDeadlineMSecs", [_P, ctypes.c_int], None),
        ("TessMonitorDelete", [_P], None),
    ]:
        f = getattr(lib, fn)
        f.argtypes, f.restype = args, res
    return lib


@contextmanager
def _api(languages: str) -> Iterator[int]:
    """An initialised API for `languages`, held by this thread until the block ends."""
    lib = library()
    assert lib is not None, "tessapi used without enable()"
    with _lock:
        found = next((i for i, (langs, _) in enumerate(_idle) if langs == languages), None)
        handle = _idle.pop(found)[1] if found is not None else None
    if handle is None:
        handle = lib.TessBaseAPICreate()
        # A language tesseract does not have fails here, as the command would ("Failed loading language").
        if lib.TessBaseAPIInit3(handle, None, languages.encode()) != 0:
            lib.TessBaseAPIDelete(handle)
            raise DocumentError(f"tesseract could not load the language data for {languages!r}")
        lib.TessBaseAPISetVariable(handle, b"debug_file", os.devnull.encode())  # "Estimating resolution as ..."
    try:
        yield handle
    finally:
        lib.TessBaseAPIClear(handle)  # the page's results; the models stay
        with _lock:
            _idle.append((languages, handle))
            old = _idle[: max(0, len(_idle) - MAX_IDLE)]
            del _idle[: len(old)]
        for _, h in old:
            lib.TessBaseAPIEnd(h)
            lib.TessBaseAPIDelete(h)


def _set_image(lib: ctypes.CDLL, handle: int, image: "Image.Image") -> bytes:
    grey = image if image.mode == "L" else image.convert("L")
    data = grey.tobytes()
    lib.TessBaseAPISetImage(handle, data, grey.width, grey.height, 1, grey.width)
    return data  # tesseract copies it, but it stays alive until the call returns either way


def image_to_data(image: "Image.Image", languages: str, psm: int, dpi: int | None, timeout: float,
                  over: str) -> dict[str, list]:
    """What `pytesseract.image_to_data(..., output_type=DICT)` returns for the same call, column by column
    (numbers truncated to int as pytesseract does, text as str). LimitExceeded(over) past the deadline."""
    lib = library()
    assert lib is not None
    with _api(languages) as h:
        lib.TessBaseAPISetPageSegMode(h, psm)
        lib.TessBaseAPISetVariable(h, b"user_defined_dpi", str(dpi or 0).encode())  # as `--dpi`
        _set_image(lib, h, image)
        monitor = lib.TessMonitorCreate()
        try:
            lib.TessMonitorSetDeadlineMSecs(monitor, max(1, int(timeout * 1000)))
            started = time.monotonic()
            failed = lib.TessBaseAPIRecognize(h, monitor) != 0
        finally:
            lib.TessMonitorDelete(monitor)
        if failed:
            if time.monotonic() - started >= timeout * 0.99:
                raise LimitExceeded(over)
            raise DocumentError(f"tesseract could not read the page ({languages}, psm {psm})")
        text = lib.TessBaseAPIGetTsvText(h, 0)
        try:
            tsv = ctypes.string_at(text).decode("utf-8", "replace") if text else ""
        finally:
            if text:
                lib.TessDeleteText(text)
    return parse_tsv(tsv)


def parse_tsv(tsv: str) -> dict[str, list]:
    """tesseract's TSV rows (no header) as columns, converted as pytesseract converts them."""
    out: dict[str, list] = {c: [] for c in _COLUMNS}
    for line in tsv.splitlines():
        cells = line.split("\t")
        if len(cells) < len(_COLUMNS) - 1:
            continue
        cells += [""] * (len(_COLUMNS) - len(cells))
        for name, cell in zip(_COLUMNS[:-1], cells):
            try:
                out[name].append(int(float(cell)))
            except ValueError:
                out[name].append(cell)
        out["text"].append(cells[len(_COLUMNS) - 1])
    return out


def orientation(image: "Image.Image") -> tuple[int, float, str, float] | None:
    """(rotate, orientation confidence, script, script confidence) as `tesseract --psm 0` prints them, or
    None when tesseract cannot tell (too few characters)."""
    lib = library()
    assert lib is not None
    with _api("osd") as h:
        lib.TessBaseAPISetPageSegMode(h, 0)
        _set_image(lib, h, image)
        deg, oconf, name, sconf = ctypes.c_int(), ctypes.c_float(), ctypes.c_char_p(), ctypes.c_float()
        if not lib.TessBaseAPIDetectOrientationScript(h, ctypes.byref(deg), ctypes.byref(oconf),
                                                      ctypes.byref(name), ctypes.byref(sconf)):
            return None
    # The command prints the clockwise turn that makes the page upright, confidences to two decimals.
    rotate = {0: 0, 90: 270, 180: 180, 270: 90}[deg.value % 360]
    return rotate, round(oconf.value, 2), (name.value or b"").decode(), round(sconf.value, 2)


def shutdown() -> None:
    """Free every idle API (their models); they are made again when needed."""
    lib = library()
    with _lock:
        old = list(_idle)
        _idle.clear()
    for _, h in old:
        if lib is not None:
            lib.TessBaseAPIEnd(h)
            lib.TessBaseAPIDelete(h)
