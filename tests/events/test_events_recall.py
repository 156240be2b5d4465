"""Event recall rules on our own sentences: inaction stated by nouns and bystanding, coordinated
actors, reduced and misparsed passives, control verbs, arrest phrasings, sports and market senses
of violent verbs, and statuses of demanded or permitted acts."""

from __future__ import annotations

import pytest

from storyline.evaluation.india_police import sentence_labels
from storyline.text.article import article_from_text


@pytest.fixture(scope="module")
def events_of(pipeline):
    def run(text: str):
        article = article_from_text(text).model_copy(update={"language": "en"})
        return pipeline.analyse(article).events

    return run


def inaction(events):
    return [e for e in events if e.cameo_code == "150" and e.status == "negated"]


# --- inaction ---------------------------------------------------------------------------------------


def test_inaction_stated_by_nouns(events_of):
    lack = inaction(events_of("Residents complained of a total lack of police action during the looting."))
    assert [(e.trigger.lemma, e.actor1.sector) for e in lack] == [("lack", "COP")]
    absence = inaction(events_of("Shops burned in the absence of the police."))
    assert [e.actor1.sector for e in absence] == ["COP"]
    assert (
        inaction(events_of("The commission blamed the riots on police inaction."))[0].actor1.sector == "COP"
    )
    failure = inaction(events_of("Critics pointed to the failure of the army to protect the camp."))
    assert failure and failure[0].actor1.text.endswith("army")
    # shortages, broken talks and illness are no one's inaction
    assert inaction(events_of("Hospitals reported a lack of beds.")) == []
    assert inaction(events_of("The failure of the talks surprised diplomats.")) == []
    assert inaction(events_of("Nobody complained about the lack of soldiers in the town.")) == []


def test_inaction_stated_by_verbs(events_of):
    took_none = inaction(events_of("The policemen took no action against the arsonists."))
    assert [e.trigger.lemma for e in took_none] == ["take"] and took_none[0].actor1.sector == "COP"
    denied = inaction(events_of("The station chief denied protection to the tenants."))
    assert [e.trigger.lemma for e in denied] == ["deny"]
    assert inaction(events_of("Officers did not register the complaint of the widow."))
    # a bystander watching violence, but not a spectator at a game
    watched = inaction(events_of("Policemen stood and watched as the mob looted the shops."))
    assert [e.trigger.lemma for e in watched] == ["watch"] and watched[0].actor1.sector == "COP"
    assert inaction(events_of("The policemen watched the cricket final on television.")) == []
    fled = inaction(events_of("The police team ran away when the rioters attacked the temple."))
    assert [e.trigger.lemma for e in fled] == ["run"]
    assert inaction(events_of("Villagers ran away when the rioters attacked the temple.")) == []


def test_blamed_party_is_who_failed(events_of):
    events = inaction(events_of("The tribunal blamed the officers for failing to stop the lynching."))
    assert [(e.trigger.lemma, e.actor1.text.split()[-1]) for e in events] == [("stop", "officers")]


# --- actors -----------------------------------------------------------------------------------------


def test_each_coordinated_actor_gets_an_event(events_of):
    fired = [
        e
        for e in events_of("Police and paramilitary troops fired on the marchers.")
        if e.trigger.lemma == "fire"
    ]
    assert sorted(e.actor1.text for e in fired) == ["Police", "paramilitary troops"]
    assert all(e.actor2.text == "the marchers" for e in fired)
    clash = [
        e
        for e in events_of("Farmers and the police clashed outside the depot.")
        if e.trigger.lemma == "clash"
    ]
    pairs = sorted((e.actor1.text.split()[-1], e.actor2.text.split()[-1]) for e in clash)
    assert pairs == [("Farmers", "police"), ("police", "Farmers")]
    # a joint act keeps the partner as the other side, not a second actor
    signed = [
        e
        for e in events_of("Chile and Peru signed a trade agreement.")
        if e.cameo_root == "05" or e.cameo_root == "03"
    ]
    assert len({e.actor1.text for e in signed}) <= 1


def test_passive_controller_and_object_control(events_of):
    events = events_of("The police were forced to open fire on the crowd.")
    assert [(e.trigger.lemma, e.actor1.sector) for e in events if e.cameo_root == "19"] == [("open", "COP")]
    prompted = events_of("Stone throwing prompted the constables to use tear gas.")
    prompted += events_of("The stone pelting prompted the police to fire in the air.")
    assert any(
        e.actor1 is not None and e.actor1.sector == "COP" and e.plover_type == "ASSAULT" for e in prompted
    )
    # a purpose clause is not object control: the tear gas does not disperse anyone
    dispersed = [
        e for e in events_of("Police fired tear gas to disperse the crowd.") if e.trigger.lemma == "disperse"
    ]
    assert dispersed and dispersed[0].actor1.text == "Police"


def test_reduced_and_misparsed_passives(events_of):
    those = [e for e in events_of("Those arrested include two students.") if e.cameo_code == "173"]
    assert [e.actor2.text for e in those] == ["Those"]
    persons = [e for e in events_of("The number of persons detained rose to 40.") if e.cameo_code == "173"]
    assert persons and persons[0].actor2.text.endswith("persons")
    before = [e for e in events_of("The arrested men were produced in court.") if e.cameo_code == "173"]
    assert before and before[0].actor2.text == "The arrested men"
    # participles before a noun are events only for people: "a charged atmosphere" is no arrest
    assert [e for e in events_of("He spoke in a charged atmosphere.") if e.cameo_code == "173"] == []
    assert events_of("Armed men stopped the bus.") == []


# --- arrests ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Six youths were picked up from the market.",
        "The organisers were locked up overnight.",
        "The shopkeeper was booked under the arms act.",
        "The three accused were sent to jail.",
        "The activist is being held by the state police.",
        "Over 80 volunteers were on Monday taken into custody.",
    ],
)
def test_arrest_phrasings(events_of, text):
    events = events_of(text)
    assert any(e.cameo_code == "173" and e.actor2 is not None for e in events), [
        e.trigger.lemma for e in events
    ]
    assert "ARREST" in sentence_labels(events, text)


def test_not_arrests(events_of):
    for text in (
        "The economy picked up speed in May.",
        "She picked up the phone.",
        "He booked a flight to Delhi.",
        "The bank charged a fee.",
        "The meeting was held by the commissioner.",
    ):
        assert [e for e in events_of(text) if e.cameo_code == "173"] == [], text


def test_demanded_and_permitted_acts_are_not_done(events_of):
    demanded = [e for e in events_of("The farmers demanded his arrest.") if e.cameo_code == "173"]
    assert [e.status for e in demanded] == ["hypothetical"]
    permitted = [
        e for e in events_of("The new law allows the police to detain anyone.") if e.cameo_code == "173"
    ]
    assert [e.status for e in permitted] == ["hypothetical"]
    will = "The police said the leaders will be arrested."
    assert "ARREST" not in sentence_labels(events_of(will), will)


# --- senses -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "India beat Australia by six wickets in the final.",
        "Brazil thrashed Germany 7-1.",
        "The striker shot wide in the second half of the game.",
        "The slump hit exports hard.",
        "Oil prices hit a record high on Monday.",
        "The company struck a deal with the union.",
        "Firefighters fought the blaze all night.",
        "The film was shot in Morocco.",
    ],
)
def test_games_markets_and_films_are_not_assaults(events_of, text):
    assert [e for e in events_of(text) if e.plover_type == "ASSAULT"] == []


def test_violence_near_sport_is_still_violence(events_of):
    assert [e.plover_type for e in events_of("Rebels attacked the stadium during the match.")] == ["ASSAULT"]
    assert [e.plover_type for e in events_of("Fans attacked the referee after the match.")] == ["ASSAULT"]
    assert any(e.plover_type == "ASSAULT" for e in events_of("Police beat the fans after the match."))
    deal = events_of("The rivals struck a deal in Geneva.")
    assert [e.cameo_code for e in deal] == ["057"]


def test_weapon_use_verbs(events_of):
    burst = [
        e
        for e in events_of("The police burst tear gas shells near the bazaar.")
        if e.trigger.lemma == "burst"
    ]
    assert [(e.cameo_code, e.actor1.sector) for e in burst] == [("175", "COP")]
    thrown = [e for e in events_of("Rioters threw stones at the constables.") if e.trigger.lemma == "throw"]
    assert [e.plover_type for e in thrown] == ["ASSAULT"] and thrown[0].actor2.text.endswith("constables")
    # a tool used for work, and a weapon used for another event, are no events of their own
    assert events_of("He used a knife to cut the bread.") == []
    used = events_of("Riot police used tear gas to disperse the students.")
    assert [e.trigger.lemma for e in used] == ["disperse"]


def test_death_in_police_firing_is_a_police_killing(events_of):
    text = "A youth perished in police firing in the old city."
    events = [e for e in events_of(text) if e.trigger.lemma == "perish"]
    assert events and events[0].cameo_code.startswith("18") and events[0].actor1.sector == "COP"
    assert {"KILL", "FORCE"} <= sentence_labels(events_of(text), text)


def test_conjoined_verbs_share_the_frame(events_of):
    vowed = [
        e
        for e in events_of("The rebels vowed to attack the garrison and destroy it.")
        if e.trigger.lemma != "vow"
    ]
    assert [e.status for e in vowed] == ["threatened", "threatened"]
    failed = inaction(events_of("The police failed to reach the village and stop the mob."))
    assert [e.trigger.lemma for e in failed] == ["stop"]


def test_passives_the_parser_misses(events_of):
    # hyphenated verbs split by the tokenizer, a copular "were" and the agent on the last conjunct
    events = events_of("The students were lathi-charged and tear-gassed by the police.")
    assert sorted((e.cameo_code, e.actor1.sector) for e in events) == [("175", "COP"), ("175", "COP")]
    assert all(e.actor2.text.endswith("students") for e in events)
    # a stranded preposition still aims the firing; dismissal is still no shooting
    fired = [e for e in events_of("The crowd was fired upon by the troops.") if e.trigger.lemma == "fire"]
    assert [(e.cameo_code, e.actor2.text.split()[-1]) for e in fired] == [("193", "crowd")]
    assert events_of("The striker was fired by his club.") == []
    ablaze = [e for e in events_of("Several shops were set ablaze by the rioters.") if e.cameo_code == "1712"]
    assert ablaze and ablaze[0].actor1.text.endswith("rioters") and ablaze[0].actor2.text.endswith("shops")


def test_absent_and_idle_security_forces(events_of):
    for text in (
        "Residents accused the police of being mute spectators to the arson.",
        "The policemen were mere spectators.",
        "No policeman was present when the mob attacked the shops.",
        "The police did not come even after repeated calls.",
    ):
        events = inaction(events_of(text))
        assert events and events[0].actor1.text.split()[-1].lower().startswith("police"), text
    # others who stay away, and police who are there, are not inaction
    assert inaction(events_of("The minister did not come to the meeting.")) == []
    assert inaction(events_of("The police were present in large numbers.")) == []
    struck = [e for e in events_of("The mob struck at night.") if e.trigger.lemma == "strike"]
    assert [e.plover_type for e in struck] == ["ASSAULT"]
