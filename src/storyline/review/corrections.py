"""Analyst corrections of events and incidents: recorded with who, when and why, never lost.

A correction is an append-only row of ``corrections`` (store migration 7). It is keyed by
what survives re-ingest, a new article version, re-linking and re-training:

    (kind, article_id, anchor, trigger)

``anchor`` is the article text under the item's span (an event's clause, an incident's best
mention) and ``trigger`` an event's trigger words (``''`` for incidents). Item ids (``e3``,
``i0``) and offsets change when the text around the sentence or a model changes; these words do
not. A review matches, in each stored version, the item with the same trigger whose span holds
exactly the anchor, or, when no item does, the one whose sentence contains it (a re-trained
model that cuts the clause differently). A new version whose sentence was rewritten loses the
correction (it is a different report); the audit trail keeps it. The matching is the store
views ``review_hits_events`` / ``review_hits_incidents`` (uid -> review), used by SQL and
Python alike.

``changes`` maps the typed columns of ``events``/``incidents`` (``schema.EDITABLE_COLUMNS``)
to their corrected values and is cumulative: each row repeats the earlier edits of its key,
so the latest row (view ``review_state``) is the whole verdict. Reads apply it with
:func:`apply_corrections` (rows or contract items) or the store views ``reviewed_events`` and
``reviewed_incidents`` (corrected columns plus ``reviewed``, ``review_action``, ...).
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable
from datetime import UTC, date, datetime
from typing import Any

import duckdb

from storyline.model import PLOVER_TYPES
from storyline.store.schema import EDITABLE_COLUMNS

#: The item kinds one can review, and their tables.
KINDS = {"event": "events", "incident": "incidents"}
ACTIONS = ("confirm", "reject", "edit")
STATUSES = ("asserted", "negated", "threatened", "planned", "hypothetical", "reported")
TIMINGS = ("current", "background")

#: Which contract field (a ``why`` key) each column belongs to.
FIELD_OF = {
    "actor1_name": "actor1",
    "actor1_country": "actor1",
    "actor1_sector": "actor1",
    "actor2_name": "actor2",
    "actor2_country": "actor2",
    "actor2_sector": "actor2",
    "event_date": "date",
    "place_name": "location",
    "place_country": "location",
    "lat": "location",
    "lon": "location",
    "fatalities": "fatalities",
    "fatalities_low": "fatalities",
    "fatalities_high": "fatalities",
    "injured": "injured",
    "injured_low": "injured",
    "injured_high": "injured",
}

_CODE = re.compile(r"^[A-Z]{3}$")


class ReviewError(ValueError):
    """A review that cannot be recorded: unknown item, field or value (one clear line)."""


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None, microsecond=0)


def table_of(kind: str) -> str:
    if kind not in KINDS:
        raise ReviewError(f"kind must be one of {', '.join(KINDS)}, not {kind!r}")
    return KINDS[kind]


def _number(column: str, value: Any, *, integer: bool = False) -> float | int | None:
    if value is None or value == "":
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ReviewError(f"{column}: {value!r} is not a number") from None
    if math.isnan(number) or math.isinf(number):
        raise ReviewError(f"{column}: {value!r} is not a number")
    return int(number) if integer else number


def validate_changes(kind: str, changes: dict[str, Any] | None) -> dict[str, Any]:
    """The corrected fields, checked and normalised (codes upper-case, numbers as numbers).

    A value of ``None`` clears the field. A toll given without its low/high sets both to it,
    so best, low and high stay consistent. A new ``plover_type`` sets its QuadClass (events)
    and clears the CAMEO code and root unless they are given too."""
    table = table_of(kind)
    allowed = dict(EDITABLE_COLUMNS[table])
    out: dict[str, Any] = {}
    for column, value in (changes or {}).items():
        if column not in allowed:
            raise ReviewError(f"{kind} field {column!r} cannot be edited; editable: {', '.join(allowed)}")
        if isinstance(value, str):
            value = value.strip() or None
        if value is None:
            out[column] = None
            continue
        kind_of = allowed[column]
        if column == "plover_type":
            value = str(value).upper()
            if value not in PLOVER_TYPES:
                raise ReviewError(f"plover_type {value!r}: expected one of {', '.join(PLOVER_TYPES)}")
        elif column == "status" and value not in STATUSES:
            raise ReviewError(f"status {value!r}: expected one of {', '.join(STATUSES)}")
        elif column == "timing" and value not in TIMINGS:
            raise ReviewError(f"timing {value!r}: expected current or background")
        elif column.endswith("_country"):
            value = str(value).upper()
            if not _CODE.match(value):
                raise ReviewError(f"{column} {value!r}: expected an ISO 3166-1 alpha-3 or IGO code")
        elif column.endswith("_sector") or column == "cameo_code":
            value = str(value).upper()
        elif column == "cameo_root":
            value = str(value).zfill(2)
        elif column == "event_date":
            try:
                value = date.fromisoformat(str(value)).isoformat()
            except ValueError:
                raise ReviewError(f"event_date {value!r}: expected YYYY-MM-DD") from None
        elif kind_of in ("DOUBLE", "INTEGER"):
            value = _number(column, value, integer=kind_of == "INTEGER")
            if column == "quad_class" and value not in (1, 2, 3, 4):
                raise ReviewError("quad_class must be 1, 2, 3 or 4")
            if column.startswith(("fatalities", "injured")) and value is not None and value < 0:
                raise ReviewError(f"{column} cannot be negative")
            if column == "lat" and value is not None and not -90 <= value <= 90:
                raise ReviewError("lat must be within -90..90")
            if column == "lon" and value is not None and not -180 <= value <= 180:
                raise ReviewError("lon must be within -180..180")
        else:
            value = str(value)
        out[column] = value
    for toll in ("fatalities", "injured"):
        if toll in out:
            out.setdefault(f"{toll}_low", out[toll])
            out.setdefault(f"{toll}_high", out[toll])
    if "plover_type" in out:
        if "quad_class" in allowed and "quad_class" not in out and out["plover_type"]:
            out["quad_class"] = plover_quad(out["plover_type"])
        # The machine's CAMEO code was for the type it read: a new type without a code of its
        # own has none (a GDELT user filtering EventRootCode must not find it under the old one).
        if "cameo_code" not in out:
            out["cameo_code"] = None
            out.setdefault("cameo_root", None)
    return out


#: PLOVER type -> QuadClass (1 verbal coop, 2 material coop, 3 verbal conflict, 4 material conflict).
_QUAD = {
    "AGREE": 1,
    "CONSULT": 1,
    "SUPPORT": 1,
    "CONCEDE": 2,
    "COOPERATE": 2,
    "AID": 2,
    "RETREAT": 2,
    "REQUEST": 1,
    "ACCUSE": 3,
    "REJECT": 3,
    "THREATEN": 3,
    "PROTEST": 3,
    "SANCTION": 4,
    "MOBILIZE": 4,
    "COERCE": 4,
    "ASSAULT": 4,
}


def plover_quad(plover_type: str) -> int | None:
    return _QUAD.get(plover_type)


def find_item(
    con: Any, kind: str, article_id: str, item_id: str, version: int | None = None
) -> dict[str, Any]:
    """The stored item (latest version unless ``version``) with its review key, or ReviewError."""
    table = table_of(kind)
    trigger = "t.trigger" if table == "events" else "''"
    version_sql = "v.version = ?" if version else "v.version = a.latest_version"
    row = con.execute(
        f"SELECT t.uid, t.version_id, t.id, t.span_start, t.span_end, t.confidence, {trigger} AS trigger, "
        "substr(v.text, t.span_start + 1, t.span_end - t.span_start) AS anchor, v.version "
        f"FROM {table} t JOIN article_versions v ON v.version_id = t.version_id "
        "JOIN articles a ON a.article_id = v.article_id "
        f"WHERE t.article_id = ? AND t.id = ? AND {version_sql}",
        [article_id, item_id, *([version] if version else [])],
    ).fetchall()
    row = row[0] if row else None
    if row is None:
        where = f" version {version}" if version else ""
        raise ReviewError(f"no {kind} {item_id!r} in article {article_id!r}{where}")
    keys = ("uid", "version_id", "id", "span_start", "span_end", "confidence", "trigger", "anchor", "version")
    found = dict(zip(keys, row, strict=True))
    if not found["anchor"]:
        raise ReviewError(f"{kind} {item_id!r} has no span to key a correction by")
    return found


def record_review(
    con: Any,
    kind: str,
    article_id: str,
    item_id: str,
    action: str,
    *,
    changes: dict[str, Any] | None = None,
    reason: str | None = None,
    reviewer: str = "analyst",
    version: int | None = None,
) -> dict[str, Any]:
    """Append one review of an item; returns the review as stored (with the cumulative changes).

    ``confirm``: the item (with any earlier edits) is right; ``reject``: it is not an event /
    incident at all (exports and lists leave it out); ``edit``: these fields are wrong, here
    are the right values (``changes``)."""
    if action not in ACTIONS:
        raise ReviewError(f"action must be one of {', '.join(ACTIONS)}, not {action!r}")
    checked = validate_changes(kind, changes)
    if action == "edit" and not checked:
        raise ReviewError("an edit needs at least one corrected field")
    if action != "edit" and checked:
        raise ReviewError(f"{action} takes no field values; use edit")
    reviewer = (reviewer or "").strip()
    if not reviewer:
        raise ReviewError("who reviewed it? give a reviewer name")
    if reason is not None and len(reason) > 2000:
        raise ReviewError("reason: at most 2000 characters")
    item = find_item(con, kind, article_id, item_id, version)
    now = _now()
    # One transaction: the cumulative changes are read and written atomically, and no write
    # transaction is left open on the connection (a live server checkpoints beside it).
    con.execute("BEGIN TRANSACTION")
    try:
        previous = con.execute(
            "SELECT changes FROM review_state WHERE kind = ? AND article_id = ? AND anchor = ? AND trigger = ?",
            [kind, article_id, item["anchor"], item["trigger"]],
        ).fetchall()
        previous = previous[0] if previous else None
        cumulative = {**(json.loads(previous[0]) if previous else {}), **checked}
        con.execute(
            "INSERT INTO corrections (kind, article_id, anchor, trigger, version_id, item_id, span_start, span_end, "
            "confidence, action, changes, reason, reviewer, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                kind,
                article_id,
                item["anchor"],
                item["trigger"],
                item["version_id"],
                item_id,
                item["span_start"],
                item["span_end"],
                item["confidence"],
                action,
                json.dumps(cumulative),
                reason,
                reviewer,
                now,
            ],
        ).fetchall()
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    return {
        "kind": kind,
        "article_id": article_id,
        "item_id": item_id,
        "version_id": item["version_id"],
        "uid": item["uid"],
        "action": action,
        "changes": cumulative,
        "reason": reason,
        "reviewer": reviewer,
        "at": now.isoformat(),
    }


def _hits(con: Any, kind: str, uids: Iterable[str]) -> dict[str, dict[str, Any]]:
    """Item uid -> its review state, for the uids that have one (store view ``review_hits_*``)."""
    ids = sorted(set(uids))
    if not ids:
        return {}
    try:
        cur = con.execute(
            f"SELECT uid, action, changes, reason, reviewer, created_at FROM review_hits_{table_of(kind)} "
            "WHERE uid IN (SELECT unnest(?))",
            [ids],
        )
    except duckdb.CatalogException:  # a store from before migration 7 (opened read-only): no reviews
        return {}
    out = {}
    for uid, action, changes, reason, reviewer, at in cur.fetchall():
        out[uid] = {
            "action": action,
            "changes": json.loads(changes),
            "reason": reason,
            "reviewer": reviewer,
            "at": at.isoformat() if isinstance(at, datetime) else str(at),
        }
    return out


def review_mark(state: dict[str, Any]) -> dict[str, Any]:
    """The contract's ``Review`` object for a review state."""
    return {
        "action": state["action"],
        "reviewer": state["reviewer"],
        "at": state["at"],
        "reason": state["reason"],
        "fields": sorted(state["changes"]),
    }


def _why(state: dict[str, Any]) -> dict[str, Any]:
    return {
        "by": "review",
        "name": f"review:{state['reviewer']}",
        "score": None,
        "span": None,
        "detail": f"{state['action']} at {state['at']}" + (f": {state['reason']}" if state["reason"] else ""),
    }


def correct_item(kind: str, item: dict[str, Any], state: dict[str, Any]) -> dict[str, Any]:
    """A contract item (as a JSON dict) with a review state applied: corrected fields, their
    ``why`` set to the review, ``reviewed`` and ``review``."""
    item = json.loads(json.dumps(item))  # a deep copy
    changes = state["changes"]
    why = item.setdefault("why", {})
    span = item.get("span")
    for column, value in changes.items():
        field = FIELD_OF.get(column, column)
        why[field] = _why(state)
        if column.startswith(("actor1_", "actor2_")):
            role, attr = column.split("_", 1)
            if column.endswith("_name") and value is None:
                item[role] = None
                continue
            actor = item.get(role) or {"text": value or "", "span": span, "confidence": 1.0}
            actor[attr] = value
            item[role] = actor
        elif column == "event_date":
            if value is None:
                item["date"] = None
                continue
            info = item.get("date") or {"span": span, "text": ""}
            info.update(value=value, precision="day", confidence=1.0)
            item["date"] = info
        elif column in ("place_name", "place_country", "lat", "lon"):
            loc = item.get("location") or {"precision": "unknown", "confidence": 1.0}
            loc[{"place_name": "name", "place_country": "country"}.get(column, column)] = value
            if column == "place_name":
                loc["place_id"] = None  # the analyst's place, not a gazetteer match
            item["location"] = loc
        elif column.startswith(("fatalities", "injured")):
            toll_name, _, part = column.partition("_")
            toll = item.get(toll_name) or {"spans": []}
            toll[part or "best"] = value
            item[toll_name] = toll
        else:
            item[column] = value
    item["reviewed"] = True
    item["review"] = review_mark(state)
    return item


def apply_corrections(kind: str, rows: list[dict[str, Any]], con: Any) -> list[dict[str, Any]]:
    """Rows with the analysts' corrections applied: the export/API entry point.

    ``rows``: dicts with ``version_id`` and ``id`` (or ``uid``), as ``SELECT * FROM
    events/incidents`` or the API give them. Corrected typed columns take the reviewed value;
    a ``data`` item (dict or JSON string) is parsed and corrected too (with ``why`` set to the
    review). Every row gets ``reviewed`` (bool), ``review_action`` (confirm/reject/edit or None)
    and ``review`` (who, when, why). Rejected rows are kept, marked ``review_action ==
    "reject"``: callers drop them (exports, lists). Matching is the store's (``review_hits_*``).
    """
    table_of(kind)
    uids = [row.get("uid") or f"{row['version_id']}/{row['id']}" for row in rows]
    states = _hits(con, kind, uids)
    out = []
    for uid, row in zip(uids, rows, strict=True):
        state = states.get(uid)
        row = dict(row)
        if isinstance(row.get("data"), str):
            row["data"] = json.loads(row["data"])
        row["reviewed"] = state is not None
        row["review_action"] = state["action"] if state else None
        row["review"] = review_mark(state) if state else None
        if state:
            for column, value in state["changes"].items():
                if column in row:
                    row[column] = value
            if row.get("data") is not None:
                row["data"] = correct_item(kind, row["data"], state)
        out.append(row)
    return out


def mark_unreviewed(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``apply_corrections`` for a store without any review: the same keys, nothing corrected."""
    return [{**row, "reviewed": False, "review_action": None, "review": None} for row in rows]


def apply_to_document(con: Any, document: dict[str, Any], article_id: str, version_id: str) -> dict[str, Any]:
    """An ``extract --json`` document of one stored version with corrections applied to its
    events and incidents (corrected values, ``why`` by review, ``reviewed``, ``review``)."""
    for kind, table in KINDS.items():
        items = document.get(table, [])
        states = _hits(con, kind, [f"{version_id}/{item['id']}" for item in items])
        if states:
            document[table] = [
                correct_item(kind, item, states[f"{version_id}/{item['id']}"])
                if f"{version_id}/{item['id']}" in states
                else item
                for item in items
            ]
    return document


def rejected_uids(con: Any, kind: str) -> list[str]:
    """uids of current-version items whose latest review rejects them."""
    table = table_of(kind)
    if not con.execute(
        "SELECT count(*) FROM corrections WHERE kind = ? AND action = 'reject'", [kind]
    ).fetchall()[0][0]:
        return []
    return [
        r[0]
        for r in con.execute(
            f"SELECT h.uid FROM review_hits_{table} h JOIN current_versions v ON v.version_id = h.version_id "
            "WHERE h.action = 'reject' ORDER BY h.uid"
        ).fetchall()
    ]


def history(
    con: Any, *, kind: str | None = None, article_id: str | None = None, limit: int = 100
) -> list[dict[str, Any]]:
    """The audit trail, newest first."""
    where, params = [], []
    if kind:
        table_of(kind)
        where.append("kind = ?")
        params.append(kind)
    if article_id:
        where.append("article_id = ?")
        params.append(article_id)
    sql = (
        "SELECT seq, kind, article_id, item_id, version_id, anchor, trigger, action, changes, reason, reviewer, "
        "created_at, confidence FROM corrections"
        + (" WHERE " + " AND ".join(where) if where else "")
        + " ORDER BY seq DESC LIMIT ?"
    )
    cur = con.execute(sql, [*params, limit])
    cols = [c[0] for c in cur.description]
    rows = [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]
    for row in rows:
        row["changes"] = json.loads(row["changes"])
        row["created_at"] = row["created_at"].isoformat()
    return rows


#: Impact weights of the review queue (see ``review_queue``).
QUEUE_WEIGHTS = {"material_conflict": 0.3, "verbal_conflict": 0.1, "per_log10_fatality": 0.25}


def review_queue(
    con: Any, *, kind: str | None = None, limit: int = 50, article_id: str | None = None
) -> list[dict[str, Any]]:
    """Unreviewed items of current versions, most in need of review first.

    priority = (1 - confidence) + 0.3 if material conflict (QuadClass 4) or 0.1 if verbal
    conflict (3) + 0.25 * log10(1 + fatalities): the least sure and the most consequential
    (deaths, violence) come first; ties by lowest confidence."""
    w = QUEUE_WEIGHTS
    quad = {
        "events": "e.quad_class",
        "incidents": "CASE WHEN e.cameo_root >= '14' THEN 4 WHEN e.cameo_root >= '09' THEN 3 "
        "WHEN e.cameo_root >= '06' THEN 2 WHEN e.cameo_root IS NOT NULL THEN 1 END",
    }
    dead = {"events": "NULL::DOUBLE", "incidents": "e.fatalities"}
    parts, params = [], []
    for k, table in KINDS.items():
        if kind and kind != k:
            continue
        trigger = "e.trigger" if table == "events" else "NULL"
        extra = "e.acled_event_type" if table == "incidents" else "NULL"
        where = "NOT e.reviewed" + (" AND e.article_id = ?" if article_id else "")
        params += [article_id] if article_id else []
        parts.append(
            f"SELECT '{k}' AS kind, e.article_id, e.id, e.version_id, e.confidence, e.plover_type, "
            f"{quad[table]} AS quad_class, {dead[table]} AS fatalities, {extra} AS acled_event_type, "
            f"e.actor1_name, e.actor1_country, e.actor2_name, e.actor2_country, e.place_name, e.event_date, "
            f"{trigger} AS trigger, e.text FROM reviewed_{table} e WHERE {where}"
        )
    if not parts:
        table_of(kind or "")
    sql = f"""
        SELECT *, round((1 - coalesce(confidence, 0))
               + CASE quad_class WHEN 4 THEN {w["material_conflict"]} WHEN 3 THEN {w["verbal_conflict"]} ELSE 0 END
               + {w["per_log10_fatality"]} * log10(1 + coalesce(fatalities, 0)), 4) AS priority
        FROM ({" UNION ALL ".join(parts)})
        ORDER BY priority DESC, confidence ASC NULLS FIRST, article_id, id LIMIT ?"""
    cur = con.execute(sql, [*params, limit])
    cols = [c[0] for c in cur.description]
    rows = [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]
    for row in rows:
        if isinstance(row.get("event_date"), date):
            row["event_date"] = row["event_date"].isoformat()
    return rows
