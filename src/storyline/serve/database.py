"""The server's handle on the store: one DuckDB database, one cursor per worker thread.

FastAPI runs plain ``def`` endpoints in a thread pool; a DuckDB connection must not be shared
between threads, but ``con.cursor()`` gives each thread its own connection to the same
database, so reads run in parallel while a write (ingest) is in its own transaction.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import duckdb

from storyline.store import Store


class Database:
    def __init__(self, path: str, *, read_only: bool = False):
        self.path = path
        self.read_only = read_only
        if read_only:
            if path != ":memory:" and not Path(path).exists():
                raise FileNotFoundError(f"no store at {path}")
            self.store: Store | None = None
            self._root = duckdb.connect(path, read_only=True)
        else:
            self.store = Store(path)  # creates the file and applies migrations
            self._root = self.store.con
        self._local = threading.local()
        #: Ingest runs one article at a time: the pipeline and the store writer are not re-entrant.
        self.write_lock = threading.Lock()

    def cursor(self) -> duckdb.DuckDBPyConnection:
        cur = getattr(self._local, "cursor", None)
        if cur is None:
            cur = self._root.cursor()
            self._local.cursor = cur
        return cur

    def query(self, sql: str, params: list[Any] | tuple = ()) -> list[dict[str, Any]]:
        cur = self.cursor().execute(sql, list(params))
        cols = [c[0] for c in cur.description]
        return [dict(zip(cols, row, strict=True)) for row in cur.fetchall()]

    def scalar(self, sql: str, params: list[Any] | tuple = ()) -> Any:
        row = self.cursor().execute(sql, list(params)).fetchone()
        return row[0] if row else None

    def has_table(self, name: str) -> bool:
        return bool(self.scalar(
            "SELECT count(*) FROM information_schema.tables WHERE table_name = ?", [name]))

    def close(self) -> None:
        self._root.close()
