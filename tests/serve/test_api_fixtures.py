"""A small hand-made store for the API and browser tests (our own sentences, no real articles).

Spans are computed from the text with ``find`` so every highlight points at real words.
"""

from __future__ import annotations

from pathlib import Path

from storyline.model import (
    Actor,
    Casualties,
    Claim,
    Contradiction,
    DateInfo,
    Entity,
    Event,
    EventLocation,
    Extraction,
    Place,
    Quantity,
    Quote,
    Source,
    Speaker,
    Trigger,
)
from storyline.store import Store
from storyline.text.article import article_from_text

XSS_TITLE = "<script>alert(1)</script> Crowd rallies <img src=x onerror=alert(1)>"


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
    goldstein: float,
    a1: tuple[str, str] | None,
    a2: tuple[str, str] | None,
    day: str | None,
    place: tuple[str, str, float, float] | None,
    cameo: str = "190",
) -> Event:
    clause_span = span(text, clause)

    def actor(spec: tuple[str, str] | None) -> Actor | None:
        if spec is None:
            return None
        words, country = spec
        return Actor(text=words, name=words, country=country, span=span(text, words, clause_span[0]))

    return Event(
        id=eid,
        span=clause_span,
        text=clause,
        trigger=Trigger(text=trigger, span=span(text, trigger, clause_span[0])),
        actor1=actor(a1),
        actor2=actor(a2),
        plover_type=plover,
        quad_class=quad,
        goldstein=goldstein,
        cameo_code=cameo,
        cameo_root=cameo[:2],
        date=DateInfo(value=day, precision="day", span=clause_span) if day else None,
        location=EventLocation(name=place[0], country=place[1], lat=place[2], lon=place[3], precision="city")
        if place
        else None,
    )


def port_attack() -> Extraction:
    text = (
        "Rebel fighters shelled the port of Hodeidah on Saturday, officials said. "
        '"At least twelve people were killed," said Amal Nasser, a health ministry spokeswoman. '
        "The rebels said only four people died and blamed the coalition for the fighting."
    )
    article = article_from_text(
        text,
        title="Shelling hits Hodeidah port",
        published="2024-03-02T10:00:00+00:00",
        outlet="Harbor Times",
        url="https://harbor.example/hodeidah-shelling",
    )
    event = _event(
        text,
        "ev1",
        "Rebel fighters shelled the port of Hodeidah on Saturday",
        "shelled",
        "ASSAULT",
        4,
        -10.0,
        ("Rebel fighters", "YEM"),
        None,
        "2024-03-02",
        ("Hodeidah", "YEM", 14.8, 42.95),
        cameo="195",
    )
    qty = Quantity(
        id="qt1",
        text="At least twelve people",
        value=12,
        unit="people",
        category="killed",
        qualifier="at least",
        span=span(text, "At least twelve people"),
        event_id="ev1",
    )
    quote = Quote(
        id="qu1",
        text="At least twelve people were killed,",
        span=span(text, "At least twelve people were killed,"),
        speaker=Speaker(
            name="Amal Nasser",
            title="spokeswoman",
            affiliation="health ministry",
            span=span(text, "Amal Nasser"),
        ),
        cue="said",
    )
    claims = [
        Claim(
            id="cl1",
            source=Source(name="Amal Nasser", type="official"),
            verb="said",
            text="At least twelve people were killed",
            span=span(text, "At least twelve people were killed"),
            event_ids=["ev1"],
        ),
        Claim(
            id="cl2",
            source=Source(name="The rebels", type="organization"),
            verb="said",
            text="only four people died",
            span=span(text, "only four people died"),
            event_ids=["ev1"],
        ),
    ]
    contradiction = Contradiction(
        id="co1",
        slot="casualties",
        claim_ids=["cl1", "cl2"],
        sources=["Amal Nasser", "The rebels"],
        values=["12", "4"],
        spans=[claims[0].span, claims[1].span],
        span=claims[0].span,
        explanation="Death toll differs: 12 vs 4",
        severity="high",
    )
    place = Place(
        id="pl1",
        text="Hodeidah",
        name="Hodeidah",
        country="YEM",
        lat=14.8,
        lon=42.95,
        feature="city",
        precision="city",
        span=span(text, "Hodeidah"),
    )
    entities = [
        Entity(text="Amal Nasser", label="PERSON", span=span(text, "Amal Nasser"), confidence=0.9),
        Entity(text="Hodeidah", label="GPE", span=span(text, "Hodeidah")),
    ]  # out of text order
    return Extraction(
        article=article,
        events=[event],
        quotes=[quote],
        claims=claims,
        contradictions=[contradiction],
        places=[place],
        quantities=[qty],
        entities=entities,
    )


def port_attack_second_source() -> Extraction:
    text = "Rebel fighters shelled the port of Hodeidah on Saturday, killing seven people, witnesses said."
    article = article_from_text(
        text,
        title="Seven dead as rebels shell Hodeidah",
        published="2024-03-02T18:00:00+00:00",
        outlet="Coast Courier",
        url="https://courier.example/hodeidah",
    )
    event = _event(
        text,
        "ev1",
        "Rebel fighters shelled the port of Hodeidah on Saturday",
        "shelled",
        "ASSAULT",
        4,
        -10.0,
        ("Rebel fighters", "YEM"),
        None,
        "2024-03-02",
        ("Hodeidah", "YEM", 14.8, 42.95),
        cameo="195",
    )
    event.casualties = [Casualties(kind="killed", count=7, span=span(text, "killing seven people"))]
    return Extraction(article=article, events=[event])


def grain_talks() -> Extraction:
    text = (
        "Turkish and Ukrainian ministers agreed in Istanbul on Sunday to reopen the grain corridor. "
        "Iran warned the United States against new patrols in the Gulf."
    )
    article = article_from_text(
        text,
        title="Ministers agree to reopen grain corridor",
        published="2024-03-03T08:30:00+00:00",
        outlet="Daily Ledger",
        url="https://ledger.example/grain",
    )
    agree = _event(
        text,
        "ev1",
        "Turkish and Ukrainian ministers agreed in Istanbul on Sunday",
        "agreed",
        "AGREE",
        1,
        4.0,
        ("Turkish", "TUR"),
        ("Ukrainian ministers", "UKR"),
        "2024-03-03",
        ("Istanbul", "TUR", 41.01, 28.97),
        cameo="057",
    )
    warn = _event(
        text,
        "ev2",
        "Iran warned the United States against new patrols",
        "warned",
        "THREATEN",
        3,
        -4.4,
        ("Iran", "IRN"),
        ("the United States", "USA"),
        "2024-03-03",
        None,
        cameo="130",
    )
    place = Place(
        id="pl1",
        text="Istanbul",
        name="Istanbul",
        country="TUR",
        lat=41.01,
        lon=28.97,
        feature="city",
        precision="city",
        span=span(text, "Istanbul"),
    )
    return Extraction(article=article, events=[agree, warn], places=[place])


def sanctions(version: int = 1) -> Extraction:
    text = "The United States imposed sanctions on Iran's oil ministry on Monday."
    if version == 2:
        text += " Iran rejected the sanctions the next day."
    article = article_from_text(
        text,
        title="Washington sanctions Iran oil ministry",
        published="2024-03-04T15:00:00+00:00",
        outlet="Daily Ledger",
        url="https://ledger.example/sanctions",
    )
    events = [
        _event(
            text,
            "ev1",
            "The United States imposed sanctions on Iran's oil ministry",
            "imposed",
            "SANCTION",
            4,
            -8.0,
            ("The United States", "USA"),
            ("Iran's oil ministry", "IRN"),
            "2024-03-04",
            ("Washington", "USA", 38.9, -77.04),
            cameo="163",
        )
    ]
    if version == 2:
        events.append(
            _event(
                text,
                "ev2",
                "Iran rejected the sanctions",
                "rejected",
                "REJECT",
                3,
                -4.0,
                ("Iran", "IRN"),
                None,
                "2024-03-05",
                None,
                cameo="120",
            )
        )
    return Extraction(article=article, events=events)


def xss_article() -> Extraction:
    text = (
        "Protesters gathered in Paris on Friday <script>alert(1)</script> chanting slogans. "
        "A sign read <img src=x onerror=alert(1)> near the square."
    )
    article = article_from_text(
        text,
        title=XSS_TITLE,
        published="2024-03-01T12:00:00+00:00",
        outlet="<b>Evil</b> Outlet",
        url="https://evil.example/x",
    )
    event = _event(
        text,
        "ev1",
        "Protesters gathered in Paris on Friday <script>alert(1)</script>",
        "gathered",
        "PROTEST",
        3,
        -6.5,
        ("Protesters", "FRA"),
        None,
        "2024-03-01",
        ("Paris", "FRA", 48.86, 2.35),
        cameo="141",
    )
    return Extraction(article=article, events=[event])


def build_sample_store(path: Path) -> dict[str, str]:
    """Write the sample store; returns article ids by name."""
    ids = {}
    with Store(path) as store:
        for name, extraction in (
            ("port", port_attack()),
            ("port2", port_attack_second_source()),
            ("grain", grain_talks()),
            ("sanctions", sanctions(1)),
            ("xss", xss_article()),
        ):
            ids[name] = store.save(extraction).article_id
        store.save(sanctions(2))  # a second version of the same URL
    return ids
