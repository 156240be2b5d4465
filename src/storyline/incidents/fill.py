"""Filling an incident from its mentions: types, actors, victims, toll, place, date, confidence."""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from storyline.incidents.group import Group, Mention, _actor_missing, _words
from storyline.incidents.lexicon import (
    AMBIGUOUS_TRIGGERS,
    HAPPENED,
    PEOPLE_WORDS,
    PRECISION_RANK,
    SUB_EVENT_PRIORITY,
)
from storyline.model import Actor, Casualties, DateInfo, EventLocation, Incident, Place, Toll, Why


def _specificity(m: Mention) -> tuple:
    from storyline.export.acled import acled_type

    event = m.event
    mapped = acled_type(event)
    sub = mapped[1] if mapped else ""
    rank = SUB_EVENT_PRIORITY.index(sub) if sub in SUB_EVENT_PRIORITY else len(SUB_EVENT_PRIORITY)
    return (
        event.status in HAPPENED,
        not _actor_missing(m.actor1),
        event.actor2 is not None,
        -rank,
        len(event.cameo_code or ""),
        event.confidence,
    )


def _best_actor(actors: list[Actor]) -> Actor | None:
    scored = [
        (a.country is not None, a.sector is not None, a.name is not None, a.confidence, -k, a)
        for k, a in enumerate(actors)
        if not _actor_missing(a)
    ]
    return max(scored, key=lambda x: x[:5])[5] if scored else None


def _is_people(actor: Actor) -> bool:
    return (
        actor.kind in ("person", "group")
        or bool(_words(actor.text) & PEOPLE_WORDS)
        or (actor.sector in ("CVL", "REF", "EDU", "HLH", "REL", "LAB", "AGR") and actor.kind != "country")
    )


def _side(group: str | None) -> str | None:
    """The country a casualty group belongs to, from its demonym ("Libyan soldiers" -> LBY)."""
    if not group:
        return None
    from storyline.events.clauses import actor_info

    found = set()
    for word in re.findall(r"[A-Za-z]+", group):
        info = actor_info(word.capitalize())
        if info is not None and info.kind == "demonym" and info.country:
            found.add(info.country)
    return found.pop() if len(found) == 1 else None  # "American or Iraqi forces": no one side


def _toll(casualties: list[tuple[Casualties, int]], kind: str) -> Toll | None:
    """Best/low/high over the figures given for the incident (one figure per sentence: groups in one
    sentence add up, figures in different sentences are alternative estimates)."""
    per_sentence: dict[int, dict[tuple, Casualties]] = {}
    for c, sentence in casualties:
        if c.kind != kind or c.negated or c.count is None:
            continue
        per_sentence.setdefault(sentence, {})[(c.span, c.group)] = c
    figures: list[tuple[float, list[tuple[int, int]], bool]] = []
    sides: dict[str, float] = {}
    for found in per_sentence.values():
        for c in found.values():
            side = _side(c.group)
            if side:
                sides[side] = max(sides.get(side, 0.0), float(c.count or 0))
        by_group: dict[str, float] = {}
        for c in found.values():
            key = (c.group or "").lower()
            by_group[key] = max(by_group.get(key, 0.0), float(c.count or 0))
        named = {k: v for k, v in by_group.items() if k}
        total = sum(named.values()) if len(named) > 1 else max(by_group.values())
        figures.append((total, [c.span for c in found.values()], any(c.approximate for c in found.values())))
    if not figures:
        negated = [c for c, _ in casualties if c.kind == kind and c.negated]
        return Toll(best=0, low=0, high=0, spans=[negated[0].span]) if negated else None
    values = [f[0] for f in figures]
    if len(sides) >= 2 and sum(sides.values()) > max(values):
        # "1,269 Libyan soldiers" and "29 Chadian soldiers" killed: the two sides' dead add up
        total = sum(sides.values())
        return Toll(
            best=total, low=total, high=max(total, max(values)), spans=[s for f in figures for s in f[1]]
        )
    counts = Counter(values)
    top = max(counts.values())
    # the figure most sources give; among equals, the first reported (the lead's)
    best = next(v for v in values if counts[v] == top)
    return Toll(best=best, low=min(values), high=max(values), spans=[s for f in figures for s in f[1]])


def _location(mentions: list[Mention], places: dict[str, Place]) -> tuple[EventLocation | None, Why | None]:
    """The most specific place the mentions support: one named in a mention's own sentence first."""
    options = []
    for k, m in enumerate(mentions):
        loc = m.event.location
        if loc is None or (not loc.name and loc.lat is None):
            continue
        own = any(p.id == loc.place_id for p in m.own_places)
        options.append((own, -PRECISION_RANK.get(loc.precision, 6), loc.confidence, -k, loc))
    for m in mentions:  # a place named in the mention's sentence that the mention did not take
        for p in m.own_places:
            if p.mention == "demonym":  # "an Israeli strike on ... Qana": a demonym never locates
                continue
            if not any(o[4].place_id == p.id for o in options):
                loc = EventLocation(
                    place_id=p.id,
                    name=p.name or p.text,
                    country=p.country,
                    lat=p.lat,
                    lon=p.lon,
                    precision=p.precision,
                    span=p.span,
                    confidence=round(p.confidence * 0.6, 3),
                )
                options.append((True, -PRECISION_RANK.get(p.precision, 6), loc.confidence, -99, loc))
    if not options:
        return None, None
    best = max(options, key=lambda o: o[:4])[4]
    why = Why(
        by="rule",
        name="incident:most-specific-place",
        span=best.span,
        detail="named in the mention's sentence" if max(options, key=lambda o: o[:4])[0] else "inherited",
    )
    return best, why


def _date(mentions: list[Mention]) -> DateInfo | None:
    rank = {"day": 0, "week": 1, "month": 2, "quarter": 3, "year": 4, "unknown": 5}
    dated = [
        (
            m.event.date.value is not None,
            -rank[m.event.date.precision],
            m.event.date.confidence,
            -k,
            m.event.date,
        )
        for k, m in enumerate(mentions)
        if m.event.date is not None
    ]
    return max(dated, key=lambda d: d[:4])[4] if dated else None


#: Triggers that name violence only in some contexts; alone, with no toll or weapon, they are weak evidence.
WEAK_TRIGGERS = AMBIGUOUS_TRIGGERS | {
    "hurt",
    "target",
    "targeting",
    "charge",
    "charged",
    "force",
    "forced",
    "push",
    "pushed",
    "press",
    "seize",
    "seized",
    "break",
    "broke",
    "destroy",
    "kill",
    "killing",
    "threat",
    "violence",
    "block",
    "blocked",
    "stop",
}


def incident_confidence(
    mentions: list[Mention],
    fatalities: Toll | None,
    injured: Toll | None,
    instrument: str | None,
    actor1: Actor | None,
    status: str,
) -> float:
    """How likely the record is a real incident of its type: the best mention's confidence, raised by
    corroboration (more mentions, a toll, a weapon, a named perpetrator), lowered for a lone ambiguous
    word ("shot back", "hurt", "charged") and for what did not happen. Factors set on the dev split
    of the incident labels (docs/incident-guidelines.md)."""
    top = max(m.event.confidence for m in mentions)
    tolls = any(t is not None and (t.best or 0) > 0 for t in (fatalities, injured))
    score = top + 0.04 * min(len(mentions) - 1, 3)
    score += (
        0.08 * tolls + 0.04 * (instrument is not None) + 0.04 * (actor1 is not None and bool(actor1.country))
    )
    lone = len(mentions) == 1
    if lone and not tolls and instrument is None:
        trigger = _words(mentions[0].event.trigger.text) | {(mentions[0].event.trigger.lemma or "").lower()}
        if trigger & WEAK_TRIGGERS:
            score *= 0.6
        elif mentions[0].family == "coercion":
            score *= 0.75
    if status not in HAPPENED:
        score *= 0.7
    return round(max(0.05, min(0.95, score)), 3)


def build_incident(index: int, group: Group, places: dict[str, Place], claims: dict[str, Any]) -> Incident:
    from storyline.export.acled import acled_type

    mentions = sorted(group.mentions, key=lambda m: m.event.span[0])
    events = [m.event for m in mentions]
    # the type is the group's: a protest holding its police action stays a protest
    lead = max([m for m in mentions if m.family == group.family] or mentions, key=_specificity).event
    why: dict[str, Why] = {
        "event_ids": Why(
            by="rule",
            name=f"incident:group:{group.family}",
            span=lead.span,
            detail=f"{len(events)} mention(s)",
        )
    }
    own = [m for m in mentions if m.family == group.family] or mentions
    actor1 = _best_actor([m.actor1 for m in own if m.actor1 is not None]) or _best_actor(
        [m.actor1 for m in mentions if m.actor1 is not None]
    )
    if actor1 is not None:
        why["actor1"] = Why(by="rule", name="incident:best-resolved-perpetrator", span=actor1.span)
    victims_all = [e.actor2 for e in events if e.actor2 is not None]
    actor2 = _best_actor([a for a in victims_all if not (actor1 and a.span == actor1.span)])
    victims: list[Actor] = []
    seen: set[str] = set()
    for a in victims_all:
        key = a.text.lower()
        if _is_people(a) and key not in seen:
            seen.add(key)
            victims.append(a)
    # "the toll in the communal violence has climbed to 430" counts a wave, not this incident
    casualties = [(c, m.sentence) for m in mentions for c in m.event.casualties if c.span not in m.cumulative]
    fatalities, injured = _toll(casualties, "killed"), _toll(casualties, "injured")
    if fatalities is not None:
        why["fatalities"] = Why(
            by="rule",
            name="incident:toll:best-low-high",
            span=fatalities.spans[0] if fatalities.spans else None,
        )
    if injured is not None:
        why["injured"] = Why(
            by="rule", name="incident:toll:best-low-high", span=injured.spans[0] if injured.spans else None
        )
    location, place_why = _location(mentions, places)
    if place_why is not None:
        why["location"] = place_why
    when = _date(mentions)
    instrument = next(
        (m.event.instrument for m in sorted(mentions, key=_specificity, reverse=True) if m.event.instrument),
        None,
    )
    claim_ids = list(dict.fromkeys(e.source_claim_id for e in events if e.source_claim_id))
    sources = list(dict.fromkeys(claims[c].source.name for c in claim_ids if c in claims))
    statuses = [e.status for e in events]
    status = (
        lead.status if lead.status in HAPPENED or not any(s in HAPPENED for s in statuses) else "reported"
    )
    timing = "background" if group.background else "current"
    if timing == "background":
        why["timing"] = Why(
            by="rule",
            name="incident:background",
            span=mentions[0].event.span,
            detail=mentions[0].background_why,
        )
    mapped = acled_type(lead)
    confidence = incident_confidence(mentions, fatalities, injured, instrument, actor1, status)
    return Incident(
        id=f"i{index}",
        span=lead.span,
        confidence=round(confidence, 3),
        event_ids=[e.id for e in events],
        actor1=actor1,
        actor2=actor2,
        victims=victims,
        instrument=instrument,
        plover_type=lead.plover_type,
        plover_mode=lead.plover_mode,
        cameo_code=lead.cameo_code,
        cameo_root=lead.cameo_root,
        acled_event_type=mapped[0] if mapped else None,
        acled_sub_event_type=mapped[1] if mapped else None,
        status=status,
        timing=timing,
        date=when,
        location=location,
        fatalities=fatalities,
        injured=injured,
        claim_ids=claim_ids,
        sources=sources,
        text=lead.text,
        why=why,
    )
