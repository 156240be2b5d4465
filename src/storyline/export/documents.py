"""Iterate the current version of every stored article, with the bookkeeping exports need."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

import duckdb

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


def iter_documents(store: Store, since: datetime | None = None) -> Iterator[StoredDocument]:
    """Current versions in publication order (then id), one contract document at a time.

    ``since``: only versions stored after that moment (UTC), for incremental exports."""
    where, params = ("WHERE ingested_at > ?", [since]) if since is not None else ("", [])
    rows = store.con.execute(
        f"SELECT version_id, article_id, version, ingested_at FROM current_versions {where} "
        "ORDER BY published_ts NULLS LAST, version_id",
        params,
    ).fetchall()
    reviewed = has_corrections(store)
    for version_id, article_id, version, ingested_at in rows:
        extraction = store.load_extraction(version_id)
        if reviewed:  # analysts' corrections win over the coder's values (storyline review)
            from storyline.review import apply_to_document

            document = apply_to_document(
                store.con, extraction.model_dump(mode="json"), article_id, version_id
            )
            extraction = Extraction.model_validate(document)
        yield StoredDocument(extraction, article_id, version_id, version, ingested_at)


def has_corrections(store: Store) -> bool:
    """Whether any analyst reviewed anything in this store (so exports must apply corrections)."""
    try:
        return bool(store.con.execute("SELECT count(*) FROM corrections").fetchall()[0][0])
    except duckdb.CatalogException:  # a store opened read-only before migration 7
        return False


def global_ids(store: Store) -> dict[str, int]:
    """uid -> the store-wide increasing id of every stored event and incident (migration 11)."""
    return dict(store.con.execute("SELECT uid, global_id FROM global_ids").fetchall())


def parse_since(value: str) -> datetime:
    """``--since``: an ISO date or datetime; naive values are UTC. ValueError when unreadable."""
    from datetime import UTC

    try:
        moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(
            f"--since {value!r}: not an ISO date or datetime (e.g. 2026-01-31 or 2026-01-31T12:00:00Z)"
        ) from None
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment
