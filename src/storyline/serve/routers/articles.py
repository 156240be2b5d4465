"""``/api/articles``: the article list, and one article with its text and every item."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Query
from fastapi.responses import Response

from storyline.serve.database import Database
from storyline.serve.deps import get_db
from storyline.serve.filters import ArticleFilters, Where, article_filters
from storyline.serve.responses import Format, JSONResponse, clean_row, format_param, listing, page_params
from storyline.store import Store

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
    return listing([clean_row(r) for r in rows], total=total, limit=limit, offset=offset, fmt=fmt,
                   name="articles")


def resolve_version(db: Database, article_id: str, version: int | None) -> dict[str, Any]:
    """The requested (default: latest) version row of an article, or 404."""
    versions = db.query(
        "SELECT version, version_id, sha256, title, published, ingested_at FROM article_versions "
        "WHERE article_id = ? ORDER BY version", [article_id])
    if not versions:
        raise HTTPException(404, f"no article {article_id}")
    if version is None:
        return {"chosen": versions[-1], "versions": versions}
    for row in versions:
        if row["version"] == version:
            return {"chosen": row, "versions": versions}
    raise HTTPException(404, f"article {article_id} has no version {version}")


def load_document(db: Database, version_id: str) -> dict[str, Any]:
    # Store.load_extraction only needs a connection; give it this thread's cursor.
    extraction = Store.load_extraction(SimpleNamespace(con=db.cursor()), version_id)  # type: ignore[arg-type]
    return extraction.model_dump(mode="json")


@router.get("/articles/{article_id}", summary="One article: clean text and every extracted item")
def get_article(
    article_id: str,
    version: int | None = Query(None, ge=1, description="Version number (default: the latest)"),
    db: Database = Depends(get_db),
) -> JSONResponse:
    found = resolve_version(db, article_id, version)
    chosen = found["chosen"]
    document = load_document(db, chosen["version_id"])
    return JSONResponse({
        "article_id": article_id,
        "version": chosen["version"],
        "version_id": chosen["version_id"],
        "latest_version": found["versions"][-1]["version"],
        "versions": [clean_row(v) for v in found["versions"]],
        **document,
    })
