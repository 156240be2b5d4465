"""Candidate filters: event mentions that are no incident of their own, whatever their type says.

An incident is one occurrence of violence, protest or coercion that the article reports
(docs/incident-guidelines.md). Some violence- or coercion-typed mentions tell none:

* a mention the event model is unsure of (confidence under :data:`MIN_MENTION_CONFIDENCE`):
  "charging cheap labour", "the decision to destroy the air force";
* a sentence only the event model coded, with a verb no CAMEO lexicon codes as conflict (the toll of
  its sentence is the sentence's other events'): "France has played a lead role in peacekeeping", "he'd been dropped off by helicopter";
* a retort: "kishore shot back, "we do not need any permission"";
* a court step, not an arrest: "the suspect would be released after he is formally charged";
* the reason of a verdict or reproach, not an occurrence: "coming down heavily upon the police for
  targeting muslims";
* a participle that describes its noun: "attackers linked to a group targeting restaurants".

:func:`not_an_incident` returns why a mention is left out (``None``: it is a candidate).
"""

from __future__ import annotations

from typing import Any

from storyline.event_model.component import FLAGGED_DETAIL
from storyline.incidents.lexicon import CROWD_WORDS
from storyline.lang import words
from storyline.model import Event

#: Mentions the event model gives less than this are no evidence of an incident (set on the dev split).
MIN_MENTION_CONFIDENCE = 0.2
RETORT_PHRASES = words("retort_phrases")
LEGAL_ACTIONS = words("legal_action_lemmas")
_QUOTES = ('"', "``", "\u201c", ":")
#: CAMEO roots of incident-worthy codes (protest, coercion, assault, fight, mass violence).
CONFLICT_ROOTS = ("14", "17", "18", "19", "20")


def trigger_token(doc: Any, span: tuple[int, int]) -> Any:
    """The head token of a trigger's characters (None when they are no tokens)."""
    found = doc.char_span(span[0], span[1], alignment_mode="expand")
    return found.root if found is not None and len(found) else None


def model_only(event: Event) -> bool:
    """An event of a sentence the rules did not code, proposed by the event model alone."""
    why = event.why.get("confidence")
    return why is not None and why.detail == FLAGGED_DETAIL


def lexicon_conflict(lemma: str) -> bool:
    """Whether the CAMEO verb or noun lexicon codes ``lemma`` as protest, coercion or violence."""
    from storyline.events import coding

    lexicon = coding.verb_lexicon()
    codes = [lexicon.bare.get(lemma), coding.noun_lexicon().get(lemma)]
    codes += [c for (verb, _), c in lexicon.particle.items() if verb == lemma]
    return any(c and c[:2] in CONFLICT_ROOTS for c in codes)


def _conflict_object(token: Any) -> bool:
    """ "participated in the protest march": the verb's object (or its preposition's) is a conflict noun."""
    if token is None:
        return False
    nouns = [c for c in token.children if c.dep_ in ("dobj", "obj")]
    nouns += [g for c in token.children if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj"]
    return any(lexicon_conflict(n.lemma_.lower()) for n in nouns)


def _retort(event: Event, token: Any, sentence: str, sentence_start: int) -> bool:
    particles = [
        c.lower_ for c in token.children if c.dep_ in ("prt", "advmod") and c.lower_ in ("back", "out", "off")
    ]
    lemma = (event.trigger.lemma or token.lemma_).lower()
    if not any(f"{lemma} {p}" in RETORT_PHRASES for p in particles):
        return False
    after = sentence[event.trigger.span[1] - sentence_start :]
    return any(q in after for q in _QUOTES)


def _legal(event: Event, token: Any, family: str) -> bool:
    lemma = (event.trigger.lemma or "").lower()
    if family != "coercion" or lemma not in LEGAL_ACTIONS:
        return False
    # "police charged the protesters" is a baton charge, not a court step
    target = (event.actor2.text.lower().split() if event.actor2 else [])[-1:]
    return not (target and target[0] in CROWD_WORDS and lemma == "charge" and token.tag_ != "VBN")


def _reason_clause(token: Any) -> bool:
    """ "for targeting muslims", "of killing": a gerund under a preposition is why, not what happened."""
    return token.tag_ == "VBG" and token.dep_ == "pcomp" and token.head.lower_ in ("for", "of")


def _describing_participle(token: Any) -> bool:
    """ "a group targeting restaurants": a present participle that modifies a noun."""
    return token.tag_ == "VBG" and token.dep_ == "acl"


def not_an_incident(event: Event, family: str, doc: Any, sentence: Any) -> str | None:
    """Why ``event`` is no incident mention (see the module docstring), or None."""
    if event.confidence < MIN_MENTION_CONFIDENCE:
        return f"event confidence {event.confidence} < {MIN_MENTION_CONFIDENCE}"
    lemma = (event.trigger.lemma or event.trigger.text).lower()
    token = trigger_token(doc, event.trigger.span)
    if model_only(event) and not lexicon_conflict(lemma) and not _conflict_object(token):
        return f"model-only event, {lemma!r} is no conflict verb of the lexicons"
    if token is None:
        return None
    if _retort(event, token, sentence.text, sentence.start_char):
        return "a retort before a quotation"
    if _legal(event, token, family):
        return "a court step (charge, trial, sentence), not an arrest"
    if _reason_clause(token) or _describing_participle(token):
        return "a gerund of reason or a describing participle, not an occurrence"
    return None
