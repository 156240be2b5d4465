"""Table exports (JSONL, Parquet, CSV) straight from DuckDB, current article versions only."""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path
from typing import IO

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
    names = [r[0] for r in store.con.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' "
        "AND table_type = 'BASE TABLE' ORDER BY table_name").fetchall()]
    return sorted(_SPECIAL | {n for n in names if n not in _INTERNAL})


def _columns(store: Store, table: str) -> list[str]:
    return [r[0] for r in store.con.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_schema = 'main' "
        "AND table_name = ? ORDER BY ordinal_position", [table]).fetchall()]


def table_query(store: Store, table: str, *, keep_json: bool) -> str:
    """SQL for one exported table. Item tables get the article's outlet, URL and date."""
    if table not in table_names(store):
        raise KeyError(table)
    if table == "articles":
        return _ARTICLES_SQL
    if table == "versions":
        return _VERSIONS_SQL
    columns = _columns(store, table)
    if "version_id" not in columns:  # e.g. a story table: exported as it is
        return f'SELECT * FROM "{table}"'
    drop = [c for c in ("data",) if c in columns and not keep_json]
    select = "t.* EXCLUDE (" + ", ".join(drop) + ")" if drop else "t.*"
    order = "t.span_start" if "span_start" in columns else "t.version_id"
    return (f'SELECT {select}, v.outlet AS article_outlet, v.url AS article_url, '
            f'v.published AS article_published, v.title AS article_title '
            f'FROM "{table}" t JOIN current_versions v ON v.version_id = t.version_id '
            f'ORDER BY v.published_ts NULLS LAST, t.version_id, {order}')


def _sql_string(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def export_table(store: Store, table: str, fmt: str, out: Path | None) -> int:
    """Write one table as parquet, csv or jsonl rows; returns the row count."""
    # Parquet keeps the whole item (JSON ``data``) as well; CSV stays flat and readable.
    query = table_query(store, table, keep_json=fmt in ("parquet", "jsonl"))
    count = store.con.execute(f"SELECT count(*) FROM ({query})").fetchone()[0]
    if out is not None:
        options = {"parquet": "FORMAT parquet", "csv": "FORMAT csv, HEADER true",
                   "jsonl": "FORMAT json"}[fmt]
        store.con.execute(f"COPY ({query}) TO {_sql_string(out)} ({options})")
        return count
    if fmt == "parquet":
        raise ValueError("parquet needs --out PATH")
    _stream_rows(store, query, fmt, sys.stdout)
    return count


def _stream_rows(store: Store, query: str, fmt: str, stream: IO[str]) -> None:
    cur = store.con.execute(query)
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


def export_documents(store: Store, out: Path | None) -> int:
    """JSONL: one ``Extraction`` (the extract --json contract) per current article version."""
    from storyline.export.documents import iter_documents

    count = 0
    handle = out.open("w", encoding="utf-8") if out else sys.stdout
    try:
        for doc in iter_documents(store):
            handle.write(doc.extraction.model_dump_json() + "\n")
            count += 1
    finally:
        if out:
            handle.close()
    return count
