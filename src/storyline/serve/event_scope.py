"""The events a request asks about, as one SQL subquery over ``events`` alone.

Joining a million events to ``current_versions`` costs more than the filters themselves, so
the subquery avoids it: superseded versions are excluded by a short cached list, article-level
filters (outlet) become semi-joins on small version sets, and only the rows that are finally
shown are joined to their article. An event's ``day`` is its own date; events with no
resolved date fall back to their article's publication day (the second, usually small, half
of a UNION ALL, the only part that joins).

When the serving tables are ready (``serving.py``) the subquery reads them instead: one
sorted, denormalised table whose rank range stands for the date range.
"""

from __future__ import annotations

from typing import Any

from storyline.serve.database import Database
from storyline.serve.filters import EventFilters, Where
from storyline.serve.serving import Generation, query_words, word_condition

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


Extra = tuple[tuple[str, tuple[Any, ...]], ...]


def serving_where(
    db: Database,
    gen: Generation,
    filters: EventFilters,
    extra: Extra = (),
    ranks: tuple[int, int] | None = None,
) -> Where:
    """Conditions on the serving table ``e`` for ``filters``, the date range as ``ranks``
    (default: the filters' own range; ``(0, gen.rows)``: none)."""
    lo, hi = ranks if ranks is not None else gen.rank_range(filters.start, filters.end)
    where = Where()
    if (lo, hi) != (0, gen.rows):
        where.add("e.rank >= ? AND e.rank < ?", lo, hi)
    words = query_words(db.cursor(), filters.q)
    filters.apply_events(where, day_expr=None, serving=True, words=(words, word_condition(gen.tok)))
    for condition, values in extra:
        where.add(condition, *values)
    return where


#: ``scoped_events(gen=CURRENT)``: use the serving tables if they are ready.
CURRENT: Any = object()


def scoped_events(
    db: Database, filters: EventFilters, columns: str, extra: Extra = (), *, gen: Generation | None = CURRENT
) -> tuple[str, list[Any]]:
    """``(subquery, params)``: ``columns`` of ``events e`` plus ``day``, for current versions
    matching ``filters`` and the ``extra`` (condition, params) pairs. ``gen``: the serving
    tables to read (None: the base tables), for callers whose SQL depends on which."""
    if gen is CURRENT:
        gen = db.serving_tables()
    if gen is not None:
        where = serving_where(db, gen, filters, extra)
        return f"(SELECT {columns}, e.day AS day FROM {gen.ev} e{where.sql()})", where.params
    halves, params = [], []
    words = (query_words(db.cursor(), filters.q), word_condition(None))
    for dated in (True, False) if db.has_undated_events() else (True,):
        where = Where()
        _current_only(where, db)
        day = "e.event_date" if dated else "CAST(v.published_ts AS DATE)"
        where.add("e.event_date IS NOT NULL" if dated else "e.event_date IS NULL")
        filters.apply_events(where, day_expr=day, words=words)
        for condition, values in extra:
            where.add(condition, *values)
        source = "events e" if dated else "events e JOIN article_versions v ON v.version_id = e.version_id"
        halves.append(f"SELECT {columns}, {day} AS day FROM {source}{where.sql()}")
        params.extend(where.params)
    return "(" + " UNION ALL ".join(halves) + ")", params
