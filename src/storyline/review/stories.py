"""Stories as the analysts corrected them: a rejected event or incident leaves its story's counts,
an edited type, place, date or actor shows in the story.

The linker's tables (``story_events``, ``story_mentions``) hold what the machine linked; reviews
come later and are never written into them (a re-link, a re-train or a new linker rebuilds those
tables, and the corrections must survive that). So the corrections are applied when a story is
read: for each story with a reviewed mention, its header (type, actors, date, place, counts) is
summarised again from its mentions' corrected values, the way the linker summarises them
(most common value; the most precise located mention; counts of mentions, articles, sources).

A mention is an event (``story_mentions.event_uid`` = ``version_id/event_id``) or, when the
linker links incidents, an incident uid. An incident's review applies to the incident and to
each of its events: rejecting an incident takes its events out of their story; editing its type,
place or date gives its events that value in the story summary.
"""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

#: Story header columns a correction can change, from the mention column of the same name.
SUMMARY_FIELDS = (
    "plover_type",
    "cameo_root",
    "actor1_name",
    "actor1_country",
    "actor2_name",
    "actor2_country",
)
PLACE_FIELDS = ("place_name", "place_country", "lat", "lon")
_PRECISION_RANK = {"site": 0, "city": 1, "admin2": 2, "admin1": 3, "country": 4, "region": 5, "unknown": 6}
_MENTION_FIELDS = (*SUMMARY_FIELDS, "event_date", *PLACE_FIELDS)


def _has(con: Any, name: str) -> bool:
    """A table or view of that name exists."""
    return (
        con.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = ?", [name]).fetchone()[
            0
        ]
        > 0
    )


def _incident_reviews(con: Any) -> dict[str, dict[str, Any]]:
    """Mention uid -> the review of its incident (for the incident's uid and each of its events)."""
    rows = con.execute(
        "SELECT i.uid, i.version_id, json_extract_string(i.data, '$.event_ids[*]') AS event_ids, "
        "i.review_action, i.review_changes, " + ", ".join(f"i.{c}" for c in _MENTION_FIELDS) + " "
        "FROM reviewed_incidents i WHERE i.reviewed"
    ).fetchall()
    found: dict[str, dict[str, Any]] = {}
    for uid, version_id, event_ids, action, changes, *values in rows:
        review = {
            "action": action,
            "changes": json.loads(changes or "{}"),
            "values": dict(zip(_MENTION_FIELDS, values, strict=True)),
            "kind": "incident",
        }
        found[uid] = review
        for event_id in event_ids or []:
            found.setdefault(f"{version_id}/{event_id}", review)
    return found


def _event_reviews(con: Any) -> dict[str, dict[str, Any]]:
    rows = con.execute(
        "SELECT e.uid, e.review_action, e.review_changes, "
        + ", ".join(f"e.{c}" for c in _MENTION_FIELDS)
        + " "
        "FROM reviewed_events e WHERE e.reviewed"
    ).fetchall()
    return {
        uid: {
            "action": action,
            "changes": json.loads(changes or "{}"),
            "values": dict(zip(_MENTION_FIELDS, values, strict=True)),
            "kind": "event",
        }
        for uid, action, changes, *values in rows
    }


def mention_reviews(con: Any) -> dict[str, dict[str, Any]]:
    """Mention uid -> the analysts' review that applies to it: its own (an event's, an
    incident's), else its incident's. Empty when the store has no reviews (or no review views)."""
    if not (_has(con, "reviewed_events") and _has(con, "story_mentions")):
        return {}
    if not con.execute("SELECT count(*) FROM corrections").fetchone()[0]:
        return {}
    reviews = _incident_reviews(con) if _has(con, "reviewed_incidents") else {}
    reviews.update(_event_reviews(con))  # an event's own review wins over its incident's
    return reviews


def _mode(values: Any) -> Any:
    counts = Counter(v for v in values if v)
    return counts.most_common(1)[0][0] if counts else None


def corrected_mention(row: dict[str, Any], review: dict[str, Any] | None) -> dict[str, Any]:
    """A mention's values with its review's corrected fields (and ``rejected``)."""
    out = dict(row)
    out["review_action"] = review["action"] if review else None
    out["rejected"] = bool(review and review["action"] == "reject")
    if review:
        for column in review["changes"]:
            if column in review["values"] and column in out:
                out[column] = review["values"][column]
    return out


def _mentions(con: Any, story_ids: list[str]) -> dict[str, list[dict[str, Any]]]:
    placeholders = ",".join("?" * len(story_ids))
    cur = con.execute(
        "SELECT sm.story_id, sm.event_uid, sm.article_id, sm.outlet, "
        + ", ".join(
            f"coalesce(e.{c}, i.{c}) AS {c}" for c in ("confidence", "geo_precision", *_MENTION_FIELDS)
        )
        + " FROM story_mentions sm LEFT JOIN events e ON e.uid = sm.event_uid "
        "LEFT JOIN incidents i ON i.uid = sm.event_uid "
        f"WHERE sm.story_id IN ({placeholders})",
        story_ids,
    )
    names = [c[0] for c in cur.description]
    by_story: dict[str, list[dict[str, Any]]] = {}
    for values in cur.fetchall():
        row = dict(zip(names, values, strict=True))
        by_story.setdefault(row["story_id"], []).append(row)
    return by_story


def summarise(mentions: list[dict[str, Any]]) -> dict[str, Any]:
    """A story header from its (corrected) mentions, rejected ones left out."""
    kept = [m for m in mentions if not m.get("rejected")]
    summary: dict[str, Any] = {
        "num_mentions": len(kept),
        "num_articles": len({m["article_id"] for m in kept}),
        "num_sources": len({m.get("outlet") or m["article_id"] for m in kept}),
        "num_rejected": len(mentions) - len(kept),
    }
    if not kept:
        return summary
    for column in SUMMARY_FIELDS:
        summary[column] = _mode(m.get(column) for m in kept)
    dates = Counter(m["event_date"] for m in kept if m.get("event_date"))
    summary["event_date"] = dates.most_common(1)[0][0] if dates else None
    located = sorted(
        (m for m in kept if m.get("lat") is not None),
        key=lambda m: _PRECISION_RANK.get(m.get("geo_precision") or "unknown", 6),
    )
    if located:
        summary.update({c: located[0].get(c) for c in PLACE_FIELDS})
    return summary


def corrected_stories(
    con: Any, story_ids: list[str] | None = None, reviews: dict[str, dict[str, Any]] | None = None
) -> dict[str, dict[str, Any]]:
    """Story id -> its header as corrected, for the stories (of ``story_ids``, else all) with at
    least one reviewed mention; stories without a review are not in the answer (read them as stored).
    A story whose every mention was rejected has ``num_mentions`` 0."""
    reviews = mention_reviews(con) if reviews is None else reviews
    if not reviews:
        return {}
    uids = list(reviews)
    touched: set[str] = set()
    for start in range(0, len(uids), 1000):
        chunk = uids[start : start + 1000]
        touched.update(
            s
            for (s,) in con.execute(
                f"SELECT DISTINCT story_id FROM story_mentions WHERE event_uid IN ({','.join('?' * len(chunk))})",
                chunk,
            ).fetchall()
        )
    if story_ids is not None:
        touched &= set(story_ids)
    if not touched:
        return {}
    result = {}
    for story_id, rows in _mentions(con, sorted(touched)).items():
        corrected = [corrected_mention(r, reviews.get(r["event_uid"])) for r in rows]
        result[story_id] = summarise(corrected)
    return result


def emptied_stories(con: Any, reviews: dict[str, dict[str, Any]] | None = None) -> list[str]:
    """Stories whose every mention an analyst rejected (lists leave them out)."""
    return sorted(
        s for s, summary in corrected_stories(con, reviews=reviews).items() if not summary["num_mentions"]
    )


#: Story header columns a correction may change, with their SQL types.
_CORRECTED_COLUMNS = (
    ("plover_type", "VARCHAR"),
    ("cameo_root", "VARCHAR"),
    ("actor1_name", "VARCHAR"),
    ("actor1_country", "VARCHAR"),
    ("actor2_name", "VARCHAR"),
    ("actor2_country", "VARCHAR"),
    ("event_date", "DATE"),
    ("place_name", "VARCHAR"),
    ("place_country", "VARCHAR"),
    ("lat", "DOUBLE"),
    ("lon", "DOUBLE"),
    ("num_mentions", "INTEGER"),
    ("num_articles", "INTEGER"),
    ("num_sources", "INTEGER"),
)


def corrected_relation(corrected: dict[str, dict[str, Any]]) -> tuple[str, list[Any]]:
    """SQL for ``story_events`` with the ``corrected`` stories' headers (from
    :func:`corrected_stories`) in place, and its parameters; plain ``story_events`` when none."""
    if not corrected:
        return "story_events", []
    names = [c for c, _ in _CORRECTED_COLUMNS]
    row = "(" + ", ".join(["?"] + [f"CAST(? AS {t})" for _, t in _CORRECTED_COLUMNS]) + ")"
    params: list[Any] = []
    for story_id, summary in corrected.items():
        params += [story_id, *(summary.get(c) for c in names)]
    replaced = ", ".join(f"CASE WHEN o.story_id IS NULL THEN st.{c} ELSE o.{c} END AS {c}" for c in names)
    return (
        f"(SELECT st.* REPLACE ({replaced}) FROM story_events st LEFT JOIN (VALUES "
        f"{', '.join([row] * len(corrected))}) o(story_id, {', '.join(names)}) ON o.story_id = st.story_id)",
        params,
    )


def stories_relation(con: Any) -> tuple[str, list[Any]]:
    """SQL for the stories as corrected (headers in place, stories whose every mention was
    rejected left out) and its parameters: ``SELECT ... FROM {relation} s``."""
    corrected = corrected_stories(con)
    kept = {k: v for k, v in corrected.items() if v["num_mentions"]}
    relation, params = corrected_relation(kept)
    emptied = [k for k, v in corrected.items() if not v["num_mentions"]]
    if emptied:
        relation = f"(SELECT * FROM {relation} x WHERE x.story_id NOT IN ({','.join('?' * len(emptied))}))"
        params = [*params, *emptied]
    return relation, params
