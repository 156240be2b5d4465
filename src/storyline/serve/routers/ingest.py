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


def _text_from_html(html: str) -> tuple[str, str | None, str | None]:
    """(body, title, date) of a web page's main content."""
    import trafilatura

    doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False)
    if doc is None or not (getattr(doc, "text", None) or "").strip():
        raise HTTPException(422, "no article text found in the html")
    return doc.text, getattr(doc, "title", None), getattr(doc, "date", None)


def build_article(body: IngestRequest) -> Article:
    text, title, published = body.text, body.title, body.published
    if body.html:
        text, page_title, page_date = _text_from_html(body.html)
        title = title or page_title
        published = published or page_date
    return article_from_text(text or "", title=title, published=published, outlet=body.outlet,
                             url=body.url, authors=body.authors, source="api")


@router.post("/articles", status_code=201, dependencies=[Depends(require_token)],
             summary="Analyse and store one article (needs Authorization: Bearer <token>)")
def ingest_article(body: IngestRequest, db: Database = Depends(get_db)) -> JSONResponse:
    from storyline.pipeline import get_pipeline

    article = build_article(body)
    if not article.text.strip():
        raise HTTPException(422, "the article has no text")
    with db.write_lock:
        extraction = get_pipeline().analyse(article)
        result = db.store.save(extraction)  # type: ignore[union-attr]  # None only when read-only
        db.changed()
    counts = {name: len(getattr(extraction, name)) for name in
              ("events", "quotes", "claims", "contradictions", "places", "quantities", "entities")}
    return JSONResponse(
        {"article_id": result.article_id, "version": result.version, "version_id": result.version_id,
         "outcome": result.outcome, "counts": counts},
        status_code=201 if result.outcome != "unchanged" else 200,
    )
