"""Hand-made articles with events and incidents for the review tests (our own sentences).

``raid(version=2)`` is the same URL with a sentence put in front: every offset moves, the
reviewed sentences stay, so corrections must carry over.
"""

from __future__ import annotations

from pathlib import Path

from storyline.model import (
    Actor,
    DateInfo,
    Event,
    EventLocation,
    Extraction,
    Incident,
    Toll,
    Trigger,
    Why,
)
from storyline.store import Store
from storyline.text.article import article_from_text

REVIEW_XSS = "<img src=x onerror=alert(7)> wrong town <script>alert(8)</script>"


def span(text: str, phrase: str, after: int = 0) -> tuple[int, int]:
    start = text.index(phrase, after)
    return (start, start + len(phrase))


def _event(
    text: str,
    eid: str,
    clause: str,
    trigger: str,
    plover: str,
    quad: int,
    a1: tuple[str, str] | None,
    a2: tuple[str, str] | None,
    day: str,
    place: tuple[str, str, float, float],
    confidence: float,
    cameo: str,
    sentence: str | None = None,
) -> Event:
    cs = span(text, clause)

    def actor(spec):
        if spec is None:
            return None
        return Actor(text=spec[0], name=spec[0], country=spec[1], span=span(text, spec[0], cs[0]))

    return Event(
        id=eid,
        span=cs,
        text=sentence or clause,
        trigger=Trigger(text=trigger, span=span(text, trigger, cs[0])),
        actor1=actor(a1),
        actor2=actor(a2),
        plover_type=plover,
        quad_class=quad,
        cameo_code=cameo,
        cameo_root=cameo[:2],
        confidence=confidence,
        date=DateInfo(value=day, precision="day", span=cs),
        location=EventLocation(
            name=place[0], country=place[1], lat=place[2], lon=place[3], precision="city", confidence=0.8
        ),
    )


def raid(version: int = 1) -> Extraction:
    """``version=3``: the same sentences plus one, read by a "re-trained" model that cuts the
    attack's clause shorter (the reviewed words are then only in its sentence)."""
    text = (
        "Gunmen attacked a police post in Maroua on Tuesday, killing three officers. "
        "The governor condemned the attack in a statement."
    )
    if version == 2:
        text = "Officials gave new figures on Wednesday. " + text
    if version == 3:
        text += " Schools stayed closed."
    article = article_from_text(
        text,
        title="Gunmen attack police post in Maroua",
        published="2024-05-08T09:00:00+00:00",
        outlet="Sahel Wire",
        url="https://sahel.example/maroua-attack",
    )
    sentence = "Gunmen attacked a police post in Maroua on Tuesday, killing three officers."
    clause = (
        "Gunmen attacked a police post"
        if version == 3
        else "Gunmen attacked a police post in Maroua on Tuesday"
    )
    attack = _event(
        text,
        "e0",
        clause,
        "attacked",
        "ASSAULT",
        4,
        ("Gunmen", None),
        ("a police post", "CMR"),
        "2024-05-07",
        ("Maroua", "CMR", 10.59, 14.32),
        0.55,
        "190",
        sentence=sentence,
    )
    attack.why = {"plover_type": Why(by="model", name="events-setfit", score=0.83, span=attack.trigger.span)}
    condemn = _event(
        text,
        "e1",
        "The governor condemned the attack",
        "condemned",
        "ACCUSE",
        3,
        ("The governor", "CMR"),
        None,
        "2024-05-07",
        ("Maroua", "CMR", 10.59, 14.32),
        0.9,
        "111",
    )
    clause = attack.span
    incident = Incident(
        id="i0",
        span=clause,
        confidence=0.6,
        event_ids=["e0"],
        text=attack.text,
        actor1=attack.actor1,
        actor2=attack.actor2,
        plover_type="ASSAULT",
        cameo_code="190",
        cameo_root="19",
        acled_event_type="Violence against civilians",
        acled_sub_event_type="Attack",
        timing="current",
        date=DateInfo(value="2024-05-07", precision="day", span=clause),
        location=EventLocation(
            name="Maroua", country="CMR", lat=10.59, lon=14.32, precision="city", confidence=0.8
        ),
        fatalities=Toll(best=3, low=3, high=3, spans=[span(text, "killing three officers")]),
    )
    return Extraction(article=article, events=[attack, condemn], incidents=[incident])


def ferry(version: int = 1) -> Extraction:
    text = (
        "Pirates boarded a ferry off Cotonou on Friday and held its crew for six hours. "
        "The navy said two sailors were wounded."
    )
    article = article_from_text(
        text,
        title="Pirates board ferry off Cotonou",
        published="2024-05-11T07:00:00+00:00",
        outlet="Gulf Post",
        url="https://gulf.example/ferry",
    )
    board = _event(
        text,
        "e0",
        "Pirates boarded a ferry off Cotonou on Friday",
        "boarded",
        "ASSAULT",
        4,
        ("Pirates", None),
        ("a ferry", None),
        "2024-05-10",
        ("Cotonou", "BEN", 6.37, 2.42),
        0.8,
        "190",
    )
    incident = Incident(
        id="i0",
        span=board.span,
        confidence=0.85,
        event_ids=["e0"],
        text=board.text,
        actor1=board.actor1,
        plover_type="ASSAULT",
        cameo_code="190",
        cameo_root="19",
        acled_event_type="Violence against civilians",
        date=DateInfo(value="2024-05-10", precision="day", span=board.span),
        location=EventLocation(
            name="Cotonou", country="BEN", lat=6.37, lon=2.42, precision="city", confidence=0.8
        ),
        injured=Toll(best=2, low=2, high=2),
    )
    return Extraction(article=article, events=[board], incidents=[incident])


def build_review_store(path: Path | str) -> dict[str, str]:
    ids = {}
    with Store(path) as store:
        ids["raid"] = store.save(raid(1)).article_id
        ids["ferry"] = store.save(ferry()).article_id
    return ids


def old_report() -> Extraction:
    """An event of 2002: with the 2024 ones, the timeline spans 22 years."""
    text = "Troops shelled the border town of Kelmar on Saturday, residents said."
    article = article_from_text(
        text,
        title="Troops shell Kelmar",
        published="2002-06-02T08:00:00+00:00",
        outlet="Border Herald",
        url="https://border.example/kelmar",
    )
    event = _event(
        text,
        "e0",
        "Troops shelled the border town of Kelmar on Saturday",
        "shelled",
        "ASSAULT",
        4,
        ("Troops", None),
        None,
        "2002-06-01",
        ("Kelmar", "TCD", 12.1, 15.0),
        0.7,
        "195",
    )
    return Extraction(article=article, events=[event])
