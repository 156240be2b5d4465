"""One router module per resource; ``ROUTERS`` is what the app mounts, in order."""

from storyline.serve.routers import analytics, articles, events, incidents, items, review, sources, stories

ROUTERS = (
    articles.router,
    events.router,
    items.router,
    analytics.router,
    stories.router,
    incidents.router,
    review.router,
    sources.router,
)

__all__ = ["ROUTERS"]
