"""ACLED-style CSV export: political violence, demonstrations and strategic developments.

ACLED codes only events that happened and that fall in its six event types, so an event is
exported when its CAMEO code (or, lacking one, its PLOVER type and mode) maps to an ACLED
``event_type`` / ``sub_event_type`` and its status is asserted or reported. Verbal events
(ACCUSE, CONSULT, THREATEN, ...) have no ACLED counterpart and are left out.
Mapping follows ACLED's codebook definitions; see docs/store.md for the table.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date

from storyline.export.countries import country, looks_like_code
from storyline.export.documents import StoredDocument
from storyline.export.gdelt import known_day
from storyline.model import Actor, Event

COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3",
    "location", "latitude", "longitude", "geo_precision", "source", "source_scale", "notes",
    "fatalities", "tags", "timestamp",
    # Storyline's own columns, for tracing a row back to the article and its coding.
    "plover_type", "plover_type_2021", "cameo_code", "source_url", "storyline_event_id",
)

BATTLES, REMOTE, VAC = "Battles", "Explosions/Remote violence", "Violence against civilians"
PROTESTS, RIOTS, STRATEGIC = "Protests", "Riots", "Strategic developments"

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
#: CAMEO sector -> ACLED interaction code (1 state forces, 2 rebels, 3 political militias,
#: 7 civilians, 8 external/other). 5 rioters and 6 protesters depend on the event.
_INTER = {"GOV": 1, "MIL": 1, "COP": 1, "SPY": 1, "JUD": 1, "LEG": 1,
          "REB": 2, "INS": 2, "SEP": 2, "UAF": 3, "CRM": 3,
          "CVL": 7, "REF": 7, "MED": 7, "EDU": 7, "HLH": 7, "BUS": 7, "LAB": 7, "AGR": 7,
          "REL": 7, "ELI": 7, "IGO": 8, "NGO": 8}
_STATE_NAMES = {"MIL": "Military Forces of {}", "GOV": "Government of {}", "COP": "Police Forces of {}",
                "JUD": "Government of {}", "LEG": "Government of {}", "SPY": "Military Forces of {}"}
_GEO_PRECISION = {"site": 1, "city": 1, "admin2": 2, "admin1": 3, "country": 3, "region": 3}
_TIME_PRECISION = {"day": 1, "week": 2, "month": 3, "year": 3}
_EXPORTED_STATUS = {"asserted", "reported"}


def acled_type(event: Event) -> tuple[str, str] | None:
    """ACLED (event_type, sub_event_type) for an event, or None when ACLED would not code it."""
    code = event.cameo_code or ""
    for length in range(len(code), 1, -1):
        mapped = CAMEO_TO_ACLED.get(code[:length])
        if mapped:
            return _refine(event, mapped)
    ptype = event.plover_type or ("ASSAULT" if event.plover_type_2021 == "FIGHT" else None)
    if not ptype:
        return None
    mapped = PLOVER_TO_ACLED.get((ptype, event.plover_mode)) or PLOVER_TO_ACLED.get((ptype, None))
    return _refine(event, mapped) if mapped else None


def _refine(event: Event, mapped: tuple[str, str]) -> tuple[str, str]:
    """One-sided violence against armed actors is a battle; fighting on civilians is an attack."""
    target = (event.actor2.sector or "").upper() if event.actor2 else ""
    if mapped == (VAC, "Attack") and target in _ARMED:
        return (BATTLES, "Armed clash")
    if mapped == (BATTLES, "Armed clash") and target and target not in _ARMED:
        return (VAC, "Attack")
    return mapped


def actor_label(actor: Actor | None, event_type: str, first: bool) -> tuple[str, int | None]:
    """ACLED-style actor name and interaction code ("Military Forces of Kenya", 1)."""
    if actor is None:
        return "", None
    sector = (actor.sector or "").upper()
    codes = country(actor.country)
    place = codes.name if codes else None
    if first and event_type in (PROTESTS, RIOTS) and sector not in _STATE_NAMES:
        kind = "Protesters" if event_type == PROTESTS else "Rioters"
        return (f"{kind} ({place})" if place else kind), (6 if event_type == PROTESTS else 5)
    if sector in _STATE_NAMES and place and (actor.kind in (None, "country", "organization", "group")):
        return _STATE_NAMES[sector].format(place), 1
    if sector == "CVL" and place:
        return f"Civilians ({place})", 7
    return (actor.name or actor.text), _INTER.get(sector)


def _fatalities(event: Event) -> int:
    return int(sum(c.count or 0 for c in event.casualties if c.kind == "killed" and not c.negated))


def _interaction(inter1: int | None, inter2: int | None) -> str:
    if inter1 is None:
        return ""
    if inter2 is None:
        return str(inter1 * 10)
    low, high = sorted((inter1, inter2))
    return f"{low}{high}"


def acled_rows(docs: Iterable[StoredDocument]) -> Iterator[dict[str, object]]:
    """One ACLED row per exported event, in publication order."""
    numbers: dict[str, int] = {}
    for doc in docs:
        article = doc.extraction.article
        for event in doc.extraction.events:
            mapped = acled_type(event) if event.status in _EXPORTED_STATUS else None
            if mapped is None:
                continue
            event_type, sub_type = mapped
            loc = event.location
            place = doc.place(loc.place_id if loc else None)
            iso3 = (place.country if place else None) or (loc.country if loc else None) \
                or (event.actor1.country if event.actor1 else None)
            codes = country(iso3)
            prefix = codes.iso3 if codes else "XXX"
            numbers[prefix] = numbers.get(prefix, 0) + 1
            actor1, inter1 = actor_label(event.actor1, event_type, first=True)
            actor2, inter2 = actor_label(event.actor2, event_type, first=False)
            day: date | None = known_day(event, doc)  # never invent a date: blank when unknown
            dated = event.date is not None and event.date.value is not None
            admin1 = place.admin1 if place and not looks_like_code(place.admin1) else ""
            admin2 = place.admin2 if place and not looks_like_code(place.admin2) else ""
            precision = loc.precision if loc else "unknown"
            yield {
                "event_id_cnty": f"{prefix}{numbers[prefix]}",
                "event_date": day.isoformat() if day else "",
                "year": day.year if day else "",
                "time_precision": _TIME_PRECISION.get(event.date.precision, 3) if dated else 2,
                "disorder_type": ("Demonstrations" if event_type in (PROTESTS, RIOTS)
                                  else STRATEGIC if event_type == STRATEGIC else "Political violence"),
                "event_type": event_type,
                "sub_event_type": sub_type,
                "actor1": actor1, "assoc_actor_1": "", "inter1": inter1 or "",
                "actor2": actor2, "assoc_actor_2": "", "inter2": inter2 or "",
                "interaction": _interaction(inter1, inter2),
                "civilian_targeting": "Civilian targeting" if inter2 == 7 and event_type in (VAC, REMOTE) else "",
                "iso": codes.numeric if codes else "",
                "region": "",
                "country": codes.name if codes else "",
                "admin1": admin1 or "", "admin2": admin2 or "", "admin3": "",
                "location": (place.name if place else None) or (loc.name if loc else None) or "",
                "latitude": "" if not loc or loc.lat is None else round(loc.lat, 4),
                "longitude": "" if not loc or loc.lon is None else round(loc.lon, 4),
                "geo_precision": _GEO_PRECISION.get(precision, "") if loc else "",
                "source": article.outlet or "",
                "source_scale": "",
                "notes": " ".join(event.text.split()),
                "fatalities": _fatalities(event),
                "tags": "",
                "timestamp": int(doc.ingested_at.timestamp()),
                "plover_type": event.plover_type or "",
                "plover_type_2021": event.plover_type_2021 or "",
                "cameo_code": event.cameo_code or "",
                "source_url": article.url or "",
                "storyline_event_id": f"{doc.version_id}/{event.id}",
            }
