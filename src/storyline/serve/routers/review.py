"""``/api/review``: confirm, reject or edit an event or incident (token), the queue and the audit trail.

Reads (queue, history, settings) are in ``router``; the write is in ``write_router``, mounted
only when the server is not ``--read-only`` (like ``POST /api/articles``).
"""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Query
from pydantic import BaseModel, ConfigDict, Field

from storyline.confidence import DEFAULT_MIN_CONFIDENCE
from storyline.review.corrections import ReviewError, history, record_review, review_queue
from storyline.serve.database import Database
from storyline.serve.deps import get_db
from storyline.serve.responses import JSONResponse
from storyline.serve.security import require_token

router = APIRouter(prefix="/api", tags=["review"])
write_router = APIRouter(prefix="/api", tags=["review"])


class ReviewRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: Literal["event", "incident"]
    article_id: str = Field(max_length=64)
    item_id: str = Field(max_length=64, description="The item's id in the article (e0, i1, ...)")
    version: int | None = Field(None, ge=1, description="The version reviewed (default: the latest)")
    action: Literal["confirm", "reject", "edit"]
    changes: dict[str, Any] = Field(
        default_factory=dict,
        description="edit: {field: corrected value}; "
        "fields are the typed columns (plover_type, actor1_country, event_date, "
        "place_name, fatalities, timing, ...); null clears a field",
    )
    reason: str | None = Field(None, max_length=2000)
    reviewer: str = Field("api", min_length=1, max_length=100, description="Who reviewed it")


def _require_reviews(db: Database) -> None:
    if not db.has_table("corrections"):
        raise HTTPException(404, "this store has no review tables (an older schema; open it read-write once)")


@write_router.post(
    "/review",
    status_code=201,
    dependencies=[Depends(require_token)],
    summary="Confirm, reject or edit an event or incident (needs Authorization: Bearer <token>)",
)
def post_review(body: ReviewRequest, db: Database = Depends(get_db)) -> JSONResponse:
    with db.write_lock:
        try:
            stored = record_review(
                db.store.con,
                body.kind,
                body.article_id,
                body.item_id,
                body.action,  # type: ignore[union-attr]
                changes=body.changes or None,
                reason=body.reason,
                reviewer=body.reviewer,
                version=body.version,
            )
        except ReviewError as exc:
            status = 404 if str(exc).startswith("no ") else 422
            raise HTTPException(status, str(exc)) from None
        db.reviews_changed()
    return JSONResponse(stored, status_code=201)


@router.get("/review/queue", summary="Unreviewed events and incidents, least confident and most deadly first")
def get_queue(
    kind: Literal["event", "incident"] | None = Query(None),
    article_id: str | None = Query(None),
    limit: int = Query(50, ge=1, le=1000),
    db: Database = Depends(get_db),
) -> JSONResponse:
    _require_reviews(db)
    items = review_queue(db.cursor(), kind=kind, limit=limit, article_id=article_id)
    return JSONResponse({"items": items, "limit": limit})


@router.get("/review/history", summary="The audit trail of reviews, newest first")
def get_history(
    kind: Literal["event", "incident"] | None = Query(None),
    article_id: str | None = Query(None),
    limit: int = Query(100, ge=1, le=1000),
    db: Database = Depends(get_db),
) -> JSONResponse:
    _require_reviews(db)
    return JSONResponse({"items": history(db.cursor(), kind=kind, article_id=article_id, limit=limit)})


@router.get(
    "/settings",
    summary="Server settings the dashboard shows: the confidence threshold, whether writes are on",
)
def get_settings(db: Database = Depends(get_db)) -> JSONResponse:
    return JSONResponse(
        {
            "default_min_confidence": DEFAULT_MIN_CONFIDENCE,
            "read_only": db.read_only,
            "reviews": db.has_table("corrections"),
        }
    )
