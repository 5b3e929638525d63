"""Image clean-up before OCR: plain functions over Pillow images and numpy arrays (no Dagster, no OpenCV).

`clean(image)` returns the image to give tesseract, the names of the steps it applied, and the affine map
from the original image's pixel coordinates to the cleaned image's, so word boxes can be mapped back.

The page is measured once, on a grey copy reduced to about `WORK_SIDE` px and smoothed over 3x3: the
paper's brightness on a grid of blocks (70th percentile of each), the grain on blank blocks, an
Otsu threshold, and the projection profiles of the ink (skew, x-height, line pitch, orientation cues).
Then each step runs only where its cheap test says the page needs it:

- `greyscale`: the image is not 8-bit grey (colour, palette, alpha, 16 bit, 1 bit).
- `illumination`: the paper's brightness varies by more than `ILLUMINATION_SPREAD` of its level
  across the page (a photo's vignette or shadow); the page is divided by it. Dark blocks with no print
  (a desk around the page) turn white.
- `denoise`: grain on blank paper above `GRAIN_SIGMA` grey levels is smoothed (Gaussian, radius 1);
  a two-level page that is dithered (grey paper printed as dots) is blurred back to grey; and ink blobs
  at most two thirds of an x-height across, with no other ink within an x-height, are painted over
  with paper when there are at least `MIN_SPECKS` of them.
- `orientation`: tesseract's orientation and script detection (`--psm 0`, about 0.5 s a page) runs
  only when the profiles suggest the text is not upright: columns sharper than rows (`ROTATION_CUE`,
  90 or 270 degrees) or much more ink below the lines' x-bands than above (`UPSIDE_DOWN_CUE`, 180
  degrees: Latin has more ascenders and capitals than descenders). The turn is applied when OSD is
  sure enough (`MIN_ORIENTATION_CONFIDENCE`); OSD's script goes to the OCR step's language choice.
- `deskew`: the horizontal profile is sharpest at an angle past `SKEW_MIN_DEGREES` (searched within
  +-`SKEW_MAX_DEGREES` by shearing the ink pixels' coordinates, not by rotating images).
- `upscale` / `downscale`: the median x-height is below `MIN_X_HEIGHT` (scaled up to
  `TARGET_X_HEIGHT`), or the page is under `MIN_SHORT_SIDE` px across (scaled up to it, and its x-height to
  `LOW_RES_X_HEIGHT`), or at least 1.5 x `DOWNSCALE_X_HEIGHT` (reduced by a whole factor towards it:
  a 600 dpi receipt OCRs as well and several times faster).
- `binarise`: only a grainy page (the grain test above): a global threshold half way between the ink's
  darker greys and the paper, after the illumination step has evened the page. On clean scans
  tesseract reads the grey better (thin, faint print), so they stay grey.

A known turn can be given (`rotate=`) to skip detection. Orientation is an exact transpose; deskew and
upscaling share one resampling; their composition is `Cleaned.matrix`.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from PIL import Image, ImageFilter

from .geometry import Affine, map_box, resample
from .geometry import turn as quarter_turn

CLEANUP_VERSION = "cleanup.v4"  # part of the OCR cache key: change it whenever the output can change
# (v4: the grain measure sums in float64; the same output on every page of the throughput corpus)
STEPS = ("greyscale", "illumination", "denoise", "orientation", "deskew", "upscale", "downscale", "binarise")

WORK_SIDE = 1200  # analysis runs on a copy reduced by an integer factor to about this longer side
ILLUMINATION_SPREAD = 0.25  # (98th - 2nd percentile) / 98th percentile of the background estimate
SKEW_MIN_DEGREES = 0.3
SKEW_MAX_DEGREES = 5.0
MIN_X_HEIGHT = 15.0  # px: below this tesseract starts to lose characters
TARGET_X_HEIGHT = 22.0  # px: about 10 pt at 300 dpi
# A low-resolution page that is enlarged anyway is enlarged until its x-height is this (SROIE receipts:
# line CER 0.081 and 38 lines missed, against 0.084 and 45 at TARGET_X_HEIGHT); scans at 300 dpi are
# not touched, their OCR time is the budget.
LOW_RES_X_HEIGHT = 30.0
# A page image under this many pixels across is a low-resolution scan or a phone crop: tesseract reads it
# better enlarged even when its x-height looks fine (SROIE receipts: 50 lines missed, not 108).
MIN_SHORT_SIDE = 1000
MAX_UPSCALE = 3.0
MAX_OUTPUT_PIXELS = 40_000_000
MIN_SPECKS = 10
GRAIN_RADIUS = 1.0
DITHERED = 0.25  # a two-level page is dithered when this share of it turns mid-grey once reduced 2x
GRAIN_SIGMA = 15.0  # grey levels on blank paper (as if evened to 245): above this, smoothed and binarised
DOWNSCALE_X_HEIGHT = 24.0  # x-heights of 1.5 times this or more are reduced by a whole factor towards it
MAX_DOWNSCALE = 4
MIN_ORIENTATION_CONFIDENCE = 5.0  # OSD: 12-14 on a clean turned page; a wrong turn on a receipt came with 1.6
ROTATION_CUE = 1.15  # columns this much sharper than rows: maybe turned by 90 degrees
UPSIDE_DOWN_CUE = 1.6  # this much more ink below the x-bands than above: maybe upside down (2.9 on an
#                        upside-down page in mixed case; receipts in capitals and digits reach 1.55 upright)


@dataclass(frozen=True)
class Cleaned:
    image: Image.Image  # what to OCR (mode L)
    steps: tuple[str, ...]  # names from STEPS, in the order applied
    matrix: Affine  # original pixel coordinates -> cleaned pixel coordinates
    original_size: tuple[int, int]
    info: dict[str, Any] = field(default_factory=dict)  # measurements, timings (ms), OSD result

    @property
    def scale(self) -> float:
        return math.hypot(self.matrix.a, self.matrix.d)

    @property
    def script(self) -> str | None:
        return self.info.get("script")

    def to_original(self, box: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
        """A box in the cleaned image as the smallest upright box around it in the original, clipped to it."""
        return map_box(self.matrix.inverse(), box, self.original_size)


# --------------------------------------------------------------------------------------------------
# Measurements
# --------------------------------------------------------------------------------------------------


@dataclass
class Layout:
    """What the projection profiles of a reduced binary page say (lengths in full-resolution pixels)."""

    angle: float = 0.0  # degrees; text lines descend to the right when positive
    gain: float = 0.0  # profile sharpness at angle over sharpness at 0 (1.0 = no better)
    x_height: float | None = None
    line_pitch: float | None = None
    lines: int = 0
    rows_sharpness: float = 0.0
    cols_sharpness: float = 0.0
    above: float = 0.0  # ink above the lines' x-bands
    below: float = 0.0  # ink below them


def to_grey(image: Image.Image) -> tuple[Image.Image, bool]:
    """Mode L, and whether a conversion was needed (colour, palette, alpha, 16 bit)."""
    if image.mode == "L":
        return image, False
    if image.mode == "1":
        return image.convert("L"), False
    if image.mode in ("I;16", "I;16B", "I;16L", "I", "F"):
        a = np.asarray(image, dtype=np.float32)
        top = float(a.max()) or 1.0
        return Image.fromarray(np.clip(a * (255.0 / top), 0, 255).astype(np.uint8), "L"), True
    if image.mode == "P" and "transparency" in image.info:
        image = image.convert("RGBA")
    if image.mode in ("RGBA", "LA", "PA"):
        white = Image.new("RGBA", image.size, (255, 255, 255, 255))
        white.alpha_composite(image.convert("RGBA"))
        image = white
    return image.convert("L"), True


def work_factor(size: tuple[int, int]) -> int:
    return max(1, round(max(size) / WORK_SIDE))


def block_grid(small: np.ndarray) -> tuple[np.ndarray, np.ndarray, int]:
    """The 70th and 10th percentiles of square blocks of the (reduced, smoothed) page, and the block size.

    A percentile, not the maximum: the maximum rides on the grain, most in the dark parts of a photo; print
    covers well under 30% of a block of a text line.
    """
    h, w = small.shape
    cell = max(4, round(min(h, w) / 60))
    gh, gw = -(-h // cell), -(-w // cell)
    if gh * cell != h or gw * cell != w:
        small = np.pad(small, ((0, gh * cell - h), (0, gw * cell - w)), mode="edge")
    sub = 2 if cell >= 8 else 1  # every other row and column of each block is plenty
    blocks = small.reshape(gh, cell, gw, cell)[:, ::sub, :, ::sub].transpose(0, 2, 1, 3).reshape(gh, gw, -1)
    n = blocks.shape[2]
    k10, k70 = int(0.1 * (n - 1)), int(0.7 * (n - 1))
    part = np.partition(blocks, (k10, k70), axis=2)
    return part[:, :, k70].astype(np.float32), part[:, :, k10].astype(np.float32), cell


def _filter3(grid: np.ndarray, fn: Callable[..., np.ndarray]) -> np.ndarray:
    gh, gw = grid.shape
    padded = np.pad(grid, 1, mode="edge")
    return fn([padded[i:i + gh, j:j + gw] for i in range(3) for j in range(3)], axis=0)


def background(high: np.ndarray) -> np.ndarray:
    """The paper's brightness on the block grid: the blocks' 70th percentiles, where a block much darker
    than its neighbours (inside a logo or heavy print) takes its neighbours' median instead."""
    gh, gw = high.shape
    padded = np.pad(high, 1, mode="edge")
    around = np.median([padded[i:i + gh, j:j + gw] for i in range(3) for j in range(3) if (i, j) != (1, 1)], axis=0)
    grid = np.where(high < 0.75 * around, around, high)
    return np.maximum(grid, 1.0).astype(np.float32)


def resize_grid(grid: np.ndarray, size: tuple[int, int], cell: float) -> np.ndarray:
    """A grid of cell x cell blocks (counted from the top left) stretched over an image of size."""
    box = (0.0, 0.0, min(grid.shape[1], size[0] / cell), min(grid.shape[0], size[1] / cell))
    img = Image.fromarray(grid.astype(np.float32), "F").resize(size, Image.Resampling.BILINEAR, box=box)
    return np.asarray(img, dtype=np.float32)


def apply_gain(grey: np.ndarray, gain: np.ndarray) -> np.ndarray:
    out = grey.astype(np.float32)
    out *= gain
    np.minimum(out, 255.0, out=out)
    return out.astype(np.uint8)


def even(image: Image.Image, gain: np.ndarray, cell: float, strip: int = 1024) -> Image.Image:
    """image x the gain grid (blocks of cell x cell px of this image), a strip of rows at a time so a
    big page never holds more than a few strips of floats."""
    w, h = image.size
    grey = np.asarray(image, dtype=np.uint8)
    out = np.empty((h, w), np.uint8)
    grid = Image.fromarray(gain.astype(np.float32), "F")
    gh, gw = gain.shape
    for y0 in range(0, h, strip):
        y1 = min(h, y0 + strip)
        box = (0.0, min(gh, y0 / cell), min(gw, w / cell), min(gh, y1 / cell))
        g = np.asarray(grid.resize((w, y1 - y0), Image.Resampling.BILINEAR, box=box), dtype=np.float32)
        out[y0:y1] = apply_gain(grey[y0:y1], g)
    return Image.fromarray(out, "L")


def otsu(hist: np.ndarray) -> int:
    """The Otsu threshold of a 256-bin histogram: ink is < threshold."""
    hist = hist.astype(np.float64)
    total = hist.sum()
    if total == 0:
        return 128
    levels = np.arange(256, dtype=np.float64)
    w0 = np.cumsum(hist)
    m0 = np.cumsum(hist * levels)
    mt = m0[-1]
    w1 = total - w0
    with np.errstate(divide="ignore", invalid="ignore"):
        between = (mt * w0 / total - m0) ** 2 / (w0 * w1)
    between[~np.isfinite(between)] = 0
    return int(np.argmax(between)) + 1


def paper_level(hist: np.ndarray, threshold: int) -> int:
    """The commonest grey at or above the threshold: what a removed speck is painted with."""
    upper = hist[threshold:]
    return int(threshold + int(np.argmax(upper))) if upper.any() else 255


def _sharpness(h: np.ndarray, n: int) -> float:
    nz = np.flatnonzero(h)
    if n == 0 or nz.size == 0:
        return 0.0
    extent = nz[-1] - nz[0] + 1
    return float(np.dot(h, h)) * extent / (n * n)


def measure_layout(ink: np.ndarray, factor: int) -> Layout:
    """Skew angle, x-height, line pitch and orientation cues from a reduced binary page (True = ink)."""
    ys, xs = np.nonzero(ink)
    out = Layout()
    if ys.size < 200:
        return out
    step = max(1, ys.size // 150_000)
    ys = ys[::step].astype(np.float32)
    xs = xs[::step].astype(np.float32)
    h, w = ink.shape
    xc, yc = xs - w / 2.0, ys - h / 2.0
    n = ys.size
    reach_y = h + w * math.tan(math.radians(SKEW_MAX_DEGREES + 1)) + 2
    reach_x = w + h * math.tan(math.radians(SKEW_MAX_DEGREES + 1)) + 2
    off_y, off_x = reach_y / 2, reach_x / 2

    def rows(deg: float, coarse: bool = False) -> np.ndarray:
        t = math.tan(math.radians(deg))
        idx = (yc - xc * t + off_y).astype(np.int32)
        return np.bincount(idx if not coarse else idx[::4], minlength=int(reach_y) + 1)

    def cols(deg: float) -> np.ndarray:
        t = math.tan(math.radians(deg))
        idx = (xc + yc * t + off_x).astype(np.int32)
        return np.bincount(idx[::4], minlength=int(reach_x) + 1)

    def score(hist: np.ndarray) -> float:
        return float(np.dot(hist, hist))

    coarse = np.arange(-SKEW_MAX_DEGREES, SKEW_MAX_DEGREES + 1e-9, 0.25)
    scores = [score(rows(a, coarse=True)) for a in coarse]
    best = float(coarse[int(np.argmax(scores))])
    fine = np.arange(best - 0.25, best + 0.25 + 1e-9, 0.05)
    fscores = np.array([score(rows(a)) for a in fine])
    i = int(np.argmax(fscores))
    angle = float(fine[i])
    if 0 < i < len(fine) - 1:  # parabola through the best three
        s0, s1, s2 = fscores[i - 1], fscores[i], fscores[i + 1]
        denom = s0 - 2 * s1 + s2
        if denom < 0:
            angle += 0.05 * 0.5 * (s0 - s2) / denom
    profile = rows(angle)
    base = score(rows(0.0))
    out.angle = round(angle, 3)
    out.gain = score(profile) / base if base else 0.0
    out.rows_sharpness = _sharpness(profile, n)
    out.cols_sharpness = max(_sharpness(cols(a), (n + 3) // 4) for a in np.arange(-4.0, 4.01, 1.0))

    # Lines per vertical strip (columns of a form have their own baselines).
    strips = max(1, min(4, w // 400))
    t = math.tan(math.radians(angle))
    idx = (yc - xc * t + off_y).astype(np.int32)
    which = np.minimum((xs * strips / w).astype(np.int32), strips - 1)
    segments = []  # (strip, start, end, core start, core end, mass, profile)
    width = w / strips
    for s in range(strips):
        prof = np.bincount(idx[which == s], minlength=int(reach_y) + 1).astype(np.float64) * step
        nz = prof[prof > 0]
        if nz.size < 3:
            continue
        on = prof > max(2.0 * step, 0.08 * float(np.percentile(nz, 90)))
        edges = np.flatnonzero(np.diff(np.concatenate(([0], on.view(np.int8), [0]))))
        for a, b in zip(edges[0::2], edges[1::2]):
            if b - a < 4:
                continue
            seg = prof[a:b]
            p75 = _percentile75(seg)
            if p75 > 0.6 * width:  # a rule, a row of specks
                continue
            core = np.flatnonzero(seg >= 0.5 * p75)  # a percentile: rules make spikes
            segments.append((s, int(a), int(b), int(a + core[0]), int(a + core[-1] + 1), float(seg.sum()), seg))
    if segments:  # specks and smudges make light segments: keep those with a real share of ink
        heavy = np.percentile([g[5] for g in segments], 75)
        segments = [g for g in segments if g[5] >= 0.2 * heavy]
    cores, pitches, above, below = [], [], 0.0, 0.0
    for s in range(strips):
        mine = [g for g in segments if g[0] == s]
        for _, a, b, c0, c1, _, seg in mine:
            cores.append(c1 - c0)
            above += float(seg[: c0 - a].sum())
            below += float(seg[c1 - a:].sum())
        centres = [(g[1] + g[2]) / 2 for g in mine]
        if len(centres) > 1:
            pitches.extend(np.diff(centres).tolist())
    if cores:
        out.x_height = float(np.median(cores)) * factor
        out.lines = len(cores)
    if pitches:
        out.line_pitch = float(np.median(pitches)) * factor
    out.above, out.below = above, below
    return out


def _hist_percentile(hist: np.ndarray, q: float) -> float:
    """np.percentile(values, q) from the values' 256-bin histogram (a pass over a page saved)."""
    n = int(hist.sum())
    f = q / 100
    vi = (n - 1) * f  # numpy's virtual index for its default (linear) method
    lo = min(max(int(math.floor(vi)), 0), n - 1)
    t = vi - math.floor(vi)
    cum = np.cumsum(hist)
    x = float(np.searchsorted(cum, lo, side="right"))
    y = float(np.searchsorted(cum, min(lo + 1, n - 1), side="right"))
    return _lerp(x, y, t)


def _percentile75(a: np.ndarray) -> float:
    """np.percentile(a, 75) for a short 1-d array, without its overhead (the same linear interpolation)."""
    v = np.sort(a)
    i = 0.75 * (v.size - 1)
    lo = int(i)
    t = i - lo
    return float(v[lo]) if t == 0 else _lerp(float(v[lo]), float(v[lo + 1]), t)


def _lerp(x: float, y: float, t: float) -> float:
    """numpy.percentile's interpolation, rounding alike: from the nearer end."""
    return y - (y - x) * (1 - t) if t >= 0.5 else x + (y - x) * t


def find_specks(ink: np.ndarray, x_height: float | None) -> tuple[np.ndarray, int, int]:
    """Blocks holding isolated specks: (block mask, block size, number of specks).

    The page is cut into k x k blocks (k about a third of an x-height); a speck is ink in a 2 x 2 group
    of blocks (so at most two thirds of an x-height across) with no ink in the blocks around it up to an
    x-height away. A full stop or the dot of an i has its letters closer than that.
    """
    xh = x_height or 20.0
    k = int(min(24, max(2, round(0.35 * xh))))
    m = int(max(1, math.ceil(1.0 * xh / k)))
    h, w = ink.shape
    gh, gw = h // k, w // k
    if gh < 2 * m + 2 or gw < 2 * m + 2:
        return np.zeros((0, 0), bool), k, 0
    # Ink per block, on the full-resolution page: k is at most 24, so a band's column sums fit in a byte.
    g = _block_sums(ink[: gh * k, : gw * k].view(np.uint8), gh, gw, k, np.int32, band=np.uint8)
    # The integral image padded with its edges, so a window clipped at the page's border is a plain slice.
    integral = np.zeros((gh + 1, gw + 1), np.int64)
    integral[1:, 1:] = g.cumsum(0).cumsum(1)
    padded = np.pad(integral, m, mode="edge")

    def box(r: int) -> np.ndarray:
        """Ink in the windows from (i - r, j - r) to (i + 2 + r, j + 2 + r), for every group (i, j)."""
        a, b = m - r, m + 2 + r
        return (padded[b: b + gh - 1, b: b + gw - 1] - padded[a: a + gh - 1, b: b + gw - 1]
                - padded[b: b + gh - 1, a: a + gw - 1] + padded[a: a + gh - 1, a: a + gw - 1])

    group = box(0)
    wide = box(m)
    max_area = (0.5 * xh) ** 2
    hit = (group > 0) & (wide == group) & (group <= max_area)
    marks = np.zeros((gh, gw), bool)
    marks[:-1, :-1] |= hit
    marks[1:, :-1] |= hit
    marks[:-1, 1:] |= hit
    marks[1:, 1:] |= hit
    # Count specks, not groups: a speck in one block is found by up to four groups (a group whose upper
    # or left neighbour also hit is the same speck).
    lone = hit.copy()
    lone[1:, :] &= ~hit[:-1, :]
    lone[:, 1:] &= ~hit[:, :-1]
    count = int(lone.sum())
    return marks, k, count


def remove_specks(page: np.ndarray, ink: np.ndarray, marks: np.ndarray, k: int, paper: int) -> None:
    """Paint the ink of marked blocks with the paper's grey, in place."""
    gh, gw = marks.shape
    bi, bj = np.nonzero(marks)
    if bi.size > 4000:  # many: one vectorised pass
        full = np.zeros(page.shape, bool)
        full[: gh * k, : gw * k] = np.repeat(np.repeat(marks, k, axis=0), k, axis=1)
        page[full & ink] = paper
        return
    for i, j in zip(bi.tolist(), bj.tolist()):
        sub = page[i * k:(i + 1) * k, j * k:(j + 1) * k]
        sub[ink[i * k:(i + 1) * k, j * k:(j + 1) * k]] = paper


# --------------------------------------------------------------------------------------------------
# The clean-up
# --------------------------------------------------------------------------------------------------

OsdFn = Callable[[Image.Image], Any]  # -> an object with .rotate (clockwise degrees), .orientation_confidence,
#                                        .script, .script_confidence; or None when it cannot tell


def clean(
    image: Image.Image,
    *,
    steps: Iterable[str] = STEPS,
    force: bool = False,
    rotate: int | None = None,
    osd: OsdFn | None = None,
) -> Cleaned:
    """Clean one page image for OCR.

    steps: the steps allowed (default all); force: apply every allowed step whatever the measurements say
    (for the benchmark; orientation still follows OSD); rotate: a known clockwise correction (0, 90, 180,
    270) that skips detection; osd: the orientation and script detector (`script.detect`), called only
    when the cues ask for it.
    """
    allowed = set(steps)
    timings: dict[str, float] = {}
    info: dict[str, Any] = {"timings_ms": timings}
    applied: set[str] = set()
    clock = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        timings[name] = round(timings.get(name, 0.0) + (now - clock) * 1000, 1)
        clock = now

    original_size = w0, h0 = image.size
    if image.mode != "L":
        applied.add("greyscale")  # always done (tesseract gets grey); named when there was colour to drop

    # Analysis on a reduced grey copy, smoothed over 3x3 so grain does not read as ink.
    factor = work_factor(original_size)
    small_img = reduced_grey(image, factor)
    raw = np.asarray(small_img, dtype=np.uint8)
    small = np.asarray(small_img.filter(ImageFilter.BoxBlur(1)), dtype=np.uint8)
    info["work_factor"] = factor
    lap("analysis")

    # Illumination: measure the paper's brightness on a grid of blocks; even it out where it varies.
    high, low, cell = block_grid(small)
    bg = background(high)
    lo, hi = np.percentile(bg, [2, 98])
    spread = float((hi - lo) / hi) if hi > 0 else 0.0
    info["background_spread"] = round(spread, 3)
    info["noise"] = noise = _noise(raw, small, resize_grid(245.0 / bg, small_img.size, cell))
    gain = None
    if "illumination" in allowed and (force or spread > ILLUMINATION_SPREAD):
        gain = 245.0 / bg  # paper lands a little under white
        # Dark blocks with no print in them (a desk around the page, a blank shadow) turn white.
        floor = _filter3(low, np.min)
        blank = (bg < 0.35 * hi) & (floor > 0.75 * bg)
        gain[blank] = 255.0 / np.maximum(floor[blank], 1.0)
        gain_small = resize_grid(gain, small_img.size, cell)
        small, raw = apply_gain(small, gain_small), apply_gain(raw, gain_small)
        applied.add("illumination")
        info["blank_blocks"] = int(blank.sum())
    evened = gain is not None
    lap("illumination")

    hist = np.bincount(small.ravel(), minlength=256)
    threshold = otsu(_unclipped(hist) if evened else hist)
    paper = paper_level(hist, threshold)
    contrast = paper - int(_hist_percentile(hist, 1))
    info.update(threshold=threshold, paper=paper, contrast=contrast)
    ink_small = small < threshold
    layout = measure_layout(ink_small, factor) if contrast > 20 else Layout()
    _record(info, layout)
    lap("layout")

    # Orientation: only when told, or when the cues say the text may not be upright.
    turn = 0
    if "orientation" in allowed and rotate is not None:
        turn = rotate % 360
        info["rotate_given"] = turn
    elif "orientation" in allowed and osd is not None and (force or _looks_turned(layout)):
        sideways = measure_layout(np.ascontiguousarray(ink_small.T), factor)
        info["sideways_rows_sharpness"] = round(sideways.rows_sharpness, 3)
        xh = sideways.x_height if layout.cols_sharpness > layout.rows_sharpness else layout.x_height
        s = min(2.0, max(0.25, 20.0 / xh)) if xh else 1.0
        probe = reduced_grey(image, max(1, int(1 / s))) if s < 0.75 else to_grey(image)[0]
        if s >= 1.25:
            probe = probe.resize((round(w0 * s), round(h0 * s)), Image.Resampling.BILINEAR)
        if gain is not None:
            probe = even(probe, gain, cell * factor * probe.width / w0)
        lap("orientation")
        result = osd(probe)
        lap("osd")
        info["osd"] = result and {n: getattr(result, n) for n in
                                  ("rotate", "orientation_confidence", "script", "script_confidence")}
        if result is not None:
            info["script"] = result.script
            if result.rotate in (90, 180, 270) and result.orientation_confidence >= MIN_ORIENTATION_CONFIDENCE:
                turn = result.rotate
                if turn in (90, 270):
                    layout = sideways
                    layout.angle = -layout.angle  # a transpose is a quarter turn and a mirror image
                    _record(info, layout)

    # Scale: reduce big print by a whole factor now (everything after runs on fewer pixels); enlarge
    # small print later, in the one resampling with the deskew.
    xh = layout.x_height
    n = 1
    if "downscale" in allowed and xh and xh >= 1.5 * DOWNSCALE_X_HEIGHT and layout.lines >= 3:
        n = min(MAX_DOWNSCALE, max(2, round(xh / DOWNSCALE_X_HEIGHT)))
        applied.add("downscale")
    work = reduced_grey(image, n)
    m = Affine.scale(work.width / w0, work.height / h0) if n > 1 else Affine()
    bilevel = image.mode == "1" or (image.mode == "L" and _two_level(image))
    if bilevel and "denoise" in allowed and (force or _dithered(image, small_img, factor)):
        # A dithered page (grey paper printed as dots: a fax, a 1-bit scan): blurring turns it back to grey.
        work = work.filter(ImageFilter.GaussianBlur(1.0))
        bilevel = False
        applied.add("denoise")
        info["descreened"] = True
    out_img = even(work, gain, cell * factor * work.width / w0) if gain is not None else work
    lap("greyscale")

    if turn:
        out_img, m = quarter_turn(out_img, m, turn)
        applied.add("orientation")
    lap("orientation")

    # Geometry: deskew and upscale in one resampling.
    geo = Affine()
    if "deskew" in allowed and layout.lines and (
        (force and abs(layout.angle) > 0.02) or (abs(layout.angle) > SKEW_MIN_DEGREES and layout.gain > 1.02)
    ):
        geo = Affine.rotate(-layout.angle)
        applied.add("deskew")
    scale = 1.0 / n
    small_text = bool(xh) and xh < (TARGET_X_HEIGHT if force else MIN_X_HEIGHT)
    small_page = min(w0, h0) < MIN_SHORT_SIDE
    if "upscale" in allowed and n == 1 and (small_text or small_page):
        target = LOW_RES_X_HEIGHT if small_page else TARGET_X_HEIGHT
        up = max(target / xh if xh and (small_text or small_page) else 1.0,
                 MIN_SHORT_SIDE / min(w0, h0) if small_page else 1.0)
        up = min(MAX_UPSCALE, up, math.sqrt(MAX_OUTPUT_PIXELS / (w0 * h0)))
        if up > 1.05:
            geo = Affine.scale(up, up) @ geo
            applied.add("upscale")
            scale = up
    if not geo.is_identity:
        out_img, geo = resample(out_img, geo, 255 if bilevel else paper, bilevel)
        m = geo @ m
    lap("geometry")

    # Denoise, at the output's resolution: smooth grain away, then paint over isolated specks.
    grainy = force or noise > GRAIN_SIGMA
    out_threshold = None
    if "denoise" in allowed and layout.lines:
        out = np.array(out_img, dtype=np.uint8)
        if grainy:
            out = np.array(out_img.filter(ImageFilter.GaussianBlur(GRAIN_RADIUS)), dtype=np.uint8)
            applied.add("denoise")
        out_threshold = _page_threshold(out, evened)
        ink = out < out_threshold
        marks, k, specks = find_specks(ink, xh * scale if xh else None)
        info["specks"] = specks
        if specks and (force or specks >= MIN_SPECKS):
            remove_specks(out, ink, marks, k, paper)
            applied.add("denoise")
        if "denoise" in applied:
            out_img = Image.fromarray(out, "L")
    lap("denoise")

    # Binarise only a grainy page: on a clean one tesseract reads the grey better (thin, faint print).
    if "binarise" in allowed and (force or grainy):
        if out_threshold is None:
            out_threshold = _page_threshold(np.asarray(out_img, dtype=np.uint8), evened)
        info["out_threshold"] = out_threshold
        out_img = out_img.point([0] * out_threshold + [255] * (256 - out_threshold))
        applied.add("binarise")
    lap("binarise")

    info["scale"] = round(scale, 4)
    info["total_ms"] = round(sum(timings.values()), 1)
    return Cleaned(out_img, tuple(s for s in STEPS if s in applied), m, original_size, info)


def reduced_grey(image: Image.Image, n: int) -> Image.Image:
    """Greyscale at 1/n of the size (box averages); colour pages are reduced before they are converted."""
    if n > 1 and image.mode in ("RGB", "RGBA", "L", "LA", "RGBX", "CMYK"):
        image = image.reduce(n)
        return to_grey(image)[0]
    grey = to_grey(image)[0]
    return grey.reduce(n) if n > 1 else grey


def _noise(raw: np.ndarray, smooth: np.ndarray, gain: np.ndarray) -> float:
    """Grain: the 75th percentile, over blank blocks (paper, no print), of 1.25 x the mean |pixel - its
    3x3 mean|, in grey levels of the page evened to paper at 245 (gain: 245 / the paper's brightness,
    per pixel). Blank blocks: JPEG ringing and paper texture around print are not grain. A percentile
    over blocks, as the grain in a photo is worst in its shadows. Measured before the evening, which
    clips the paper's grain at white."""
    h, w = raw.shape
    cell = max(8, round(min(h, w) / 40))
    gh, gw = h // cell, w // cell
    if gh == 0 or gw == 0:
        return 0.0
    raw, smooth, gain = raw[: gh * cell, : gw * cell], smooth[: gh * cell, : gw * cell], gain[: gh * cell, : gw * cell]
    level = smooth * gain  # the evened page, unclipped
    resid = np.subtract(raw, smooth, dtype=np.float32)
    np.abs(resid, out=resid)
    resid *= gain
    paper = (level >= 196) & (raw < 255)
    resid[~paper] = 0
    count = _block_sums(paper.view(np.uint8), gh, gw, cell, np.int64)
    total = _block_sums(resid, gh, gw, cell, np.float64)
    dark = _block_sums((level < 147).view(np.uint8), gh, gw, cell, np.int64)
    ok = (count > 0.9 * cell * cell) & (dark == 0)
    if not ok.any():
        return 0.0
    return round(float(np.percentile(1.25 * total[ok] / count[ok], 75)), 2)


def _block_sums(a: np.ndarray, gh: int, gw: int, cell: int, dtype: type, band: type | None = None) -> np.ndarray:
    """Sums over the cell x cell blocks of a (gh * cell rows, gw * cell columns): the rows of each band of
    blocks first (contiguous adds, in `band`, default dtype), then the columns; 5x quicker than one numpy
    sum over both axes at once."""
    rows = a.reshape(gh, cell, gw * cell).sum(axis=1, dtype=band or dtype)
    return rows.reshape(gh, gw, cell).sum(axis=2, dtype=dtype)


def _page_threshold(page: np.ndarray, evened: bool) -> int:
    """Half way between the ink's darker greys (the 10th percentile below the Otsu threshold) and the
    paper's median (above it), on every other row and column; on an evened page without pure white
    (paper clipped by the evening, blank blocks). Otsu alone sits close to the paper on a page that is
    mostly paper, and fattens the print."""
    hist = np.bincount(page[::2, ::2].ravel(), minlength=256)
    if evened:
        hist = _unclipped(hist)
    t = otsu(hist)
    below, above = np.cumsum(hist[:t]), np.cumsum(hist[t:])
    if below.size == 0 or below[-1] == 0 or above[-1] == 0:
        return t
    ink = int(np.searchsorted(below, 0.1 * below[-1]))
    paper = t + int(np.searchsorted(above, 0.5 * above[-1]))
    return max(1, min(255, (ink + paper + 1) // 2))


def _unclipped(hist: np.ndarray) -> np.ndarray:
    out = hist.copy()
    out[255] = 0
    return out


def _two_level(image: Image.Image) -> bool:
    """Black and white only (a fax or a 1-bit scan saved as 8-bit grey)."""
    hist = image.histogram()
    return hist[0] > 0 and hist[255] > 0 and sum(hist[0:256]) == hist[0] + hist[255]


def _dithered(image: Image.Image, small_img: Image.Image, factor: int) -> bool:
    """Grey paper printed as dots: reduced by two or more, much of the page is mid-grey (clean print on
    white paper only turns grey along the edges of its strokes)."""
    reduced = small_img if factor > 1 else reduced_grey(image, 2)
    hist = np.asarray(reduced.histogram()[:256], dtype=np.int64)
    return float(hist[40:216].sum()) > DITHERED * float(hist.sum())


def _record(info: dict[str, Any], layout: Layout) -> None:
    info.update(skew=layout.angle, skew_gain=round(layout.gain, 4), x_height=layout.x_height,
                line_pitch=layout.line_pitch, lines=layout.lines,
                rows_sharpness=round(layout.rows_sharpness, 3), cols_sharpness=round(layout.cols_sharpness, 3),
                above=round(layout.above), below=round(layout.below))


def _looks_turned(layout: Layout) -> bool:
    if not layout.lines or layout.rows_sharpness == 0:
        return layout.cols_sharpness > 0
    if layout.cols_sharpness > ROTATION_CUE * layout.rows_sharpness:
        return True
    return layout.below > UPSIDE_DOWN_CUE * layout.above


