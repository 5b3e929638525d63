"""Names to comparison keys: Turkish-aware folding, legal forms set apart, filler words dropped.

`Demir Kimya Sanayi ve Ticaret Ltd. Şti.` and `DEMIR KIMYA SAN. VE TIC. LTD. STI.` both become the core
`demir kimya` with legal form `ltd`; `Demir Tekstil Ltd. Şti.` keeps `tekstil` and so stays apart.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from ..fold import fold

# Words that describe any Turkish trading firm (`San. ve Tic.`, `İthalat İhracat`) and so tell firms apart not at all.
FILLER = {
    "ve", "and", "&", "the", "of", "san", "sanayi", "tic", "ticaret", "ith", "ithalat", "ihr", "ihracat", "paz",
    "pazarlama", "ltd", "sti", "sirketi", "limited", "co", "company", "inc", "corp", "corporation", "llc", "gmbh",
    "as", "sa", "sl", "ag", "plc", "fze", "fzco", "jsc", "bv", "nv", "srl", "spa", "dmcc", "wll", "est",
}
PERSON_PARTICLES = {"mr", "mrs", "ms", "dr", "bay", "bayan", "sayin", "sheikh", "haji", "hajji"}
_PUNCT = re.compile(r"[^\w\s]+")
_ARABIC = re.compile(r"[\u0600-\u06FF]")


@dataclass(frozen=True, slots=True)
class NameKey:
    core: str  # what identifies the name, tokens in order
    legal_forms: frozenset[str]  # e.g. {"ltd"}; empty for persons and places

    @property
    def tokens(self) -> tuple[str, ...]:
        return tuple(self.core.split())


def _ascii(text: str) -> str:
    if _ARABIC.search(text):
        from normality import ascii_text

        return ascii_text(text) or text
    return text


@functools.lru_cache(maxsize=65536)
def name_key(name: str, entity_type: str) -> NameKey:
    folded = _ascii(fold(" ".join(name.split())))
    forms: set[str] = set()
    if entity_type in ("company", "organization"):
        from rigour.names.org_types import extract_org_types, remove_org_types

        forms = {form for _, form in extract_org_types(folded)}
        folded = remove_org_types(folded)
    tokens = _PUNCT.sub(" ", folded).split()
    if entity_type in ("company", "organization"):
        core = [t for t in tokens if t not in FILLER]
    elif entity_type == "person":
        if "," in name:  # `Yılmaz, Mustafa Kemal` is written surname first
            tokens = tokens[1:] + tokens[:1] if len(tokens) > 1 else tokens
        core = [t for t in tokens if t not in PERSON_PARTICLES]
    else:
        core = tokens
    return NameKey(" ".join(core or tokens), frozenset(forms))
