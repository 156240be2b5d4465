"""``/api/events``: coded events of every article's current version, filtered and paged."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query
from fastapi.responses import Response

from storyline.serve.database import Database
from storyline.serve.deps import get_db
from storyline.serve.event_scope import scoped_events
from storyline.serve.filters import EventFilters, event_filters
from storyline.serve.responses import Format, clean_row, format_param, listing, page_params

router = APIRouter(prefix="/api", tags=["events"])

EVENT_COLUMNS = """
    e.id, e.article_id, e.version_id, e.span_start, e.span_end, e.confidence,
    e.event_date, e.date_precision,
    e.plover_type, e.plover_type_2021, e.plover_mode, e.cameo_code, e.cameo_root, e.goldstein,
    e.quad_class, e.status,
    e.actor1_name, e.actor1_country, e.actor1_sector, e.actor2_name, e.actor2_country, e.actor2_sector,
    e.place_name, e.place_country, e.lat, e.lon, e.geo_precision, e.trigger, e.text
"""

_ORDER = "s.day DESC NULLS LAST, s.article_id, s.span_start, s.id"


@router.get("/events", summary="Events, filtered and paged")
def list_events(
    filters: EventFilters = Depends(event_filters),
    page: tuple[int, int] = Depends(page_params),
    fmt: Format = Depends(format_param),
    full: bool = Query(False, description="Include each event's whole JSON item as `data`"),
    db: Database = Depends(get_db),
) -> Response:
    limit, offset = page
    counted, count_params = scoped_events(db, filters, "e.uid")
    total = db.scalar(f"SELECT count(*) FROM {counted}", count_params)
    columns = EVENT_COLUMNS + (", e.data" if full else "")
    scoped, params = scoped_events(db, filters, columns)
    # Sort and cut first, then join only the page's rows to their article.
    rows = db.query(
        f"""SELECT s.id, s.article_id, s.version_id, s.span_start, s.span_end, s.confidence, s.day,
                   s.* EXCLUDE (id, article_id, version_id, span_start, span_end, confidence, day),
                   v.title, v.outlet, v.published
            FROM (SELECT * FROM {scoped} s ORDER BY {_ORDER} LIMIT ? OFFSET ?) s
            JOIN article_versions v ON v.version_id = s.version_id
            ORDER BY {_ORDER}""",
        [*params, limit, offset],
    )
    return listing([clean_row(r) for r in rows], total=total, limit=limit, offset=offset, fmt=fmt,
                   name="events")
