"""Iterate the current version of every stored article, with the bookkeeping exports need."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from storyline.model import Extraction, Place
from storyline.store import Store


@dataclass
class StoredDocument:
    extraction: Extraction
    article_id: str
    version_id: str
    version: int
    ingested_at: datetime

    def place(self, place_id: str | None) -> Place | None:
        if not place_id:
            return None
        return next((p for p in self.extraction.places if p.id == place_id), None)


def iter_documents(store: Store) -> Iterator[StoredDocument]:
    """Current versions in publication order (then id), one contract document at a time."""
    rows = store.con.execute(
        "SELECT version_id, article_id, version, ingested_at FROM current_versions "
        "ORDER BY published_ts NULLS LAST, version_id"
    ).fetchall()
    for version_id, article_id, version, ingested_at in rows:
        yield StoredDocument(store.load_extraction(version_id), article_id, version_id, version, ingested_at)
