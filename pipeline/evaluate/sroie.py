"""SROIE 2019 receipts: line-level CER of our OCR against raw tesseract, and the four key fields.

Gold: `box/NNN.csv` (x1,y1,...,x4,y4,transcript per text line) and `key/NNN.json` (company, date,
address, total). Each gold line is scored against the OCR words whose box centre falls inside the
line's bounding rectangle, joined left to right; a line no word falls into counts in full.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import tempfile
import time
from pathlib import Path
from typing import Any

from ..settings import Settings
from .common import Progress, describe_error, first_values, score_all
from .metrics import Cer, OcrWord, Tally, dates_match, names_match, numbers_match, quad_rect, text_match, words_in_box
from .report import Row, SetResult, at_least, fraction

FOLDER = "sroie_subset"
RAW_LANG = "eng"
RAW_CACHE_VERSION = "eval-raw.v1"
CER_TARGET = 0.15
FIELD_TARGETS = {"company": 0.7, "address": 0.7, "date": 0.85, "total": 0.85}
# gold key -> (our field name, how the two are compared)
FIELDS = {
    "company": ("seller", names_match),
    "address": ("seller_address", text_match),
    "date": ("date", dates_match),
    "total": ("total", numbers_match),
}
OURS, RAW = "docintel OCR", f"raw tesseract ({RAW_LANG}, psm 3)"


def receipts(root: Path) -> list[str]:
    """Receipt ids with an image, a box file and a key file, in order."""
    return sorted(p.stem for p in (root / "img").glob("*.jpg")
                  if (root / "box" / f"{p.stem}.csv").exists() and (root / "key" / f"{p.stem}.json").exists())


def read_lines(path: Path) -> list[tuple[tuple[float, float, float, float], str]]:
    """Gold lines: bounding rectangle and transcript (everything after the 8th comma, commas and all)."""
    lines = []
    for raw in path.read_text("utf-8-sig").splitlines():
        parts = raw.split(",", 8)
        if len(parts) < 9:
            continue
        try:
            coords = [float(x) for x in parts[:8]]
        except ValueError:
            continue
        lines.append((quad_rect(coords), parts[8]))
    return lines


def evaluate(root: Path, settings: Settings, limit: int | None = None, jobs: int = 1,
             progress: Progress | None = None) -> SetResult:
    result = SetResult("sroie", "SROIE 2019 scanned receipts: line CER and key fields", str(root), "receipts")
    ids = receipts(root)
    ignore_case, n_lines = upper_case_gold(root, ids[:limit] if limit else ids)
    if ignore_case:
        result.notes.append(f"every gold line is in capitals ({n_lines} lines, none with a lower-case letter) "
                            "whatever the receipt prints, so the CER compares case-folded text")
    docs = score_all(result, functools.partial(score_receipt, root=root, settings=settings, ignore_case=ignore_case),
                     ids, limit, jobs, progress)

    cer = {OURS: Cer(), RAW: Cer()}
    for doc in docs:
        for source, key in ((OURS, "ours"), (RAW, "raw")):
            c = doc[key]
            cer[source].merge(Cer(c["errors"], c["chars"], c["lines"], c["missed"]))
    ours, raw = cer[OURS].value, cer[RAW].value
    ok = ours is not None and raw is not None and ours <= CER_TARGET and ours < raw
    for source, c in cer.items():
        is_ours = source == OURS
        result.rows.append(Row(
            "line CER", source, c.value,
            f"{c.errors} edits / {c.chars} chars, {c.lines} lines ({c.missed} missed)",
            f"<= {CER_TARGET} and < raw" if is_ours else "",
            ("n/a" if ours is None else "PASS" if ok else "FAIL") if is_ours else "",
        ))
    for gold_key in FIELDS:
        tally = Tally()
        for doc in docs:
            if doc["fields"].get(gold_key) is not None:
                tally.add(doc["fields"][gold_key]["ok"])
        target = FIELD_TARGETS[gold_key]
        result.rows.append(Row(gold_key, "docintel fields", tally.value, fraction(tally.right, tally.total),
                               f">= {target}", at_least(tally.value, target)))
    errors = [d for d in docs if d.get("error")]
    if errors:
        result.notes.append(f"{len(errors)} receipts failed in our pipeline (counted as wrong): "
                            + "; ".join(f"{d['id']}: {d['error']}" for d in errors[:5]))
    result.notes.append("address is read from a field named seller_address; the field reader has none yet"
                        if not any((d["fields"].get("address") or {}).get("ours") for d in docs) else
                        "address is read from the field seller_address")
    return result


def upper_case_gold(root: Path, ids: list[str]) -> tuple[bool, int]:
    """Whether every gold transcript is in upper case (SROIE's annotators wrote every line in capitals,
    whatever the receipt prints), and how many lines there are. Then case is not counted in the CER."""
    lines = [t for rid in ids for _, t in read_lines(root / "box" / f"{rid}.csv")]
    return not any(ch.islower() for t in lines for ch in t), len(lines)


def score_receipt(rid: str, root: Path, settings: Settings, ignore_case: bool = False) -> dict[str, Any]:
    """One receipt: CER of our OCR and of raw tesseract over its gold lines, and its four key fields."""
    from PIL import Image

    from ..text import read_document

    started = time.monotonic()
    image_path = root / "img" / f"{rid}.jpg"
    gold_lines = read_lines(root / "box" / f"{rid}.csv")
    key = json.loads((root / "key" / f"{rid}.json").read_text("utf-8"))
    with Image.open(image_path) as img:
        size = img.size
    doc: dict[str, Any] = {"id": rid, "size": list(size)}

    values: dict[str, str] = {}
    ours_words: list[OcrWord] = []
    try:
        text = read_document(image_path, "image/jpeg", settings)
        page = text.pages[0]
        # our OCR may upscale a small image first; its boxes are in that frame, the gold's in the original
        sx = size[0] / page.width if page.width else 1.0
        sy = size[1] / page.height if page.height else 1.0
        ours_words = [OcrWord(w.text, (w.bbox[0] * sx, w.bbox[1] * sy, w.bbox[2] * sx, w.bbox[3] * sy))
                      for w in page.words]
        values = first_values(text.pages)
    except Exception as exc:  # one receipt failing is a result, not the end of the run
        doc["error"] = describe_error(exc)
    raw_words = raw_tesseract_words(image_path, settings)

    for name, words in (("ours", ours_words), ("raw", raw_words)):
        acc = Cer(ignore_case=ignore_case)
        for box, transcript in gold_lines:
            acc.add(transcript, words_in_box(words, box))
        doc[name] = {"cer": acc.value, "errors": acc.errors, "chars": acc.chars, "lines": acc.lines,
                     "missed": acc.missed}
    doc["fields"] = {}
    for gold_key, (our_name, match) in FIELDS.items():
        gold = key.get(gold_key)
        if gold is None or not str(gold).strip():
            doc["fields"][gold_key] = None
            continue
        ours = values.get(our_name)
        doc["fields"][gold_key] = {"gold": gold, "ours": ours, "ok": bool(match(gold, ours))}
    doc["seconds"] = round(time.monotonic() - started, 2)
    return doc


def raw_tesseract_words(image_path: Path, settings: Settings) -> list[OcrWord]:
    """The baseline: pytesseract.image_to_data on the original image, lang eng, default page
    segmentation, no clean-up. Cached under the OCR cache (by file bytes and tesseract version)."""
    import pytesseract
    from PIL import Image

    from ..text.ocr import engine_version

    h = hashlib.sha256(f"{RAW_CACHE_VERSION}|{engine_version()}|{RAW_LANG}|".encode())
    h.update(image_path.read_bytes())
    key = h.hexdigest()
    cached = settings.cache_dir / "evaluate" / "raw-tesseract" / key[:2] / f"{key}.json" if settings.cache_dir else None
    if cached and cached.exists():
        data = json.loads(cached.read_text("utf-8"))
    else:
        with Image.open(image_path) as img:
            data = pytesseract.image_to_data(img, lang=RAW_LANG, output_type=pytesseract.Output.DICT, timeout=600)
        data = {k: data[k] for k in ("text", "left", "top", "width", "height", "conf")}
        if cached:
            cached.parent.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile("w", dir=cached.parent, delete=False, encoding="utf-8") as tmp:
                tmp.write(json.dumps(data))
            os.replace(tmp.name, cached)
    return [
        OcrWord(str(t), (float(x), float(y), float(x + w), float(y + hh)))
        for t, x, y, w, hh, c in zip(data["text"], data["left"], data["top"], data["width"], data["height"],
                                     data["conf"])
        if str(t).strip() and float(c) >= 0
    ]
