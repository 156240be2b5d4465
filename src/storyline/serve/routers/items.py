"""``/api/quotes``, ``/api/claims``, ``/api/contradictions``, ``/api/places``.

The same shape as events: current article versions only, shared article filters (date range
on publication, outlet, article, text search), pagination with total, JSON or CSV.
"""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query
from fastapi.responses import Response

from storyline.serve.database import Database
from storyline.serve.deps import get_db
from storyline.serve.filters import ArticleFilters, BBox, Where, article_filters, split_list
from storyline.serve.responses import Format, clean_row, format_param, listing, page_params

router = APIRouter(prefix="/api")

_ARTICLE_COLUMNS = "t.id, t.article_id, t.version_id, t.span_start, t.span_end, t.confidence"
_SOURCE_COLUMNS = "v.title, v.outlet, v.published"


def _list(
    db: Database, table: str, columns: str, where: Where, page: tuple[int, int], fmt: Format, full: bool
) -> Response:
    limit, offset = page
    source = f"{table} t JOIN current_versions v ON v.version_id = t.version_id"
    total = db.scalar(f"SELECT count(*) FROM {source}{where.sql()}", where.params)
    select = f"{_ARTICLE_COLUMNS}, {columns}, {_SOURCE_COLUMNS}" + (", t.data" if full else "")
    rows = db.query(
        f"SELECT {select} FROM {source}{where.sql()} "
        "ORDER BY v.published_ts DESC NULLS LAST, t.article_id, t.span_start LIMIT ? OFFSET ?",
        [*where.params, *page],
    )
    return listing([clean_row(r) for r in rows], total=total, limit=limit, offset=offset, fmt=fmt, name=table)


def _base_where(filters: ArticleFilters, search_columns: list[str]) -> Where:
    where = Where()
    filters.apply_articles(where)
    where.add_contains(search_columns, filters.q)
    return where


_FULL = Query(False, description="Include each item's whole JSON as `data`")


@router.get("/quotes", tags=["quotes"], summary="Quotes with their speakers")
def list_quotes(
    filters: ArticleFilters = Depends(article_filters),
    speaker: str | None = Query(None, description="Speaker name or affiliation fragment"),
    kind: str | None = Query(None, description="direct, indirect, mixed (comma-separated)"),
    page: tuple[int, int] = Depends(page_params),
    fmt: Format = Depends(format_param),
    full: bool = _FULL,
    db: Database = Depends(get_db),
) -> Response:
    where = _base_where(filters, ["t.text", "t.speaker_name"])
    where.add_contains(["t.speaker_name", "t.speaker_affiliation"], speaker)
    where.add_in("t.kind", split_list(kind, upper=False))
    columns = (
        "t.kind, t.speaker_name, t.speaker_title, t.speaker_affiliation, t.speaker_country, "
        "t.channel, t.via, t.text"
    )
    return _list(db, "quotes", columns, where, page, fmt, full)


@router.get("/claims", tags=["claims"], summary="Claims: who says what happened")
def list_claims(
    filters: ArticleFilters = Depends(article_filters),
    source: str | None = Query(None, description="Source name fragment"),
    page: tuple[int, int] = Depends(page_params),
    fmt: Format = Depends(format_param),
    full: bool = _FULL,
    db: Database = Depends(get_db),
) -> Response:
    where = _base_where(filters, ["t.text", "t.source_name"])
    where.add_contains(["t.source_name"], source)
    return _list(db, "claims", "t.source_name, t.source_type, t.verb, t.text", where, page, fmt, full)


@router.get("/contradictions", tags=["contradictions"], summary="Conflicting claims about one event slot")
def list_contradictions(
    filters: ArticleFilters = Depends(article_filters),
    slot: str | None = Query(
        None, description="casualties, count, actor, place, date, ... (comma-separated)"
    ),
    severity: str | None = Query(None, description="low, medium, high (comma-separated)"),
    page: tuple[int, int] = Depends(page_params),
    fmt: Format = Depends(format_param),
    full: bool = Query(True, description="Include the sources, values and spans (`data`)"),
    db: Database = Depends(get_db),
) -> Response:
    where = _base_where(filters, ["t.explanation"])
    where.add_in("t.slot", split_list(slot, upper=False))
    where.add_in("t.severity", split_list(severity, upper=False))
    return _list(db, "contradictions", "t.slot, t.severity, t.explanation", where, page, fmt, full)


@router.get("/places", tags=["places"], summary="Geocoded place mentions")
def list_places(
    filters: ArticleFilters = Depends(article_filters),
    country: str | None = Query(None, description="ISO 3166-1 alpha-3"),
    feature: str | None = Query(None, description="country, admin1, city, airport, ... (comma-separated)"),
    bbox: str | None = Query(None, description="min_lon,min_lat,max_lon,max_lat"),
    page: tuple[int, int] = Depends(page_params),
    fmt: Format = Depends(format_param),
    full: bool = _FULL,
    db: Database = Depends(get_db),
) -> Response:
    where = _base_where(filters, ["t.text", "t.name"])
    if country:
        where.add("t.country = ?", country.strip().upper())
    where.add_in("t.feature", split_list(feature, upper=False))
    if bbox:
        box = BBox.parse(bbox)
        where.add(
            "t.lat BETWEEN ? AND ? AND t.lon BETWEEN ? AND ?",
            box.min_lat,
            box.max_lat,
            box.min_lon,
            box.max_lon,
        )
    columns = (
        "t.text, t.name, t.gazetteer_id, t.feature, t.country, t.admin1, t.admin2, t.lat, t.lon, t.precision"
    )
    return _list(db, "places", columns, where, page, fmt, full)
