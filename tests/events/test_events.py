"""Event extraction and CAMEO/PLOVER coding on our own sentences."""

from __future__ import annotations

import pytest

from storyline.events import coding
from storyline.text.article import article_from_text


@pytest.fixture(scope="module")
def events_of(pipeline):
    def run(text: str):
        # one-sentence fixtures are too short for language identification: they are English
        article = article_from_text(text).model_copy(update={"language": "en"})
        return pipeline.analyse(article).events

    return run


def only(events, lemma: str):
    matching = [e for e in events if e.trigger.lemma == lemma]
    assert len(matching) == 1, [(e.trigger.text, e.cameo_code) for e in events]
    return matching[0]


# --- coding tables ---------------------------------------------------------------------------------


def test_code_description_derives_root_goldstein_quadclass_and_plover():
    info = coding.describe("195")
    assert (info.root, info.goldstein, info.quad_class) == ("19", -10.0, 4)
    assert (info.plover_type, info.plover_type_2021, info.plover_mode) == ("ASSAULT", "FIGHT", "aerial")
    arrest = coding.describe("173")
    assert (arrest.plover_type, arrest.plover_mode, arrest.quad_class, arrest.goldstein) == (
        "COERCE",
        "arrest",
        4,
        -5.0,
    )
    assert coding.describe("111").plover_type_2021 == "DISAPPROVE"
    assert coding.describe("111").plover_type == "ACCUSE"
    assert coding.describe("090").plover_type_2021 == "INVESTIGATE"
    assert coding.describe("1041").plover_type_2021 == "DEMAND"
    assert (
        coding.describe("0841").plover_type == "RETREAT" and coding.describe("081").plover_type == "CONCEDE"
    )
    assert coding.describe("010").plover_type is None  # PLOVER drops plain statements
    assert coding.describe("0874").goldstein == 10.0
    assert coding.describe("1124").goldstein == -2.0  # inherited from 112


def test_every_lexicon_code_is_a_valid_cameo_code_with_a_plover_type():
    codes = set(coding.verb_lexicon().bare.values()) | set(coding.noun_lexicon().values())
    codes |= set(coding.verb_lexicon().with_object.values()) | {
        i.code for i in coding.instrument_lexicon().values()
    }
    codes.discard(coding.NOT_AN_EVENT)  # senses marked as no event ("meet +target")
    assert len(codes) > 120
    for code in codes:
        assert code.isdigit() and 3 <= len(code) <= 4 and 1 <= int(code[:2]) <= 20, code
        info = coding.describe(code)
        assert info.goldstein is not None, code
        if info.root != "01":
            assert info.plover_type is not None, code
    roots = {code[:2] for code in codes}
    assert roots == {f"{n:02d}" for n in range(1, 21)}  # the whole codebook is covered


def test_threat_codes():
    assert coding.threat_code("190") == "138"
    assert coding.threat_code("163") == "1312"
    assert coding.threat_code("042") == "130"


# --- extraction ------------------------------------------------------------------------------------


def test_active_attack_with_actors_and_code(events_of):
    event = only(events_of("Ethiopian troops attacked a rebel camp near the border on Monday."), "attack")
    assert event.actor1.text.endswith("troops") and event.actor1.country == "ETH"
    assert "camp" in event.actor2.text
    assert event.cameo_root == "19" and event.plover_type == "ASSAULT" and event.quad_class == 4
    assert event.status == "asserted" and event.goldstein == -10.0


def test_passive_voice_agent_is_actor1(events_of):
    event = only(events_of("Three protesters were killed by soldiers in Khartoum."), "kill")
    assert event.actor1.text.startswith("soldiers")
    assert event.actor2.text == "Three protesters"
    assert event.plover_type == "ASSAULT"


def test_negation(events_of):
    event = only(events_of("Kenyan police did not arrest the demonstrators."), "arrest")
    assert event.status == "negated" and event.cameo_code == "173"
    assert event.actor1.country == "KEN"
    nobody = only(events_of("No soldiers were killed in the ambush."), "kill")
    assert nobody.status == "negated"


def test_threat_recodes_the_threatened_action(events_of):
    event = only(events_of("Turkey threatened to impose sanctions on Greece."), "impose")
    assert event.status == "threatened" and event.cameo_code == "1312" and event.plover_type == "THREATEN"
    assert event.actor1.country == "TUR" and event.actor2.country == "GRC"
    vow = only(events_of("The militia vowed to attack government buildings."), "attack")
    assert vow.status == "threatened" and vow.cameo_root == "13"


def test_warning_clause_is_a_threat_not_a_statement(events_of):
    events = events_of("Pyongyang warned that it could launch a nuclear attack.")
    assert [e.trigger.lemma for e in events] == ["attack"]
    assert events[0].status == "threatened" and events[0].plover_type == "THREATEN"


def test_announced_actions_are_intents_or_threats(events_of):
    # CAMEO: an actor's announced cooperation is "express intent" (03x), announced conflict a threat (13x)
    intent = only(events_of("Russia will withdraw its troops from Syria next month."), "withdraw")
    assert intent.cameo_code == "0356" and intent.plover_type == "AGREE" and intent.status == "asserted"
    threat = only(events_of("The union plans to boycott the elections."), "boycott")
    assert threat.status == "threatened" and threat.cameo_code == "133" and threat.plover_type == "THREATEN"
    said = only(events_of("The rebels said they would free the hostages."), "free")
    assert said.cameo_code == "0353" and said.status == "reported"
    forecast = only(events_of("The two presidents are scheduled to meet in Geneva next week."), "meet")
    assert forecast.status == "planned" and forecast.plover_type == "CONSULT"


def test_appeals_and_demands_are_coded_by_what_they_want(events_of):
    urge = only(events_of("The UN urged Israel to withdraw its troops from Lebanon."), "urge")
    assert urge.cameo_code == "0256" and urge.plover_type == "REQUEST" and urge.actor2.country == "ISR"
    assert [
        e.trigger.lemma for e in events_of("The UN urged Israel to withdraw its troops from Lebanon.")
    ] == ["urge"]
    ask = only(events_of("Pakistan asked India to resume talks."), "ask")
    assert ask.cameo_code == "026" and ask.actor1.country == "PAK" and ask.actor2.country == "IND"
    agree = only(events_of("Iran agreed to release the British sailors."), "agree")
    assert agree.cameo_code == "0353" and agree.plover_type == "AGREE" and agree.actor2.country == "GBR"
    call = only(events_of("The opposition called for the resignation of the prime minister."), "call")
    assert call.cameo_code == "0241" and call.actor2.sector == "GOV"


def test_planned_and_hypothetical(events_of):
    hypo = only(events_of("If talks fail, the army could bomb the rebel positions."), "bomb")
    assert hypo.status == "hypothetical"


def test_reported_complement(events_of):
    event = only(events_of("Syrian forces shelled the town overnight, activists said."), "shell")
    assert event.status == "reported" and event.cameo_code == "194"
    assert event.plover_mode == "heavy-weapons"
    assert not [
        e
        for e in events_of("Syrian forces shelled the town overnight, activists said.")
        if e.trigger.lemma == "say"
    ]


def test_conjoined_verbs_share_the_subject(events_of):
    events = events_of("Israeli warplanes struck targets in Gaza and killed five militants.")
    assert [e.trigger.lemma for e in events] == ["strike", "kill"]
    assert all(e.actor1.country == "ISR" for e in events)
    assert events[1].actor2.text == "five militants"
    assert events[0].plover_mode == "aerial"


def test_light_verb_with_event_noun_and_purpose_clause(events_of):
    events = events_of("The president ordered a French drone strike to kill the militant commander.")
    assert len(events) == 1
    event = events[0]
    assert event.trigger.text == "strike" and event.cameo_code == "195"
    assert event.plover_mode == "drone" and event.instrument == "drone"
    assert event.actor1.country == "FRA" and "commander" in event.actor2.text


def test_event_noun_subject_and_possessive_actors(events_of):
    strike = only(events_of("A Pakistani drone strike killed a senior commander."), "kill")
    assert strike.actor1.country == "PAK" and strike.cameo_code == "195"
    killing = only(events_of("Egypt's killing of a Libyan smuggler angered Tripoli."), "killing")
    assert killing.actor1.country == "EGY" and "smuggler" in killing.actor2.text
    victim = only(events_of("The journalist's assassination shocked Mexico."), "assassination")
    assert victim.actor1 is None and "journalist" in victim.actor2.text


def test_event_noun_subject_of_uncoded_verb_is_kept(events_of):
    event = only(events_of("The Chinese offensive did not cause any casualties."), "offensive")
    assert event.status == "asserted" and event.plover_type == "ASSAULT" and event.actor1.country == "CHN"


def test_cooperation_and_verbal_events(events_of):
    met = only(events_of("Colombia's president met with rebel leaders in Havana."), "meet")
    assert met.plover_type == "CONSULT" and met.quad_class == 1 and "leaders" in met.actor2.text
    signed = only(events_of("Peru and Chile signed a trade agreement on Tuesday."), "sign")
    assert signed.cameo_code == "057" and signed.actor2.country == "CHL"
    condemned = only(events_of("The European Union condemned the coup in Niger."), "condemn")
    assert condemned.plover_type == "ACCUSE" and condemned.plover_type_2021 == "DISAPPROVE"
    expel = only(events_of("Brazil expelled the Venezuelan ambassador."), "expel")
    assert expel.plover_type == "SANCTION" and expel.actor1.country == "BRA"


def test_protest_and_instrument_modes(events_of):
    protest = only(events_of("Hundreds of students protested against the new law in Nairobi."), "protest")
    assert protest.plover_type == "PROTEST" and protest.actor1.text == "Hundreds of students"
    kidnap = only(events_of("Gunmen kidnapped 20 schoolchildren in Nigeria."), "kidnap")
    assert kidnap.cameo_code == "181" and kidnap.plover_mode == "firearms"
    tear_gas = only(events_of("Riot police fired tear gas at the crowd."), "fire")
    assert tear_gas.plover_type == "ASSAULT" and tear_gas.plover_mode == "crowd-control"


def test_relative_clause_subject_and_ids(events_of):
    events = events_of("Militants who attacked the convoy were arrested by Afghan police.")
    assert [e.trigger.lemma for e in events] == ["attack", "arrest"]
    assert events[0].actor1.text == "Militants"
    assert events[1].actor2.text == "Militants" and events[1].actor1.country == "AFG"
    assert [e.id for e in events] == ["e0", "e1"]
    for event in events:
        assert 0 <= event.span[0] < event.span[1] and 0 < event.confidence <= 1


def test_plain_reporting_and_non_political_sentences_yield_nothing(events_of):
    assert events_of("The minister said the economy grew by three percent.") == []
    assert events_of("The weather was sunny in Lisbon on Sunday.") == []


def test_facility_target_stands_for_the_forces_it_houses(events_of):
    events = events_of(
        "Militants fired rockets at a camp near Kirkuk that hosts Turkish soldiers on Sunday. "
        "Later the group shelled an airbase in the north of the province, officials said. "
        "Separately, gunmen attacked an outpost where Kenyan troops are stationed."
    )
    camp = only(events, "fire")
    assert (camp.actor2.country, camp.actor2.sector) == ("TUR", "MIL")
    assert camp.actor2.text.startswith("a camp")
    # "an airbase": a facility of another kind (base, not camp) inherits nothing
    assert only(events, "shell").actor2.country is None
    outpost = only(events, "attack")
    assert (outpost.actor2.country, outpost.actor2.sector) == ("KEN", "MIL")


def test_later_mention_of_a_base_inherits_its_occupant_not_a_name_inside_it(events_of):
    events = events_of(
        "Insurgents attacked two bases in Syria that house Russian forces on Monday. "
        "The insurgents targeted the Hmeimim airbase, the defence ministry said."
    )
    later = only(events, "target")
    assert (
        later.actor2.country == "RUS" and later.actor2.confidence < only(events, "attack").actor2.confidence
    )
    own = events_of("Gunmen attacked the Iraqi base that hosts American troops.")
    assert own[0].actor2.country == "USA"  # who is inside beats the host country's adjective


def test_measured_objects_recipients_and_joint_partners(events_of):
    aid = only(events_of("The European Community on Monday gave Ghana 5.1 million dollars of aid."), "give")
    assert aid.plover_type == "AID" and aid.actor2.country == "GHA"
    lifted = only(events_of("Sudan's government on Sunday lifted a state of emergency in the north."), "lift")
    assert lifted.cameo_code == "0814" and lifted.actor1.country == "SDN"
    pact = only(events_of("The United States and Jordan have agreed upon a new free-trade pact."), "agree")
    assert pact.plover_type == "AGREE" and pact.actor1.country == "USA" and pact.actor2.country == "JOR"


def test_abstract_nouns_are_not_actors(events_of):
    assert not events_of("The evidence simply does not support his claims.")
    criticism = only(
        events_of("Mr Howard will also attack the Liberal Democrats for wanting to abolish faith schools."),
        "attack",
    )
    assert criticism.cameo_code == "111" and criticism.plover_type == "ACCUSE"
    urged = only(events_of("Lawmakers urged restraint."), "urge")
    assert urged.actor2 is None


def test_weapons_after_with_are_how_not_whom(events_of):
    attack = only(
        events_of("The rebels launched an attack with dozens of rockets on the army base in Kidal."), "attack"
    )
    assert attack.actor2 is not None and attack.actor2.text.endswith("army base")
    assert attack.instrument == "rockets" and attack.plover_type == "ASSAULT"
    urged = [
        e
        for e in events_of("Lawmakers have also urged restraint and a plan to cut spending.")
        if e.trigger.lemma == "urge"
    ]
    assert len(urged) == 1


def test_headline_constructions(events_of):
    shot = only(events_of("Australian police officer shot dead at rural property"), "shoot")
    assert shot.actor1 is None and shot.actor2.sector == "COP" and shot.plover_type == "ASSAULT"
    missiles = only(events_of("Iranian missiles injure 160 in towns near the border"), "injure")
    assert missiles.actor1.country == "IRN" and missiles.instrument == "missiles"
    leader = only(events_of("Putin urges Macron to resume talks"), "urge")
    assert leader.actor1.country == "RUS" and leader.actor1.sector == "GOV" and leader.actor2.country == "FRA"
    assert not events_of("Fire at a shop in Lagos kills 23, officials say")
    place = events_of("Eight hurt in Denver knife attack")
    assert all(e.actor1 is None for e in place)  # a city before the noun is where, not who


def test_captions_questions_animals_and_places_make_no_actors(events_of):
    assert not [e for e in events_of("Watch: How the Denver attack unfolded") if e.cameo_code == "150"]
    assert all(e.actor1 is None for e in events_of("Who killed the young woman who fled Russia?"))
    assert not events_of("Boy, 3, was attacked by a crocodile at the zoo")
    assert all(e.actor1 is None for e in events_of("After deadly Kyiv strike, officials count the dead"))
    accuse = only(events_of("Trump accuses Starmer of seeking to join wars"), "accuse")
    assert accuse.actor1.country == "USA" and accuse.actor2.country == "GBR"


def test_refusals_are_coded_by_what_is_refused(events_of):
    release = only(events_of("The government refused to release the detained journalists."), "refuse")
    assert release.cameo_code == "1243" and release.plover_type == "REJECT"
    talks = only(events_of("Hamas rejected talks with Israel."), "reject")
    assert talks.cameo_code == "125" and talks.actor2.country == "ISR"
    wont = only(events_of("North Korea said it would not negotiate with Seoul."), "negotiate")
    assert wont.cameo_code == "125" and wont.status == "reported" and wont.actor2.country == "KOR"
    comment = only(events_of("The minister declined to comment."), "decline")
    assert comment.cameo_code == "011"


def test_noun_compounds_in_objects_and_non_event_compounds(events_of):
    suspend = only(
        events_of("Red Cross officials suspended aid deliveries in Baghdad on Wednesday."), "suspend"
    )
    assert suspend.plover_type == "SANCTION"
    assert not [
        e
        for e in events_of("The rebels said in a press release that talks had failed.")
        if e.trigger.lemma == "release"
    ]


def test_hit_with_a_cost_or_sanctions_and_suits(events_of):
    assert not events_of("The newspaper is to be hit with an £80m restructuring charge.")
    sanctions = only(events_of("The EU hit Russia with new sanctions on Monday."), "hit")
    assert sanctions.cameo_code == "163" and sanctions.actor2.country == "RUS"
    downgraded = events_of("A previous estimate of 0.1% growth was downgraded to a 0.3% decline.")
    assert all(e.actor1 is None and e.actor2 is None for e in downgraded)  # no estimate as an actor
    returned = only(events_of("The administrator sued the bank to return 136m euros."), "return")
    assert returned.status == "hypothetical"


def test_imperatives_demonstratives_and_event_noun_objects(events_of):
    assert not events_of("Welcome to the new media centre.")
    assert not [e for e in events_of("This will help to reduce delays for families.") if e.actor1 is not None]
    lifted = only(events_of("The EU lifted its arms embargo on China."), "lift")
    assert lifted.actor2 is not None and lifted.actor2.country == "CHN"
