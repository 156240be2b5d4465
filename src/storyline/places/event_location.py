"""Where each event happened: one place per event, not every place in its sentence.

Preference order (confidence falls with each step):
1. a place inside a locative prepositional phrase attached to the trigger, its object or the
   target ("attacked ... *at al-Asad*", "an attack *on a base in Erbil*");
2. the target itself when it is a place, or a place inside the target's phrase — not when
   the target is an opponent named with "against" ("its first move against the U.S."): the
   country opposed is not where the attack happened;
3. the most specific place of the trigger's sentence, nearest the trigger, other than the
   event's own actors ("Tehran launched 15 missiles" did not happen in Tehran);
4. the place of the same actor's last earlier event of the same type in the article, when
   that one was located in its own sentence ("Iran attacked two bases in Iraq ... It launched
   ballistic missiles");
5. the article's dateline place, else its most mentioned place.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from storyline.lang import words
from storyline.model import Event, EventLocation, Place
from storyline.places.features import PRECISION_RANK

#: Prepositions that say where (not "from": that is where something came from).
LOCATIVE = words("locative")
#: Prepositions naming an opponent or a time, never where the event was.
OPPOSING = words("opposing")
_OBJECT_DEPS = frozenset({"dobj", "nsubjpass", "attr", "oprd", "pobj", "dative"})

STEP_CONFIDENCE = {"locative": 0.85, "target": 0.7, "sentence": 0.5, "earlier": 0.4, "article": 0.3}
#: Steps that read the event's own sentence: only these make a location worth passing on.
SENTENCE_STEPS = ("locative", "target", "sentence")


def _span_tokens(doc, span):
    if span is None:
        return None
    return doc.char_span(span[0], span[1], alignment_mode="expand")


def _places_within(places: list[Place], start: int, end: int) -> list[Place]:
    return [p for p in places if start <= p.span[0] and p.span[1] <= end]


def _most_specific(places: list[Place], anchor: int) -> Place | None:
    usable = [p for p in places if p.lat is not None]
    if not usable:
        return None
    return min(usable, key=lambda p: (PRECISION_RANK.get(p.precision, 9), abs(p.span[0] - anchor)))


def _locative_heads(trigger_root, target_span) -> list:
    """The trigger, its objects and the target's root: tokens a locative phrase can hang on."""
    heads = [trigger_root]
    heads += [child for child in trigger_root.children if child.dep_ in _OBJECT_DEPS]
    if target_span is not None:
        heads.append(target_span.root)
    return heads


def _opposed(target) -> bool:
    """The target phrase is an opponent ("against the U.S."), not a place acted upon."""
    head = target.root
    return head.dep_ == "pobj" and head.head.lower_ in OPPOSING


def _extent(token) -> tuple[int, int]:
    sub = list(token.subtree)
    return sub[0].idx, sub[-1].idx + len(sub[-1])


def _outside(places: list[Place], spans: list[tuple[int, int]]) -> list[Place]:
    return [p for p in places if not any(s <= p.span[0] and p.span[1] <= e for s, e in spans)]


def locate_event(
    doc,
    event: Event,
    places: list[Place],
    article_place: Place | None,
    earlier: EventLocation | None = None,
    other_targets: Sequence[tuple[int, int]] = (),
) -> tuple[EventLocation | None, str | None]:
    """(location, step that found it); ``earlier`` is the location step 4 may pass on,
    ``other_targets`` the spans of the other events' targets (their places, not this one's)."""
    trigger = _span_tokens(doc, event.trigger.span)
    if trigger is None:
        return _fallback(earlier, article_place)
    root = trigger.root
    sentence = root.sent
    in_sentence = _places_within(places, sentence.start_char, sentence.end_char)
    target = _span_tokens(doc, event.actor2.span) if event.actor2 is not None else None

    # places no step may take: in an opponent phrase anywhere in the sentence ("against the U.S.")
    opposed = [_extent(t) for t in sentence if t.lower_ in OPPOSING and t.dep_ == "prep"]
    in_sentence = _outside(in_sentence, opposed)

    found: list[Place] = []
    for head in _locative_heads(root, target):
        for child in head.children:
            if child.dep_ == "prep" and child.lower_ in LOCATIVE:
                found += _places_within(in_sentence, *_extent(child))
    choice = _most_specific(found, event.trigger.span[0])
    if choice:
        return _location(choice, "locative"), "locative"

    # another event's target is that event's place ("the strike on the Erbil bases represents
    # a retaliation to Trump's killing of a commander": the killing was not in Erbil)
    actor_spans = [a.span for a in (event.actor1, event.actor2) if a is not None and a.span]
    actor_spans += [span for span in other_targets if span != (event.actor2.span if event.actor2 else None)]
    if target is not None and not _opposed(target):
        sub = list(target.root.subtree)
        start = min(target.start_char, sub[0].idx)
        end = max(target.end_char, sub[-1].idx + len(sub[-1]))
        choice = _most_specific(_places_within(in_sentence, start, end), event.trigger.span[0])
        if choice:
            return _location(choice, "target"), "target"

    choice = _most_specific(_outside(in_sentence, actor_spans), event.trigger.span[0])
    if choice:
        return _location(choice, "sentence"), "sentence"
    return _fallback(earlier, article_place)


def _fallback(
    earlier: EventLocation | None, article_place: Place | None
) -> tuple[EventLocation | None, str | None]:
    if earlier is not None:
        scale = STEP_CONFIDENCE["earlier"]
        return earlier.model_copy(
            update={"confidence": round(scale * (earlier.confidence or 1.0), 3)}
        ), "earlier"
    if article_place is not None:
        return _location(article_place, "article"), "article"
    return None, None


def chain_key(event: Event) -> tuple[str, str] | None:
    """Events of one actor and type, whose later mentions may share the first one's place."""
    actor = event.actor1
    who = actor.country or actor.name if actor is not None else None
    return (who, event.plover_type) if who and event.plover_type else None


def article_main_place(places: list[Place], dateline: Place | None = None) -> Place | None:
    """The dateline place when there is one, else the most mentioned resolved place."""
    if dateline is not None and dateline.lat is not None:
        return dateline
    located = [p for p in places if p.lat is not None]
    if not located:
        return None
    counts = Counter(p.gazetteer_id for p in located)
    best_id = max(
        counts, key=lambda gid: (counts[gid], -min(p.span[0] for p in located if p.gazetteer_id == gid))
    )
    return next(p for p in located if p.gazetteer_id == best_id)


def _location(place: Place, step: str) -> EventLocation:
    return EventLocation(
        place_id=place.id,
        name=place.name or place.text,
        country=place.country,
        lat=place.lat,
        lon=place.lon,
        precision=place.precision,
        span=place.span,
        confidence=round(STEP_CONFIDENCE[step] * place.confidence, 3),
    )
