"""Page geometry for the clean-up: affine maps between original and cleaned pixels, and the
resampling and quarter turns that apply them, so word boxes can be mapped back to the original."""

from __future__ import annotations

import math
from dataclasses import dataclass

from PIL import Image


@dataclass(frozen=True, slots=True)
class Affine:
    """x' = a*x + b*y + c, y' = d*x + e*y + f, in continuous pixel coordinates (pixel i spans [i, i+1))."""

    a: float = 1.0
    b: float = 0.0
    c: float = 0.0
    d: float = 0.0
    e: float = 1.0
    f: float = 0.0

    def __matmul__(self, o: "Affine") -> "Affine":
        """self after o."""
        return Affine(
            self.a * o.a + self.b * o.d, self.a * o.b + self.b * o.e, self.a * o.c + self.b * o.f + self.c,
            self.d * o.a + self.e * o.d, self.d * o.b + self.e * o.e, self.d * o.c + self.e * o.f + self.f,
        )

    def __call__(self, x: float, y: float) -> tuple[float, float]:
        return self.a * x + self.b * y + self.c, self.d * x + self.e * y + self.f

    def inverse(self) -> "Affine":
        det = self.a * self.e - self.b * self.d
        a, b, d, e = self.e / det, -self.b / det, -self.d / det, self.a / det
        return Affine(a, b, -(a * self.c + b * self.f), d, e, -(d * self.c + e * self.f))

    @property
    def is_identity(self) -> bool:
        return all(abs(u - v) < 1e-12 for u, v in zip(self.astuple(), (1, 0, 0, 0, 1, 0)))

    def astuple(self) -> tuple[float, ...]:
        return (self.a, self.b, self.c, self.d, self.e, self.f)

    @staticmethod
    def translate(tx: float, ty: float) -> "Affine":
        return Affine(1, 0, tx, 0, 1, ty)

    @staticmethod
    def scale(sx: float, sy: float) -> "Affine":
        return Affine(sx, 0, 0, 0, sy, 0)

    @staticmethod
    def rotate(degrees: float) -> "Affine":
        """Turn about the origin, clockwise on screen (y points down) for positive degrees."""
        t = math.radians(degrees)
        c, s = math.cos(t), math.sin(t)
        return Affine(c, -s, 0, s, c, 0)


def map_box(m: Affine, box: tuple[float, float, float, float], size: tuple[int, int]) -> tuple[float, float, float, float]:
    x0, y0, x1, y1 = box
    pts = [m(x, y) for x, y in ((x0, y0), (x1, y0), (x0, y1), (x1, y1))]
    w, h = size
    xs = [min(max(p[0], 0.0), w) for p in pts]
    ys = [min(max(p[1], 0.0), h) for p in pts]
    return (round(min(xs), 1), round(min(ys), 1), round(max(xs), 1), round(max(ys), 1))


def resample(img: Image.Image, m: Affine, fill: int, bilevel: bool = False) -> tuple[Image.Image, Affine]:
    """Apply m, plus the translation that keeps the whole page in view, in one resampling (nearest
    neighbour for a two-level page, a fax or a dithered scan, which interpolation would turn to mush)."""
    w, h = img.size
    corners = [m(x, y) for x, y in ((0, 0), (w, 0), (0, h), (w, h))]
    x0 = min(p[0] for p in corners)
    y0 = min(p[1] for p in corners)
    x1 = max(p[0] for p in corners)
    y1 = max(p[1] for p in corners)
    m = Affine.translate(-x0, -y0) @ m
    size = (max(1, math.ceil(x1 - x0 - 1e-6)), max(1, math.ceil(y1 - y0 - 1e-6)))
    if abs(m.b) < 1e-12 and abs(m.d) < 1e-12:  # a pure scale
        out = img.resize(size, Image.Resampling.NEAREST if bilevel else Image.Resampling.BICUBIC)
        return out, Affine.scale(size[0] / w, size[1] / h)
    out = img.transform(size, Image.Transform.AFFINE, m.inverse().astuple(),
                        resample=Image.Resampling.NEAREST if bilevel else Image.Resampling.BILINEAR, fillcolor=fill)
    return out, m


def turn_matrix(clockwise: int, w: int, h: int) -> Affine:
    if clockwise == 90:
        return Affine(0, -1, h, 1, 0, 0)
    if clockwise == 180:
        return Affine(-1, 0, w, 0, -1, h)
    if clockwise == 270:
        return Affine(0, 1, 0, -1, 0, w)
    return Affine()


def turn(img: Image.Image, m: Affine, clockwise: int) -> tuple[Image.Image, Affine]:
    transpose = {90: Image.Transpose.ROTATE_270, 180: Image.Transpose.ROTATE_180, 270: Image.Transpose.ROTATE_90}
    if clockwise not in transpose:
        return img, m
    return img.transpose(transpose[clockwise]), turn_matrix(clockwise, *img.size) @ m
