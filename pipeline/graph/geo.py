"""Border crossings into conflict zones (`models/crossings.json`, GeoNames coordinates) and how far a
party's town is from the nearest one."""

from __future__ import annotations

import functools
import json
import math
import re
from dataclasses import dataclass
from pathlib import Path

CROSSINGS_FILE = Path(__file__).resolve().parents[2] / "models" / "crossings.json"
EARTH_KM = 6371.0088


@dataclass(frozen=True, slots=True)
class Crossing:
    id: str
    name: str
    conflict_zone: str  # ISO country code of the side in conflict
    points: tuple[tuple[str, float, float], ...]  # (town, lat, lon) at each side


@dataclass(frozen=True, slots=True)
class Proximity:
    crossing: Crossing
    km: float


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_KM * math.asin(math.sqrt(a))


@functools.cache
def load_crossings(path: Path = CROSSINGS_FILE) -> tuple[Crossing, ...]:
    data = json.loads(path.read_text("utf-8"))
    return tuple(Crossing(c["id"], c["name"], c["conflict_zone"],
                          tuple((p["name"], float(p["lat"]), float(p["lon"])) for p in c["points"]))
                 for c in data["crossings"])


def nearest_crossing(lat: float, lon: float, crossings: tuple[Crossing, ...] | None = None) -> Proximity | None:
    """The crossing nearest to a point (by the nearer of its sides), or None without crossings."""
    best: Proximity | None = None
    for c in crossings if crossings is not None else load_crossings():
        km = min(haversine_km(lat, lon, plat, plon) for _, plat, plon in c.points)
        if best is None or km < best.km:
            best = Proximity(c, round(km, 1))
    return best


@functools.cache
def _towns(path: Path = CROSSINGS_FILE) -> dict[str, tuple[str, float, float, int]]:
    """The towns near crossings by folded spelling (the most populous where two share one)."""
    out: dict[str, tuple[str, float, float, int]] = {}
    for t in json.loads(path.read_text("utf-8"))["towns"]:
        for n in t["names"]:
            key = _key(n)
            if key and (key not in out or out[key][3] < t["population"]):
                out[key] = (t["name"], float(t["lat"]), float(t["lon"]), int(t["population"]))
    return out


def _key(text: str) -> str:
    from ..fold import fold

    return " ".join(re.findall(r"\w+", fold(text)))


def towns_in(text: str) -> list[tuple[str, float, float]]:
    """Towns near a crossing that an address names as one of its comma-separated parts, in order."""
    index = _towns()
    found = []
    for part in re.split(r"[,\n/]", text):
        hit = index.get(_key(part))
        if hit:
            found.append(hit[:3])
    return found
