"""Serve stage: the REST API (FastAPI) and the offline dashboard over a Storyline store."""

from storyline.serve.app import create_app
from storyline.serve.config import ServeConfig

__all__ = ["ServeConfig", "create_app"]
