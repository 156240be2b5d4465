"""Where each event happened: one place per event, not every place in its sentence.

Preference order (confidence falls with each step):
1. a place inside a locative prepositional phrase attached to the trigger, its object or the
   target ("attacked ... *at al-Asad*", "an attack *on a base in Erbil*");
2. the target itself when it is a place, or a place inside the target's phrase;
3. the most specific place of the trigger's sentence, nearest the trigger;
4. the article's dateline place, else its most mentioned place.
"""

from __future__ import annotations

from collections import Counter

from storyline.model import Event, EventLocation, Place
from storyline.places.features import PRECISION_RANK

#: Prepositions that say where (not "from": that is where something came from).
LOCATIVE = frozenset({"in", "at", "on", "near", "outside", "inside", "across", "into", "over",
                      "around", "throughout", "within", "off", "upon", "onto", "along", "towards"})
_OBJECT_DEPS = frozenset({"dobj", "nsubjpass", "attr", "oprd", "pobj", "dative"})

STEP_CONFIDENCE = {"locative": 0.85, "target": 0.7, "sentence": 0.5, "article": 0.3}


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


def locate_event(doc, event: Event, places: list[Place], article_place: Place | None) -> EventLocation | None:
    trigger = _span_tokens(doc, event.trigger.span)
    if trigger is None:
        return _location(article_place, "article") if article_place else None
    root = trigger.root
    sentence = root.sent
    in_sentence = _places_within(places, sentence.start_char, sentence.end_char)
    target = _span_tokens(doc, event.actor2.span) if event.actor2 is not None else None

    found: list[Place] = []
    for head in _locative_heads(root, target):
        for child in head.children:
            if child.dep_ == "prep" and child.lower_ in LOCATIVE:
                sub = list(child.subtree)
                found += _places_within(in_sentence, sub[0].idx, sub[-1].idx + len(sub[-1]))
    choice = _most_specific(found, event.trigger.span[0])
    if choice:
        return _location(choice, "locative")

    if target is not None:
        sub = list(target.root.subtree)
        start = min(target.start_char, sub[0].idx)
        end = max(target.end_char, sub[-1].idx + len(sub[-1]))
        choice = _most_specific(_places_within(in_sentence, start, end), event.trigger.span[0])
        if choice:
            return _location(choice, "target")

    choice = _most_specific(in_sentence, event.trigger.span[0])
    if choice:
        return _location(choice, "sentence")
    return _location(article_place, "article") if article_place else None


def article_main_place(places: list[Place], dateline: Place | None = None) -> Place | None:
    """The dateline place when there is one, else the most mentioned resolved place."""
    if dateline is not None and dateline.lat is not None:
        return dateline
    located = [p for p in places if p.lat is not None]
    if not located:
        return None
    counts = Counter(p.gazetteer_id for p in located)
    best_id = max(counts, key=lambda gid: (counts[gid], -min(p.span[0] for p in located if p.gazetteer_id == gid)))
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
