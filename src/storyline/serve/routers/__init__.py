"""One router module per resource; ``ROUTERS`` is what the app mounts, in order."""

from storyline.serve.routers import analytics, articles, events, items, sources, stories

ROUTERS = (articles.router, events.router, items.router, analytics.router, stories.router, sources.router)

__all__ = ["ROUTERS"]
