"""Event extraction over the spaCy dependency parse: trigger, who, to whom, status.

Each clause whose verb (or event noun) is in the CAMEO lexicons yields one :class:`FoundEvent`:

* verbs: ``Iran attacked the base`` (nsubj -> actor1, dobj -> actor2), passives (``were killed by
  police``: agent -> actor1, nsubjpass -> actor2), prepositional targets (``fired at``,
  ``retaliate against``), conjoined verbs sharing a subject, xcomp chains (``vowed to retaliate``);
* light verbs + event nouns: ``launched an attack``, ``ordered a drone strike to kill X`` (one
  event: the noun codes it, the verb's subject is the actor, the purpose clause's object the target);
* event nouns on their own: ``Trump's killing of a commander``, ``the strike on the bases``, and as
  subjects (``A US drone strike killed X`` -> the verb event, actor from the noun).

Statuses follow the clause: negated > threatened > hypothetical > planned > reported > asserted.
"""

from __future__ import annotations

from storyline.events import coding
from storyline.events.agency import is_abstract
from storyline.events.clauses import (
    FoundEvent,
    _head_phrase,
    actor_info,
    agent_of,
    blast_site,
    children,
    clause_range,
    conjoined_actors,
    conjoined_targets,
    event_noun_code,
    hyphenated_lemma,
    is_actor_word,
    is_copular_passive,
    is_elided_passive,
    is_headline_passive,
    is_participant,
    is_passive,
    is_person_like,
    is_reduced_passive,
    is_security_force,
    modifiers_of,
    noun_actor,
    noun_target,
    object_lemmas,
    particles_of,
    prepositional_target,
    resolve_relative,
    subject_of,
    wanted_target,
)
from storyline.events.cues import (
    AGENT_INSTRUMENTS,
    BYSTANDER_VERBS,
    CAUSE_PREPS,
    CRITICISM_OBJECTS,
    DEATH_VERBS,
    DEMAND_VERBS,
    EXPLOSION_VERBS,
    FAIL_VERBS,
    IMPACT_LEMMAS,
    LIGHT_VERBS,
    MODAL_VERBS,
    MODIFIER_DEPS,
    NO_EVENT,
    NOUN_POS,
    OBJECT_DEPS,
    PASSIVE_SUBJECT_DEPS,
    PATIENT_HEAD_POS,
    PERSON_PATIENT_LEMMAS,
    PLAN_VERBS,
    REDUCED_PASSIVE_ROOTS,
    REDUCED_PREMODIFIER_CODES,
    REFUSE_VERBS,
    REPORT_VERBS,
    SANCTION_WORDS,
    SUBJECT_DEPS,
    THREAT_VERBS,
    WEAPON_USE_VERBS,
    WEEKDAYS,
)
from storyline.events.inaction import InactionRules
from storyline.events.senses import (
    fires_weapon,
    is_intervention,
    is_labour_strike,
    is_natural_cause,
    is_other_sense,
    keep_agents,
    kills_outright,
)
from storyline.events.status import (
    announces_intent,
    announces_refusal,
    blames_for,
    clause_chain,
    statement_status,
    status_of,
)


class EventExtractor(InactionRules):
    """Walks one parsed sentence at a time and returns its events, in text order."""

    def sentence_events(self, sent) -> list[FoundEvent]:
        events: dict[int, FoundEvent] = {}
        consumed: set[int] = set()  # tokens folded into another event (light-verb nouns, purposes)
        self._consumed = consumed
        lexicon = coding.verb_lexicon()

        verbs = [t for t in sent if t.pos_ == "VERB" or (t.pos_ == "AUX" and t.dep_ == "ROOT" and False)]
        for verb in verbs:
            if verb.i in consumed:
                continue
            found = self._verb_event(verb, lexicon, consumed)
            if found is None and verb.i not in consumed:
                found = self._inaction_event(verb)
            if found is not None:
                events[found.trigger.i] = found

        for copula in sent:
            # "the police were mere spectators", "no policeman was present": copulas are AUX
            if (
                copula.pos_ == "AUX"
                and copula.lemma_ in BYSTANDER_VERBS
                and children(copula, {"attr", "acomp"})
            ):
                found = self._inaction_event(copula)
                if found is not None:
                    events[found.trigger.i] = found

        for token in sent:
            if token.i in consumed or token.i in events:
                continue
            inaction = self._inaction_noun_event(token)
            if inaction is not None:
                events[token.i] = inaction
                continue
            code = event_noun_code(token)
            if code is None:
                continue
            found = self._noun_event(token, code, consumed)
            if found is not None:
                events[token.i] = found

        for found in events.values():
            self._finish(found)
        # "X warned that it would attack": the threatened attack is the event, not the warning
        threat_heads = {
            link.i
            for found in events.values()
            if found.status == "threatened"
            for link in clause_chain(found.trigger)[1:4]
            if link.lemma_ in THREAT_VERBS
        }
        kept = [
            e
            for i, e in events.items()
            if i not in threat_heads and not is_natural_cause(e) and not is_other_sense(e)
        ]
        kept += [copy for e in kept for copy in conjoined_actors(e)]
        kept += [copy for e in kept for copy in conjoined_targets(e)]
        kept = [e for e in kept if keep_agents(e)]
        # filtering can make copies equal ("urged restraint and a plan" -> two "urged" with no target)
        unique: dict[tuple, FoundEvent] = {}
        for e in kept:
            key = (e.trigger.i, e.code, getattr(e.actor1, "i", None), getattr(e.actor2, "i", None))
            unique.setdefault(key, e)
        kept = list(unique.values())
        return sorted(kept, key=lambda e: (e.trigger.i, e.actor2.i if e.actor2 is not None else -1))

    # -- verbs --

    def _verb_event(self, verb, lexicon, consumed: set[int]) -> FoundEvent | None:
        lemma = verb.lemma_.lower()
        objects = children(verb, OBJECT_DEPS)
        xcomps = children(verb, {"xcomp"})

        # "ordered a drone strike to kill X", "launched an attack on Y": the noun is the event
        if lemma in LIGHT_VERBS:
            for obj in objects + children(verb, PASSIVE_SUBJECT_DEPS):
                noun_code = event_noun_code(obj)
                if noun_code is None:
                    continue
                verb_code = lexicon.code(lemma, particles_of(verb), [obj.lemma_.lower()])
                specific_noun = noun_code != coding.noun_code(obj.lemma_.lower(), [])
                code = noun_code
                if verb_code and verb_code[1] == "verb+object" and not specific_noun:
                    code = verb_code[0]
                found = self._with_verb_arguments(obj, code, "light+noun", verb)
                found.actor2 = noun_target(obj, code) or found.actor2
                if found.actor2 is not None and found.actor2.i == obj.i:
                    found.actor2 = None
                if found.actor1 is None:
                    found.actor1 = noun_actor(obj)  # "further American attacks ... to be launched"
                # purpose clause "to kill X" names the target and is not a separate event
                for purpose in xcomps + children(verb, {"advcl"}) + children(obj, {"acl", "relcl"}):
                    if any(c.lower_ == "to" for c in children(purpose, {"aux", "mark"})):
                        targets = children(purpose, OBJECT_DEPS)
                        if targets and found.actor2 is None:
                            found.actor2 = resolve_relative(targets[0])
                        consumed.add(purpose.i)
                consumed.add(obj.i)
                return found

        modal = self._modal_event(verb, lexicon, xcomps, consumed)
        if modal is not None:
            return modal

        # "threatened to strike", "intends to retaliate", "failed to stop", "plans to withdraw"
        if lemma in THREAT_VERBS | PLAN_VERBS | FAIL_VERBS and xcomps:
            inner = xcomps[0]
            inner_code = lexicon.code(inner.lemma_.lower(), particles_of(inner), object_lemmas(inner))
            if inner_code is not None:
                found = self._with_verb_arguments(inner, inner_code[0], inner_code[1], inner)
                if lemma in THREAT_VERBS and (lemma != "pledge" or int(inner_code[0][:2]) >= 13):
                    found.status = "threatened"
                consumed.add(inner.i)
                return found
            if lemma in FAIL_VERBS and is_intervention(inner):
                return self._inaction(verb, inner)  # "police failed to contain the violence"
            if lemma in PLAN_VERBS | FAIL_VERBS or lemma == "intend":
                return None

        if (
            verb.tag_ in ("VB", "VBP")
            and verb.dep_ == "ROOT"
            and verb.i == verb.sent.start
            and not children(verb, SUBJECT_DEPS | {"aux", "auxpass"})
        ):
            return None  # an imperative ("Welcome to the centre", "Stop the war!") reports no act
        coded = lexicon.code(hyphenated_lemma(verb) or lemma, particles_of(verb), object_lemmas(verb))
        if coded is None and lemma == "hold" and is_passive(verb) and is_security_force(agent_of(verb)):
            patients = children(verb, PASSIVE_SUBJECT_DEPS) + ([verb.head] if verb.dep_ == "acl" else [])
            if any(is_person_like(p) for p in patients):
                coded = ("173", "verb")  # "he is held by the police": a detention
        if coded is None and lemma in WEAPON_USE_VERBS:
            weapon = next(
                (
                    w
                    for o in children(verb, OBJECT_DEPS | PASSIVE_SUBJECT_DEPS)
                    if (w := coding.find_instrument(_head_phrase(o))) is not None
                ),
                None,
            )
            aimed = prepositional_target(verb, {"at", "on", "upon", "against", "into"}) is not None
            # "used tear gas to disperse the crowd", "aircraft using missiles killed 4": the weapon is
            # the instrument of the other event, not an event of its own
            serves = verb.dep_ in ("acl", "advcl", "xcomp", "pcomp") or any(
                any(m.lower_ == "to" for m in children(c, {"aux", "mark"}))
                for c in children(verb, {"advcl", "xcomp"})
            )
            if (
                weapon is not None
                and coding.is_coercive(weapon.code)
                and not serves
                and (aimed or weapon.mode != "primitive")
            ):
                # "police burst tear gas shells", "hurled stones at the police" (not "used a knife to cut")
                coded = (weapon.code, "verb+object")
        if coded is None and lemma in DEATH_VERBS:
            return self._death_event(verb)
        if coded is None:
            return None
        code, how = coded
        if code[:2] in ("17", "18") and kills_outright(verb):
            code, how = "1823", "verb+particle"  # "burnt alive", "beaten to death", "hacked to death"
        if how == "verb" and lemma in REPORT_VERBS | {"warn"} and children(verb, {"ccomp"}):
            return None  # "insisted (that) he did not know": a statement, not a codable act
        if lemma == "fire" and how != "verb+object" and not fires_weapon(verb):
            return None  # "fired the coach", "was fired as manager": dismissal, not shooting
        if (
            verb.dep_ == "amod"
            and is_reduced_passive(verb)
            and not code.startswith(REDUCED_PREMODIFIER_CODES)
        ):
            return None  # "the Israeli-occupied West Bank", "the banned party": descriptions
        if lemma in PERSON_PATIENT_LEMMAS and not any(
            is_person_like(p)
            for p in children(verb, OBJECT_DEPS | PASSIVE_SUBJECT_DEPS)
            + ([verb.head] if is_reduced_passive(verb) else [])
        ):
            return None  # "picked up speed", "picked up the phone": only people picked up are arrested
        if lemma in REFUSE_VERBS:
            consumed.update(x.i for x in xcomps)
            if any(x.lemma_.lower() == "comment" for x in xcomps):
                code, how = "011", "verb+object"  # "declined to comment": a statement, not a rejection
        found = self._with_verb_arguments(verb, code, how, verb)
        if how == "verb+object":
            # "lifted its arms embargo on China", "suspended talks with the rebels": the object is
            # part of the pattern, its target the one acted on, and not an event of its own
            for obj in children(verb, OBJECT_DEPS):
                noun_code = event_noun_code(obj)
                if noun_code is not None:
                    consumed.add(obj.i)
                    found.actor2 = found.actor2 or noun_target(obj, noun_code)
        if found.actor1 is None and found.actor2 is None and verb.dep_ not in ("ROOT", "conj"):
            return None  # a bare participle/gerund with no participants is rarely an event report
        return found

    def _modal_event(self, verb, lexicon, xcomps: list, consumed: set[int]) -> FoundEvent | None:
        """ "urged Israel to withdraw", "agreed to hold talks", "called for the release of X": one
        event of the appeal / intent / demand, coded by the wanted action (CAMEO 02x/03x/10x), whose
        target is whom the appeal addresses, else the wanted action's target."""
        kind = MODAL_VERBS.get(verb.lemma_.lower())
        if kind is None or (verb.lemma_.lower() == "rule" and "out" not in particles_of(verb)):
            return None  # "ruled out talks" rejects them; "ruled the country" does not
        wanted, wanted_code = None, None
        for inner in xcomps + children(verb, {"ccomp"}) if kind not in ("intent", "reject") else xcomps:
            coded = lexicon.code(inner.lemma_.lower(), particles_of(inner), object_lemmas(inner))
            if coded is None and inner.lemma_.lower() in LIGHT_VERBS:
                # "asked India to resume talks", "agreed to hold a meeting": the noun is the action
                coded = next(
                    (
                        (c, "light+noun")
                        for o in children(inner, OBJECT_DEPS)
                        if (c := event_noun_code(o)) is not None
                    ),
                    None,
                )
            if coded is not None and coding.modal_code(kind, coded[0]) is not None:
                wanted, wanted_code = inner, coded[0]
                break
        if wanted is None and kind != "intent":
            # "demanded the release of X", "called for talks", "urged a ceasefire"
            nouns = children(verb, OBJECT_DEPS) + [
                p
                for prep in children(verb, {"prep"})
                if prep.lower_ == "for"
                for p in children(prep, {"pobj"})
            ]
            for noun in nouns:
                code = event_noun_code(noun)
                if code is not None and coding.modal_code(kind, code) is not None:
                    wanted, wanted_code = noun, code
                    break
        if wanted is None or wanted_code is None:
            return None
        code = coding.modal_code(kind, wanted_code)
        if code is None:
            return None  # never: wanted_code was chosen for having a modal code
        specific = lexicon.code(verb.lemma_.lower(), particles_of(verb), object_lemmas(verb))
        if specific is not None and specific[1] == "verb+object" and coding.is_speech_act(specific[0]):
            code = specific[0]  # the lexicon's own pattern ("demand +release" 1053) wins
        found = self._with_verb_arguments(verb, code, "verb", verb)
        found.how = "verb+object"  # the verb with what it wants: as sure as a verb + object pattern
        if found.actor2 is not None and found.actor2.i == wanted.i:
            found.actor2 = None
        if found.actor2 is None and kind in ("appeal", "demand") and wanted.dep_ == "ccomp":
            # "urged (that) Israel withdraw": the addressee is the wanted clause's own subject
            found.actor2 = next((s for s in children(wanted, SUBJECT_DEPS) if is_participant(s)), None)
        if found.actor2 is None or kind in ("intent", "reject"):
            target = (
                wanted_target(wanted, wanted_code)
                if wanted.pos_ == "VERB"
                else noun_target(wanted, wanted_code)
            )
            found.actor2 = target if target is not None else found.actor2
        consumed.add(wanted.i)
        found.notes.append(f"{kind}: {wanted_code}")
        return found

    def _cause_of(self, verb, found: FoundEvent) -> None:
        """ "killed in police firing", "died in an army raid": the actor (and weapon) of the event
        that caused a death or injury, read from the event noun (or "police firing" parsed as a
        noun with a participle)."""
        for prep in children(verb, {"prep"}):
            if prep.lower_ not in CAUSE_PREPS:
                continue
            for pobj in children(prep, {"pobj"}) + [
                p for c in children(prep, {"pcomp"}) for p in children(c, {"pobj"})
            ]:
                if event_noun_code(pobj):
                    found.actor1 = noun_actor(pobj)
                    found.instrument = coding.find_instrument([pobj.lower_] + modifiers_of(pobj))
                    self._consumed.add(pobj.i)
                    return
                for action in children(pobj, {"acl"}):
                    code = coding.verb_lexicon().code(action.lemma_.lower(), [], [])
                    if action.tag_ == "VBG" and code and coding.is_violent(code[0]):
                        found.actor1 = pobj if is_participant(pobj) else None
                        found.instrument = coding.find_instrument([action.lower_])
                        self._consumed.add(action.i)
                        return

    def _misparsed_cause(self, verb, found: FoundEvent) -> None:
        """ "perished in police firing" read as "perished in police" + a participle "firing": the
        participle's left neighbour, object of a cause preposition, is who fired."""
        lexicon = coding.verb_lexicon()
        for action in children(verb, {"advcl"}):
            code = lexicon.code(action.lemma_.lower(), [], [])
            before = action.doc[action.i - 1] if action.i > 0 else None
            if action.tag_ != "VBG" or not code or not coding.is_violent(code[0]) or before is None:
                continue
            if before.dep_ == "pobj" and before.head.lower_ in CAUSE_PREPS and before.head.head.i == verb.i:
                if is_actor_word(before):
                    found.actor1 = before
                    found.instrument = coding.find_instrument([action.lower_])
                    self._consumed.add(action.i)
                    return

    def _death_event(self, verb) -> FoundEvent | None:
        """ "died in police firing", "perished in the blast": a killing whose actor is the cause's."""
        probe = FoundEvent(trigger=verb, code="1823", how="verb")
        self._cause_of(verb, probe)
        if probe.actor1 is None and probe.instrument is None:
            self._misparsed_cause(verb, probe)
        if probe.actor1 is None and probe.instrument is None:
            return None  # "died of cancer", "died in hospital": not a killing
        subjects = [t for t in children(verb, SUBJECT_DEPS) if is_participant(t)]
        if not subjects and verb.dep_ == "conj":
            subjects = [
                t for t in children(verb.head, SUBJECT_DEPS | PASSIVE_SUBJECT_DEPS) if is_participant(t)
            ]
        probe.actor2 = resolve_relative(subjects[0]) if subjects else None
        probe.status = status_of(verb)
        return probe

    def _with_verb_arguments(self, trigger, code: str, how: str, verb) -> FoundEvent:
        """Actors of ``verb`` (active or passive) for an event triggered by ``trigger``."""
        found = FoundEvent(trigger=trigger, code=code, how=how)
        passive = is_passive(verb) or (is_reduced_passive(verb) and code[:2] in REDUCED_PASSIVE_ROOTS)
        if passive:
            found.actor1 = agent_of(verb)
            subjects = children(verb, PASSIVE_SUBJECT_DEPS)
            if not subjects and (
                is_elided_passive(verb) or children(verb, {"auxpass"}) or is_headline_passive(verb)
            ):
                # "workers were on wednesday taken into custody": the parser may call it nsubj,
                # of the participle or of the auxiliary
                subjects = children(verb, SUBJECT_DEPS) + [
                    s for aux in children(verb, {"auxpass"}) for s in children(aux, SUBJECT_DEPS)
                ]
            if not subjects and is_copular_passive(verb):
                subjects = children(verb.head, SUBJECT_DEPS)  # "the protesters were lathi-charged"
            if not subjects and verb.dep_ == "conj" and is_passive(verb.head):
                # "were killed or injured": the conjoined participle shares the subject
                subjects = children(verb.head, PASSIVE_SUBJECT_DEPS)
                if not subjects and is_copular_passive(verb.head):
                    subjects = children(verb.head.head, SUBJECT_DEPS)
                found.actor1 = found.actor1 or agent_of(verb.head)
            # "only one has been arrested": a number as subject counts people, a date does not
            subjects = [
                t for t in subjects if t.ent_type_ not in ("DATE", "TIME") and t.lower_ not in WEEKDAYS
            ]
            found.actor2 = resolve_relative(subjects[0]) if subjects else None
            if found.actor2 is None and verb.dep_ in ("acl", "amod") and verb.head.pos_ in PATIENT_HEAD_POS:
                found.actor2 = verb.head  # "the bases attacked by Iran", "those arrested", "the arrested men"
            if found.actor1 is None:
                self._cause_of(verb, found)
        else:
            found.actor1, found.inherited_actor = subject_of(verb)
            objects = children(verb, OBJECT_DEPS)
            if objects and trigger.i == verb.i and how != "verb+object":
                found.actor2 = resolve_relative(objects[0])
            if found.actor2 is None and trigger.i == verb.i:
                datives = children(verb, {"dative"})  # "gave Ghana aid": the recipient
                found.actor2 = resolve_relative(datives[0]) if datives else prepositional_target(verb)
        # an event noun as subject: "A US drone strike killed X" -> the strike's actor and weapon
        if found.actor1 is not None and event_noun_code(found.actor1):
            noun = found.actor1
            found.actor1 = noun_actor(noun)
            found.instrument = coding.find_instrument([t.lower_ for t in noun.subtree])
            found.notes.append("actor from event-noun subject")
            self._consumed.add(noun.i)
        # "the bomb exploded", "three rockets hit the base": a weapon is how, not who
        if (
            found.actor1 is not None
            and coding.is_violent(code)
            and found.actor1.lower_ not in AGENT_INSTRUMENTS
        ):
            weapon = coding.find_instrument([found.actor1.lower_])
            if weapon is not None:
                found.instrument = found.instrument or weapon
                # "killed by police bullets", "the army's shells hit": the weapon's owner acted
                found.actor1 = next(
                    (
                        c
                        for c in found.actor1.children
                        if c.dep_ in MODIFIER_DEPS and c.pos_ in NOUN_POS | {"ADJ"} and actor_info(c.text)
                    ),
                    None,
                )
        # the actor slot filled by an instrument ("missiles hit the base") names a weapon, not who
        target_words = _head_phrase(found.actor2) if found.actor2 is not None else []
        if found.actor2 is not None and coding.find_instrument(target_words) and coding.is_violent(code):
            found.instrument = found.instrument or coding.find_instrument(target_words)
            found.actor2 = prepositional_target(verb, {"against", "at", "on", "upon", "toward", "towards"})
        if found.actor2 is None and coding.is_hostile(code):
            found.actor2 = self._distant_target(verb)
        if found.actor2 is None and verb.lemma_.lower() in EXPLOSION_VERBS:
            found.actor2 = blast_site(verb)  # "a bomb exploded at the offices of the newspaper"
        if (
            (found.actor2 is None or not is_actor_word(found.actor2))
            and found.actor1 is not None
            and coding.is_cooperation(code)
        ):
            # "Syria and Russia signed an agreement": a joint act, the second party is the other side
            partners = [c for c in found.actor1.children if c.dep_ == "conj"]
            found.actor2 = partners[0] if partners else found.actor2
        found.status = status_of(verb)
        return found

    @staticmethod
    def _distant_target(verb):
        """'launched missiles in its first move against the U.S.': a target two prepositions away."""
        for prep in children(verb, {"prep"}):
            for pobj in children(prep, {"pobj"}):
                target = prepositional_target(pobj, {"against", "on", "upon", "at"})
                if target is not None:
                    return target
        return None

    # -- nouns --

    def _noun_event(self, noun, code: str, consumed: set[int]) -> FoundEvent | None:
        found = FoundEvent(trigger=noun, code=code, how="noun")
        found.actor1 = noun_actor(noun)
        found.actor2 = noun_target(noun, code)
        if found.actor1 is not None and found.actor1.i == noun.i:
            found.actor1 = None
        found.instrument = coding.find_instrument([t.lower_ for t in noun.subtree if t.i != noun.i])
        if found.actor1 is None and found.actor2 is None and found.instrument is None:
            # "retaliation", "talks", "the shooting" with no participants: too vague to record
            return None
        found.instrument = found.instrument or coding.find_instrument([noun.lower_])
        head = noun.head
        found.status = status_of(head) if noun.dep_ in OBJECT_DEPS and head.pos_ == "VERB" else "asserted"
        governor = head.head if noun.dep_ == "pobj" and head.lower_ == "for" else head
        if governor.lemma_.lower() in DEMAND_VERBS and (noun.dep_ in OBJECT_DEPS or governor is not head):
            found.status = "hypothetical"  # "demanding his arrest", "called for the release of X"
        if noun.dep_ in SUBJECT_DEPS | PASSIVE_SUBJECT_DEPS and found.status == "asserted":
            # a definite event noun as subject presupposes the event: "The offensive did not cause
            # casualties" still reports an offensive; only reporting frames carry over
            chain_status = status_of(head)
            if chain_status == "reported":
                found.status = "reported"
        return found

    @staticmethod
    def _as_intent(found: FoundEvent) -> None:
        """An actor's announced future action is, in CAMEO, a statement of intent: cooperation it
        will undertake is 03x ("will release the hostages" -> 0353, "is willing to withdraw" ->
        0356), conflict it will inflict is a threat 13x ("said they would boycott" -> 133)."""
        intent = coding.modal_code("intent", found.code)
        if intent is not None:
            found.code = intent
            found.status = statement_status(found.trigger)
            found.notes.append("announced cooperation: intent")
        elif (
            coding.is_contentious(found.code)
            and not coding.is_force_posture(found.code)
            and found.actor1 is not None
        ):
            found.status = "threatened"
            found.notes.append("announced conflict: threat")

    # -- finishing: instrument, code refinement, clause span --

    def _finish(self, found: FoundEvent) -> None:
        trigger = found.trigger
        head = trigger if trigger.pos_ == "VERB" else trigger.head if trigger.dep_ in OBJECT_DEPS else trigger
        start, end = clause_range(head, skip=set())
        found.clause = (start, end)
        if found.instrument is None and coding.is_violent(found.code):
            found.instrument = coding.find_instrument([t.lower_ for t in trigger.doc[start:end]])
        if coding.is_generic_force(found.code) and found.instrument is None and found.actor2 is not None:
            if found.actor2.lemma_.lower() in CRITICISM_OBJECTS or (
                is_abstract(found.actor2) and not event_noun_code(found.actor2)
            ):
                found.code = "111"  # "attacked the government's plans", "hit Labour's record": criticism
        hit_with = (
            [
                p
                for prep in children(trigger, {"prep"})
                if prep.lower_ == "with"
                for p in children(prep, {"pobj"})
            ]
            if trigger.lemma_.lower() in IMPACT_LEMMAS
            else []
        )
        if coding.is_generic_force(found.code) and found.instrument is None and hit_with:
            if any(p.lemma_.lower() in SANCTION_WORDS for p in hit_with):
                found.code = "163"  # "hit Iran with new sanctions": a sanction, not a blow
            elif any(is_abstract(p) or p.ent_type_ == "MONEY" for p in hit_with):
                found.notes.append("impact: hit with a cost")  # "hit with an £80m charge"
                found.code = NO_EVENT
                return
        if coding.is_generic_force(found.code) and found.instrument is None and blames_for(trigger):
            found.code = "111"  # "attacked the Lib Dems for wanting to ...": criticism with its reason
        if trigger.lemma_.lower() == "strike" and found.code == "190" and is_labour_strike(found):
            found.code = "143"  # "the seamen's strike", "teachers struck": a labour strike
        if found.status not in ("negated", "threatened") and announces_intent(trigger):
            self._as_intent(found)
        elif found.status == "negated" and announces_refusal(trigger):
            refusal = coding.modal_code("reject", found.code)
            if refusal is not None:  # "Syria says it will not accept refugees": a refusal, 12x
                found.code, found.status = refusal, statement_status(trigger)
                found.notes.append("announced refusal")
        if found.status == "threatened":
            if not coding.is_threat(found.code) and coding.is_contentious(found.code):
                found.code = coding.threat_code(found.code)
        else:
            found.code = coding.refine_with_instrument(found.code, found.instrument)
