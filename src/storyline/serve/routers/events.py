"""``/api/events``: coded events of every article's current version, filtered and paged."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import numpy as np
from fastapi import APIRouter, Depends, Query
from fastapi.responses import Response

from storyline.review.corrections import apply_corrections, mark_unreviewed
from storyline.serve.database import Database
from storyline.serve.deps import get_db
from storyline.serve.event_scope import scoped_events, serving_where
from storyline.serve.filters import EventFilters, Where, event_filters
from storyline.serve.responses import Format, clean_row, format_param, listing, page_params
from storyline.serve.serving import (
    LIST_COLUMNS,
    MIN_WINDOW,
    Generation,
    intersect_sorted,
    query_words,
    text_ranks,
)

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
    gen = db.serving_tables()
    if gen is not None:
        total, rows = serving_page(db, gen, filters, limit, offset, full=full)
        rows = _reviewed(db, rows)
        # orjson writes dates as clean_row does; only CSV and parsed ``data`` need it.
        return listing(
            [clean_row(r) for r in rows] if fmt == "csv" or full else rows,
            total=total,
            limit=limit,
            offset=offset,
            fmt=fmt,
            name="events",
        )
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
    rows = _reviewed(db, rows)
    return listing(
        [clean_row(r) for r in rows], total=total, limit=limit, offset=offset, fmt=fmt, name="events"
    )


def _reviewed(db: Database, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The page with analysts' corrections (storyline.review); no query while the store has none."""
    if db.has_rows("corrections"):  # cached until the next write
        return apply_corrections("event", rows, db.cursor())
    return mark_unreviewed(rows)


#: A window this much larger than the expected need absorbs uneven spread of the matches.
_WINDOW_MARGIN = 2.0


def serving_page(
    db: Database, gen: Generation, filters: EventFilters, limit: int, offset: int, *, full: bool
) -> tuple[int, list[dict[str, Any]]]:
    """``(total, rows)`` of one page, from the serving table (same rows and order as the base path).

    The exact count comes first; it also gives the filter's share of the rows, from which a
    window of ranks just large enough for the page is chosen. Ranks are the list order, so
    the page is the window's first matching ranks; if the window holds too few, the whole
    range is searched instead (at most two page queries)."""
    cur = db.cursor()
    lo, hi = gen.rank_range(filters.start, filters.end)
    words = query_words(cur, filters.q)
    if words:
        matches = _text_matches(db, gen, filters, words, lo, hi)
        total = int(matches.size)
        return total, _rows_at(cur, gen, [int(r) for r in matches[offset : offset + limit]], full=full)
    base = serving_where(db, gen, filters, ranks=(0, gen.rows))  # the rank range is added per query

    def where_in(first: int, stop: int) -> Where:
        return Where([*base.clauses, "e.rank >= ? AND e.rank < ?"], [*base.params, first, stop])

    whole = where_in(lo, hi)
    total = _count(cur, gen, filters, whole, lo, hi)
    if total <= offset:
        return total, []
    expected = min(limit, total - offset)
    share = total / max(1, hi - lo)
    size = int((offset + limit) / share * _WINDOW_MARGIN) + MIN_WINDOW
    ranks: list[int] | None = None
    for where in ([where_in(lo, lo + size)] if lo + size < hi else []) + [whole]:
        found = [
            r[0]
            for r in cur.execute(
                f"SELECT e.rank FROM {gen.ev} e{where.sql()} ORDER BY e.rank LIMIT ? OFFSET ?",
                [*where.params, limit, offset],
            ).fetchall()
        ]
        if len(found) == expected:
            ranks = found
            break
    return total, _rows_at(cur, gen, ranks or found, full=full)


def _count(cur: Any, gen: Generation, filters: EventFilters, where: Where, lo: int, hi: int) -> int:
    """Matching events: summed from the per-day counts when there is at most one filter
    besides the dates (the common dashboard case), counted in the latitude-sorted table for
    a box alone, else counted in the serving table."""
    if filters.bbox and replace(filters, bbox=None).single_filter() == ("all", [""]):
        box = Where()
        filters.bbox.apply(box)
        if (lo, hi) != (0, gen.rows):
            box.add("e.rank >= ? AND e.rank < ?", lo, hi)
        return cur.execute(f"SELECT count(*) FROM {gen.geo} e{box.sql()}", box.params).fetchone()[0]
    single = filters.single_filter()
    if single is not None:
        kind, values = single
        count = Where()
        count.add("kind = ?", kind)
        value = "lower(?)" if kind == "outlet" else "?"
        count.add(f"value IN ({', '.join([value] * len(values))})", *values)
        count.add_range("day", filters.start, filters.end)
        return int(
            cur.execute(f"SELECT coalesce(sum(n), 0) FROM {gen.cnt}{count.sql()}", count.params).fetchone()[0]
        )
    return cur.execute(f"SELECT count(*) FROM {gen.ev} e{where.sql()}", where.params).fetchone()[0]


def _text_matches(
    db: Database, gen: Generation, filters: EventFilters, words: list[str], lo: int, hi: int
) -> np.ndarray:
    """Ascending ranks matching a text search and the other filters: the words' rank sets
    intersected (token index), then with the ranks the other filters select, if any."""
    cur = db.cursor()
    matches = text_ranks(cur, gen, db.serving.postings, words, lo, hi)  # type: ignore[union-attr]
    others = serving_where(db, gen, replace(filters, q=None, start=None, end=None), ranks=(0, gen.rows))
    if matches.size and others.clauses:
        # Only the span of rank row groups the text matches fall in is read.
        span = Where(
            [*others.clauses, "e.rank >= ? AND e.rank <= ?"],
            [*others.params, int(matches[0]), int(matches[-1])],
        )
        selected = cur.execute(f"SELECT e.rank FROM {gen.ev} e{span.sql()}", span.params).fetchnumpy()["rank"]
        matches = intersect_sorted(matches, np.sort(np.asarray(selected, dtype=np.int64)))
    return matches


def _rows_at(cur: Any, gen: Generation, ranks: list[int], *, full: bool) -> list[dict[str, Any]]:
    """The page's rows, in rank order."""
    if not ranks:
        return []
    if not full:
        return gen.list_rows(ranks)
    marks = ", ".join("?" * len(ranks))
    columns = ", ".join(f"e.{c}" for c in LIST_COLUMNS)
    rows = _fetch(
        cur,
        f"SELECT {columns}, e.uid FROM {gen.ev} e "
        f"WHERE e.rank BETWEEN ? AND ? AND e.rank IN ({marks}) ORDER BY e.rank",
        [ranks[0], ranks[-1], *ranks],
    )
    if full:
        # The JSON items stay in the store; the page's few rows are looked up by key there.
        uids = [r.pop("uid") for r in rows]
        data = dict(
            cur.execute(
                f"SELECT uid, data FROM events WHERE uid IN ({', '.join('?' * len(uids))})", uids
            ).fetchall()
        )
        rows = [_with_data(r, data.get(uid)) for r, uid in zip(rows, uids, strict=True)]
    return rows


def _with_data(row: dict[str, Any], data: str | None) -> dict[str, Any]:
    title = {k: row.pop(k) for k in ("title", "outlet", "published")}
    return {**row, "data": data, **title}


def _fetch(cur: Any, sql: str, params: list[Any]) -> list[dict[str, Any]]:
    cur = cur.execute(sql, params)
    cols = [c[0] for c in cur.description]
    return [dict(zip(cols, row, strict=True)) for row in cur.fetchall()]
