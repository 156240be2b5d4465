"""Sense rules: when a CAMEO verb is not the event it looks like, or is a more specific one.

``is_other_sense`` rejects sports and market senses ("Arsenal beat Chelsea", "shares hit a low");
``is_labour_strike`` tells a strike by workers from a military strike; ``is_intervention`` and the
inaction word sets find police who stood by (CAMEO 150-style inaction); ``kills_outright``,
``fires_weapon`` and ``violence_in`` read force from the clause.
"""

from __future__ import annotations

from storyline.events import coding
from storyline.events.agency import is_abstract, owner_of
from storyline.events.clauses import (
    FoundEvent,
    actor_info,
    children,
    event_noun_code,
    is_actor_word,
    is_person_like,
    is_security_force,
    modifiers_of,
    noun_target,
    prepositional_target,
)
from storyline.events.cues import (
    AMMUNITION,
    ANIMALS,
    ARMED_SECTORS,
    ASSAILANT_WORDS,
    ECONOMIC_WORDS,
    IMPACT_DEGREES,
    IMPACT_LEMMAS,
    INTERVENTION_OBJECTS,
    INTERVENTION_VERBS,
    LABOUR_SECTORS,
    NATURAL_CAUSES,
    NO_EVENT,
    NON_NOMINAL_POS,
    NOUN_POS,
    OBJECT_DEPS,
    OTHER_SENSE_LEMMAS,
    PASSIVE_SUBJECT_DEPS,
    PERSON_DIRECTED_CODES,
    SCORE,
    SPORTS_WORDS,
    SUBJECT_DEPS,
    WIN_LEMMAS,
    WORKER_WORDS,
)


def is_other_sense(found: FoundEvent) -> bool:
    """Whether a violent verb reports a game or a market, not violence: no weapon is named, no side
    is police or troops, and the sentence reads as sport (its words or a score) or an economic noun is
    the one who hit or was hit."""
    trigger = found.trigger
    if trigger.pos_ != "VERB" or trigger.lemma_.lower() not in OTHER_SENSE_LEMMAS:
        return False
    weapon = found.instrument is not None and found.instrument.words != trigger.lower_  # "shot" names itself
    if weapon or not coding.is_coercive(found.code):
        return False
    for actor in (found.actor1, found.actor2):
        info = actor_info(actor.text) if actor is not None else None
        if is_security_force(actor) or (info is not None and info.sector in ARMED_SECTORS):
            return False
    for actor in (found.actor1, found.actor2):
        if actor is not None and (actor.lemma_.lower() in ECONOMIC_WORDS or actor.lower_ in ECONOMIC_WORDS):
            if actor.ent_type_ not in ("PERSON", "NORP", "GPE", "ORG"):
                return True  # "the slump hit exports", "oil prices hit the economy"
    if trigger.lemma_.lower() not in WIN_LEMMAS and found.actor2 is not None:
        return False  # "fans attacked the referee after the match" is an assault
    sentence = trigger.sent
    lowered = {t.lower_ for t in sentence}
    if any(" " in w and w in sentence.text.lower() for w in SPORTS_WORDS) or lowered & SPORTS_WORDS:
        return True  # "Brazil beat Germany in the final", "the striker shot wide"
    return bool(SCORE.search(sentence.text))


def is_intervention(verb) -> bool:
    """An act whose absence is inaction: "intervene", "stop the mob", "take action", "register a complaint"."""
    lemma = verb.lemma_.lower()
    if lemma in INTERVENTION_VERBS:
        return True
    wanted = INTERVENTION_OBJECTS.get(lemma, frozenset())
    return any(o.lemma_.lower() in wanted for o in children(verb, OBJECT_DEPS | PASSIVE_SUBJECT_DEPS))


def violence_in(tokens) -> bool:
    """Whether any of the tokens is a violent act (riot, coercion, assault, fight): what a bystander watched."""
    lexicon = coding.verb_lexicon()
    for token in tokens:
        code = event_noun_code(token)
        if code is None and token.pos_ in ("VERB", "NOUN"):
            found = lexicon.code(token.lemma_.lower(), [], [])
            code = found[0] if found else None
        if code is not None and (coding.is_violent_protest(code) or coding.is_coercive(code)):
            return True
    return False


def is_labour_strike(found: FoundEvent) -> bool:
    """A strike with no weapon and no target, by no one armed: "the strike will continue"."""
    if found.instrument is not None or found.actor2 is not None:
        return False
    trigger = found.trigger
    if any(m in WORKER_WORDS for m in modifiers_of(trigger)):
        return True
    if found.actor1 is None:
        return trigger.pos_ in NOUN_POS
    if found.actor1.lower_ in WORKER_WORDS or found.actor1.lemma_.lower() in WORKER_WORDS:
        return True
    if found.actor1.lemma_.lower() in ASSAILANT_WORDS:
        return False  # "when the mob struck": an attack
    info = actor_info(found.actor1.text)
    return info is not None and info.country is None and (info.sector or "") in LABOUR_SECTORS


def kills_outright(verb) -> bool:
    """ "burnt alive", "beaten/stoned/hacked to death": the violence killed."""
    for child in verb.children:
        if child.lower_ == "alive" and child.dep_ in ("acomp", "oprd", "advmod", "xcomp", "amod", "dobj"):
            return True
        if child.dep_ == "prep" and child.lower_ == "to" and any(p.lower_ == "death" for p in child.children):
            return True
    return False


def fires_weapon(verb) -> bool:
    """Whether "fire" means shooting: aimed at someone ("fired at/on"), a weapon or ammunition fired
    ("fired tear gas", "fired three shots", "a missile was fired"), or no object ("police fired")."""
    if prepositional_target(verb, {"at", "on", "upon", "into", "toward", "towards"}) is not None:
        return True
    if any(c.lower_ in ("at", "on", "upon") and not children(c, {"pobj"}) for c in verb.children):
        return True  # "the mob was fired upon": a stranded preposition still aims
    fired = children(verb, OBJECT_DEPS | PASSIVE_SUBJECT_DEPS)
    if not fired:
        return True
    for thing in fired:
        words = [t.lower_ for t in thing.subtree]
        if thing.lower_ in AMMUNITION or coding.find_instrument(words) is not None:
            return True
    return False


def keep_agents(found: FoundEvent) -> bool:
    """Abstract nouns are no actors (see events/agency.py): an abstract subject with no owner
    means the verb is a figure of speech ("the evidence does not support his claims", "fees will
    hit students": no event); an abstract object stands for its owner ("attack Labour's record"
    -> Labour) or for no one ("urged restraint")."""
    if found.code == NO_EVENT:
        return False
    for slot in ("actor1", "actor2"):
        token = getattr(found, slot)
        if token is not None and token.pos_ in NON_NOMINAL_POS:
            setattr(found, slot, None)  # "inspect sites and wade through": a verb is no one
    if found.actor2 is not None and found.actor2.lemma_.lower() in ANIMALS and not found.actor2.ent_type_:
        return False  # "killing a protected bear"
    if (
        found.code.startswith(PERSON_DIRECTED_CODES)
        and is_abstract(found.actor2)
        and not event_noun_code(found.actor2)
    ):
        return False  # "did not release its results", "captured the imagination": another sense
    if (
        found.trigger.lemma_.lower() in IMPACT_LEMMAS
        and found.actor1 is None
        and any(c.lower_ in IMPACT_DEGREES for c in found.trigger.children)
    ):
        return False  # "the provinces hardest hit", "badly hit by the slump": impact, not attack
    if (
        found.actor1 is not None
        and found.actor1.lower_ in ("this", "that", "these")
        and found.actor1.dep_ in SUBJECT_DEPS
    ):
        return False  # "This will help to reduce delays": a thing, not an actor, does it
    if (
        found.actor2 is not None
        and found.actor2.pos_ in NOUN_POS
        and (noun_code := event_noun_code(found.actor2))
        and not is_person_like(found.actor2)
    ):
        # "lifted the embargo on China": the event noun's target is the one acted on
        target = noun_target(found.actor2, noun_code)
        if target is not None:
            found.actor2 = target
    if is_abstract(found.actor1) and not event_noun_code(found.actor1):
        owner = owner_of(found.actor1, is_actor_word)
        if owner is None:
            return False
        found.actor1 = owner
        found.notes.append("actor1: owner of an abstract subject")
    if is_abstract(found.actor2) and not event_noun_code(found.actor2):
        found.actor2 = owner_of(found.actor2, is_actor_word)
        found.notes.append("actor2: owner of an abstract object")
    return True


def is_natural_cause(found: FoundEvent) -> bool:
    if found.actor1 is None:
        return False
    modifiers = [c for c in found.actor1.children if c.dep_ in ("compound", "amod")]
    if found.actor1.lemma_.lower() == "fire" and any(is_actor_word(c) for c in modifiers):
        return False  # "police fire killed two": the police fired
    # "heart failure killed him", "a fire at a shop killed 23"
    return any(w.lemma_.lower() in NATURAL_CAUSES for w in [found.actor1, *modifiers])
