"""Inaction rules: police or troops who did not act, recorded as a negated intervention (CAMEO 150).

"police stood by", "did not intervene", "failed to act", "remained mute spectators", "the
police's inaction". A mixin of :class:`storyline.events.extract.EventExtractor`.
"""

from __future__ import annotations

from storyline.events.clauses import (
    FoundEvent,
    agent_of,
    children,
    failing_party,
    is_actor_word,
    is_negative_argument,
    is_passive,
    is_security_force,
    subject_of,
)
from storyline.events.cues import (
    ABSENT_WORDS,
    ACTION_NOUNS,
    ARRIVAL_VERBS,
    BYSTANDER_PARTICLES,
    BYSTANDER_VERBS,
    BYSTANDER_WORDS,
    FLEE_VERBS,
    INACTION_CODE,
    INACTION_NOUNS,
    INTERVENTION_OBJECTS,
    INTERVENTION_VERBS,
    LACK_NOUNS,
    NOUN_POS,
    OBJECT_DEPS,
    PRESENT_WORDS,
    PROTECTION_NOUNS,
    TRANSITIVE_INTERVENTIONS,
    WITHHOLD_VERBS,
)
from storyline.events.senses import is_intervention, violence_in
from storyline.events.status import under_failure


class InactionRules:
    """The extractor's inaction rules (verbs, copulas and nouns of not acting)."""

    def _inaction(self, verb, trigger) -> FoundEvent:
        """A failure to act, recorded as a negated intervention (CAMEO 150, PLOVER MOBILIZE: a show
        of police or military power): "police stood by", "did not intervene", "failed to act"."""
        found = FoundEvent(trigger=trigger, code=INACTION_CODE, how="verb", status="negated")
        found.actor1, found.inherited_actor = subject_of(verb)
        if found.actor1 is None and is_passive(verb):
            found.actor1 = agent_of(verb)
        found.notes.append("inaction")
        return found

    def _inaction_event(self, verb) -> FoundEvent | None:
        lemma = verb.lemma_.lower()
        negated = bool(children(verb, {"neg"})) or any(c.lower_ == "never" for c in verb.children)
        objects = children(verb, OBJECT_DEPS)
        if verb.dep_ == "conj" and under_failure(verb) and is_intervention(verb):
            return self._inaction(verb, verb)  # "failed to reach the spot and stop the mob"
        if lemma in INTERVENTION_VERBS and negated and (objects or lemma not in TRANSITIVE_INTERVENTIONS):
            return self._inaction(verb, verb)  # "did not intervene", "never acted", "did not stop the mob"
        if (
            lemma in INTERVENTION_OBJECTS
            and is_intervention(verb)
            and (negated or any(is_negative_argument(o) for o in objects))
        ):
            return self._inaction(verb, verb)  # "took no action", "did not provide protection"
        if (
            lemma in WITHHOLD_VERBS
            and not negated
            and any(o.lemma_.lower() in PROTECTION_NOUNS for o in objects)
        ):
            return self._inaction(verb, verb)  # "denied police protection to the squad"
        subject = subject_of(verb)[0] if lemma in ARRIVAL_VERBS | BYSTANDER_VERBS else None
        if subject is not None and is_security_force(subject):
            states = {c.lower_ for c in children(verb, {"acomp", "advmod", "attr"})}
            if lemma in ARRIVAL_VERBS and negated:
                return self._inaction(verb, verb)  # "the police did not come", "troops never arrived"
            absent = states & ABSENT_WORDS or (
                states & PRESENT_WORDS and (negated or is_negative_argument(subject))
            )
            if lemma in ("be", "remain", "stay") and absent:
                return self._inaction(verb, verb)  # "no policeman was present", "the police were absent"
        if (
            lemma in FLEE_VERBS
            and not negated
            and (lemma != "run" or {c.lower_ for c in verb.children} & {"away", "off"})
            and is_security_force(subject_of(verb)[0])
            and violence_in(t for t in verb.sent if t.i != verb.i)
        ):
            return self._inaction(verb, verb)  # "the police team ran away when the mob attacked"
        if (
            lemma == "watch"
            and not negated
            and subject_of(verb)[0] is not None
            and (not objects or violence_in(t for o in objects for t in o.subtree))
            and violence_in(t for t in verb.sent if t.i != verb.i)
        ):
            return self._inaction(
                verb, verb
            )  # "stood and watched a mob lynch two men", "police watched as ..."
        if lemma == "do" and (
            any(o.lower_ in ("nothing", "little") for o in objects)
            or (negated and any(o.lower_ in ("anything", "enough", "much") for o in objects))
        ):
            return self._inaction(verb, verb)  # "the police did nothing"
        # complements and bare particles only: "stood by" but not "stood by his decision"
        complements = [
            c
            for c in verb.children
            if c.dep_ in ("attr", "acomp", "oprd", "advmod", "npadvmod", "dobj")
            or (c.dep_ in ("prt", "prep") and not children(c, {"pobj", "pcomp"}))
        ]
        words = {c.lemma_.lower() for c in complements} | {
            g.lemma_.lower() for c in complements for g in c.children
        }
        if lemma == "watch" and objects and not words & BYSTANDER_WORDS:
            return None  # "police watched the match"
        if lemma in BYSTANDER_VERBS and words & BYSTANDER_WORDS and not negated:
            return self._inaction(verb, verb)  # "remained mute spectators", "watched helplessly"
        if BYSTANDER_PARTICLES.get(lemma) in words and not negated and not objects:
            return self._inaction(verb, verb)  # "stood by", "looked on"
        if lemma == "look" and "way" in {o.lower_ for o in children(verb, {"npadvmod", "dobj"})} | words & {
            "way"
        }:
            return self._inaction(verb, verb)  # "looked the other way"
        if lemma == "turn" and "eye" in {o.lower_ for o in objects} and "blind" in words:
            return self._inaction(verb, verb)  # "turned a blind eye"
        return None

    def _inaction_noun_event(self, noun) -> FoundEvent | None:
        """Inaction stated by a noun: "police inaction", "lack of police action", "the absence of the
        police", "their failure to secure lives" — a negated intervention by whoever failed."""
        if noun.pos_ not in NOUN_POS:
            return None
        lemma = noun.lemma_.lower()
        party = None
        if lemma in INACTION_NOUNS:
            party = failing_party(noun)
        elif lemma in LACK_NOUNS:
            missing = next(
                (p for of in children(noun, {"prep"}) if of.lower_ == "of" for p in children(of, {"pobj"})),
                None,
            )
            if missing is not None and missing.lemma_.lower() in ACTION_NOUNS:
                party = failing_party(missing)  # "lack of police action", "absence of protection by X"
            elif missing is not None and lemma in ("absence", "failure") and is_actor_word(missing):
                party = missing  # "the absence of the police", "the failure of the police to act"
            elif missing is None and any(c.dep_ in ("acl", "relcl", "xcomp") for c in noun.children):
                party = failing_party(noun)  # "their failure to secure lives"
            elif missing is None and lemma == "absence":
                party = failing_party(noun)  # "conspicuous by their absence"
        if party is None:
            return None
        found = FoundEvent(trigger=noun, code=INACTION_CODE, how="noun", status="negated", actor1=party)
        found.notes.append("inaction")
        return found
