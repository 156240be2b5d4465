"""``storyline serve --watch``: poll the watched sources inside the server process.

DuckDB lets one process hold a store for writing, so a separate ``storyline watch`` cannot
write while ``storyline serve`` has the store open. Inside the server the watcher opens its own
connections to the *same* database instance (DuckDB shares it within a process), polls under the
server's write lock (so ``POST /api/articles`` and a poll never analyse at the same time), and
calls ``Database.changed()`` after a poll that stored something, so the API, the cached
aggregates and the dashboard (Sources page, events) show it on their next request.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from storyline.serve.database import Database


@dataclass
class WatchReport:
    polls: int = 0
    #: Passes of the loop (each looks for due sources, polled or not).
    ticks: int = 0
    stored: int = 0
    failed: int = 0
    last_error: str | None = None
    lines: list[str] = field(default_factory=list)


class ServerWatcher:
    """A daemon thread polling due sources every ``every`` seconds (each source's own interval wins)."""

    def __init__(
        self,
        db: Database,
        *,
        every: int,
        fetch: Any = None,
        pipeline: Any = None,
        concurrency: int = 4,
        on_line: Callable[[str], None] = lambda line: None,
        tick: float = 5.0,
    ):
        self.db, self.every, self.fetch, self.pipeline = db, every, fetch, pipeline
        self.concurrency, self.on_line, self.tick = concurrency, on_line, tick
        self.report = WatchReport()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="storyline-watch", daemon=True)

    def start(self) -> ServerWatcher:
        self._thread.start()
        return self

    def stop(self, timeout: float = 30.0) -> None:
        self._stop.set()
        self._thread.join(timeout)

    def _say(self, line: str) -> None:
        if len(self.report.lines) < 1000:
            self.report.lines.append(line)
        self.on_line(line)

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self.poll_due()
            except Exception as exc:  # noqa: BLE001 - the server must keep serving
                self.report.last_error = (
                    f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"
                )
                self._say(f"watch: poll failed ({self.report.last_error}); trying again later")
            self.report.ticks += 1
            self._stop.wait(self.tick)

    def poll_due(self) -> int:
        """Poll the sources that are due now; returns how many were polled."""
        from storyline.ingest.fetch import FetchConfig, Fetcher
        from storyline.ingest.runner import run_ingest
        from storyline.ingest.state import MonitorState, now_utc
        from storyline.ingest.web import Target, WebIngest
        from storyline.store import Store

        path = self.db.path
        with Store(path) as store:
            now = now_utc()
            targets = [
                Target(s.url, source_url=s.url, every_seconds=s.every_seconds or self.every)
                for s in MonitorState(store).sources()
                if s.next_poll is None or s.next_poll <= now
            ]
        if not targets:
            return 0
        started = time.monotonic()
        with self.db.write_lock, Store(path) as store, Fetcher(self.fetch or FetchConfig()) as fetcher:
            web = WebIngest(store, fetcher, concurrency=self.concurrency)
            # memory_limit=None: the server shares this DuckDB instance; its settings stay its own.
            stats = run_ingest(
                [],
                path,
                items=web.articles(targets),
                config=self.pipeline,
                memory_limit=None,
                on_error=lambda message: self._say(f"watch: {message}"),
            )
            web.finish()
        self.report.polls += 1
        self.report.stored += stats.stored
        self.report.failed += stats.failed
        if stats.stored:
            self.db.changed()
            self.db.schedule_linking()  # their events, in the background (serve/linker.py)
        self._say(
            f"watch: polled {len(targets)} source(s) in {time.monotonic() - started:.1f} s: "
            f"{stats.new} new articles, {stats.new_versions} new versions, {stats.failed} failed"
        )
        return len(targets)
