"""The one data model shared by every stage of Storyline.

Every extracted item carries ``span`` — ``[start, end]`` character offsets into the
article's clean text (``Article.text``) — and a ``confidence`` in [0, 1], so each field
can be traced back to the words it came from.

The JSON produced by ``storyline extract --json`` (:class:`Extraction`) is a public
contract: later stages add optional fields to these items, they never rename keys.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

Span = tuple[int, int]

#: PLOVER 2021-draft/POLECAT event types. Storyline codes POLECAT's 16; the 18-type draft
#: labels (FIGHT, DEMAND, DISAPPROVE, INVESTIGATE) go in ``Event.plover_type_2021``.
PLOVER_TYPES = (
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
)

EventStatus = Literal["asserted", "negated", "threatened", "planned", "hypothetical", "reported"]
Timing = Literal["current", "background"]
Precision = Literal["site", "city", "admin2", "admin1", "country", "region", "unknown"]


class Why(BaseModel):
    """How one field was coded: the rule, lexicon entry, dictionary, model or review behind it."""

    model_config = ConfigDict(extra="forbid")

    by: Literal["rule", "lexicon", "dictionary", "model", "inferred", "review", "default"]
    name: str = Field(description='Rule name, "lexicon:FILE:ENTRY", dictionary entry or model name')
    score: float | None = Field(None, description="The model's score, where a model decided")
    span: Span | None = Field(None, description="The words it was read or inferred from")
    detail: str | None = None


class Review(BaseModel):
    """An analyst's verdict on an event or incident (``storyline review``); the latest one wins."""

    model_config = ConfigDict(extra="forbid")

    action: Literal["confirm", "reject", "edit"]
    reviewer: str
    at: str = Field(description="ISO 8601 UTC time of the review")
    reason: str | None = None
    fields: list[str] = Field(default_factory=list, description="The fields the review corrected")


class Item(BaseModel):
    """Base of every extracted item: where it came from and how sure we are."""

    model_config = ConfigDict(extra="forbid")

    span: Span = Field(description="[start, end) character offsets into Article.text")
    confidence: float = Field(1.0, ge=0.0, le=1.0)


class Article(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: str | None = None
    text: str = Field(description="Clean article body; every span points into this string")
    published: str | None = Field(None, description="ISO 8601 publication datetime, as known")
    outlet: str | None = None
    url: str | None = None
    authors: list[str] = Field(default_factory=list)
    contributors: list[str] = Field(default_factory=list, description='"X contributed to this article"')
    update_notes: list[str] = Field(default_factory=list, description='"This article has been updated ..."')
    language: str | None = Field(None, description="ISO 639-1 code detected from the text")
    sha256: str = Field("", description="sha256 of the clean text")
    source: str | None = Field(None, description="Where it was read from: file path, WARC record, feed")
    attributes: dict[str, Any] = Field(default_factory=dict)


class Entity(Item):
    """A named-entity mention from the NLP stage."""

    text: str
    label: str = Field(description="spaCy NER label: PERSON, ORG, GPE, NORP, LOC, FAC, DATE, ...")


class Actor(Item):
    """Who did something, or to whom, normalised to country + sector (CAMEO/PLOVER style)."""

    text: str = Field(description="The words in the article")
    name: str | None = Field(None, description="Canonical name (resolved through coreference)")
    country: str | None = Field(None, description="ISO 3166-1 alpha-3, or an IGO code")
    sector: str | None = Field(None, description="GOV, MIL, REB, OPP, MED, BUS, CVL, IGO, NGO, ...")
    kind: str | None = Field(None, description="person, organization, country, group, ...")
    role: str | None = Field(None, description='Stated role: "Pentagon spokesman"')
    cameo: str | None = Field(None, description="CAMEO actor code, e.g. IRNMIL")


class DateInfo(Item):
    value: str | None = Field(
        None, description="ISO date (YYYY-MM-DD, YYYY-MM, YYYY-Qn as in TIMEX3, or YYYY), null if unresolved"
    )
    precision: Literal["day", "week", "month", "quarter", "year", "unknown"] = "unknown"
    text: str = ""


class Quantity(Item):
    id: str
    text: str
    value: float | None = None
    value_max: float | None = Field(None, description="Upper bound for ranges")
    unit: str | None = Field(None, description='The counted thing: "ballistic missiles", "troops"')
    category: str | None = Field(None, description="launched, failed, killed, injured, deployed, ...")
    qualifier: str | None = Field(None, description='"at least", "more than", "up to", ...')
    approximate: bool = False
    parent_id: str | None = Field(None, description='Partitive whole: "four of which" -> the 15')
    event_id: str | None = None


class Casualties(Item):
    kind: Literal["killed", "injured", "missing", "captured", "displaced"]
    count: float | None = None
    approximate: bool = False
    group: str | None = Field(None, description='Who: "some Iraqis", "American or Iraqi forces"')
    negated: bool = Field(False, description='"did not cause any casualties"')


class Trigger(Item):
    text: str
    lemma: str | None = None


class Place(Item):
    id: str
    text: str
    name: str | None = None
    gazetteer_id: str | None = Field(None, description='e.g. "geonames:99072", "iata:..."')
    feature: str | None = Field(None, description="country, admin1, city, airport, military base, ...")
    country: str | None = Field(None, description="ISO 3166-1 alpha-3")
    admin1: str | None = None
    admin2: str | None = None
    lat: float | None = None
    lon: float | None = None
    precision: Precision = "unknown"
    mention: Literal["demonym"] | None = Field(
        None, description='"demonym": an adjective or people name linked to its place ("Iranian" -> Iran)'
    )


class EventLocation(BaseModel):
    model_config = ConfigDict(extra="forbid")

    place_id: str | None = None
    name: str | None = None
    country: str | None = None
    lat: float | None = None
    lon: float | None = None
    precision: Precision = "unknown"
    span: Span | None = None
    confidence: float = 0.0


class Event(Item):
    """One action: who did what to whom, where, when, how many. ``span`` is the clause."""

    id: str
    text: str = Field("", description="The sentence the event was read from")
    trigger: Trigger
    actor1: Actor | None = None
    actor2: Actor | None = None
    plover_type: str | None = Field(None, description="POLECAT/PLOVER 16-type")
    plover_type_2021: str | None = Field(None, description="PLOVER 2021 draft 18-type")
    plover_mode: str | None = None
    cameo_code: str | None = None
    cameo_root: str | None = None
    goldstein: float | None = None
    quad_class: int | None = Field(
        None, description="1 verbal coop, 2 material coop, 3 verbal conflict, 4 material conflict"
    )
    status: EventStatus = "asserted"
    date: DateInfo | None = None
    location: EventLocation | None = None
    quantity_ids: list[str] = Field(default_factory=list)
    casualties: list[Casualties] = Field(default_factory=list)
    instrument: str | None = Field(None, description='"ballistic missiles", "drone strike"')
    source_claim_id: str | None = Field(None, description="The claim that reports this event, if any")
    acled_event_type: str | None = Field(None, description="ACLED event type (codebook name)")
    acled_sub_event_type: str | None = Field(None, description="ACLED sub-event type (codebook name)")
    why: dict[str, Why] = Field(default_factory=dict, description="Per field: what coded it")
    reviewed: bool = Field(False, description="An analyst confirmed, rejected or edited it")
    review: Review | None = Field(None, description="The latest review, when reviewed")


class Toll(BaseModel):
    """A count across an incident's mentions and sources, as UCDP gives it: best, low, high."""

    model_config = ConfigDict(extra="forbid")

    best: float | None = None
    low: float | None = None
    high: float | None = None
    spans: list[Span] = Field(default_factory=list, description="The mentions the figures came from")


class Incident(Item):
    """One distinct real-world incident of the article (ACLED's unit). ``span`` is its best mention."""

    id: str
    event_ids: list[str] = Field(default_factory=list, description="Its mentions among the events")
    actor1: Actor | None = None
    actor2: Actor | None = None
    victims: list[Actor] = Field(default_factory=list)
    instrument: str | None = None
    plover_type: str | None = None
    plover_mode: str | None = None
    cameo_code: str | None = None
    cameo_root: str | None = None
    acled_event_type: str | None = None
    acled_sub_event_type: str | None = None
    status: EventStatus = "asserted"
    timing: Timing = "current"
    date: DateInfo | None = None
    location: EventLocation | None = None
    fatalities: Toll | None = None
    injured: Toll | None = None
    claim_ids: list[str] = Field(default_factory=list)
    sources: list[str] = Field(default_factory=list)
    text: str = Field("", description="The sentence of its best mention")
    why: dict[str, Why] = Field(default_factory=dict, description="Per field: what coded or inferred it")
    reviewed: bool = Field(False, description="An analyst confirmed, rejected or edited it")
    review: Review | None = Field(None, description="The latest review, when reviewed")


class Speaker(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str | None = None
    title: str | None = None
    affiliation: str | None = None
    country: str | None = None
    span: Span | None = Field(None, description="The mention the speaker was read from")


class Quote(Item):
    id: str
    text: str = Field(description="The quoted or reported words")
    kind: Literal["direct", "indirect", "mixed"] = "direct"
    speaker: Speaker = Field(default_factory=Speaker)
    cue: str | None = Field(None, description='The attribution verb: "said", "wrote"')
    channel: str | None = Field(None, description="twitter, statement, emailed statement, interview, ...")
    via: str | None = Field(None, description="The outlet or reporter it came through")


class Source(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str
    type: Literal["outlet", "person", "official", "organization", "unknown"] = "unknown"
    span: Span | None = None


class Claim(Item):
    id: str
    source: Source
    verb: str | None = None
    text: str
    event_ids: list[str] = Field(default_factory=list)
    quantity_ids: list[str] = Field(default_factory=list)
    via: str | None = Field(None, description='The outlet or reporter it came through: "Los Angeles Times"')
    quote_id: str | None = Field(None, description="The quote this claim was read from, if any")


class Contradiction(Item):
    """Two claims about the same event slot whose values conflict. ``span`` is claim A's."""

    id: str
    slot: str = Field(description="casualties, count, actor, place, date, ...")
    claim_ids: list[str] = Field(default_factory=list)
    sources: list[str] = Field(default_factory=list)
    values: list[str] = Field(default_factory=list)
    spans: list[Span] = Field(default_factory=list)
    explanation: str = ""
    severity: Literal["low", "medium", "high"] = "medium"
    article_ids: list[str] = Field(default_factory=list, description="Set when across articles")


class Extraction(BaseModel):
    """Everything Storyline reads from one article: the ``extract --json`` contract."""

    model_config = ConfigDict(extra="forbid")

    article: Article
    events: list[Event] = Field(default_factory=list)
    quotes: list[Quote] = Field(default_factory=list)
    claims: list[Claim] = Field(default_factory=list)
    contradictions: list[Contradiction] = Field(default_factory=list)
    places: list[Place] = Field(default_factory=list)
    quantities: list[Quantity] = Field(default_factory=list)
    entities: list[Entity] = Field(default_factory=list)
    incidents: list[Incident] = Field(default_factory=list)


#: Item lists of an Extraction, in the order they are stored.
ITEM_LISTS = ("events", "quotes", "claims", "contradictions", "places", "quantities", "entities", "incidents")

SCHEMA_MODELS = {
    "Extraction": Extraction,
    "Article": Article,
    "Event": Event,
    "Actor": Actor,
    "Place": Place,
    "Quantity": Quantity,
    "Quote": Quote,
    "Claim": Claim,
    "Contradiction": Contradiction,
    "Entity": Entity,
    "Incident": Incident,
    "Why": Why,
    "Review": Review,
}


def json_schema() -> dict[str, Any]:
    """JSON Schema of the extraction contract (``storyline schema``)."""
    return Extraction.model_json_schema()
