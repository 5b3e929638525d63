"""Arabic names by rule: people by the structure of Arabic names, in Arabic script and in Latin letters,
organisations by their head word, places by the GeoNames gazetteer.

A person: a kunya (`Abu Bakr`, `أبو بكر`, `Umm Khalid`), a nasab (`Ahmed bin Salem`, `خالد بن راشد`),
a nisba or family name with the article (`al-Mosuli`, `Al Mansouri`, `البغدادي`) after a given name, or a
name after a title (`الشيخ`, `السيد`). Proclitics (`و`, `ب`, `ل`, `ف`) and the article are cut off a
place (`بالموصل` gives `الموصل`; guideline: `b-Raqqa` gives `Raqqa`).
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
from pathlib import Path

from . import gazetteer

NAMES_FILE = Path(__file__).resolve().parents[2] / "models" / "arabic_names.json"
ARABIC_WORD = re.compile(r"[\u0621-\u063A\u0641-\u064A\u0671-\u06D3\u064B-\u065F\u0670]+")
KUNYA_AR = {"أبو", "ابو", "أبي", "ابي", "أبا", "ابا", "أم", "ام"}
NASAB_AR = {"بن", "ابن", "بنت"}
PROCLITICS = ("وال", "بال", "فال", "كال", "لل", "و", "ب", "ل", "ف", "ك")
MAX_NAME_WORDS = 5
MIN_ONE_WORD = 50000  # many small villages bear the name of a common word (وقف, دور)
MIN_ONE_WORD_REGION = 10000  # in the region the investigations cover, a town of 10,000 (جرابلس)
REGION = frozenset({"TR", "SY", "IQ", "AE", "JO", "LB", "IR", "SA", "QA", "KW", "EG", "YE", "OM", "BH"})

_CAP = r"[A-ZÇĞİÖŞÜ][a-zçğıöşüâîû'’]+"
_ART = r"(?:[Aa]l|[Ee]l)[-\s]"
LATIN_KUNYA = re.compile(rf"\b(?:Abu|Abou|Abo|Ebu|Umm|Um|Ümmü)\s+(?:{_ART})?{_CAP}(?:\s+{_ART}{_CAP})?")
LATIN_NASAB = re.compile(rf"(?:\b{_CAP}\s+(?:{_CAP}\s+)?|(?<![A-Za-z]\s)\b)(?:bin|ibn|bint|Bin|Ibn)\s+{_CAP}"
                         rf"(?:\s+(?:bin|ibn)\s+{_CAP})*(?:\s+{_ART}{_CAP})?")
LATIN_NISBA = re.compile(rf"\b{_CAP}(?:\s+{_CAP})?\s+(?:al|el)-{_CAP}")


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int
    kind: str  # person | place | organization | company
    rule: str


@functools.cache
def _lists() -> dict[str, frozenset[str]]:
    data = json.loads(NAMES_FILE.read_text("utf-8"))
    return {k: frozenset(v) for k, v in data.items() if isinstance(v, list)}


@functools.cache
def _stop() -> frozenset[str]:
    from spacy.lang.ar.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS) | {"قال", "وقال", "اعلن", "أعلن", "امس", "أمس", "اليوم", "عام", "خلال", "بعد", "قبل"}


def latin_arabic_names(text: str) -> list[Span]:
    """Arabic personal names in Latin letters: kunya, nasab, and given name + nisba."""
    given = _lists()["given_latin"]
    spans: list[Span] = []
    for pattern, rule in ((LATIN_KUNYA, "kunya"), (LATIN_NASAB, "nasab"), (LATIN_NISBA, "nisba")):
        for m in pattern.finditer(text):
            if rule == "nisba" and m.group(0).split()[0] not in given:
                continue
            start, end = m.span()
            if not any(s.start < end and start < s.end for s in spans):
                spans.append(Span(start, end, "person", f"latin_{rule}"))
    return sorted(spans, key=lambda s: s.start)


def arabic_script_entities(text: str, places: bool = True, rules: bool = True) -> list[Span]:
    """People, organisations and places in Arabic script; `places` alone is the gazetteer baseline."""
    words = [(m.start(), m.end(), m.group(0)) for m in ARABIC_WORD.finditer(text)]
    taken = [False] * len(words)
    spans: list[Span] = []

    def claim(i: int, j: int, kind: str, rule: str, cut: int = 0) -> None:
        spans.append(Span(words[i][0] + cut, words[j - 1][1], kind, rule))
        for k in range(i, j):
            taken[k] = True

    if rules:
        _organisations(words, text, taken, claim)
        _people(words, text, taken, claim)
    if places:
        _places(words, text, taken, claim)
    return sorted(spans, key=lambda s: s.start)


def _joined(words, i: int, j: int, text: str) -> bool:
    """Words i..j-1 sit on one line with nothing but spaces between them."""
    return all(not text[words[k][1]:words[k + 1][0]].strip() for k in range(i, j - 1))


def _organisations(words, text, taken, claim) -> None:
    heads, companies, stop = _lists()["org_heads_ar"], _lists()["company_heads_ar"], _stop()
    for i, (_, _, w) in enumerate(words):
        if taken[i] or _bare(w) not in heads:
            continue
        j = i + 1
        while j < len(words) and j - i <= 4 and _joined(words, i, j + 1, text) and words[j][2] not in stop:
            prev, cur = words[j - 1][2], words[j][2]
            if j > i + 1 and not cur.startswith(("ال", "لل")) and _bare(words[i][2]) not in companies:
                break
            if j > i + 1 and prev.startswith("لل") and not cur.endswith(("ة", "ية", "ي")):
                break  # شركة النور للتجارة العامة, but not شركة النور للتجارة العقد
            j += 1
        if j > i + 1:
            kind = "company" if _bare(w) in companies else "organization"
            claim(i, j, kind, "org_head", len(w) - len(_bare(w)))


def _people(words, text, taken, claim) -> None:
    lists, stop = _lists(), _stop()
    given, titles = lists["given_ar"], lists["titles_ar"]

    def name_word(k: int) -> bool:
        return k < len(words) and not taken[k] and words[k][2] not in stop and words[k][2] not in titles

    for i, (_, _, w) in enumerate(words):
        if taken[i]:
            continue
        start, j = None, i
        if w in KUNYA_AR and name_word(i + 1):
            start, j = i, i + 2
        elif name_word(i) and i + 2 < len(words) and words[i + 1][2] in NASAB_AR and name_word(i + 2):
            start, j = i, i + 3
            while j + 1 < len(words) and words[j][2] in NASAB_AR and name_word(j + 1):
                j += 2
        elif w in titles and name_word(i + 1):
            k = i + 1
            while k < len(words) and k - i <= 2 and _nisba_adjective(words[k][2]):
                k += 1  # الرئيس الامريكي جورج بوش: the adjective is not the name
            if name_word(k) and not words[k][2].startswith("ال"):
                start, j = k, k + 1
                if name_word(j) and words[j][2] not in NASAB_AR:
                    j += 1
        elif _bare(w) in given and name_word(i):
            start, j = i, i + 1
            if name_word(j) and (words[j][2] in given or not words[j][2].startswith("و")):
                j += 1
        if start is None or not _joined(words, start, j, text):
            continue
        while name_word(j) and j - start < MAX_NAME_WORDS and _nisba(words[j][2]) \
                and _joined(words, start, j + 1, text):
            j += 1  # the nisba: أبو بكر البغدادي
        claim(start, j, "person", "arabic_name")


def _places(words, text, taken, claim) -> None:
    stop, given = _stop(), _lists()["given_ar"]
    i = 0
    while i < len(words):
        hit = None
        for n in (3, 2, 1):
            j = i + n
            if j > len(words) or any(taken[i:j]) or not _joined(words, i, j, text):
                continue
            for cut in _clitic_cuts(words[i][2]):
                phrase = text[words[i][0] + cut:words[j - 1][1]]
                bare = phrase.split()[0]
                if n == 1 and (bare in stop or bare in given or len(gazetteer.place_key(phrase)) < 3):
                    continue
                place = gazetteer.lookup(phrase)
                if place and (place.kind == "country" or place.population >= _min_population(place.country, n)):
                    hit = (j, cut)
                    break
            if hit:
                break
        if hit:
            claim(i, hit[0], "place", "gazetteer", hit[1])
            i = hit[0]
        else:
            i += 1


def _min_population(country: str, words: int) -> int:
    if words > 1:
        return 1000
    return MIN_ONE_WORD_REGION if country in REGION else MIN_ONE_WORD


def _clitic_cuts(word: str) -> list[int]:
    """Offsets at which the word may start after a proclitic: 0 first, then `و`, `ب`, `لل` (keeping ال)."""
    cuts = [0]
    for p in PROCLITICS:
        if word.startswith(p) and len(word) - len(p) >= 3:
            cuts.append(2 if p == "لل" else 1)  # بالموصل gives الموصل; للموصل gives موصل
    return list(dict.fromkeys(cuts))


def _bare(word: str) -> str:
    """A head word without the conjunction or preposition glued to it (`وشركة` gives `شركة`)."""
    for p in ("و", "ب", "ل", "ف"):
        if word.startswith(p) and len(word) > 3 and word[1:] in _lists()["org_heads_ar"] | _lists()["given_ar"]:
            return word[1:]
    return word


def _nisba(word: str) -> bool:
    """A nisba, the name of origin or tribe after a name: البغدادي, الحلبي, التكريتي."""
    return word.startswith("ال") and word.endswith("ي") and len(word) > 4


def _nisba_adjective(word: str) -> bool:
    """A definite adjective of origin (`الامريكي`, `الفلسطينية`), which follows titles and heads."""
    return word.startswith("ال") and (word.endswith(("ي", "ية", "يه")) and len(word) > 5)
