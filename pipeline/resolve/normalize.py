"""Names to comparison keys: Turkish-aware folding, other scripts transliterated, legal forms set apart
as a type, filler words dropped, Arabic particles and person name order handled.

`Demir Kimya Sanayi ve Ticaret Ltd. Şti.` and `DEMIR KIMYA SAN. VE TIC. LTD. STI.` both become the core
`demir kimya` with the legal form `ltd`; `Demir Tekstil Ltd. Şti.` keeps `tekstil` and so stays apart.
`أبو بكر الموصلي` becomes `abu bkr mwsly`, and its skeleton (consonants) meets `Abu Bakir al Mawsili`'s.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from ..fold import fold

# Words that describe any Turkish trading firm (`San. ve Tic.`, `İthalat İhracat`) and so tell firms apart not at all.
FILLER = frozenset({
    "ve", "and", "&", "the", "of", "san", "sanayi", "tic", "ticaret", "ith", "ithalat", "ihr", "ihracat", "paz",
    "pazarlama", "ltd", "sti", "sirketi", "limited", "co", "company", "inc", "corp", "corporation", "llc", "gmbh",
    "as", "sa", "sl", "ag", "plc", "fze", "fzco", "jsc", "bv", "nv", "srl", "spa", "dmcc", "wll", "est", "dis",
    # the same words in Arabic, transliterated: شركة (company), مؤسسة (establishment), للتجارة (for trade)
    "societe", "dite", "firma", "te",
    "shrkt", "shrk", "sharikat", "mwsst", "mwssst", "lltjart", "ltjart", "tjart", "wltjart", "llstyrad",
})
PERSON_TITLES = frozenset({"mr", "mrs", "ms", "dr", "bay", "bayan", "sayin", "sheikh", "shaikh", "haji", "hajji",
                           "eng", "prof", "sir", "madam", "mme", "herr", "frau"})
ARABIC_ARTICLES = frozenset({"al", "el", "ul", "ad", "ar", "as", "ash", "at", "az", "an"})
ARABIC_LINKS = frozenset({"bin", "ibn", "bn", "bint", "ben", "binti"})  # `son of`: says nothing about who
ARABIC_MARKERS = frozenset({"abu", "abou", "abo", "abd", "abdul", "abdel", "bin", "ibn", "bint", "al", "el"})
# Turkish company forms rigour reads differently, and rigour's compare forms folded to one spelling each.
_TR_FORMS = [(re.compile(r"\banonim\s+sirketi\b"), " as "), (re.compile(r"\blimited\s+sirketi\b"), " ltd "),
             (re.compile(r"\bnaamloo?ze\s+vennootschap\b"), " nv "),
             (re.compile(r"\bbesloten\s+vennootschap\b"), " bv "), (re.compile(r"\ba\.?\s?s\.?$"), " as ")]
_FORM_ALIASES = {"sti": "ltd", "dis tic ltd": "ltd", "gmbhcokg": "gmbh", "limited": "ltd", "company": "co",
                 "corporation": "corp", "incorporated": "inc", "fzc": "fzco", "coltd": "ltd"}
_SPACED = re.compile(r"\b(?:\w[ .]+){1,4}\w\b\.?")  # `N. V.`, `B V`, `D S M`: single letters written apart
# A firm's line of business is written in Turkish or in English on the same firm's papers: one word for both.
SECTOR_WORDS = {
    "chemicals": "kimya", "chemical": "kimya", "textile": "tekstil", "textiles": "tekstil", "food": "gida",
    "foods": "gida", "construction": "insaat", "electronics": "elektronik", "electronic": "elektronik",
    "logistics": "lojistik", "petroleum": "petrol", "machinery": "makina", "makine": "makina",
    "medical": "medikal", "plastics": "plastik", "automotive": "otomotiv", "agriculture": "tarim",
    "mining": "madencilik", "energy": "enerji", "tourism": "turizm", "furniture": "mobilya",
}
_PUNCT = re.compile(r"[^\w\s]+")
_LATIN = re.compile(r"^[\x00-\x7f]*$")


@dataclass(frozen=True, slots=True)
class NameKey:
    """What a name is compared by: its core tokens, its legal forms, and whether it reads as Arabic."""

    core: str  # what identifies the name, tokens in order
    legal_forms: frozenset[str]  # e.g. {"ltd"}; empty for persons and places
    arabic: bool = False  # Arabic script or Arabic name particles: compare consonant skeletons too

    @property
    def tokens(self) -> tuple[str, ...]:
        return tuple(self.core.split())

    @property
    def forms(self) -> str:
        return ",".join(sorted(self.legal_forms))


@functools.lru_cache(maxsize=4)
def _transliterator(rules: str):  # type: ignore[no-untyped-def]
    import icu

    return icu.Transliterator.createInstance(rules)


def to_latin(text: str) -> str:
    """Folded Latin text: Turkish İ/ı/I/i to i, diacritics gone; other scripts transliterated by ICU."""
    if text.isascii():
        return text.lower()
    folded = fold(text)
    if _LATIN.match(folded):
        return folded
    words = []
    for word in folded.split():
        if _LATIN.match(word):
            words.append(word)
            continue
        latin = _transliterator("Any-Latin; Latin-ASCII; Lower").transliterate(word)
        latin = ("a" + latin[1:] if latin.startswith("ʿ") else latin).replace("ʿ", "").replace("ʾ", "").replace("'", "")
        if word.startswith("ال") and latin.startswith("al") and len(latin) > 3:
            latin = "al " + latin[2:]  # the article written into the word: الموصلي, al mwsly
        words.append(latin)
    return " ".join(words)


@functools.lru_cache(maxsize=1 << 16)
def skeleton(token: str) -> str:
    """A token's consonants, for names transliterated from Arabic: `mosuli`, `mawsili` and `mwsly` all `msl`."""
    t = token.replace("kh", "k").replace("gh", "g").replace("sh", "s").replace("th", "t").replace("dh", "d")
    t = t.replace("ph", "f").replace("ou", "u").replace("q", "k").replace("c", "k").replace("j", "g")
    t = t.replace("z", "s").replace("v", "f").replace("p", "b")
    out = [c for c in t if c not in "aeiouwyh"] or [t[:1]]
    return "".join(c for i, c in enumerate(out) if i == 0 or c != out[i - 1])


def _arabic_tokens(tokens: list[str]) -> list[str]:
    """Arabic particles: articles dropped, `bin`/`ibn` dropped, `Abd al-Rahman`/`Abdulrahman` to `abdrahman`."""
    out: list[str] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        if tok in ("abd", "abdul", "abdel", "abdal", "abdu") and nxt:
            j = i + 2 if nxt in ARABIC_ARTICLES and i + 2 < len(tokens) else i + 1
            out.append("abd" + tokens[j])
            i = j + 1
            continue
        for pre in ("abdul", "abdel", "abdal", "abdur", "abdar", "abdus", "abdas"):
            if tok.startswith(pre) and len(tok) > len(pre) + 2:
                tok = "abd" + tok[len(pre):]
                break
        if tok in ("abou", "abo", "abw"):
            tok = "abu"
        if tok not in ARABIC_ARTICLES and tok not in ARABIC_LINKS:
            out.append(tok)
        i += 1
    return out or tokens


def _legal_forms(text: str) -> tuple[str, set[str]]:
    from rigour.names.org_types import extract_org_types, remove_org_types

    for pattern, repl in _TR_FORMS:
        text = pattern.sub(repl, text)
    forms: set[str] = set()
    for _ in range(2):  # again once single letters written apart are joined: `N. V.` is `nv`
        forms |= {_FORM_ALIASES.get(form, form) for _, form in extract_org_types(text)}
        text = _SPACED.sub(lambda m: " " + re.sub(r"[ .]", "", m.group()) + " ", remove_org_types(text))
    return text, forms


@functools.lru_cache(maxsize=65536)
def name_key(name: str, entity_type: str) -> NameKey:
    """The comparison key of one spelling of a name of a given type."""
    raw = " ".join(name.split())
    arabic_script = not raw.isascii() and not _LATIN.match(fold(raw))
    text = to_latin(raw)
    forms: set[str] = set()
    if entity_type in ("company", "organization"):
        text, forms = _legal_forms(text)
    if entity_type == "person" and raw.count(",") == 1:
        last, first = text.split(",", 1)  # `Yılmaz, Mustafa Kemal` is written surname first
        text = f"{first} {last}"
    tokens = _PUNCT.sub(" ", text.replace("'", "")).split()
    arabic = arabic_script or any(t in ARABIC_MARKERS or t.startswith(("abd", "abu")) for t in tokens) or any(
        t.startswith(("al-", "el-")) for t in text.split())
    if arabic:
        tokens = _arabic_tokens(tokens)
    if entity_type in ("company", "organization"):
        core = [t for t in tokens if t not in FILLER]
    elif entity_type == "person":
        core = [t for t in tokens if t not in PERSON_TITLES]
    else:
        core = tokens
    return NameKey(" ".join(core or tokens), frozenset(forms), arabic)
