"""Geoparsing: gazetteer, toponym resolution in context, event locations (our own sentences)."""

from __future__ import annotations

import pytest

from storyline.model import Actor, Event, Extraction, Trigger
from storyline.pipeline import AnalysisDoc, PipelineConfig, get_factory, get_pipeline
from storyline.places.gazetteer import load_gazetteer, read_geonames_dump
from storyline.places.geo import haversine_km
from storyline.places.mentions import Mention
from storyline.places.normalize import exact_key, skeleton_key
from storyline.places.resolve import EMPTY_CONTEXT, resolve_mention
from storyline.text.article import article_from_text


@pytest.fixture(scope="module")
def gaz():
    return load_gazetteer()


@pytest.fixture(scope="module")
def geo():
    """Only what geoparsing needs, so these tests do not wait on other stages."""
    return get_pipeline(PipelineConfig(components=("entities", "places")))


def places_of(geo, text: str, **kwargs):
    return geo.analyse(article_from_text(text, title="t", **kwargs)).places


def near(place, lat: float, lon: float, km: float) -> bool:
    return place.lat is not None and haversine_km(place.lat, place.lon, lat, lon) <= km


def test_transliteration_keys_agree():
    assert skeleton_key("al-Asad") == skeleton_key("Al Assad") == skeleton_key("Asad")
    assert exact_key("Ain al-Asad") == "ain al asad"
    assert exact_key("the Gaza Strip") == "gaza strip"


def test_gazetteer_holds_cities_bases_admins_and_demonyms(gaz):
    erbil = [e for e, _ in gaz.lookup("Erbil") if e.feature == "city"]
    assert erbil and erbil[0].cc == "IQ" and erbil[0].gid.startswith("geonames:")
    bases = [e for e, _ in gaz.lookup("Al Assad") if e.feature == "military base"]
    assert bases and bases[0].gid.startswith("icao:") and bases[0].cc == "IQ"
    assert any(e.feature == "admin1" and e.cc == "CN" for e, _ in gaz.lookup("Gansu"))
    assert gaz.demonym("Iraqis").cc == "IQ"
    assert gaz.demonym("Kurdish").name == "Kurdistan Region"
    assert gaz.alpha3("IQ") == "IRQ"


def test_context_picks_the_namesake(geo):
    french = places_of(geo, "Thousands marched through Paris on Saturday against the pension reform.")
    assert french[0].country == "FRA"
    texan = places_of(
        geo,
        "A tornado damaged homes in Paris on Sunday. Texas officials said the storm also hit "
        "Dallas and other towns in northeast Texas.",
    )
    paris = next(p for p in texan if p.text == "Paris")
    assert paris.country == "USA" and paris.admin1 == "Texas"


def test_apposition_and_state_abbreviation(geo):
    places = places_of(geo, "PRINCETON, N.J., May 2 - The company said it would open a laboratory.")
    assert places[0].name == "Princeton" and places[0].admin1 == "New Jersey"


def test_dateline_city_and_country_the_ner_missed(geo):
    places = places_of(geo, "KAMPALA, June 3 - Uganda said on Tuesday it would raise coffee exports.")
    assert places[0].name == "Kampala" and places[0].precision == "city"
    assert any(p.text == "Uganda" and p.country == "UGA" for p in places)


def test_feature_words_and_variants_pick_the_air_base(geo):
    places = places_of(
        geo,
        "Rockets struck the al-Assad air base in Anbar province on Friday, Iraqi officials said.",
    )
    base = next(p for p in places if "Assad" in p.text)
    assert base.feature == "military base" and base.precision == "site"
    assert near(base, 33.79, 42.44, 20)
    anbar = next(p for p in places if p.text.startswith("Anbar"))
    assert anbar.feature == "admin1" and anbar.country == "IRQ"


def test_demonym_region_and_city_in_country_context(geo):
    places = places_of(
        geo,
        "Drones hit a base in Erbil, the capital of Iraq's semi-autonomous Kurdish region, "
        "the government in Baghdad said.",
    )
    erbil = next(p for p in places if p.text == "Erbil")
    assert erbil.country == "IRQ" and near(erbil, 36.19, 44.01, 40)
    region = next(p for p in places if p.text.startswith("Kurdish"))
    assert region.name == "Kurdistan Region" and region.precision == "region"


def test_unknown_names_keep_text_and_get_no_point(gaz):
    res = resolve_mention(gaz, Mention(0, 12, "Zqxvbrtanoor", "ner", "GPE"), EMPTY_CONTEXT, "Zqxvbrtanoor")
    assert res.entry is None
    res = resolve_mention(gaz, Mention(0, 5, "Qatar", "ner", "GPE"), EMPTY_CONTEXT, "Qatar")
    assert res.entry.feature == "country" and res.entry.lat is not None


def _event(text: str, trigger: str, target: str | None = None) -> Event:
    start = text.index(trigger)
    actor2 = None
    if target:
        t = text.index(target)
        actor2 = Actor(text=target, span=(t, t + len(target)))
    return Event(
        id="e0",
        span=(0, len(text)),
        text=text,
        trigger=Trigger(text=trigger, span=(start, start + len(trigger))),
        actor2=actor2,
    )


def _locate(text: str, *events: Event):
    from storyline.nlp.model import load_model

    article = article_from_text(text, title="t")
    adoc = AnalysisDoc(article=article, doc=load_model()(article.text), result=Extraction(article=article))
    adoc.result.events.extend(events)
    get_factory("entities")(PipelineConfig())(adoc)
    get_factory("places")(PipelineConfig())(adoc)
    return adoc.result


def test_event_location_prefers_the_locative_phrase_of_its_trigger():
    text = (
        "Gunmen attacked a police station in Kandahar on Monday, a spokesman for the ministry in Kabul said."
    )
    result = _locate(text, _event(text, "attacked", "a police station"))
    location = result.events[0].location
    assert text[location.span[0] : location.span[1]] == "Kandahar" and location.precision == "city"
    assert haversine_km(location.lat, location.lon, 31.61, 65.71) < 30  # not Kabul
    assert location.place_id in {p.id for p in result.places}


def test_event_location_falls_back_to_target_then_sentence():
    text = "Rebels shelled Aleppo overnight. Talks resumed later in Geneva."
    result = _locate(text, _event(text, "shelled", "Aleppo"))
    assert result.events[0].location.name == "Aleppo"
    assert result.events[0].location.country == "SYR"


def test_geonames_dump_setting_adds_places(tmp_path, geo):
    dump = tmp_path / "XX.txt"
    row = [
        "99999901",
        "Qaryat Zummarin",
        "Qaryat Zummarin",
        "Zummarin,Qaryat az-Zummarin",
        "34.5",
        "41.5",
        "P",
        "PPL",
        "IQ",
        "",
        "01",
        "",
        "",
        "",
        "1200",
        "",
        "300",
        "Asia/Baghdad",
        "2024-01-01",
    ]
    dump.write_text("\t".join(row) + "\n", encoding="utf-8")
    entries = list(read_geonames_dump(dump))
    assert entries[0][0].gid == "geonames:99999901" and entries[0][0].feature == "city"

    config = PipelineConfig(components=("entities", "places"), settings={"places": {"geonames": str(dump)}})
    text = "Militants attacked the village of Qaryat Zummarin in western Iraq on Monday."
    places = get_pipeline(config).analyse(article_from_text(text, title="t")).places
    village = next(p for p in places if "Zummarin" in p.text)
    assert village.gazetteer_id == "geonames:99999901" and near(village, 34.5, 41.5, 1)
    # The packaged gazetteer alone does not know it.
    assert not load_gazetteer().lookup("Qaryat Zummarin")


def test_geonames_dump_in_bad_format_names_the_line(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_text("not\ta\tgeonames\tfile\n", encoding="utf-8")
    with pytest.raises(ValueError, match="bad.txt:1"):
        list(read_geonames_dump(bad))


def test_event_location_skips_opponents_and_the_actors_own_capital():
    from storyline.model import Actor as A

    text = "Moscow launched drones in its latest move against Ukraine, officials in Warsaw said."
    event = _event(text, "launched")
    start = text.index("Moscow")
    event.actor1 = A(text="Moscow", span=(start, start + 6), country="RUS")
    location = _locate(text, event).events[0].location
    # not Ukraine (an opponent), not Moscow (who acted): the one other place in the sentence
    assert location.name == "Warsaw"


def test_event_location_passes_on_to_the_same_actors_later_event():
    from storyline.model import Actor as A

    text = (
        "Rebels attacked two villages near Goma on Monday. "
        "They burned homes and looted shops, residents told reporters by telephone from Kinshasa."
    )
    first, later = _event(text, "attacked", "two villages"), _event(text, "burned", "homes")
    first.actor1 = A(text="Rebels", span=(0, 6), sector="REB")
    later.actor1 = A(text="They", span=(text.index("They"), text.index("They") + 4), sector="REB")
    for event in (first, later):
        event.plover_type = "ASSAULT"
    later.id = "e1"
    first_loc, later_loc = (e.location for e in _locate(text, first, later).events)
    assert first_loc.name == "Goma"
    assert later_loc.name == "Kinshasa"  # its own sentence names a place: that one first
    # no place in its sentence: the same actor's earlier attack gives it, not the article's
    # first-named place (Kinshasa)
    text2 = "Officials in Kinshasa condemned the violence. Rebels attacked two villages near Goma. They burned homes."
    first, later = _event(text2, "attacked", "two villages"), _event(text2, "burned", "homes")
    start = text2.index("Rebels")
    first.actor1 = A(text="Rebels", name="M23", span=(start, start + 6), sector="REB")
    later.actor1 = A(
        text="They", name="M23", span=(text2.index("They"), text2.index("They") + 4), sector="REB"
    )
    for event in (first, later):
        event.plover_type = "ASSAULT"
    later.id = "e1"
    first_loc, later_loc = (e.location for e in _locate(text2, first, later).events)
    assert first_loc.name == "Goma"
    assert later_loc.name == "Goma" and later_loc.confidence < first_loc.confidence
    later.actor1 = later.actor1.model_copy(update={"name": "FARDC"})  # someone else: the article's place
    assert _locate(text2, first, later).events[1].location.name == "Kinshasa"
