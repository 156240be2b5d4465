"""Store stage: the embedded DuckDB store (default ``./storyline.duckdb``)."""

from storyline.store.db import SaveResult, Store, article_id_for, normalise_url

__all__ = ["SaveResult", "Store", "article_id_for", "normalise_url"]
