"""Response cache for the aggregate endpoints the dashboard asks for on every page load.

Only GET requests to the paths in ``CACHED_PATHS`` with a 200 answer are kept, keyed by path
and query string. The store cannot change under us (DuckDB locks the file against other
writers while this process holds it), and our own writes call ``Database.changed()``, which
empties the cache, so a cached answer is never stale.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

CACHED_PATHS = frozenset({"/api/map", "/api/timeline", "/api/trend", "/api/facets", "/api/stats"})


class AggregateCache:
    def __init__(self, app: ASGIApp, database):  # database: storyline.serve.database.Database
        self.app = app
        self.db = database

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "GET" or scope["path"] not in CACHED_PATHS:
            await self.app(scope, receive, send)
            return
        key = (scope["path"], scope.get("query_string", b""))
        hit = self.db.cache_get(key)
        if hit is not None:
            start, body = hit
            await send(start)
            await send({"type": "http.response.body", "body": body})
            return
        generation = self.db.generation  # before computing: a write meanwhile makes the answer stale
        captured: list[Message] = []

        async def capture(message: Message) -> None:
            captured.append(message)
            await send(message)

        await self.app(scope, receive, capture)
        start = next((m for m in captured if m["type"] == "http.response.start"), None)
        bodies = [m for m in captured if m["type"] == "http.response.body"]
        if start and start["status"] == 200 and bodies and not bodies[-1].get("more_body", False):
            self.db.cache_put(key, (start, b"".join(m.get("body", b"") for m in bodies)), generation)
