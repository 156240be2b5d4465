"""``event_details`` component: each event's date, quantities, casualties and instrument.

Runs after ``events``.  It reads the ``time`` component's dates (``AnalysisDoc.dates``), the
``quantities`` component's counted things (``AnalysisDoc.counted``) and the parse, and fills:

* ``Event.date`` — the date expression governed by the event's trigger, else one in its
  clause, else one in its sentence that does not date a reporting verb ("AP reported
  Wednesday" dates the report, not the attack); failing those, the date of another event
  in the article of the same PLOVER type by the same actor country (confidence lowered).
  Nothing is invented: an event with none of these keeps ``date = None``.
* ``Event.quantity_ids`` and ``Quantity.event_id`` — quantities in the event's clause.
* ``Event.casualties`` — numeric ones from quantities (killed/injured/...), counted-less ones
  from casualty verbs ("killed some Iraqis"), and negations ("no Americans were killed",
  "did not cause any casualties among ...").  A casualty statement outside any event's clause
  goes to the nearest assault event, with lower confidence.
* ``Event.instrument`` — a weapon noun in the clause, when the events stage set none.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from storyline.events.coding import instrument_words
from storyline.lang import words
from storyline.model import Casualties, DateInfo, Event, Quantity
from storyline.pipeline import AnalysisDoc, PipelineConfig, component
from storyline.quantities.component import count_categories
from storyline.time.component import governing_verb

REPORTING_VERBS = words("reporting_verbs", tag="casualty_report")
CASUALTY_KINDS = ("killed", "injured", "missing", "captured", "displaced")
CASUALTY_VERBS = count_categories("verb", "casualty")
#: Nouns that report casualties; only their negations are read ("no casualties").
CASUALTY_NOUNS = {
    noun: tuple(kinds.split(",")) for noun, kinds in count_categories("noun", "casualty").items()
}
#: Nouns for people (so "killed the deal" is no casualty).  Agent suffixes and NORP/PERSON
#: entities are accepted as people too.
PEOPLE_NOUNS = words("people_nouns", tag="casualty_patient")
PEOPLE_SUFFIXES = ("er", "ers", "or", "ors", "ist", "ists", "ian", "ians", "ant", "ants")
#: Weapon nouns for the instrument fallback (longest match wins).
WEAPONS = instrument_words("noun")
WEAPON_HEADS_NEEDING_MODIFIER = words("weapon_heads_needing_modifier")
WEAPON_MODIFIERS = words("weapon_modifiers")
CONFLICT_TYPES = {"ASSAULT", "COERCE", "THREATEN"}


@dataclass
class CasualtyMention:
    casualties: Casualties
    anchor: int  # token index of the verb / noun / number the mention hangs from


# --------------------------------------------------------------------------- helpers


def _char_token(doc: Any, start: int, end: int) -> Any | None:
    span = doc.char_span(start, end, alignment_mode="expand")
    return span.root if span is not None and len(span) else None


def _is_ancestor(ancestor: Any, token: Any) -> bool:
    return ancestor.i == token.i or any(a.i == ancestor.i for a in token.ancestors)


def _within(span: tuple[int, int], outer: tuple[int, int]) -> bool:
    return outer[0] <= span[0] and span[1] <= outer[1]


def _trigger_token(adoc: AnalysisDoc, event: Event) -> Any | None:
    positions = adoc.event_tokens.get(event.id)
    if positions and positions.get("trigger") is not None:
        return adoc.doc[positions["trigger"]]
    return _char_token(adoc.doc, *event.trigger.span)


def _phrase(tokens: list[Any]) -> str:
    doc = tokens[0].doc
    return doc[tokens[0].i : tokens[-1].i + 1].text


def _is_people(noun: Any) -> bool:
    lower, lemma = noun.lower_, noun.lemma_.lower()
    if noun.ent_type_ in ("PERSON", "NORP") or lower in PEOPLE_NOUNS or lemma in PEOPLE_NOUNS:
        return True
    return noun.pos_ == "NOUN" and lower.endswith(PEOPLE_SUFFIXES) and len(lower) > 4


def _negated(verb: Any, patient: Any | None) -> bool:
    if any(c.dep_ == "neg" for c in verb.children):
        return True
    if patient is None:
        return False
    if patient.lower_ in ("nobody", "none", "noone"):
        return True
    return any(c.dep_ == "det" and c.lower_ == "no" for c in patient.children)


def _group_text(patient: Any) -> str | None:
    """Who was hit, without a leading "no"/"any": "some Iraqis", "American or Iraqi forces"."""
    doc = patient.doc
    end = patient.i
    for conj in patient.conjuncts:  # "soldiers and civilians"
        if conj.i > end:
            end = conj.i
    counts = {t.i for c in patient.children if c.dep_ in ("nummod", "quantmod") for t in c.subtree}
    tokens = [t for t in doc[patient.left_edge.i : end + 1] if t.i not in counts and t.dep_ != "punct"]
    while tokens and tokens[0].lower_ in (
        "no",
        "any",
        "the",
        "a",
        "an",
        "estimated",
        "dead",
        "alive",
        "other",
    ):
        tokens.pop(0)
    if not tokens or patient.lower_ in ("one", "nobody", "none", "anyone", "who", "which"):
        return None
    return _phrase(tokens)


# --------------------------------------------------------------------------- casualties


def casualty_mentions(doc: Any, counted: list[Any]) -> list[CasualtyMention]:
    """Every casualty statement in the article: numeric, counted-less and negated."""
    mentions: list[CasualtyMention] = []
    numeric_nouns: set[int] = set()
    for item in counted:
        quantity: Quantity = item.quantity
        numeric_nouns.update({item.number_root} | ({item.noun} if item.noun is not None else set()))
        if quantity.category not in CASUALTY_KINDS:
            continue
        noun = doc[item.noun] if item.noun is not None else None
        group = _group_text(noun) if noun is not None else quantity.unit
        mentions.append(
            CasualtyMention(
                Casualties(
                    kind=quantity.category,
                    count=quantity.value,
                    approximate=quantity.approximate,
                    group=group,
                    span=quantity.span,
                    confidence=quantity.confidence * 0.95,
                ),
                item.number_root,
            )
        )
    for token in doc:
        lemma = token.lemma_.lower()
        if token.pos_ in ("VERB", "AUX") and lemma in CASUALTY_VERBS:
            mention = _verb_casualty(token, CASUALTY_VERBS[lemma], numeric_nouns)
            if mention is not None:
                mentions.append(mention)
        elif token.pos_ in ("NOUN", "ADJ") and lemma in CASUALTY_NOUNS:
            mentions.extend(_noun_casualties(token, CASUALTY_NOUNS[lemma], numeric_nouns))
    return mentions


def _verb_casualty(verb: Any, kind: str, numeric: set[int]) -> CasualtyMention | None:
    deps = (
        ("nsubj",)
        if verb.lemma_.lower() in ("die", "perish", "succumb", "disappear")
        else ("dobj", "nsubjpass")
    )
    patients = [c for c in verb.children if c.dep_ in deps]
    if not patients and verb.dep_ == "acl" and verb.tag_ == "VBN":
        patients = [verb.head]  # "the people killed in the firing", "those killed"
    if not patients:
        return None
    patient = patients[0]
    if patient.i in numeric or any(c.i in numeric for c in patient.children) or not _is_people(patient):
        return None  # counted ones come from quantities
    negated = _negated(verb, patient)
    plural = patient.tag_ in ("NNS", "NNPS") or patient.lower_ in (
        "them",
        "us",
        "some",
        "several",
        "many",
        "others",
    )
    singular_person = not plural and patient.lower_ not in ("one", "nobody", "anyone", "who")
    count = 0.0 if negated else (1.0 if singular_person else None)
    start = min(verb.idx, patient.left_edge.idx)
    end = max(verb.idx + len(verb), patient.right_edge.idx + len(patient.right_edge))
    return CasualtyMention(
        Casualties(
            kind=kind,
            count=count,
            approximate=count is None,
            group=_group_text(patient),
            negated=negated,
            span=(start, end),
            confidence=0.7,
        ),
        verb.i,
    )


def _noun_casualties(noun: Any, kinds: tuple[str, ...], numeric: set[int]) -> list[CasualtyMention]:
    """Only negated casualty nouns: "no casualties were reported", "did not cause any deaths"."""
    if noun.i in numeric or any(c.like_num for c in noun.children):
        return []
    has_no = any(c.dep_ == "det" and c.lower_ == "no" for c in noun.children)
    has_any = any(c.dep_ == "det" and c.lower_ == "any" for c in noun.children)
    head = noun.head
    negated = has_no or (has_any and any(c.dep_ == "neg" for c in head.children))
    if not negated:
        return []
    among = [
        p
        for c in noun.children
        if c.dep_ == "prep" and c.lower_ in ("among", "to", "of")
        for p in c.children
        if p.dep_ == "pobj"
    ]
    group = _group_text(among[0]) if among else None
    start = min(noun.left_edge.idx, head.idx)
    end = max(noun.right_edge.idx + len(noun.right_edge), head.idx + len(head))
    return [
        CasualtyMention(
            Casualties(kind=kind, count=0.0, group=group, negated=True, span=(start, end), confidence=0.75),
            noun.i,
        )
        for kind in kinds
    ]


# --------------------------------------------------------------------------- attachment


def tree_distance(a: Any, b: Any) -> int:
    """Number of dependency arcs between two tokens of one sentence (large across sentences)."""
    if a.sent.start != b.sent.start:
        return 10_000
    up_a = {a.i: 0}
    for steps, ancestor in enumerate(a.ancestors, start=1):
        up_a[ancestor.i] = steps
    if b.i in up_a:
        return up_a[b.i]
    for steps, ancestor in enumerate(b.ancestors, start=1):
        if ancestor.i in up_a:
            return steps + up_a[ancestor.i]
    return 10_000


def _owner(
    adoc: AnalysisDoc, events: list[Event], triggers: list[Any], anchor: Any, span: tuple[int, int]
) -> int | None:
    """The event a statement belongs to: the trigger nearest in the parse tree among the events
    whose clause holds it or whose trigger shares its sentence ("ordered a drone strike to
    kill X": the kill goes with the strike, not with a main clause further up)."""
    holders = [i for i, e in enumerate(events) if _within(span, e.span)]
    near = [i for i, t in enumerate(triggers) if t is not None and tree_distance(t, anchor) <= 2]
    candidates = sorted(set(holders) | set(near))
    if not candidates:
        return None

    def rank(i: int) -> tuple[int, int, int]:
        distance = tree_distance(triggers[i], anchor) if triggers[i] is not None else 10_000
        return distance, i not in holders, events[i].span[1] - events[i].span[0]

    return min(candidates, key=rank)


def _foregrounded(trigger: Any | None) -> bool:
    """A main-clause event (or one reported by a main-clause "said"), not a backgrounded one."""
    if trigger is None:
        return False
    if trigger.dep_ == "ROOT":
        return True
    head = trigger.head
    return trigger.dep_ in ("ccomp", "conj", "parataxis") and head.dep_ == "ROOT"


def _nearest_conflict_event(events: list[Event], triggers: list[Any], position: int) -> int | None:
    """For a casualty outside every clause: the nearest main-clause assault, before it if any."""
    conflict = [i for i, e in enumerate(events) if e.plover_type == "ASSAULT" or e.quad_class == 4]
    main = [i for i in conflict if _foregrounded(triggers[i])] or conflict
    before = [i for i in main if events[i].span[0] <= position]
    if before:
        return max(before, key=lambda i: events[i].span[0])
    after = [i for i in main if events[i].span[0] > position]
    return min(after, key=lambda i: events[i].span[0]) if after else None


def date_for_event(doc: Any, event: Event, trigger: Any | None, dates: list[DateInfo]) -> DateInfo | None:
    """The event's own date: governed by the trigger, in the clause, or in the sentence."""
    if trigger is None:
        return None
    sentence = trigger.sent
    reporting_trigger = trigger.lemma_.lower() in REPORTING_VERBS
    direct: list[DateInfo] = []
    clause: list[DateInfo] = []
    in_sentence: list[DateInfo] = []
    for date in dates:
        if not (sentence.start_char <= date.span[0] < sentence.end_char):
            continue
        verb = governing_verb(doc, *date.span)
        if verb is not None and verb.i == trigger.i:
            direct.append(date)
            continue
        if date.value is None:
            continue  # an unresolved date only counts when the trigger itself governs it
        if verb is not None and verb.lemma_.lower() in REPORTING_VERBS and not reporting_trigger:
            continue  # "AP reported Wednesday" dates the report
        (clause if _within(date.span, event.span) else in_sentence).append(date)
    for pool, factor in ((direct, 1.0), (clause, 0.9), (in_sentence, 0.7)):
        if pool:
            best = min(pool, key=lambda d: abs(d.span[0] - trigger.idx))
            return best.model_copy(update={"confidence": round(best.confidence * factor, 3)})
    return None


def _same_action(a: Event, b: Event) -> bool:
    """Two events in one article read as the same action: same type, same acting country."""
    if a.plover_type is None or a.plover_type != b.plover_type:
        return False
    country_a = a.actor1.country if a.actor1 else None
    country_b = b.actor1.country if b.actor1 else None
    return country_a is not None and country_a == country_b


def inherit_dates(events: list[Event], own: list[bool]) -> None:
    """Undated events take the date of the nearest same-action event that has its own date."""
    for index, event in enumerate(events):
        if event.date is not None or event.status not in ("asserted", "reported"):
            continue
        sources = [
            j for j, other in enumerate(events) if own[j] and j != index and _same_action(event, other)
        ]
        if not sources:
            continue
        nearest = min(sources, key=lambda j: (j > index, abs(j - index)))
        date = events[nearest].date
        assert date is not None  # own[nearest]: that event has a date of its own
        event.date = date.model_copy(update={"confidence": round(date.confidence * 0.6, 3)})


def instrument_in(doc: Any, event: Event, trigger: Any | None) -> str | None:
    """A weapon named in the event's clause: "ballistic missiles", "drone strike", "car bomb"."""
    span = doc.char_span(*event.span, alignment_mode="expand")
    if span is None:
        return None
    best = None
    for token in span:
        lemma = token.lemma_.lower()
        if token.pos_ != "NOUN" or lemma not in WEAPONS:
            continue
        if token.dep_ == "compound" and token.head.lemma_.lower() in WEAPONS:
            continue  # "drone" in "drone strike": the head names the weapon
        modifiers = [c for c in token.lefts if c.dep_ in ("compound", "amod") and c.i >= token.i - 2]
        if lemma in WEAPON_HEADS_NEEDING_MODIFIER and not any(
            m.lower_ in WEAPON_MODIFIERS for m in modifiers
        ):
            continue  # "strike" alone is a labour strike as often as an attack
        words = [m for m in modifiers if m.ent_type_ not in ("NORP", "GPE", "ORG")] + [token]
        phrase = " ".join(w.lower_ for w in words)
        distance = abs(token.i - trigger.i) if trigger is not None else 0
        if best is None or distance < best[0]:
            best = (distance, phrase)
    return best[1] if best else None


# --------------------------------------------------------------------------- component


def fill_event_details(adoc: AnalysisDoc) -> None:
    doc, events = adoc.doc, adoc.result.events
    if not events:
        return
    dates: list[DateInfo] = adoc.dates
    counted = adoc.counted
    triggers = [_trigger_token(adoc, event) for event in events]

    own = []
    for event, trigger in zip(events, triggers, strict=True):
        if event.date is None:
            event.date = date_for_event(doc, event, trigger, dates)
        own.append(event.date is not None)
    inherit_dates(events, own)

    owners: dict[str, int] = {}
    for item in counted:
        quantity = item.quantity
        index = _owner(adoc, events, triggers, doc[item.number_root], quantity.span)
        if index is None and quantity.parent_id in owners:
            index = owners[quantity.parent_id]  # "four of which failed": with the 15 launched
        if index is None:
            continue
        owners[quantity.id] = index
        quantity.event_id = quantity.event_id or events[index].id
        if quantity.id not in events[index].quantity_ids:
            events[index].quantity_ids.append(quantity.id)

    for mention in casualty_mentions(doc, counted):
        casualty = mention.casualties
        index = _owner(adoc, events, triggers, doc[mention.anchor], casualty.span)
        if index is None:
            index = _nearest_conflict_event(events, triggers, casualty.span[0])
            casualty = casualty.model_copy(update={"confidence": round(casualty.confidence * 0.6, 3)})
        if index is not None and not any(
            c.span == casualty.span and c.kind == casualty.kind for c in events[index].casualties
        ):
            events[index].casualties.append(casualty)

    for event, trigger in zip(events, triggers, strict=True):
        if event.instrument is None and (event.plover_type in CONFLICT_TYPES or event.quad_class == 4):
            event.instrument = instrument_in(doc, event, trigger)


@component("event_details", requires=("dates", "counted", "event_tokens"))
def make_event_details(config: PipelineConfig):
    return fill_event_details
