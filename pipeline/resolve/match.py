"""Whether two names of one type are the same entity: rapidfuzz on keys, legal forms as a type."""

from __future__ import annotations

from rapidfuzz import fuzz

from .normalize import NameKey

THRESHOLD = {"company": 92.0, "organization": 92.0, "person": 90.0, "place": 95.0}
# Families of legal forms that may name the same firm (`Ltd` and `Ltd. Şti.` do; `GmbH` and `A.Ş.` do not).
COMPATIBLE = [{"ltd", "sti", "llc", "plc", "co"}, {"as", "sa", "ag", "jsc"}, {"gmbh"}, {"fze", "fzco", "llc"}]


def score(a: NameKey, b: NameKey, entity_type: str) -> float:
    """0..100 similarity of two keys; 0 when their legal forms cannot name the same firm."""
    if a.legal_forms and b.legal_forms and not _compatible(a.legal_forms, b.legal_forms):
        return 0.0
    if a.core == b.core:
        return 100.0
    if entity_type == "person":
        if len(a.tokens) != len(b.tokens):
            # A shared surname is not a match: `Ahmet Yılmaz` vs `Mustafa Kemal Yılmaz`.
            return fuzz.ratio(a.core, b.core)
        # Every name part must be close on its own: `Demir` and `Demirci` are different families.
        weakest = min(fuzz.ratio(x, y) for x, y in zip(sorted(a.tokens), sorted(b.tokens)))
        return min(weakest, fuzz.token_sort_ratio(a.core, b.core))
    return fuzz.token_sort_ratio(a.core, b.core)


def is_match(a: NameKey, b: NameKey, entity_type: str) -> bool:
    return score(a, b, entity_type) >= THRESHOLD.get(entity_type, 92.0)


def _compatible(x: frozenset[str], y: frozenset[str]) -> bool:
    if x & y:
        return True
    return any(x & fam and y & fam for fam in COMPATIBLE)
