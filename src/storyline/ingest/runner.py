"""The ingest job: read articles, skip stored ones, analyse the rest, save each atomically.

Design, so that a run can be killed at any moment and re-run safely:

* articles stream from the readers; nothing holds the whole corpus in memory;
* an article whose (article_id, sha256) is already stored is skipped *before* analysis, so a
  re-run only pays for what is new;
* analysis happens in chunks of ``batch_size`` articles, in-process (``workers=1``) or in
  ``workers`` spawned processes that each load the models once; at most ``4 * workers`` chunks
  are in flight, so memory stays bounded;
* results are written by this process only (DuckDB allows one writer), in input order, one
  transaction per analysed chunk (:meth:`Store.save_many`): a kill loses at most unsaved work
  and never leaves half an article or a duplicate. Input order makes ``--workers N`` store exactly what
  ``--workers 1`` stores.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
import time
import traceback
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

import duckdb

from storyline.ingest.errors import IngestError
from storyline.ingest.stats import RunCounts
from storyline.model import Article, Extraction
from storyline.pipeline import PipelineConfig
from storyline.store import SaveResult, Store, StoreError, article_id_for
from storyline.text.safe import display_name, display_text

MAX_ERRORS_KEPT = 1000


@dataclass(kw_only=True)
class IngestStats(RunCounts):
    """A local ingest run's counts (errors are also passed to ``on_error`` as they happen)."""

    new: int = 0
    new_versions: int = 0
    #: Stored articles with no publication date: kept with ``published`` null, never a made-up day.
    undated: int = 0
    max_errors: ClassVar[int] = MAX_ERRORS_KEPT

    @property
    def stored(self) -> int:
        return self.new + self.new_versions


class WorkerCrashed(RuntimeError):
    """A worker process died (out of memory, killed, failed to load the models)."""


@dataclass
class AnalysisFailure:
    """An article the pipeline raised on: reported as one line, the run goes on."""

    source: str
    reason: str


ErrorHandler = Callable[[str], None]
ProgressHandler = Callable[[IngestStats], None]
#: Called after each committed article with its source and the store's outcome.
SavedHandler = Callable[[Extraction, SaveResult], None]

#: DuckDB buffer pool of the ingest writer: enough for a batch's inserts and the store's
#: (small) indexes; more only caches pages of the file the job will not read again.
WRITER_MEMORY_LIMIT = "256MB"


def iter_inputs(
    paths: Iterable[str | Path], default_outlet: str | None = None
) -> Iterator[Article | IngestError]:
    """Articles (and one IngestError per bad input) from files and directories, streamed."""
    from storyline.ingest.readers import iter_articles

    return iter_articles([Path(p) for p in paths], default_outlet=default_outlet)


# -- analysis (runs in this process or in a worker) -------------------------------------------

_WORKER_CONFIG: PipelineConfig | None = None


def _exit_with_parent(parent: int, every: float = 1.0) -> None:
    """Stop this worker when the ingest process dies (kill -9 leaves workers orphaned otherwise)."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(every)
        os._exit(1)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def _init_worker(config: PipelineConfig) -> None:
    global _WORKER_CONFIG
    from storyline.pipeline import DEFAULT_COMPONENTS, get_pipeline

    if config.components == DEFAULT_COMPONENTS:
        # Pickling made a copy; the pipeline only skips missing components of *the* default tuple.
        config.components = DEFAULT_COMPONENTS
    _WORKER_CONFIG = config
    # Ctrl-C reaches the whole process group: the parent stops the workers and reports, once.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _exit_with_parent(os.getppid())

    get_pipeline(config)  # load the models once, before the first chunk arrives


def analyse_chunk(
    articles: list[Article], config: PipelineConfig | None = None
) -> list[Extraction | AnalysisFailure]:
    """Analyse a chunk with ``nlp.pipe``; if anything raises, redo it one by one to isolate the culprit."""
    from storyline.pipeline import get_pipeline

    pipeline = get_pipeline(config or _WORKER_CONFIG)
    try:
        return list(pipeline.analyse_many(articles))
    except Exception:  # noqa: BLE001 - one bad article must not sink its chunk
        pass
    results: list[Extraction | AnalysisFailure] = []
    for article in articles:
        try:
            results.append(pipeline.analyse(article))
        except Exception as exc:  # noqa: BLE001 - reported as a failed input, run continues
            where = traceback.extract_tb(exc.__traceback__)[-1]
            results.append(
                AnalysisFailure(
                    article.source or article.url or article.title or "(article)",
                    f"analysis failed: {type(exc).__name__}: {exc} ({Path(where.filename).name}:{where.lineno})",
                )
            )
    return results


# -- the job ----------------------------------------------------------------------------------


def _chunks_to_analyse(
    items: Iterable[Article | IngestError],
    store: Store,
    stats: IngestStats,
    batch_size: int,
    on_error: ErrorHandler,
    on_progress: ProgressHandler,
) -> Iterator[list[Article]]:
    """Group new articles into chunks, counting and reporting everything that is skipped."""
    chunk: list[Article] = []
    queued: set[tuple[str, str]] = set()  # (article_id, sha256) of this chunk: no double work
    for item in items:
        if isinstance(item, IngestError):
            stats.error(str(item))
            on_error(str(item))
            on_progress(stats)
            continue
        stats.read += 1
        key = (article_id_for(item)[0], item.sha256)
        if key in queued or store.has_version(item):
            stats.unchanged += 1
            on_progress(stats)
            continue
        chunk.append(item)
        queued.add(key)
        if len(chunk) >= batch_size:
            yield chunk
            chunk, queued = [], set()
    if chunk:
        yield chunk


def _record(
    store: Store,
    results: list[Extraction | AnalysisFailure],
    stats: IngestStats,
    on_error: ErrorHandler,
    on_progress: ProgressHandler,
    on_saved: SavedHandler | None,
) -> None:
    """Save one analysed chunk in one transaction (Store.save_many), then count and report each article.

    A chunk the store refuses for a reason of one record (not the store's: disk, lock, memory)
    is saved again article by article, so the bad article costs itself, not its chunk.
    """
    extractions = [r for r in results if not isinstance(r, AnalysisFailure)]
    try:
        saved: list[SaveResult | AnalysisFailure] = list(store.save_many(extractions))
    except STORE_FAULTS:
        raise
    except Exception:  # noqa: BLE001 - isolate the record below
        saved = [_save_alone(store, extraction) for extraction in extractions]
    outcomes = iter(saved)
    for result in results:
        if not isinstance(result, AnalysisFailure):
            outcome = next(outcomes)
            if isinstance(outcome, SaveResult):
                _count(result, outcome, stats, on_saved)
                on_progress(stats)
                continue
            result = outcome
        message = f"{result.source}: {result.reason}"
        stats.error(message)
        on_error(message)
        on_progress(stats)


#: Store errors that are the store's, not one record's: they stop the run (with one line).
STORE_FAULTS: tuple[type[BaseException], ...] = (
    StoreError,
    duckdb.IOException,
    duckdb.OutOfMemoryException,
    duckdb.FatalException,
    duckdb.InternalException,
    duckdb.TransactionException,
    MemoryError,
    OSError,
)


def _save_alone(store: Store, extraction: Extraction) -> SaveResult | AnalysisFailure:
    try:
        return store.save_many([extraction])[0]
    except STORE_FAULTS:
        raise
    except Exception as exc:  # noqa: BLE001 - reported as one failed article, the run goes on
        article = extraction.article
        where = display_name(article.source or article.url or article.title or "(article)")
        detail = display_text(str(exc).splitlines()[0][:200]) if str(exc) else ""
        return AnalysisFailure(where, f"cannot be stored: {type(exc).__name__}: {detail}")


def _count(result: Extraction, saved: SaveResult, stats: IngestStats, on_saved: SavedHandler | None) -> None:
    if on_saved is not None:
        on_saved(result, saved)
    if saved.outcome == "unchanged":
        stats.unchanged += 1
        return
    if saved.outcome == "new":
        stats.new += 1
    else:
        stats.new_versions += 1
    if not result.article.published:
        stats.undated += 1
    stats.count_stored(result)


def run_ingest(
    paths: Iterable[str | Path],
    db: str | Path,
    *,
    workers: int = 1,
    batch_size: int = 16,
    outlet: str | None = None,
    config: PipelineConfig | None = None,
    on_error: ErrorHandler = lambda message: None,
    on_progress: ProgressHandler = lambda stats: None,
    on_saved: SavedHandler | None = None,
    items: Iterable[Article | IngestError] | None = None,
    memory_limit: str | None = WRITER_MEMORY_LIMIT,
) -> IngestStats:
    """Ingest ``paths`` (or ready-made ``items``) into the store at ``db``; returns the counts.

    ``memory_limit`` caps the writer's DuckDB buffer pool, so the main process stays the same
    size however big the store grows (DuckDB otherwise keeps written pages cached).
    """
    config = config or PipelineConfig()
    stats = IngestStats()
    source = items if items is not None else iter_inputs(paths, default_outlet=outlet)
    with Store(db, memory_limit=memory_limit) as store:
        chunks = _chunks_to_analyse(source, store, stats, max(1, batch_size), on_error, on_progress)
        if workers <= 1:
            for chunk in chunks:
                _record(store, analyse_chunk(chunk, config), stats, on_error, on_progress, on_saved)
            return stats
        try:
            _run_pool(chunks, store, stats, workers, config, on_error, on_progress, on_saved)
        except BrokenProcessPool as exc:
            raise WorkerCrashed(
                "an analysis worker process died (see the messages above); "
                "everything saved so far is kept, run the same command again to resume"
            ) from exc
    return stats


def _run_pool(
    chunks: Iterable[list[Article]],
    store: Store,
    stats: IngestStats,
    workers: int,
    config: PipelineConfig,
    on_error: ErrorHandler,
    on_progress: ProgressHandler,
    on_saved: SavedHandler | None,
) -> None:
    # spawn, not fork: the parent holds a DuckDB connection and its threads.
    context = multiprocessing.get_context("spawn")
    pool = ProcessPoolExecutor(workers, mp_context=context, initializer=_init_worker, initargs=(config,))
    try:
        pending: deque[Future] = deque()
        for chunk in chunks:
            pending.append(pool.submit(analyse_chunk, chunk))
            while len(pending) >= 4 * workers:  # bounded: wait for the oldest, keep order
                _drain_one(pending, store, stats, on_error, on_progress, on_saved)
        while pending:
            _drain_one(pending, store, stats, on_error, on_progress, on_saved)
    except BaseException:
        # Ctrl-C or an error: the workers (which ignore SIGINT) are stopped now, not after the
        # queued chunks; what was saved stays saved and a re-run resumes.
        for process in list((getattr(pool, "_processes", None) or {}).values()):
            try:
                process.kill()
            except (OSError, AttributeError):
                pass
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown(wait=True)


def _drain_one(
    pending: deque[Future],
    store: Store,
    stats: IngestStats,
    on_error: ErrorHandler,
    on_progress: ProgressHandler,
    on_saved: SavedHandler | None,
) -> None:
    _record(store, pending.popleft().result(), stats, on_error, on_progress, on_saved)
