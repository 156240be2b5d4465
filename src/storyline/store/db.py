"""The embedded DuckDB store.

Articles are keyed by normalised URL when they have one, else by content hash. Saving an
article is one transaction (the version row and all its items), so a run killed at any point
leaves each article either fully stored or absent, and re-running stores it exactly once.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import duckdb

from storyline.lang import handles
from storyline.model import Article, Extraction
from storyline.store.errors import StoreError, classify, store_error, truncation
from storyline.store.schema import ITEM_TABLES, MIGRATIONS

#: Store files open in this process (real path -> open Stores), see Store.__init__.
_OPEN: dict[str, int] = {}

SaveOutcome = Literal["new", "unchanged", "new_version"]

_MEMORY_LIMIT = re.compile(r"\d+(\.\d+)?\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)", re.IGNORECASE)

#: Query parameters that only track a click, never change the article.
_TRACKING_PARAMS = ("utm_", "fbclid", "gclid", "mc_cid", "mc_eid", "ocid", "cmpid", "smid", "ref")


def normalise_url(url: str | None) -> str | None:
    """Canonical form of an article URL: lower-case host, no fragment, tracking or trailing slash."""
    if not url or not url.strip():
        return None
    parts = urlsplit(url.strip())
    if not parts.netloc:
        return url.strip()
    host = parts.netloc.lower()
    if host.startswith("www."):
        host = host[4:]
    host = host.removesuffix(":80").removesuffix(":443")
    query = [(k, v) for k, v in parse_qsl(parts.query) if not k.lower().startswith(_TRACKING_PARAMS)]
    path = parts.path.rstrip("/") or "/"
    return urlunsplit(
        (
            "https" if parts.scheme in ("http", "https") else parts.scheme,
            host,
            path,
            urlencode(sorted(query)),
            "",
        )
    )


def article_id_for(article: Article) -> tuple[str, str | None]:
    """(article_id, url_key): from the normalised URL, else from the text's hash."""
    url_key = normalise_url(article.url)
    basis = f"url:{url_key}" if url_key else f"sha:{article.sha256}"
    return "a" + hashlib.sha1(basis.encode("utf-8")).hexdigest()[:16], url_key


def check_memory_limit(value: str) -> str:
    """``value`` if it is a DuckDB size ("256MB", "2GB"); ValueError otherwise."""
    if not _MEMORY_LIMIT.fullmatch(value.strip()):
        raise ValueError(f"memory limit {value!r}: expected a size such as 256MB or 2GB")
    return value.strip()


@dataclass
class SaveResult:
    outcome: SaveOutcome
    article_id: str
    version_id: str
    version: int


def _parse_ts(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        ts = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return ts if ts.tzinfo else ts.replace(tzinfo=UTC)


def _span(item: Any) -> tuple[int | None, int | None]:
    span = getattr(item, "span", None)
    return (span[0], span[1]) if span else (None, None)


def _actor(actor: Any) -> tuple[Any, Any, Any]:
    if actor is None:
        return (None, None, None)
    return (actor.name or actor.text, actor.country, actor.sector)


def _row_values(table: str, item: Any) -> tuple:
    """Typed columns for one item (after the common key columns), matching schema order."""
    data = item.model_dump_json()
    if table == "events":
        d, loc = item.date, item.location
        event_date = d.value if d and d.value and len(d.value) == 10 else None
        return (
            item.plover_type,
            item.plover_type_2021,
            item.plover_mode,
            item.cameo_code,
            item.cameo_root,
            item.goldstein,
            item.quad_class,
            item.status,
            *_actor(item.actor1),
            *_actor(item.actor2),
            event_date,
            d.precision if d else None,
            loc.name if loc else None,
            loc.country if loc else None,
            loc.lat if loc else None,
            loc.lon if loc else None,
            loc.precision if loc else None,
            item.trigger.text,
            item.text,
            data,
        )
    if table == "quotes":
        s = item.speaker
        return (item.kind, s.name, s.title, s.affiliation, s.country, item.channel, item.via, item.text, data)
    if table == "claims":
        return (item.source.name, item.source.type, item.verb, item.text, data)
    if table == "contradictions":
        return (item.slot, item.severity, item.explanation, data)
    if table == "places":
        return (
            item.text,
            item.name,
            item.gazetteer_id,
            item.feature,
            item.country,
            item.admin1,
            item.admin2,
            item.lat,
            item.lon,
            item.precision,
            data,
        )
    if table == "quantities":
        return (
            item.text,
            item.value,
            item.value_max,
            item.unit,
            item.category,
            item.qualifier,
            item.approximate,
            item.event_id,
            data,
        )
    if table == "entities":
        return (item.text, item.label)
    if table == "incidents":
        d, loc, dead, hurt = item.date, item.location, item.fatalities, item.injured
        return (
            item.plover_type,
            item.plover_mode,
            item.cameo_code,
            item.cameo_root,
            item.acled_event_type,
            item.acled_sub_event_type,
            item.status,
            item.timing,
            *_actor(item.actor1),
            *_actor(item.actor2),
            d.value if d and d.value and len(d.value) == 10 else None,
            d.precision if d else None,
            loc.name if loc else None,
            loc.country if loc else None,
            loc.lat if loc else None,
            loc.lon if loc else None,
            loc.precision if loc else None,
            dead.best if dead else None,
            dead.low if dead else None,
            dead.high if dead else None,
            hurt.best if hurt else None,
            hurt.low if hurt else None,
            hurt.high if hurt else None,
            len(item.event_ids),
            item.text,
            data,
        )
    raise ValueError(table)


def _rollback(con: duckdb.DuckDBPyConnection) -> None:
    """ROLLBACK that keeps the first error: after a failed COMMIT DuckDB has no transaction left,
    and the ROLLBACK's own error used to hide the real one (disk full) behind a chained traceback."""
    with contextlib.suppress(duckdb.Error):
        con.execute("ROLLBACK")


def _item_id(table: str, item: Any, index: int) -> str:
    return getattr(item, "id", None) or f"{table[:2]}{index}"


def _arrow_type_table() -> dict[str, Any]:
    import pyarrow as pa

    return {
        "VARCHAR": pa.string(),
        "JSON": pa.string(),
        "DATE": pa.string(),
        "INTEGER": pa.int32(),
        "BIGINT": pa.int64(),
        "DOUBLE": pa.float64(),
        "BOOLEAN": pa.bool_(),
        "TIMESTAMP": pa.timestamp("us"),
        "TIMESTAMP WITH TIME ZONE": pa.timestamp("us", tz="UTC"),
    }


#: DuckDB column type -> the Arrow type rows of that column are sent as (see Store._insert_rows).
_ARROW_TYPES = _arrow_type_table()


class Store:
    """A Storyline store in one DuckDB file (``:memory:`` for tests)."""

    def __init__(
        self,
        path: str | Path = "storyline.duckdb",
        *,
        read_only: bool = False,
        memory_limit: str | None = None,
    ):
        """``memory_limit`` (e.g. "256MB") caps DuckDB's buffer pool for this connection; by
        default DuckDB may keep up to 80% of RAM of the file's pages cached."""
        self.path = str(path)
        if read_only and self.path != ":memory:" and not Path(self.path).exists():
            raise FileNotFoundError(f"no store at {self.path}")
        if memory_limit is not None:
            memory_limit = check_memory_limit(memory_limit)
        try:
            self.con = duckdb.connect(self.path, read_only=read_only)
        except (duckdb.Error, OSError) as exc:  # locked, corrupt, not a DuckDB file: one line
            raise store_error(self.path, exc) from None
        key = os.path.realpath(self.path) if self.path != ":memory:" else None
        already_open = key is not None and _OPEN.get(key, 0) > 0
        if key is not None:
            _OPEN[key] = _OPEN.get(key, 0) + 1
        self._key = key
        try:
            # A file this process already has open shares its DuckDB instance: its unflushed
            # blocks are counted before they reach the file, so only a first open is checked.
            broken = None if already_open else truncation(self.path, self.con)
            if broken:
                raise StoreError(
                    self.path,
                    "corrupt",
                    f"store file is corrupt or truncated ({broken}); "
                    "restore it from a copy, or ingest again into a new --db",
                )
            if memory_limit is not None:
                self.con.execute(f"SET memory_limit = '{memory_limit}'")
            if not read_only:
                self.migrate()
        except (duckdb.Error, OSError) as exc:
            self.close()
            raise store_error(self.path, exc) from None
        except StoreError:
            self.close()
            raise

    # -- lifecycle -------------------------------------------------------------------------
    def close(self) -> None:
        key, self._key = getattr(self, "_key", None), None
        if key is not None and _OPEN.get(key, 0) > 0:
            _OPEN[key] -= 1
        self.con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def migrate(self) -> list[int]:
        """Apply missing migrations in order; returns the versions applied."""
        self.con.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations ("
            "version INTEGER PRIMARY KEY, description VARCHAR, applied_at TIMESTAMP)"
        )
        done = {r[0] for r in self.con.execute("SELECT version FROM schema_migrations").fetchall()}
        applied = []
        for version, description, sql in MIGRATIONS:
            if version in done:
                continue
            self.con.execute("BEGIN TRANSACTION")
            try:
                self.con.execute(sql)
                self.con.execute(
                    "INSERT INTO schema_migrations VALUES (?, ?, ?)",
                    [version, description, datetime.now(UTC).replace(tzinfo=None)],
                )
                self.con.execute("COMMIT")
            except Exception:
                _rollback(self.con)
                raise
            applied.append(version)
        return applied

    @property
    def schema_version(self) -> int:
        row = self.con.execute("SELECT max(version) FROM schema_migrations").fetchone()
        return (row[0] if row else None) or 0

    # -- writing ---------------------------------------------------------------------------
    def save(self, extraction: Extraction) -> SaveResult:
        """Store one article version and its items, atomically. Idempotent."""
        return self.save_many([extraction])[0]

    def save_many(self, extractions: list[Extraction]) -> list[SaveResult]:
        """Store several articles in one transaction; same rows and outcomes as ``save`` on each in turn.

        Why: DuckDB pays per statement, so one multi-row INSERT per table for a whole batch is
        several times cheaper than a transaction and ~10 statements per article.
        """
        from storyline.dictionaries import prepare_for_store

        prepare_for_store(self.con, extractions)  # users' dictionaries win over built-ins (storyline actors)
        keys = [article_id_for(e.article) for e in extractions]
        ids = sorted({article_id for article_id, _ in keys})
        if not ids:
            return []
        stored = {
            (a, sha): v
            for a, sha, v in self.con.execute(
                "SELECT article_id, sha256, version FROM article_versions WHERE article_id IN (SELECT unnest(?))",
                [ids],
            ).fetchall()
        }
        latest = dict(
            self.con.execute(
                "SELECT article_id, latest_version FROM articles WHERE article_id IN (SELECT unnest(?))",
                [ids],
            ).fetchall()
        )
        known = set(latest)
        now = datetime.now(UTC).replace(tzinfo=None)
        results: list[SaveResult] = []
        url_keys: dict[str, str | None] = {}
        versions: list[tuple] = []
        items: dict[str, list[tuple]] = {table: [] for table in ITEM_TABLES}
        for extraction, (article_id, url_key) in zip(extractions, keys, strict=True):
            article = extraction.article
            if (article_id, article.sha256) in stored:
                version = stored[(article_id, article.sha256)]
                results.append(SaveResult("unchanged", article_id, f"{article_id}:{version}", version))
                continue
            version = latest.get(article_id, 0) + 1
            latest[article_id] = stored[(article_id, article.sha256)] = version
            url_keys.setdefault(article_id, url_key)
            version_id = f"{article_id}:{version}"
            status = "processed" if handles(article.language) else "not-english"
            versions.append(
                (
                    version_id,
                    article_id,
                    version,
                    article.sha256,
                    article.title,
                    article.outlet,
                    article.url,
                    article.published,
                    _parse_ts(article.published),
                    article.language,
                    status,
                    article.text,
                    article.source,
                    now,
                    article.model_dump_json(),
                )
            )
            self._item_rows(extraction, article_id, version_id, items)
            results.append(
                SaveResult("new_version" if version > 1 else "new", article_id, version_id, version)
            )
        if not versions:
            return results
        changed = {row[1] for row in versions}
        self.con.execute("BEGIN TRANSACTION")
        try:
            for article_id in sorted(changed & known):
                self.con.execute(
                    "UPDATE articles SET latest_version = ?, last_ingested = ? WHERE article_id = ?",
                    [latest[article_id], now, article_id],
                )
            self._insert_rows(
                "articles", [(a, url_keys[a], latest[a], now, now) for a in sorted(changed - known)]
            )
            self._insert_rows("article_versions", versions)
            for table in ITEM_TABLES:
                self._insert_rows(table, items[table])
            self.assign_global_ids([row[0] for row in versions])
            self.con.execute("COMMIT")
        except Exception as exc:
            _rollback(self.con)
            if isinstance(exc, duckdb.Error | OSError) and classify(exc) != "other":  # disk full, corrupt
                raise store_error(self.path, exc) from None
            raise
        return results

    def assign_global_ids(self, version_ids: list[str] | None = None) -> None:
        """Give the events and incidents of these versions (all without one, when None) their
        increasing global id, in storage order. Called inside the transaction that stores them."""
        scope = "t.version_id IN (SELECT unnest(?))" if version_ids is not None else "TRUE"
        params = [version_ids] if version_ids is not None else []
        for table, kind in (("events", "event"), ("incidents", "incident")):
            self.con.execute(
                f"INSERT INTO global_ids (uid, kind) SELECT t.uid, '{kind}' FROM {table} t "
                f"WHERE {scope} AND t.uid NOT IN (SELECT uid FROM global_ids WHERE kind = '{kind}') "
                f"ORDER BY t.version_id, t.rowid",
                params,
            )

    def _item_rows(
        self, extraction: Extraction, article_id: str, version_id: str, into: dict[str, list[tuple]]
    ) -> None:
        for table in ITEM_TABLES:
            for index, item in enumerate(getattr(extraction, table)):
                item_id = _item_id(table, item, index)
                start, end = _span(item)
                into[table].append(
                    (
                        f"{version_id}/{item_id}",
                        version_id,
                        article_id,
                        item_id,
                        start,
                        end,
                        item.confidence,
                        *_row_values(table, item),
                    )
                )

    def _insert_rows(self, table: str, rows: list[tuple], per_statement: int = 200) -> None:
        """Append rows in input order (so ``rowid`` order is item order).

        As one Arrow table per call when every column type maps onto Arrow (~3x cheaper than
        binding parameters), else as multi-row ``INSERT ... VALUES``.
        """
        if not rows:
            return
        arrow = self._arrow_rows(table, rows)
        if arrow is not None:
            self.con.register("_storyline_rows", arrow)
            try:
                self.con.execute(f"INSERT INTO {table} SELECT * FROM _storyline_rows")
            finally:
                with contextlib.suppress(
                    duckdb.Error
                ):  # fails in an aborted transaction; keep the first error
                    self.con.unregister("_storyline_rows")
            return
        row_sql = "(" + ",".join("?" * len(rows[0])) + ")"
        for start in range(0, len(rows), per_statement):
            part = rows[start : start + per_statement]
            self.con.execute(
                f"INSERT INTO {table} VALUES " + ",".join([row_sql] * len(part)),
                [value for row in part for value in row],
            )

    def _arrow_rows(self, table: str, rows: list[tuple]) -> Any:
        import pyarrow as pa

        if not hasattr(self, "_arrow_types"):
            self._arrow_types: dict[str, list | None] = {}
        if table not in self._arrow_types:
            columns = self.con.execute(f"DESCRIBE {table}").fetchall()
            column_types = [_ARROW_TYPES.get(column[1]) for column in columns]
            self._arrow_types[table] = None if None in column_types else column_types
        types = self._arrow_types[table]
        if types is None or len(types) != len(rows[0]):
            return None
        try:  # DATE columns travel as ISO strings; DuckDB casts them as it would a bound parameter
            return pa.table(
                {f"c{i}": pa.array([row[i] for row in rows], type=kind) for i, kind in enumerate(types)}
            )
        except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError, OverflowError):
            return None

    # -- reading ---------------------------------------------------------------------------
    def _count(self, sql: str) -> int:
        row = self.con.execute(sql).fetchone()
        assert row is not None  # count(*) always gives one row
        return int(row[0])

    def counts(self) -> dict[str, int]:
        counts = {
            "articles": self._count("SELECT count(*) FROM articles"),
            "versions": self._count("SELECT count(*) FROM article_versions"),
        }
        for table in ITEM_TABLES:
            counts[table] = self._count(
                f"SELECT count(*) FROM {table} t JOIN current_versions v USING (version_id)"
            )
        return counts

    def has_version(self, article: Article) -> bool:
        article_id, _ = article_id_for(article)
        return bool(
            self.con.execute(
                "SELECT 1 FROM article_versions WHERE article_id = ? AND sha256 = ?",
                [article_id, article.sha256],
            ).fetchone()
        )

    def versions(self, article_id: str) -> list[dict[str, Any]]:
        cur = self.con.execute(
            "SELECT version_id, version, sha256, title, published, ingested_at FROM article_versions "
            "WHERE article_id = ? ORDER BY version",
            [article_id],
        )
        cols = [c[0] for c in cur.description]
        return [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]

    def load_extraction(self, version_id: str) -> Extraction:
        """Rebuild the contract document of one stored article version."""
        row = self.con.execute(
            "SELECT article FROM article_versions WHERE version_id = ?", [version_id]
        ).fetchone()
        if not row:
            raise KeyError(version_id)
        doc: dict[str, Any] = {"article": json.loads(row[0])}
        for table in ITEM_TABLES:
            if table == "entities":
                rows = self.con.execute(
                    "SELECT text, label, span_start, span_end, confidence FROM entities "
                    "WHERE version_id = ? ORDER BY span_start",
                    [version_id],
                ).fetchall()
                doc[table] = [
                    {"text": t, "label": lab, "span": [s, e], "confidence": c} for t, lab, s, e, c in rows
                ]
            else:
                rows = self.con.execute(
                    f"SELECT data FROM {table} WHERE version_id = ? ORDER BY rowid", [version_id]
                ).fetchall()
                doc[table] = [json.loads(r[0]) for r in rows]
        return Extraction.model_validate(doc)

    def iter_current(self) -> Iterator[Extraction]:
        """Every article's latest version, as contract documents."""
        ids = [
            r[0]
            for r in self.con.execute(
                "SELECT version_id FROM current_versions ORDER BY published_ts NULLS LAST, version_id"
            ).fetchall()
        ]
        for version_id in ids:
            yield self.load_extraction(version_id)
