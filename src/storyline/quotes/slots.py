"""Slot values a claim asserts: casualties, counts, and the actor / place / date of its events.

Values come from the upstream stages when they ran (``Event.casualties`` from event_details,
``Quantity`` items from quantities, event actors, locations and dates); when they did not, a
small reading of the parse finds casualty statements and counted things directly.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from storyline.lang import table, words
from storyline.model import Claim, Extraction
from storyline.nlp.doctext import doc_text
from storyline.quantities.component import count_categories

INF = math.inf


def _bound(cell: str) -> float:
    return INF if cell == "inf" else int(cell)


#: Vague quantity words -> (low, high): "tens of missiles", "some Iraqis".
VAGUE = {row[0]: (_bound(row[2]), _bound(row[3])) for row in table("vague_numbers") if row[2] != "-"}
KILL_NOUNS = count_categories("noun", "claim")
KILL_VERBS = count_categories("verb", "claim")
NEGATORS = words("negators")


@dataclass
class SlotValue:
    slot: str  # casualties, count, actor, place, date
    key: str  # what is measured: casualty kind, counted unit, event type
    value: str  # as a reader would say it: "none", "some", "15", "IRN"
    span: tuple[int, int]
    low: float | None = None
    high: float | None = None
    vague: bool = False
    group: str | None = None  # casualties: who; place: its country
    category: str | None = None  # counts: launched, failed, deployed, ...
    event_type: str | None = None  # counts: PLOVER type of the event the number belongs to


@dataclass
class ClaimSlots:
    """A claim (or an unattributed statement: ``claim_id`` None) with the values it asserts."""

    claim_id: str | None
    source: str
    span: tuple[int, int]
    slots: list[SlotValue] = field(default_factory=list)
    article_id: str | None = None


def unit_key(unit: str | None) -> str | None:
    """ "ballistic missiles" -> "missile": the head noun, singular."""
    if not unit:
        return None
    word = re.findall(r"[a-z]+", unit.lower())
    if not word:
        return None
    w = word[-1]
    for suffix, repl in (("ies", "y"), ("sses", "ss"), ("ches", "ch"), ("shes", "sh"), ("s", "")):
        if w.endswith(suffix) and len(w) > len(suffix) + 2:
            return w[: -len(suffix)] + repl
    return w


def _inside(span: tuple[int, int], outer: tuple[int, int]) -> bool:
    return outer[0] <= span[0] and span[1] <= outer[1]


def _range(
    count: float | None, negated: bool, approximate: bool, words: str
) -> tuple[float, float, str, bool]:
    if negated:
        return 0, 0, "none", False
    low_words = words.lower()
    if count is not None:
        if re.search(r"\b(?:at least|more than|over)\b", low_words):
            return count, INF, f"at least {count:g}", True
        if approximate:
            return count * 0.8, count * 1.25, f"about {count:g}", True
        return count, count, f"{count:g}", False
    for word, (lo, hi) in VAGUE.items():
        if re.search(rf"\b{word}\b", low_words):
            return lo, hi, word, True
    return 1, INF, "some", True


def casualty_slots(ex: Extraction, doc: Doc | None, span: tuple[int, int]) -> list[SlotValue]:
    found: list[SlotValue] = []
    for event in ex.events:
        for c in event.casualties:
            if _inside(c.span, span):
                lo, hi, value, vague = _range(c.count, c.negated, c.approximate, c.group or "")
                found.append(
                    SlotValue("casualties", c.kind, value, c.span, lo, hi, vague or c.approximate, c.group)
                )
    if found or doc is None or any(e.casualties for e in ex.events):
        return found
    return _parse_casualties(doc, span)


def _parse_casualties(doc: Doc, span: tuple[int, int]) -> list[SlotValue]:
    """Casualty statements read from the parse when event_details did not run."""
    found = []
    count_tok: Token | None
    for tok in doc:
        if not span[0] <= tok.idx < span[1]:
            continue
        lemma = tok.lemma_.lower()
        if tok.pos_ == "NOUN" and tok.lower_ in KILL_NOUNS:
            kind, group_tok, verb = KILL_NOUNS[tok.lower_], None, tok.head
            prep = next((c for c in tok.children if c.lower_ in ("among", "of")), None)
            group_tok = (
                next((c for c in prep.children if c.dep_ == "pobj"), None) if prep is not None else None
            )
            count_tok = tok
        elif tok.pos_ == "VERB" and lemma in KILL_VERBS:
            kind, verb = KILL_VERBS[lemma], tok
            group_tok = next((c for c in tok.children if c.dep_ in ("dobj", "nsubjpass")), None)
            count_tok = group_tok
        else:
            continue
        words = {w.lower_ for w in (count_tok.subtree if count_tok is not None else [])}
        negated = bool(words & NEGATORS) or any(c.dep_ == "neg" for c in verb.children)
        number = None
        if count_tok is not None:
            num = next((c for c in count_tok.children if c.dep_ == "nummod" and c.like_num), None)
            if num is not None:
                try:
                    number = float(num.text.replace(",", ""))
                except ValueError:
                    number = None
        det_words = " ".join(w.lower_ for w in count_tok.subtree) if count_tok is not None else ""
        lo, hi, value, vague = _range(number, negated, False, det_words)
        group = None
        if group_tok is not None:
            group = doc_text(doc)[
                group_tok.left_edge.idx : group_tok.right_edge.idx + len(group_tok.right_edge.text)
            ]
        found.append(
            SlotValue("casualties", kind, value, (tok.idx, tok.idx + len(tok.text)), lo, hi, vague, group)
        )
    return found


#: Units that measure money, shares or time: many different figures in one story, no one event.
NON_EVENT_UNIT = re.compile(
    r"^(?:[A-Z]{3}|%|percent|per cent|years?|months?|weeks?|days?|hours?|minutes?|seconds?)$"
)


def count_slots(ex: Extraction, span: tuple[int, int]) -> list[SlotValue]:
    event_types = {e.id: e.plover_type for e in ex.events}
    found = []
    for q in ex.quantities:
        if not _inside(q.span, span) or q.value is None or q.parent_id or q.category in ("killed", "injured"):
            continue
        key = unit_key(q.unit)
        if not key or NON_EVENT_UNIT.match((q.unit or "").strip()):
            continue
        if q.value_max is not None:
            lo, hi, vague = q.value, q.value_max, True
        else:
            lo, hi, value, vague = _range(
                q.value, False, q.approximate and not q.qualifier, q.qualifier or ""
            )
            vague = vague or q.approximate
        value = q.text if (q.unit or "").lower() in q.text.lower() else f"{q.text} {q.unit}"
        found.append(
            SlotValue(
                "count",
                key,
                value,
                q.span,
                lo,
                hi,
                vague,
                category=q.category,
                event_type=event_types.get(q.event_id) if q.event_id else None,
            )
        )
    return found


def event_slots(ex: Extraction, claim: Claim) -> list[SlotValue]:
    """Actor, place and date of the claim's events, keyed by event type."""
    found = []
    for event in ex.events:
        if event.id not in claim.event_ids or not event.plover_type or event.status == "negated":
            continue
        key = event.plover_type
        if event.actor1 and event.actor1.country:
            found.append(SlotValue("actor", key, event.actor1.country, event.actor1.span))
        if event.location and event.location.country and event.location.precision != "unknown":
            loc = event.location
            found.append(
                SlotValue(
                    "place", key, loc.name or loc.country or "", loc.span or event.span, group=loc.country
                )
            )
        if event.date and event.date.value and event.date.precision == "day":
            found.append(SlotValue("date", key, event.date.value, event.date.span))
    return found


def claim_slots(
    ex: Extraction, doc: Doc | None = None, article_id: str | None = None, *, event_attributes: bool = False
) -> list[ClaimSlots]:
    """Every claim of an extraction with its slot values (reusable across articles).

    ``event_attributes`` adds the actor / place / date of the claim's events: only meaningful
    when the caller knows the compared claims report the same event (the stories stage, after
    linking events), since one article reports many events of the same type."""
    out = []
    for claim in ex.claims:
        slots = casualty_slots(ex, doc, claim.span) + count_slots(ex, claim.span)
        if event_attributes:
            slots += event_slots(ex, claim)
        if slots:
            out.append(ClaimSlots(claim.id, claim.source.name, claim.span, slots, article_id))
    return out


def unattributed_slots(ex: Extraction, doc: Doc, article_id: str | None = None) -> list[ClaimSlots]:
    """Sentences outside every claim that still state casualties or counts."""
    claimed = [c.span for c in ex.claims]
    out = []
    for sent in doc.sents:
        span = (sent.start_char, sent.end_char)
        if any(s < span[1] and span[0] < e for s, e in claimed):
            continue
        slots = casualty_slots(ex, doc, span) + count_slots(ex, span)
        if slots:
            out.append(ClaimSlots(None, "(unattributed)", span, slots, article_id))
    return out
