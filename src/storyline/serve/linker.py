"""Story linking of POSTed articles, in the server, in small batches (issue #18 item 4).

An article's events are stored by its POST; linking them into stories is pending work that
the store itself records (events of current versions in no story: ``pending_count``), picked
up by the next ``ingest``, ``storyline link`` or POST. After a POST, one background thread
links that work here, so a POSTed article's events reach a story without any CLI run.

What the first try got wrong (backed out): it linked the whole backlog in one transaction
under the write lock, so the first POST to a big unlinked store held the lock for minutes and
the POSTs behind it waited as long. Here:

- **Bounded batches.** Each batch links the pending events of a few article versions
  (``pending_versions``) in its own transaction, then releases the write lock. The number of
  versions adapts so that a batch holds the lock for about ``batch_s`` seconds (halved after a
  slower batch, doubled after a much faster one, between 1 and ``max_batch``).
- **Writers first.** The lock is a :class:`WriteLock`: a request that wants to write (a POST,
  a review) goes before the linker's next batch, so a POST waits for at most the one batch in
  progress, however big the backlog.
- **The slow part outside the lock.** The batch's sentences (events and article leads) are
  encoded before the lock is taken, in the embedding worker process (``ingest.budget.EMBEDDING``:
  torch stays out of the server process, which keeps reads' latency), and kept for the
  locked part by :class:`CachingEmbedder`.
- **One thread, coalescing.** POSTs during a run only make it look again once it is done.
- **Never fails a read, stops cleanly.** Reads never wait for it (they run on their own cursors);
  a failed batch is logged and its events stay pending for the next POST, ``ingest`` or
  ``link``; the serving tables (events only) are not rebuilt for a batch (stories are read
  from the store); ``stop()`` (serve's shutdown, SIGTERM) ends it between batches, and kills
  an encoding in progress with its worker. A batch cut short by a kill leaves no story row:
  it is one transaction.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import numpy as np

from storyline.linking.embeddings import Embedder, get_embedder
from storyline.linking.stories import (
    UNLINKABLE_STATUS,
    LinkReport,
    StoryLinker,
    article_lead,
    pending_versions,
)

if TYPE_CHECKING:
    from storyline.serve.database import Database

logger = logging.getLogger(__name__)

#: Seconds of write lock a batch aims at (adapts its size to it).
DEFAULT_BATCH_S = 0.5
#: Most article versions in one batch.
MAX_BATCH_VERSIONS = 64


class WriteLock:
    """The store's one writer at a time, where requests go before the background linker.

    ``with lock:`` is a foreground writer (POST, review, watcher), as with a plain lock.
    ``with lock.background():`` waits until no foreground writer is waiting, and gives the lock
    up again if one arrived meanwhile: a foreground writer waits for at most the background
    work that already held the lock when it asked (:attr:`overtaken` counts any other: 0).
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._state = threading.Condition()
        self._waiting = 0
        self._granted = 0  # background holds so far
        #: Most background holds that began while one foreground writer waited (stays 0).
        self.overtaken = 0
        #: Longest a foreground writer waited for the lock (seconds).
        self.longest_wait_s = 0.0

    def __enter__(self) -> WriteLock:
        started = time.monotonic()
        with self._state:
            self._waiting += 1
            granted = self._granted
        try:
            self._lock.acquire()
        finally:
            with self._state:
                self._waiting -= 1
                self.overtaken = max(self.overtaken, self._granted - granted)
                self.longest_wait_s = max(self.longest_wait_s, time.monotonic() - started)
                self._state.notify_all()
        return self

    def __exit__(self, *exc: object) -> None:
        self._lock.release()

    def locked(self) -> bool:
        return self._lock.locked()

    @contextmanager
    def background(self) -> Iterator[None]:
        while True:
            with self._state:
                while self._waiting:
                    self._state.wait(0.5)
            self._lock.acquire()
            with self._state:
                if not self._waiting:
                    self._granted += 1
                    break
            self._lock.release()  # a request asked between the check and the acquire: it goes first
        try:
            yield
        finally:
            self._lock.release()


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
    the write lock is taken (:meth:`prime`), and the linker's calls under the lock find them."""

    def __init__(self, inner: Embedder, size: int = 20_000):
        self.inner = inner
        self.name = inner.name
        self.size = size
        self._vectors: OrderedDict[str, np.ndarray] = OrderedDict()

    def prime(self, texts: list[str]) -> None:
        missing = list(dict.fromkeys(t for t in texts if t not in self._vectors))
        if missing:
            for text, vector in zip(missing, self.inner.encode(missing), strict=True):
                self._vectors[text] = vector
            while len(self._vectors) > self.size:
                self._vectors.popitem(last=False)

    def encode(self, texts: list[str]) -> np.ndarray:
        self.prime(texts)
        vectors = []
        for text in texts:
            self._vectors.move_to_end(text)
            vectors.append(self._vectors[text])
        return np.stack(vectors) if vectors else self.inner.encode([])


class BackgroundLinker:
    """Links the store's pending events in bounded batches, in one thread (see the module doc)."""

    def __init__(
        self,
        db: Database,
        *,
        embedder: str = "auto",
        batch_s: float = DEFAULT_BATCH_S,
        max_batch: int = MAX_BATCH_VERSIONS,
    ):
        self.db = db
        self.embedder_choice = embedder
        self.batch_s = batch_s
        self.max_batch = max(1, max_batch)
        #: Article versions in the next batch (adapts to ``batch_s``).
        self.batch_versions = min(4, self.max_batch)
        #: Batches committed, and the longest time one held the write lock (seconds).
        self.batches = 0
        self.longest_hold_s = 0.0
        self.mentions_linked = 0
        #: One line on the last failed run (its events stayed pending), or None.
        self.last_error: str | None = None
        self._embedder: CachingEmbedder | None = None
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
        """Stop between batches (serve's shutdown); an encoding in progress is stopped with its
        worker. True when the thread ended within ``timeout``."""
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
            except Exception as exc:  # noqa: BLE001 - the events stay pending in the store
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
        cur = self.db.cursor()
        first = True
        while not self._stop.is_set():
            versions = pending_versions(cur, self.batch_versions)
            if not versions and not first:
                return
            first = False
            embedder = self.embedder()
            embedder.prime(_batch_texts(cur, versions))  # the slow part, outside the lock
            if self._stop.is_set():
                return
            report, held = self._batch(versions, embedder)
            self.batches += 1
            self.longest_hold_s = max(self.longest_hold_s, held)
            self.mentions_linked += report.mentions_linked
            if report.mentions_linked or report.mentions_removed:
                self.db.stories_changed()
            self._adapt(held, len(versions))
            self.last_error = None

    def _batch(self, versions: list[str], embedder: CachingEmbedder) -> tuple[LinkReport, float]:
        store = self.db.store
        assert store is not None
        with self.db.write_lock.background():
            started = time.monotonic()
            report = StoryLinker(store, embedder=embedder).link_pending(versions)
            return report, time.monotonic() - started

    def _adapt(self, held: float, size: int) -> None:
        if held > self.batch_s and size > 1:
            self.batch_versions = max(1, size // 2)
        elif held < self.batch_s / 4 and size >= self.batch_versions:
            self.batch_versions = min(self.max_batch, self.batch_versions * 2)


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
