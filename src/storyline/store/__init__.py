"""Store stage: the embedded DuckDB store (default ``./storyline.duckdb``)."""

from storyline.store.db import SaveResult, Store, article_id_for, normalise_url
from storyline.store.errors import StoreError

__all__ = ["SaveResult", "Store", "StoreError", "article_id_for", "normalise_url"]
