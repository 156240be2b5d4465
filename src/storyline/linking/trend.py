"""Dyad time series: how two actors' relations evolve, counted in one of three units.

Counting raw event mentions measures press attention, not events (GDELT's known bias). The
``incidents`` unit counts each real-world incident once (ACLED's unit, what the exports write:
current, happened, confident or confirmed by an analyst, never rejected; the store view
``reviewed_incidents``); ``stories`` counts story events, each once however many articles report
it (events not yet linked individually, so an unlinked store still gives a series); ``mentions``
counts every event mention. :func:`default_unit` picks incidents whenever the store holds any,
as the dashboard and the API do.
"""

from __future__ import annotations

from typing import Any, Literal

from storyline.store import Store

Period = Literal["day", "week", "month"]
Unit = Literal["incidents", "stories", "mentions"]
UNITS: tuple[str, ...] = ("incidents", "stories", "mentions")

#: The incidents every count takes (``reviewed_incidents i``): current (never background history
#: told for context), that happened, never one an analyst rejected.
CURRENT_INCIDENT = (
    "i.timing = 'current'",
    "coalesce(i.status, 'asserted') IN ('asserted', 'reported')",
    "i.review_action IS DISTINCT FROM 'reject'",
)
#: ... at or above a confidence (one ``?``), or confirmed or edited by an analyst.
CONFIDENT_INCIDENT = "(i.confidence >= ? OR i.review_action IN ('confirm', 'edit'))"
#: GDELT's QuadClass of an incident's CAMEO root (as ``events.coding.quad_class``).
INCIDENT_QUAD_CLASS = (
    "CASE WHEN i.cameo_root IS NULL OR NOT regexp_matches(i.cameo_root, '^[0-9]{2}$') THEN NULL "
    "WHEN CAST(i.cameo_root AS INTEGER) <= 5 THEN 1 WHEN CAST(i.cameo_root AS INTEGER) <= 9 THEN 2 "
    "WHEN CAST(i.cameo_root AS INTEGER) <= 14 THEN 3 ELSE 4 END"
)


def _has(con: Any, name: str) -> bool:
    found = con.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = ?", [name])
    return bool(found.fetchall()[0][0])


def holds_incidents(con: Any) -> bool:
    """Whether the store's current article versions hold an incident (and the store has the
    ``reviewed_incidents`` view an incident count reads): then incidents are the default unit."""
    if not (_has(con, "incidents") and _has(con, "reviewed_incidents")):
        return False
    found = con.execute(
        "SELECT count(*) FROM (SELECT 1 FROM incidents t JOIN current_versions v "
        "ON v.version_id = t.version_id LIMIT 1)"
    )
    return bool(found.fetchall()[0][0])


def default_unit(con: Any) -> Unit:
    """``incidents`` when the store holds any, else ``stories``."""
    return "incidents" if holds_incidents(con) else "stories"


def dyad_trend(
    store: Store,
    actor_a: str,
    actor_b: str,
    *,
    by: Period = "day",
    directed: bool = False,
    start: str | None = None,
    end: str | None = None,
    unit: Unit = "stories",
    min_confidence: float | None = None,
) -> list[dict[str, Any]]:
    """Rows of (period, plover_type, quad_class, events, goldstein_sum, goldstein_mean).

    Actors are CAMEO/ISO-3 country codes (IRN, USA) or actor names. Undirected by default:
    A->B and B->A both count. ``events`` is the count in ``unit``; ``min_confidence`` applies to
    incidents only.
    """
    if by not in ("day", "week", "month"):
        raise ValueError("by must be day, week or month")
    if unit not in UNITS:
        raise ValueError(f"unit must be one of {', '.join(UNITS)}")
    a, b = actor_a.strip().upper(), actor_b.strip().upper()
    if unit == "incidents":
        return _incident_trend(store.con, a, b, by, directed, start, end, min_confidence)
    pair = "(upper(a1) = ? AND upper(a2) = ?)"
    where = pair if directed else f"({pair} OR {pair})"
    params: list[Any] = [a, b] if directed else [a, b, b, a]
    if start:
        where += " AND d >= CAST(? AS DATE)"
        params.append(start)
    if end:
        where += " AND d <= CAST(? AS DATE)"
        params.append(end)
    linked = unit == "stories" and _has(store.con, "story_events")
    stories = (
        """SELECT story_id AS unit, coalesce(actor1_country, actor1_name) AS a1,
                   coalesce(actor2_country, actor2_name) AS a2,
                   coalesce(event_date, CAST(first_reported AS DATE)) AS d,
                   plover_type, quad_class, goldstein
            FROM story_events
            UNION ALL"""
        if linked
        else ""
    )
    unlinked = "e.uid NOT IN (SELECT event_uid FROM story_mentions) AND" if linked else ""
    sql = f"""
        WITH units AS (
            {stories}
            SELECT e.uid AS unit, coalesce(e.actor1_country, e.actor1_name) AS a1,
                   coalesce(e.actor2_country, e.actor2_name) AS a2,
                   coalesce(e.event_date, CAST(v.published_ts AS DATE)) AS d,
                   e.plover_type, e.quad_class, e.goldstein
            FROM events e JOIN current_versions v USING (version_id)
            WHERE {unlinked} coalesce(e.status, 'asserted') NOT IN ('negated', 'hypothetical')
        )
        SELECT CAST(date_trunc('{by}', d) AS DATE) AS period, plover_type, quad_class,
               count(*) AS events, round(sum(goldstein), 2) AS goldstein_sum,
               round(avg(goldstein), 2) AS goldstein_mean
        FROM units WHERE d IS NOT NULL AND {where}
        GROUP BY ALL ORDER BY period, plover_type
    """
    cur = store.con.execute(sql, params)
    cols = [c[0] for c in cur.description]
    return [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]


def _incident_trend(
    con: Any,
    a: str,
    b: str,
    by: str,
    directed: bool,
    start: str | None,
    end: str | None,
    min_confidence: float | None,
) -> list[dict[str, Any]]:
    """Each current incident between ``a`` and ``b`` once, on its own date (else its article's
    publication day); Goldstein from its CAMEO code."""
    from storyline.events import coding

    if not _has(con, "reviewed_incidents"):
        raise ValueError("this store has no incidents view (an older schema; open it read-write once)")
    pair = (
        "(upper(coalesce(i.actor1_country, i.actor1_name)) = ? "
        "AND upper(coalesce(i.actor2_country, i.actor2_name)) = ?)"
    )
    conditions = [*CURRENT_INCIDENT, pair if directed else f"({pair} OR {pair})"]
    params: list[Any] = [a, b] if directed else [a, b, b, a]
    if min_confidence is not None:
        conditions.append(CONFIDENT_INCIDENT)
        params.append(min_confidence)
    day = "coalesce(i.event_date, CAST(v.published_ts AS DATE))"
    if start:
        conditions.append(f"{day} >= CAST(? AS DATE)")
        params.append(start)
    if end:
        conditions.append(f"{day} <= CAST(? AS DATE)")
        params.append(end)
    conditions.append(f"{day} IS NOT NULL")
    # ``by`` is one of three literals checked by the caller, never free text.
    cur = con.execute(
        f"""SELECT CAST(date_trunc('{by}', {day}) AS DATE) AS period, i.plover_type,
                   {INCIDENT_QUAD_CLASS} AS quad_class, i.cameo_code, count(*) AS n
            FROM reviewed_incidents i JOIN article_versions v ON v.version_id = i.version_id
            WHERE {" AND ".join(conditions)} GROUP BY ALL""",
        params,
    )
    groups: dict[tuple, list[float | None]] = {}
    counts: dict[tuple, int] = {}
    for period, plover_type, quad, cameo, n in cur.fetchall():
        key = (period, plover_type, quad)
        weight = coding.goldstein(cameo) if cameo else None
        groups.setdefault(key, []).extend([weight] * n)
        counts[key] = counts.get(key, 0) + n
    rows = []
    for key in sorted(groups, key=lambda k: (k[0], k[1] or "", k[2] or 0)):
        weights = [w for w in groups[key] if w is not None]
        rows.append(
            {
                "period": key[0],
                "plover_type": key[1],
                "quad_class": key[2],
                "events": counts[key],
                "goldstein_sum": round(sum(weights), 2) if weights else None,
                "goldstein_mean": round(sum(weights) / len(weights), 2) if weights else None,
            }
        )
    return rows
