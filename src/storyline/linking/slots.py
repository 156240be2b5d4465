"""What each source says about a story event's slots, and where sources disagree.

A story event merges mentions from several articles; each mention carries its source's
values for the event's slots (casualties, counts, place, date, actors). Reading them side by
side surfaces cross-article contradictions, expressed with the same Contradiction model the
in-article stage uses.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from storyline.linking.outlets import normalise_outlet
from storyline.linking.stories import haversine_km
from storyline.model import Contradiction, Event
from storyline.store import Store


@dataclass
class SlotValue:
    slot: str
    value: Any
    display: str
    source: str
    article_id: str
    event_uid: str
    span: tuple[int, int]
    approximate: bool = False


def _casualty_values(event: Event, base: dict[str, Any]) -> list[SlotValue]:
    values = []
    for c in event.casualties:
        count = 0.0 if c.negated else c.count
        shown = "none" if c.negated else ("some" if c.count is None else f"{c.count:g}")
        if c.group:
            shown += f" ({c.group})"
        values.append(
            SlotValue(
                slot=f"casualties.{c.kind}",
                value=count,
                display=shown,
                span=c.span,
                approximate=c.approximate or c.count is None,
                **base,
            )
        )
    return values


def event_slot_values(
    event: Event, quantities: list[dict[str, Any]], base: dict[str, Any]
) -> list[SlotValue]:
    """The slot values one event mention asserts."""
    values = _casualty_values(event, base)
    if event.date and event.date.value:
        values.append(
            SlotValue(
                slot="date", value=event.date.value, display=event.date.value, span=event.date.span, **base
            )
        )
    loc = event.location
    if loc and loc.lat is not None and loc.precision in ("site", "city", "admin2"):
        values.append(
            SlotValue(
                slot="place",
                value=(loc.lat, loc.lon),
                display=loc.name or "",
                span=loc.span or event.span,
                **base,
            )
        )
    for q in quantities:
        if q.get("value") is None or not (q.get("unit") or q.get("category")):
            continue
        slot = f"count.{q.get('category') or q.get('unit')}"
        values.append(
            SlotValue(
                slot=slot,
                value=q["value"],
                display=q.get("text") or str(q["value"]),
                span=tuple(q["span"]),
                approximate=bool(q.get("approximate")),
                **base,
            )
        )
    return values


def story_slot_values(store: Store, story_id: str) -> list[SlotValue]:
    rows = store.con.execute(
        "SELECT e.uid, e.id, e.version_id, e.article_id, e.data, coalesce(v.outlet, v.url, e.article_id) "
        "FROM story_mentions sm JOIN events e ON e.uid = sm.event_uid "
        "JOIN article_versions v ON v.version_id = e.version_id WHERE sm.story_id = ? "
        "ORDER BY v.published_ts NULLS LAST",
        [story_id],
    ).fetchall()
    values: list[SlotValue] = []
    for uid, event_id, version_id, article_id, data, source in rows:
        event = Event.model_validate_json(data)
        quantities = [
            json.loads(q[0])
            for q in store.con.execute(
                "SELECT data FROM quantities WHERE version_id = ? AND event_id = ?", [version_id, event_id]
            ).fetchall()
        ]
        base = {"source": normalise_outlet(source) or source, "article_id": article_id, "event_uid": uid}
        values.extend(event_slot_values(event, quantities, base))
    return values


def _conflict(a: SlotValue, b: SlotValue) -> tuple[str, str] | None:
    """(severity, why) when two values of one slot disagree."""
    if a.slot == "place":
        km = haversine_km(*a.value, *b.value)
        return ("medium", f"{km:.0f} km apart") if km > 50 else None
    if a.slot == "date":
        return ("medium", "different dates") if a.value != b.value else None
    x, y = a.value, b.value
    if x is None or y is None:  # "some" against a number or "none"
        other = y if x is None else x
        return ("high", "none against some") if other == 0 else None
    if x == y:
        return None
    if 0 in (x, y):
        return ("high", "none against some")
    ratio = max(x, y) / min(x, y)
    if a.approximate or b.approximate:
        # Every differing value is stated; approximate ones within 2x are a low-severity note.
        return ("low", "approximate counts differ")
    return ("medium" if ratio > 1.5 else "low", "counts differ")


def find_cross_source_contradictions(values: list[SlotValue]) -> list[Contradiction]:
    """Pairs of values of one slot that conflict: between sources, or between two articles or two
    incidents of one source (an updated toll, or incidents that should not share a story).
    One per slot and pair of values."""
    by_slot: dict[str, list[SlotValue]] = defaultdict(list)
    for v in values:
        by_slot[v.slot].append(v)
    found: list[Contradiction] = []
    seen: set[tuple[str, str, str]] = set()
    for slot, slot_values in by_slot.items():
        for i, a in enumerate(slot_values):
            for b in slot_values[i + 1 :]:
                if a.event_uid == b.event_uid:
                    continue
                key = (slot, *sorted((f"{a.source}|{a.display}", f"{b.source}|{b.display}")))
                if key in seen:
                    continue
                verdict = _conflict(a, b)
                if verdict is None:
                    continue
                seen.add(key)
                severity, why = verdict
                found.append(
                    Contradiction(
                        id=f"x{len(found)}",
                        slot=slot,
                        span=a.span,
                        confidence=0.6,
                        sources=[a.source, b.source],
                        values=[a.display, b.display],
                        spans=[a.span, b.span],
                        explanation=f"{slot}: {a.source} says {a.display}, {b.source} says {b.display} ({why})",
                        severity=severity,
                        article_ids=[a.article_id, b.article_id],
                        claim_ids=[a.event_uid, b.event_uid],
                    )
                )
    return found


def story_detail(store: Store, story_id: str) -> dict[str, Any]:
    """A story event with its mentions, per-source slot values and contradictions."""
    cur = store.con.execute("SELECT * EXCLUDE (embedding) FROM story_events WHERE story_id = ?", [story_id])
    row = cur.fetchone()
    if row is None:
        raise KeyError(story_id)
    story = dict(zip([c[0] for c in cur.description], row, strict=True))
    cur = store.con.execute(
        "SELECT sm.event_uid, sm.article_id, sm.version_id, sm.outlet, sm.published_ts, sm.similarity, "
        "v.title, v.url, e.text, e.span_start, e.span_end, e.plover_type, e.cameo_code "
        "FROM story_mentions sm JOIN events e ON e.uid = sm.event_uid "
        "JOIN article_versions v ON v.version_id = sm.version_id WHERE sm.story_id = ? "
        "ORDER BY sm.published_ts NULLS LAST",
        [story_id],
    )
    cols = [c[0] for c in cur.description]
    mentions = [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]
    values = story_slot_values(store, story_id)
    slots: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for v in values:
        slots[v.slot].append(
            {
                "source": v.source,
                "value": v.display,
                "article_id": v.article_id,
                "event_uid": v.event_uid,
                "span": list(v.span),
            }
        )
    return {
        "story": story,
        "mentions": mentions,
        "slots": dict(slots),
        "contradictions": [c.model_dump() for c in find_cross_source_contradictions(values)],
    }
