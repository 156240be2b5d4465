"""Closed-class cue words of English event grammar (verbs of reporting, threat, plan, request, ...), the
dependency labels the clause helpers read, and the CAMEO code prefixes the rules test.
"""

# fmt: off
# (word lists kept one block per set, as written; they move to storyline/lang/en data files)

from __future__ import annotations

import re

from storyline.lang import mapping, words
from storyline.nlp.syntax import (  # noqa: F401 - re-exported for events
    MODIFIER_DEPS,
    NOUN_POS,
    NP_EXCLUDED_DEPS,
    OBJECT_DEPS,
    PASSIVE_SUBJECT_DEPS,
    QUANTITY_HEADS,
    SUBJECT_DEPS,
)

#: Verbs whose xcomp is a threatened action: "threatened to strike", "intends to retaliate".
THREAT_VERBS = words("threat_verbs")

#: Verbs whose xcomp is a planned action: "plan to withdraw", "prepare to attack".
PLAN_VERBS = words("plan_verbs")

#: Verbs whose xcomp did not happen: "failed to stop".
FAIL_VERBS = {"fail", "neglect", "omit"}

#: Verbs that reject their xcomp: "refused to withdraw" is coded as the refusal.
REFUSE_VERBS = {"refuse", "decline", "reject"}

#: Verbs that make their object do the xcomp: "urged Iran to withdraw" (the urging is the event).
REQUEST_VERBS = words("request_verbs")

#: Object-control verbs beyond requests: "prompting the personnel to open fire" (the personnel fire).
OBJECT_CONTROL_VERBS = REQUEST_VERBS | words("object_control_verbs")

#: Verbs that appeal for, promise or demand the action in their xcomp or object: one event, coded by
#: what is wanted (CAMEO 02x / 03x / 10x): "urged Israel to withdraw" -> 0256, "agreed to hold
#: talks" -> 036, "demanded the release of X" -> 1053 (see coding.modal_code).
MODAL_VERBS = {
    **dict.fromkeys(("urge", "ask", "call", "appeal", "press", "request", "implore", "invite", "plead",
                     "encourage", "beg", "petition", "lobby"), "appeal"),
    **dict.fromkeys(("agree", "promise", "pledge", "offer", "vow", "undertake", "volunteer", "commit"),
                    "intent"),
    **dict.fromkeys(("demand", "insist"), "demand"),
    **dict.fromkeys(("refuse", "decline", "reject", "rule"), "reject"),
}

#: Verbs whose object event noun carries the event: "launched an attack", "ordered a strike".
LIGHT_VERBS = words("light_verbs")

#: Reporting verbs: their complement clause is "reported"; they are not events themselves.
REPORT_VERBS = words("reporting_verbs", tag="event_report")

#: Verbs whose xcomp is asked for, not done: "urged the police to arrest the killers".
REQUESTED_VERBS = words("requested_verbs")

#: Verbs whose xcomp is only permitted, not done: "laws that allow the police to arrest anyone".
PERMISSION_VERBS = words("permission_verbs")

NOT_DONE_HEADS = PERMISSION_VERBS | REQUESTED_VERBS

#: Verbs whose object event is wanted, not done: "demanding his arrest", "called for the release".
DEMAND_VERBS = words("demand_verbs")

HYPOTHETICAL_AUX = words("hypothetical_aux")

FUTURE_AUX = words("future_aux")

CONDITIONAL_MARKS = words("conditional_marks")

#: Prepositions that introduce whom an action is aimed at.
TARGET_PREPS = words("target_preps")

#: Prepositions after an event noun introducing who acted: "attack by militants".
AGENT_PREPS = {"by", "from"}

#: Nouns that name an event's target via "of": "killing of X", "arrest of X", "release of X".
OF_TARGET_CODES = ("17", "18", "08", "19", "20", "11")

# SUBJECT_DEPS, PASSIVE_SUBJECT_DEPS, OBJECT_DEPS, NOUN_POS, MODIFIER_DEPS, NP_EXCLUDED_DEPS and
# QUANTITY_HEADS: from storyline.nlp.syntax (imported above, re-exported here).

BASE_CONFIDENCE = {"verb+object": 0.85, "verb+particle": 0.8, "verb": 0.75, "light+noun": 0.8, "noun": 0.6}


#: Verbs that blame someone for an act: "accused X of killing", "blamed the police for failing to act".
ACCUSE_VERBS = words("accuse_verbs")

#: Heads a participle can modify as its patient: "persons arrested", "those detained", "the arrested men".
PATIENT_HEAD_POS = {"NOUN", "PROPN", "PRON", "NUM"}

#: Codes read from such reduced passives: coercion and violence done to the noun ("houses torched",
#: "people killed"); other participles describe more than they report ("armed men", "the aid sent").
REDUCED_PASSIVE_ROOTS = {"15", "17", "18", "19", "20"}

#: Before the noun a participle is mostly a description ("the Israeli-occupied West Bank", "the banned
#: party", "the besieged town", "the murdered priests" of an attack told before); it reports an event
#: only for arrests and deportations ("the arrested men were produced in court").
REDUCED_PREMODIFIER_CODES = ("173", "174")

#: Entity types that are never a participant: "on Tuesday", "at 5 pm", "on 3 February".
NOT_PARTICIPANT_ENTS = {"DATE", "TIME", "CARDINAL", "ORDINAL", "PERCENT", "MONEY", "QUANTITY"}

#: Object heads that only measure or frame what is handed over or lifted: "5 million dollars of
#: aid", "25,000 tons of food aid", "a state of emergency", "a package of sanctions".
MEASURE_HEADS = words("measure_heads")

#: A failure to act is a negated show of police/military power (CAMEO 150, PLOVER MOBILIZE).
INACTION_CODE = "150"

#: Actions whose absence is inaction: "did not intervene", "failed to prevent the attack".
INTERVENTION_VERBS = words("intervention_verbs")

#: Of these, the ones that need an object to mean intervening: "did not stop the mob".
TRANSITIVE_INTERVENTIONS = words("transitive_interventions")

#: Bystanding: "remained mute spectators", "stood mute witness", "watched helplessly", "sat idle".
BYSTANDER_VERBS = words("bystander_verbs")

BYSTANDER_WORDS = words("bystander_words")

#: ... or a particle: "stood by", "looked on".
BYSTANDER_PARTICLES = dict(mapping("bystander_particles"))

#: Protection someone can give or withhold: "did not provide protection", "denied police protection".
PROTECTION_NOUNS = words("protection_nouns")

#: Verb + object interventions whose absence is inaction: "took no action", "did not register the complaint".
INTERVENTION_OBJECTS: dict[str, frozenset[str]] = {
    verb: words(objects[1:]) if objects.startswith("@") else frozenset(objects.split(","))
    for verb, objects in mapping("intervention_objects").items()
}

#: Verbs that withhold their object: "denied protection to the squad" is inaction.
WITHHOLD_VERBS = words("withhold_verbs")

#: Nouns that state a failure to act: "police inaction", "the negligence of the officers".
INACTION_NOUNS = words("inaction_nouns")

#: Nouns of something missing: "lack of police action", "absence of the police", "failure of X to act".
LACK_NOUNS = words("lack_nouns")

#: What can be missing that is an intervention: "lack of police action / protection / presence".
ACTION_NOUNS = PROTECTION_NOUNS | words("action_nouns")

#: Coming to the scene: for police or troops, not coming is a failure to intervene ("did not come").
ARRIVAL_VERBS = words("arrival_verbs")

#: Being at the scene, or not: "no policeman was present", "the police were absent".
PRESENT_WORDS = words("present_words")

ABSENT_WORDS = words("absent_words")

#: Leaving the scene: for police or troops while violence goes on, a failure to intervene.
FLEE_VERBS = words("flee_verbs")

#: Sectors whose duty is to intervene (CAMEO police and military).
SECURITY_SECTORS = {"COP", "MIL"}

#: People nouns a verb like "pick up" needs as patient to mean an arrest ("six persons were picked up").
PEOPLE_WORDS = words("people_nouns", tag="arrest_patient")

#: Verbs that are an arrest only when done to a person: "picked up the suspects", not "picked up speed".
PERSON_PATIENT_LEMMAS = {"pick"}

#: Verbs of violence that also say who won a game: "India beat Australia by six wickets".
WIN_LEMMAS = words("win_lemmas")

#: Verbs of violence that also describe play ("the striker shot wide", "struck twice") or a market
#: ("the slump hit exports", "shares shot up").
OTHER_SENSE_LEMMAS = WIN_LEMMAS | words("other_sense_lemmas")

#: Sectors of armed or violent actors: their "attack during the match" is still an attack.
ARMED_SECTORS = SECURITY_SECTORS | {"REB", "INS", "UAF", "CRM", "SEP", "TER", "SPY"}

#: Words that make a sentence a sports report.
SPORTS_WORDS = words("sports_words")

#: Abstract economic nouns: what markets and economies "hit", "beat" or "slash".
ECONOMIC_WORDS = words("economic_words")

#: A game score: "2-1", "by six wickets", "by 21 runs", "in straight sets".
SCORE = re.compile(r"\b\d{1,2}-\d{1,2}\b|\bby (\w+ )?(\d+|one|two|three|four|five|six|seven|eight|nine|ten|an?)"
                   r" (wickets?|runs?|goals?|points?|strokes?|lengths?|seconds?)\b|\bstraight sets\b", re.IGNORECASE)

#: What a hit "with" imposes when it is a sanction: "hit Russia with sanctions".
SANCTION_WORDS = words("sanction_words")

#: Code of a FoundEvent that turned out to be no event (dropped before it is returned).
NO_EVENT = "-"

#: Parts of speech that never head an actor phrase.
NON_NOMINAL_POS = {"VERB", "AUX", "ADP", "ADV", "SCONJ", "CCONJ", "PART", "INTJ", "PUNCT", "SYM"}

#: Codes whose target is a person (or people): an abstract object means another sense of the verb.
PERSON_DIRECTED_CODES = ("0841", "172", "173", "174", "181", "1823", "186")

#: "hardest hit", "badly affected": degree words that make a hit an impact, not a blow.
IMPACT_LEMMAS = {"hit", "affect", "strike"}

IMPACT_DEGREES = words("impact_degrees")

#: Verbs of intent whose xcomp an actor announces: "decided to release", "plans to withdraw".
INTENT_PLAN_VERBS = words("intent_plan_verbs")

#: "is willing / prepared / ready to withdraw".
WILLING_WORDS = words("willing_words")

#: Verbs of a bomb going off; where it went off is what was attacked.
EXPLOSION_VERBS = words("explosion_verbs")

AREA_WORDS = words("area_words")

#: Verbs that use a weapon named by their object: "burst tear gas shells", "hurled petrol bombs".
WEAPON_USE_VERBS = words("weapon_use_verbs")

#: Verbs of dying: an event when the death has an agentive cause ("died in police firing").
DEATH_VERBS = {"die", "perish", "succumb"}

#: Prepositions that introduce the cause of a death or injury.
CAUSE_PREPS = words("cause_preps")

#: Instrument words that also name who acts (people, crewed platforms): "gunmen kidnapped",
#: "Israeli warplanes struck". Other weapons in the subject slot are the instrument.
AGENT_INSTRUMENTS = words("agent_instruments")

#: Causes that are no one's act: "an earthquake killed 300 people" is not political violence.
#: Animals that attack or are killed: no political event either way.
ANIMALS = words("animals")

NATURAL_CAUSES = words("natural_causes") | ANIMALS

#: Objects of "attack"/"hit" that are words, not people or places: "attacked the government's
#: plans" is criticism (CAMEO 111), not an assault.
CRITICISM_OBJECTS = words("criticism_objects")

#: Ammunition objects of "fire" (besides the weapons in instruments.tsv): "fired shots".
AMMUNITION = words("ammunition")

#: Who takes part in a labour strike: "the seamen's strike", "teachers struck for more pay".
LABOUR_SECTORS = {"LAB", "CVL", "EDU", "BUS", "MED", "AGR", "HLH"}

WORKER_WORDS = words("worker_words")

#: Event nouns whose lone possessive is the one it happened to: "Soleimani's killing".
PATIENT_NOUNS = words("patient_nouns")

WEEKDAYS = words("weekdays")

#: Who strikes with violence, never in a labour dispute: "the mob struck at night".
ASSAILANT_WORDS = words("assailant_words")

#: Codes whose conjoined subjects act together on each other's side ("Syria and Russia signed"):
#: the second party is already actor2 there (see ``_with_verb_arguments``).
JOINT_ACT_ROOTS = {"03", "04", "05", "06"}

#: Fighting verbs whose conjoined subjects fight each other: "activists and police clashed".
RECIPROCAL_LEMMAS = words("reciprocal_lemmas")
