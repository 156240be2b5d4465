"""The ``events`` pipeline component: who did what to whom, coded in CAMEO and PLOVER.

Reads ``adoc.doc`` (spaCy parse of ``article.text``), appends :class:`storyline.model.Event`
items ``e0, e1, ...`` to ``adoc.result.events`` and leaves, for later components, each event's
token positions in ``adoc.event_tokens`` (trigger, clause, actor heads).
"""

from __future__ import annotations

import logging

from storyline.actors.lexicon import LOWERCASE_TEXT, is_lowercase_text
from storyline.actors.lookup import ActorLookup
from storyline.actors.resolve import _dateline_end, get_resolver
from storyline.events import coding
from storyline.events.clauses import FoundEvent, noun_actor, noun_phrase
from storyline.events.extract import EventExtractor
from storyline.events.facilities import with_occupant
from storyline.lang import words
from storyline.model import Actor, Event, Trigger
from storyline.nlp.syntax import MODIFIER_DEPS
from storyline.pipeline import AnalysisDoc, PipelineConfig, component

log = logging.getLogger(__name__)

#: Actor sectors that make a generic fight (19x) an unconventional assault (18x) in CAMEO terms.
IRREGULAR_SECTORS = {"REB", "INS", "CRM", "UAF", "SEP", "TER"}
#: Dependencies of an actor that modifies an event noun: "Trump's killing", "US strike".


def _resolver() -> ActorLookup:
    """The process-wide actor resolver."""
    return get_resolver()


def make_actor(adoc: AnalysisDoc, head, resolver) -> Actor | None:
    """model.Actor for the noun phrase headed by ``head`` (resolved when the resolver knows it)."""
    if head is None:
        return None
    cut = _dateline_end(adoc.doc.text)
    if head.idx < cut:
        # "BUENOS AIRES, March 16 - West German President ... met": the parser makes the dateline
        # the subject and the actor its apposition; the actor is the words after the dateline.
        after = next((c for c in head.rights if c.dep_ in ("appos", "conj") and c.idx >= cut), None)
        if after is not None:
            head = after
    start, end = noun_phrase(head)
    span_doc = adoc.doc[start:end]
    span = (span_doc.start_char, span_doc.end_char)
    if resolver is not None and head.dep_ in MODIFIER_DEPS and head.pos_ != "PRON":
        # "Trump's killing", "US drone strike": the resolver reads whole phrases (it would read
        # the event noun), so a modifier actor is looked up on its own words
        info = None
        try:
            info = resolver.lookup(span_doc.text)
        except Exception:
            log.exception("actor lookup failed for %r", span_doc.text)
        if info is not None:
            return Actor(
                text=span_doc.text,
                span=span,
                name=info.name,
                country=info.country,
                sector=None if (info.sector or "").startswith("*") else info.sector,
                kind=info.kind,
                cameo=info.cameo,
                confidence=0.7,
            )
    elif resolver is not None:
        try:
            actor = resolver.resolve(adoc, span_doc)  # a spaCy Span over adoc.doc
        except Exception:
            log.exception("actor resolution failed for %r", span_doc.text)
            actor = None
        if actor is not None:
            return without_place(adoc, actor, span)
    if head.pos_ == "PRON" and head.lower_ not in ("who", "whom"):
        # an unresolved pronoun says nothing about who acted
        return Actor(text=span_doc.text, span=span, confidence=0.2, kind=None)
    return Actor(text=span_doc.text, span=span, confidence=0.5)


#: Prepositions whose phrase after an actor says where it was, not who it is: "soldiers in Khartoum".
LOCATIVE_PREPS = words("locative_preps")


def without_place(adoc: AnalysisDoc, actor: Actor, phrase: tuple[int, int]) -> Actor:
    """The resolver's actor text, cut before a trailing place phrase beyond the noun phrase: the
    place is the event's location (the places stage), the actor is "soldiers"."""
    start, end = actor.span
    if end <= phrase[1] or start >= phrase[1]:
        return actor
    extra = adoc.doc.text[phrase[1] : end].split()
    if not extra or extra[0].lower() not in LOCATIVE_PREPS:
        return actor
    cut = phrase[1]
    return actor.model_copy(update={"text": adoc.doc.text[start:cut].rstrip(" ,"), "span": (start, cut)})


def to_event(adoc: AnalysisDoc, found: FoundEvent, index: int, resolver) -> Event:
    actor1 = make_actor(adoc, found.actor1, resolver)
    actor2 = with_occupant(adoc, make_actor(adoc, found.actor2, resolver), found.actor2, resolver)
    if actor1 is not None and actor1.country is None and found.how == "light+noun":
        # "Trump ordered an American drone strike": the strike's nationality is the orderer's side
        national = noun_actor(found.trigger)
        if (
            national is not None
            and national.dep_ in MODIFIER_DEPS
            and (found.actor1 is None or national.i != found.actor1.i)
        ):
            side = make_actor(adoc, national, resolver)
            if side is not None and side.country:
                actor1 = actor1.model_copy(update={"country": side.country})
    code = found.code
    if (
        code in ("190", "19")
        and actor1 is not None
        and actor1.sector in IRREGULAR_SECTORS
        and found.instrument is None
    ):
        code = "180"  # CAMEO: violence by irregular forces is "unconventional" assault
    info = coding.describe(code)
    mode = info.plover_mode
    if found.instrument is not None and info.plover_type == "ASSAULT":
        mode = found.instrument.mode
    doc = adoc.doc
    trigger = found.trigger
    clause = doc[found.clause[0] : found.clause[1]]
    sentence = trigger.sent
    return Event(
        id=f"e{index}",
        span=(clause.start_char, clause.end_char),
        confidence=found.confidence,
        text=sentence.text.strip(),
        trigger=Trigger(
            text=trigger.text,
            lemma=trigger.lemma_.lower(),
            span=(trigger.idx, trigger.idx + len(trigger.text)),
            confidence=found.confidence,
        ),
        actor1=actor1,
        actor2=actor2,
        plover_type=info.plover_type,
        plover_type_2021=info.plover_type_2021,
        plover_mode=mode,
        cameo_code=info.code,
        cameo_root=info.root,
        goldstein=info.goldstein,
        quad_class=info.quad_class,
        status=found.status,
        instrument=found.instrument.words if found.instrument else None,
    )


@component("events", assigns=("event_tokens", "result.events"))
def make_events(config: PipelineConfig):
    extractor = EventExtractor()

    def events(adoc: AnalysisDoc) -> None:
        resolver = _resolver()
        positions = adoc.event_tokens
        index = len(adoc.result.events)
        # All-lower-case pages ("mumbai: bjp workers ..."): actor names match in lower case too.
        lowercase = LOWERCASE_TEXT.set(is_lowercase_text(adoc.text))
        try:
            for sent in adoc.doc.sents:
                for found in extractor.sentence_events(sent):
                    event = to_event(adoc, found, index, resolver)
                    adoc.result.events.append(event)
                    positions[event.id] = {
                        "trigger": found.trigger.i,
                        "clause": found.clause,
                        "actor1": found.actor1.i if found.actor1 is not None else None,
                        "actor2": found.actor2.i if found.actor2 is not None else None,
                    }
                    index += 1
        finally:
            LOWERCASE_TEXT.reset(lowercase)

    return events
