"""The FastAPI application: REST API under /api, dashboard at /, API reference at /docs."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles

from storyline.serve.cache import AggregateCache
from storyline.serve.config import ServeConfig
from storyline.serve.database import Database
from storyline.serve.docs_page import add_docs
from storyline.serve.routers import ROUTERS, ingest, review
from storyline.serve.security import BodySizeLimit, SecurityHeaders

STATIC = Path(__file__).parent / "static"


def create_app(config: ServeConfig | None = None, *, database: Database | None = None) -> FastAPI:
    config = config or ServeConfig.from_env()
    db = database or Database(config.db, read_only=config.read_only, threads=config.threads,
                                 serving=config.serving_tables)
    app = FastAPI(
        title="Storyline API",
        version="1",
        description="Events, actors, places, quotes, claims and contradictions read from news reports.",
        docs_url=None, redoc_url=None, openapi_url="/openapi.json",
    )
    app.state.config = config
    app.state.db = db
    for router in ROUTERS:
        app.include_router(router)
    if not config.read_only:
        app.include_router(ingest.router)  # read-only servers have no write route at all
        app.include_router(review.write_router)

    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    add_docs(app)

    @app.on_event("shutdown")
    def drop_serving_tables() -> None:
        # Their private database file goes with the server; the store stays open for callers
        # that passed their own ``Database``.
        if db.serving:
            db.serving.close()

    @app.get("/", include_in_schema=False)
    def dashboard() -> FileResponse:
        return FileResponse(STATIC / "index.html", media_type="text/html")

    # Added innermost first: the size limit (outermost) runs before anything reads the body;
    # security headers are added to cached answers too.
    app.add_middleware(AggregateCache, database=db)
    app.add_middleware(SecurityHeaders)
    if config.cors_origins:
        app.add_middleware(CORSMiddleware, allow_origins=config.cors_origins, allow_methods=["GET"],
                           allow_headers=["Authorization", "Content-Type"])
    app.add_middleware(BodySizeLimit, limit=config.max_body_bytes)
    return app
