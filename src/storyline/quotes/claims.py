"""Claims: facts the article attributes to a source, linked to the events and quantities
whose words lie inside the claimed content."""

from __future__ import annotations

from storyline.model import Claim, Event, Quantity, Source
from storyline.quotes.attribution import Attribution
from storyline.quotes.outlets import find_outlet

SOURCE_TYPES = {"person", "official", "organization", "outlet"}


def source_of(attribution: Attribution) -> Source:
    resolved = attribution.speaker
    s = resolved.speaker
    kind = resolved.kind if resolved.kind in SOURCE_TYPES else "unknown"
    name = s.name or s.title or ""
    if kind == "outlet":
        outlet = find_outlet(name)
        name = outlet[0].name if outlet else name
    return Source(name=name or "unknown", type=kind, span=resolved.mention)


def _inside(span: tuple[int, int], outer: tuple[int, int]) -> bool:
    return outer[0] <= span[0] and span[1] <= outer[1]


def make_claim(
    claim_id: str,
    attribution: Attribution,
    text: str,
    span: tuple[int, int],
    events: list[Event],
    quantities: list[Quantity],
    confidence: float,
    quote_id: str | None = None,
) -> Claim:
    """One claim; events count as supported when their trigger lies in the claimed words."""
    event_ids = [e.id for e in events if _inside(e.trigger.span, span)]
    quantity_ids = [q.id for q in quantities if _inside(q.span, span)]
    return Claim(
        id=claim_id,
        source=source_of(attribution),
        verb=attribution.cue,
        text=text,
        span=span,
        event_ids=event_ids,
        quantity_ids=quantity_ids,
        via=attribution.via,
        quote_id=quote_id,
        confidence=confidence,
    )


def link_events_to_claims(events: list[Event], claims: list[Claim]) -> None:
    """Set ``Event.source_claim_id`` to the narrowest claim that reports the event."""
    for event in events:
        if event.source_claim_id:
            continue
        holding = [c for c in claims if event.id in c.event_ids]
        if holding:
            event.source_claim_id = min(holding, key=lambda c: c.span[1] - c.span[0]).id
