"""The Ray engine: a pool of actors, each loading the pipeline once, analysing shards into Parquet.

    storyline ingest corpus/ --engine ray --out-parquet out/            # local Ray, all CPUs
    storyline ingest /shared/in --engine ray --ray-address ray://head:10001 --out-parquet /shared/out

The driver only plans shards (file names and line/row-group ranges, never article text) and
collects small reports; actors read their shard's input and write its Parquet files
themselves, so on a cluster both the inputs and the output folder must be on storage every
node sees at the same path (NFS, a mounted bucket). ``ray`` is an optional extra:
``pip install 'storyline[ray]'``.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from storyline.engines.parquet import ShardReport, process_shard
from storyline.engines.shards import Shard, plan_shards
from storyline.ingest.errors import IngestError
from storyline.ingest.stats import RunCounts
from storyline.pipeline import PipelineConfig

log = logging.getLogger(__name__)


class RayUnavailable(RuntimeError):
    """``ray`` is not installed, or the cluster cannot be reached."""


@dataclass(kw_only=True)
class EngineStats(RunCounts):
    """A Ray run's totals over its shards (every error message is still printed)."""

    shards: int = 0
    shards_skipped: int = 0  # finished by an earlier run
    stored: int = 0

    def add(self, report: ShardReport) -> None:
        self.shards += 1
        self.shards_skipped += report.skipped
        self.stored += report.stored
        self.add_counts(report)


class ShardWorker:
    """Ray actor body: the models load once in ``__init__``, then any number of shards."""

    def __init__(
        self,
        config: PipelineConfig,
        out_dir: str,
        batch_size: int,
        outlet: str | None,
        known: frozenset[tuple[str, str]] = frozenset(),
    ):
        from storyline.ingest.runner import _init_worker

        _init_worker(config)  # restores the default-components identity and loads the models
        self.config, self.out_dir, self.batch_size, self.outlet = config, out_dir, batch_size, outlet
        self.known = known

    def process(self, shard: Shard) -> dict[str, Any]:
        report = process_shard(
            shard,
            self.out_dir,
            self.config,
            batch_size=self.batch_size,
            default_outlet=self.outlet,
            known=self.known,
        )
        return report.__dict__

    def ready(self) -> bool:
        return True


def _import_ray():
    try:
        import ray
    except ImportError:
        raise RayUnavailable("the ray engine needs Ray: pip install 'storyline[ray]'") from None
    return ray


def connect(address: str | None, num_cpus: int | None) -> Any:
    """Join the cluster at ``address`` (``ray://host:10001``, ``auto``) or start a local Ray."""
    ray = _import_ray()
    if ray.is_initialized():
        return ray
    try:
        if address:
            ray.init(address=address, log_to_driver=False)
        else:
            ray.init(num_cpus=num_cpus, include_dashboard=False, log_to_driver=False)
    except Exception as exc:  # noqa: BLE001 - one line for the user, not Ray's traceback
        where = address or "a local Ray instance"
        raise RayUnavailable(f"cannot start or reach {where}: {str(exc).splitlines()[0]}") from None
    return ray


def run_ray(
    paths: Iterable[str | Path],
    out_dir: str | Path,
    *,
    address: str | None = None,
    workers: int | None = None,
    shard_size: int = 1000,
    batch_size: int = 16,
    outlet: str | None = None,
    config: PipelineConfig | None = None,
    on_report: Callable[[ShardReport], None] = lambda report: None,
    on_error: Callable[[str], None] = lambda message: None,
    known: frozenset[tuple[str, str]] = frozenset(),
) -> EngineStats:
    """Analyse ``paths`` on Ray into partitioned Parquet under ``out_dir``; returns the totals.

    ``workers`` actors (default: one per CPU of the cluster) each take one shard at a time,
    so at most ``workers`` shards are in memory anywhere. Shards finished by an earlier run
    (see :mod:`storyline.engines.parquet`) are skipped, and so are articles whose
    (article_id, sha256) is in ``known`` (the target store's versions: shared once through
    Ray's object store, not copied per task).
    """
    out = Path(out_dir).resolve()
    out.mkdir(parents=True, exist_ok=True)
    stats = EngineStats()
    shards: list[Shard] = []
    # Absolute paths: actors may run in another working directory (or on another node).
    absolute = [Path(p).absolute() for p in paths]
    for item in plan_shards(absolute, shard_size):  # descriptors only: a few hundred bytes each
        if isinstance(item, IngestError):
            stats.failed += 1
            stats.keep_errors([str(item)])
            on_error(str(item))
        else:
            shards.append(item)
    if not shards:
        return stats
    ray = connect(address, workers)
    from ray.util import ActorPool

    size = workers or max(1, int(ray.cluster_resources().get("CPU", os.cpu_count() or 1)))
    size = min(size, len(shards))
    actor_class = ray.remote(num_cpus=1)(ShardWorker)
    known_ref = ray.put(known)
    actors = [
        actor_class.remote(config or PipelineConfig(), str(out), batch_size, outlet, known_ref)
        for _ in range(size)
    ]
    ray.get([actor.ready.remote() for actor in actors])  # models loaded (or a clear failure) up front
    pool = ActorPool(actors)

    def collect() -> None:
        report = ShardReport(**pool.get_next_unordered())
        stats.add(report)
        for message in report.errors:
            on_error(message)
        on_report(report)

    try:
        for shard in shards:
            while not pool.has_free():  # bounded: one shard per actor in flight
                collect()
            pool.submit(lambda actor, s: actor.process.remote(s), shard)
        while pool.has_next():
            collect()
    finally:
        for actor in actors:
            ray.kill(actor)
    return stats
