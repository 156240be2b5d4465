"""GDELT 2.0 Events-style export: the 61-column tab-separated layout, without header.

One row per distinct event: mentions of the same action (same day, actor codes, CAMEO code and
action location) in any current article version are merged, and NumMentions / NumSources /
NumArticles count them (mentions, distinct outlets, distinct articles), as GDELT counts coverage.
Fields Storyline does not produce (ethnic/religion codes, AvgTone, actor geography, ADM2) stay
empty. Negated and hypothetical events are not exported: GDELT records what was reported to happen.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime

from storyline.export.countries import country, looks_like_code
from storyline.export.documents import StoredDocument
from storyline.model import Actor, Event, Place

_ACTOR_FIELDS = ("Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code",
                 "Religion2Code", "Type1Code", "Type2Code", "Type3Code")
_GEO_FIELDS = ("Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")

COLUMNS: tuple[str, ...] = (
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    *(f"Actor1{f}" for f in _ACTOR_FIELDS), *(f"Actor2{f}" for f in _ACTOR_FIELDS),
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    *(f"Actor1Geo_{f}" for f in _GEO_FIELDS), *(f"Actor2Geo_{f}" for f in _GEO_FIELDS),
    *(f"ActionGeo_{f}" for f in _GEO_FIELDS),
    "DATEADDED", "SOURCEURL",
)
assert len(COLUMNS) == 61

#: Statuses that GDELT would not record as events.
_SKIPPED_STATUS = {"negated", "hypothetical"}


def actor_fields(actor: Actor | None) -> list[str]:
    """The 10 GDELT actor columns. A non-country code (IGO) goes to KnownGroupCode."""
    if actor is None:
        return [""] * 10
    codes = country(actor.country)
    country_code = codes.iso3 if codes else ""
    known_group = actor.country.upper() if actor.country and not codes else ""
    sector = (actor.sector or "").upper()
    code = actor.cameo or (country_code or known_group) + sector
    name = (actor.name or actor.text or "").upper()
    return [code, name, country_code, known_group, "", "", "", sector, "", ""]


def geo_type(place_country: str | None, precision: str, has_point: bool) -> int:
    """GDELT Geo_Type: 1 country, 2 US state, 3 US city, 4 world city, 5 world state (ADM1)."""
    us = place_country == "USA"
    if precision == "country":
        return 1
    if precision == "admin1":
        return 2 if us else 5
    if precision in ("city", "site", "admin2") or (precision == "unknown" and has_point):
        return 3 if us else 4
    return 0


def action_geo(event: Event, place: Place | None) -> list[str]:
    """The 8 ActionGeo columns from the event's location and the place it points to."""
    loc = event.location
    if loc is None or (loc.name is None and loc.lat is None and loc.country is None):
        return ["0"] + [""] * 7
    iso3 = (place.country if place else None) or loc.country
    codes = country(iso3)
    precision = loc.precision if loc.precision != "unknown" or not place else place.precision
    kind = geo_type(iso3, precision, loc.lat is not None)
    admin1 = place.admin1 if place else None
    name = (place.name if place else None) or loc.name or ""
    parts = [name] if kind != 1 else []
    if admin1 and not looks_like_code(admin1) and admin1 != name and kind not in (1,):
        parts.append(admin1)
    if codes:
        parts.append(codes.name)
    full_name = ", ".join(p for p in parts if p) or name
    fips = codes.fips if codes else ""
    adm1 = fips + admin1 if fips and admin1 and looks_like_code(admin1) else (fips if kind == 1 else "")
    feature = ""
    if place and place.gazetteer_id and ":" in place.gazetteer_id and kind in (3, 4):
        feature = place.gazetteer_id.split(":", 1)[1]
    elif kind == 1:
        feature = fips
    elif kind in (2, 5):
        feature = adm1
    return [str(kind), full_name, fips, adm1, "", _num(loc.lat), _num(loc.lon), feature]


def _num(value: float | None) -> str:
    return "" if value is None else f"{value:.4f}".rstrip("0").rstrip(".")


def known_day(event: Event, doc: StoredDocument) -> date | None:
    """The event's own date when known to the day, else the article's publication date."""
    for value in ((event.date.value if event.date and event.date.precision == "day" else None),
                  doc.extraction.article.published):
        if value:
            try:
                return date.fromisoformat(value[:10])
            except ValueError:
                continue
    return None


def event_day(event: Event, doc: StoredDocument) -> date | None:
    """As :func:`known_day`. Never the ingest day: an undated article's events get blank date
    fields (DATEADDED still says when the row was added), so they cannot pass for that day's news."""
    return known_day(event, doc)


def _is_root(event: Event, text: str) -> bool:
    """GDELT's IsRootEvent: the event is in the lead paragraph."""
    lead_end = text.find("\n")
    return lead_end < 0 or event.span[0] < lead_end


@dataclass
class _Row:
    key: tuple
    event: Event
    values: list[str]
    day: date | None
    added: datetime
    url: str
    root: bool
    mentions: int = 0
    outlets: set[str] = field(default_factory=set)
    articles: set[str] = field(default_factory=set)


def _rows(docs: Iterable[StoredDocument]) -> Iterator[_Row]:
    for doc in docs:
        article = doc.extraction.article
        for event in doc.extraction.events:
            if not event.cameo_code or event.status in _SKIPPED_STATUS:
                continue
            a1, a2 = actor_fields(event.actor1), actor_fields(event.actor2)
            geo = action_geo(event, doc.place(event.location.place_id if event.location else None))
            day = event_day(event, doc)
            key = (day, a1[0], a1[1], a2[0], a2[1], event.cameo_code, geo[1], geo[7])
            row = _Row(key, event, [*a1, *a2, *geo], day, doc.ingested_at,
                       article.url or article.source or "", _is_root(event, article.text))
            row.mentions = 1
            row.outlets.add(article.outlet or article.url or doc.article_id)
            row.articles.add(doc.article_id)
            yield row


def _clean(value: str) -> str:
    """No tabs or line breaks inside a TSV field."""
    return " ".join(value.split()) if any(c in value for c in "\t\r\n") else value


def gdelt_rows(docs: Iterable[StoredDocument]) -> list[list[str]]:
    """GDELT event rows, merged across mentions, in date order."""
    merged: dict[tuple, _Row] = {}
    for row in _rows(docs):
        seen = merged.get(row.key)
        if seen is None:
            merged[row.key] = row
            continue
        seen.mentions += 1
        seen.outlets |= row.outlets
        seen.articles |= row.articles
        seen.root = seen.root or row.root
        if row.added < seen.added:
            seen.added, seen.url = row.added, row.url
    return [[_clean(v) for v in _format(r)] for r in sorted(merged.values(), key=lambda r: (r.day or date.max, r.added, r.key[5]))]


def _format(row: _Row) -> list[str]:
    event = row.event
    a1, a2, geo = row.values[:10], row.values[10:20], row.values[20:]
    code = event.cameo_code or ""
    day = row.day
    event_id = int(hashlib.sha1(repr(row.key).encode()).hexdigest()[:13], 16)
    dates = ["", "", "", ""]
    if day is not None:
        fraction = day.year + (day.month * 30 + day.day) / 365
        dates = [day.strftime("%Y%m%d"), day.strftime("%Y%m"), str(day.year), f"{fraction:.4f}"]
    return [
        str(event_id), *dates,
        *a1, *a2,
        "1" if row.root else "0", code, code[:3], event.cameo_root or code[:2],
        "" if event.quad_class is None else str(event.quad_class),
        "" if event.goldstein is None else f"{event.goldstein:g}",
        str(row.mentions), str(len(row.outlets)), str(len(row.articles)), "",
        "0", *[""] * 7, "0", *[""] * 7, *geo,
        row.added.strftime("%Y%m%d%H%M%S"), row.url,
    ]
