"""``/api/sources``: the watched sources (``storyline sources add``) and how their polls went.

Read-only: sources are added and polled from the command line (``storyline sources``,
``storyline watch``); this is what the dashboard's Sources page shows.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Query

from storyline.serve.database import Database
from storyline.serve.deps import get_db
from storyline.serve.responses import JSONResponse, plain

router = APIRouter(prefix="/api", tags=["sources"])

_COLUMNS = (
    "url, kind, every_seconds, added_at, last_poll, last_success, last_error, last_error_at, "
    "consecutive_errors, last_poll_listed, last_poll_errors, next_poll, polls, errors"
)


def _health(row: dict[str, Any]) -> str:
    if row["last_poll"] is None:
        return "never polled"
    if row["consecutive_errors"]:
        return "failing"
    if row["last_poll_errors"]:
        return "degraded"
    return "ok"


def _recent_errors(db: Database, url: str, limit: int) -> list[dict[str, Any]]:
    rows = db.query(
        "SELECT url, error, http_status, last_fetched AS at, failures, retry_at FROM fetched_urls "
        "WHERE source_url = ? AND status = 'failed' ORDER BY last_fetched DESC, url LIMIT ?",
        [url, limit],
    )
    return [{k: plain(v) for k, v in r.items()} for r in rows]


@router.get("/sources", summary="Watched sources: health, last poll, articles stored, errors")
def list_sources(
    errors: int = Query(5, ge=0, le=100, description="Recent failed URLs to include per source"),
    db: Database = Depends(get_db),
) -> JSONResponse:
    if not db.has_table("sources"):  # a store from before migration 6
        return JSONResponse({"items": [], "total": 0})
    rows = db.query(f"SELECT {_COLUMNS} FROM sources ORDER BY added_at, url")
    counts = dict(
        (r["source_url"], r["n"])
        for r in db.query(
            "SELECT f.source_url, count(*) AS n FROM fetched_urls f JOIN articles a ON a.url_key = f.url_key "
            "WHERE f.source_url IS NOT NULL GROUP BY f.source_url"
        )
    )
    items = []
    for row in rows:
        item = {k: plain(v) for k, v in row.items()}
        item["health"] = _health(row)
        item["articles"] = counts.get(row["url"], 0)
        item["recent_errors"] = _recent_errors(db, row["url"], errors) if errors else []
        items.append(item)
    return JSONResponse({"items": items, "total": len(items)})


@router.get("/sources/errors", summary="Failed URLs of one watched source, most recent first")
def source_errors(
    url: str = Query(..., description="The source URL as added"),
    limit: int = Query(50, ge=1, le=1000),
    db: Database = Depends(get_db),
) -> JSONResponse:
    if not db.has_table("sources") or not db.scalar("SELECT count(*) FROM sources WHERE url = ?", [url]):
        raise HTTPException(404, "not a watched source")
    return JSONResponse({"url": url, "items": _recent_errors(db, url, limit)})
