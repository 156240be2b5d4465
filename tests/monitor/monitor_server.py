"""A local HTTP server for the monitoring tests: bound to 127.0.0.1, on a free port, in a thread.

Routes are plain functions of the request handler; every request is logged (method, path,
headers) so tests can assert what was fetched, how often, and with which validators.
Pages are written here from our own templates (no publisher text).
"""

from __future__ import annotations

import email.utils
import gzip
import hashlib
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

CITIES = ["Nairobi", "Lima", "Manila", "Warsaw", "Dhaka", "Accra", "Hanoi", "Quito", "Tunis", "Oslo"]
OFFICIALS = ["Maria Lopez", "Kofi Mensah", "Anna Nowak", "Tran Van Minh", "Leila Haddad"]
LAST_MODIFIED = email.utils.formatdate(time.time() - 3600, usegmt=True)


def article_html(n: int, *, dated: bool = True, extra: str = "") -> bytes:
    """A news page of our own: headline, byline, date in the markup (unless ``dated=False``), body."""
    city, official = CITIES[n % len(CITIES)], OFFICIALS[n % len(OFFICIALS)]
    date_meta = (
        f'<meta property="article:published_time" content="2024-05-{n % 27 + 1:02d}T08:30:00+00:00">'
        if dated
        else ""
    )
    paragraphs = [
        f"{city.upper()} — Police in {city} arrested {n + 4} protesters on Tuesday after a march against "
        f"rising bus fares turned violent near the central station, a police spokesperson said.",
        f'"We will not tolerate attacks on officers," {official} told reporters outside the station. '
        f"Organisers said {n + 2} people were injured when police used tear gas to disperse the crowd.",
        f"The transport ministry said it would review the fare increase of {n + 10} percent next week. "
        f"Opposition lawmakers in {city} called for an inquiry into the use of force.",
        f"Residents said shops near the station stayed closed for the rest of the day. {extra}",
    ]
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f"<title>Police arrest {n + 4} in {city} fare protest</title>{date_meta}"
        f'<meta name="author" content="{official}"></head><body><header><nav>Home | World</nav></header>'
        f"<article><h1>Police arrest {n + 4} in {city} fare protest</h1>{body}</article>"
        f"<footer>Copyright 2024 The Test Courier</footer></body></html>"
    ).encode()


def rss(base: str, items: list[tuple[str, str, str | None]], title: str = "Test Courier World") -> bytes:
    """RSS 2.0 with (path, title, pubDate or None) items."""
    entries = "".join(
        f"<item><title>{t}</title><link>{base}{p}</link><guid>{base}{p}</guid>"
        + (f"<pubDate>{d}</pubDate>" if d else "")
        + "<author>desk@example.org (Feed Desk)</author></item>"
        for p, t, d in items
    )
    return (
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{title}</title>'
        f"<link>{base}/</link><description>test feed</description>{entries}</channel></rss>"
    ).encode()


def sitemap(base: str, paths: list[str], lastmod: str = "2024-05-01") -> bytes:
    urls = "".join(f"<url><loc>{base}{p}</loc><lastmod>{lastmod}</lastmod></url>" for p in paths)
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>'
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'
    ).encode()


def sitemap_index(base: str, paths: list[str]) -> bytes:
    items = "".join(f"<sitemap><loc>{base}{p}</loc></sitemap>" for p in paths)
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>'
        f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{items}</sitemapindex>'
    ).encode()


@dataclass
class Response:
    status: int = 200
    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    #: Conditional GET: answer 304 when the request's validators match.
    validators: bool = True
    delay: float = 0.0


Route = Callable[["Handler"], Response | None]


class Handler(BaseHTTPRequestHandler):
    server: LocalServer  # type: ignore[assignment]
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        pass

    def do_GET(self) -> None:  # noqa: N802
        srv = self.server
        path = self.path
        with srv.lock:
            srv.log.append((path, dict(self.headers.items())))
        route = srv.routes.get(path.split("?")[0])
        response = route(self) if route else Response(404, b"<html><body>not found</body></html>")
        if response is None:  # the route wrote its own answer
            return
        if response.delay:
            time.sleep(response.delay)
        headers = dict(response.headers)
        if response.status == 200 and response.validators:
            etag = '"' + hashlib.sha1(response.body).hexdigest()[:16] + '"'
            headers.setdefault("ETag", etag)
            headers.setdefault("Last-Modified", LAST_MODIFIED)
            if self.headers.get("If-None-Match") == headers["ETag"]:
                self._send(304, b"", headers={"ETag": headers["ETag"]}, content_type=None)
                return
        self._send(response.status, response.body, headers=headers, content_type=response.content_type)

    def _send(self, status: int, body: bytes, *, headers: dict[str, str], content_type: str | None) -> None:
        try:
            self.send_response(status)
            if content_type:
                self.send_header("Content-Type", content_type)
            for key, value in headers.items():
                self.send_header(key, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if body:
                self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass


class LocalServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.routes: dict[str, Route] = {}
        self.log: list[tuple[str, dict[str, str]]] = []
        self.lock = threading.Lock()
        self.bytes_streamed = 0

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def page(self, path: str, body: bytes, **kwargs: Any) -> None:
        self.routes[path] = lambda handler, r=Response(body=body, **kwargs): r

    def set(self, path: str, route: Route) -> None:
        self.routes[path] = route

    def hits(self, path: str) -> int:
        with self.lock:
            return sum(1 for p, _ in self.log if p == path)

    def requests(self, path: str) -> list[dict[str, str]]:
        with self.lock:
            return [h for p, h in self.log if p == path]

    def start(self) -> LocalServer:
        threading.Thread(target=self.serve_forever, name="local-http", daemon=True).start()
        return self

    def stop(self) -> None:
        self.shutdown()
        self.server_close()


def gzip_bomb(decompressed: int) -> bytes:
    """gzip of ``decompressed`` zero bytes (about 1000:1)."""
    import zlib

    compressor = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    block = b"\0" * (1 << 20)
    parts = [compressor.compress(block) for _ in range(decompressed >> 20)]
    parts.append(compressor.flush())
    return b"".join(parts)


def stream_huge(size: int) -> Route:
    """A page of ``size`` bytes generated while it is sent (chunked, never held in memory)."""

    def route(handler: Handler) -> None:
        srv = handler.server
        try:
            handler.send_response(200)
            handler.send_header("Content-Type", "text/html; charset=utf-8")
            handler.send_header("Transfer-Encoding", "chunked")
            handler.end_headers()
            chunk = b"<p>" + b"filler text " * 5000 + b"</p>\n"
            sent = 0
            while sent < size:
                handler.wfile.write(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
                sent += len(chunk)
                with srv.lock:
                    srv.bytes_streamed += len(chunk)
            handler.wfile.write(b"0\r\n\r\n")
        except (BrokenPipeError, ConnectionResetError, OSError):
            pass
        handler.close_connection = True
        return None

    return route


def gzipped(body: bytes) -> bytes:
    return gzip.compress(body)
