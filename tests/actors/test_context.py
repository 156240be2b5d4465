"""Actor countries from the article's context, and ACLED-style standard names (issue 14, item 3).

The reports below were written for these tests: a Times of India style page in lower case, a UK
politics report, a Reuters dateline, a report with no cue at all.
"""

from __future__ import annotations

import pytest

from storyline.actors.context import dateline_cue, find_terms, outlet_cue
from storyline.actors.names import actor_label, standard_name
from storyline.model import Actor

INDIA_LOWER = (
    "This story is from March 3, 2002\n\n"
    "vadodara: state police fired tear gas shells at a mob that set fire to shops in the old city on "
    "sunday. the chief minister said the army would be deployed if the violence spread. bjp workers "
    "blocked the highway for two hours, and the police arrested 40 people, the police commissioner said. "
    "congress leaders accused the state government of failing to stop the violence."
)
UK_POLITICS = (
    "The Tories have accused the government of breaking its promise on tuition fees. Labour MPs "
    "threatened to rebel against the prime minister, and the home secretary said police in Manchester "
    "and Leeds would get new powers. The chancellor will present the budget in London on Wednesday."
)
REUTERS = (
    "NAIROBI, March 3 (Reuters) - Riot police fired tear gas at protesters in the capital "
    "on Tuesday, witnesses said. The government said the demonstration had not been authorised."
)
NO_CUE = "The police arrested three men after a fight outside a bar. The men were later released."


@pytest.fixture(scope="module")
def analyse(pipeline):
    from storyline.text.article import article_from_text

    def run(text: str, outlet: str | None = None, url: str | None = None):
        article = article_from_text(text, outlet=outlet, url=url, title_from_first_line=False)
        return pipeline.analyse(article.model_copy(update={"language": "en"}))

    return run


def _actors(extraction, slot: str = "actor1"):
    """(actor, why) for every event's actor in ``slot``, by the actor's words."""
    out = {}
    for event in extraction.events:
        actor = getattr(event, slot)
        if actor is not None:
            out.setdefault(actor.text.lower(), (actor, event.why.get(f"{slot}.country")))
    return out


def test_lower_case_indian_report_gets_india_from_its_dateline(analyse):
    result = analyse(INDIA_LOWER, outlet="Times of India")
    actors = _actors(result)
    police, why = actors["state police"]
    assert (police.country, police.sector, police.cameo) == ("IND", "COP", "INDCOP")
    assert why is not None and why.by == "inferred" and why.name == "context:dateline"
    assert result.article.text[why.span[0] : why.span[1]] == "vadodara"
    assert police.confidence < 0.8  # inferred: lower than a stated country
    bjp, why = actors["bjp workers"]
    assert bjp.country == "IND"  # a party of one country, read in lower case
    congress, why = actors["congress leaders"]
    assert congress.country == "IND"  # "Congress" is India's party here, not the US Congress
    assert why is not None and why.by == "inferred"
    # standard names for exports
    assert standard_name(police) == "Police Forces of India"
    mob = next(e.actor2 for e in result.events if e.actor2 is not None and e.actor2.text == "mob")
    assert mob.country == "IND" and standard_name(mob) == "Rioters (India)"


def test_uk_politics_report_codes_parties_and_offices_as_british(analyse):
    result = analyse(UK_POLITICS)  # no outlet, no dateline: the places are British
    actors = _actors(result)
    tories, why = actors["tories"]
    assert (tories.country, tories.sector) == ("GBR", "PTY")  # the party lexicon
    assert why is not None and why.by == "lexicon" and why.name.endswith(":Tories")
    mps, why = actors["labour mps"]
    assert (mps.country, mps.sector) == ("GBR", "LEG")  # "Labour" is ambiguous: the places pick GBR
    assert why is not None and why.by == "inferred"
    government = next(
        e.actor2 for e in result.events if e.actor2 is not None and e.actor2.text == "government"
    )
    assert government.country == "GBR" and standard_name(government) == "Government of United Kingdom"


def test_reuters_dateline_is_no_part_of_the_actor_and_gives_its_country(analyse):
    result = analyse(REUTERS)
    actors = _actors(result)
    police, why = actors["riot police"]
    assert police.country == "KEN" and police.span[0] > REUTERS.index("-")
    assert why is not None and why.name == "context:dateline"
    protesters = next(
        e.actor2 for e in result.events if e.actor2 is not None and "protesters" in e.actor2.text
    )
    assert protesters.country == "KEN"
    assert standard_name(protesters) == "Protesters (Kenya)"


def test_no_context_leaves_the_country_unknown(analyse):
    actors = _actors(analyse(NO_CUE))
    police, why = actors["the police"] if "the police" in actors else actors["police"]
    assert police.country is None and why is None


def test_outlet_and_domain_cues():
    assert outlet_cue("The Times of India", None).country == "IND"
    assert outlet_cue("BBC News - Home", None).country == "GBR"
    assert outlet_cue("Reuters", None) is None  # an agency reports the world
    assert outlet_cue(None, "https://www.example.co.uk/news/1").country == "GBR"
    assert outlet_cue(None, "https://news.example.tv/1") is None
    assert outlet_cue(None, "https://timesofindia.indiatimes.com/city/x.cms").country == "IND"  # by host
    assert outlet_cue(None, "https://www.reuters.com/world/x") is None


def test_dateline_cue_reads_upper_lower_and_agency_datelines():
    from storyline.places.gazetteer import load_gazetteer

    gaz = load_gazetteer(None)
    assert dateline_cue("MUMBAI: Police said on Monday that ...", gaz).country == "IND"
    assert (
        dateline_cue("This story is from May 2, 2002\n\nlucknow: the district administration", gaz).country
        == "IND"
    )
    assert dateline_cue("PARIS, Oct 20 (AFP) - The government said", gaz).country == "FRA"
    assert dateline_cue("Update: the government said", gaz) is None
    assert dateline_cue("Police said on Monday that two men were held", gaz) is None


def test_national_terms_match_whole_words_and_acronyms_as_written():
    found = find_terms("senior BJP leaders")
    assert found is not None and found[0][0].country == "IND"
    assert find_terms("the sp of the district") is None  # "SP" only as written, outside lower-case text
    assert find_terms("the sp of the district", lowercase_text=True) is None  # two letters: too short
    labour = find_terms("Labour MPs")
    assert labour is not None and {t.country for t in labour[0]} >= {"GBR", "NZL"}  # the article picks


def test_acled_labels_and_standard_names_agree():
    police = Actor(span=(0, 6), text="police", sector="COP", country="IND", kind="group")
    assert actor_label(police, "Strategic developments", first=True) == ("Police Forces of India", 1)
    army = Actor(span=(0, 4), text="army", sector="MIL", country="ISR", kind="organization")
    assert standard_name(army) == "Military Forces of Israel"
    gunmen = Actor(span=(0, 6), text="gunmen", sector="UAF", country="NGA", kind="group")
    assert standard_name(gunmen) == "Unidentified Armed Group (Nigeria)"
    rioters = Actor(span=(0, 7), text="rioters", sector="CVL", kind="group")
    assert standard_name(rioters, where="India") == "Rioters (India)"
    named = Actor(span=(0, 10), text="Boko Haram", name="Boko Haram", sector="REB", country="NGA",
                  kind="organization")  # fmt: skip
    assert standard_name(named) == "Boko Haram"


def test_share_of_national_actors_with_a_country_on_real_reports(shared, pipeline):
    """On a few real Times of India and BBC reports, most national actor1s get a country."""
    from storyline.evaluation.actors import coverage, has_country, load_article, sample_refs

    refs = sample_refs(shared, sizes=(("bbc_news_2225", 4), ("india_police_events", 4)))
    extractions = {ref: pipeline.analyse(load_article(ref, shared)) for ref in refs}
    share = coverage(extractions)["all"]
    assert share["national"] >= 5
    assert share["share"] >= 0.8
    assert any(has_country(e.actor1) for x in extractions.values() for e in x.events)


def test_lower_case_pages_match_names_but_not_common_words():
    from storyline.actors.lexicon import LOWERCASE_TEXT, is_lowercase_text
    from storyline.actors.resolve import get_resolver

    resolver = get_resolver()
    assert is_lowercase_text(INDIA_LOWER) and not is_lowercase_text(UK_POLITICS)
    assert resolver.lookup("bjp") is None  # in ordinary text "bjp" is no name
    token = LOWERCASE_TEXT.set(True)
    try:
        assert resolver.lookup("bjp").country == "IND"
        assert resolver.lookup("crpf jawans").country == "IND"
        assert resolver.lookup("pakistani troops").cameo == "PAKMIL"
        for word in ("turkey", "us", "may", "chad"):
            assert resolver.lookup(word) is None, word
    finally:
        LOWERCASE_TEXT.reset(token)
    # Title case (headlines): role words and names read as in running text.
    assert resolver.lookup("State Police").sector == "COP"
    assert resolver.lookup("Indian Army").cameo == "INDMIL"
