"""Actor normalisation on our own sentences: country + CAMEO sector + kind + coreference."""

from __future__ import annotations

import pytest

from storyline.actors.resolve import get_resolver
from storyline.model import Extraction
from storyline.nlp.model import load_model
from storyline.pipeline import AnalysisDoc
from storyline.text.article import article_from_text


@pytest.fixture(scope="module")
def resolver():
    return get_resolver()


def analysed(text: str) -> AnalysisDoc:
    article = article_from_text(text, title="test")
    return AnalysisDoc(article=article, doc=load_model()(article.text), result=Extraction(article=article))


def resolve_word(resolver, adoc: AnalysisDoc, word: str, occurrence: int = 0):
    """Resolve the phrase headed by the n-th token spelled ``word``."""
    tokens = [t for t in adoc.doc if t.text == word]
    token = tokens[occurrence]
    return resolver.resolve(adoc, adoc.doc[token.i : token.i + 1])


@pytest.mark.parametrize(
    ("phrase", "country", "sector"),
    [
        ("Iranian", "IRN", None),
        ("Tehran", "IRN", None),
        ("the Pentagon", "USA", "MIL"),
        ("IRGC", "IRN", "MIL"),
        ("NATO", "IGO", "MIL"),
        ("Hamas", "PSE", "REB"),
        ("U.S.", "USA", None),
        ("Britain", "GBR", None),
        ("Ivory Coast", "CIV", None),
        ("South Korea", "KOR", None),
        ("the Kremlin", "RUS", "GOV"),
        ("Downing Street", "GBR", "GOV"),
        ("the Elysee", "FRA", "GOV"),
        ("Kenyan police", "KEN", "COP"),
        ("Iraqi officials", "IRQ", "GOV"),
        ("U.S. forces", "USA", "MIL"),
        ("Iran's Islamic Revolutionary Guard Corps", "IRN", "MIL"),
        ("Nigerian soldiers", "NGA", "MIL"),
        ("Colombian rebels", "COL", "REB"),
        ("Brazilian lawmakers", "BRA", "LEG"),
        ("Egyptian journalists", "EGY", "MED"),
        ("Chilean judge", "CHL", "JUD"),
        ("Thai protesters", "THA", "CVL"),
        ("Boko Haram", "NGA", "REB"),
        ("al-Shabaab", "SOM", "REB"),
        ("World Bank", "IGO", "BUS"),
        ("African Union", "IGO", "IGO"),
        ("Palestinian refugees", "PSE", "REF"),
        ("Afghans", "AFG", "CVL"),
    ],
)
def test_lookup_country_and_sector(resolver, phrase, country, sector):
    info = resolver.lookup(phrase)
    assert info is not None, phrase
    assert (info.country, info.sector) == (country, sector)


def test_lookup_respects_case_of_acronyms_and_names(resolver):
    assert resolver.lookup("us") is None  # the pronoun, not the United States
    assert resolver.lookup("who") is None
    assert resolver.lookup("WHO").country == "IGO"
    assert resolver.lookup("turkey") is None  # the bird
    assert resolver.lookup("Turkey").country == "TUR"


def test_lookup_covers_every_country_name(resolver):
    import pycountry

    missing = [
        c.alpha_3
        for c in pycountry.countries
        if "," not in c.name
        and (resolver.lookup(c.name) is None or resolver.lookup(c.name).country != c.alpha_3)
    ]
    assert missing == []


def test_sponsor_country_is_not_the_actor(resolver):
    info = resolver.lookup("Iran-backed militias")
    assert info.country is None and info.sector == "UAF"


def test_people_with_roles_in_context(resolver):
    adoc = analysed(
        "U.S. President Donald Trump said on Tuesday that Iran had fired missiles at American troops. "
        "Pentagon spokesman Jonathan Hoffman said the attack came from Iranian soil. "
        "Iranian Foreign Minister Javad Zarif said his country did not seek war. "
        "Trump later said he would impose sanctions."
    )
    hoffman = resolve_word(resolver, adoc, "Hoffman")
    assert (hoffman.country, hoffman.sector, hoffman.kind) == ("USA", "MIL", "person")
    assert hoffman.role == "Pentagon spokesman" and hoffman.cameo == "USAMIL"
    assert adoc.text[hoffman.span[0] : hoffman.span[1]] == "Pentagon spokesman Jonathan Hoffman"

    zarif = resolve_word(resolver, adoc, "Zarif")
    assert (zarif.name, zarif.country, zarif.sector) == ("Javad Zarif", "IRN", "GOV")

    troops = resolve_word(resolver, adoc, "troops")
    assert (troops.country, troops.sector, troops.kind) == ("USA", "MIL", "group")

    # A surname alone is the person named in full earlier; "he" is the last person before it.
    trump = resolve_word(resolver, adoc, "Trump", occurrence=1)
    assert (trump.name, trump.country, trump.sector) == ("Donald Trump", "USA", "GOV")
    he = resolve_word(resolver, adoc, "he")
    assert he.name == "Donald Trump" and he.span == (adoc.text.index(" he ") + 1, adoc.text.index(" he ") + 3)

    # "his country" after the Iranian minister is Iran.
    his = resolve_word(resolver, adoc, "country")
    assert his.country == "IRN" and his.kind == "country"


def test_groups_countries_and_anaphora(resolver):
    adoc = analysed(
        "Hamas militants fired rockets at Israel on Sunday. The group said it would continue. "
        "Kenyan police arrested three men in Nairobi. Moscow condemned the strike, and NATO said it was watching."
    )
    group = resolve_word(resolver, adoc, "group")
    assert (group.name, group.country, group.sector) == ("Hamas", "PSE", "REB")
    police = resolve_word(resolver, adoc, "police")
    assert (police.country, police.sector) == ("KEN", "COP")
    moscow = resolve_word(resolver, adoc, "Moscow")
    assert (moscow.country, moscow.sector) == ("RUS", None)
    it = resolve_word(resolver, adoc, "it", occurrence=1)
    assert it.country == "IGO" and it.name == "North Atlantic Treaty Organization"


def test_the_country_refers_back(resolver):
    adoc = analysed("Officials in Peru declared an emergency. The country has seen weeks of unrest.")
    country = resolve_word(resolver, adoc, "country")
    assert country.country == "PER" and country.sector is None


def test_actors_in_lists_mentions_in_order(resolver):
    adoc = analysed("Indian troops clashed with Chinese soldiers, the Indian army said.")
    actors = resolver.actors_in(adoc)
    assert [(a.country, a.sector) for a in actors][:2] == [("IND", "MIL"), ("CHN", "MIL")]
    assert adoc.actor_mentions is not None and adoc.actor_mentions.mentions  # the state is kept per article


@pytest.mark.parametrize(
    ("phrase", "country", "sector", "kind"),
    [
        ("President Mugabe", "ZWE", "GOV", "person"),
        ("former President Suharto", "IDN", "ELI", "person"),
        ("ex-Prime Minister of Pakistan", "PAK", "ELI", "person"),
        ("Palestinian Prime Minister Ismail Haniyeh", "PSE", "GOV", "person"),
        ("U.N. Secretary-General Kofi Annan", "IGO", "GOV", "person"),
        ("ethnic Albanians in Serbia", "SRB", "CVL", "group"),
        ("Iraqi Kurds", "IRQ", "CVL", "group"),
        ("NATO peacekeeping troops", "IGO", "MIL", "group"),
        ("Hezbollah leader", "LBN", "REB", "person"),
        ("Pentagon officials", "USA", "MIL", "group"),
        ("Mexican army officers", "MEX", "MIL", "group"),
        ("Amnesty International", "NGO", "NGO", "organization"),
        ("the president of Iran", "IRN", "GOV", "person"),
        ("Israeli soldiers", "ISR", "MIL", "group"),
        ("Japanese prosecutors", "JPN", "JUD", "group"),
        ("Vietnamese farmers", "VNM", "AGR", "group"),
        ("Indonesian students", "IDN", "EDU", "group"),
        ("Canadian lawmakers", "CAN", "LEG", "group"),
        ("Ukrainian drones", "UKR", "MIL", "group"),
    ],
)
def test_lookup_composes_roles_and_countries(resolver, phrase, country, sector, kind):
    info = resolver.lookup(phrase)
    assert (info.country, info.sector, info.kind) == (country, sector, kind)


def test_named_leaders_and_ambiguous_words_in_context(resolver):
    adoc = analysed(
        "Sri Lanka has opened an embassy in Tehran. Michael Jordan visited Chad on Monday. "
        "Bosnian Serbs demanded a truce, and French and Egyptian warships sailed on Monday."
    )
    assert resolve_word(resolver, adoc, "Lanka").country == "LKA"  # spaCy tags it PERSON
    jordan = resolve_word(resolver, adoc, "Jordan")
    assert jordan.kind == "person" and jordan.country is None  # a name, not the kingdom
    serbs = resolve_word(resolver, adoc, "Serbs")
    assert (serbs.country, serbs.sector) == ("BIH", "CVL")
    egyptian = adoc.doc.char_span(adoc.text.index("Egyptian"), adoc.text.index(" sailed"))
    ships = resolver.resolve(adoc, egyptian)
    assert (ships.country, ships.sector) == ("EGY", "MIL")


def test_they_and_the_group_skip_people(resolver):
    adoc = analysed(
        "Taliban fighters attacked a checkpoint in Kandahar, said Afghan official Ahmad Rahimi. "
        "They later withdrew."
    )
    they = resolve_word(resolver, adoc, "They")
    assert (they.country, they.sector) == ("AFG", "REB")
    official = resolve_word(resolver, adoc, "Rahimi")
    assert (official.country, official.sector, official.role) == ("AFG", "GOV", "Afghan official")


def test_plover_gold_actor_agreement(shared):
    """Agreement with the PLOVER gold actors (country and CAMEO sector), read in context."""
    from storyline.evaluation import plover

    records = plover.read_records(shared / "reference" / "plover" / "PLOVER_GSR_CAMEO.txt")
    looked, resolved = plover.score_actors(plover.gold_actors(records))
    assert looked.metrics()["country_agreement"] >= 0.82
    assert resolved.metrics()["country_agreement"] >= 0.80
    assert resolved.metrics()["sector_agreement"] >= 0.72


def test_event_nouns_and_places_named_after_people(resolver):
    adoc = analysed(
        "Iran fired missiles at the Al Assad air base. The country's military said Putin's decision "
        "of the Russian government was unrelated."
    )
    base = resolve_word(resolver, adoc, "base")
    assert base is None or base.name is None  # "Assad" here is a place, not Bashar al-Assad
    military = resolve_word(resolver, adoc, "military")
    assert (military.country, military.sector) == ("IRN", "MIL")
    decision = resolve_word(resolver, adoc, "decision")
    assert (decision.name, decision.country, decision.kind) == ("Vladimir Putin", "RUS", "person")
