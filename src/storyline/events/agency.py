"""Which argument heads can be an event's actors.

CAMEO and PLOVER code actions between actors — people, groups, organisations, states — and, for
force, the places and things they hit. The parse also hands abstract nouns to the subject and
object slots: *the evidence does not support his claims*, *top-up fees will hit students*,
*lawmakers urged restraint*, *the only way to fight terrorism*. Such a subject means the verb is a
figure of speech, not an act; such an object is the topic, and the actor it belongs to (*his*
claims, *Labour's* record) is the one acted on.

A head counts as abstract when it is a common noun that no actors lexicon, name or people word
claims, and it either has the morphology of an abstract noun (*-tion, -ment, -ness, -ity, -ism*
...) or is one of a short list of frequent abstract heads. Unknown concrete nouns are left alone:
this only removes what is clearly no one.
"""

from __future__ import annotations

from collections.abc import Callable

#: Endings of abstract nouns (restraint is listed below: "-aint" also ends "saint").
ABSTRACT_SUFFIXES = ("tion", "tions", "sion", "sions", "ment", "ments", "ness", "ity", "ities", "ism", "isms",
                     "ance", "ances", "ence", "ences", "acy")
#: Abstract-looking words that name groups, bodies or places that can act or be hit.
GROUP_NOUNS = {
    "government", "governments", "movement", "movements", "parliament", "parliaments", "department",
    "departments", "management", "establishment", "settlement", "settlements", "leadership", "authority",
    "authorities", "community", "communities", "majority", "minority", "minorities", "opposition",
    "administration", "administrations", "alliance", "alliances", "audience", "presidency", "agency",
    "agencies", "resistance", "intelligence", "delegation", "delegations", "federation", "association",
    "associations", "organisation", "organisations", "organization", "organizations", "commission",
    "confederation", "legislature", "judiciary", "nation", "nations", "population", "populations",
    "congregation", "university", "universities", "municipality", "corporation", "corporations",
    "foundation", "institution", "institutions", "constituency", "bureaucracy", "democracy", "democracies",
    "mission", "missions", "division", "divisions", "battalion", "legion", "station", "stations",
    "installation", "installations", "position", "positions", "facility", "facilities", "residence",
    "embassy", "conference", "convention", "coalition", "union", "unions", "party", "parties",
    "celebrity", "celebrities", "fraternity", "sorority", "police", "militia", "militias", "regiment",
    "garrison", "detachment", "contingent", "secretariat", "directorate", "inspectorate", "ministry",
    "tribunal", "generation", "citizenry", "electorate", "prosecution", "defence", "defense",
    "occupation", "insurgency", "guerrilla", "entity", "entities", "republic", "society", "city", "cities",
    "presence", "procession", "processions", "ambulance", "ambulances", "ammunition", "shipment",
    "shipments", "encampment", "apartment", "apartments", "compartment", "equipment", "armament",
    "armaments", "monument", "monuments", "basement", "cantonment", "pharmacy", "fortification",
    "fortifications", "plantation", "plantations", "location", "locations", "junction", "intersection",
    "construction", "defences", "defenses", "residences", "embassies", "congregations", "gathering",
    "legation", "consulate",
}
#: Frequent abstract heads that no suffix gives away.
ABSTRACT_HEADS = {
    "way", "ways", "evidence", "fee", "fees", "record", "records", "plan", "plans", "idea", "ideas",
    "restraint", "need", "needs", "claim", "claims", "issue", "issues", "problem", "problems", "question",
    "questions", "matter", "fact", "facts", "price", "prices", "cost", "costs", "rate", "rates", "level",
    "levels", "effort", "efforts", "step", "steps", "move", "measure", "measures", "policy", "policies",
    "proposal", "proposals", "law", "laws", "bill", "rule", "rules", "system", "situation", "scale",
    "crime", "poverty", "tax", "taxes", "money", "budget", "thing", "things", "something", "anything",
    "nothing", "everything", "reason", "result", "results", "change", "changes", "chance", "right",
    "rights", "case", "point", "view", "views", "sense", "role", "term", "terms", "word", "words",
    "remark", "remarks", "comment", "comments", "statement", "pressure", "attention", "interest",
    "concern", "concerns", "fear", "fears", "hope", "hopes", "risk", "risks", "speech", "stance", "debate",
    "argument", "arguments", "approach", "strategy", "tactic", "tactics", "agenda", "deal", "vote",
    "votes", "campaign", "scheme", "programme", "program", "reform", "reforms", "spending", "cut", "cuts",
    "rise", "increase", "decline", "growth", "demand", "supply", "market", "markets", "economy",
    "future", "past", "history", "time", "times", "year", "years", "life", "lives", "work", "job",
    "jobs", "help", "support", "criticism", "debt", "deficit", "loss", "losses", "damage", "impact",
    "effect", "effects", "benefit", "benefits", "advantage", "goal", "goals", "aim", "aims", "target",
    "targets", "deadline", "process", "progress", "trend", "pattern", "figure", "figures", "data",
    "share", "shares", "profit", "profits", "sale", "sales",
    "trade", "tourism", "weather", "climate", "violence", "terror", "terrorism", "extremism", "racism",
    "corruption", "freedom", "peace", "war", "culture", "religion", "faith", "truth",
    "lie", "lies", "story", "stories", "news", "message", "title", "name", "image", "reputation", "aftermath",
    "bid", "bids", "request", "requests", "attempt", "attempts", "offer", "offers", "plea", "pleas",
    "estimate", "estimates", "forecast", "forecasts", "outlook", "rating", "ratings", "inflation", "output",
    "charge", "charges", "fine", "fines", "bills", "penalty", "penalties", "levy", "tariff", "tariffs",
    "relationship", "relationships", "friendship", "partnership", "ownership", "citizenship", "censorship",
}


def is_abstract(token) -> bool:
    """Whether ``token`` heads a noun phrase that names no one and nothing that can be hit."""
    if token is None or token.pos_ != "NOUN" or token.ent_type_ in ("PERSON", "ORG", "NORP", "GPE", "FAC", "LOC"):
        return False
    word, lemma = token.lower_, token.lemma_.lower()
    if word in GROUP_NOUNS or lemma in GROUP_NOUNS:
        return False
    if word in ABSTRACT_HEADS or lemma in ABSTRACT_HEADS:
        return True
    return word.endswith(ABSTRACT_SUFFIXES) and len(word) > 5


def owner_of(token, is_actor_word: Callable) -> object | None:
    """Whose the abstract thing is: "Labour's record" -> Labour, "his claims" -> his, "the
    government's plan" -> government; None when no actor owns it."""
    for child in token.children:
        if child.dep_ == "poss" and is_actor_word(child):
            return child
    for child in token.children:
        if child.dep_ in ("compound", "nmod", "amod") and child.ent_type_ in ("PERSON", "ORG", "NORP", "GPE"):
            return child
    return None
