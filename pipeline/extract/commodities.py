"""Commodity references: watchlist synonyms in English, Turkish and Arabic, with quantity and HS code.

Matching runs on folded text (see fold), so `ALÜMİNYUM PASTA`, `aluminyum pasta` and `Aluminium paste`
all hit the same synonym, and offsets still point into the page text.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
from pathlib import Path

from ..model import CommodityRef, Page
from ..model import span_bbox
from ..fold import fold
from ..quantities import Quantity, find_quantities

WATCHLIST = Path(__file__).resolve().parent.parent.parent / "models" / "commodities.json"
HS_WRITTEN = re.compile(r"(?<![\d.,])(\d{4})\.(\d{2})(?:\.(\d{2,4}))?(?![\d,])|(?:hs|gtip|hs code|tariff)[^\d\n]{0,12}(\d{6,10})",
                        re.IGNORECASE)
MAX_QUANTITY_DISTANCE = 80  # characters on the same line


@dataclass(frozen=True, slots=True)
class Commodity:
    id: str
    name: str
    category: str
    hs_codes: tuple[str, ...]
    watchlist: bool


@dataclass(frozen=True, slots=True)
class Catalogue:
    version: str
    commodities: dict[str, Commodity]
    pattern: re.Pattern[str]
    by_synonym: dict[str, str]


@functools.cache
def load_catalogue(path: Path = WATCHLIST) -> Catalogue:
    """The commodity watchlist compiled into one regular expression over folded synonyms."""
    data = json.loads(path.read_text("utf-8"))
    commodities: dict[str, Commodity] = {}
    by_synonym: dict[str, str] = {}
    for c in data["commodities"]:
        commodities[c["id"]] = Commodity(c["id"], c["name"], c["category"], tuple(c["hs_codes"]), bool(c["watchlist"]))
        for syns in c["synonyms"].values():
            for s in syns:
                by_synonym.setdefault(" ".join(fold(s).split()), c["id"])
        by_synonym.setdefault(" ".join(fold(c["name"]).split()), c["id"])
    alternatives = sorted(by_synonym, key=len, reverse=True)
    body = "|".join(re.escape(s).replace(r"\ ", r"[\s\-]+") for s in alternatives)
    pattern = re.compile(rf"(?<!\w)(?P<syn>{body})(?:s|es)?(?!\w)")
    return Catalogue(data.get("version", "commodities"), commodities, pattern, by_synonym)


def find_commodities(page: Page, catalogue: Catalogue | None = None) -> list[CommodityRef]:
    """Every watchlist or catalogue commodity on the page, each with the nearest quantity on its line."""
    cat = catalogue or load_catalogue()
    folded = fold(page.text)
    quantities = find_quantities(page.text)
    refs = []
    for m in cat.pattern.finditer(folded):
        key = " ".join(re.split(r"[\s\-]+", m.group("syn")))
        commodity = cat.commodities[cat.by_synonym[key]]
        start, end = m.span()
        line_start = page.text.rfind("\n", 0, start) + 1
        line_end = page.text.find("\n", end)
        line_end = len(page.text) if line_end < 0 else line_end
        qty = _nearest(quantities, start, end, line_start, line_end)
        hs = _hs_code(page.text[line_start:line_end], commodity)
        lo, hi = min(start, qty.start) if qty else start, max(end, qty.end) if qty else end
        refs.append(CommodityRef(
            text=page.text[start:end], commodity=commodity.name, category=commodity.category, hs_code=hs,
            quantity=qty.value if qty else None, unit=qty.unit if qty else None,
            quantity_si=qty.si_value if qty else None, unit_si=qty.si_unit if qty else None,
            watchlist=commodity.watchlist, page=page.number, start=start, end=end,
            bbox=span_bbox(page.words, lo, hi), extractor=cat.version,
        ))
    return refs


def _nearest(quantities: list[Quantity], start: int, end: int, lo: int, hi: int) -> Quantity | None:
    def distance(q: Quantity) -> float:
        gap = start - q.end if q.end <= start else q.start - end
        # Units that convert (kg, l, pcs) say more than package counts (drums, sacks).
        return gap + (0 if q.si_unit else 40)
    near = [q for q in quantities if lo <= q.start and q.end <= hi and (q.end <= start or q.start >= end)]
    near = [q for q in near if (start - q.end if q.end <= start else q.start - end) <= MAX_QUANTITY_DISTANCE]
    return min(near, key=distance, default=None)


def _hs_code(line: str, commodity: Commodity) -> str | None:
    """An HS code written on the line if there is one, else the catalogue's first code for the commodity."""
    for m in HS_WRITTEN.finditer(line):
        code = "".join(g for g in m.groups()[:3] if g) or m.group(4)
        if code:
            return code
    return commodity.hs_codes[0] if commodity.hs_codes else None
