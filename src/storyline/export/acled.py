"""ACLED-style CSV export: political violence, demonstrations and strategic developments.

One row per incident (:mod:`storyline.export.units`: an incident, or an event no incident holds),
merged across the articles that report it (same day, type, actors and location: ``source`` lists
every outlet). ACLED codes only what happened and falls in its six event types: a unit is exported
when its ACLED type (the learned typer's ``acled_sub_event_type``, else a mapping of its CAMEO code
or PLOVER type and mode) is known and its status is asserted or reported; verbal events (ACCUSE,
CONSULT, THREATEN, ...) have no ACLED counterpart. Mapping follows ACLED's codebook; see docs/store.md.

A row always has a date and a country: ``event_id_cnty`` is the country's ISO alpha-3 code and the
store's increasing id of the incident; units with no known day or country are left out and counted
(:class:`AcledExport`). Fatalities are the most conservative figure among the sources (ACLED's rule).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

# Actor names and the ACLED event types live with the actors (one home for ACLED-style names).
from storyline.actors.names import BATTLES, PROTESTS, REMOTE, RIOTS, STRATEGIC, VAC, actor_label
from storyline.export.countries import acled_region, country, looks_like_code
from storyline.export.gdelt import _outlet_key
from storyline.export.units import Unit
from storyline.model import Event, Incident
from storyline.text.safe import spreadsheet_safe

COLUMNS = (
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
    # Storyline's own columns, for tracing a row back to the article and its coding.
    "plover_type",
    "plover_type_2021",
    "cameo_code",
    "source_url",
    "storyline_event_id",
    "storyline_kind",
    "num_mentions",
    "num_sources",
    "confidence",
    "reviewed",
)

__all__ = [
    "BATTLES",
    "PROTESTS",
    "REMOTE",
    "RIOTS",
    "STRATEGIC",
    "VAC",
    "acled_rows",
    "acled_type",
    "actor_label",
    "build_export",
]

#: CAMEO code prefix -> (event_type, sub_event_type); the longest matching prefix wins.
CAMEO_TO_ACLED: dict[str, tuple[str, str]] = {
    "14": (PROTESTS, "Peaceful protest"),
    "145": (RIOTS, "Violent demonstration"),
    "15": (STRATEGIC, "Change to group/activity"),
    "1711": (STRATEGIC, "Looting/property destruction"),
    "1712": (STRATEGIC, "Looting/property destruction"),
    "173": (STRATEGIC, "Arrests"),
    "175": (PROTESTS, "Excessive force against protesters"),
    "18": (VAC, "Attack"),
    "181": (VAC, "Abduction/forced disappearance"),
    "1821": (VAC, "Sexual violence"),
    "183": (REMOTE, "Remote explosive/landmine/IED"),
    "1831": (REMOTE, "Suicide bomb"),
    "19": (BATTLES, "Armed clash"),
    "191": (STRATEGIC, "Other"),
    "194": (REMOTE, "Shelling/artillery/missile attack"),
    "195": (REMOTE, "Air/drone strike"),
    "20": (VAC, "Attack"),
    "204": (REMOTE, "Chemical weapon"),
    "057": (STRATEGIC, "Agreement"),
    "0871": (STRATEGIC, "Agreement"),
    "0874": (STRATEGIC, "Non-violent transfer of territory"),
}

#: (PLOVER type, mode) -> ACLED type, for events coded without a CAMEO code.
PLOVER_TO_ACLED: dict[tuple[str, str | None], tuple[str, str]] = {
    ("PROTEST", None): (PROTESTS, "Peaceful protest"),
    ("PROTEST", "riot"): (RIOTS, "Violent demonstration"),
    ("MOBILIZE", None): (STRATEGIC, "Change to group/activity"),
    ("COERCE", "arrest"): (STRATEGIC, "Arrests"),
    ("COERCE", "seize"): (STRATEGIC, "Looting/property destruction"),
    ("ASSAULT", None): (VAC, "Attack"),
    ("ASSAULT", "abduct"): (VAC, "Abduction/forced disappearance"),
    ("ASSAULT", "sexual"): (VAC, "Sexual violence"),
    ("ASSAULT", "destroy"): (STRATEGIC, "Looting/property destruction"),
    ("ASSAULT", "explosives"): (REMOTE, "Remote explosive/landmine/IED"),
    ("ASSAULT", "suicide-attack"): (REMOTE, "Suicide bomb"),
    ("ASSAULT", "aerial"): (REMOTE, "Air/drone strike"),
    ("ASSAULT", "drone"): (REMOTE, "Air/drone strike"),
    ("ASSAULT", "heavy-weapons"): (REMOTE, "Shelling/artillery/missile attack"),
    ("ASSAULT", "unconventional"): (REMOTE, "Chemical weapon"),
    ("ASSAULT", "crowd-control"): (PROTESTS, "Excessive force against protesters"),
}

#: Sectors whose members ACLED counts as armed (so fighting between them is a battle).
_ARMED = {"MIL", "GOV", "COP", "SPY", "REB", "INS", "SEP", "UAF", "CRM"}
_GEO_PRECISION = {"site": 1, "city": 1, "admin2": 2, "admin1": 3, "country": 3, "region": 3}
_TIME_PRECISION = {"day": 1, "week": 2, "month": 3, "year": 3}
_EXPORTED_STATUS = {"asserted", "reported"}


#: ACLED sub-event type -> its event type (ACLED codebook, 2023), for the learned typer's labels.
SUB_EVENT_TYPES: dict[str, str] = {
    "Armed clash": BATTLES,
    "Government regains territory": BATTLES,
    "Non-state actor overtakes territory": BATTLES,
    "Chemical weapon": REMOTE,
    "Air/drone strike": REMOTE,
    "Suicide bomb": REMOTE,
    "Shelling/artillery/missile attack": REMOTE,
    "Remote explosive/landmine/IED": REMOTE,
    "Grenade": REMOTE,
    "Sexual violence": VAC,
    "Attack": VAC,
    "Abduction/forced disappearance": VAC,
    "Peaceful protest": PROTESTS,
    "Protest with intervention": PROTESTS,
    "Excessive force against protesters": PROTESTS,
    "Violent demonstration": RIOTS,
    "Mob violence": RIOTS,
    "Agreement": STRATEGIC,
    "Arrests": STRATEGIC,
    "Change to group/activity": STRATEGIC,
    "Disrupted weapons use": STRATEGIC,
    "Headquarters or base established": STRATEGIC,
    "Looting/property destruction": STRATEGIC,
    "Non-violent transfer of territory": STRATEGIC,
    "Other": STRATEGIC,
}


def acled_type(event: Event | Incident) -> tuple[str, str] | None:
    """ACLED (event_type, sub_event_type) of an event or incident, or None when ACLED would not code it."""
    learned = event.acled_sub_event_type
    if learned and learned in SUB_EVENT_TYPES:
        return SUB_EVENT_TYPES[learned], learned
    code = event.cameo_code or ""
    for length in range(len(code), 1, -1):
        mapped = CAMEO_TO_ACLED.get(code[:length])
        if mapped:
            return _refine(event, mapped)
    ptype = event.plover_type or ("ASSAULT" if getattr(event, "plover_type_2021", None) == "FIGHT" else None)
    if not ptype:
        return None
    mapped = PLOVER_TO_ACLED.get((ptype, event.plover_mode)) or PLOVER_TO_ACLED.get((ptype, None))
    return _refine(event, mapped) if mapped else None


def _refine(event: Event | Incident, mapped: tuple[str, str]) -> tuple[str, str]:
    """One-sided violence against armed actors is a battle; fighting on civilians is an attack."""
    target = (event.actor2.sector or "").upper() if event.actor2 else ""
    if mapped == (VAC, "Attack") and target in _ARMED:
        return (BATTLES, "Armed clash")
    if mapped == (BATTLES, "Armed clash") and target and target not in _ARMED:
        return (VAC, "Attack")
    return mapped


def _interaction(inter1: int | None, inter2: int | None) -> str:
    if inter1 is None:
        return ""
    if inter2 is None:
        return str(inter1 * 10)
    low, high = sorted((inter1, inter2))
    return f"{low}{high}"


@dataclass
class AcledExport:
    """ACLED rows of a set of units, and what was left out and why."""

    rows: list[dict[str, object]] = field(default_factory=list)
    undated: int = 0  # no known day (the incident's or the article's)
    no_country: int = 0  # no country for event_id_cnty / iso
    not_acled: int = 0  # no ACLED event type (verbal events, ...)


def _country_of(unit: Unit) -> str | None:
    place, loc = unit.place, unit.location
    return (
        (place.country if place else None)
        or (loc.country if loc else None)
        or (unit.actor1.country if unit.actor1 else None)
        or (unit.actor2.country if unit.actor2 else None)
    )


def build_export(units: Iterable[Unit]) -> AcledExport:
    """Rows in publication order, one per incident, merged across the articles reporting it."""
    result = AcledExport()
    merged: dict[tuple, dict[str, object]] = {}
    for unit in units:
        mapped = acled_type(unit.item)
        if mapped is None:
            result.not_acled += 1
            continue
        day = unit.known_day()
        if day is None:
            result.undated += 1
            continue
        codes = country(_country_of(unit))
        if codes is None:
            result.no_country += 1
            continue
        row = _row(unit, mapped, day, codes)
        key = (row["event_date"], row["sub_event_type"], row["actor1"], row["actor2"], row["location"])
        seen = merged.get(key)
        if seen is None:
            merged[key] = row
            result.rows.append(row)
            continue
        _merge(seen, row)
    for row in result.rows:
        row.pop("_outlets", None)
        row.pop("_fatality_reports", None)
    return result


def _row(unit: Unit, mapped: tuple[str, str], day, codes) -> dict[str, object]:
    event_type, sub_type = mapped
    doc, item = unit.doc, unit.item
    article = doc.extraction.article
    loc, place = unit.location, unit.place
    actor1, inter1 = actor_label(
        unit.actor1, event_type, first=True, where=codes.name, sub_event_type=sub_type
    )
    actor2, inter2 = actor_label(
        unit.actor2, event_type, first=False, where=codes.name, sub_event_type=sub_type
    )
    if not actor2:
        inter2 = None
    dated = item.date is not None and item.date.value is not None
    admin1 = place.admin1 if place and not looks_like_code(place.admin1) else ""
    admin2 = place.admin2 if place and not looks_like_code(place.admin2) else ""
    precision = loc.precision if loc else "unknown"
    fatalities = unit.fatalities
    outlet = article.outlet or ""
    return {
        "event_id_cnty": f"{codes.iso3}{unit.global_id or 0}",
        "event_date": day.isoformat(),
        "year": day.year,
        "time_precision": _TIME_PRECISION.get(item.date.precision, 3) if dated and item.date else 2,
        "disorder_type": (
            "Demonstrations"
            if event_type in (PROTESTS, RIOTS)
            else STRATEGIC
            if event_type == STRATEGIC
            else "Political violence"
        ),
        "event_type": event_type,
        "sub_event_type": sub_type,
        # ACLED writes 0 for a missing actor's code, so the columns stay integers
        "actor1": actor1,
        "assoc_actor_1": "",
        "inter1": inter1 or 0,
        "actor2": actor2,
        "assoc_actor_2": "",
        "inter2": inter2 or 0,
        "interaction": int(_interaction(inter1, inter2) or 0),
        "civilian_targeting": "Civilian targeting" if inter2 == 7 and event_type in (VAC, REMOTE) else "",
        "iso": codes.numeric,
        "region": acled_region(codes.iso3),
        "country": codes.name,
        "admin1": admin1 or "",
        "admin2": admin2 or "",
        "admin3": "",
        "location": (place.name if place else None) or (loc.name if loc else None) or "",
        "latitude": "" if not loc or loc.lat is None else round(loc.lat, 4),
        "longitude": "" if not loc or loc.lon is None else round(loc.lon, 4),
        "geo_precision": _GEO_PRECISION.get(precision, "") if loc else "",
        "source": outlet,
        "source_scale": "",
        "notes": " ".join(unit.text.split()),
        "fatalities": fatalities,
        "tags": "",
        "timestamp": int(doc.ingested_at.timestamp()),
        "plover_type": item.plover_type or "",
        "plover_type_2021": getattr(item, "plover_type_2021", None) or "",
        "cameo_code": item.cameo_code or "",
        "source_url": article.url or "",
        "storyline_event_id": unit.uid,
        "storyline_kind": unit.kind,
        "num_mentions": unit.num_mentions,
        "num_sources": 1,
        "confidence": round(item.confidence, 3),
        "reviewed": item.reviewed,
        "_outlets": {_outlet_key(outlet) or doc.article_id},
        "_fatality_reports": [fatalities] if fatalities else [],
    }


def _merge(seen: dict[str, Any], row: dict[str, Any]) -> None:
    """Another source's report of the same incident: sources listed, fewest fatalities kept."""
    outlets: set = seen["_outlets"]  # type: ignore[assignment]
    new = row["_outlets"] - outlets  # type: ignore[operator]
    if new and row["source"]:
        seen["source"] = "; ".join(x for x in (seen["source"], row["source"]) if x)
    outlets |= new
    seen["num_sources"] = len(outlets)
    seen["num_mentions"] = int(seen["num_mentions"]) + int(row["num_mentions"])  # type: ignore[arg-type]
    reports: list = seen["_fatality_reports"]  # type: ignore[assignment]
    reports.extend(row["_fatality_reports"])  # type: ignore[arg-type]
    seen["fatalities"] = min(reports) if reports else 0
    seen["confidence"] = max(seen["confidence"], row["confidence"])  # type: ignore[type-var]
    seen["reviewed"] = bool(seen["reviewed"] or row["reviewed"])


def acled_rows(units: Iterable[Unit]) -> Iterator[dict[str, object]]:
    """ACLED rows (see :func:`build_export`), text cells guarded against spreadsheet formulas."""
    for row in build_export(units).rows:
        yield {k: spreadsheet_safe(v) for k, v in row.items()}
