"""Second-pass event rules on our own sentences: verb senses, weapons and natural causes as
subjects, coordinated targets, elided passives, actor text without place phrases."""

from __future__ import annotations

import pytest

from storyline.text.article import article_from_text


@pytest.fixture(scope="module")
def events_of(pipeline):
    def run(text: str):
        article = article_from_text(text).model_copy(update={"language": "en"})
        return pipeline.analyse(article).events

    return run


def lemmas(events) -> list[tuple[str, str]]:
    return [(e.trigger.lemma, e.cameo_code) for e in events]


def test_fire_means_shooting_only_with_a_weapon_target_or_no_object(events_of):
    assert events_of("The club fired its coach on Monday.") == []
    assert events_of("The striker was fired by his club after the defeat.") == []
    shots = events_of("Soldiers fired three shots into the air.")
    assert lemmas(shots) == [("fire", "193")] and shots[0].plover_type == "ASSAULT"
    assert lemmas(events_of("Police fired on the marchers in Lagos.")) == [("fire", "193")]


def test_attacking_words_and_plans_is_criticism(events_of):
    event = events_of("The opposition leader attacked the government's tax plans.")[0]
    assert event.cameo_code == "111" and event.plover_type == "ACCUSE"
    noun = events_of("The senator launched an attack on the budget proposal.")[0]
    assert noun.cameo_code == "111"
    # people and places are still assaulted
    assert events_of("Rebels attacked the town of Goma.")[0].plover_type == "ASSAULT"


def test_labour_strike_is_a_protest(events_of):
    event = events_of("The dock workers' strike entered its second week.")[0]
    assert event.cameo_code == "143" and event.plover_type == "PROTEST"
    air = events_of("A Turkish air strike hit a convoy near the border.")
    assert all(e.plover_type == "ASSAULT" for e in air) and air


def test_natural_causes_are_not_political_violence(events_of):
    assert events_of("An earthquake killed 300 people in Peru.") == []
    assert events_of("The floods killed dozens of villagers.") == []


def test_weapon_subject_is_the_instrument_not_the_actor(events_of):
    event = events_of("Two bombs exploded near the embassy.")[0]
    assert event.actor1 is None and event.instrument == "bombs" and event.plover_mode == "explosives"
    gunmen = events_of("Gunmen abducted a businessman.")[0]
    assert gunmen.actor1 is not None and gunmen.actor1.text == "Gunmen"


def test_each_coordinated_target_gets_an_event(events_of):
    events = [
        e for e in events_of("Gunmen killed a priest and two nuns in Lima.") if e.trigger.lemma == "kill"
    ]
    assert sorted(e.actor2.text for e in events) == ["priest", "two nuns"]
    assert all(e.actor1.text == "Gunmen" for e in events)


def test_elided_and_shared_passives(events_of):
    events = events_of("The convoy was ambushed and twelve of its soldiers killed.")
    killed = [e for e in events if e.trigger.lemma == "kill"][0]
    assert killed.actor1 is None and killed.actor2.text == "twelve of its soldiers"
    both = events_of("No one was killed or injured in the raid.")
    assert [e.trigger.lemma for e in both] == ["kill", "injure"]
    assert all(e.status == "negated" for e in both)


def test_reporting_verbs_with_a_clause_are_not_events(events_of):
    events = events_of("He insisted that his troops had not attacked civilians.")
    assert lemmas(events) == [("attack", "190")] and events[0].status == "negated"


def test_senses_marked_as_no_event(events_of):
    assert events_of("The government met its deficit target.") == []
    assert events_of("Volunteers searched for survivors.") == []
    assert events_of("The defendant pleaded guilty.") == []


def test_modifiers_that_are_no_actor_and_bare_event_nouns(events_of):
    # "pay" and "food" are no one; a lone "shooting" with no participant is too vague
    assert all(e.actor1 is None for e in events_of("Six people died during food riots in Lusaka."))
    assert events_of("Residents described the shooting as terrifying.") == []
    police = events_of("Two students were killed in police firing.")[0]
    assert police.actor1 is not None and police.actor1.sector == "COP"


def test_actor_text_stops_before_a_place(events_of):
    event = events_of("Three protesters were killed by soldiers in Khartoum.")[0]
    assert event.actor1.text == "soldiers" and event.actor1.country == "SDN"
    militants = events_of("Militants from Chad attacked a village.")[0]
    assert militants.actor1.text == "Militants from Chad"  # origin is identity, not place


def test_relative_pronoun_behind_a_reporting_clause(events_of):
    events = events_of("The bombing, which officials said killed nine, was condemned by the UN.")
    killed = [e for e in events if e.trigger.lemma == "kill"][0]
    # "which" stands for the bombing: an event noun, so its weapon (and no actor) carries over
    assert killed.actor1 is None and killed.instrument == "bombing" and killed.cameo_code == "183"


def test_deaths_caused_by_police_firing(events_of):
    killed = events_of("Nine traders were killed in police firing at the market.")[0]
    assert (
        killed.actor1.sector == "COP"
        and killed.actor2.text == "Nine traders"
        and killed.instrument == "firing"
    )
    died = events_of("A student perished in police firing near the campus.")[0]
    assert died.trigger.lemma == "perish" and died.cameo_code == "1823" and died.actor1.sector == "COP"
    assert events_of("The actor died of cancer in Paris.") == []
    bullets = events_of("A farmer was killed by police bullets.")[0]
    assert bullets.actor1.sector == "COP" and bullets.instrument == "bullets"


def test_killing_with_result_phrases(events_of):
    burnt = events_of("A shopkeeper was burnt alive by the rioters.")[0]
    assert burnt.cameo_code == "1823" and burnt.actor2.text == "A shopkeeper"
    beaten = events_of("A man was beaten to death by a mob.")[0]
    assert beaten.cameo_code == "1823" and beaten.actor1.text == "mob"


def test_inaction_is_a_negated_intervention(events_of):
    for text in (
        "The police remained silent spectators while the gang looted the shops.",
        "The policemen at the gate did not intervene.",
        "Police failed to contain the riots in the port city.",
        "Fifty policemen looked on as the crowd attacked the house.",
        "The police did nothing.",
    ):
        inaction = [e for e in events_of(text) if e.cameo_code == "150"]
        assert len(inaction) == 1, text
        assert inaction[0].status == "negated" and inaction[0].actor1.sector == "COP", text
    assert events_of("Police watched the match on television.") == []
    for text in (
        "The minister stood by his decision.",
        "The country does not move forward.",
        "There was a big turnout on Saturday.",
        "He was fit to stand trial on murder charges.",
    ):
        assert [e for e in events_of(text) if e.cameo_code == "150"] == [], text


def test_where_a_bomb_went_off_is_the_target_unless_a_named_place(events_of):
    offices = events_of("A bomb exploded at the offices of the newspaper.")[0]
    assert offices.actor2.text == "the offices" and offices.instrument == "bomb"
    kabul = events_of("A car bomb exploded in Kabul on Monday.")[0]
    assert kabul.actor2 is None and kabul.cameo_code == "1832"


def test_what_is_fired_is_the_weapon_and_the_at_phrase_the_target(events_of):
    [event] = events_of("Riot police fired tear gas at hundreds of striking miners outside the mine.")
    assert event.instrument == "tear gas"
    assert event.actor2 is not None and "miners" in event.actor2.text
    [rockets] = events_of("Militants fired rockets at an army base near the border.")
    assert rockets.instrument == "rockets" and "base" in rockets.actor2.text
