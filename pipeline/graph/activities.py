"""What a business does, read from what documents say about it, and which goods fit that: its
registry code (`NACE: 47.42`, `Faaliyet kodu: 474201`), its stated activity (`Business: retail of mobile
phones`, `Faaliyet alanı: ...`, `النشاط: ...`), the words of its name (`Telefon`, `Tekstil`, `Kimya`,
`للاتصالات`), and, where none of those says anything, what else it buys. The table is
`models/activities.json`; words like `Ticaret` or `General Trading` say nothing either way."""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
from pathlib import Path

from ..fold import fold
from .model import Evidence

ACTIVITIES_FILE = Path(__file__).resolve().parents[2] / "models" / "activities.json"
ACTIVITIES_VERSION = "activities.v1"
CONFIDENCE = {"registry": 1.0, "statement": 0.9, "name": 0.8, "purchases": 0.6}
NACE = re.compile(r"\bNACE(?:\s*Rev\.?\s*2)?(?:\s*(?:code|kodu))?\s*[:#]?\s*(?P<code>\d{2}(?:\.\d{1,2})?)"
                  r"|faaliyet\s+kodu\s*[:#]?\s*(?P<tr>\d{6})", re.IGNORECASE)
STATEMENT = re.compile(r"^\s*(?:business|activity|main activity|line of business|sector|faaliyet(?:\s+alan[ıi]"
                       r"|\s+konusu)?|sekt[öo]r|i[şs]tigal\s+konusu|النشاط|نشاط الشركة)\s*[:：]\s*(?P<text>.+)$",
                       re.IGNORECASE | re.MULTILINE)
ARABIC_PREFIX = re.compile(r"^(?:وال|بال|لل|ال|و)(?=\w{3})")


@dataclass(frozen=True, slots=True)
class Activity:
    id: str
    name: str
    categories: frozenset[str]
    commodities: frozenset[str]
    keywords: tuple[str, ...]  # folded
    nace: tuple[str, ...]

    def fits(self, commodity: str, category: str | None) -> bool:
        return "*" in self.categories or category in self.categories or commodity in self.commodities


@dataclass(frozen=True, slots=True)
class ActivityReading:
    """One activity a business is read to have, how, and where it was read."""

    activity: Activity
    how: str  # registry | statement | name | purchases
    text: str  # what was read: the code, the statement, the name
    evidence: Evidence | None

    @property
    def confidence(self) -> float:
        return CONFIDENCE[self.how]


@dataclass(frozen=True, slots=True)
class Table:
    activities: tuple[Activity, ...]
    neutral: tuple[str, ...]


def _key(text: str) -> str:
    tokens = re.findall(r"\w+", fold(text))
    return " ".join(ARABIC_PREFIX.sub("", tok) for tok in tokens)


@functools.cache
def load_table(path: Path = ACTIVITIES_FILE) -> Table:
    data = json.loads(path.read_text("utf-8"))
    activities = tuple(
        Activity(a["id"], a["name"], frozenset(a["categories"]), frozenset(a["commodities"]),
                 tuple(dict.fromkeys(_key(k) for words in a["keywords"].values() for k in words)), tuple(a["nace"]))
        for a in data["activities"])
    neutral = tuple(_key(k) for words in data["neutral"].values() for k in words)
    return Table(activities, neutral)


def _matches(keyword: str, key: str) -> bool:
    if " " in keyword:
        return f" {keyword} " in f" {key} "
    # A Turkish word takes suffixes (`kimyevi`, `tekstilcilik`): a long keyword may start a word.
    return any(tok == keyword or (len(keyword) >= 5 and tok.startswith(keyword)) for tok in key.split())


def activities_in(text: str, table: Table | None = None) -> list[Activity]:
    """The activities whose words a name or a statement uses."""
    table = table or load_table()
    key = _key(text)
    return [a for a in table.activities if any(_matches(k, key) for k in a.keywords)]


def activities_of_code(code: str, table: Table | None = None) -> list[Activity]:
    """The activities a NACE code (`47.42`, `13`, `474201`) falls under."""
    table = table or load_table()
    if re.fullmatch(r"\d{6}", code):
        code = f"{code[:2]}.{code[2:4]}"
    return [a for a in table.activities if any(code.startswith(prefix) for prefix in a.nace)]


def read_block(block: str, evidence: Evidence | None) -> list[ActivityReading]:
    """Registry codes and stated activities in the lines under a party's name."""
    out = []
    for m in NACE.finditer(block):
        code = m.group("code") or m.group("tr")
        out += [ActivityReading(a, "registry", m.group(0).strip(), evidence) for a in activities_of_code(code)]
    for m in STATEMENT.finditer(block):
        out += [ActivityReading(a, "statement", m.group(0).strip(), evidence) for a in activities_in(m.group("text"))]
    return out


def read_name(name: str, evidence: Evidence | None) -> list[ActivityReading]:
    return [ActivityReading(a, "name", name, evidence) for a in activities_in(name)]
