"""Clause and argument helpers over the spaCy parse: noun phrases, subjects, objects, passives,
prepositional targets, who an argument stands for, and the closed-class cue words they use.

Shared by the event extractor (:mod:`storyline.events.extract`), the status rules
(:mod:`storyline.events.status`) and the sense rules (:mod:`storyline.events.senses`).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import TYPE_CHECKING

from storyline.events import coding
from storyline.events.agency import is_abstract
from storyline.events.cues import (
    ACCUSE_VERBS,
    AGENT_PREPS,
    AREA_WORDS,
    BASE_CONFIDENCE,
    JOINT_ACT_ROOTS,
    MEASURE_HEADS,
    NOT_PARTICIPANT_ENTS,
    NOUN_POS,
    NP_EXCLUDED_DEPS,
    OBJECT_CONTROL_VERBS,
    OBJECT_DEPS,
    OF_TARGET_CODES,
    PASSIVE_SUBJECT_DEPS,
    PATIENT_HEAD_POS,
    PATIENT_NOUNS,
    PEOPLE_WORDS,
    QUANTITY_HEADS,
    RECIPROCAL_LEMMAS,
    SECURITY_SECTORS,
    SUBJECT_DEPS,
    TARGET_PREPS,
    WEEKDAYS,
)

if TYPE_CHECKING:
    from spacy.tokens import Token


@dataclass
class FoundEvent:
    """One event read from the parse, before actors are resolved into model.Actor."""

    trigger: Token
    code: str
    how: str
    actor1: Token | None = None  # head of who acted
    actor2: Token | None = None  # head of to whom
    status: str = "asserted"
    clause: tuple[int, int] = (0, 0)  # token range [start, end)
    instrument: coding.Instrument | None = None
    inherited_actor: bool = False
    notes: list[str] = field(default_factory=list)

    @property
    def confidence(self) -> float:
        score = BASE_CONFIDENCE.get(self.how, 0.6)
        if self.actor1 is not None and self.actor2 is not None:
            score += 0.05
        if self.actor1 is None and self.actor2 is None:
            score -= 0.15
        if self.inherited_actor:
            score -= 0.05
        return round(max(0.05, min(0.95, score)), 2)


def resolve_relative(token):
    """'who'/'which'/'that' heading a relative clause stands for the noun it modifies."""
    if token.tag_ in ("WDT", "WP", "WP$") or (token.lower_ == "that" and token.dep_ in SUBJECT_DEPS):
        clause = token.head
        # "the bombing, which he said killed seven": climb out of the reporting clause first
        while clause.dep_ == "ccomp" and clause.head.dep_ == "relcl":
            clause = clause.head
        if clause.dep_ in ("relcl", "acl") and clause.head.i != clause.i:
            return clause.head
    return token


def noun_phrase(token) -> tuple[int, int]:
    """Token range [start, end) of the noun phrase headed by ``token``, without post-modifiers."""
    keep = [token]
    quantity = token.pos_ == "NUM" or token.lower_ in QUANTITY_HEADS
    stack = [
        c
        for c in token.children
        if c.dep_ not in NP_EXCLUDED_DEPS or (quantity and c.dep_ == "prep" and c.lower_ == "of")
    ]
    while stack:
        child = stack.pop()
        keep.append(child)
        stack.extend(c for c in child.children if c.dep_ not in NP_EXCLUDED_DEPS)
    start = min(t.i for t in keep)
    end = max(t.i for t in keep) + 1
    # keep the phrase contiguous and leading up to the head: drop anything after it except
    # flat name parts ("Qassem Soleimani", "Islamic Revolutionary Guard Corps")
    while (
        end - 1 > token.i
        and not quantity
        and token.doc[end - 1].dep_ not in ("compound", "flat", "amod", "nummod")
    ):
        end -= 1
    while start < token.i and (token.doc[start].is_punct or token.doc[start].is_space):
        start += 1
    return start, end


def children(token, deps: set[str]) -> list:
    return [c for c in token.children if c.dep_ in deps]


def subject_of(verb):
    """(subject token, inherited?) of a verb: its own nsubj, else a conjoined/controlling verb's."""
    own = [s for s in children(verb, SUBJECT_DEPS) if is_participant(s)]
    if not own and not children(verb, SUBJECT_DEPS):
        # headlines: "Trump accuses Starmer" parsed with "Trump" as a compound of the verb
        own = [
            c
            for c in children(verb, {"compound"})
            if c.i < verb.i and c.pos_ in NOUN_POS and is_participant(c)
        ]
    if own:
        return resolve_relative(own[0]), False
    if children(verb, SUBJECT_DEPS):
        return None, False
    if (
        verb.dep_ in ("relcl", "acl")
        and not children(verb, PASSIVE_SUBJECT_DEPS)
        and verb.head.pos_ in NOUN_POS
    ):
        if verb.dep_ == "relcl" or verb.tag_ == "VBG":
            return verb.head, False  # "militants who attacked", "police firing on the mob"
    if verb.dep_ == "conj" and verb.head.pos_ in ("VERB", "AUX"):
        if children(verb.head, PASSIVE_SUBJECT_DEPS) and not is_passive(verb):
            return None, False
        subject, _ = subject_of(verb.head)
        return subject, True
    accused = accused_party(verb)
    if accused is not None:
        return accused, True  # "blamed the police for failing to act": the police failed
    if verb.dep_ == "xcomp" and verb.head.pos_ == "ADJ" and verb.head.dep_ == "acomp":
        return subject_of(verb.head.head)[0], True  # "it is willing to withdraw": it withdraws
    if verb.dep_ in ("xcomp", "advcl") and verb.head.pos_ in ("VERB", "AUX"):
        controller = verb.head
        # object control: "urged Iran to withdraw" -> Iran withdraws
        objects = children(controller, OBJECT_DEPS)
        if objects and controller.lemma_ in OBJECT_CONTROL_VERBS and objects[0].pos_ in NOUN_POS | {"PRON"}:
            if coding.noun_code(objects[0].lemma_.lower(), []) is None:
                return objects[0], True
        if not is_passive(controller):
            return subject_of(controller)[0], True
        subject = agent_of(controller)
        if subject is None and verb.dep_ == "xcomp":
            # "the police were forced to open fire": with no agent, the passive subject acts
            patients = [s for s in children(controller, PASSIVE_SUBJECT_DEPS) if is_participant(s)]
            subject = resolve_relative(patients[0]) if patients else None
        return subject, True
    return None, False


def accused_party(verb):
    """Who did what they are blamed (or praised, punished) for: the object of "accused X of ...",
    "blamed X for ..." does the gerund after the preposition."""
    prep = verb.head
    if verb.dep_ != "pcomp" or prep.dep_ != "prep" or prep.lower_ not in ("of", "for"):
        return None
    holder = prep.head
    if (
        holder.pos_ in NOUN_POS | {"PRON"}
        and holder.dep_ in OBJECT_DEPS
        and holder.head.lemma_ in ACCUSE_VERBS
    ):
        return holder  # "accused the government of not acting" (the preposition hangs on the object)
    if holder.lemma_ in ACCUSE_VERBS:
        objects = [o for o in children(holder, OBJECT_DEPS) if is_participant(o)]
        if objects:
            return resolve_relative(objects[0])
        if is_passive(holder):  # "the police were blamed for failing to act"
            patients = children(holder, PASSIVE_SUBJECT_DEPS)
            return resolve_relative(patients[0]) if patients else None
    return None


def hyphenated_lemma(verb) -> str | None:
    """ "lathi-charged", "tear-gassed", split by the tokenizer: the lexicon's hyphenated lemma, if any."""
    doc = verb.doc
    if verb.i < 2 or doc[verb.i - 1].text != "-":
        return None
    first = doc[verb.i - 2]
    if first.head.i != verb.i:
        return None
    lemma = f"{first.lower_}-{verb.lemma_.lower()}"
    return lemma if coding.verb_lexicon().knows(lemma) else None


def is_copular_passive(verb) -> bool:
    """ "were lathi-charged": a participle the parser hangs as a complement of "be"."""
    return verb.tag_ == "VBN" and verb.dep_ in ("acomp", "attr") and verb.head.lemma_ == "be"


def is_passive(verb) -> bool:
    return (
        bool(children(verb, PASSIVE_SUBJECT_DEPS) or children(verb, {"auxpass"}))
        or is_elided_passive(verb)
        or is_copular_passive(verb)
        or (verb.tag_ == "VBN" and bool(children(verb, {"agent"})))  # "... and tear-gassed by the police"
        or is_headline_passive(verb)
    )


def is_headline_passive(verb) -> bool:
    """'Police officer shot dead at property', 'Man stabbed to death': headline passives that the
    parser reads as active — a killing verb with its result and no object."""
    if children(verb, OBJECT_DEPS) or verb.tag_ not in ("VBD", "VBN"):
        return False
    dead = any(
        c.lower_ == "dead" and c.dep_ in ("oprd", "acomp", "advmod", "xcomp", "dobj") for c in verb.children
    )
    to_death = any(
        c.lower_ == "to" and any(p.lower_ == "death" for p in children(c, {"pobj"}))
        for c in children(verb, {"prep"})
    )
    return dead or to_death


def is_reduced_passive(verb) -> bool:
    """A past participle modifying a noun is a passive without its auxiliary: "the persons arrested
    on Monday", "those detained", "the arrested men" (the noun is the patient). Before the noun only
    for people: "a charged atmosphere" is no charge."""
    return (
        verb.tag_ == "VBN"
        and verb.dep_ in ("acl", "amod")
        and verb.head.pos_ in PATIENT_HEAD_POS
        and not children(verb, SUBJECT_DEPS | PASSIVE_SUBJECT_DEPS)
        and (verb.dep_ == "acl" or is_person_like(verb.head) or verb.head.tag_ in ("NNS", "NNPS"))
        and verb.head.dep_ not in ("ROOT", "dep", "parataxis")
        # "..., a rights group charged on Saturday" is a statement (a charge of a crime takes "with")
        and verb.lemma_.lower() != "charge"
    )


def is_elided_passive(verb) -> bool:
    """A participle conjoined to a passive that shares its auxiliary: "the unit was shattered and
    200 of its men killed" (the parser reads "200 ... killed" as active)."""
    return (
        verb.dep_ == "conj"
        and verb.tag_ == "VBN"
        and not children(verb, {"aux", "auxpass"})
        and verb.head.pos_ in ("VERB", "AUX")
        and (bool(children(verb.head, {"auxpass"})) or is_copular_passive(verb.head))
    )


def is_negative_argument(token) -> bool:
    """ "no Americans", "nobody", "no one", "none"."""
    return token.lower_ in ("nobody", "none", "noone") or any(
        (c.dep_ == "det" and c.lower_ == "no")
        or (c.dep_ == "neg" and c.i < token.i)  # "not a single activist"
        for c in token.children
    )


def agent_of(verb):
    """The 'by X' of a passive verb, or of the last of its conjoined participles ("were lathi-charged
    and tear-gassed by the police": the agent hangs on the last one)."""
    for agent in children(verb, {"agent"}):
        for pobj in children(agent, {"pobj"}):
            return resolve_relative(pobj)
    for other in children(verb, {"conj"}):
        if other.tag_ == "VBN" and not children(
            other, SUBJECT_DEPS | PASSIVE_SUBJECT_DEPS | {"auxpass", "aux"}
        ):
            return agent_of(other)
    return None


def prepositional_target(token, preps: set[str] = TARGET_PREPS):
    """The object of a target preposition hanging off ``token``: 'fired at X', 'attack on X'."""
    for prep in children(token, {"prep"}):
        if prep.lower_ in preps:
            for pobj in children(prep, {"pobj"}):
                if prep.lower_ == "with" and is_weapon_phrase(pobj):
                    # "attack with tens of ballistic missiles on the base": how, not whom; the
                    # parser may hang the target on the weapon phrase
                    aimed = next(
                        (
                            t
                            for t in pobj.subtree
                            if t.dep_ == "pobj"
                            and t.head.dep_ == "prep"
                            and t.head.lower_ in ("on", "upon", "at", "against")
                            and is_participant(t)
                        ),
                        None,
                    )
                    if aimed is not None:
                        return aimed
                    continue
                if not is_participant(pobj):
                    continue
                return pobj
    return None


def is_weapon_phrase(token) -> bool:
    """A weapon, or a number of weapons: "rockets", "tens of ballistic missiles"."""
    words = [token.lower_] + [
        p.lower_
        for prep in children(token, {"prep"})
        if prep.lower_ == "of"
        for p in children(prep, {"pobj"})
    ]
    phrase = [t.lower_ for t in token.subtree]
    return (
        coding.find_instrument(words) is not None
        or (token.pos_ == "NUM" or token.lower_ in QUANTITY_HEADS | {"tens"})
        and coding.find_instrument(phrase) is not None
    )


def particles_of(verb) -> list[str]:
    """Particle and preposition words of a verb, single and chained ('take into')."""
    words = []
    for child in verb.children:
        if child.dep_ in ("prt", "prep", "agent") or (
            child.dep_ in ("advmod", "acomp", "oprd")
            and child.lower_ in ("out", "down", "up", "off", "back", "ablaze", "alight", "afire")
        ):
            words.append(child.lower_)
    return words


def object_lemmas(verb) -> list[str]:
    """Lemmas a verb + object pattern may match: its objects (and, after a measure head, what is
    measured: "gave 5 million dollars of aid" -> aid) and its prepositional objects."""
    objects = [c for c in verb.children if c.dep_ in OBJECT_DEPS | PASSIVE_SUBJECT_DEPS]
    lemmas = [c.lemma_.lower() for c in objects]
    # "suspended aid deliveries", "imposed trade sanctions": a noun compound names what it is
    lemmas.extend(c.lemma_.lower() for obj in objects for c in children(obj, {"compound"}))
    for obj in objects:
        if obj.lemma_.lower() in MEASURE_HEADS or obj.pos_ == "NUM":
            lemmas.extend(
                p.lemma_.lower()
                for prep in children(obj, {"prep"})
                if prep.lower_ == "of"
                for p in children(prep, {"pobj"})
            )
    for prep in children(verb, {"prep", "prt"}):
        lemmas.extend(c.lemma_.lower() for c in children(prep, {"pobj"}))
    return lemmas


def modifiers_of(noun) -> list[str]:
    return [c.lemma_.lower() for c in noun.children if c.dep_ in ("compound", "amod", "nmod")] + [
        c.lower_ for c in noun.children if c.dep_ in ("compound", "amod", "nmod")
    ]


def event_noun_code(token) -> str | None:
    if token.pos_ not in NOUN_POS and not (token.pos_ == "VERB" and token.dep_ in ("pobj", "nsubj", "dobj")):
        return None
    modifiers = modifiers_of(token)
    return coding.noun_code(token.lemma_.lower(), modifiers) or coding.noun_code(token.lower_, modifiers)


def clause_range(head, skip: set[int]) -> tuple[int, int]:
    """Token range of the clause headed by ``head``, leaving out embedded clauses of other events."""
    tokens = [head]
    stack = list(head.children)
    while stack:
        token = stack.pop()
        if token.dep_ in ("ccomp", "parataxis") or (token.dep_ == "conj" and token.pos_ in ("VERB", "AUX")):
            continue
        if token.i in skip and token.dep_ in ("advcl", "xcomp", "relcl"):
            continue
        tokens.append(token)
        stack.extend(token.children)
    start = min(t.i for t in tokens)
    end = max(t.i for t in tokens) + 1
    while end - 1 > head.i and head.doc[end - 1].is_punct:
        end -= 1
    return start, end


def is_security_force(token) -> bool:
    """Whether a noun names police or troops: "policemen", "a police team", "the army unit"."""
    if token is None:
        return False
    words = [token] + [c for c in token.children if c.dep_ in ("compound", "amod", "nmod")]
    return any((actor_info(w.text) and actor_info(w.text).sector in SECURITY_SECTORS) for w in words)


def is_person_like(token) -> bool:
    """A pronoun for people, a name, a number of people, a people word or an actors-lexicon person."""
    if token.pos_ == "PRON":
        return token.lower_ not in ("it", "this", "that", "which", "what", "something", "anything")
    if token.pos_ == "NUM" or token.ent_type_ in ("PERSON", "NORP", "ORG"):
        return True
    return token.lemma_.lower() in PEOPLE_WORDS or actor_info(token.text) is not None


def wanted_target(verb, code: str):
    """Whom a wanted action would be done to: "release the sailors" -> sailors, "provide aid to Kenya"
    -> Kenya, "hold talks with the rebels" -> rebels (an event noun or a weapon is no one)."""
    for obj in children(verb, OBJECT_DEPS):
        if event_noun_code(obj):
            target = noun_target(obj, code)
            if target is not None:
                return target
        elif not is_abstract(obj) and coding.find_instrument([obj.lower_]) is None and is_participant(obj):
            return resolve_relative(obj)
    return prepositional_target(verb, {"to", "with", "against", "on", "from", "for"})


def is_actor_word(token) -> bool:
    """A word that names someone who could have acted: a pronoun, a name, or an actors-lexicon word."""
    if not is_participant(token) or event_noun_code(token):
        return False
    if token.pos_ == "PRON":
        return token.lower_ not in ("it", "this", "that", "which", "what")
    return token.ent_type_ in ("PERSON", "ORG", "NORP", "GPE") or actor_info(token.text) is not None


def failing_party(noun):
    """Who failed, for an inaction/lack noun: "police inaction", "their failure", "negligence of the
    officers", "inaction by the police", "lapses on the part of the state"."""
    for child in noun.children:
        if child.dep_ == "poss" and is_actor_word(child):
            return child
        if child.dep_ in ("compound", "amod", "nmod") and is_actor_word(child):
            return child
    for prep in children(noun, {"prep"}):
        for pobj in children(prep, {"pobj"}):
            if prep.lower_ in ("of", "by", "from") and is_actor_word(pobj):
                return pobj
            if prep.lower_ == "on" and pobj.lower_ == "part":  # "on the part of the police"
                return next(
                    (
                        p
                        for of in children(pobj, {"prep"})
                        if of.lower_ == "of"
                        for p in children(of, {"pobj"})
                        if is_actor_word(p)
                    ),
                    None,
                )
    return None


def is_participant(token) -> bool:
    """Dates, numbers and times are never who did something: "Wednesday's attack" (but
    "hundreds of students" is a crowd)."""
    if token.lower_ in WEEKDAYS:
        return False
    if token.tag_ == "WP" and token.dep_ in SUBJECT_DEPS and token.head.dep_ != "relcl":
        return False  # "Who killed the woman?": the question is who
    if token.ent_type_ == "CARDINAL" and any(c.dep_ == "prep" and c.lower_ == "of" for c in token.children):
        return True
    return token.ent_type_ not in NOT_PARTICIPANT_ENTS


def blast_site(verb):
    """What a bomb went off at, in or outside: a building or vehicle, not a named place or area."""
    target = prepositional_target(verb, {"at", "in", "inside", "outside", "near", "under", "against", "on"})
    if target is None or target.ent_type_ in ("GPE", "LOC") or target.lower_ in AREA_WORDS:
        return None
    return target


def _head_phrase(token) -> list[str]:
    """A noun with its compound/adjective modifiers: "tear gas", "rubber bullets", "car bomb"."""
    return [c.lower_ for c in token.lefts if c.dep_ in ("compound", "amod")] + [token.lower_]


def possessive_is_patient(noun) -> bool:
    has_of = any(c.dep_ == "prep" and c.lower_ == "of" for c in noun.children)
    return noun.lower_ in PATIENT_NOUNS and not has_of


def noun_actor(noun):
    """Who did an event noun: possessive, 'by X', or a national/organisation modifier ('US strike')."""
    for child in noun.children:
        if child.dep_ == "poss" and is_participant(child) and not possessive_is_patient(noun):
            return child
    target = prepositional_target(noun, AGENT_PREPS)
    if target is not None and (target.head.lower_ == "by" or is_actor_word(target)):
        return target  # "attack by militants", "fire from the army" (but not "arrests from the station")
    modifiers = [c for c in noun.children if c.dep_ in ("compound", "amod", "nmod")]
    # "a Pakistani drone strike": the nationality may modify the compound, not the head
    modifiers += [
        g for c in modifiers if c.dep_ == "compound" for g in c.children if g.dep_ in ("compound", "amod")
    ]
    for child in modifiers:
        if getattr(actor_info(child.text), "kind", None) == "capital":
            continue  # "Kyiv strike" (even when the parser calls Kyiv a person): where, not who
        if child.ent_type_ in ("NORP", "ORG", "PERSON") or (child.ent_type_ == "GPE" and is_country(child)):
            return child  # a city or region before the noun is where ("Colorado fire attack"), not who
    for child in noun.children:
        # "police firing", "army raid": a group noun, not a weapon or an event modifier ("air strike")
        if (
            child.dep_ in ("compound", "nmod")
            and child.pos_ in NOUN_POS
            and is_participant(child)
            and coding.find_instrument([child.lower_]) is None
            and coding.noun_code(noun.lemma_.lower(), [child.lemma_.lower()])
            == coding.noun_code(noun.lemma_.lower(), [])
            and child.lower_
            not in ("air", "ground", "suicide", "hunger", "car", "roadside", "missile", "rocket")
            and actor_info(child.text) is not None  # "pay talks", "food riots", "mass kidnapping": no actor
            and child.ent_type_ not in ("GPE", "LOC", "FAC")  # "Kyiv strike": where it happened
        ):
            return child
    return None


def is_country(token) -> bool:
    info = actor_info(token.text)
    return info is not None and info.kind == "country"


@lru_cache(maxsize=8192)
def actor_info(words: str):
    """What the actors lexicon knows about a word or phrase as written (country, sector), or None. Without
    the actors module every word counts as unknown."""
    try:
        from storyline.actors.resolve import get_resolver

        resolver = get_resolver()
        # names are looked up as written ("US", "Iranian"), common nouns in any case ("Police")
        info = resolver.lookup(words) or (resolver.lookup(words.lower()) if words != words.lower() else None)
    except Exception:  # the events stage must work without (or despite) the actor resolver
        return None
    if info is None or not (info.sector or info.country):
        return None
    return info


def noun_target(noun, code: str):
    preps = {"against", "on", "upon", "at", "toward", "towards", "with", "into"}
    if code[:2] in OF_TARGET_CODES:
        preps = preps | {"of"}
    target = prepositional_target(noun, preps)
    if target is None and possessive_is_patient(noun):
        target = next((c for c in noun.children if c.dep_ == "poss" and is_participant(c)), None)
    return target


def conjoined_targets(found: FoundEvent) -> list[FoundEvent]:
    """One more event per coordinated target: "killed a priest and two nuns" -> two events."""
    if found.actor2 is None or found.actor2.pos_ not in NOUN_POS | {"PRON"}:
        return []
    copies = []
    stack = [c for c in found.actor2.children if c.dep_ == "conj"]
    while stack:
        other = stack.pop(0)
        own_side = found.actor1 is not None and other.i == found.actor1.i  # "X and Y clashed"
        if other.pos_ in NOUN_POS and is_participant(other) and not event_noun_code(other) and not own_side:
            copies.append(replace(found, actor2=other, notes=[*found.notes, "conjoined target"]))
        stack.extend(c for c in other.children if c.dep_ == "conj")
    return copies


def conjoined_actors(found: FoundEvent) -> list[FoundEvent]:
    """One more event per coordinated actor: "police and paramilitary forces fired on protesters"
    -> two events; "activists and police clashed" -> each side is the other's target."""
    if (
        found.actor1 is None
        or found.actor1.pos_ not in NOUN_POS | {"PRON"}
        or found.code[:2] in JOINT_ACT_ROOTS
    ):
        return []
    partners = []
    stack = [c for c in found.actor1.children if c.dep_ == "conj"]
    while stack:
        other = stack.pop(0)
        if other.pos_ in NOUN_POS | {"PRON"} and is_participant(other) and not event_noun_code(other):
            partners.append(other)
        stack.extend(c for c in other.children if c.dep_ == "conj")
    if not partners:
        return []
    reciprocal = (
        found.actor2 is None and found.trigger.lemma_.lower() in RECIPROCAL_LEMMAS and len(partners) == 1
    )
    copies = [replace(found, actor1=other, notes=[*found.notes, "conjoined actor"]) for other in partners]
    if reciprocal:
        found.actor2, copies[0].actor2 = partners[0], found.actor1
    return copies
