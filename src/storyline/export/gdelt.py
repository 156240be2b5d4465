"""GDELT 2.0 exports: the 61-column Events table and the 16-column Mentions table, tab-separated, no header.

One Events row per exported unit (:mod:`storyline.export.units`: an incident, or an event that no
incident holds), merged across articles when the same action (day, actor codes, CAMEO code and
action location) is reported again; NumMentions / NumSources / NumArticles count the mentions,
distinct outlets and distinct articles, as GDELT counts coverage. GLOBALEVENTID is the store's
increasing id of the unit (the smallest of a merged row), so "load after the last id" works.

Readable by DuckDB's and pandas' default CSV readers with no row lost: no field holds a tab, a line
break or a double quote (quotes become apostrophes). Actor names are dictionary names (a coded
actor or a proper name), never raw phrases such as "them". Rows whose day is unknown are left out
and counted (:attr:`GdeltExport.undated`), never dated with the day of ingestion.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache
from typing import TypeGuard
from urllib.parse import urlsplit

from storyline.actors.names import standard_name
from storyline.export.countries import country, looks_like_code
from storyline.export.units import Unit
from storyline.model import Actor, Place
from storyline.text.safe import spreadsheet_safe

_ACTOR_FIELDS = (
    "Code",
    "Name",
    "CountryCode",
    "KnownGroupCode",
    "EthnicCode",
    "Religion1Code",
    "Religion2Code",
    "Type1Code",
    "Type2Code",
    "Type3Code",
)
_GEO_FIELDS = ("Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")

COLUMNS: tuple[str, ...] = (
    "GLOBALEVENTID",
    "SQLDATE",
    "MonthYear",
    "Year",
    "FractionDate",
    *(f"Actor1{f}" for f in _ACTOR_FIELDS),
    *(f"Actor2{f}" for f in _ACTOR_FIELDS),
    "IsRootEvent",
    "EventCode",
    "EventBaseCode",
    "EventRootCode",
    "QuadClass",
    "GoldsteinScale",
    "NumMentions",
    "NumSources",
    "NumArticles",
    "AvgTone",
    *(f"Actor1Geo_{f}" for f in _GEO_FIELDS),
    *(f"Actor2Geo_{f}" for f in _GEO_FIELDS),
    *(f"ActionGeo_{f}" for f in _GEO_FIELDS),
    "DATEADDED",
    "SOURCEURL",
)
assert len(COLUMNS) == 61

MENTION_COLUMNS: tuple[str, ...] = (
    "GLOBALEVENTID",
    "EventTimeDate",
    "MentionTimeDate",
    "MentionType",
    "MentionSourceName",
    "MentionIdentifier",
    "SentenceID",
    "Actor1CharOffset",
    "Actor2CharOffset",
    "ActionCharOffset",
    "InRawText",
    "Confidence",
    "MentionDocLen",
    "MentionDocTone",
    "MentionDocTranslationInfo",
    "Extras",
)
assert len(MENTION_COLUMNS) == 16


def is_named(actor: Actor | None) -> TypeGuard[Actor]:
    """A coded actor (country, sector or CAMEO code) or a proper name — not "them", "a revolver"."""
    if actor is None:
        return False
    if actor.country or actor.sector or actor.cameo:
        return True
    from spacy.lang.en.stop_words import STOP_WORDS

    words = [w for w in re.findall(r"[\w'-]+", actor.name or actor.text)]
    content = [w for w in words if w.lower() not in STOP_WORDS]
    return bool(content) and any(w[:1].isupper() for w in content)


def actor_fields(actor: Actor | None) -> list[str]:
    """The 10 GDELT actor columns. A non-country code (IGO) goes to KnownGroupCode."""
    if not is_named(actor):
        return [""] * 10
    codes = country(actor.country)
    country_code = codes.iso3 if codes else ""
    known_group = actor.country.upper() if actor.country and not codes else ""
    sector = (actor.sector or "").upper()
    code = actor.cameo or (country_code or known_group) + sector
    name = standard_name(actor).upper()  # ACLED-style: "POLICE FORCES OF INDIA", "PROTESTERS (INDIA)"
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


def action_geo(unit: Unit) -> list[str]:
    """The 8 ActionGeo columns from the unit's location and the place it points to."""
    loc, place = unit.location, unit.place
    if loc is None or (loc.name is None and loc.lat is None and loc.country is None):
        return ["0"] + [""] * 7
    iso3 = (place.country if place else None) or loc.country
    codes = country(iso3)
    precision = loc.precision if loc.precision != "unknown" or not place else place.precision
    kind = geo_type(iso3, precision, loc.lat is not None)
    admin1 = place.admin1 if place else None
    name = (place.name if place else None) or loc.name or ""
    parts = [name] if kind != 1 else []
    if admin1 and not looks_like_code(admin1) and admin1 != name and kind != 1:
        parts.append(admin1)
    if codes:
        parts.append(codes.name)
    full_name = ", ".join(p for p in parts if p) or name
    fips = codes.fips if codes else ""
    adm1 = fips + admin1 if fips and admin1 and looks_like_code(admin1) else (fips if kind == 1 else "")
    return [
        str(kind),
        full_name,
        fips,
        adm1,
        "",
        _num(loc.lat),
        _num(loc.lon),
        _feature(place, kind, fips, adm1),
    ]


def _feature(place: Place | None, kind: int, fips: str, adm1: str) -> str:
    if place and place.gazetteer_id and ":" in place.gazetteer_id and kind in (3, 4):
        return place.gazetteer_id.split(":", 1)[1]
    if kind == 1:
        return fips
    return adm1 if kind in (2, 5) else ""


@cache
def _country_point(iso3: str) -> tuple[float, float] | None:
    """The gazetteer's (GeoNames) point of a country, for country-level actor geography."""
    from storyline.places.gazetteer import load_gazetteer

    codes = country(iso3)
    entry = load_gazetteer().country(codes.iso2) if codes else None
    return (entry.lat, entry.lon) if entry and entry.lat is not None and entry.lon is not None else None


def actor_geo(actor: Actor | None, action: list[str], action_iso3: str | None) -> list[str]:
    """ActorNGeo: the action's place when the actor belongs to that country, else the actor's country."""
    if not is_named(actor) or not actor.country:
        return ["0"] + [""] * 7
    codes = country(actor.country)
    if codes is None:
        return ["0"] + [""] * 7
    if action[0] != "0" and action_iso3 == codes.iso3:
        return list(action)
    point = _country_point(codes.iso3)
    lat, lon = point if point else (None, None)
    return ["1", codes.name, codes.fips, codes.fips, "", _num(lat), _num(lon), codes.fips]


def _num(value: float | None) -> str:
    return "" if value is None else f"{value:.4f}".rstrip("0").rstrip(".")


def _is_root(unit: Unit) -> bool:
    """GDELT's IsRootEvent: the record is in the lead paragraph."""
    text = unit.doc.extraction.article.text
    lead_end = text.find("\n")
    return lead_end < 0 or unit.item.span[0] < lead_end


def _clean(value: str) -> str:
    """No tab, line break or double quote inside a field (default CSV readers stay aligned)."""
    if any(c in value for c in '\t\r\n"'):
        value = " ".join(value.replace('"', "'").split())
    return value


def source_name(unit: Unit) -> str:
    """MentionSourceName: the URL's host (as GDELT), else the outlet."""
    article = unit.doc.extraction.article
    host = urlsplit(article.url).hostname if article.url else None
    return (host or "").removeprefix("www.") or article.outlet or ""


@dataclass
class _Row:
    key: tuple
    unit: Unit
    values: list[str]
    day: date
    added: datetime
    url: str
    root: bool
    members: list[Unit] = field(default_factory=list)
    mentions: int = 0
    outlets: set[str] = field(default_factory=set)
    articles: set[str] = field(default_factory=set)

    @property
    def global_id(self) -> int:
        ids = [m.global_id for m in self.members if m.global_id is not None]
        return min(ids) if ids else 0


@dataclass
class GdeltExport:
    """Merged Events rows (and their mentions) of a set of units, in date order."""

    rows: list[_Row]
    undated: int = 0  # units left out: no day known (their own or the article's)
    uncoded: int = 0  # units left out: no CAMEO code

    def event_rows(self) -> list[list[str]]:
        return [[_clean(v) for v in _format(r)] for r in self.rows]

    def mention_rows(self) -> list[list[str]]:
        out: list[list[str]] = []
        for row in self.rows:
            event_time = row.added.strftime("%Y%m%d%H%M%S")
            for unit in row.members:
                out.extend([_clean(v) for v in r] for r in _mentions(row.global_id, event_time, unit))
        return out


def build_export(units: Iterable[Unit]) -> GdeltExport:
    merged: dict[tuple, _Row] = {}
    undated = uncoded = 0
    for unit in units:
        if not unit.cameo_code:
            uncoded += 1
            continue
        day = unit.known_day()
        if day is None:
            undated += 1
            continue
        doc = unit.doc
        article = doc.extraction.article
        a1, a2 = actor_fields(unit.actor1), actor_fields(unit.actor2)
        geo = action_geo(unit)
        iso3 = (unit.place.country if unit.place else None) or (
            unit.location.country if unit.location else None
        )
        geo1, geo2 = actor_geo(unit.actor1, geo, iso3), actor_geo(unit.actor2, geo, iso3)
        key = (day, a1[0], a1[1], a2[0], a2[1], unit.cameo_code, geo[1], geo[7])
        row = merged.get(key)
        if row is None:
            row = merged[key] = _Row(
                key,
                unit,
                [*a1, *a2, *geo1, *geo2, *geo],
                day,
                doc.ingested_at,
                article.url or "",
                _is_root(unit),
            )
        elif doc.ingested_at < row.added:
            row.added, row.url = doc.ingested_at, article.url or row.url
        row.root = row.root or _is_root(unit)
        row.members.append(unit)
        row.mentions += unit.num_mentions
        row.outlets.add(_outlet_key(article.outlet) or source_name(unit) or doc.article_id)
        row.articles.add(doc.article_id)
    rows = sorted(merged.values(), key=lambda r: (r.day, r.global_id, r.key[5]))
    return GdeltExport(rows, undated=undated, uncoded=uncoded)


def _outlet_key(outlet: str | None) -> str:
    """One key per outlet however its feeds name it ("BBC News - Home" and "BBC News")."""
    if not outlet:
        return ""
    return re.split(r"\s+[-|:–]\s+", outlet.strip(), maxsplit=1)[0].casefold()


def gdelt_rows(units: Iterable[Unit]) -> list[list[str]]:
    """GDELT Events rows, merged across mentions, in date order."""
    return build_export(units).event_rows()


def _format(row: _Row) -> list[str]:
    unit = row.unit
    a1, a2 = row.values[:10], row.values[10:20]
    geo1, geo2, geo = row.values[20:28], row.values[28:36], row.values[36:]
    code = unit.cameo_code or ""
    day = row.day
    fraction = day.year + (day.month * 30 + day.day) / 365
    quad, goldstein = unit.quad_class, unit.goldstein
    safe = [spreadsheet_safe(v) for v in (a1[1], a2[1], geo1[1], geo2[1], geo[1])]
    a1[1], a2[1], geo1[1], geo2[1], geo[1] = safe
    return [
        str(row.global_id),
        day.strftime("%Y%m%d"),
        day.strftime("%Y%m"),
        str(day.year),
        f"{fraction:.4f}",
        *a1,
        *a2,
        "1" if row.root else "0",
        code,
        code[:3],
        unit.cameo_root or code[:2],
        "" if quad is None else str(quad),
        "" if goldstein is None else f"{goldstein:g}",
        str(row.mentions),
        str(len(row.outlets)),
        str(len(row.articles)),
        "",
        *geo1,
        *geo2,
        *geo,
        row.added.strftime("%Y%m%d%H%M%S"),
        row.url,
    ]


_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*\s+|\n+")


def _sentence_starts(text: str) -> list[int]:
    return [0] + [m.end() for m in _SENTENCE_END.finditer(text)]


def _mentions(global_id: int, event_time: str, unit: Unit) -> list[list[str]]:
    """One Mentions row per event mention of the unit (the unit itself for a loose event)."""
    doc = unit.doc
    article = doc.extraction.article
    starts = _sentence_starts(article.text)
    when = doc.ingested_at.strftime("%Y%m%d%H%M%S")
    rows = []
    for event in unit.mentions or []:
        sentence = bisect.bisect_right(starts, event.span[0])
        rows.append(
            [
                str(global_id),
                event_time,
                when,
                "1" if article.url else "2",
                source_name(unit),
                article.url or doc.article_id,
                str(sentence),
                str(event.actor1.span[0]) if event.actor1 else "-1",
                str(event.actor2.span[0]) if event.actor2 else "-1",
                str(event.trigger.span[0]),
                "1",
                str(round(100 * event.confidence)),
                str(len(article.text)),
                "",
                "",
                "",
            ]
        )
    return rows
