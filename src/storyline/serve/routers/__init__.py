"""One router module per resource; ``ROUTERS`` is what the app mounts, in order."""

from storyline.serve.routers import analytics, articles, events, items, stories

ROUTERS = (articles.router, events.router, items.router, analytics.router, stories.router)

__all__ = ["ROUTERS"]
