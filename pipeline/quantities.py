"""Quantities with units as written (`6,000 kg`, `6.000 kg`, `six tonnes`, `40 sacks`, `120 pcs`, `500 adet`,
`٢٠ طن`), and their SI value where the unit allows: kg, l, m, m3, pcs. A package count converts only when
the content of one package is written beside it (`40 sacks x 50 kg` is 2000 kg; `30 drums` alone is not
convertible)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .numbers import WORD_NUMBERS, parse_number

# unit as written (lower case) -> (SI unit, factor); None for packages that do not convert (sacks, drums).
UNITS: dict[str, tuple[str, float] | None] = {
    **dict.fromkeys(["kg", "kgs", "kgm", "kilo", "kilos", "kilogram", "kilograms", "kilogramme", "kilogrammes",
                     "kilogram'", "كغ", "كلغ", "كيلو", "كيلوغرام", "كيلوجرام", "كجم"], ("kg", 1.0)),
    **dict.fromkeys(["g", "gr", "gram", "grams", "gramme", "غرام", "جرام"], ("kg", 0.001)),
    **dict.fromkeys(["t", "mt", "ton", "tons", "tonne", "tonnes", "metric tons", "metric tonnes", "tonnes metric",
                     "tan", "طن", "أطنان", "اطنان", "طنا"], ("kg", 1000.0)),
    **dict.fromkeys(["lb", "lbs", "pound", "pounds"], ("kg", 0.45359237)),
    **dict.fromkeys(["l", "lt", "ltr", "litre", "litres", "liter", "liters", "litre'", "لتر",
                     "ليتر", "لترات"], ("l", 1.0)),
    **dict.fromkeys(["ml"], ("l", 0.001)),
    **dict.fromkeys(["cbm", "m3", "m³"], ("m3", 1.0)),
    **dict.fromkeys(["m", "metre", "metres", "meter", "meters", "mtr", "metre'", "متر"], ("m", 1.0)),
    **dict.fromkeys(["pcs", "pc", "pce", "pces", "pieces", "piece", "units", "unit", "adet", "ad", "nos", "ea", "each",
                     "sets", "set", "qita'", "qita", "قطعة", "قطع", "عدد", "جهاز", "أجهزة", "اجهزة"], ("pcs", 1.0)),
    **dict.fromkeys(["pairs", "pair", "çift", "cift", "زوج", "أزواج"], ("pcs", 2.0)),
    **dict.fromkeys(["sacks", "sack", "bags", "bag", "drums", "drum", "cartons", "carton", "ctns", "ctn", "pkgs", "pkg",
                     "packages", "package", "boxes", "box", "pallets", "pallet", "barrels", "barrel", "cases", "case",
                     "rolls", "roll", "bottles", "bottle", "cans", "can", "jerrycans", "jerrycan", "canisters",
                     "çuval", "cuval", "varil", "koli", "kutu", "palet", "şişe", "sise", "bidon", "teneke", "torba",
                     "rulo", "kasa", "bales", "bale", "balya", "kees", "akyas", "barmil", "baramil", "kartona", "كيس", "أكياس", "اكياس", "برميل", "براميل", "كرتونة", "كرتون", "صندوق", "صناديق",
                     "عبوة", "عبوات"], None),
    "ton'": ("kg", 1000.0),
}
_UNIT_RE = "|".join(sorted((re.escape(u) for u in UNITS if not u.endswith("'") or u == "qita'"), key=len, reverse=True))
NUMBER = r"\d{1,3}(?:[.,' ]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?"
QUANTITY = re.compile(
    rf"(?<![\w.,])(?P<num>{NUMBER}|" + "|".join(WORD_NUMBERS) + rf")[ \t]{{0,3}}(?P<unit>{_UNIT_RE})(?![\w])",
    re.IGNORECASE,
)
# What one package holds, after its count: `40 sacks x 50 kg`, `30 drums of 200 l`, `5 varil x 200 lt`.
CONTENT = re.compile(rf"^\s*(?:[x×*]|of|à|a|each|her biri)\s*(?P<num>{NUMBER})\s*(?P<unit>{_UNIT_RE})(?!\w)",
                     re.IGNORECASE)
# A count, then what one package holds, then the package: `2 x 25 kg bags`.
COUNT_OF = re.compile(rf"(?<![\w.,])(?P<n>\d+)\s*[x×*]\s*(?P<num>{NUMBER})\s*(?P<unit>{_UNIT_RE})\s+"
                      rf"(?P<pkg>{_UNIT_RE})(?!\w)", re.IGNORECASE)
# What one package holds, its count, then the package: `200 lt x 5 varil`.
CONTENT_X_COUNT = re.compile(rf"(?<![\w.,])(?P<num>{NUMBER})\s*(?P<unit>{_UNIT_RE})\s*[x×*]\s*(?P<n>\d+)\s*"
                             rf"(?P<pkg>{_UNIT_RE})(?!\w)", re.IGNORECASE)
# Arabic writes the count word first: `عدد ٣٠٠`, `الكمية: ٥٠`.
ARABIC_COUNT = re.compile(rf"(?P<unit>عدد|العدد|الكمية|كمية)\s*[:：]?\s*(?P<num>{NUMBER})(?![\d.,])")
ARABIC_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹٫٬", "01234567890123456789.,")


@dataclass(frozen=True, slots=True)
class Quantity:
    value: float
    unit: str  # as written
    si_value: float | None
    si_unit: str | None
    start: int
    end: int
    package: bool = False  # a count of packages (sacks, drums), converted only when their content is written


def si(value: float, unit: str) -> tuple[float | None, str | None]:
    """The SI value and unit of a quantity, or (None, None) for a package or an unknown unit."""
    conv = UNITS.get(unit.lower())
    return (round(value * conv[1], 6), conv[0]) if conv else (None, None)


def find_quantities(text: str) -> list[Quantity]:
    """Every quantity with a unit in the text, in order; Arabic-Indic digits read as digits."""
    plain = text.translate(ARABIC_DIGITS)
    out: list[Quantity] = []
    for pattern in (COUNT_OF, CONTENT_X_COUNT):
        for m in pattern.finditer(plain):
            if UNITS.get(m.group("pkg").lower(), 0) is None and UNITS.get(m.group("unit").lower()) \
                    and not any(q.start <= m.start() < q.end for q in out):
                count, content = float(m.group("n")), parse_number(m.group("num"))
                value, unit = si(count * content, m.group("unit")) if content is not None else (None, None)
                out.append(Quantity(count, text[m.start("pkg"):m.end("pkg")], value, unit, m.start(), m.end(), True))
    for m in ARABIC_COUNT.finditer(plain):
        value = parse_number(m.group("num"))
        if value is not None:
            out.append(Quantity(value, m.group("unit"), value, "pcs", m.start(), m.end()))
    for m in QUANTITY.finditer(plain):
        if any(q.start <= m.start() < q.end for q in out):
            continue
        try:
            value = parse_number(m.group("num"))
        except ValueError:
            continue
        if value is None:
            continue
        unit = text[m.start("unit"):m.end("unit")]
        si_value, si_unit = si(value, unit)
        end, package = m.end(), UNITS.get(unit.lower(), 0) is None
        if package and (content := CONTENT.match(plain[end:])) and UNITS.get(content.group("unit").lower()):
            inner = parse_number(content.group("num"))
            if inner is not None:
                si_value, si_unit = si(value * inner, content.group("unit"))
                end += content.end()
        out.append(Quantity(value, unit, si_value, si_unit, m.start(), end, package))
    return sorted(out, key=lambda q: q.start)
