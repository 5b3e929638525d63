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
from ..numbers import WORD_NUMBERS, parse_number
from ..quantities import ARABIC_DIGITS, Quantity, find_quantities
from .hscodes import HsCode, find_hs_codes

WATCHLIST = Path(__file__).resolve().parent.parent.parent / "models" / "commodities.json"
# Look-alikes, on folded text: the catalogue word qualifies another product that follows it...
ACCESSORY_AFTER = re.compile(
    r"^[\s\-]*(?:cases?|covers?|chargers?|charging|holders?|protectors?|screen|trays?|stands?|straps?|pouch(?:es)?|"
    r"(?:and|&|ve|w)\s+\w+\s+(?:shop|store|dukkani|magazasi|repair)|mounts?|paint|foil|profiles?|shop|store|repair|accessor(?:y|ies)|spare|kilif|kapak|sarj|aparat|tutucu|"
    r"koruyucu|boya|folyo|profil|dukkan|magaza|musluk|vana|boru|levha|cubuk|batarya|diesel|fuel|motorin|content|"
    r"dioxide|free\b|سقف|غطاء|شاحن|كفر)")
# In Arabic the head comes first: `شواحن موبايل` (phone chargers), `أغطية وشواحن هواتف`.
ACCESSORY_BEFORE_AR = re.compile(r"(?:شواحن|شاحن|اغطية|أغطية|غطاء|كفرات|حافظات|واقيات|قطع غيار|اكسسوارات|"
                                 r"إكسسوارات|محل|متجر|ghata['’]?|ghita['’]?|shahin|shawahin|kfarat|kafarat)\s+$")
# ...or follows a preposition saying what another product is for: `for drones`, `for UAV`, `للطائرات`.
DESCRIBES_BEFORE = re.compile(r"(?:\bfor(?: the| use (?:in|with))?|\bcompatible with|\bto fit|\bsuitable for|"
                              r"\bused in|\blil-?|\bli-|علب|علبة)\s*$")
# `FPV drone with camera and VTX`: parts named after `with` come with the good before them, as one unit.
WITH_BEFORE = re.compile(r"\b(?:with|including|incl\.?|ile birlikte|dahil)\s+(?:\S+\s+){0,3}$")
DESCRIBES_AFTER = re.compile(r"^\S*\s+(?:icin|uyumlu|ile uyumlu)\b")
TOY = re.compile(r"\b(?:toys?|oyuncak|kids|children'?s?|cocuk|lu'?bat?|al'ab|for kids)\b|لعب|ألعاب|العاب|للأطفال|للاطفال")
CODE_LABEL = re.compile(r"[\s,;:(#.]*(?:(?:hs|gtip|gtİp|h\.s\.|tariff|customs)\s*(?:code|kodu|no)?)?[\s,;:(#.]*$",
                        re.IGNORECASE)
BARE_COUNT = re.compile(r"(?<![\w.,])(?P<num>[\d٠-٩]{1,3}(?:,\d{3})*|[\d٠-٩]{1,6}|"
                        + "|".join(w for w in WORD_NUMBERS if w != "bir") + r")\s+(?:[^\W\d]+\s+){0,2}$",
                        re.IGNORECASE)
# A measure that describes the good rather than counts it.
SPEC_BEFORE = re.compile(r"(?:mass|weight of each|item weight|unit weight|length|lens|tube|core|diameter|capacity|"
                         r"size|each|per|in|uzunluk|agirlik|ağırlık|kapasite|çap|cap)\s*:?\s*$", re.IGNORECASE)
SPEC_AFTER = re.compile(r"\s*(?:/|['’]?l[ıiuü]k\b|\s*(?:bags|bales|sacks|drums|çuval|cuval|torba))", re.IGNORECASE)
OF_AFTER = re.compile(r"\s+of\s", re.IGNORECASE)
MAX_QUANTITY_DISTANCE = 80  # characters on the same line
# Turkish inflection after a synonym, on folded text: plural, possessive, case (fünyeler, pastası, kartları,
# kameralardan); and the compound marker a stem drops before the plural (telefonu -> telefonları).
TR_SUFFIX = r"(?:l[ae]r)?(?:(?:s|n)?[iu](?:n(?:[iu]n|d[ae]n?|[ae])?)?|y?[ae]|[dt][ae]n?)?"
TR_COMPOUND = re.compile(r"(?<=[a-z]{3})s?[iu]$")


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
        for lang, syns in c["synonyms"].items():
            for s in syns:
                key = " ".join(re.split(r"[\s\-]+", fold(s).strip()))
                by_synonym.setdefault(key, c["id"])
                if lang == "tr" and (stem := TR_COMPOUND.sub("", key)) != key and len(stem.split()[-1]) >= 3:
                    by_synonym.setdefault(stem, c["id"])  # cep telefonu -> cep telefon(ları)
        by_synonym.setdefault(" ".join(re.split(r"[\s\-]+", fold(c["name"]).strip())), c["id"])
    alternatives = sorted(by_synonym, key=len, reverse=True)
    body = "|".join(re.escape(s).replace(r"\ ", r"[\s\-]+").replace("'", "['’]") for s in alternatives)
    pattern = re.compile(rf"(?<!\w)(?P<syn>{body})(?:s|es|{TR_SUFFIX})?(?!\w)")
    return Catalogue(data.get("version", "commodities"), commodities, pattern, by_synonym)


def find_commodities(page: Page, catalogue: Catalogue | None = None) -> list[CommodityRef]:
    """Every catalogue commodity on the page, each with the nearest quantity on its line and the HS code
    written beside it; a line whose only sign is a watchlisted HS code names that good too."""
    cat = catalogue or load_catalogue()
    folded = fold(page.text)
    quantities = find_quantities(page.text)
    codes = [h for h in find_hs_codes(page.text) if h.valid]
    refs: list[CommodityRef] = []
    for m in cat.pattern.finditer(folded):
        key = " ".join(re.split(r"[\s\-]+", m.group("syn"))).replace("’", "'")
        commodity = cat.commodities[cat.by_synonym[key]]
        start, end = m.span()
        if lookalike(folded, start, end, commodity):
            continue
        line_start, line_end = _line(page.text, start, end)
        same_line = [r for r in refs if r.start >= line_start]
        if WITH_BEFORE.search(folded[max(0, start - 40):start]) and same_line:
            continue
        if any(r.commodity == commodity.name for r in same_line):
            continue  # `Potassium nitrate (saltpetre)`, `Nokia 105 handsets`: one good named twice on a line
        near = min((h for h in codes if line_start <= h.start < line_end), key=lambda h: abs(h.start - end),
                   default=None)
        if near is not None and commodity.hs_codes and near.code[:4] not in {c[:4] for c in commodity.hs_codes}:
            continue  # `Boat propeller ... HS 8487.10`: the code written on the line says it is another good
        refs.append(_ref(page, commodity, start, end, quantities, codes, cat.version))
    for code in codes:
        line_start, line_end = _line(page.text, code.start, code.end)
        if any(line_start <= r.start < line_end for r in refs):
            continue
        span = _description(page.text, line_start, code.start)
        commodity = _by_code(cat, code.code, folded[span[0]:span[1]]) if span else None
        if commodity is not None and span is not None:
            refs.append(_ref(page, commodity, *span, quantities, codes, cat.version + "+hs"))
    return sorted(refs, key=lambda r: r.start)


def _line(text: str, start: int, end: int) -> tuple[int, int]:
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    return line_start, len(text) if line_end < 0 else line_end


def _ref(page: Page, commodity: Commodity, start: int, end: int, quantities: list[Quantity], codes: list[HsCode],
         extractor: str) -> CommodityRef:
    line_start, line_end = _line(page.text, start, end)
    count = _bare_count(page.text, line_start, start, quantities)
    qty = None if count else _nearest(page.text, quantities, start, end, line_start, line_end)
    written = min((h for h in codes if line_start <= h.start < line_end),
                  key=lambda h: abs(h.start - end), default=None)
    hs = written.code if written else (commodity.hs_codes[0] if commodity.hs_codes else None)
    lo, hi = min(start, qty.start) if qty else start, max(end, qty.end) if qty else end
    return CommodityRef(
        text=page.text[start:end], commodity=commodity.name, category=commodity.category, hs_code=hs,
        quantity=qty.value if qty else count, unit=qty.unit if qty else None,
        quantity_si=qty.si_value if qty else count, unit_si=qty.si_unit if qty else ("pcs" if count else None),
        watchlist=commodity.watchlist, page=page.number, start=start, end=end,
        bbox=span_bbox(page.words, lo, hi), extractor=extractor, hs_written=written.code if written else None,
    )


def _nearest(text: str, quantities: list[Quantity], start: int, end: int, lo: int, hi: int) -> Quantity | None:
    """The quantity of the good at [start, end): the nearest on its line that is not a spec (`6 m` tube,
    `take-off mass 900 g`, `10 g/m`, `30 litrelik`) nor bound to another good (`1,500 m of safety fuse`);
    a measure (kg, l, pcs) rather than a bare package count (30 drums) when the line has both."""
    def gap(q: Quantity) -> int:
        return start - q.end if q.end <= start else q.start - end

    def usable(q: Quantity) -> bool:
        if not (lo <= q.start and q.end <= hi and (q.end <= start or q.start >= end)):
            return False
        if SPEC_BEFORE.search(text[max(lo, q.start - 24):q.start]) or SPEC_AFTER.match(text[q.end:q.end + 8]):
            return False
        bound = OF_AFTER.match(text[q.end:q.end + 6])
        return not bound or q.end <= start and gap(q) <= 40

    near = [q for q in quantities if usable(q)]
    measures = [q for q in near if q.si_unit is not None]
    close = [q for q in near if gap(q) <= MAX_QUANTITY_DISTANCE]
    best = min(close, key=lambda q: gap(q) + (40 if q.si_unit is None else 0), default=None)
    if best is not None and best.si_unit is None and measures:
        return min(measures, key=gap)  # `Box 31: 120 bags ... / Box 38: 3,000 kg`
    return best


def _bare_count(text: str, line_start: int, start: int, quantities: list[Quantity]) -> float | None:
    """`500 plain detonators`: a number just before the name (at most two words between, none a unit)
    counts pieces."""
    m = BARE_COUNT.search(text[line_start:start])
    if not m or any(q.start < start and q.end > line_start + m.start() for q in quantities):
        return None
    before = text[line_start:line_start + m.start()].split()
    if before and before[-1][:1].isupper() and not before[-1].endswith(":"):
        return None  # Nokia 105 handsets: a model number
    try:
        value = parse_number(m.group("num").translate(ARABIC_DIGITS).lower())
    except ValueError:
        return None
    return value if value and value == int(value) else None


def lookalike(folded: str, start: int, end: int, commodity: Commodity) -> bool:
    """A catalogue word that does not name the good traded on the line: it only describes another product
    (`phone cases`, `batteries for drones`, `drone için`, `a battery shop`), a toy (`toy drone`), or a
    homograph (`pirinç musluk`, a brass tap; `علب كبريت`, boxes of matches)."""
    before = folded[max(0, start - 24):start]
    after = folded[end:end + 24]
    line_start = folded.rfind("\n", 0, start) + 1
    line = folded[line_start:folded.find("\n", end) if "\n" in folded[end:] else len(folded)]
    if ACCESSORY_AFTER.match(after) or DESCRIBES_BEFORE.search(before) or DESCRIBES_AFTER.match(after) \
            or ACCESSORY_BEFORE_AR.search(before):
        return True
    if commodity.category == "uav_component" or commodity.id == "unmanned_aircraft":
        return bool(TOY.search(line))
    return False


def _by_code(cat: Catalogue, code: str, description: str) -> Commodity | None:
    """The watchlisted good an HS subheading names; where several share it, the one whose English names
    share a word with the line's description (`silver flake pigment` under 7603.20 is the paste)."""
    owners = [c for c in cat.commodities.values() if code in c.hs_codes and c.watchlist]
    if len(owners) <= 1:
        return owners[0] if owners else None
    words = set(re.findall(r"\w+", description))
    scored = [(len(words & _words(cat, c.id)), c.id, c) for c in owners]
    best = max(s[0] for s in scored)
    top = [c for n, _, c in scored if n == best]
    return top[0] if best and len(top) == 1 else None


def _words(cat: Catalogue, commodity_id: str) -> set[str]:
    return {w for syn, cid in cat.by_synonym.items() if cid == commodity_id for w in syn.split() if len(w) > 3}


def _description(text: str, line_start: int, code_start: int) -> tuple[int, int] | None:
    """The words before an HS code on its line (skipping a row number and labels): the goods' description."""
    segment = text[line_start:code_start]
    segment = segment[:CODE_LABEL.search(segment).start()]
    lead = re.match(r"[\s\d.)\-|]*", segment).end()  # a row number
    if not any(c.isalpha() for c in segment[lead:]):
        return None
    return line_start + lead, line_start + len(segment.rstrip())
