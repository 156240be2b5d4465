"""The ``contradictions`` component, and :func:`find_contradictions` for any two claim lists.

Two statements conflict when they fill the same slot of the same kind of event with values
that cannot both be true:

* casualties — none vs some killed, or different counts, for overlapping groups
  ("American or Iraqi forces" overlaps "some Iraqis"; "Americans" does not);
* count — the same counted thing (same head noun, same category) of the same kind of event
  (or with the same stated category) whose ranges do not meet; money, shares and durations
  are never compared ("15 missiles" vs "tens of missiles": a vague number is a low-severity disagreement);
* actor, place, date — the same event type with a different country, place or day.

Statements from the same source are not compared (a source revising itself is an update).
The stories stage calls :func:`find_contradictions` across articles.
"""

from __future__ import annotations

from storyline.model import Contradiction
from storyline.pipeline import AnalysisDoc, PipelineConfig, component
from storyline.quotes.country import _country_names, _pattern
from storyline.quotes.slots import ClaimSlots, SlotValue, claim_slots, unattributed_slots

CASUALTY_KINDS_COMPATIBLE = {("casualties", "killed"), ("casualties", "injured")}


def _countries(phrase: str | None) -> set[str]:
    if not phrase:
        return set()
    names = _country_names()
    return {names[m.group(1)] for m in _pattern().finditer(phrase)}


def _groups_overlap(a: str | None, b: str | None) -> bool:
    """Could the two groups share members? Unknown groups might."""
    ca, cb = _countries(a), _countries(b)
    if ca and cb:
        return bool(ca & cb)
    return True


def _kinds_match(a: str, b: str) -> bool:
    return a == b or (a, b) in CASUALTY_KINDS_COMPATIBLE or (b, a) in CASUALTY_KINDS_COMPATIBLE


def _bounds(v: SlotValue) -> tuple[float, float]:
    """A casualty or count value's range (claim_slots gives every such value one)."""
    assert v.low is not None and v.high is not None, v
    return v.low, v.high


def _ranges_meet(a: SlotValue, b: SlotValue) -> bool:
    (a_low, a_high), (b_low, b_high) = _bounds(a), _bounds(b)
    return not (a_high < b_low or b_high < a_low)


def _fmt(v: SlotValue) -> str:
    if v.slot == "casualties":
        return f"{v.value} {v.key}" + (f" among {v.group}" if v.group else "")
    return v.value


def _compare(a: SlotValue, b: SlotValue) -> tuple[str, str] | None:
    """(severity, explanation) when the two values conflict."""
    if a.slot != b.slot:
        return None
    if a.slot == "casualties":
        if not _kinds_match(a.key, b.key) or not _groups_overlap(a.group, b.group) or _ranges_meet(a, b):
            return None
        if a.high == 0 or b.high == 0:
            return "high", "one says no one was hurt, the other reports casualties"
        if a.vague or b.vague:
            return "low", "casualty figures differ (at least one is approximate)"
        (a_low, a_high), (b_low, b_high) = _bounds(a), _bounds(b)
        ratio = max(a_low, b_low) / max(1, min(a_high, b_high))
        return ("high" if ratio >= 2 else "medium"), "casualty counts differ"
    if a.slot == "count":
        if a.key != b.key or (a.category and b.category and a.category != b.category):
            return None
        # The same counted thing is not the same slot unless both numbers belong to the same
        # kind of event (both missiles of an ASSAULT), or share a stated category.
        same_event = a.event_type is not None and a.event_type == b.event_type
        if not same_event and not (a.category and a.category == b.category):
            return None
        if a.high is None or b.high is None or _ranges_meet(a, b):
            return None
        if a.vague or b.vague:
            return "low", f"the number of {a.key}s differs (at least one figure is approximate)"
        return "medium", f"the number of {a.key}s differs"
    if a.key != b.key:  # actor / place / date of the same event type
        return None
    if a.slot == "place":
        if a.value == b.value or (
            a.group and b.group and a.group == b.group and a.value != a.group and b.value != b.group
        ):
            return None  # same place, or two places in the same country (may be one event's sites)
        return "medium", f"different place for the {a.key.lower()} event"
    if a.value != b.value:
        return "medium", f"different {a.slot} for the {a.key.lower()} event"
    return None


def find_contradictions(
    claims_with_slots_a: list[ClaimSlots],
    claims_with_slots_b: list[ClaimSlots],
    *,
    id_prefix: str = "x",
) -> list[Contradiction]:
    """Conflicts between statements of ``a`` and statements of ``b`` (each pair once when the
    lists are the same). Two unattributed statements are never compared with each other."""
    same = claims_with_slots_a is claims_with_slots_b
    found: list[Contradiction] = []
    seen: set[tuple] = set()
    for i, ca in enumerate(claims_with_slots_a):
        for j, cb in enumerate(claims_with_slots_b):
            if same and j <= i:
                continue
            if ca.claim_id is None and cb.claim_id is None:
                continue
            if ca.source.lower() == cb.source.lower() and ca.article_id == cb.article_id:
                continue
            for va in ca.slots:
                for vb in cb.slots:
                    verdict = _compare(va, vb)
                    if verdict is None:
                        continue
                    key = (ca.claim_id, cb.claim_id, va.slot)
                    if key in seen:
                        continue
                    seen.add(key)
                    severity, why = verdict
                    found.append(
                        Contradiction(
                            id=f"{id_prefix}{len(found)}",
                            slot=va.slot,
                            claim_ids=[c for c in (ca.claim_id, cb.claim_id) if c],
                            sources=[ca.source, cb.source],
                            values=[_fmt(va), _fmt(vb)],
                            spans=[va.span, vb.span],
                            explanation=f"{ca.source}: {_fmt(va)}; {cb.source}: {_fmt(vb)} — {why}",
                            severity=severity,
                            span=ca.span,
                            confidence=0.6 if severity == "low" else 0.75,
                            article_ids=[a for a in {ca.article_id, cb.article_id} if a]
                            if ca.article_id != cb.article_id
                            else [],
                        )
                    )
    return found


def extract(adoc: AnalysisDoc) -> None:
    ex = adoc.result
    statements = claim_slots(ex, adoc.doc) + unattributed_slots(ex, adoc.doc)
    statements.sort(key=lambda s: s.span)
    ex.contradictions.extend(find_contradictions(statements, statements))


@component("contradictions", requires=("result.quotes",))
def make_contradictions(config: PipelineConfig):
    return extract


__all__ = ["ClaimSlots", "SlotValue", "claim_slots", "find_contradictions"]
