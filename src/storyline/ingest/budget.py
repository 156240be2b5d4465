"""A time and size budget per HTML document, enforced in a worker process that can be stopped.

Why: main-text extraction (trafilatura) is superlinear in the number of paragraphs - inside
the library, not in our code: 16,000 tiny ``<p>`` took 2.6 s, 32,000 took 8.3 s, and a 15 MB
page of them ran for more than 300 s. A Python thread cannot be stopped, so the page is sent
to one long-lived worker process (spawned on first use, ~1 s): when it overruns its budget
the worker is killed, the page is reported as one error, and the next page gets a fresh
worker. Pages over the size cap are refused before any parsing.

Settings (environment): ``STORYLINE_MAX_HTML_BYTES`` (default 5 MB) and
``STORYLINE_EXTRACT_TIMEOUT_S`` (default 30 s; ``0`` runs extraction in-process, unbounded).

The server analyses POSTed articles the same way, in a second worker (:data:`ANALYSIS`,
``STORYLINE_ANALYSE_TIMEOUT_S``, default 120 s): the pipeline's CPU time is then not spent
under the server's GIL, so reads keep their latency while articles are written.
"""

from __future__ import annotations

import atexit
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

T = TypeVar("T")

MAX_HTML_BYTES_ENV = "STORYLINE_MAX_HTML_BYTES"
TIMEOUT_ENV = "STORYLINE_EXTRACT_TIMEOUT_S"
DEFAULT_MAX_HTML_BYTES = 5 * 1024 * 1024
DEFAULT_TIMEOUT_S = 30.0
#: How long a fresh worker may take to start (imports), outside the document's budget.
STARTUP_S = 300.0


class BudgetExceeded(Exception):
    """A document went over its time or size budget, or killed its worker. ``str()``: one line."""


def max_html_bytes() -> int:
    value = os.environ.get(MAX_HTML_BYTES_ENV, "")
    return int(value) if value.isdigit() else DEFAULT_MAX_HTML_BYTES


def _watch_parent(parent: int, warm: Callable[[], object] | None = None) -> None:
    """In a worker: exit when the process that started it is gone (kill -9 leaves orphans);
    ``warm`` (e.g. loading the models) runs once, before the first task."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(1)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()
    # Ctrl-C reaches the whole process group: the parent stops this worker (atexit, stop()).
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if warm is not None:
        warm()


def _ready() -> bool:
    return True


class Worker:
    """One long-lived worker process that runs one task at a time and is killed on overrun."""

    def __init__(
        self, name: str, timeout_env: str, default_timeout: float, warm: Callable[[], object] | None = None
    ):
        self.name = name
        self.timeout_env = timeout_env
        self.default_timeout = default_timeout
        self.warm = warm
        self._lock = threading.Lock()
        self._pool: ProcessPoolExecutor | None = None

    def timeout(self) -> float:
        try:
            return float(os.environ.get(self.timeout_env, self.default_timeout))
        except ValueError:
            return self.default_timeout

    def _start(self) -> ProcessPoolExecutor:
        if self._pool is None:
            # spawn, not fork: callers hold DuckDB connections and threads.
            self._pool = ProcessPoolExecutor(
                1,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_watch_parent,
                initargs=(os.getpid(), self.warm),
            )
            # Held in self._pool while it starts, so kill_processes() (SIGTERM) reaches it too.
            self._pool.submit(_ready).result(timeout=STARTUP_S)
        return self._pool

    def stop(self) -> None:
        """Kill the worker now (shutdown, tests); the next task starts a fresh one."""
        pool, self._pool = self._pool, None
        _kill(pool)

    def kill_processes(self) -> None:
        """SIGKILL the worker process, nothing else (safe in a signal handler: no lock is taken).
        Its task fails with BudgetExceeded; the next one starts a fresh worker."""
        processes = getattr(self._pool, "_processes", None) or {}
        for process in list(processes.values()):
            try:
                os.kill(process.pid, signal.SIGKILL)
            except (OSError, AttributeError, TypeError):
                pass

    def run(self, fn: Callable[..., T], *args: Any, timeout: float | None = None, **kwargs: Any) -> T:
        """``fn(*args, **kwargs)`` in the worker, stopped after ``timeout`` seconds (BudgetExceeded).

        ``fn`` must be a module-level function with picklable arguments and result. A timeout of
        0 (or the environment variable set to 0) calls it here, without a budget.
        """
        limit = self.timeout() if timeout is None else timeout
        if limit <= 0:
            return fn(*args, **kwargs)
        with self._lock:
            try:
                return self._start().submit(fn, *args, **kwargs).result(timeout=limit)
            except FutureTimeout:
                self.stop()
                raise BudgetExceeded(
                    f"{self.name} stopped after {limit:g} s (budget {self.timeout_env})"
                ) from None
            except BrokenProcessPool:
                self.stop()
                raise BudgetExceeded(
                    f"the {self.name} worker died on this document (out of memory, or the server is stopping)"
                ) from None


def _kill(pool: ProcessPoolExecutor | None) -> None:
    if pool is None:
        return
    for process in list(getattr(pool, "_processes", {}).values()):
        try:
            process.kill()
        except (OSError, AttributeError):
            pass
    pool.shutdown(wait=False, cancel_futures=True)


def _warm_extraction() -> None:
    """Imports paid once per worker, outside any page's budget."""
    import trafilatura  # noqa: F401
    from htmldate import find_date  # noqa: F401

    from storyline.ingest.html import _deep_parser
    from storyline.text.language import detect_language

    _deep_parser()
    detect_language("The council approved the budget on Monday, officials said.")


def _warm_pipeline() -> None:
    from storyline.pipeline import get_pipeline

    get_pipeline()


def analyse_article(article: Any) -> Any:
    """The default pipeline's Extraction of one Article (runs in the analysis worker)."""
    from storyline.pipeline import get_pipeline

    return get_pipeline().analyse(article)


#: HTML main-text extraction (ingest readers and POST /api/articles).
EXTRACTION = Worker("extraction", TIMEOUT_ENV, DEFAULT_TIMEOUT_S, warm=_warm_extraction)
#: The server's analysis of a POSTed article: off the server's GIL, stopped on overrun
#: (``STORYLINE_ANALYSE_TIMEOUT_S``, default 120 s; 0 analyses in the server process).
ANALYSIS = Worker("analysis", "STORYLINE_ANALYSE_TIMEOUT_S", 120.0, warm=_warm_pipeline)


def embedder_name(name: str) -> str:
    """The name of the sentence embedder ``name`` resolves to (runs in the embedding worker)."""
    from storyline.linking.embeddings import get_embedder

    return get_embedder(name).name


def embed_texts(name: str, texts: list[str]) -> Any:
    """Sentence embeddings of ``texts`` (runs in the embedding worker)."""
    from storyline.linking.embeddings import get_embedder

    return get_embedder(name).encode(texts)


#: The server's story linking of POSTed articles encodes sentences here (``serve/linker.py``):
#: torch stays out of the server process, and SIGTERM stops an encoding at once.
EMBEDDING = Worker("embedding", "STORYLINE_EMBED_TIMEOUT_S", 300.0)


def run_with_budget(fn: Callable[..., T], *args: Any, timeout: float | None = None, **kwargs: Any) -> T:
    """Run ``fn`` in the extraction worker within its time budget (see :meth:`Worker.run`)."""
    return EXTRACTION.run(fn, *args, timeout=timeout, **kwargs)


def stop_worker() -> None:
    """Kill the workers now (shutdown, tests); the next task starts fresh ones."""
    EXTRACTION.stop()
    ANALYSIS.stop()
    EMBEDDING.stop()


#: Set by :func:`kill_worker_processes` (the server is stopping): a task that failed because its
#: worker was killed for that is not the document's fault (the API answers 503, not 422).
_stopping = False


def stopping() -> bool:
    return _stopping


def kill_worker_processes() -> None:
    """SIGKILL the worker processes (safe in a signal handler); marks the process as stopping."""
    global _stopping
    _stopping = True
    EXTRACTION.kill_processes()
    ANALYSIS.kill_processes()
    EMBEDDING.kill_processes()


atexit.register(stop_worker)
