"""Dyad time series: how two actors' relations evolve, counted on deduplicated story events.

Counting raw event mentions measures press attention, not events (GDELT's known bias), so
the series is built from story events, each counted once however many articles report it.
Events not yet linked are counted individually, so an unlinked store still gives a series.
"""

from __future__ import annotations

from typing import Any, Literal

from storyline.store import Store

Period = Literal["day", "week", "month"]


def dyad_trend(
    store: Store,
    actor_a: str,
    actor_b: str,
    *,
    by: Period = "day",
    directed: bool = False,
    start: str | None = None,
    end: str | None = None,
) -> list[dict[str, Any]]:
    """Rows of (period, plover_type, quad_class, events, goldstein_sum, goldstein_mean).

    Actors are CAMEO/ISO-3 country codes (IRN, USA) or actor names. Undirected by default:
    A->B and B->A both count.
    """
    if by not in ("day", "week", "month"):
        raise ValueError("by must be day, week or month")
    a, b = actor_a.upper(), actor_b.upper()
    pair = "(upper(a1) = ? AND upper(a2) = ?)"
    where = pair if directed else f"({pair} OR {pair})"
    params: list[Any] = [a, b] if directed else [a, b, b, a]
    if start:
        where += " AND d >= CAST(? AS DATE)"
        params.append(start)
    if end:
        where += " AND d <= CAST(? AS DATE)"
        params.append(end)
    sql = f"""
        WITH units AS (
            SELECT story_id AS unit, coalesce(actor1_country, actor1_name) AS a1,
                   coalesce(actor2_country, actor2_name) AS a2,
                   coalesce(event_date, CAST(first_reported AS DATE)) AS d,
                   plover_type, quad_class, goldstein
            FROM story_events
            UNION ALL
            SELECT e.uid, coalesce(e.actor1_country, e.actor1_name), coalesce(e.actor2_country, e.actor2_name),
                   coalesce(e.event_date, CAST(v.published_ts AS DATE)), e.plover_type, e.quad_class, e.goldstein
            FROM events e JOIN current_versions v USING (version_id)
            WHERE e.uid NOT IN (SELECT event_uid FROM story_mentions)
              AND coalesce(e.status, 'asserted') NOT IN ('negated', 'hypothetical')
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
