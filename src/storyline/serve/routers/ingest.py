"""``POST /api/articles``: analyse and store one article. Needs the bearer token.

Mounted only when the server is not ``--read-only``.
"""

from __future__ import annotations

from fastapi import APIRouter, Depends, HTTPException
from pydantic import BaseModel, ConfigDict, Field, model_validator

from storyline.model import Article
from storyline.serve.database import Database
from storyline.serve.deps import get_db
from storyline.serve.responses import JSONResponse
from storyline.serve.security import require_token
from storyline.text.article import article_from_text
from storyline.text.safe import clean_field

router = APIRouter(prefix="/api", tags=["articles"])


class IngestRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: str | None = Field(None, description="Plain-text body (a first short line is taken as the title)")
    html: str | None = Field(None, description="A web page; its main text is extracted")
    title: str | None = None
    published: str | None = Field(None, description="ISO 8601 publication datetime")
    outlet: str | None = None
    url: str | None = None
    authors: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def one_body(self) -> IngestRequest:
        if bool(self.text and self.text.strip()) == bool(self.html and self.html.strip()):
            raise ValueError("give exactly one of text or html, non-empty")
        return self


#: Longest article text analysed (characters; spaCy's own cap is 1,000,000).
MAX_TEXT_CHARS = 1_000_000


def build_article(body: IngestRequest) -> Article:
    """The article of a request. HTML goes through the ingest readers' extraction, with its
    size and time budget (in a worker process, off the event loop and the server's CPU share)."""
    if body.html:
        from storyline.ingest.errors import IngestError
        from storyline.ingest.html import article_from_html

        try:
            article = article_from_html(
                body.html, where="html", url=body.url, published=body.published, outlet=body.outlet
            )
        except IngestError as exc:
            raise _refused(exc) from None
        updates: dict[str, object] = {"source": "api"}
        if body.title and " ".join((clean_field(body.title) or "").split()):
            updates["title"] = " ".join((clean_field(body.title) or "").split())
        if body.authors:
            updates["authors"] = [a for a in (clean_field(a) for a in body.authors) if a]
        return article.model_copy(update=updates)
    if body.text and len(body.text) > MAX_TEXT_CHARS:
        raise HTTPException(413, f"text over {MAX_TEXT_CHARS:,} characters")
    return article_from_text(
        body.text or "",
        title=body.title,
        published=body.published,
        outlet=body.outlet,
        url=body.url,
        authors=body.authors,
        source="api",
    )


def _refused(exc: Exception) -> HTTPException:
    """422 for a document over its budget; 503 when its worker was stopped because the server is
    (SIGTERM): nothing was stored and the same request can be sent again."""
    from storyline.ingest.budget import stopping

    if stopping():
        return HTTPException(
            503,
            "the server is stopping; the article was not stored, send it again",
            headers={"Retry-After": "30"},
        )
    return HTTPException(422, str(exc))


@router.post(
    "/articles",
    status_code=201,
    dependencies=[Depends(require_token)],
    summary="Analyse and store one article (needs Authorization: Bearer <token>)",
)
def ingest_article(body: IngestRequest, db: Database = Depends(get_db)) -> JSONResponse:
    from storyline.ingest.budget import ANALYSIS, BudgetExceeded, analyse_article

    article = build_article(body)
    if not article.text.strip():
        raise HTTPException(422, "the article has no text")
    if len(article.text) > MAX_TEXT_CHARS:
        raise HTTPException(413, f"article text over {MAX_TEXT_CHARS:,} characters")
    try:  # in the analysis worker: off this process's GIL, stopped when over its time budget
        extraction = ANALYSIS.run(analyse_article, article)
    except BudgetExceeded as exc:
        raise _refused(exc) from None
    with db.write_lock:
        result = db.store.save(extraction)  # type: ignore[union-attr]  # None only when read-only
        db.changed()
    if result.outcome != "unchanged":  # in the background, in bounded batches (serve/linker.py)
        db.schedule_linking()
    counts = {
        name: len(getattr(extraction, name))
        for name in ("events", "quotes", "claims", "contradictions", "places", "quantities", "entities")
    }
    return JSONResponse(
        {
            "article_id": result.article_id,
            "version": result.version,
            "version_id": result.version_id,
            "outcome": result.outcome,
            "counts": counts,
        },
        status_code=201 if result.outcome != "unchanged" else 200,
    )
