"""``/api/events``: coded events of every article's current version, filtered and paged."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query
from fastapi.responses import Response

from storyline.serve.database import Database
from storyline.serve.deps import get_db
from storyline.serve.filters import EVENT_DAY, EventFilters, event_filters
from storyline.serve.responses import Format, clean_row, format_param, listing, page_params

router = APIRouter(prefix="/api", tags=["events"])

#: Events joined to the current version of their article (older versions stay queryable by id).
EVENTS_FROM = "events e JOIN current_versions v ON v.version_id = e.version_id"

EVENT_COLUMNS = f"""
    e.id, e.article_id, e.version_id, e.span_start, e.span_end, e.confidence,
    {EVENT_DAY} AS day, e.event_date, e.date_precision,
    e.plover_type, e.plover_type_2021, e.plover_mode, e.cameo_code, e.cameo_root, e.goldstein,
    e.quad_class, e.status,
    e.actor1_name, e.actor1_country, e.actor1_sector, e.actor2_name, e.actor2_country, e.actor2_sector,
    e.place_name, e.place_country, e.lat, e.lon, e.geo_precision, e.trigger, e.text,
    v.title, v.outlet, v.published
"""


@router.get("/events", summary="Events, filtered and paged")
def list_events(
    filters: EventFilters = Depends(event_filters),
    page: tuple[int, int] = Depends(page_params),
    fmt: Format = Depends(format_param),
    full: bool = Query(False, description="Include each event's whole JSON item as `data`"),
    db: Database = Depends(get_db),
) -> Response:
    limit, offset = page
    where = filters.where()
    total = db.scalar(f"SELECT count(*) FROM {EVENTS_FROM}{where.sql()}", where.params)
    columns = EVENT_COLUMNS + (", e.data" if full else "")
    rows = db.query(
        f"SELECT {columns} FROM {EVENTS_FROM}{where.sql()} "
        "ORDER BY day DESC NULLS LAST, e.article_id, e.span_start LIMIT ? OFFSET ?",
        [*where.params, limit, offset],
    )
    return listing([clean_row(r) for r in rows], total=total, limit=limit, offset=offset, fmt=fmt,
                   name="events")
