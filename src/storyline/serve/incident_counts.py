"""Counts of incidents for the map, the timeline and the dyad trend (``unit=incidents``).

An article tells one real-world incident in many event mentions ("struck ... killing 15 ... the
attack"); counting events counts press attention. Counting incidents counts what happened, as the
exports do (``export/units.py``): only current incidents (never ``timing="background"``: history
told for context), that happened (asserted or reported), at or above the confidence asked for (or
confirmed or edited by an analyst), never one an analyst rejected. Rows come from the store view
``reviewed_incidents`` (current versions, analysts' corrections applied); an incident's day is its
own date, else its article's publication day.
"""

from __future__ import annotations

from datetime import UTC
from typing import Any

from fastapi import HTTPException

from storyline.linking.trend import CONFIDENT_INCIDENT, CURRENT_INCIDENT, INCIDENT_QUAD_CLASS, dyad_trend
from storyline.serve.database import Database
from storyline.serve.filters import EventFilters, Where

SOURCE = "reviewed_incidents i JOIN article_versions v ON v.version_id = i.version_id"
DAY = "coalesce(i.event_date, CAST(v.published_ts AS DATE))"
QUAD_CLASS = INCIDENT_QUAD_CLASS


def require_incidents(db: Database) -> None:
    if not db.has_table("corrections"):
        raise HTTPException(
            404, "this store has no incidents view (an older schema; open it read-write once)"
        )


def incident_where(filters: EventFilters, extra: tuple[tuple[str, tuple[Any, ...]], ...] = ()) -> Where:
    """The conditions on ``reviewed_incidents i`` (with ``article_versions v``) for ``filters``."""
    where = Where()
    for condition in CURRENT_INCIDENT:
        where.add(condition)
    if filters.min_confidence is not None:
        where.add(CONFIDENT_INCIDENT, filters.min_confidence)
    where.add_range(DAY, filters.start, filters.end)
    if filters.outlet:
        where.add("lower(v.outlet) = lower(?)", filters.outlet.strip())
    if filters.article_id:
        where.add("i.article_id = ?", filters.article_id)
    if filters.actor:
        name = filters.actor.strip()
        if len(name) <= 3:
            where.add("(i.actor1_country = ? OR i.actor2_country = ?)", name.upper(), name.upper())
        else:
            where.add(
                "(i.actor1_country = ? OR i.actor2_country = ? "
                "OR contains(lower(i.actor1_name), ?) OR contains(lower(i.actor2_name), ?))",
                name.upper(),
                name.upper(),
                name.lower(),
                name.lower(),
            )
    if filters.actor1:
        where.add("i.actor1_country = ?", filters.actor1.strip().upper())
    if filters.actor2:
        where.add("i.actor2_country = ?", filters.actor2.strip().upper())
    if filters.country:
        where.add("i.place_country = ?", filters.country.strip().upper())
    where.add_in("i.plover_type", filters.plover_type)
    where.add_in("i.cameo_root", filters.cameo_root)
    where.add_in(f"({QUAD_CLASS})", filters.quad_class)
    where.add_in("i.status", filters.status)
    if filters.bbox:
        box = filters.bbox
        where.add("i.lat BETWEEN ? AND ?", box.min_lat, box.max_lat)
        where.add("i.lon BETWEEN ? AND ?", box.min_lon, box.max_lon)
    if filters.since:
        since = filters.since
        where.add("v.ingested_at >= ?", since.astimezone(UTC).replace(tzinfo=None) if since.tzinfo else since)
    if filters.q and filters.q.strip():
        where.add_contains(["i.text", "i.actor1_name", "i.actor2_name", "i.place_name"], filters.q)
    for condition, values in extra:
        where.add(condition, *values)
    return where


def incident_map(db: Database, filters: EventFilters, max_points: int) -> list[dict[str, Any]]:
    """Located incidents per 0.1 degree cell: ``incidents`` (the count), ``mentions`` (their event
    mentions), the main PLOVER type and a place name."""
    require_incidents(db)
    where = incident_where(filters, (("i.lat IS NOT NULL AND i.lon IS NOT NULL", ()),))
    return db.query(
        f"""WITH cells AS (
              SELECT round(i.lat, 1) AS lat, round(i.lon, 1) AS lon, i.plover_type, count(*) AS n,
                     sum(coalesce(i.num_mentions, 1)) AS m, min(i.place_name) AS place
              FROM {SOURCE}{where.sql()} GROUP BY 1, 2, 3)
            SELECT lat, lon, sum(n) AS incidents, sum(m) AS mentions,
                   first(plover_type ORDER BY n DESC, plover_type) AS plover_type, min(place) AS place
            FROM cells GROUP BY 1, 2 ORDER BY incidents DESC, 1, 2 LIMIT ?""",
        [*where.params, max_points],
    )


def incident_timeline(db: Database, filters: EventFilters) -> dict[str, list[dict[str, Any]]]:
    """Incidents per day by QuadClass, and per PLOVER type."""
    require_incidents(db)
    where = incident_where(filters)
    rows = db.query(
        f"""SELECT day, plover_type, grouping(day) AS by_type, count(*) AS incidents,
                   count(*) FILTER (WHERE quad = 1) AS q1, count(*) FILTER (WHERE quad = 2) AS q2,
                   count(*) FILTER (WHERE quad = 3) AS q3, count(*) FILTER (WHERE quad = 4) AS q4
            FROM (SELECT {DAY} AS day, i.plover_type, {QUAD_CLASS} AS quad FROM {SOURCE}{where.sql()}) s
            GROUP BY GROUPING SETS ((day), (plover_type))""",
        where.params,
    )
    return days_and_types(rows, "incidents")


def days_and_types(rows: list[dict[str, Any]], count: str) -> dict[str, list[dict[str, Any]]]:
    """The two halves of a ``GROUPING SETS ((day), (plover_type))`` answer: per-day rows with
    their QuadClass counts (first 5,000 days) and per-type counts, ``count`` naming the measure
    ("incidents" or "events")."""
    days = sorted(
        (
            {k: r[k] for k in ("day", count, "q1", "q2", "q3", "q4")}
            for r in rows
            if not r["by_type"] and r["day"] is not None
        ),
        key=lambda r: r["day"],
    )[:5000]
    types = sorted(
        ({"plover_type": r["plover_type"], count: r[count]} for r in rows if r["by_type"]),
        key=lambda r: (-r[count], r["plover_type"] or ""),
    )
    return {"days": days, "types": types}


def incident_trend(
    db: Database, a: str, b: str, *, by: str, directed: bool, filters: EventFilters
) -> list[dict[str, Any]]:
    """Incidents between two actors (country codes or names) per period: ``period``, ``quad_class``,
    ``events`` (the incident count, the key the mention and story trends use) and ``goldstein_sum``
    (``storyline.linking.trend``, which ``storyline trend --unit incidents`` prints too)."""
    from types import SimpleNamespace

    require_incidents(db)
    return dyad_trend(
        SimpleNamespace(con=db.cursor()),  # type: ignore[arg-type]
        a,
        b,
        by=by,  # type: ignore[arg-type]
        directed=directed,
        start=filters.start.isoformat() if filters.start else None,
        end=filters.end.isoformat() if filters.end else None,
        unit="incidents",
        min_confidence=filters.min_confidence,
    )
