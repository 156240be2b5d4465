"""Story linking of POSTed articles, in the server, in small batches (issue #18 item 4).

An article's events are stored by its POST; linking them into stories is pending work that
the store itself records (events of current versions in no story: ``pending_count``), picked
up by the next ``ingest``, ``storyline link`` or POST. After a POST, one background thread
links that work here, so a POSTed article's events reach a story without any CLI run.

What the first try got wrong (backed out): it linked the whole backlog in one transaction
under the write lock, so the first POST to a big unlinked store held the lock for minutes and
the POSTs behind it waited as long. Here:

- **No write lock.** The linker writes only the story tables (``story_events``,
  ``story_mentions``), which nothing else in the server writes, on its own DuckDB connection
  (a cursor of the server's database): its transaction runs beside the POSTs' and reviews'
  (DuckDB's MVCC; they write other tables), so a POST never waits for linking. An event a
  POST supersedes meanwhile is linked once and dropped again by the next batch, as after
  ``ingest``.
- **Bounded batches.** Each batch links the pending events of a few article versions
  (``pending_versions``) in its own transaction: a kill loses at most that batch (its events
  stay pending), ``stop()`` rolls back the one in progress (it is checked between incidents),
  and each sees the POSTs committed before it. The number of versions adapts so that a batch takes about ``batch_s`` seconds (halved
  after a slower batch, doubled after a much faster one, between 1 and ``max_batch``).
- **The slow part in a worker.** The batch's sentences (events and article leads) are encoded
  before its transaction, in the embedding worker process (``ingest.budget.EMBEDDING``): torch
  stays out of the server process, and SIGTERM stops an encoding at once with its worker. The
  vectors are kept for the transaction by :class:`CachingEmbedder`.
- **One thread, coalescing, a quarter of a core.** POSTs during a run only make it look again
  once it is done; after each batch it rests three times as long as the batch took (``duty``), so reads
  keep most of the server's CPU (the scoring is Python, under the server's GIL) while a
  backlog is linked.
- **Never fails a read.** Reads never wait for it; a failed batch is logged
  (:attr:`BackgroundLinker.last_error`) and its events stay pending for the next POST,
  ``ingest`` or ``link``; the serving tables (events only) are not rebuilt for a batch
  (stories are read from the store), only the cached answers are dropped.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from typing import TYPE_CHECKING, Any

import numpy as np

from storyline.linking.embeddings import Embedder, get_embedder
from storyline.linking.stories import (
    UNLINKABLE_STATUS,
    LinkInterrupted,
    LinkReport,
    StoryLinker,
    article_lead,
    pending_versions,
)

if TYPE_CHECKING:
    from storyline.serve.database import Database

logger = logging.getLogger(__name__)

#: Seconds a batch's transaction aims at (its size adapts to it).
DEFAULT_BATCH_S = 0.5
#: Most article versions in one batch.
MAX_BATCH_VERSIONS = 64
#: Share of the time the linker works while a backlog lasts: after a batch it rests three times
#: as long, so reads keep the server's CPU (its scoring is Python, under the server's GIL;
#: write-mode load bench, 0 errors each run, p99 ratio 1.58 and 2.16 at 0.5, 2.44 at 0.25 -
#: the machine's load moves it more than the duty does, docs/reliability.md).
DEFAULT_DUTY = 0.25


class WorkerEmbedder:
    """An embedder that encodes in the embedding worker process (``ingest.budget.EMBEDDING``)."""

    def __init__(self, name: str = "auto"):
        from storyline.ingest.budget import EMBEDDING, embedder_name

        self._choice = name
        self.name = EMBEDDING.run(embedder_name, name)  # starts the worker, loads the model

    def encode(self, texts: list[str]) -> np.ndarray:
        from storyline.ingest.budget import EMBEDDING, embed_texts

        return np.asarray(EMBEDDING.run(embed_texts, self._choice, list(texts)), dtype=np.float32)


class CachingEmbedder:
    """Remembers the vectors of the last ``size`` texts: a batch's sentences are encoded before
    its transaction (:meth:`prime`), and the linker's calls inside it find them."""

    def __init__(self, inner: Embedder, size: int = 20_000):
        self.inner = inner
        self.name = inner.name
        self.size = size
        self._vectors: OrderedDict[str, np.ndarray] = OrderedDict()

    def prime(self, texts: list[str]) -> None:
        self.encode(texts)

    def encode(self, texts: list[str]) -> np.ndarray:
        found = {t: self._vectors[t] for t in texts if t in self._vectors}
        missing = list(dict.fromkeys(t for t in texts if t not in found))
        if missing:
            found.update(zip(missing, self.inner.encode(missing), strict=True))
        for text in texts:  # most recently used last; the oldest are forgotten
            self._vectors[text] = found[text]
            self._vectors.move_to_end(text)
        while len(self._vectors) > self.size:
            self._vectors.popitem(last=False)
        return np.stack([found[t] for t in texts]) if texts else self.inner.encode([])


class BackgroundLinker:
    """Links the store's pending events in bounded batches, in one thread (see the module doc)."""

    def __init__(
        self,
        db: Database,
        *,
        embedder: str = "auto",
        batch_s: float = DEFAULT_BATCH_S,
        max_batch: int = MAX_BATCH_VERSIONS,
        duty: float = DEFAULT_DUTY,
    ):
        self.db = db
        self.embedder_choice = embedder
        self.batch_s = batch_s
        self.duty = min(1.0, max(0.05, duty))
        self.max_batch = max(1, max_batch)
        #: Article versions in the next batch (adapts to ``batch_s``).
        self.batch_versions = min(4, self.max_batch)
        #: Batches committed, and the longest one's transaction (seconds).
        self.batches = 0
        self.longest_batch_s = 0.0
        self.mentions_linked = 0
        #: One line on the last failed run (its events stayed pending), or None.
        self.last_error: str | None = None
        self._embedder: CachingEmbedder | None = None
        self._cursor: Any = None
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._idle = threading.Event()
        self._idle.set()
        self._thread: threading.Thread | None = None
        self._start = threading.Lock()

    # -- control ---------------------------------------------------------------------------
    def request(self) -> None:
        """Link what is pending soon (after a POST); returns at once. Requests during a run coalesce."""
        if self._stop.is_set() or self.db.store is None:
            return
        with self._start:
            self._idle.clear()
            self._wake.set()
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="story-linker", daemon=True)
                self._thread.start()

    def wait_idle(self, timeout: float | None = None) -> bool:
        """Wait until nothing is pending for the linker (or it stopped); False after ``timeout``."""
        return self._idle.wait(timeout)

    def stop(self, timeout: float = 30.0) -> bool:
        """Stop now (serve's shutdown): the batch in progress is rolled back at its next incident
        (its events stay pending), an encoding in progress is stopped with its worker. True
        when the thread ended within ``timeout``."""
        self._stop.set()
        self._wake.set()
        if self.embedder_choice != "hashing":
            from storyline.ingest.budget import EMBEDDING

            EMBEDDING.stop()
        thread = self._thread
        if thread is not None:
            thread.join(timeout)
            return not thread.is_alive()
        return True

    # -- the thread ------------------------------------------------------------------------
    def _run(self) -> None:
        while not self._stop.is_set():
            self._wake.wait()
            self._wake.clear()
            if self._stop.is_set():
                break
            try:
                self._drain()
            except LinkInterrupted:  # stop(): the batch was rolled back, its events stay pending
                break
            except Exception as exc:  # noqa: BLE001 - the events stay pending in the store
                if self._stop.is_set():  # its worker was stopped with it: not a failure
                    break
                self.last_error = f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"
                logger.warning("story linking after a POST failed (left pending): %s", self.last_error)
            with self._start:  # idle only if no request came meanwhile
                if not self._wake.is_set():
                    self._idle.set()
        self._idle.set()

    def embedder(self) -> CachingEmbedder:
        if self._embedder is None:
            inner: Embedder = (
                get_embedder("hashing")
                if self.embedder_choice == "hashing"
                else WorkerEmbedder(self.embedder_choice)
            )
            self._embedder = CachingEmbedder(inner)
        return self._embedder

    def _drain(self) -> None:
        """Batches until nothing is pending; the first one runs even then (it also drops the
        story mentions of versions a POST superseded)."""
        if self._cursor is None:  # the linker's own connection (this thread's only)
            self._cursor = self.db.cursor()
        cur = self._cursor
        first = True
        while not self._stop.is_set():
            began = time.monotonic()
            versions = pending_versions(cur, self.batch_versions)
            if not versions and not first:
                return
            first = False
            embedder = self.embedder()
            embedder.prime(_batch_texts(cur, versions))  # the slow part, outside the lock
            if self._stop.is_set():
                return
            report, took = self._batch(cur, versions, embedder)
            self.batches += 1
            self.longest_batch_s = max(self.longest_batch_s, took)
            self.mentions_linked += report.mentions_linked
            if report.mentions_linked or report.mentions_removed:
                self.db.stories_changed()
            self._adapt(took, len(versions))
            self.last_error = None
            if versions:  # rest (``duty``), woken at once by stop()
                self._stop.wait((time.monotonic() - began) * (1.0 / self.duty - 1.0))

    def _batch(self, cur: Any, versions: list[str], embedder: CachingEmbedder) -> tuple[LinkReport, float]:
        """One transaction on the linker's own connection (no write lock: see the module doc)."""
        started = time.monotonic()
        linker = StoryLinker(_OwnConnection(cur), embedder=embedder)  # type: ignore[arg-type]
        report = linker.link_pending(versions, stop=self._stop.is_set)
        return report, time.monotonic() - started

    def _adapt(self, took: float, size: int) -> None:
        if took > self.batch_s and size > 1:
            self.batch_versions = max(1, size // 2)
        elif took < self.batch_s / 4 and size >= self.batch_versions:
            self.batch_versions = min(self.max_batch, self.batch_versions * 2)


class _OwnConnection:
    """What StoryLinker uses of a Store (``con``), on the linker's own connection."""

    def __init__(self, con: Any):
        self.con = con


def _batch_texts(cur: Any, versions: list[str]) -> list[str]:
    """What linking these versions encodes: their pending events' texts and their articles' leads."""
    if not versions:
        return []
    marks = ",".join("?" * len(versions))
    statuses = ",".join("?" * len(UNLINKABLE_STATUS))
    texts = [
        r[0]
        for r in cur.execute(
            f"SELECT e.text FROM events e WHERE e.version_id IN ({marks}) "
            "AND e.uid NOT IN (SELECT event_uid FROM story_mentions) "
            f"AND coalesce(e.status, 'asserted') NOT IN ({statuses})",
            [*versions, *UNLINKABLE_STATUS],
        ).fetchall()
    ]
    leads = cur.execute(
        f"SELECT title, text FROM article_versions WHERE version_id IN ({marks})", versions
    ).fetchall()
    return texts + [article_lead(title, text) for title, text in leads]
