"""Names found by rule on a page: places from the GeoNames gazetteer, Arabic personal names in Latin letters,
and people, organisations and places in Arabic script (see arabic.py)."""

from __future__ import annotations

import re

from ..model import EntityType, Mention, Page
from ..model import span_bbox
from . import gazetteer
from . import arabic
from .arabic import Span, arabic_script_entities, latin_arabic_names

# Towns found by the gazetteer alone (no model said "place") are taken only in the region the project's
# investigations cover and only above a size: GeoNames has a Nokia in Finland and a Mobile in Alabama.
REGION = arabic.REGION
MIN_TOWN = 5000
MIN_CITY = 100_000  # outside the region, a model's ORG is taken for a place only when it is a city
# A capitalised word or two (Turkish letters too; `AkCakale` as OCR writes it), with an optional case suffix.
CANDIDATE = re.compile(r"(?<![\w'’])([A-ZÇĞİÖŞÜ][A-Za-zÇĞİÖŞÜçğıöşüâîû]{3,}(?:[ -][A-ZÇĞİÖŞÜ][a-zçğıöşüâîû]{2,})?)"
                       r"(?:['’][a-zçğıöşü]{1,6})?(?![\w])")
# Adjectives of nationality are not places (a village somewhere is called Iraqi).
DEMONYMS = frozenset({"iraqi", "syrian", "turkish", "kurdish", "arab", "arabic", "emirati", "saudi", "iranian",
                      "lebanese", "jordanian", "egyptian", "qatari", "kuwaiti", "omani", "yemeni", "bahraini", "israeli",
                      "palestinian", "chinese", "russian", "american", "british", "german", "french", "türk", "suriyeli",
                      "iraklı", "arap", "kürt"})
GAZETTEER = "geonames.v1"
RULES = "arabic_names.v1"
ARABIC_SCRIPT = "arabic_script.v1"


def rule_mentions(page: Page) -> list[Mention]:
    """Places, people and organisations found by the gazetteer and the Arabic name rules on one page."""
    arabic = arabic_script_entities(page.text)
    spans = arabic + latin_arabic_names(page.text) + _latin_places(page.text)
    out: list[Mention] = []
    for s in sorted(spans, key=lambda s: (s.start, -s.end)):
        if any(o.start < s.end and s.start < o.end for o in out):
            continue
        text = page.text[s.start:s.end]
        extractor = ARABIC_SCRIPT if s in arabic else GAZETTEER if s.rule == "gazetteer" else RULES
        kind: EntityType = s.kind  # type: ignore[assignment]
        out.append(Mention(text, kind, s.rule, page.number, s.start, s.end, span_bbox(page.words, s.start, s.end),
                           0.7 if s.rule == "gazetteer" else 0.75, extractor))
    return out


def as_place(m: Mention, region_only: bool = False) -> Mention:
    """A model's ORG whose whole name is a known place by its own GeoNames name (`Gaziantep`, `AkCakale`)
    becomes a place; so does a one-word PERSON that is a town of the region (`Akçakale`). Countries and
    towns elsewhere stay people: Jordan, Austin and Houston are names of people too. `region_only`: an
    ORG named after a city outside the region stays an ORG (the Turkish model, trained on prose where
    `Barcelona` and `Liverpool` are clubs and given GeoNames as features, is trusted there)."""
    if m.entity_type == "person" and " " not in m.text.strip():
        place = gazetteer.lookup(m.text)
        if place and place.kind == "city" and place.country in REGION and place.population >= MIN_TOWN \
                and _own_name(m.text, place):
            return Mention(m.text, "place", m.label, m.page, m.start, m.end, m.bbox, m.confidence, m.extractor)
        return m
    if m.entity_type != "company" or not _is_town(m.text, region_only):
        return m
    return Mention(m.text, "place", m.label, m.page, m.start, m.end, m.bbox, m.confidence, m.extractor)


def _is_town(name: str, region_only: bool = False) -> bool:
    place = gazetteer.lookup(name)
    if place is None or not _own_name(name, place):
        return False
    if place.kind == "country":
        return True
    if region_only and place.country not in REGION:
        return False
    return place.population >= (MIN_TOWN if place.country in REGION else MIN_CITY)


def _own_name(name: str, place: gazetteer.GeoPlace) -> bool:
    """The name is the place's own GeoNames name (Akçakale, Akcakale, AKCAKALE) or, for a country, one of
    its names; an alternate name of a town (a town somewhere is also called `Google`) is not enough."""
    return place.kind == "country" or gazetteer.place_key(name) == gazetteer.place_key(place.name)


def _latin_places(text: str) -> list[Span]:
    spans = []
    for m in CANDIDATE.finditer(text):
        name = m.group(1)
        place = gazetteer.lookup(name)
        if place is None and " " in name:
            name = name.split()[0]
            place = gazetteer.lookup(name)
        if place is None or place.country not in REGION or not _own_name(name, place) or name.lower() in DEMONYMS:
            continue
        if place.kind == "city" and place.population < MIN_TOWN:
            continue
        spans.append(Span(m.start(1), m.start(1) + len(name), "place", "gazetteer"))
    return spans
