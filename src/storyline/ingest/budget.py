"""A time and size budget per HTML document, enforced in a worker process that can be stopped.

Why: main-text extraction (trafilatura) is superlinear in the number of paragraphs - inside
the library, not in our code: 16,000 tiny ``<p>`` took 2.6 s, 32,000 took 8.3 s, and a 15 MB
page of them ran for more than 300 s. A Python thread cannot be stopped, so the page is sent
to one long-lived worker process (spawned on first use, ~1 s): when it overruns its budget
the worker is killed, the page is reported as one error, and the next page gets a fresh
worker. Pages over the size cap are refused before any parsing.

Settings (environment): ``STORYLINE_MAX_HTML_BYTES`` (default 5 MB) and
``STORYLINE_EXTRACT_TIMEOUT_S`` (default 30 s; ``0`` runs extraction in-process, unbounded).
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
STARTUP_S = 120.0


class BudgetExceeded(Exception):
    """A document went over its time or size budget, or killed its worker. ``str()``: one line."""


def max_html_bytes() -> int:
    value = os.environ.get(MAX_HTML_BYTES_ENV, "")
    return int(value) if value.isdigit() else DEFAULT_MAX_HTML_BYTES


def timeout_s() -> float:
    try:
        return float(os.environ.get(TIMEOUT_ENV, DEFAULT_TIMEOUT_S))
    except ValueError:
        return DEFAULT_TIMEOUT_S


_lock = threading.Lock()  # one document at a time in the one worker
_pool: ProcessPoolExecutor | None = None


def _watch_parent(parent: int) -> None:
    """In the worker: exit when the process that started it is gone (kill -9 leaves orphans)."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(1)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def _ready() -> bool:
    return True


def _start() -> ProcessPoolExecutor:
    global _pool
    if _pool is None:
        # spawn, not fork: callers hold DuckDB connections and threads.
        pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"),
                                   initializer=_watch_parent, initargs=(os.getpid(),))
        try:
            pool.submit(_ready).result(timeout=STARTUP_S)
        except BaseException:
            _kill(pool)
            raise
        _pool = pool
    return _pool


def _kill(pool: ProcessPoolExecutor | None) -> None:
    if pool is None:
        return
    for process in list(getattr(pool, "_processes", {}).values()):
        try:
            process.kill()
        except (OSError, AttributeError):
            pass
    pool.shutdown(wait=False, cancel_futures=True)


def stop_worker() -> None:
    """Kill the worker now (shutdown, tests); the next document starts a fresh one."""
    global _pool
    pool, _pool = _pool, None
    _kill(pool)


atexit.register(stop_worker)


def kill_worker_processes() -> None:
    """SIGKILL the worker process, nothing else (safe in a signal handler: no lock is taken).
    A document in it fails with BudgetExceeded; the next one starts a fresh worker."""
    processes = getattr(_pool, "_processes", None) or {}
    for process in list(processes.values()):
        try:
            os.kill(process.pid, signal.SIGKILL)
        except (OSError, AttributeError, TypeError):
            pass


def run_with_budget(fn: Callable[..., T], *args: Any, timeout: float | None = None, **kwargs: Any) -> T:
    """``fn(*args, **kwargs)`` in the worker, stopped after ``timeout`` seconds (BudgetExceeded).

    ``fn`` must be a module-level function with picklable arguments and result. A timeout of 0
    (or ``STORYLINE_EXTRACT_TIMEOUT_S=0``) calls it here, without a budget.
    """
    limit = timeout_s() if timeout is None else timeout
    if limit <= 0:
        return fn(*args, **kwargs)
    with _lock:
        future = _start().submit(fn, *args, **kwargs)
        try:
            return future.result(timeout=limit)
        except FutureTimeout:
            stop_worker()
            raise BudgetExceeded(f"extraction stopped after {limit:g} s (budget {TIMEOUT_ENV})") from None
        except BrokenProcessPool:
            stop_worker()
            raise BudgetExceeded("the extraction worker died on this document (out of memory?)") from None
