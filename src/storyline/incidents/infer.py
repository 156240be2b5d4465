"""Implicit perpetrators inferred from context: "the UN school ... was hit" names no attacker.

When no mention of an incident names a perpetrator, the article often does elsewhere, in order of
strength:

1. a claim of responsibility ("Boko Haram claimed responsibility for the attack");
2. an accusation ("Palestinian officials blamed Israel for the strike"): the accused;
3. the offensive, campaign or bombardment the article reports, by a named actor;
4. the same family's neighbouring incident with a named perpetrator (the same actor's earlier
   incident: "Israeli aircraft struck Jabaliya ... A second school was hit in Beit Lahiya").

The inferred actor is a copy of the source actor with a lower confidence, and ``why["actor1"]``
says ``by="inferred"`` with the span it was inferred from.
"""

from __future__ import annotations

import re

from storyline.model import Actor, Event, Incident, Why

#: Confidence factor of an inferred perpetrator, per source (a claim is near-certain, a neighbour a guess).
STRENGTH = {"responsibility": 0.8, "accusation": 0.65, "offensive": 0.55, "earlier-incident": 0.45}
ACCUSE_LEMMAS = {"blame", "accuse", "hold", "charge", "attribute", "suspect"}
OFFENSIVE_WORDS = {
    "offensive",
    "campaign",
    "bombardment",
    "operation",
    "airstrikes",
    "air strikes",
    "siege",
    "invasion",
    "incursion",
    "onslaught",
    "assault",
}
_RESPONSIBILITY = re.compile(
    r"((?:[A-Z][\w'-]+\s){0,4}[A-Z][\w'-]+)\s+(?:has\s+|have\s+|had\s+)?(?:claimed|claims|accepted|admitted)\s+"
    r"responsibility",
    re.MULTILINE,
)


def _copy(actor: Actor, factor: float) -> Actor:
    return actor.model_copy(update={"confidence": round(actor.confidence * factor, 3)})


def _responsibility(text: str) -> tuple[Actor, tuple[int, int]] | None:
    found = _RESPONSIBILITY.search(text)
    if not found:
        return None
    name = found.group(1)
    start = found.start(1)
    return Actor(
        text=name, span=(start, start + len(name)), name=name, kind="organization", confidence=0.6
    ), (found.start(), found.end())


def _accused(events: list[Event]) -> list[tuple[Actor, tuple[int, int]]]:
    out = []
    for e in events:
        lemma = (e.trigger.lemma or e.trigger.text).lower()
        if (
            (e.plover_type == "ACCUSE" or lemma in ACCUSE_LEMMAS)
            and e.actor2 is not None
            and e.actor2.confidence >= 0.4
        ):
            out.append((e.actor2, e.span))
    return out


def _offensives(events: list[Event]) -> list[tuple[Actor, tuple[int, int]]]:
    out = []
    for e in events:
        words = (e.trigger.lemma or e.trigger.text).lower()
        if (
            words in OFFENSIVE_WORDS
            and e.actor1 is not None
            and e.actor1.confidence >= 0.4
            and e.actor1.country
        ):
            out.append((e.actor1, e.span))
    return out


def _nearest(
    position: int, options: list[tuple[Actor, tuple[int, int]]]
) -> tuple[Actor, tuple[int, int]] | None:
    return min(options, key=lambda o: abs(o[1][0] - position)) if options else None


def infer_perpetrators(incidents: list[Incident], events: list[Event], text: str) -> None:
    """Fill ``actor1`` of incidents whose mentions name no perpetrator, marked inferred."""
    missing = [i for i in incidents if i.actor1 is None and i.plover_type in ("ASSAULT", "COERCE")]
    if not missing:
        return
    claimed = _responsibility(text)
    accused = _accused(events)
    offensives = _offensives(events)
    for incident in missing:
        source: tuple[Actor, tuple[int, int]] | None = None
        kind = ""
        if claimed is not None:
            source, kind = claimed, "responsibility"
        elif (found := _nearest(incident.span[0], accused)) is not None:
            source, kind = found, "accusation"
        elif (found := _nearest(incident.span[0], offensives)) is not None:
            source, kind = found, "offensive"
        else:
            neighbours = [
                (i.actor1, i.span)
                for i in incidents
                if i is not incident
                and i.actor1 is not None
                and i.timing == incident.timing
                and i.plover_type == incident.plover_type
                and i.actor1.country
                and (i.why.get("actor1") is None or i.why["actor1"].by != "inferred")
            ]
            earlier = [n for n in neighbours if n[1][0] < incident.span[0]]
            found = _nearest(incident.span[0], earlier)
            if found is not None:
                source, kind = found, "earlier-incident"
        if source is None:
            continue
        actor, span = source
        factor = STRENGTH[kind]
        if (
            incident.actor2 is not None
            and actor.country
            and incident.actor2.country == actor.country
            and (incident.actor2.sector == actor.sector)
        ):
            continue  # the accused is the victim: no inference
        incident.actor1 = _copy(actor, factor)
        incident.why["actor1"] = Why(
            by="inferred",
            name=f"context:{kind}",
            score=factor,
            span=span,
            detail=f"no mention names the perpetrator; read from {actor.text!r}",
        )
        incident.confidence = round(incident.confidence * (0.85 + 0.15 * factor), 3)


#: A role filler from the model fills an empty field only at or above this score.
MODEL_MIN_SCORE = 0.3
PERPETRATOR_ROLES = ("PerpOrg", "PerpInd")


def fill_from_roles(incidents: list[Incident], events: list[Event], doc, text: str) -> None:
    """Perpetrators, victims and weapons the events left empty, from the learned role extractor,
    read in the sentences of each incident's mentions (``why`` says ``by="model"``)."""
    from storyline.incidents.roles import candidates, decode, load_model

    violent = [i for i in incidents if i.plover_type == "ASSAULT"]
    if not violent:
        return
    sentences = list(doc.sents)
    starts = [s.start_char for s in sentences]
    import bisect

    def sentence_of(position: int) -> int:
        return max(0, bisect.bisect_right(starts, position) - 1)

    model = load_model()
    spans = {e.id: e.span for e in events}
    for incident in violent:
        own = {sentence_of(incident.span[0])}
        own.update(sentence_of(spans[e][0]) for e in incident.event_ids if e in spans)
        cands = candidates(doc, only=own)
        if not cands:
            continue
        probs = model.scores(cands)
        found = decode(cands, probs, model.thresholds, max_per_role=3)
        if incident.actor1 is None:
            perps = sorted((f for role in PERPETRATOR_ROLES for f in found[role]), key=lambda f: -f[1])
            perps = [p for p in perps if p[1] >= MODEL_MIN_SCORE and not _inside(p[2], incident.actor2)]
            if perps:
                filler, score, span = perps[0]
                incident.actor1 = Actor(
                    text=text[span[0] : span[1]], span=span, confidence=round(score * 0.8, 3)
                )
                incident.why["actor1"] = Why(by="model", name="roles", score=round(score, 3), span=span)
        known = {v.text.lower() for v in incident.victims}
        for _filler, score, span in found["Victim"]:
            words = text[span[0] : span[1]]
            if score >= MODEL_MIN_SCORE and words.lower() not in known and not _inside(span, incident.actor1):
                incident.victims.append(
                    Actor(text=words, span=span, kind="person", confidence=round(score * 0.8, 3))
                )
                known.add(words.lower())
                incident.why.setdefault(
                    "victims", Why(by="model", name="roles", score=round(score, 3), span=span)
                )
        if incident.instrument is None and found["Weapon"] and found["Weapon"][0][1] >= MODEL_MIN_SCORE:
            filler, score, span = found["Weapon"][0]
            incident.instrument = text[span[0] : span[1]]
            incident.why["instrument"] = Why(by="model", name="roles", score=round(score, 3), span=span)


def _inside(span: tuple[int, int], actor: Actor | None) -> bool:
    return actor is not None and actor.span[0] <= span[0] and span[1] <= actor.span[1]
