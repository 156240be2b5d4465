"""An event's status from its clause: negated > threatened > hypothetical > planned > reported > asserted.

``status_of(verb)`` reads auxiliaries, the xcomp chain above the verb (``threatened to strike``,
``plan to withdraw``), conditionals and reporting verbs; the other helpers answer the questions the
extractor asks of a statement (does it announce an intent, a refusal, blame?).
"""

from __future__ import annotations

from storyline.events.agency import is_abstract
from storyline.events.clauses import children, is_negative_argument, is_passive
from storyline.events.cues import (
    CONDITIONAL_MARKS,
    FAIL_VERBS,
    FUTURE_AUX,
    HYPOTHETICAL_AUX,
    INTENT_PLAN_VERBS,
    NOT_DONE_HEADS,
    OBJECT_DEPS,
    PASSIVE_SUBJECT_DEPS,
    PLAN_VERBS,
    REPORT_VERBS,
    SUBJECT_DEPS,
    THREAT_VERBS,
    WILLING_WORDS,
)


def has_aux(verb, words: set[str]) -> bool:
    return any(c.lower_ in words for c in children(verb, {"aux", "auxpass"}))


def under_failure(verb) -> bool:
    """Whether a verb is what someone failed to do: "failed to stop", "failed to reach and stop"."""
    if verb.dep_ == "conj" and verb.head.dep_ == "xcomp" and not children(verb, SUBJECT_DEPS):
        verb = verb.head
    return verb.dep_ == "xcomp" and verb.head.lemma_ in FAIL_VERBS


def clause_chain(verb):
    """The verb and the verbs it hangs from, up to the sentence root."""
    chain = [verb]
    while chain[-1].dep_ != "ROOT" and chain[-1].head.i != chain[-1].i and len(chain) < 12:
        chain.append(chain[-1].head)
    return chain


def status_of(verb) -> str:
    """Status of the clause headed by ``verb`` (see module docstring for the order)."""
    if verb is None:
        return "asserted"
    if children(verb, {"neg"}) or any(c.lower_ == "never" for c in verb.children):
        return "negated"
    arguments = children(verb, SUBJECT_DEPS | PASSIVE_SUBJECT_DEPS | OBJECT_DEPS)
    if not arguments and verb.dep_ == "conj" and is_passive(verb):
        arguments = children(verb.head, PASSIVE_SUBJECT_DEPS)  # "no one was killed or injured"
    # "no Americans were killed", "nobody was arrested"
    if any(is_negative_argument(argument) for argument in arguments):
        return "negated"
    if under_failure(verb):
        return "negated"
    chain = clause_chain(verb)
    for link in chain[:3]:
        if link.dep_ == "ccomp" and link.head.lemma_ in THREAT_VERBS:
            return "threatened"  # "warned that it could launch an attack"
    if has_aux(verb, HYPOTHETICAL_AUX):
        return "hypothetical"
    permitted = verb.dep_ in ("xcomp", "ccomp") and verb.head.lemma_ in NOT_DONE_HEADS
    if permitted or (verb.dep_ == "xcomp" and has_aux(verb.head, HYPOTHETICAL_AUX)):
        return "hypothetical"  # "should be directed to detain them", "allow the police to arrest anyone"
    if under_condition(chain):
        return "hypothetical"
    if has_aux(verb, FUTURE_AUX) or (verb.dep_ == "xcomp" and verb.head.lemma_ in PLAN_VERBS):
        return "planned"
    if verb.dep_ == "xcomp" and has_aux(verb.head, FUTURE_AUX):
        return "planned"
    if verb.dep_ == "conj" and verb.head.dep_ == "xcomp" and not children(verb, SUBJECT_DEPS):
        # "decided to enter the mosque and order a lathi-charge": the second verb shares the xcomp's frame
        if verb.head.head.lemma_ in THREAT_VERBS:
            return "threatened"
        inherited = status_of(verb.head)
        if inherited in ("threatened", "hypothetical", "planned"):
            return inherited
    for link in chain:
        if link.dep_ in ("ccomp", "parataxis") and link.head.lemma_ in REPORT_VERBS:
            return "reported"
        if link.lemma_ in REPORT_VERBS and link.i != verb.i:
            return "reported"
    if any(t.lower_ == "according" for t in verb.sent):
        return "reported"
    return "asserted"


def under_condition(chain: list) -> bool:
    """Whether a clause chain (``clause_chain``) passes through an *if/unless* clause."""
    return any(
        link.dep_ == "advcl" and any(c.lower_ in CONDITIONAL_MARKS for c in children(link, {"mark"}))
        for link in chain[:-1]
    )


def statement_status(verb) -> str:
    """Status of an actor's own statement (an intent, a refusal): reported under a reporting verb."""
    return "reported" if under_report(verb) else "asserted"


def under_report(verb) -> bool:
    """Whether the clause of ``verb`` is the complement of a reporting verb ("said it would")."""
    return any(
        (link.dep_ in ("ccomp", "parataxis") and link.head.lemma_ in REPORT_VERBS)
        for link in clause_chain(verb)
    )


def announces_intent(verb) -> bool:
    """Whether a verb states what its actor will do, as the actor's own announcement: "will
    release", "said it would boycott" (not "if"), "decided to withdraw", "is willing to talk".
    Forecasts ("are expected to", "is scheduled to") and attempts ("tried to") are not intents."""
    if verb.pos_ != "VERB" or children(verb, {"neg"}):
        return False
    if under_condition(clause_chain(verb)):
        return False
    if has_aux(verb, FUTURE_AUX):
        return True
    if has_aux(verb, {"would"}) and under_report(verb):
        return True  # "said they would boycott": the future seen from the statement
    if verb.dep_ == "xcomp":
        head = verb.head
        return head.lemma_.lower() in INTENT_PLAN_VERBS | WILLING_WORDS and not children(head, {"neg"})
    return False


def announces_refusal(verb) -> bool:
    """'will not release', 'said it would not negotiate': the actor refuses (CAMEO 12x)."""
    if verb.pos_ != "VERB" or not children(verb, {"neg"}):
        return False
    return has_aux(verb, FUTURE_AUX) or (has_aux(verb, {"would"}) and under_report(verb))


def blames_for(verb) -> bool:
    """'attacked X for wanting ...', 'hit out at Y over its handling of ...': a reason clause
    (a gerund, or an abstract noun after for/over) marks criticism, not force."""
    if verb.pos_ != "VERB":
        return False
    for prep in children(verb, {"prep"}):
        if prep.lower_ not in ("for", "over"):
            continue
        if any(c.tag_ == "VBG" for c in children(prep, {"pcomp"})):
            return True
        if any(is_abstract(p) for p in children(prep, {"pobj"})):
            return True
    return False
