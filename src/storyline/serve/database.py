"""The server's handle on the store: one DuckDB database, one cursor per worker thread.

FastAPI runs plain ``def`` endpoints in a thread pool; a DuckDB connection must not be shared
between threads, but ``con.cursor()`` gives each thread its own connection to the same
database, so reads run in parallel while a write (ingest) is in its own transaction.

A read-only store is attached (``READ_ONLY``) to an in-memory database rather than opened
read-only itself, because a read-only database cannot attach the writable file that holds
the serving tables (``serving.py``); each cursor then selects the store as its default.
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from collections.abc import Hashable
from pathlib import Path
from typing import Any

import duckdb

from storyline.serve.linker import BackgroundLinker
from storyline.serve.serving import Generation, ServingTables
from storyline.store import Store
from storyline.store.errors import StoreError, store_error, truncation

#: Stores with fewer events than this build their serving tables before the first request.
SYNC_FIRST_BUILD_EVENTS = 200_000


logger = logging.getLogger(__name__)


class Database:
    def __init__(
        self, path: str, *, read_only: bool = False, serving: bool = True, threads: int | None = None
    ):
        self.path = path
        self.read_only = read_only
        self._use: str | None = None
        if read_only:
            if path != ":memory:" and not Path(path).exists():
                raise FileNotFoundError(f"no store at {path}")
            self.store: Store | None = None
            self._root = duckdb.connect(":memory:")
            quoted = str(path).replace("'", "''")  # ATTACH takes no parameters; the path is ours
            try:
                self._root.execute(f"ATTACH '{quoted}' AS store (READ_ONLY)")
                self._use = "store"
                self._root.execute(f"USE {self._use}")
                cut = truncation(path, self._root)
            except duckdb.Error as exc:  # locked, corrupt, not a DuckDB file: one line
                self._root.close()
                raise store_error(path, exc) from None
            if cut:
                self._root.close()
                raise StoreError(path, "corrupt", f"store file is corrupt or truncated ({cut})")
        else:
            self.store = Store(path)  # creates the file and applies migrations
            self._root = self.store.con
        if threads:
            self._root.execute(f"SET threads = {int(threads)}")
        #: Set (one line) once a request met a corrupt block: the health check stays unhealthy.
        self.broken: str | None = None
        self.last_store_error: str | None = None
        self._local = threading.local()
        #: Ingest runs one article at a time: the pipeline and the store writer are not re-entrant.
        self.write_lock = threading.Lock()
        #: Links POSTed articles' events into stories in the background, on its own connection
        #: and without the write lock (set by ``create_app``; ``serve/linker.py``).
        self.linker: BackgroundLinker | None = None
        self._superseded: list[str] | None = None
        self._facts: dict[tuple[str, str], bool] = {}
        self._has_undated: bool | None = None
        #: Aggregate responses (map, timeline, facets...) by request; emptied on every write.
        self._cache: OrderedDict[Hashable, Any] = OrderedDict()
        self._cache_lock = threading.Lock()
        self.cache_size = 256
        #: Bumped by every ``changed()``: which store contents a cached answer was computed from.
        self.generation = 0
        self.serving: ServingTables | None = None
        if serving:
            self.serving = ServingTables(self._root, use=self._use)
            if self.scalar("SELECT count(*) FROM events") < SYNC_FIRST_BUILD_EVENTS:
                self.serving.build()
            else:
                self.serving.start_background()

    def report_store_error(self, error: StoreError) -> None:
        """A request met a store fault: corrupt files and a stopped database stay unhealthy."""
        if error.kind in ("corrupt", "invalidated"):
            self.broken = str(error)
        self.last_store_error = str(error)

    def health_problem(self) -> str | None:
        """Why the store cannot serve now (one line), or None: a real read, not a liveness ping.

        Checks a query answers, that the file is as long as its blocks say (a truncated copy
        opens fine and fails on the first missing block) and that no request met a corrupt block.
        """
        if self.broken:
            return self.broken
        try:
            cur = self.cursor()
            cur.execute("SELECT count(*) FROM schema_migrations").fetchone()
            cut = truncation(self.path, cur)
        except Exception as exc:  # noqa: BLE001 - any failure here is the answer
            return str(store_error(self.path, exc))
        if cut:
            self.broken = f"{self.path}: store file is corrupt or truncated ({cut})"
            return self.broken
        return None

    def cursor(self) -> duckdb.DuckDBPyConnection:
        cur = getattr(self._local, "cursor", None)
        if cur is None:
            cur = self._root.cursor()
            if self._use:
                cur.execute(f"USE {self._use}")
            self._local.cursor = cur
        return cur

    def serving_tables(self) -> Generation | None:
        """The serving tables for the store as it is now, or None (then read the base tables)."""
        return self.serving.current() if self.serving else None

    def query(self, sql: str, params: list[Any] | tuple = ()) -> list[dict[str, Any]]:
        cur = self.cursor().execute(sql, list(params))
        cols = [c[0] for c in cur.description]
        return [dict(zip(cols, row, strict=True)) for row in cur.fetchall()]

    def scalar(self, sql: str, params: list[Any] | tuple = ()) -> Any:
        # fetchall, not fetchone: a result left unread keeps this cursor's transaction open, and
        # one that read the catalog (has_table) then blocks the serving tables' CHECKPOINT.
        rows = self.cursor().execute(sql, list(params)).fetchall()
        return rows[0][0] if rows else None

    def has_table(self, name: str) -> bool:
        """Cached like the superseded list: tables only change through our own writes."""
        key = ("has_table", name)
        facts = self._facts  # a write meanwhile replaces the dict: a stale answer lands in the old one
        if key not in facts:
            facts[key] = bool(
                self.scalar("SELECT count(*) FROM information_schema.tables WHERE table_name = ?", [name])
            )
        return facts[key]

    def has_rows(self, table: str) -> bool:
        """Whether ``table`` (a fixed name from the code) exists and holds a row. Cached."""
        key = ("has_rows", table)
        facts = self._facts
        if key not in facts:
            facts[key] = self.has_table(table) and bool(
                self.scalar(f"SELECT count(*) FROM (SELECT 1 FROM {table} LIMIT 1)")
            )
        return facts[key]

    def holds_incidents(self) -> bool:
        """Whether the current versions hold an incident: then the map, the timeline and the
        trend count incidents unless asked for another unit (``linking.trend.holds_incidents``,
        the dashboard's rule). Cached until the next write."""
        from storyline.linking.trend import holds_incidents

        key = ("holds_incidents", "")
        facts = self._facts
        if key not in facts:
            facts[key] = holds_incidents(self.cursor())
        return facts[key]

    def superseded_versions(self) -> list[str]:
        """Version ids that a newer version of their article replaced (usually few).

        Cached: while this process holds the store no other process can write it (DuckDB locks
        the file), so the list only changes on our own writes, which call ``changed()``.
        Filtering events by this short list is much cheaper than joining a million events to
        ``current_versions``.
        """
        found = self._superseded
        if found is None:
            generation = self.generation  # kept only if no write overtook the query
            found = [
                r[0]
                for r in self.cursor()
                .execute(
                    "SELECT v.version_id FROM article_versions v JOIN articles a ON a.article_id = v.article_id "
                    "WHERE v.version < a.latest_version"
                )
                .fetchall()
            ]
            if generation == self.generation:
                self._superseded = found
        return found

    def has_undated_events(self) -> bool:
        """Whether any event lacks a resolved date (then it counts on its publication day). Cached."""
        found = self._has_undated
        if found is None:
            generation = self.generation
            found = bool(
                self.scalar("SELECT count(*) FROM (SELECT 1 FROM events WHERE event_date IS NULL LIMIT 1)")
            )
            if generation == self.generation:
                self._has_undated = found
        return found

    def cache_get(self, key: Hashable) -> Any:
        with self._cache_lock:
            if key in self._cache:
                self._cache.move_to_end(key)
                return self._cache[key]
        return None

    def cache_put(self, key: Hashable, value: Any, generation: int | None = None) -> None:
        """Remember ``value`` until the store changes (LRU, ``cache_size`` entries).

        ``generation``: :attr:`generation` when the answer's computation began; an answer that a
        write overtook (computed before ``changed()``, finished after) is not kept, or it would
        be served stale until the next write."""
        with self._cache_lock:
            if generation is not None and generation != self.generation:
                return
            self._cache[key] = value
            while len(self._cache) > self.cache_size:
                self._cache.popitem(last=False)

    def changed(self) -> None:
        """Forget everything derived from the store's contents (after our own write)."""
        with self._cache_lock:  # first: an answer computed from the old contents is no longer kept
            self.generation += 1
        self._superseded = None
        self._has_undated = None
        self._facts = {}
        if self.serving:
            self.serving.invalidate()
        with self._cache_lock:
            self._cache.clear()

    def schedule_linking(self) -> None:
        """Link the store's pending events into stories soon, in bounded background batches."""
        if self.linker is not None:
            self.linker.request()

    def stories_changed(self) -> None:
        """The background linker committed a batch: forget cached answers and facts (stories,
        story counts), but keep the serving tables, which hold no story columns."""
        with self._cache_lock:
            self.generation += 1
        self._facts = {}
        with self._cache_lock:
            self._cache.clear()

    def reviews_changed(self) -> None:
        """An analyst's review was stored (``storyline.review``): forget cached answers and facts,
        but keep the serving tables, which hold the machine's values (reviews are applied when
        rows are read), so a review never costs a rebuild of a big store's tables."""
        self._facts = {}
        with self._cache_lock:
            self._cache.clear()

    def close(self) -> None:
        if self.linker is not None:  # never close the connection under a running batch
            self.linker.stop()
        if self.serving:
            self.serving.close()
        self._root.close()
