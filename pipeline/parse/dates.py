"""Dates as written on trade documents (European day-first, Turkish and English month names) to ISO 8601."""

from __future__ import annotations

import re
from datetime import date

_MONTH_NAMES = [  # one list per language, January first
    ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
     "november", "december"],
    ["ocak", "şubat", "mart", "nisan", "mayıs", "haziran", "temmuz", "ağustos", "eylül", "ekim", "kasım", "aralık"],
    ["subat", "", "", "", "mayis", "", "", "agustos", "eylul", "", "kasim", "aralik"],
    ["januar", "februar", "märz", "april", "mai", "juni", "juli", "august", "september", "oktober", "november",
     "dezember"],
    ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre",
     "décembre"],
    ["", "fevrier", "", "", "", "", "", "aout", "", "", "", "decembre"],
    ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
     "november", "december"],
]
FULL_MONTHS = {name: i for names in _MONTH_NAMES for i, name in enumerate(names, 1) if name}
# Abbreviations: `Jan`, `Sept`, `Okt`, `Dez`, `Mrt`, `Févr`; `jui` is June or July, so never guessed.
ABBREVIATIONS = {**{name[:3]: i for name, i in FULL_MONTHS.items() if name[:3] not in ("jui", "jul")},
                 "jul": 7, "sept": 9, "mrt": 3, "févr": 2, "janv": 1, "juil": 7, "avr": 4}
NUMERIC = re.compile(r"(?<![\w/.-])(\d{1,4})[./\-](\d{1,2})[./\-](\d{2,4})(?![\w/-]|\.\d)")
NAMED = re.compile(r"\b(\d{1,2})\s*\.?\s*([^\W\d_]{3,9})\.?,?\s+(\d{4})\b")
NAMED_US = re.compile(r"\b([^\W\d_]{3,9})\.?\s+(\d{1,2})\s*,?\s+(\d{4})\b")


def month_number(word: str) -> int | None:
    """1-12 for a month name or abbreviation in English, Turkish, German, French or Dutch."""
    w = word.lower().strip(".")
    if w in FULL_MONTHS or len(w) > 5:  # `Decoded` does not start December
        return FULL_MONTHS.get(w)
    return ABBREVIATIONS.get(w) or ABBREVIATIONS.get(w[:4]) or ABBREVIATIONS.get(w[:3])


def parse_date(text: str, month_first: bool = False) -> str | None:
    """The first date in text as YYYY-MM-DD, or None. Numeric dates are read day first, as in Europe and
    Turkey, unless month_first; a date that only works one way (13/04, 04/13) is read that way."""
    m = NUMERIC.search(text)
    if m:
        a, b, c = m.groups()
        if len(a) == 4:
            if len(c) > 2:
                return None  # `2023/03/0008` is a number, not a date
            y, mo, d = int(a), int(b), int(c)
        else:
            d, mo, y = (int(b), int(a), int(c)) if month_first else (int(a), int(b), int(c))
            if y < 100:
                y += 2000
            if mo > 12 and d <= 12:
                d, mo = mo, d
        return _iso(y, mo, d)
    for m in NAMED.finditer(text):
        if month := month_number(m.group(2)):
            return _iso(int(m.group(3)), month, int(m.group(1)))
    for m in NAMED_US.finditer(text):
        if month := month_number(m.group(1)):
            return _iso(int(m.group(3)), month, int(m.group(2)))
    return None


def _iso(y: int, mo: int, d: int) -> str | None:
    try:
        return date(y, mo, d).isoformat()
    except ValueError:
        return None


def month_first(text: str) -> bool:
    """Whether a document writes numeric dates month first: some date of it only reads that way
    (`11/17/2017`) and none only reads day first (`17/11/2017`)."""
    firsts = seconds = 0
    for m in NUMERIC.finditer(text):
        a, b, c = m.groups()
        if len(a) == 4 or len(c) != 4:
            continue  # only full dates (11/17/2017) say which order a document writes; `03-22/12` is noise
        firsts += int(a) > 12
        seconds += int(b) > 12
    return seconds > 0 and firsts == 0
