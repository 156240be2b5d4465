"""The one country table (``data/actors/countries.tsv``) feeds actors, places, quotes and time zones."""

from __future__ import annotations

import pytest

from storyline.actors.lexicon import country_table
from storyline.actors.resolve import get_resolver
from storyline.places.gazetteer import load_gazetteer
from storyline.quotes.country import _country_names, country_of
from storyline.time.component import zone_for_place


@pytest.fixture(scope="module")
def table():
    return {country.iso3: country for country in country_table()}


def test_rows_have_a_name_and_a_unique_code(table):
    assert len(table) == len(country_table()) > 190
    assert all(country.names for country in table.values())
    assert "Burma" in table["MMR"].names and "Scotland" in table["GBR"].actor_only
    assert "Scotland" not in table["GBR"].names


def test_actors_read_names_demonyms_and_actor_only_names():
    resolver = get_resolver()
    assert resolver.lookup("Burma").country == "MMR"
    assert resolver.lookup("Scotland").country == "GBR"
    assert resolver.lookup("Czechoslovakia").country == "CZE"


def test_gazetteer_reads_names_and_demonyms_but_not_actor_only_names():
    gaz = load_gazetteer()
    gb = gaz.country("GB")
    assert gb is not None and any(e is gb for e, _ in gaz.lookup("Great Britain"))
    # Scotland is a place of its own, not a name of the United Kingdom
    assert not any(e is gb for e, _ in gaz.lookup("Scotland"))
    assert not any(e.feature == "country" and e.cc == "CF" for e, _ in gaz.lookup("CAR"))
    assert gaz.demonym("Scots").cc == "GB"
    assert gaz.demonym("Dominican").cc == "DO"  # the table's reading wins over countryinfo's Dominica
    assert gaz.demonym("US") is None  # "US" is a name, and too short a word to be a demonym


def test_speaker_countries_read_the_table_over_countryinfo():
    names = _country_names()
    # countryinfo alone gave British Indian Ocean Territory and the Northern Mariana Islands
    assert names["Indian"] == "IND" and names["American"] == "USA"
    assert names["Gaza"] == "PSE" and names["Welsh"] == "GBR"
    assert country_of("a Burmese junta spokesman") == "MMR"


def test_time_zones_of_short_and_historical_names():
    assert zone_for_place("Holland") == "Europe/Amsterdam"
    assert zone_for_place("the U.K.") == "Europe/London"
    assert zone_for_place("England") == "Europe/London"
