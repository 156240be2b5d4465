"""Settings of one API server process."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

#: Largest request body accepted (an article's HTML is rarely over 1 MB).
DEFAULT_MAX_BODY = 5 * 1024 * 1024


@dataclass
class ServeConfig:
    db: str = "storyline.duckdb"
    #: Bearer token for write endpoints; None means writes are refused (403).
    token: str | None = None
    #: Open the store read-only and register no write endpoint at all.
    read_only: bool = False
    max_body_bytes: int = DEFAULT_MAX_BODY
    #: Origins allowed by CORS. Empty (the default) means no CORS headers: same-origin only.
    cors_origins: list[str] = field(default_factory=list)
    #: DuckDB worker threads (None: one per core). Under many concurrent requests each query
    #: already has a core's worth of company; fewer threads per query cut scheduling overhead.
    threads: int | None = None
    #: Build the read-optimised serving tables (serving.py): much faster event queries on big
    #: stores, for about 1 GB of memory per million events. Off: every query reads the store.
    serving_tables: bool = True
    #: Link POSTed (and watched) articles' events into stories in the background, in batches
    #: of about ``link_batch_s`` seconds each, beside the writes (serve/linker.py). Off: they
    #: stay pending until the next ``ingest`` or ``storyline link``.
    link_posts: bool = True
    #: Sentence embedder of that linking: ``auto`` (MiniLM where installed, in a worker process)
    #: or ``hashing`` (in-process, no model).
    link_embedder: str = "auto"
    link_batch_s: float = 0.5

    @classmethod
    def from_env(cls, **overrides: object) -> ServeConfig:
        """Fill ``token`` from STORYLINE_TOKEN when not given explicitly."""
        config = cls(**overrides)  # type: ignore[arg-type]
        if config.token is None:
            config.token = os.environ.get("STORYLINE_TOKEN") or None
        return config
