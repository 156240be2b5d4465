"""The events a request asks about, as one SQL subquery over ``events`` alone.

Joining a million events to ``current_versions`` costs more than the filters themselves, so
the subquery avoids it: superseded versions are excluded by a short cached list, article-level
filters (outlet) become semi-joins on small version sets, and only the rows that are finally
shown are joined to their article. An event's ``day`` is its own date; events with no
resolved date fall back to their article's publication day (the second, usually small, half
of a UNION ALL, the only part that joins).
"""

from __future__ import annotations

from typing import Any

from storyline.serve.database import Database
from storyline.serve.filters import EventFilters, Where

#: Above this many superseded versions, exclude them with a subquery instead of a list.
_LIST_LIMIT = 5000

SUPERSEDED_SQL = (
    "SELECT v.version_id FROM article_versions v JOIN articles a ON a.article_id = v.article_id "
    "WHERE v.version < a.latest_version"
)


def _current_only(where: Where, db: Database) -> None:
    superseded = db.superseded_versions()
    if len(superseded) > _LIST_LIMIT:
        where.add(f"e.version_id NOT IN ({SUPERSEDED_SQL})")
    elif superseded:
        where.add("NOT list_contains(?, e.version_id)", superseded)


def scoped_events(db: Database, filters: EventFilters, columns: str,
                  extra: tuple[tuple[str, tuple[Any, ...]], ...] = ()) -> tuple[str, list[Any]]:
    """``(subquery, params)``: ``columns`` of ``events e`` plus ``day``, for current versions
    matching ``filters`` and the ``extra`` (condition, params) pairs."""
    halves, params = [], []
    for dated in (True, False) if db.has_undated_events() else (True,):
        where = Where()
        _current_only(where, db)
        day = "e.event_date" if dated else "CAST(v.published_ts AS DATE)"
        where.add("e.event_date IS NOT NULL" if dated else "e.event_date IS NULL")
        filters.apply_events(where, day_expr=day)
        for condition, values in extra:
            where.add(condition, *values)
        source = "events e" if dated else "events e JOIN article_versions v ON v.version_id = e.version_id"
        halves.append(f"SELECT {columns}, {day} AS day FROM {source}{where.sql()}")
        params.extend(where.params)
    return "(" + " UNION ALL ".join(halves) + ")", params
