"""Aggregates the dashboard draws: map clusters, the timeline, dyad trends, filter facets."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from types import SimpleNamespace
from typing import Literal

import numpy as np
from fastapi import APIRouter, Depends, Query

from storyline.serve.database import Database
from storyline.serve.deps import get_db
from storyline.serve.event_scope import scoped_events, serving_where
from storyline.serve.filters import EventFilters, Where, event_filters
from storyline.serve.incident_counts import days_and_types, incident_map, incident_timeline, incident_trend
from storyline.serve.responses import JSONResponse, clean_row, plain
from storyline.serve.serving import HAPPENED

router = APIRouter(prefix="/api", tags=["analytics"])


@router.get("/health", summary="Health: the store answers a read (503 with the reason when it cannot)")
def health(db: Database = Depends(get_db)) -> JSONResponse:
    # ``serving``: whether the read-optimised tables are in use yet (``building`` right after
    # the start or a write on a big store; answers are the same, only slower).
    ready = db.serving is not None and db.serving.ready()
    body = {"status": "ok", "serving": "ready" if ready else ("building" if db.serving else "off")}
    problem = db.health_problem()
    if problem:
        return JSONResponse({**body, "status": "unhealthy", "reason": problem}, status_code=503)
    if db.last_store_error:
        body["last_store_error"] = db.last_store_error
    return JSONResponse(body)


@router.get("/stats", summary="How much the store holds (current versions)")
def stats(db: Database = Depends(get_db)) -> JSONResponse:
    counts = {
        "articles": db.scalar("SELECT count(*) FROM articles"),
        "versions": db.scalar("SELECT count(*) FROM article_versions"),
    }
    tables = ["events", "quotes", "claims", "contradictions", "places"]
    if db.has_table("incidents"):
        tables.append("incidents")
    for table in tables:
        counts[table] = db.scalar(
            f"SELECT count(*) FROM {table} t JOIN current_versions v ON v.version_id = t.version_id"
        )
    return JSONResponse(
        {"counts": counts, "read_only": db.read_only, "stories": db.has_table("story_events")}
    )


_LOCATED = ("e.lat IS NOT NULL AND e.lon IS NOT NULL", ())


#: What the map, the timeline and the trend count: incidents (what happened: current, happened
#: incidents; serve/incident_counts.py), the default whenever the store holds any, or event mentions
#: (press attention), the default of a store without incidents.
UNIT_HELP = (
    "incidents: each real-world incident once, only current ones (never background history) that "
    "happened, as the exports count them; events: every event mention (press attention). Default: "
    "incidents when the store holds any, else events"
)


def _unit(db: Database, unit: str | None, otherwise: str) -> str:
    """The unit asked for, else incidents when the store holds any (as the dashboard)."""
    if unit is not None:
        return unit
    return "incidents" if db.holds_incidents() else otherwise


@router.get("/map", summary="Events or incidents grouped by place (0.1 degree cells) for the map")
def event_map(
    filters: EventFilters = Depends(event_filters),
    max_points: int = Query(2000, ge=1, le=10000),
    unit: Literal["events", "incidents"] | None = Query(None, description=UNIT_HELP),
    db: Database = Depends(get_db),
) -> JSONResponse:
    unit = _unit(db, unit, "events")
    if unit == "incidents":
        points = incident_map(db, filters, max_points)
        return JSONResponse({"unit": unit, "points": [clean_row(r) for r in points]})
    gen = db.serving_tables()
    if gen and gen.map_arrays:
        # Counted in numpy over the matching ranks: a date range alone is a slice of them.
        lo, hi = gen.rank_range(filters.start, filters.end)
        others = serving_where(db, gen, replace(filters, start=None, end=None), ranks=(0, gen.rows))
        ranks: np.ndarray | slice = slice(lo, hi)
        if others.clauses:
            others.add("e.rank >= ? AND e.rank < ?", lo, hi)
            ranks = np.asarray(
                db.cursor()
                .execute(f"SELECT e.rank FROM {gen.ev} e{others.sql()}", others.params)
                .fetchnumpy()["rank"],
                dtype=np.int64,
            )
        return JSONResponse({"unit": unit, "points": gen.map_arrays.points(ranks, max_points)})
    scoped, params = scoped_events(
        db, filters, "e.lat, e.lon, e.plover_type, e.place_name", extra=(_LOCATED,), gen=None
    )
    # Two levels (cell x type, then cell) instead of mode(): a third of the time on 1M events.
    # The main type: the most frequent, ties to the first by name (as the serving path).
    rows = db.query(
        f"""WITH cells AS (
              SELECT round(lat, 1) AS lat, round(lon, 1) AS lon, plover_type, count(*) AS n,
                     min(place_name) AS place
              FROM {scoped} s GROUP BY 1, 2, 3)
            SELECT lat, lon, sum(n) AS mentions, first(plover_type ORDER BY n DESC, plover_type) AS plover_type,
                   min(place) AS place
            FROM cells GROUP BY 1, 2 ORDER BY mentions DESC, 1, 2 LIMIT ?""",
        [*params, max_points],
    )
    return JSONResponse({"unit": unit, "points": [clean_row(r) for r in rows]})


@router.get("/timeline", summary="Events or incidents per day, split by QuadClass, and per PLOVER type")
def timeline(
    filters: EventFilters = Depends(event_filters),
    unit: Literal["events", "incidents"] | None = Query(None, description=UNIT_HELP),
    db: Database = Depends(get_db),
) -> JSONResponse:
    unit = _unit(db, unit, "events")
    if unit == "incidents":
        found = incident_timeline(db, filters)
        return JSONResponse(
            {"unit": unit, "days": [clean_row(r) for r in found["days"]], "types": found["types"]}
        )
    scoped, params = scoped_events(db, filters, "e.quad_class, e.plover_type")
    # One scan for both: per-day counts and per-type counts (GROUPING SETS).
    rows = db.query(
        f"""SELECT day, plover_type, grouping(day) AS by_type, count(*) AS events,
                   count(*) FILTER (WHERE quad_class = 1) AS q1,
                   count(*) FILTER (WHERE quad_class = 2) AS q2,
                   count(*) FILTER (WHERE quad_class = 3) AS q3,
                   count(*) FILTER (WHERE quad_class = 4) AS q4
            FROM {scoped} s GROUP BY GROUPING SETS ((day), (plover_type))""",
        params,
    )
    found = days_and_types(rows, "events")
    return JSONResponse(
        {"unit": unit, "days": [clean_row(r) for r in found["days"]], "types": found["types"]}
    )


@router.get("/trend", summary="Dyad trend: events between two actors per day, by QuadClass")
def trend(
    a: str = Query(..., min_length=2, max_length=64, description="Actor country code (USA) or name"),
    b: str = Query(..., min_length=2, max_length=64, description="Actor country code (IRN) or name"),
    directed: bool = Query(False, description="Only a -> b (default: both directions)"),
    by: Literal["day", "week", "month"] = Query("day"),
    unit: Literal["stories", "mentions", "incidents"] | None = Query(
        None,
        description="incidents: each current real-world incident once (never background history); "
        "stories: each linked story event once (unlinked events individually); mentions: every "
        "event mention (press attention). Default: incidents when the store holds any, else "
        "stories. Negated and hypothetical events never count.",
    ),
    min_confidence: float | None = Query(
        None, ge=0, le=1, description="unit=incidents: only incidents at least this confident"
    ),
    start: date | None = Query(None),
    end: date | None = Query(None),
    db: Database = Depends(get_db),
) -> JSONResponse:
    a, b = a.strip().upper(), b.strip().upper()
    unit = _unit(db, unit, "stories")
    linked = db.has_rows("story_mentions")
    # With nothing linked, stories are the single events: the mention query gives the same counts.
    if unit == "incidents":
        rows = incident_trend(
            db,
            a,
            b,
            by=by,
            directed=directed,
            filters=EventFilters(start=start, end=end, min_confidence=min_confidence),
        )
    elif unit == "stories" and linked:
        from storyline.linking.trend import dyad_trend

        # dyad_trend only needs a connection; give it this thread's cursor.
        rows = dyad_trend(
            SimpleNamespace(con=db.cursor()),
            a,
            b,
            by=by,
            directed=directed,  # type: ignore[arg-type]
            start=start.isoformat() if start else None,
            end=end.isoformat() if end else None,
        )
    else:
        rows = _mention_trend(db, a, b, by=by, directed=directed, start=start, end=end)
    periods: dict[str, dict] = {}
    for row in rows:
        key = plain(row["period"])
        if key is None:  # an undated event of an article without a publication date
            continue
        day = periods.setdefault(
            key, {"day": key, "events": 0, "q1": 0, "q2": 0, "q3": 0, "q4": 0, "goldstein_sum": 0.0}
        )
        day["events"] += row["events"]
        if row["quad_class"] in (1, 2, 3, 4):
            day[f"q{row['quad_class']}"] += row["events"]
        day["goldstein_sum"] = round(day["goldstein_sum"] + (row["goldstein_sum"] or 0.0), 2)
    return JSONResponse(
        {
            "a": a,
            "b": b,
            "directed": directed,
            "by": by,
            "unit": unit,
            "days": sorted(periods.values(), key=lambda d: d["day"]),
        }
    )


def _mention_trend(
    db: Database, a: str, b: str, *, by: str, directed: bool, start: date | None, end: date | None
) -> list[dict]:
    gen = db.serving_tables()
    # ``by`` is one of three literals checked by FastAPI, never free text.
    period = (
        f"CAST(date_trunc('{by}', day) AS DATE) AS period, quad_class, count(*) AS events, "
        "sum(goldstein) AS goldstein_sum"
    )
    if gen:
        # The dyad table holds each happened event under both directions, sorted by dyad:
        # one short run of rows instead of a scan of every event.
        where = Where()
        where.add("x = ? AND y = ?", a, b)
        where.add("forward" if directed else "(forward OR x <> y)")  # a self-dyad has one row
        where.add_range("day", start, end)
        return db.query(f"SELECT {period} FROM {gen.dy}{where.sql()} GROUP BY ALL ORDER BY 1", where.params)
    pair = (
        "(upper(coalesce(e.actor1_country, e.actor1_name)) = ? "
        "AND upper(coalesce(e.actor2_country, e.actor2_name)) = ?)"
    )
    condition = (pair, (a, b)) if directed else (f"({pair} OR {pair})", (a, b, b, a))
    happened = (HAPPENED, ())  # as the linker counts
    scoped, params = scoped_events(
        db,
        EventFilters(start=start, end=end),
        "e.quad_class, e.goldstein",
        extra=(condition, happened),
        gen=None,
    )
    return db.query(f"SELECT {period} FROM {scoped} s GROUP BY ALL ORDER BY 1", params)


@router.get("/facets", summary="Values to filter by, with counts")
def facets(db: Database = Depends(get_db)) -> JSONResponse:
    scoped, params = scoped_events(
        db, EventFilters(), "e.plover_type, e.cameo_root, e.place_country, e.actor1_country, e.actor2_country"
    )
    rows = db.query(
        f"""WITH s AS (SELECT * FROM {scoped} s)
            SELECT 'plover_type' AS facet, plover_type AS value, count(*) AS n FROM s GROUP BY ALL
            UNION ALL SELECT 'cameo_root', cameo_root, count(*) FROM s GROUP BY ALL
            UNION ALL SELECT 'country', place_country, count(*) FROM s GROUP BY ALL
            UNION ALL SELECT 'actor', a, count(*) FROM (SELECT unnest([actor1_country, actor2_country]) AS a FROM s)
                      GROUP BY ALL
            UNION ALL SELECT 'first', CAST(min(day) AS VARCHAR), 0 FROM s
            UNION ALL SELECT 'last', CAST(max(day) AS VARCHAR), 0 FROM s""",
        params,
    )

    def top(facet: str, limit: int) -> list[dict]:
        found = [
            {"value": r["value"], "n": r["n"]} for r in rows if r["facet"] == facet and r["value"] is not None
        ]
        return sorted(found, key=lambda r: (-r["n"], r["value"]))[:limit]

    dates = {r["facet"]: r["value"] for r in rows if r["facet"] in ("first", "last")}
    outlets = db.query(
        "SELECT outlet AS value, count(*) AS n FROM current_versions WHERE outlet IS NOT NULL "
        "GROUP BY 1 ORDER BY n DESC, value LIMIT 200"
    )
    return JSONResponse(
        {
            "plover_types": top("plover_type", 50),
            "cameo_roots": top("cameo_root", 50),
            "countries": top("country", 200),
            "actor_countries": top("actor", 100),
            "outlets": outlets,
            "dates": dates,
        }
    )
