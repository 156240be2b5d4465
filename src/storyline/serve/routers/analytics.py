"""Aggregates the dashboard draws: map clusters, the timeline, dyad trends, filter facets."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace
from typing import Literal

from fastapi import APIRouter, Depends, Query
from fastapi.responses import JSONResponse

from storyline.serve.database import Database
from storyline.serve.deps import get_db
from storyline.serve.filters import EVENT_DAY, EventFilters, Where, event_filters
from storyline.serve.responses import clean_row, plain
from storyline.serve.routers.events import EVENTS_FROM

router = APIRouter(prefix="/api", tags=["analytics"])


@router.get("/health", summary="Liveness: no store access")
def health() -> dict[str, str]:
    return {"status": "ok"}


@router.get("/stats", summary="How much the store holds (current versions)")
def stats(db: Database = Depends(get_db)) -> JSONResponse:
    counts = {"articles": db.scalar("SELECT count(*) FROM articles"),
              "versions": db.scalar("SELECT count(*) FROM article_versions")}
    for table in ("events", "quotes", "claims", "contradictions", "places"):
        counts[table] = db.scalar(
            f"SELECT count(*) FROM {table} t JOIN current_versions v ON v.version_id = t.version_id")
    return JSONResponse({"counts": counts, "read_only": db.read_only,
                         "stories": db.has_table("stories")})


@router.get("/map", summary="Events grouped by place (0.1 degree cells) for the map")
def event_map(
    filters: EventFilters = Depends(event_filters),
    max_points: int = Query(2000, ge=1, le=10000),
    db: Database = Depends(get_db),
) -> JSONResponse:
    where = filters.where()
    where.add("e.lat IS NOT NULL AND e.lon IS NOT NULL")
    rows = db.query(
        f"""SELECT round(e.lat, 1) AS lat, round(e.lon, 1) AS lon, count(*) AS mentions,
                   mode(e.plover_type) AS plover_type, mode(e.place_name) AS place,
                   count(DISTINCT e.article_id) AS articles
            FROM {EVENTS_FROM}{where.sql()}
            GROUP BY 1, 2 ORDER BY mentions DESC LIMIT ?""",
        [*where.params, max_points],
    )
    return JSONResponse({"points": [clean_row(r) for r in rows]})


@router.get("/timeline", summary="Events per day, split by QuadClass, and per PLOVER type")
def timeline(filters: EventFilters = Depends(event_filters), db: Database = Depends(get_db)) -> JSONResponse:
    where = filters.where()
    rows = db.query(
        f"""SELECT {EVENT_DAY} AS day, count(*) AS events,
                   count(*) FILTER (WHERE e.quad_class = 1) AS q1,
                   count(*) FILTER (WHERE e.quad_class = 2) AS q2,
                   count(*) FILTER (WHERE e.quad_class = 3) AS q3,
                   count(*) FILTER (WHERE e.quad_class = 4) AS q4
            FROM {EVENTS_FROM}{where.sql()} GROUP BY 1 HAVING day IS NOT NULL ORDER BY 1 LIMIT 5000""",
        where.params,
    )
    types = db.query(
        f"SELECT e.plover_type, count(*) AS events FROM {EVENTS_FROM}{where.sql()} "
        "GROUP BY 1 ORDER BY events DESC, 1", where.params)
    return JSONResponse({"days": [clean_row(r) for r in rows], "types": types})


@router.get("/trend", summary="Dyad trend: events between two actors per day, by QuadClass")
def trend(
    a: str = Query(..., min_length=2, max_length=64, description="Actor country code (USA) or name"),
    b: str = Query(..., min_length=2, max_length=64, description="Actor country code (IRN) or name"),
    directed: bool = Query(False, description="Only a -> b (default: both directions)"),
    by: Literal["day", "week", "month"] = Query("day"),
    unit: Literal["stories", "mentions"] = Query(
        "stories", description="stories: each linked story event once (unlinked events individually); "
        "mentions: every event mention (press attention)"),
    start: date | None = Query(None), end: date | None = Query(None),
    db: Database = Depends(get_db),
) -> JSONResponse:
    a, b = a.strip().upper(), b.strip().upper()
    if unit == "stories" and db.has_table("story_events"):
        from storyline.linking.trend import dyad_trend

        # dyad_trend only needs a connection; give it this thread's cursor.
        rows = dyad_trend(SimpleNamespace(con=db.cursor()), a, b, by=by, directed=directed,  # type: ignore[arg-type]
                          start=start.isoformat() if start else None, end=end.isoformat() if end else None)
    else:
        rows = _mention_trend(db, a, b, by=by, directed=directed, start=start, end=end)
    periods: dict[str, dict] = {}
    for row in rows:
        key = plain(row["period"])
        day = periods.setdefault(key, {"day": key, "events": 0, "q1": 0, "q2": 0, "q3": 0, "q4": 0,
                                       "goldstein_sum": 0.0})
        day["events"] += row["events"]
        if row["quad_class"] in (1, 2, 3, 4):
            day[f"q{row['quad_class']}"] += row["events"]
        day["goldstein_sum"] = round(day["goldstein_sum"] + (row["goldstein_sum"] or 0.0), 2)
    return JSONResponse({"a": a, "b": b, "directed": directed, "by": by, "unit": unit,
                         "days": sorted(periods.values(), key=lambda d: d["day"])})


def _mention_trend(db: Database, a: str, b: str, *, by: str, directed: bool, start: date | None,
                   end: date | None) -> list[dict]:
    where = Where()
    pair = "(upper(coalesce(e.actor1_country, e.actor1_name)) = ? AND upper(coalesce(e.actor2_country, e.actor2_name)) = ?)"
    if directed:
        where.add(pair, a, b)
    else:
        where.add(f"({pair} OR {pair})", a, b, b, a)
    where.add_range(EVENT_DAY, start, end)
    return db.query(
        f"""SELECT CAST(date_trunc('{by}', {EVENT_DAY}) AS DATE) AS period, e.quad_class,
                   count(*) AS events, sum(e.goldstein) AS goldstein_sum
            FROM {EVENTS_FROM}{where.sql()} GROUP BY ALL HAVING period IS NOT NULL ORDER BY 1""",
        where.params,
    )


@router.get("/facets", summary="Values to filter by, with counts")
def facets(db: Database = Depends(get_db)) -> JSONResponse:
    def counted(column: str, limit: int) -> list[dict]:
        return db.query(
            f"SELECT {column} AS value, count(*) AS n FROM {EVENTS_FROM} WHERE {column} IS NOT NULL "
            "GROUP BY 1 ORDER BY n DESC, value LIMIT ?", [limit])

    actor_countries = db.query(
        f"""SELECT value, count(*) AS n FROM (
              SELECT e.actor1_country AS value FROM {EVENTS_FROM}
              UNION ALL SELECT e.actor2_country FROM {EVENTS_FROM})
            WHERE value IS NOT NULL GROUP BY 1 ORDER BY n DESC, value LIMIT 100""")
    outlets = db.query(
        "SELECT outlet AS value, count(*) AS n FROM current_versions WHERE outlet IS NOT NULL "
        "GROUP BY 1 ORDER BY n DESC, value LIMIT 200")
    span = db.query(f"SELECT min({EVENT_DAY}) AS first, max({EVENT_DAY}) AS last FROM {EVENTS_FROM}")[0]
    return JSONResponse({
        "plover_types": counted("e.plover_type", 50),
        "cameo_roots": counted("e.cameo_root", 50),
        "countries": counted("e.place_country", 200),
        "actor_countries": actor_countries,
        "outlets": outlets,
        "dates": clean_row(span),
    })
