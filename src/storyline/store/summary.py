"""Read-only views of a store for ``storyline show``: an overview and one article in full."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from storyline.model import Extraction
from storyline.store.db import Store


@dataclass
class StoreSummary:
    counts: dict[str, int]
    top_outlets: list[tuple[str, int]] = field(default_factory=list)
    latest: list[dict[str, Any]] = field(default_factory=list)
    event_types: list[tuple[str, int]] = field(default_factory=list)
    languages: list[tuple[str, int]] = field(default_factory=list)


def _rows(store: Store, sql: str, params: list[Any] | None = None) -> list[dict[str, Any]]:
    cur = store.con.execute(sql, params or [])
    cols = [c[0] for c in cur.description]
    return [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]


def summarise(store: Store, limit: int = 10) -> StoreSummary:
    """Counts per table (current versions), top outlets, latest articles, event types."""
    con = store.con
    outlets = con.execute(
        "SELECT coalesce(outlet, '(unknown)'), count(*) n FROM current_versions "
        "GROUP BY 1 ORDER BY n DESC, 1 LIMIT ?",
        [limit],
    ).fetchall()
    latest = _rows(
        store,
        "SELECT v.article_id, v.version, v.title, v.outlet, v.published, v.status, "
        "(SELECT count(*) FROM events e WHERE e.version_id = v.version_id) AS events "
        "FROM current_versions v ORDER BY v.published_ts DESC NULLS LAST, v.ingested_at DESC LIMIT ?",
        [limit],
    )
    types = con.execute(
        "SELECT coalesce(e.plover_type, '(uncoded)'), count(*) n FROM events e "
        "JOIN current_versions v USING (version_id) GROUP BY 1 ORDER BY n DESC, 1"
    ).fetchall()
    languages = con.execute(
        "SELECT coalesce(language, '(unknown)'), count(*) n FROM current_versions "
        "GROUP BY 1 ORDER BY n DESC, 1"
    ).fetchall()
    return StoreSummary(
        store.counts(),
        [tuple(r) for r in outlets],
        latest,
        [tuple(r) for r in types],
        [tuple(r) for r in languages],
    )


def resolve_article_id(store: Store, ident: str) -> str | None:
    """An article id from an id, a unique id prefix, a version id (``id:N``) or a URL."""
    from storyline.store.db import normalise_url

    base = ident.split(":", 1)[0] if ident.startswith("a") and ":" in ident else ident
    row = store.con.execute("SELECT article_id FROM articles WHERE article_id = ?", [base]).fetchone()
    if row:
        return row[0]
    url_key = normalise_url(ident)
    if url_key:
        row = store.con.execute("SELECT article_id FROM articles WHERE url_key = ?", [url_key]).fetchone()
        if row:
            return row[0]
    matches = store.con.execute(
        "SELECT article_id FROM articles WHERE starts_with(article_id, ?) LIMIT 2", [base]
    ).fetchall()
    return matches[0][0] if len(matches) == 1 else None


def load_article(
    store: Store, article_id: str, version: int | None = None
) -> tuple[Extraction, dict[str, Any]]:
    """The contract document of an article's latest (or given) version, plus its version row."""
    versions = store.versions(article_id)
    if not versions:
        raise KeyError(article_id)
    chosen = versions[-1] if version is None else next((v for v in versions if v["version"] == version), None)
    if chosen is None:
        raise KeyError(f"{article_id}:{version}")
    return store.load_extraction(chosen["version_id"]), {**chosen, "of": len(versions)}
