"""Run statistics: the counters every ingest run keeps, in one place.

The local runner (:class:`storyline.ingest.runner.IngestStats`), a Parquet shard
(:class:`storyline.engines.parquet.ShardReport`) and the Ray engine
(:class:`storyline.engines.ray_engine.EngineStats`) extend :class:`RunCounts` with what only
they know (new/new_versions/undated; shard/source/seconds; shards).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

from storyline.lang import handles
from storyline.model import Extraction

#: The counters that add up across runs (``errors`` is kept apart, bounded).
COUNTERS = ("read", "unchanged", "failed", "not_english", "events", "quotes", "places")


@dataclass(kw_only=True)
class RunCounts:
    read: int = 0
    unchanged: int = 0
    failed: int = 0
    not_english: int = 0
    events: int = 0
    quotes: int = 0
    places: int = 0
    #: The first ``max_errors`` messages (every one is also reported as it happens): a corpus
    #: full of bad records must not grow the job's memory. The ``failed`` count is always exact.
    errors: list[str] = field(default_factory=list)
    max_errors: ClassVar[int] = 1000

    def error(self, message: str) -> None:
        """Count one failed record and keep its message while under the cap."""
        self.failed += 1
        self.keep_errors([message])

    def keep_errors(self, messages: list[str]) -> None:
        """Keep the first ``max_errors`` messages: memory stays bounded."""
        self.errors.extend(messages[: max(0, self.max_errors - len(self.errors))])

    def count_stored(self, result: Extraction) -> None:
        """Count one stored (new or changed) extraction's language and items."""
        self.not_english += not handles(result.article.language)
        self.events += len(result.events)
        self.quotes += len(result.quotes)
        self.places += len(result.places)

    def add_counts(self, other: RunCounts) -> None:
        for name in COUNTERS:
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.keep_errors(other.errors)
