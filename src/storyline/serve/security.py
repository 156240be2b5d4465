"""Request-size limit, security headers and the bearer token for write endpoints."""

from __future__ import annotations

import hmac
import json

from fastapi import HTTPException, Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

#: Dashboard pages may load only this server's own files: even if some text slipped past
#: escaping, an injected inline script or remote resource would not run.
DASHBOARD_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
#: Swagger UI sets inline styles; scripts still only from this server.
DOCS_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
)


class BodyTooLarge(Exception):
    pass


async def _send_json(send: Send, status: int, detail: str, headers: list[tuple[bytes, bytes]] = ()) -> None:
    body = json.dumps({"detail": detail}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                *headers,
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


async def _send_413(send: Send, limit: int) -> None:
    await _send_json(send, 413, f"request body over the {limit} byte limit")


class BodySizeLimit:
    """413 for bodies over ``limit`` bytes: by Content-Length up front, else while reading.

    A body without a Content-Length (chunked) is read here, up to the limit, before the app
    sees any of it, then handed on: over the limit it is a 413 - the app's body parser would
    have turned an error raised inside ``receive`` into a 400.
    """

    def __init__(self, app: ASGIApp, limit: int):
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = None
        for name, value in scope.get("headers", []):
            if name == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    declared = self.limit + 1
                if declared > self.limit:
                    await _send_413(send, self.limit)
                    return
        if declared is None and scope.get("method") in ("POST", "PUT", "PATCH", "DELETE"):
            messages: list[Message] = []
            received = 0
            while True:
                message = await receive()
                messages.append(message)
                if message["type"] != "http.request":
                    break
                received += len(message.get("body", b""))
                if received > self.limit:
                    await _send_413(send, self.limit)
                    return
                if not message.get("more_body", False):
                    break
            replay = iter(messages)

            async def buffered_receive() -> Message:
                return next(replay, None) or await receive()

            await self.app(scope, buffered_receive, send)
            return
        received = 0
        started = False

        async def limited_receive() -> Message:  # a body longer than its Content-Length
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.limit:
                    raise BodyTooLarge
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, limited_receive, tracking_send)
        except BodyTooLarge:
            if not started:
                await _send_413(send, self.limit)


#: Methods that never write: they pass the token gate.
_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def token_problem(expected: str | None, authorization: str) -> tuple[int, str] | None:
    """(status, detail) when ``authorization`` does not carry the bearer ``expected``; None when it does."""
    if not expected:
        return 403, "writes are disabled: start the server with --token or STORYLINE_TOKEN"
    scheme, _, given = authorization.partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode(), expected.encode()):
        return 401, "missing or wrong bearer token"
    return None


class WriteTokenGate:
    """Every write request under /api/ is checked for the bearer token before its body is read,
    so an unauthenticated client cannot make the server receive or parse anything."""

    def __init__(self, app: ASGIApp, config):  # config: ServeConfig (its token is read per request)
        self.app = app
        self.config = config

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] != "http"
            or scope.get("method") in _SAFE_METHODS
            or not scope.get("path", "").startswith("/api/")
        ):
            await self.app(scope, receive, send)
            return
        authorization = next(
            (v.decode("latin-1") for k, v in scope.get("headers", []) if k == b"authorization"), ""
        )
        problem = token_problem(self.config.token, authorization)
        if problem:
            extra = [(b"www-authenticate", b"Bearer")] if problem[0] == 401 else []
            await _send_json(send, problem[0], problem[1], extra)
            return
        await self.app(scope, receive, send)


class SecurityHeaders:
    """nosniff, no referrer, no framing, and a strict CSP on every response."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        csp = DOCS_CSP if scope["path"].startswith(("/docs", "/redoc")) else DASHBOARD_CSP

        async def add_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers += [
                    (b"content-security-policy", csp.encode()),
                    (b"x-content-type-options", b"nosniff"),
                    (b"referrer-policy", b"no-referrer"),
                    (b"x-frame-options", b"DENY"),
                ]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, add_headers)


def require_token(request: Request) -> None:
    """Write endpoints: ``Authorization: Bearer <token>`` must match the server's token."""
    problem = token_problem(request.app.state.config.token, request.headers.get("authorization", ""))
    if problem:
        headers = {"WWW-Authenticate": "Bearer"} if problem[0] == 401 else None
        raise HTTPException(problem[0], problem[1], headers=headers)
