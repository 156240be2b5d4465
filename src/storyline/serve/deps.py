"""FastAPI dependencies shared by the routers."""

from __future__ import annotations

from fastapi import Request

from storyline.serve.database import Database


def get_db(request: Request) -> Database:
    return request.app.state.db
