"""The FastAPI application: REST API under /api, dashboard at /, API reference at /docs."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import duckdb
from fastapi import FastAPI, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles

from storyline.serve.cache import AggregateCache
from storyline.serve.config import ServeConfig
from storyline.serve.database import Database
from storyline.serve.docs_page import add_docs
from storyline.serve.responses import JSONResponse
from storyline.serve.routers import ROUTERS, ingest, review
from storyline.serve.security import BodySizeLimit, SecurityHeaders, WriteTokenGate
from storyline.store.errors import StoreError, store_error

STATIC = Path(__file__).parent / "static"


def create_app(config: ServeConfig | None = None, *, database: Database | None = None) -> FastAPI:
    config = config or ServeConfig.from_env()
    db = database or Database(
        config.db, read_only=config.read_only, threads=config.threads, serving=config.serving_tables
    )

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        # Their private database file goes with the server; the store stays open for callers
        # that passed their own ``Database``. A page still being extracted is stopped with its
        # worker process, so SIGTERM is not held up by it.
        from storyline.ingest.budget import stop_worker

        if db.linker is not None:  # between batches; an encoding in progress is stopped
            db.linker.stop(timeout=5.0)
        stop_worker()
        if db.serving:
            db.serving.close()

    app = FastAPI(
        title="Storyline API",
        version="1",
        description="Events, actors, places, quotes, claims and contradictions read from news reports.",
        docs_url=None,
        redoc_url=None,
        openapi_url="/openapi.json",
        lifespan=lifespan,
    )
    app.state.config = config
    app.state.db = db
    if not config.read_only and config.link_posts and db.linker is None:
        from storyline.serve.linker import BackgroundLinker

        db.linker = BackgroundLinker(db, embedder=config.link_embedder, batch_s=config.link_batch_s)
    for router in ROUTERS:
        app.include_router(router)
    if not config.read_only:
        app.include_router(ingest.router)  # read-only servers have no write route at all
        app.include_router(review.write_router)

    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    add_docs(app)

    @app.exception_handler(StoreError)
    @app.exception_handler(duckdb.Error)
    async def store_unusable(request: Request, exc: Exception) -> JSONResponse:
        """A store that cannot be read or written (corrupt, disk full) answers 503 with one line,
        and the health check reports it; any other database error stays a 500."""
        error = exc if isinstance(exc, StoreError) else store_error(config.db, exc)
        if error.kind == "other":
            raise exc
        db.report_store_error(error)
        return JSONResponse({"detail": str(error)}, status_code=503)

    @app.get("/", include_in_schema=False)
    def dashboard() -> FileResponse:
        return FileResponse(STATIC / "index.html", media_type="text/html")

    # Added innermost first: the token gate runs before anything reads a write's body, then
    # the size limit; security headers (outermost) are added to every answer, cached or refused.
    app.add_middleware(AggregateCache, database=db)
    if config.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=config.cors_origins,
            allow_methods=["GET"],
            allow_headers=["Authorization", "Content-Type"],
        )
    app.add_middleware(BodySizeLimit, limit=config.max_body_bytes)
    if not config.read_only:  # a read-only server has no write route to guard (405)
        app.add_middleware(WriteTokenGate, config=config)
    app.add_middleware(SecurityHeaders)
    return app
