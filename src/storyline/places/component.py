"""The ``places`` pipeline component: geocode toponyms, then locate each event.

Settings (``PipelineConfig.settings["places"]``): ``geonames`` (or ``gazetteer``) — path of a
GeoNames dump (allCountries.txt format) added to the packaged gazetteer.
"""

from __future__ import annotations

from storyline.model import EventLocation, Place
from storyline.pipeline import AnalysisDoc, PipelineConfig, component
from storyline.places.event_location import SENTENCE_STEPS, article_main_place, chain_key, locate_event
from storyline.places.gazetteer import Gazetteer, load_gazetteer
from storyline.places.learned import load_model as load_toponym_model
from storyline.places.learned import resolve_learned
from storyline.places.mentions import find_mentions
from storyline.places.normalize import exact_key
from storyline.places.resolve import Resolution, resolve_all


def _to_place(gaz: Gazetteer, number: int, res: Resolution, text: str) -> Place:
    m, entry = res.mention, res.entry
    surface = text[m.start : m.end]
    kind = "demonym" if m.demonym else None
    if entry is None:
        return Place(
            id=f"p{number}",
            text=surface,
            name=m.text,
            span=(m.start, m.end),
            confidence=res.confidence,
            precision="unknown",
            mention=kind,
        )
    return Place(
        id=f"p{number}",
        text=surface,
        name=entry.name,
        gazetteer_id=entry.gid,
        feature=entry.feature,
        country=gaz.alpha3(entry.cc),
        admin1=entry.admin1 if entry.feature != "country" else None,
        admin2=entry.admin2,
        lat=entry.lat,
        lon=entry.lon,
        precision=entry.precision,
        span=(m.start, m.end),
        confidence=res.confidence,
        mention=kind,
    )


def country_name_keys(gaz: Gazetteer) -> frozenset[str]:
    """Exact keys of every name of a country (computed once per gazetteer)."""
    keys = getattr(gaz, "_country_name_keys", None)
    if keys is None:
        countries = {n for n, e in enumerate(gaz.entries) if e.feature == "country"}
        # Multi-letter only: "US" / "UK" style keys are fine, single letters are not.
        keys = frozenset(k for k, ns in gaz.exact.items() if len(k) > 2 and any(n in countries for n in ns))
        gaz._country_name_keys = keys  # type: ignore[attr-defined]  # cached on the gazetteer
    return keys


def admin1_name_keys(gaz: Gazetteer) -> frozenset[str]:
    """Exact keys of admin1 names (computed once per gazetteer)."""
    keys = getattr(gaz, "_admin1_name_keys", None)
    if keys is None:
        admins = {n for n, e in enumerate(gaz.entries) if e.feature == "admin1"}
        keys = frozenset(k for k, ns in gaz.exact.items() if len(k) > 3 and any(n in admins for n in ns))
        gaz._admin1_name_keys = keys  # type: ignore[attr-defined]
    return keys


def big_city_keys(gaz: Gazetteer, population: int = 100_000) -> frozenset[str]:
    """Exact primary-name keys of cities with at least ``population`` people."""
    keys = getattr(gaz, "_big_city_keys", None)
    if keys is None:
        keys = frozenset(
            exact_key(e.name)
            for e in gaz.entries
            if e.feature == "city" and e.population >= population and len(e.name) > 3
        )
        gaz._big_city_keys = keys  # type: ignore[attr-defined]
    return keys


def geoparse(gaz: Gazetteer, adoc: AnalysisDoc, learned: bool = True) -> tuple[list[Place], Place | None]:
    """Places of the article (ids p0, p1, ...) and its dateline place, if any.

    ``learned`` (the default) uses the trained detector and ranker (:mod:`storyline.places.learned`);
    ``False`` the hand-weighted rules alone (kept for comparison in ``storyline eval geo``)."""
    doc, text = adoc.doc, adoc.text
    alpha2 = {a3: a2 for a2, a3 in gaz.iso3.items()}
    actor_ccs = [
        alpha2[a.country]
        for ev in adoc.result.events
        for a in (ev.actor1, ev.actor2)
        if a is not None and a.country in alpha2
    ]
    keys = (country_name_keys(gaz), admin1_name_keys(gaz), big_city_keys(gaz))
    if learned:
        resolutions = resolve_learned(gaz, doc, load_toponym_model(), actor_ccs, *keys)
    else:
        mentions = find_mentions(doc, *keys)
        demonym_ccs = [
            e.cc
            for ent in doc.ents
            if ent.label_ == "NORP"
            if (e := gaz.demonym(ent.text)) is not None and e.cc
        ]
        resolutions = resolve_all(gaz, mentions, text, demonym_ccs, actor_ccs)
    places: list[Place] = []
    dateline: Place | None = None
    for res in resolutions:
        # Weak mentions (an ORG after "in") with no well-known match are not places at all.
        if not learned and res.entry is None and (res.mention.weak or res.mention.source != "ner"):
            continue
        place = _to_place(gaz, len(places), res, text)
        places.append(place)
        if res.mention.source == "dateline":
            dateline = place
    adoc.place_resolutions = places
    return places, dateline


@component("places", assigns=("place_resolutions", "result.places"))
def make_places(config: PipelineConfig):
    settings = config.for_component("places")
    geonames = settings.get("geonames") or settings.get("gazetteer")

    def places(adoc: AnalysisDoc) -> None:
        gaz = load_gazetteer(str(geonames) if geonames else None)
        found, dateline = geoparse(gaz, adoc)
        adoc.result.places.extend(found)
        # "Iranian missiles" names who, not where: demonyms never locate an event.
        found = [p for p in found if p.mention != "demonym"]
        main = article_main_place(found, dateline)
        located: dict[tuple[str, str], EventLocation | None] = {}
        targets = [e.actor2.span for e in adoc.result.events if e.actor2 is not None and e.actor2.span]
        for event in adoc.result.events:
            key = chain_key(event)
            event.location, step = locate_event(
                adoc.doc, event, found, main, located.get(key) if key else None, targets
            )
            if key and step in SENTENCE_STEPS and event.status != "negated":
                located[key] = event.location

    return places
