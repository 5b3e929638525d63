"""Whether two names of one type are the same entity: name parts aligned with rapidfuzz and weighted by
how rare each part is, legal forms compared as a type, countries where known.

The score is the share of the evidence that agrees: a matched part counts by its rarity (`Şahinbey`
says more than `Mehmet`), a part the other name simply lacks counts against by its rarity too
(`Trading`, `Electronics` come and go), but when both names have parts the other lacks
(`Demir Kimya` against `Demir Tekstil`, `Ahmet` against `Mustafa Kemal`) those parts count in full,
and so does any part one person's name has and the other's lacks.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable

from rapidfuzz.distance import Indel, Levenshtein

from .normalize import SECTOR_WORDS, NameKey, skeleton

PLACE_PRIOR = 20
THRESHOLD = {"company": 0.80, "organization": 0.80, "person": 0.80, "place": 0.90}
TOKEN_MATCH = 0.85  # two parts below this similarity do not match at all (`demir`/`demirci`: 0.83)
# Legal forms that name the same kind of firm in the same place: `Ltd` and `LLC`, a Gulf `LLC` and `FZE`.
EQUIVALENT = [
    frozenset({"ltd", "llc", "pvt", "pty"}),
    frozenset({"llc", "fze", "fzco", "fzllc", "dmcc", "fzc"}),
]
# Kinds of firm: private limited (`Ltd`, `GmbH`, `B.V.`), joint-stock (`A.Ş.`, `AG`, `N.V.`), partnership.
KINDS = [
    frozenset({"ltd", "llc", "gmbh", "bv", "sarl", "srl", "sl", "pty", "kft", "ooo", "sro", "spzoo", "pvt", "bhd",
               "fze", "fzco", "fzllc", "dmcc", "fzc"}),
    frozenset({"as", "sa", "ag", "nv", "jsc", "plc", "spa", "ab", "oy", "asa", "pjsc", "ojsc", "cjsc", "tas"}),
    frozenset({"kg", "ohg", "lp", "llp", "kollektif", "komandit", "snc", "gbr", "vof", "cv"}),
]
GENERIC_FORMS = frozenset({"co", "inc", "corp", "group", "holding"})  # say nothing about the kind
# Forms of one jurisdiction: a firm's `N.V.` and `B.V.`, or `A.Ş.` and `Ltd. Şti.`, are one group, often
# written loosely for each other.
JURISDICTIONS = [frozenset({"nv", "bv", "vof", "cv"}), frozenset({"as", "ltd", "koll", "kom"}),
                 frozenset({"gmbh", "ag", "kg", "ohg", "ug", "se"}), frozenset({"sa", "sarl", "sas", "snc"}),
                 frozenset({"ltd", "plc", "llp", "lp"}), frozenset({"spa", "srl", "snc", "sas"})]
# The factor on the score of two forms alike in kind or in jurisdiction but not both (a `GmbH` and a
# `B.V.`; an `N.V.` and a `B.V.`); forms alike in neither (a `GmbH` and an `A.Ş.`) are two firms.
HALF_COMPATIBLE = 0.95
KNOWN_FORMS = frozenset().union(*EQUIVALENT, *KINDS, *JURISDICTIONS)
# Parts so common in trade-document names that they say little even in a small store (a prior count).
COMMON = dict.fromkeys((
    "mehmet mohammed muhammad mohamed mohammad ahmet ahmed ali hasan hassan huseyin hussein mustafa "
    "abdullah omar umar ibrahim ismail yusuf osman mahmoud mahmut abu abd khalid halil ayse fatma "
    "emine hatice zeynep ozturk yilmaz kaya demir sahin celik yildiz yildirim aydin arslan dogan kilic "
    "john james david michael robert smith jones brown "
    "kimya tekstil gida insaat otomotiv elektronik electronics elektrik tarim enerji lojistik nakliyat "
    "trading trade international intl global group holding industries industry industrial general "
    "import export services service logistics shipping transport petrol petroleum chemicals chemical "
    "gida turizm madencilik plastik metal mining construction technology technologies systems "
    "middle east gulf turkey turk anatolia anadolu istanbul dubai new"
).split(), 40)


COMMON.update(dict.fromkeys("koninklijke royal te de la le van der von und et uk us nl eu".split(), 40))


@functools.lru_cache(maxsize=1)
def _places() -> frozenset[str]:
    """One-word names of cities (GeoNames, over 15,000 people) and countries, folded: a place in a firm's
    name (`Akzo Nobel Arnhem`) says where, not who."""
    from ..extract.gazetteer import place_words

    return place_words()


@functools.lru_cache(maxsize=1 << 18)
def prior(token: str) -> int:
    """How many entities a part is assumed to be shared by before any are counted."""
    return COMMON.get(token, PLACE_PRIOR if token in _places() else 0)


def default_weight(token: str) -> float:
    """A part's weight with no store to count in: rarer is heavier."""
    return rarity(prior(token))


def rarity(count: int) -> float:
    """The weight of a part that this many entities hold: 1 for a unique one, falling slowly."""
    return 1.0 / math.log2(2 + count)


def forms_factor(x: frozenset[str], y: frozenset[str]) -> float:
    """1 when two sets of legal forms can name the same firm (no form on one side says nothing),
    HALF_COMPATIBLE when they are alike in kind or in jurisdiction only, else 0."""
    x, y = x & KNOWN_FORMS, y & KNOWN_FORMS
    if not x or not y or x & y or any(x & g and y & g for g in EQUIVALENT):
        return 1.0
    return HALF_COMPATIBLE if any(x & g and y & g for g in KINDS + JURISDICTIONS) else 0.0


@functools.lru_cache(maxsize=1 << 20)
def token_similarity(x: str, y: str, arabic: bool, person: bool) -> float:
    """0..1: Indel ratio; consonant skeletons for Arabic names; `Rob`/`Robert` and initials for persons."""
    if x == y or SECTOR_WORDS.get(x, x) == SECTOR_WORDS.get(y, y):
        return 1.0
    sim = Indel.normalized_similarity(x, y)
    if sim < TOKEN_MATCH and min(len(x), len(y)) >= 5 and Levenshtein.distance(x, y, score_cutoff=1) <= 1:
        sim = TOKEN_MATCH  # one letter wrong in a long part: a typo or an OCR slip (`nobel`/`novel`)
    if arabic and sim < 0.9 and len(x) > 2 and len(y) > 2:
        sx, sy = skeleton(x), skeleton(y)
        if sx == sy and len(sx) >= 2:
            sim = 0.9
    if person and sim < TOKEN_MATCH:
        short, long_ = sorted((x, y), key=len)
        if (len(short) == 1 or 3 <= len(short) <= 4) and long_.startswith(short):
            sim = 0.85
    return sim


def score(a: NameKey, b: NameKey, entity_type: str, weight: Callable[[str], float] = default_weight,
          countries: tuple[str | None, str | None] = (None, None)) -> float:
    """0..1 similarity of two keys of one type; 0 when legal forms or countries say they cannot be one."""
    factor = forms_factor(a.legal_forms, b.legal_forms)
    if not factor:
        return 0.0
    if countries[0] and countries[1] and countries[0] != countries[1]:
        return 0.0
    if a.core == b.core:
        return factor
    ta, tb = a.tokens, b.tokens
    if "".join(ta) == "".join(tb):  # `Nord Chem` and `Nordchem`
        return 0.98 * factor
    arabic, person = a.arabic or b.arabic, entity_type == "person"
    pairs = sorted(((token_similarity(x, y, arabic, person), i, j) for i, x in enumerate(ta)
                    for j, y in enumerate(tb)), reverse=True)
    used_a: set[int] = set()
    used_b: set[int] = set()
    agree = against = 0.0
    for sim, i, j in pairs:
        if sim < TOKEN_MATCH:
            break
        if i in used_a or j in used_b:
            continue
        used_a.add(i)
        used_b.add(j)
        w = weight(ta[i]) + weight(tb[j])
        agree += sim * w
        against += (1.0 - sim) * w
    left_a = [t for i, t in enumerate(ta) if i not in used_a]
    left_b = [t for j, t in enumerate(tb) if j not in used_b]
    # Parts on both sides that found no match are a conflict and count in full; so does any part a person's
    # name lacks (`Ali Hassan` is not `Mohammed Ali Hassan` on names alone).
    full = bool(left_a and left_b) or person
    against += sum(1.0 if full else weight(t) for t in left_a + left_b)
    return round(factor * agree / (agree + against), 4) if agree else 0.0


def is_match(a: NameKey, b: NameKey, entity_type: str, weight: Callable[[str], float] = default_weight) -> bool:
    return score(a, b, entity_type, weight) >= THRESHOLD.get(entity_type, 0.80)
