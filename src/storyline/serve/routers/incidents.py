"""``/api/incidents``: one row per real-world incident of every article's current version.

Rows read the store view ``reviewed_incidents``, so filters and values are the analysts'
corrected ones (``reviewed``, ``review_action``); rejected incidents are left out unless
``include_rejected``. ``key`` (``article_id.incident_id``) names an incident in
``/api/incidents/{key}``. A story's incidents are those whose mentions (``event_ids``) or
own uid are among the story's mentions (``story_mentions``).
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Query
from fastapi.responses import Response

from storyline.confidence import DEFAULT_MIN_CONFIDENCE
from storyline.review.corrections import apply_corrections, history
from storyline.serve.database import Database
from storyline.serve.deps import get_db
from storyline.serve.filters import BBox, Where, split_list
from storyline.serve.responses import Format, JSONResponse, clean_row, format_param, listing, page_params

router = APIRouter(prefix="/api", tags=["incidents"])

COLUMNS = """
    i.article_id || '.' || i.id AS key, i.article_id, i.id, i.version_id, i.span_start, i.span_end, i.confidence,
    coalesce(i.event_date, CAST(v.published_ts AS DATE)) AS day, i.event_date, i.date_precision,
    i.plover_type, i.plover_mode, i.cameo_code, i.cameo_root, i.acled_event_type, i.acled_sub_event_type,
    i.status, i.timing,
    i.actor1_name, i.actor1_country, i.actor1_sector, i.actor2_name, i.actor2_country, i.actor2_sector,
    i.place_name, i.place_country, i.lat, i.lon, i.geo_precision,
    i.fatalities, i.fatalities_low, i.fatalities_high, i.injured, i.injured_low, i.injured_high,
    i.num_mentions, i.text, i.reviewed, i.review_action, i.review_reason, i.reviewed_by, i.reviewed_at,
    v.title, v.outlet, v.published
"""
SOURCE = "reviewed_incidents i JOIN article_versions v ON v.version_id = i.version_id"
ORDER = "day DESC NULLS LAST, i.article_id, i.span_start, i.id"


def _require(db: Database) -> None:
    if not db.has_table("corrections"):
        raise HTTPException(
            404, "this store has no incidents view (an older schema; open it read-write once)"
        )


def _story_uids(story_id: str) -> tuple[str, list[Any]]:
    """Condition: the incident belongs to the story (its uid or one of its mentions' uids)."""
    return (
        "(i.uid IN (SELECT event_uid FROM story_mentions WHERE story_id = ?) OR list_has_any("
        "list_transform(CAST(json_extract_string(i.data, '$.event_ids[*]') AS VARCHAR[]), lambda x: i.version_id || '/' || x), "
        "(SELECT coalesce(list(event_uid), []) FROM story_mentions WHERE story_id = ?)))",
        [story_id, story_id],
    )


@router.get("/incidents", summary="Incidents (corrected by reviews), filtered and paged")
def list_incidents(
    start: date | None = Query(
        None, description="First day, YYYY-MM-DD (the incident's date, else publication)"
    ),
    end: date | None = Query(None, description="Last day, YYYY-MM-DD (inclusive)"),
    plover_type: str | None = Query(None, description="PLOVER type(s), comma-separated"),
    acled_event_type: str | None = Query(None, description="ACLED event type(s), comma-separated, exact"),
    actor: str | None = Query(
        None, description="Either side: a country code (up to 3 letters) or a name fragment"
    ),
    actor1: str | None = Query(None, description="Perpetrator's country code"),
    actor2: str | None = Query(None, description="Target's country code"),
    country: str | None = Query(None, description="Location country, ISO 3166-1 alpha-3"),
    status: str | None = Query(
        None, description="asserted, negated, threatened, planned, hypothetical, reported"
    ),
    timing: str | None = Query(None, description="current or background (comma-separated)"),
    min_confidence: float = Query(
        DEFAULT_MIN_CONFIDENCE,
        ge=0,
        le=1,
        description="Only incidents at least this confident (default: the export threshold)",
    ),
    reviewed: bool | None = Query(None, description="true: only reviewed; false: only unreviewed"),
    include_rejected: bool = Query(False, description="Include incidents an analyst rejected"),
    outlet: str | None = Query(None, description="Outlet name, exact (case-insensitive)"),
    article_id: str | None = Query(None),
    story_id: str | None = Query(None, description="Only incidents of this story"),
    bbox: str | None = Query(None, description="min_lon,min_lat,max_lon,max_lat"),
    since: datetime | None = Query(
        None, description="Only incidents stored at or after this time (ISO 8601)"
    ),
    q: str | None = Query(
        None, description="Text search (substring, case-insensitive) in the sentence and names"
    ),
    page: tuple[int, int] = Depends(page_params),
    fmt: Format = Depends(format_param),
    full: bool = Query(False, description="Include each incident's whole JSON item (corrected) as `data`"),
    db: Database = Depends(get_db),
) -> Response:
    _require(db)
    where = Where()
    where.add_range("coalesce(i.event_date, CAST(v.published_ts AS DATE))", start, end)
    where.add_in("i.plover_type", split_list(plover_type))
    where.add_in("i.acled_event_type", split_list(acled_event_type, upper=False))
    if actor:
        name = actor.strip()
        if len(name) <= 3:
            where.add("(i.actor1_country = ? OR i.actor2_country = ?)", name.upper(), name.upper())
        else:
            where.add(
                "(contains(lower(i.actor1_name), ?) OR contains(lower(i.actor2_name), ?))",
                name.lower(),
                name.lower(),
            )
    if actor1:
        where.add("i.actor1_country = ?", actor1.strip().upper())
    if actor2:
        where.add("i.actor2_country = ?", actor2.strip().upper())
    if country:
        where.add("i.place_country = ?", country.strip().upper())
    where.add_in("i.status", split_list(status, upper=False))
    where.add_in("i.timing", split_list(timing, upper=False))
    where.add("i.confidence >= ?", min_confidence)
    if reviewed is not None:
        where.add("i.reviewed = ?", reviewed)
    if not include_rejected:
        where.add("i.review_action IS DISTINCT FROM 'reject'")
    if outlet:
        where.add("lower(v.outlet) = lower(?)", outlet.strip())
    if article_id:
        where.add("i.article_id = ?", article_id)
    if story_id:
        if not db.has_table("story_mentions"):
            raise HTTPException(404, "this store has no story tables")
        where.add(*_story_condition(story_id))
    if bbox:
        box = BBox.parse(bbox)
        where.add("i.lat BETWEEN ? AND ?", box.min_lat, box.max_lat)
        where.add("i.lon BETWEEN ? AND ?", box.min_lon, box.max_lon)
    if since:
        where.add("v.ingested_at >= ?", since.astimezone(UTC).replace(tzinfo=None) if since.tzinfo else since)
    where.add_contains(["i.text", "i.actor1_name", "i.actor2_name", "i.place_name"], q)
    limit, offset = page
    total = db.scalar(f"SELECT count(*) FROM {SOURCE}{where.sql()}", where.params)
    rows = db.query(
        f"SELECT {COLUMNS}{', i.data' if full else ''} FROM {SOURCE}{where.sql()} "
        f"ORDER BY {ORDER} LIMIT ? OFFSET ?",
        [*where.params, limit, offset],
    )
    if full:
        rows = apply_corrections("incident", rows, db.cursor())
    return listing(
        [clean_row(r) for r in rows], total=total, limit=limit, offset=offset, fmt=fmt, name="incidents"
    )


def _story_condition(story_id: str) -> tuple[str, ...]:
    sql, params = _story_uids(story_id)
    return (sql, *params)


def _split_key(key: str) -> tuple[str, str]:
    article_id, dot, incident_id = key.partition(".")
    if not dot or not article_id or not incident_id:
        raise HTTPException(404, f"no incident {key!r} (keys are article_id.incident_id)")
    return article_id, incident_id


@router.get(
    "/incidents/{key}", summary="One incident: corrected record with why, its mentions, stories and reviews"
)
def get_incident(key: str, db: Database = Depends(get_db)) -> JSONResponse:
    _require(db)
    article_id, incident_id = _split_key(key)
    rows = db.query(
        f"SELECT {COLUMNS}, i.data, i.uid FROM {SOURCE} WHERE i.article_id = ? AND i.id = ?",
        [article_id, incident_id],
    )
    if not rows:
        raise HTTPException(404, f"no incident {key!r} in the current version of its article")
    [row] = apply_corrections("incident", rows, db.cursor())
    uid = row.pop("uid")
    item = row.pop("data")
    events = db.query(
        "SELECT e.id, e.plover_type, e.trigger, e.text, e.reviewed, e.review_action FROM reviewed_events e "
        "WHERE e.version_id = ? AND list_contains(?, e.id) ORDER BY e.span_start",
        [row["version_id"], item.get("event_ids") or []],
    )
    stories: list[dict[str, Any]] = []
    if db.has_table("story_mentions") and db.has_table("story_events"):
        mention_uids = [f"{row['version_id']}/{e}" for e in item.get("event_ids") or []] + [uid]
        stories = [
            clean_row(r)
            for r in db.query(
                "SELECT DISTINCT s.story_id, s.headline, s.num_sources, s.num_articles, s.event_date "
                "FROM story_mentions sm JOIN story_events s ON s.story_id = sm.story_id "
                "WHERE list_contains(?, sm.event_uid) ORDER BY s.num_sources DESC, s.story_id",
                [mention_uids],
            )
        ]
    return JSONResponse(
        {
            **clean_row(row),
            "incident": item,
            "events": [clean_row(e) for e in events],
            "stories": stories,
            "history": history(db.cursor(), kind="incident", article_id=article_id, limit=50),
        }
    )


@router.get("/stories/{story_id}/incidents", summary="The incidents of one story")
def story_incidents(
    story_id: str, db: Database = Depends(get_db), include_rejected: bool = Query(False)
) -> JSONResponse:
    _require(db)
    if not db.has_table("story_mentions"):
        raise HTTPException(404, "this store has no story tables")
    sql, params = _story_uids(story_id)
    rejected = "" if include_rejected else " AND i.review_action IS DISTINCT FROM 'reject'"
    rows = db.query(f"SELECT {COLUMNS} FROM {SOURCE} WHERE {sql}{rejected} ORDER BY {ORDER}", params)
    return JSONResponse({"story_id": story_id, "items": [clean_row(r) for r in rows]})
