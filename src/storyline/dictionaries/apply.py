"""Users' dictionaries applied to an extraction: they take precedence over the built-ins.

Actors of events and incidents (actor1, actor2, victims) matched by a dictionary entry take
its name, country, sector and CAMEO code; places whose words are a place alias take the
alias's place, and so do the event and incident locations that pointed at them. An alias
found in the text where no place was read becomes a place; an event or incident with no
location (or only a country) in that sentence is placed there. Every change is recorded in
the item's ``why`` (``by: "dictionary"``, the entry, the words it matched).
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from storyline.dictionaries.entries import Dictionaries, normalise
from storyline.model import Actor, Event, EventLocation, Extraction, Incident, Place, Why

#: Location precisions an alias place improves on.
_COARSE = ("unknown", "region", "country")


def _item_day(item: Any, published: str | None) -> date | None:
    value = item.date.value if getattr(item, "date", None) and item.date.value else None
    for text in (value, published):
        if not text:
            continue
        text = str(text)
        try:
            if len(text) >= 10:
                return date.fromisoformat(text[:10])
            if len(text) == 7:
                return date.fromisoformat(text + "-15")
            if len(text) == 4 and text.isdigit():
                return date(int(text), 7, 1)
        except ValueError:
            continue
    return None


def _actor(actor: Actor | None, dictionaries: Dictionaries, day: date | None) -> tuple[Actor, Why] | None:
    if actor is None:
        return None
    phrases = [actor.text] + ([actor.name] if actor.name and actor.name != actor.text else [])
    found = dictionaries.find_actor(phrases, day)
    if found is None:
        return None
    entry, phrase = found
    period = ""
    if entry.valid_from or entry.valid_to:
        period = f", valid {entry.valid_from or '…'} to {entry.valid_to or '…'}"
    # The entry's values win; what it leaves open keeps the built-in's ("Fighters of X": REB).
    country, sector = entry.country or actor.country, entry.sector or actor.sector
    cameo = entry.cameo or ("".join(p for p in (country, sector) if p) or None)
    updated = actor.model_copy(
        update={
            "name": entry.name,
            "country": country,
            "sector": sector,
            "kind": entry.kind or actor.kind,
            "cameo": cameo,
            "confidence": max(actor.confidence, 0.9),
        }
    )
    why = Why(
        by="dictionary",
        name=f"dictionary:{entry.source}:{entry.name}",
        span=actor.span,
        detail=f"{phrase!r} is {entry.name} ({cameo}){period}",
    )
    return updated, why


def _apply_actors(item: Any, dictionaries: Dictionaries, published: str | None) -> int:
    day = _item_day(item, published)
    changed = 0
    for role in ("actor1", "actor2"):
        hit = _actor(getattr(item, role), dictionaries, day)
        if hit is not None and (hit[0] != getattr(item, role) or item.why.get(role) != hit[1]):
            setattr(item, role, hit[0])
            item.why[role] = hit[1]
            changed += 1
    victims = getattr(item, "victims", None)
    if victims:
        for n, victim in enumerate(victims):
            hit = _actor(victim, dictionaries, day)
            if hit is not None and hit[0] != victim:
                victims[n] = hit[0]
                item.why["victims"] = hit[1]
                changed += 1
    return changed


def _location(place: Place, confidence: float) -> EventLocation:
    return EventLocation(
        place_id=place.id,
        name=place.name,
        country=place.country,
        lat=place.lat,
        lon=place.lon,
        precision=place.precision,
        span=place.span,
        confidence=confidence,
    )


def _alias_place(place_id: str, text: str, span: tuple[int, int], alias: Any) -> Place:
    return Place(
        id=place_id,
        text=text,
        span=span,
        confidence=0.95,
        name=alias.name,
        gazetteer_id=alias.gazetteer_id or f"alias:{alias.alias}",
        feature=alias.feature,
        country=alias.country,
        admin1=alias.admin1,
        lat=alias.lat,
        lon=alias.lon,
        precision=alias.precision,
    )


def _place_why(dictionaries: Dictionaries, place: Place, detail: str) -> Why:
    alias = dictionaries.places[normalise(place.text)]
    return Why(
        by="dictionary",
        name=f"dictionary:{alias.source}:{alias.name}",
        span=place.span,
        detail=f"{detail} {alias.alias!r}",
    )


def _sentence(text: str, item: Any) -> tuple[int, int]:
    start, end = item.span
    sentence = getattr(item, "text", "") or ""
    if sentence:
        at = text.rfind(sentence, 0, end + len(sentence))
        if at != -1 and at <= start:
            return at, at + len(sentence)
    return start, end


def _apply_places(extraction: Extraction, dictionaries: Dictionaries) -> int:
    text = extraction.article.text
    changed = 0
    replaced: dict[str, Place] = {}
    for n, place in enumerate(extraction.places):
        alias = dictionaries.places.get(normalise(place.text))
        if alias is None:
            continue
        new = _alias_place(place.id, place.text, place.span, alias)
        replaced[place.id] = new
        if new != place:
            extraction.places[n] = new
            changed += 1
    covered = [p.span for p in extraction.places]
    added: list[Place] = []
    for alias in dictionaries.places.values():
        words = alias.alias.strip()
        pattern = re.compile(
            r"(?<!\w)" + r"\s+".join(re.escape(w) for w in words.split()) + r"(?!\w)", re.IGNORECASE
        )
        for match in pattern.finditer(text):
            s, e = match.span()
            if words[:1].isupper() and not match.group(0)[:1].isupper():
                continue  # "Camp Tamar" is a name; "camp tamar" in lower case is not written for it
            if any(s < ce and cs < e for cs, ce in covered):
                continue
            place = _alias_place(f"pd{len(added)}", match.group(0), (s, e), alias)
            added.append(place)
            covered.append((s, e))
    extraction.places.extend(added)
    changed += len(added)
    located: list[Event | Incident] = [*extraction.events, *extraction.incidents]
    for item in located:
        loc = item.location
        if loc is not None and loc.place_id in replaced:
            new_loc = _location(replaced[loc.place_id], max(loc.confidence, 0.9))
            same = ("name", "country", "lat", "lon", "precision")
            if any(getattr(new_loc, f) != getattr(loc, f) for f in same):
                item.location = new_loc
                item.why["location"] = _place_why(dictionaries, replaced[loc.place_id], "place alias")
                changed += 1
            continue
        alias_places = [*added, *replaced.values()]
        if alias_places and (loc is None or loc.precision in _COARSE):
            lo, hi = _sentence(text, item)
            inside = sorted(
                (p for p in alias_places if lo <= p.span[0] and p.span[1] <= hi), key=lambda p: p.span
            )
            if inside:
                place = inside[0]
                item.location = _location(place, 0.8)
                item.why["location"] = _place_why(dictionaries, place, "place alias in the same sentence")
                changed += 1
    return changed


def apply_dictionaries(extraction: Extraction, dictionaries: Dictionaries) -> int:
    """Apply the users' dictionaries to one extraction in place; returns how many fields changed."""
    if not dictionaries:
        return 0
    published = extraction.article.published
    changed = 0
    if dictionaries.actors:
        for item in [*extraction.events, *extraction.incidents]:
            changed += _apply_actors(item, dictionaries, published)
    if dictionaries.places:
        changed += _apply_places(extraction, dictionaries)
    return changed
