"""``/api/articles``: the article list, and one article with its text and every item."""

from __future__ import annotations

from typing import Any

import orjson
from fastapi import APIRouter, Depends, HTTPException, Query
from fastapi.responses import Response

from storyline.model import Extraction
from storyline.review.corrections import apply_to_document
from storyline.serve.database import Database
from storyline.serve.deps import get_db
from storyline.serve.filters import ArticleFilters, Where, article_filters
from storyline.serve.responses import Format, JSONResponse, clean_row, format_param, listing, page_params
from storyline.store.schema import ITEM_TABLES

router = APIRouter(prefix="/api", tags=["articles"])


@router.get("/articles", summary="Articles (current versions), filtered and paged")
def list_articles(
    filters: ArticleFilters = Depends(article_filters),
    page: tuple[int, int] = Depends(page_params),
    fmt: Format = Depends(format_param),
    db: Database = Depends(get_db),
) -> Response:
    limit, offset = page
    where = Where()
    filters.apply_articles(where)
    where.add_contains(["v.title", "v.text"], filters.q)
    total = db.scalar(f"SELECT count(*) FROM current_versions v{where.sql()}", where.params)
    rows = db.query(
        f"""WITH page AS (
              SELECT v.article_id, v.version, v.version_id, v.title, v.outlet, v.url, v.published,
                     v.published_ts, v.language, v.status, length(v.text) AS text_chars
              FROM current_versions v{where.sql()}
              ORDER BY v.published_ts DESC NULLS LAST, v.article_id LIMIT ? OFFSET ?)
            SELECT page.* EXCLUDE (published_ts),
              (SELECT count(*) FROM events e WHERE e.version_id = page.version_id) AS n_events,
              (SELECT count(*) FROM quotes q WHERE q.version_id = page.version_id) AS n_quotes,
              (SELECT count(*) FROM contradictions c WHERE c.version_id = page.version_id)
                AS n_contradictions
            FROM page ORDER BY page.published_ts DESC NULLS LAST, page.article_id""",
        [*where.params, limit, offset],
    )
    return listing(
        [clean_row(r) for r in rows], total=total, limit=limit, offset=offset, fmt=fmt, name="articles"
    )


def resolve_version(db: Database, article_id: str, version: int | None) -> dict[str, Any]:
    """The requested (default: latest) version row of an article, or 404."""
    versions = db.query(
        "SELECT version, version_id, sha256, title, published, ingested_at FROM article_versions "
        "WHERE article_id = ? ORDER BY version",
        [article_id],
    )
    if not versions:
        raise HTTPException(404, f"no article {article_id}")
    if version is None:
        return {"chosen": versions[-1], "versions": versions}
    for row in versions:
        if row["version"] == version:
            return {"chosen": row, "versions": versions}
    raise HTTPException(404, f"article {article_id} has no version {version}")


# One query for the whole document (the article and every item list, each in stored order)
# instead of one per table: the same contents as ``Store.load_extraction``, at a seventh of
# the round trips. Table names are fixed here, never user input.
_DOCUMENT_SQL = (
    " UNION ALL ".join(
        [
            "SELECT 'article' AS part, 0 AS k1, 0 AS k2, article AS doc FROM article_versions WHERE version_id = ?"
        ]
        + [
            f"SELECT '{t}', rowid, 0, data FROM {t} WHERE version_id = ?"
            for t in ITEM_TABLES
            if t != "entities"
        ]
        + [
            "SELECT 'entities', span_start, rowid, CAST(json_object('text', text, 'label', label, "
            "'span', [span_start, span_end], 'confidence', confidence) AS VARCHAR) FROM entities WHERE version_id = ?"
        ]
    )
    + " ORDER BY part, k1 NULLS LAST, k2"
)
_N_PARTS = len(ITEM_TABLES) + 1


def load_document(db: Database, version_id: str) -> dict[str, Any]:
    """The ``extract --json`` document of one stored version (validated by the contract model)."""
    rows = db.cursor().execute(_DOCUMENT_SQL, [version_id] * _N_PARTS).fetchall()
    doc: dict[str, Any] = {t: [] for t in ITEM_TABLES}
    for part, _, _, text in rows:
        if part == "article":
            doc["article"] = orjson.loads(text)
        else:
            doc[part].append(orjson.loads(text))
    if "article" not in doc:
        raise HTTPException(404, f"no article version {version_id}")
    return Extraction.model_validate(doc).model_dump(mode="json")


@router.get("/articles/{article_id}", summary="One article: clean text and every extracted item")
def get_article(
    article_id: str,
    version: int | None = Query(None, ge=1, description="Version number (default: the latest)"),
    db: Database = Depends(get_db),
) -> JSONResponse:
    found = resolve_version(db, article_id, version)
    chosen = found["chosen"]
    document = load_document(db, chosen["version_id"])
    if db.has_rows("corrections"):  # analysts' reviews: corrected values, why by review
        document = apply_to_document(db.cursor(), document, article_id, chosen["version_id"])
    return JSONResponse(
        {
            "article_id": article_id,
            "version": chosen["version"],
            "version_id": chosen["version_id"],
            "latest_version": found["versions"][-1]["version"],
            "versions": [clean_row(v) for v in found["versions"]],
            **document,
        }
    )
