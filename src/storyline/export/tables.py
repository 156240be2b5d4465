"""Table exports (JSONL, Parquet, CSV) straight from DuckDB, current article versions only."""

from __future__ import annotations

import csv
import json
import sys
from datetime import datetime
from pathlib import Path
from typing import IO

from storyline.export.csvsafe import formula_safe_sql
from storyline.store import Store

#: Tables that are not one row per item of an article version.
_SPECIAL = {"articles", "versions"}
_INTERNAL = {"schema_migrations", "article_versions"}

_ARTICLES_SQL = """
    SELECT a.article_id, v.version, v.version_id, a.url_key, v.title, v.outlet, v.url, v.published,
           v.language, v.status, v.sha256, v.source, a.first_ingested, a.last_ingested, v.text
    FROM articles a JOIN current_versions v USING (article_id)
    ORDER BY v.published_ts NULLS LAST, a.article_id
"""
_VERSIONS_SQL = """
    SELECT * EXCLUDE (article) FROM article_versions ORDER BY article_id, version
"""


def table_names(store: Store) -> list[str]:
    """What ``--table`` accepts: articles, versions, and every other table in the store."""
    names = [
        r[0]
        for r in store.con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' "
            "AND table_type = 'BASE TABLE' ORDER BY table_name"
        ).fetchall()
    ]
    return sorted(_SPECIAL | {n for n in names if n not in _INTERNAL})


def _columns(store: Store, table: str) -> list[str]:
    return [
        r[0]
        for r in store.con.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_schema = 'main' "
            "AND table_name = ? ORDER BY ordinal_position",
            [table],
        ).fetchall()
    ]


#: Killed, summed over an event's casualties that are not negated (the events table keeps them in JSON).
_EVENT_FATALITIES = """(SELECT coalesce(sum(CAST(c->>'count' AS DOUBLE)), 0)
    FROM (SELECT unnest(CAST(coalesce(t.data->'casualties', '[]') AS JSON[])) AS c) s
    WHERE c->>'kind' = 'killed' AND NOT coalesce(CAST(c->>'negated' AS BOOLEAN), false)) AS fatalities"""
#: Tables whose rows the confidence threshold applies to (what the coder trusts).
THRESHOLD_TABLES = ("events", "incidents")


def table_query(
    store: Store,
    table: str,
    *,
    keep_json: bool,
    min_confidence: float | None = None,
    since: datetime | None = None,
) -> tuple[str, list]:
    """SQL (and its parameters) for one exported table. Item tables get the article's outlet, URL,
    publication time (a timestamp) and title; events also their fatalities and story."""
    if table not in table_names(store):
        raise KeyError(table)
    if table == "articles":
        return _ARTICLES_SQL, []
    if table == "versions":
        return _VERSIONS_SQL, []
    columns = _columns(store, table)
    if "version_id" not in columns:  # e.g. a story table: exported as it is
        return f'SELECT * FROM "{table}"', []
    drop = [c for c in ("data",) if c in columns and not keep_json]
    source = f'"{table}"'
    where: list[str] = []
    params: list[object] = []
    if table in THRESHOLD_TABLES and f"reviewed_{table}" in _views(store):
        # analysts' corrections win (storyline review); rejected rows are left out
        source = f"reviewed_{table}"
        drop += ["review_seq", "review_changes"]
        where.append("t.review_action IS DISTINCT FROM 'reject'")
    select = "t.* EXCLUDE (" + ", ".join(drop) + ")" if drop else "t.*"
    joins, extra = "", ""
    if table == "events":
        extra = f", {_EVENT_FATALITIES}, sm.story_id"
        joins = " LEFT JOIN story_mentions sm ON sm.event_uid = t.uid"
    if min_confidence is not None and table in THRESHOLD_TABLES:
        where.append("(t.confidence >= ?" + (" OR t.reviewed)" if source != f'"{table}"' else ")"))
        params.append(min_confidence)
    if since is not None:
        where.append("v.ingested_at > ?")
        params.append(since)
    order = "t.span_start" if "span_start" in columns else "t.version_id"
    return (
        f"SELECT {select}{extra}, v.outlet AS article_outlet, v.url AS article_url, "
        f"v.published_ts AS article_published, v.title AS article_title "
        f"FROM {source} t JOIN current_versions v ON v.version_id = t.version_id{joins} "
        + (f"WHERE {' AND '.join(where)} " if where else "")
        + f"ORDER BY v.published_ts NULLS LAST, t.version_id, {order}",
        params,
    )


def _views(store: Store) -> set[str]:
    return {
        r[0] for r in store.con.execute("SELECT view_name FROM duckdb_views() WHERE NOT internal").fetchall()
    }


def _sql_string(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def _formula_safe_query(store: Store, query: str, params: list) -> str:
    """The query with every text column guarded against spreadsheet formulas (CSV only)."""
    described = store.con.execute(f"DESCRIBE {query}", params).fetchall()
    columns = [
        formula_safe_sql(name) if kind == "VARCHAR" else '"' + name.replace('"', '""') + '"'
        for name, kind, *_ in described
    ]
    return f"SELECT {', '.join(columns)} FROM ({query})"


def export_table(
    store: Store,
    table: str,
    fmt: str,
    out: Path | None,
    *,
    min_confidence: float | None = None,
    since: datetime | None = None,
) -> int:
    """Write one table as parquet, csv or jsonl rows; returns the row count."""
    # Parquet keeps the whole item (JSON ``data``) as well; CSV stays flat and readable.
    query, params = table_query(
        store, table, keep_json=fmt in ("parquet", "jsonl"), min_confidence=min_confidence, since=since
    )
    if fmt == "csv":
        query = _formula_safe_query(store, query, params)
    counted = store.con.execute(f"SELECT count(*) FROM ({query})", params).fetchone()
    count = counted[0] if counted else 0
    if out is not None:
        options = {"parquet": "FORMAT parquet", "csv": "FORMAT csv, HEADER true", "jsonl": "FORMAT json"}[fmt]
        store.con.execute(f"COPY ({query}) TO {_sql_string(out)} ({options})", params)
        return count
    if fmt == "parquet":
        raise ValueError("parquet needs --out PATH")
    _stream_rows(store, query, params, fmt, sys.stdout)
    return count


def _stream_rows(store: Store, query: str, params: list, fmt: str, stream: IO[str]) -> None:
    cur = store.con.execute(query, params)
    columns = [c[0] for c in cur.description]
    writer = csv.writer(stream, lineterminator="\n") if fmt == "csv" else None
    if writer:
        writer.writerow(columns)
    while batch := cur.fetchmany(1000):
        for row in batch:
            if writer:
                writer.writerow(row)
            else:
                stream.write(json.dumps(dict(zip(columns, row, strict=True)), default=str) + "\n")


def export_documents(store: Store, out: Path | None, *, since: datetime | None = None) -> int:
    """JSONL: one ``Extraction`` (the extract --json contract) per current article version."""
    from storyline.export.documents import iter_documents

    count = 0
    handle = out.open("w", encoding="utf-8") if out else sys.stdout
    try:
        for doc in iter_documents(store, since=since):
            handle.write(doc.extraction.model_dump_json() + "\n")
            count += 1
    finally:
        if out:
            handle.close()
    return count
