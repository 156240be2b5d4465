"""Choosing a reading among a toponym's scored gazetteer candidates (used by
:mod:`storyline.places.learned`): the pick among candidates at the same point, the coarser admin1
fallback when no reading is probable enough, and the far-reading guard."""

from __future__ import annotations

import numpy as np

from storyline.places.gazetteer import Gazetteer, GazetteerEntry
from storyline.places.geo import haversine_km
from storyline.places.mentions import Mention
from storyline.places.resolve import _requested_kinds


def _coarser(gaz: Gazetteer, cands: list[GazetteerEntry], probs: np.ndarray, threshold: float):
    """The admin1 unit or country the candidates' probability mass agrees on, if enough does."""
    by_admin: dict[tuple[str, str], float] = {}
    by_country: dict[str, float] = {}
    for e, p in zip(cands, probs, strict=True):
        if e.cc:
            by_country[e.cc] = by_country.get(e.cc, 0.0) + float(p)
            if e.admin1 and e.feature not in ("country", "admin1"):
                by_admin[(e.cc, e.admin1)] = by_admin.get((e.cc, e.admin1), 0.0) + float(p)
    for (cc, a1), mass in sorted(by_admin.items(), key=lambda t: -t[1]):
        if mass >= threshold:
            entry = _admin1_entry(gaz, cc, a1)
            if entry is not None:
                return entry, min(mass, 0.9)
        break
    return None, 0.0


def _admin1_entry(gaz: Gazetteer, cc: str, a1: str) -> GazetteerEntry | None:
    for entry, exact in gaz.lookup(a1):
        if exact and entry.feature == "admin1" and entry.cc == cc and entry.admin1 == a1:
            return entry
    return None


#: A point farther than this from every other place of its article is a "far" reading.
FAR_KM = 1000.0
_UNGUARDED = frozenset({"country", "region"})


def far_from_the_rest(placed: list[tuple[str, GazetteerEntry | None]]) -> set[int]:
    """ids of the entries more than :data:`FAR_KM` from every other name's point in the article,
    when at least two other names have points. Countries and regions count as other places but
    are never guarded (their points are conventions): in "Moscow launched drones against
    Ukraine, officials in Warsaw said" Warsaw is near Ukraine's point, so it is not far. With one
    other place ("near Goma ... from Kinshasa") there is no telling which is the odd one out."""
    points = [(key, e) for key, e in placed if e is not None and e.lat is not None and e.lon is not None]
    far: set[int] = set()
    for key, e in points:
        if e.feature in _UNGUARDED:
            continue
        others = [o for k, o in points if k != key]
        if len({k for k, _ in points if k != key}) >= 2 and all(
            haversine_km(e.lat, e.lon, o.lat, o.lon) > FAR_KM  # type: ignore[arg-type]
            for o in others
        ):
            far.add(id(e))
    return far


#: Most specific first: the reading a name gets among candidates at the same point.
_SPECIFIC = {"city": 0, "admin2": 1, "admin1": 2, "country": 3, "region": 4}
SAME_POINT_KM = 30.0


def pick(cands: list[GazetteerEntry], p: np.ndarray, mention: Mention) -> tuple[int, float]:
    """The reading to keep and the probability that its point is right.

    Candidates at (nearly) the same point — Kampala the city and Kampala District — share their
    probability (noisy-or); among them the most specific wins (a city over its district, a base
    or airport only when a feature word asked for one). A feature word whose kind the hand
    resolver's top candidate matches ("al-Asad airbase") is evidence in its own right."""
    _, kinds = _requested_kinds(mention)
    i = int(np.argmax(p))
    if kinds and cands[0].feature in kinds and p[0] >= 0.05:
        i = 0  # candidates come sorted by the hand score, which weighs the feature word
    best = cands[i]
    group = [
        j
        for j, e in enumerate(cands)
        if e.lat is not None
        and e.lon is not None
        and best.lat is not None
        and best.lon is not None
        and haversine_km(e.lat, e.lon, best.lat, best.lon) <= SAME_POINT_KM
        and p[j] >= 0.3 * p[i]
    ]
    group = group or [i]
    p_point = 1.0 - float(np.prod([1.0 - p[j] for j in group]))
    if kinds and best.feature in kinds:
        p_point = max(p_point, 0.6)

    def order(j: int) -> tuple[tuple[int, int], float]:
        e = cands[j]
        asked = 0 if kinds and e.feature in kinds else 1
        return (
            asked,
            _SPECIFIC.get(e.feature, 5) if e.feature not in ("airport", "military base") or kinds else 9,
        ), -float(p[j])

    choice = min(group, key=order)
    return choice, min(p_point, 0.99)
