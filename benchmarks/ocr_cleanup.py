#!/usr/bin/env python3
"""OCR clean-up, step by step: character error rate and seconds per page before and after each step.

Usage (from the repository root)::

    .venv/bin/python benchmarks/ocr_cleanup.py                # photo fixture, demo scans, all 29 SROIE receipts
    .venv/bin/python benchmarks/ocr_cleanup.py --limit 10     # the first 10 SROIE receipts
    .venv/bin/python benchmarks/ocr_cleanup.py --jobs 1 -v    # one page at a time, a line per page

Columns: `raw` is pytesseract.image_to_data on the image as it is (eng+tur, psm 3, no clean-up); then
the clean-up steps switched on one after another and FORCED (each step applied whatever its cheap test
says: `cleanup.clean(steps=..., force=True)`), without orientation detection or language choice;
`full` is the pipeline as `ocr_image` runs it: every step gated by its test, orientation, the
per-page language choice, and the second pass where the first read badly.

Sets and scores:
- `photo`: `tests/fixtures/photo_invoice.png`; page CER = Levenshtein distance between the
  whitespace-normalised OCR text and gold, over the gold length.
- `demo`: `corpora/demo/*.png`; gold lines and their boxes are recorded by running
  `corpora/make_demo.py`'s drawing code (not its rendering), turned by the same angle the scan was.
- `sroie`: `../shared/corpora/sroie_subset` (skipped with a message when absent).
Line CER (demo, SROIE): for each gold line, the OCR words whose box centre lies in the line's bounding
rectangle, left to right, against the transcript; a line no word falls into counts in full; CER is the
sum of distances over the sum of gold lengths. Boxes are in the original image's pixels (our OCR maps
them back from the cleaned image), so this also checks the mapping.
Seconds are wall time per page, clean-up included, with `--jobs` pages OCRed at once (each tesseract
single-threaded). Nothing is cached.
"""

from __future__ import annotations

import argparse
import importlib.util
import math
import os
import platform
import statistics
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

os.environ.setdefault("OMP_THREAD_LIMIT", "1")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rapidfuzz.distance import Levenshtein  # noqa: E402

from pipeline.text import cleanup  # noqa: E402
from pipeline.text.ocr import engine_version, ocr_page  # noqa: E402

LANGS = "eng+tur"
PHOTO = ROOT / "tests" / "fixtures" / "photo_invoice"
DEMO = ROOT / "corpora" / "demo"
SROIE = ROOT.parent / "shared" / "corpora" / "sroie_subset"
CUMULATIVE = ["greyscale", "illumination", "binarise", "denoise", "deskew", "upscale"]
COLUMNS = ["raw", *(f"+{s}" for s in CUMULATIVE), "full"]

Box = tuple[float, float, float, float]


def squash(s: str) -> str:
    return " ".join(s.split())


@dataclass
class Item:
    set: str
    name: str
    path: Path
    gold_text: str | None = None  # page CER
    gold_lines: list[tuple[Box, str]] | None = None  # line CER


@dataclass
class Score:
    errors: int
    chars: int
    seconds: float
    steps: tuple[str, ...] = ()
    languages: str = LANGS
    cleanup_ms: float = 0.0
    step_ms: dict | None = None


# ------------------------------------------------------------------------------------------------
# Gold
# ------------------------------------------------------------------------------------------------


def sroie_items(root: Path, limit: int | None) -> list[Item]:
    from pipeline.evaluate.sroie import read_lines

    items = []
    for img in sorted((root / "img").glob("*.jpg")):
        box = root / "box" / f"{img.stem}.csv"
        if box.exists():
            items.append(Item("sroie", img.stem, img, gold_lines=read_lines(box)))
    return items[:limit] if limit else items


def demo_items() -> list[Item]:
    """The two scans' lines and boxes, from make_demo.py's own drawing calls, turned like the scan."""
    spec = importlib.util.spec_from_file_location("make_demo", ROOT / "corpora" / "make_demo.py")
    demo = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(demo)  # type: ignore[union-attr]

    class Recorder:
        def __init__(self, draw):
            self.draw, self.calls = draw, []

        def text(self, xy, s, fill=None, font=None, anchor=None, **kw):
            self.calls.append((self.draw.textbbox(xy, s, font=font, anchor=anchor), s))
            return self.draw.text(xy, s, fill=fill, font=font, anchor=anchor, **kw)

        def __getattr__(self, name):
            return getattr(self.draw, name)

    init, render = demo.ScanPage.__init__, demo.ScanPage.render

    def recording_init(self):
        init(self)
        self.draw = Recorder(self.draw)

    def no_render(self, seed, angle, **kw):
        return self.draw.calls, angle, self.mask.size

    demo.ScanPage.__init__, demo.ScanPage.render = recording_init, no_render
    try:
        made = {"invoice_anatolia_scan": demo.make_anatolia_scan(), "bill_of_lading_scan": demo.make_bill_of_lading_scan()}
    finally:
        demo.ScanPage.__init__, demo.ScanPage.render = init, render
    items = []
    for name, (calls, angle, (w, h)) in made.items():
        t = math.radians(angle)
        cx, cy = w / 2, h / 2

        def turn(x: float, y: float) -> tuple[float, float]:  # PIL's rotate(angle): counter-clockwise on screen
            dx, dy = x - cx, y - cy
            return cx + dx * math.cos(t) + dy * math.sin(t), cy - dx * math.sin(t) + dy * math.cos(t)

        lines = []
        for (x0, y0, x1, y1), s in calls:
            pts = [turn(x, y) for x, y in ((x0, y0), (x1, y0), (x0, y1), (x1, y1))]
            box = (min(p[0] for p in pts) - 2, min(p[1] for p in pts) - 2,
                   max(p[0] for p in pts) + 2, max(p[1] for p in pts) + 2)
            lines.append((box, s))
        items.append(Item("demo", name, DEMO / f"{name}.png", gold_lines=lines))
    return items


# ------------------------------------------------------------------------------------------------
# Scoring
# ------------------------------------------------------------------------------------------------


def line_errors(words: list[tuple[str, Box]], lines: list[tuple[Box, str]], ignore_case: bool) -> tuple[int, int]:
    """The evaluation's own line CER rule (`pipeline.evaluate.metrics`), so the two tables agree."""
    from pipeline.evaluate.metrics import Cer, OcrWord, words_in_box

    acc = Cer(ignore_case=ignore_case)
    ocr = [OcrWord(t, b) for t, b in words]
    for box, gold in lines:
        acc.add(gold, words_in_box(ocr, box))
    return acc.errors, acc.chars


def score(item: Item, text: str, words: list[tuple[str, Box]]) -> tuple[int, int]:
    if item.gold_text is not None:
        g = squash(item.gold_text)
        return Levenshtein.distance(squash(text), g), len(g)
    # SROIE's transcripts are all in capitals whatever the receipt prints: case is not counted there.
    return line_errors(words, item.gold_lines or [], ignore_case=item.set == "sroie")


def run_column(item: Item, column: str) -> Score:
    import pytesseract
    from PIL import Image

    image = Image.open(item.path)
    image.load()
    if column == "raw":
        started = time.perf_counter()
        data = pytesseract.image_to_data(image, lang=LANGS, config="--psm 3", output_type=pytesseract.Output.DICT)
        seconds = time.perf_counter() - started
        words = [(str(t), (float(x), float(y), float(x + w), float(y + h)))
                 for t, x, y, w, h, c in zip(data["text"], data["left"], data["top"], data["width"],
                                             data["height"], data["conf"])
                 if str(t).strip() and float(c) >= 0]
        text = pytesseract.image_to_string(image, lang=LANGS) if item.gold_text is not None else ""
        errors, chars = score(item, text, words)
        return Score(errors, chars, seconds)
    if column == "full":
        kwargs: dict = {}
    else:
        upto = CUMULATIVE[: CUMULATIVE.index(column[1:]) + 1]
        kwargs = {"steps": tuple(upto), "force": True, "detect_script": False}
    started = time.perf_counter()
    result = ocr_page(image, 1, LANGS, None, 600, **kwargs)
    seconds = time.perf_counter() - started
    words = [(w.text, w.bbox) for w in result.page.words]
    errors, chars = score(item, result.page.text, words)
    info = result.info.get("cleanup", {})
    return Score(errors, chars, seconds, result.steps, result.languages, info.get("total_ms", 0.0),
                 info.get("timings_ms"))


def _job(args: tuple[Item, str]) -> tuple[str, str, str, Score]:
    item, column = args
    return item.set, item.name, column, run_column(item, column)


# ------------------------------------------------------------------------------------------------
# Report
# ------------------------------------------------------------------------------------------------


def table(header: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]

    def numeric(i: int) -> bool:
        return i > 0 and all(r[i] == "-" or r[i].replace(".", "", 1).isdigit() for r in rows)

    right = [numeric(i) for i in range(len(header))]
    fmt = lambda r: "  ".join(c.rjust(w) if right[i] else c.ljust(w) for i, (c, w) in enumerate(zip(r, widths)))  # noqa: E731
    return "\n".join([fmt(header), fmt(["-" * w for w in widths]), *(fmt(r) for r in rows)])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int, default=None, help="first N SROIE receipts (default: all)")
    ap.add_argument("--sroie", type=Path, default=SROIE)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="pages OCRed at once (default: one per core)")
    ap.add_argument("--columns", default=",".join(COLUMNS), help="comma-separated subset of " + ",".join(COLUMNS))
    ap.add_argument("-v", "--verbose", action="store_true", help="a line per page and column")
    args = ap.parse_args(argv)
    columns = [c for c in args.columns.split(",") if c]

    items: list[Item] = []
    if PHOTO.with_suffix(".png").exists():
        items.append(Item("photo", PHOTO.name, PHOTO.with_suffix(".png"),
                          gold_text=PHOTO.with_suffix(".txt").read_text("utf-8")))
    items += demo_items()
    notes = []
    if (args.sroie / "img").is_dir():
        items += sroie_items(args.sroie, args.limit)
    else:
        notes.append(f"SROIE skipped: {args.sroie} is absent")
    sets = list(dict.fromkeys(i.set for i in items))
    counts = {s: sum(1 for i in items if i.set == s) for s in sets}

    started = time.perf_counter()
    jobs = [(item, column) for item in items for column in columns]
    results: dict[tuple[str, str], dict[str, Score]] = {}
    with ProcessPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        for set_name, name, column, sc in pool.map(_job, jobs):
            results.setdefault((set_name, name), {})[column] = sc
            if args.verbose:
                cer = sc.errors / sc.chars if sc.chars else 0.0
                print(f"{set_name:6s} {name:24s} {column:14s} CER {cer:.4f}  {sc.seconds:6.2f} s  "
                      f"{','.join(sc.steps)} {sc.languages if column == 'full' else ''}", flush=True)
    wall = time.perf_counter() - started

    def cer(set_name: str, column: str) -> str:
        e = sum(r[column].errors for (s, _), r in results.items() if s == set_name)
        c = sum(r[column].chars for (s, _), r in results.items() if s == set_name)
        return f"{e / c:.3f}" if c else "-"

    def secs(set_name: str, column: str) -> str:
        v = [r[column].seconds for (s, _), r in results.items() if s == set_name]
        return f"{statistics.mean(v):.2f}" if v else "-"

    label = {"photo": "photo fixture (page CER)", "demo": "demo scans (line CER)", "sroie": "SROIE (line CER)"}
    names = [f"{label[s]}, {counts[s]} p." for s in sets]
    print(f"OCR clean-up benchmark: tesseract {engine_version()}, {LANGS}, psm 3, {os.cpu_count()} cores, "
          f"{args.jobs} jobs, {platform.python_implementation()} {platform.python_version()}, "
          f"clean-up {cleanup.CLEANUP_VERSION}")
    print("\nCER (lower is better); +step columns: steps forced on, cumulatively; full: as ocr_image runs\n")
    print(table(["set", *columns], [[n, *(cer(s, c) for c in columns)] for n, s in zip(names, sets)]))
    print("\nseconds per page (clean-up + OCR)\n")
    print(table(["set", *columns], [[n, *(secs(s, c) for c in columns)] for n, s in zip(names, sets)]))

    if "full" in columns:
        print("\nfull pipeline: steps applied (pages), clean-up time, languages\n")
        rows = []
        for n, s in zip(names, sets):
            full = [r["full"] for (ss, _), r in results.items() if ss == s]
            applied: dict[str, int] = {}
            for f in full:
                for st in f.steps:
                    applied[st] = applied.get(st, 0) + 1
            ms = [f.cleanup_ms for f in full]
            langs: dict[str, int] = {}
            for f in full:
                langs[f.languages] = langs.get(f.languages, 0) + 1
            rows.append([n, " ".join(f"{k}:{v}" for k, v in applied.items()) or "-",
                         f"{statistics.mean(ms):.0f}", f"{max(ms):.0f}",
                         " ".join(f"{k}:{v}" for k, v in langs.items())])
        print(table(["set", "steps", "clean-up ms (mean)", "(max)", "languages"], rows))
    for note in notes:
        print(f"\nnote: {note}")
    print(f"\ntook {wall:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
