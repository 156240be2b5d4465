"""FastAPI dependencies shared by the routers.

Dependencies that only parse parameters are ``async def``: FastAPI runs a plain ``def``
dependency in its thread pool, one hop per dependency per request.
"""

from __future__ import annotations

from fastapi import Request

from storyline.serve.database import Database


async def get_db(request: Request) -> Database:
    return request.app.state.db
