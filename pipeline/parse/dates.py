"""Dates as written on trade documents (European day-first, Turkish and English month names) to ISO 8601."""

from __future__ import annotations

import re
from datetime import date

MONTHS = {
    **{m: i for i, m in enumerate(["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1)},
    **{m: i for i, m in enumerate(["ocak", "şubat", "mart", "nisan", "mayıs", "haziran", "temmuz", "ağustos",
                                   "eylül", "ekim", "kasım", "aralık"], 1)},
    "subat": 2, "mayis": 5, "agustos": 8, "eylul": 9, "kasim": 11, "aralik": 12, "sept": 9,
}
NUMERIC = re.compile(r"\b(\d{1,4})[./\-](\d{1,2})[./\-](\d{2,4})\b")
NAMED = re.compile(r"\b(\d{1,2})\s*\.?\s*([A-Za-zçğıöşüÇĞİÖŞÜ]{3,9})\.?,?\s+(\d{4})\b")
NAMED_US = re.compile(r"\b([A-Za-z]{3,9})\.?\s+(\d{1,2}),?\s+(\d{4})\b")


def parse_date(text: str, month_first: bool = False) -> str | None:
    """The first date in text as YYYY-MM-DD, or None. Numeric dates are read day first, as in Europe and
    Turkey, unless month_first; a date that only works one way (13/04, 04/13) is read that way."""
    m = NUMERIC.search(text)
    if m:
        a, b, c = m.groups()
        if len(a) == 4:
            y, mo, d = int(a), int(b), int(c)
        else:
            d, mo, y = (int(b), int(a), int(c)) if month_first else (int(a), int(b), int(c))
            if y < 100:
                y += 2000
            if mo > 12 and d <= 12:
                d, mo = mo, d
        return _iso(y, mo, d)
    m = NAMED.search(text)
    if m:
        month = MONTHS.get(m.group(2).lower()[:3]) or MONTHS.get(m.group(2).lower())
        if month:
            return _iso(int(m.group(3)), month, int(m.group(1)))
    m = NAMED_US.search(text)
    if m:
        month = MONTHS.get(m.group(1).lower()[:3])
        if month:
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
