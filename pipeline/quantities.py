"""Quantities with units as written (`6,000 kg`, `6.000 kg`, `six tonnes`, `40 sacks`), and their SI value."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .numbers import WORD_NUMBERS, parse_number

# unit as written (folded) -> (SI unit, factor); None for packages that do not convert (sacks, drums).
UNITS: dict[str, tuple[str, float] | None] = {
    **dict.fromkeys(["kg", "kgs", "kgm", "kilo", "kilos", "kilogram", "kilograms", "kilogramme", "kilogrammes", "kilogram'"],
                    ("kg", 1.0)),
    **dict.fromkeys(["g", "gr", "gram", "grams", "gramme"], ("kg", 0.001)),
    **dict.fromkeys(["t", "mt", "ton", "tons", "tonne", "tonnes", "metric tons", "metric tonnes", "tonnes metric"],
                    ("kg", 1000.0)),
    **dict.fromkeys(["lb", "lbs", "pound", "pounds"], ("kg", 0.45359237)),
    **dict.fromkeys(["l", "lt", "ltr", "litre", "litres", "liter", "liters", "litre'"], ("l", 1.0)),
    **dict.fromkeys(["ml"], ("l", 0.001)),
    **dict.fromkeys(["cbm", "m3", "m³"], ("m3", 1.0)),
    **dict.fromkeys(["m", "metre", "metres", "meter", "meters", "mtr"], ("m", 1.0)),
    **dict.fromkeys(["pcs", "pc", "pce", "pieces", "piece", "units", "unit", "adet", "nos", "ea", "each", "sets", "set"],
                    ("pcs", 1.0)),
    **dict.fromkeys(["sacks", "sack", "bags", "bag", "drums", "drum", "cartons", "carton", "ctns", "ctn", "pkgs", "pkg",
                     "packages", "package", "boxes", "box",
                     "pallets", "pallet", "barrels", "barrel", "cases", "case", "rolls", "roll", "çuval", "cuval",
                     "varil", "koli", "kutu", "palet"], None),
    "ton'": ("kg", 1000.0),
}
_UNIT_RE = "|".join(sorted((re.escape(u) for u in UNITS if not u.endswith("'")), key=len, reverse=True))
NUMBER = r"\d{1,3}(?:[.,' ]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?"
QUANTITY = re.compile(
    rf"(?<![\w.,])(?P<num>{NUMBER}|" + "|".join(WORD_NUMBERS) + rf")[ \t]{{0,3}}(?P<unit>{_UNIT_RE})(?![\w])",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Quantity:
    value: float
    unit: str  # as written
    si_value: float | None
    si_unit: str | None
    start: int
    end: int


def find_quantities(text: str) -> list[Quantity]:
    out = []
    for m in QUANTITY.finditer(text):
        try:
            value = parse_number(m.group("num"))
        except ValueError:
            continue
        if value is None:
            continue
        unit = m.group("unit")
        si = UNITS.get(unit.lower())
        out.append(Quantity(value, unit, round(value * si[1], 6) if si else None, si[0] if si else None,
                            m.start(), m.end()))
    return out
