"""Standard actor names for exports, as ACLED writes them: "Police Forces of India", "Protesters (India)".

ACLED names a state's agents by the state ("Military Forces of Israel", "Police Forces of India",
"Government of Kenya"), unnamed people by what they were and where ("Protesters (India)",
"Rioters (India)", "Civilians (Syria)", "Unidentified Armed Group (Nigeria)"), and named groups
by their name ("Boko Haram"). :func:`standard_name` gives that name for any actor, with or without
an event type; :func:`actor_label` adds ACLED's interaction code for the ACLED export. The ACLED
and GDELT exports both take their actor names from here.
"""

from __future__ import annotations

import re
from functools import lru_cache

from storyline.model import Actor

__all__ = ["INTER_CODES", "actor_label", "is_proper_name", "standard_name"]

BATTLES, REMOTE, VAC = "Battles", "Explosions/Remote violence", "Violence against civilians"
PROTESTS, RIOTS, STRATEGIC = "Protests", "Riots", "Strategic developments"

#: CAMEO sector -> ACLED interaction code (1 state forces, 2 rebels, 3 political militias,
#: 7 civilians, 8 external/other). 5 rioters and 6 protesters depend on the event.
INTER_CODES = {"GOV": 1, "MIL": 1, "COP": 1, "SPY": 1, "JUD": 1, "LEG": 1,
               "REB": 2, "INS": 2, "SEP": 2, "UAF": 3, "CRM": 3,
               "CVL": 7, "REF": 7, "MED": 7, "EDU": 7, "HLH": 7, "BUS": 7, "LAB": 7, "AGR": 7,
               "REL": 7, "ELI": 7, "IGO": 8, "NGO": 8}  # fmt: skip
#: A state's agents, by sector.
STATE_NAMES = {"MIL": "Military Forces of {}", "GOV": "Government of {}", "COP": "Police Forces of {}",
               "JUD": "Government of {}", "LEG": "Government of {}", "SPY": "Military Forces of {}"}  # fmt: skip
CIVILIAN_SECTORS = frozenset({"CVL", "REF", "EDU", "HLH", "MED", "REL", "LAB", "AGR", "BUS", "ELI"})
ARMED_GROUP_SECTORS = frozenset({"REB", "INS", "SEP", "UAF", "CRM"})
#: Words naming the crowd of a demonstration or a riot, whatever the event was coded as.
_PROTESTERS = re.compile(r"\b(protest[eo]rs?|demonstrators?|marchers|agitators|picketers|strikers)\b", re.I)
_RIOTERS = re.compile(r"\b(rioters?|mobs?|miscreants|arsonists|looters)\b", re.I)


@lru_cache(maxsize=512)
def country_name(iso3: str | None) -> str | None:
    """ACLED's (GeoNames') English name of a country; None for IGO codes and unknown values."""
    from storyline.export.countries import country

    codes = country(iso3)
    return codes.name if codes else None


def is_proper_name(actor: Actor) -> bool:
    """Named in the report ("Boko Haram", "The Lions"), not a role word ("attackers", "police")."""
    from spacy.lang.en.stop_words import STOP_WORDS

    words = (actor.name or actor.text).replace('"', " ").split()
    content = [w for w in words if w.lower().strip("'") not in STOP_WORDS]
    return bool(content) and any(w[:1].isupper() for w in content) and actor.kind != "country"


def standard_name(actor: Actor | None, where: str | None = None) -> str:
    """The ACLED-style name of an actor, whatever it did ("" for no actor).

    A state's agent is named by its state ("Police Forces of India" for "state police", the CRPF
    or the home minister), a named group by its name ("Bharatiya Janata Party"), an unnamed crowd
    or group by what it is and where ("Protesters (India)", "Unidentified Armed Group (Nigeria)").
    ``where`` is the country name to use when the actor has none (the incident's country).
    """
    if actor is None:
        return ""
    sector = (actor.sector or "").upper()
    own = country_name(actor.country)
    place = own or where
    suffix = f" ({place})" if place else ""
    words = f"{actor.text} {actor.name or ''}"
    if not sector and actor.kind == "country" and own:
        return own
    if sector in STATE_NAMES and place:
        return STATE_NAMES[sector].format(place)
    if is_proper_name(actor) and (actor.name or "") != own:
        return actor.name or actor.text
    if _PROTESTERS.search(words):
        return "Protesters" + suffix
    if _RIOTERS.search(words):
        return "Rioters" + suffix
    if sector in ARMED_GROUP_SECTORS:
        return "Unidentified Armed Group" + suffix
    if sector in CIVILIAN_SECTORS and place:
        return "Civilians" + suffix
    return actor.name or actor.text


def actor_label(
    actor: Actor | None, event_type: str, first: bool, where: str | None = None, sub_event_type: str = ""
) -> tuple[str, int | None]:
    """ACLED-style actor name and interaction code ("Military Forces of Kenya", 1) for one event.

    ``where`` is the incident's country name, for the generic actors ACLED writes when the report
    names none: "Unidentified Armed Group (Syria)", "Civilians (Syria)", "Protesters (Syria)";
    arrests with no named arrester are by "Police Forces of X", as ACLED codes them."""  # fmt: skip
    violent = event_type in (BATTLES, REMOTE, VAC)
    sector = (actor.sector or "").upper() if actor else ""
    own = country_name(actor.country) if actor else None
    place = own or where
    suffix = f" ({place})" if place else ""
    if actor is not None and not sector and actor.kind == "country" and own:
        sector = "MIL" if violent else "GOV"  # a country acting: its forces, or its government
    if first and event_type in (PROTESTS, RIOTS) and sector not in STATE_NAMES:
        kind = "Protesters" if event_type == PROTESTS else "Rioters"
        return kind + suffix, (6 if event_type == PROTESTS else 5)
    if sector in STATE_NAMES and (own or (where and sector != "MIL")):
        return STATE_NAMES[sector].format(own or where), 1
    if actor is not None and not first and _PROTESTERS.search(actor.text) and not is_proper_name(actor):
        return "Protesters" + suffix, 6  # "police fired on protesters": the crowd, as ACLED names it
    if actor is not None and not first and _RIOTERS.search(actor.text) and not is_proper_name(actor):
        return "Rioters" + suffix, 5
    if sector in CIVILIAN_SECTORS and place:
        return "Civilians" + suffix, 7
    if actor is not None and is_proper_name(actor):
        return (actor.name or actor.text), INTER_CODES.get(sector) or (3 if violent else None)
    if sector in ARMED_GROUP_SECTORS:
        return "Unidentified Armed Group" + suffix, INTER_CODES[sector]
    if not first and event_type in (VAC, REMOTE):
        return "Civilians" + suffix, 7
    if violent and (first or event_type == BATTLES):
        return "Unidentified Armed Group" + suffix, 3
    if first and sub_event_type == "Arrests" and where and actor is None:
        return "Police Forces of " + where, 1
    return "", None
