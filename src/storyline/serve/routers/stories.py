"""The story view's data.

``/api/articles/{id}/story`` gathers, for one article, who claims what (claims and quotes per
source) and the contradictions between them. When cross-article story tables exist
(``stories``), ``/api/stories`` lists them; until then it answers 404 with a reason, and the
dashboard's story view uses the per-article endpoint.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Query
from fastapi.responses import JSONResponse

from storyline.serve.database import Database
from storyline.serve.deps import get_db
from storyline.serve.responses import clean_row, page_params
from storyline.serve.routers.articles import load_document, resolve_version

router = APIRouter(prefix="/api", tags=["stories"])


def _sources(document: dict[str, Any]) -> list[dict[str, Any]]:
    """Claims and quotes grouped by who made them, in order of first appearance."""
    by_name: dict[str, dict[str, Any]] = {}

    def entry(name: str, kind: str) -> dict[str, Any]:
        key = name.strip().lower()
        if key not in by_name:
            by_name[key] = {"name": name, "type": kind, "claims": [], "quotes": []}
        return by_name[key]

    for claim in document["claims"]:
        entry(claim["source"]["name"], claim["source"]["type"])["claims"].append(claim)
    for quote in document["quotes"]:
        speaker = quote["speaker"]
        name = speaker.get("name") or speaker.get("affiliation") or "Unattributed"
        entry(name, "person" if speaker.get("name") else "unknown")["quotes"].append(quote)
    return list(by_name.values())


@router.get("/articles/{article_id}/story", summary="Sources, claims and contradictions of one article")
def article_story(
    article_id: str,
    version: int | None = Query(None, ge=1),
    db: Database = Depends(get_db),
) -> JSONResponse:
    chosen = resolve_version(db, article_id, version)["chosen"]
    document = load_document(db, chosen["version_id"])
    article = document["article"]
    return JSONResponse({
        "article_id": article_id,
        "version": chosen["version"],
        "title": article.get("title"),
        "outlet": article.get("outlet"),
        "published": article.get("published"),
        "sources": _sources(document),
        "contradictions": document["contradictions"],
        "events": len(document["events"]),
        "stories_available": db.has_table("stories"),
    })


@router.get("/stories", summary="Cross-article stories (when the store has them)")
def list_stories(page: tuple[int, int] = Depends(page_params), db: Database = Depends(get_db)) -> JSONResponse:
    if not db.has_table("stories"):
        raise HTTPException(404, "this store has no story tables yet (cross-article linking not run)")
    limit, offset = page
    total = db.scalar("SELECT count(*) FROM stories")
    rows = db.query("SELECT * FROM stories ORDER BY 1 LIMIT ? OFFSET ?", [limit, offset])
    return JSONResponse({"total": total, "limit": limit, "offset": offset,
                         "items": [clean_row(r) for r in rows]})
