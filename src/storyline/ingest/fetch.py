"""Polite, bounded HTTP fetching for ``storyline ingest URL`` and ``storyline watch``.

One :class:`Fetcher` serves a whole run. Every request it makes:

* names itself: ``User-Agent: Storyline/<version> (news monitor; +<contact>)``; the contact comes
  from ``FetchConfig.contact`` or ``$STORYLINE_CONTACT``;
* obeys robots.txt (parsed with protego, cached per origin, its Crawl-delay honoured) — RFC 9309:
  a 4xx robots.txt allows everything, an unreachable one (5xx, network error) allows nothing;
* waits its turn: one request at a time per host and ``delay`` seconds between two requests to
  the same host (threads fetching other hosts go on meanwhile);
* is bounded: connect/read timeouts, a total time budget per response (a server trickling bytes
  cannot hold us), a size limit counted *while* reading the stream and while decompressing it
  (gzip bombs stop at the limit), a Content-Length over the limit is refused before reading;
* follows at most ``max_redirects`` redirects itself and names a loop as a loop;
* retries transient failures (timeouts, connection errors, 429, 500/502/503/504) at most
  ``retries`` times with exponential backoff, honouring ``Retry-After`` up to ``max_retry_wait``
  (a longer wait is not slept: the error carries ``retry_after`` so the watcher reschedules);
* sends ``If-None-Match`` / ``If-Modified-Since`` when it is given the stored validators, and
  reports a 304 as ``not_modified``.

Every failure is a :class:`FetchError` (an :class:`IngestError`): ``"<url>: <one-line reason>"``.

Tests set ``$STORYLINE_FETCH_LOOPBACK_ONLY=1``: the fetcher then refuses any host that is not
127.0.0.1 / ::1 / localhost, so a test can never reach the internet.
"""

from __future__ import annotations

import email.utils
import ipaddress
import os
import random
import threading
import time
import zlib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urljoin, urlsplit, urlunsplit

import httpx

from storyline.ingest.errors import IngestError
from storyline.ingest.sources import human_size, sniff_binary

LOOPBACK_ENV = "STORYLINE_FETCH_LOOPBACK_ONLY"
CONTACT_ENV = "STORYLINE_CONTACT"
MAX_FETCH_BYTES_ENV = "STORYLINE_MAX_FETCH_BYTES"
ROBOTS_AGENT = "Storyline"

#: Content types we read, by what they usually hold. Anything else (images, PDF, video...) is
#: refused before its body is read.
PAGE_TYPES = ("text/html", "application/xhtml+xml")
LISTING_TYPES = (
    "application/rss+xml",
    "application/atom+xml",
    "application/rdf+xml",
    "application/xml",
    "text/xml",
    "application/feed+json",
    "application/json",
    "text/plain",
    "application/gzip",
    "application/x-gzip",
)
ACCEPTED_TYPES = PAGE_TYPES + LISTING_TYPES
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
_GZIP_MAGIC = b"\x1f\x8b"


def _version() -> str:
    try:
        from importlib.metadata import version

        return version("storyline")
    except Exception:  # noqa: BLE001 - running from a source tree
        return "0"


@dataclass
class FetchConfig:
    """Limits and manners of one run; the defaults suit a real site, tests shrink them."""

    contact: str | None = None
    connect_timeout: float = 10.0
    read_timeout: float = 20.0
    #: Total seconds for one response, headers to last byte.
    total_timeout: float = 60.0
    #: Largest response body (after decompression); ``$STORYLINE_MAX_FETCH_BYTES`` overrides.
    max_bytes: int = 20 * 1024 * 1024
    max_redirects: int = 5
    retries: int = 2
    backoff: float = 1.0
    max_retry_wait: float = 60.0
    #: Seconds between two requests to one host (robots.txt Crawl-delay raises it, up to 60 s).
    delay: float = 1.0
    respect_robots: bool = True
    loopback_only: bool = field(default_factory=lambda: os.environ.get(LOOPBACK_ENV, "") not in ("", "0"))

    def __post_init__(self) -> None:
        value = os.environ.get(MAX_FETCH_BYTES_ENV)
        if value and value.isdigit():
            self.max_bytes = int(value)
        if self.contact is None:
            self.contact = os.environ.get(CONTACT_ENV) or None

    @property
    def user_agent(self) -> str:
        contact = f"; +{self.contact}" if self.contact else ""
        return f"{ROBOTS_AGENT}/{_version()} (news monitor{contact})"


class FetchError(IngestError):
    """A URL that could not be fetched. ``retry_after``: seconds the server asked us to wait;
    ``permanent``: retrying soon would give the same answer (404, wrong type, robots...)."""

    def __init__(
        self,
        url: str,
        reason: str,
        *,
        status: int | None = None,
        retry_after: float | None = None,
        permanent: bool = False,
    ):
        super().__init__(url, reason)
        self.status = status
        self.retry_after = retry_after
        self.permanent = permanent


@dataclass
class FetchResult:
    url: str  # as asked for
    final_url: str  # after redirects
    status: int
    content_type: str = ""
    body: bytes = b""
    etag: str | None = None
    last_modified: str | None = None
    not_modified: bool = False
    redirects: list[str] = field(default_factory=list)


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    current = datetime.fromtimestamp(now if now is not None else time.time(), tz=UTC)
    return max(0.0, (when - current).total_seconds())


def is_loopback(host: str) -> bool:
    host = host.strip("[]").lower()
    if host in ("localhost", "localhost.localdomain"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _seconds(value: float) -> str:
    return f"{value:.0f} s" if value >= 10 else f"{value:.1f} s"


class _HostGate:
    """One request at a time per host, ``delay`` seconds apart."""

    def __init__(self) -> None:
        self._locks: dict[str, threading.Lock] = {}
        self._next: dict[str, float] = {}
        self._guard = threading.Lock()

    def lock(self, host: str) -> threading.Lock:
        with self._guard:
            return self._locks.setdefault(host, threading.Lock())

    def wait_turn(self, host: str) -> None:
        pause = self._next.get(host, 0.0) - time.monotonic()
        if pause > 0:
            time.sleep(pause)

    def done(self, host: str, delay: float) -> None:
        self._next[host] = time.monotonic() + delay


class _BoundedReader:
    """Accumulates a (possibly compressed) body, refusing it as soon as it passes ``limit``."""

    def __init__(self, url: str, limit: int, encoding: str):
        self.url, self.limit, self.size = url, limit, 0
        self.parts: list[bytes] = []
        encoding = encoding.strip().lower()
        if encoding in ("", "identity"):
            self._inflate = None
        elif encoding in ("gzip", "x-gzip"):
            self._inflate = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif encoding == "deflate":
            self._inflate = zlib.decompressobj()
        else:
            raise FetchError(url, f"unsupported content encoding {encoding!r}", permanent=True)

    def _keep(self, data: bytes) -> None:
        self.size += len(data)
        if self.size > self.limit:
            raise FetchError(
                self.url,
                f"response too large (over limit {human_size(self.limit)}"
                f"{' decompressed' if self._inflate else ''}); stopped reading",
                permanent=True,
            )
        self.parts.append(data)

    def feed(self, chunk: bytes) -> None:
        if self._inflate is None:
            self._keep(chunk)
            return
        data = chunk
        try:
            while data:
                # max_length bounds what one call may expand to: a bomb never gets past the limit.
                out = self._inflate.decompress(data, self.limit - self.size + 1)
                self._keep(out)
                data = self._inflate.unconsumed_tail
        except zlib.error as exc:
            raise FetchError(self.url, f"corrupt compressed response ({exc})", permanent=True) from None

    def body(self) -> bytes:
        return b"".join(self.parts)


def gunzip_bounded(data: bytes, limit: int, url: str) -> bytes:
    """A gzip file's content (e.g. ``sitemap.xml.gz``), stopped at ``limit`` bytes."""
    reader = _BoundedReader(url, limit, "gzip")
    reader.feed(data)
    return reader.body()


class Fetcher:
    """A polite HTTP client for one run; thread-safe (one request per host at a time)."""

    def __init__(self, config: FetchConfig | None = None, *, transport: httpx.BaseTransport | None = None):
        self.config = config or FetchConfig()
        c = self.config
        self.client = httpx.Client(
            headers={"User-Agent": c.user_agent, "Accept-Encoding": "gzip, deflate"},
            timeout=httpx.Timeout(c.read_timeout, connect=c.connect_timeout),
            follow_redirects=False,
            trust_env=not c.loopback_only,
            transport=transport,
        )
        self._gate = _HostGate()
        self._robots: dict[str, tuple[object | None, str | None, float]] = {}
        self._robots_lock = threading.Lock()
        self._robots_locks: dict[str, threading.Lock] = {}
        self.requests = 0

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- checks -----------------------------------------------------------------------------
    def _check_url(self, url: str) -> httpx.URL:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise FetchError(url, "not an http(s) URL", permanent=True)
        if self.config.loopback_only and not is_loopback(parts.hostname):
            raise FetchError(
                url,
                f"refused: {parts.hostname} is not a loopback host (${LOOPBACK_ENV} is set)",
                permanent=True,
            )
        try:
            return httpx.URL(url)
        except httpx.InvalidURL as exc:
            raise FetchError(url, f"invalid URL ({exc})", permanent=True) from None

    def _robots_for(self, url: str) -> tuple[object | None, str | None, float]:
        """(protego parser or None = allow all, refusal reason or None, crawl delay) for url's origin."""
        parts = urlsplit(url)
        origin = urlunsplit((parts.scheme, parts.netloc, "", "", ""))
        with self._robots_lock:
            origin_lock = self._robots_locks.setdefault(origin, threading.Lock())
        with origin_lock:  # one robots.txt request per origin, however many threads ask
            if origin not in self._robots:
                self._robots[origin] = self._load_robots(origin)
            return self._robots[origin]

    def _load_robots(self, origin: str) -> tuple[object | None, str | None, float]:
        from protego import Protego

        robots_url = origin + "/robots.txt"
        try:
            for _ in range(5):  # RFC 9309: follow at least five redirects
                result = self._get(robots_url, headers={}, limit=512 * 1024, check_type=False)
                if result.status not in REDIRECT_STATUSES:
                    break
                robots_url = urljoin(robots_url, result.body.decode("latin-1"))
            else:
                return None, None, 0.0
        except FetchError as exc:
            if exc.status is not None and 400 <= exc.status < 500:
                return None, None, 0.0  # RFC 9309: no robots.txt (4xx) = everything allowed
            if exc.status is None:  # the site itself is unreachable: say that
                return None, exc.reason, 0.0
            # RFC 9309: an unreachable robots.txt (5xx) means nothing may be fetched
            return None, f"robots.txt answered HTTP {exc.status}; not fetching this site", 0.0
        parser = Protego.parse(result.body.decode("utf-8", "replace"))
        return parser, None, min(60.0, float(parser.crawl_delay(ROBOTS_AGENT) or 0.0))

    def allowed(self, url: str) -> None:
        """Raise FetchError when robots.txt forbids ``url``."""
        if not self.config.respect_robots:
            return
        parser, refusal, _ = self._robots_for(url)
        if refusal:
            raise FetchError(url, refusal)
        if parser is not None and not parser.can_fetch(url, ROBOTS_AGENT):  # type: ignore[attr-defined]
            raise FetchError(url, "disallowed by robots.txt", permanent=True)

    # -- fetching ---------------------------------------------------------------------------
    def fetch(self, url: str, *, etag: str | None = None, last_modified: str | None = None) -> FetchResult:
        """GET ``url`` (redirects, retries, limits, robots.txt). Raises FetchError."""
        headers = {
            "Accept": "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,"
            "application/xml;q=0.9,text/plain;q=0.8,*/*;q=0.5"
        }
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        chain = [url]
        current = url
        for _ in range(self.config.max_redirects + 1):
            self.allowed(current)
            result = self._get(current, headers=headers, limit=self.config.max_bytes)
            if result.status not in REDIRECT_STATUSES:
                result.url, result.redirects = url, chain[1:]
                return result
            target = urljoin(current, result.body.decode("latin-1") if result.body else "")
            if not target or target in chain:
                loop = " -> ".join([*chain[-3:], target])
                raise FetchError(url, f"redirect loop ({loop})", status=result.status, permanent=True)
            chain.append(target)
            current = target
        raise FetchError(url, f"too many redirects (over {self.config.max_redirects})", permanent=True)

    def _get(self, url: str, *, headers: dict[str, str], limit: int, check_type: bool = True) -> FetchResult:
        """One URL, with retries; a redirect comes back with its Location as ``body``."""
        request_url = self._check_url(url)
        host = request_url.netloc.decode("ascii", "replace")
        delay = self.config.delay
        if self.config.respect_robots and urlsplit(url).path != "/robots.txt":
            delay = max(delay, self._robots_for(url)[2])
        attempt = 0
        with self._gate.lock(host):
            while True:
                self._gate.wait_turn(host)
                try:
                    return self._once(url, request_url, headers, limit, check_type)
                except FetchError as exc:
                    wait = self._retry_wait(exc, attempt)
                    if wait is None:
                        raise
                    attempt += 1
                    time.sleep(wait)
                finally:
                    self._gate.done(host, delay)

    def _retry_wait(self, exc: FetchError, attempt: int) -> float | None:
        """Seconds to wait before retrying, or None to give up now."""
        if exc.permanent or attempt >= self.config.retries:
            return None
        if exc.status is not None and exc.status not in RETRY_STATUSES:
            return None
        if exc.retry_after is not None:
            if exc.retry_after > self.config.max_retry_wait:
                return None  # the watcher reschedules the source instead of sleeping here
            return exc.retry_after
        return min(self.config.max_retry_wait, self.config.backoff * 2**attempt * (1 + random.random() / 4))

    def _once(
        self, url: str, request_url: httpx.URL, headers: dict[str, str], limit: int, check_type: bool
    ) -> FetchResult:
        started = time.monotonic()
        self.requests += 1
        try:
            with self.client.stream("GET", request_url, headers=headers) as response:
                return self._read(url, response, limit, check_type, started)
        except httpx.TimeoutException as exc:
            kind = "connecting" if isinstance(exc, httpx.ConnectTimeout) else "waiting for the server"
            timeout = self.config.connect_timeout if kind == "connecting" else self.config.read_timeout
            raise FetchError(url, f"timed out after {_seconds(timeout)} {kind}") from None
        except httpx.TooManyRedirects:  # not raised with follow_redirects=False; kept for safety
            raise FetchError(url, "too many redirects", permanent=True) from None
        except httpx.HTTPError as exc:
            reason = str(exc).splitlines()[0][:160] if str(exc) else type(exc).__name__
            raise FetchError(url, f"connection failed ({reason})") from None

    def _read(
        self, url: str, response: httpx.Response, limit: int, check_type: bool, started: float
    ) -> FetchResult:
        status = response.status_code
        result = FetchResult(
            url=url,
            final_url=str(response.url),
            status=status,
            content_type=response.headers.get("content-type", ""),
            etag=response.headers.get("etag"),
            last_modified=response.headers.get("last-modified"),
        )
        if status in REDIRECT_STATUSES:
            location = response.headers.get("location")
            if not location:
                raise FetchError(
                    url, f"HTTP {status} redirect without a Location", status=status, permanent=True
                )
            result.body = location.encode("latin-1", "replace")
            return result
        if status == 304:
            result.not_modified = True
            return result
        if status >= 400:
            retry_after = parse_retry_after(response.headers.get("retry-after"))
            reason = f"HTTP {status} {response.reason_phrase}".strip()
            if retry_after is not None and status in RETRY_STATUSES:
                reason += f" (server asks to retry after {_seconds(retry_after)})"
            raise FetchError(
                url,
                reason,
                status=status,
                retry_after=retry_after,
                permanent=status not in RETRY_STATUSES and status != 408,
            )
        if status != 200:
            raise FetchError(url, f"unexpected HTTP {status} {response.reason_phrase}", status=status)
        mime = result.content_type.split(";")[0].strip().lower()
        if check_type and mime and mime not in ACCEPTED_TYPES:
            raise FetchError(
                url,
                f"unsupported content type {mime} (expected a web page, feed or sitemap)",
                status=status,
                permanent=True,
            )
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit and not response.headers.get("content-encoding"):
            raise FetchError(
                url,
                f"response too large ({human_size(int(declared))} > limit {human_size(limit)}); not read",
                status=status,
                permanent=True,
            )
        reader = _BoundedReader(url, limit, response.headers.get("content-encoding", ""))
        for chunk in response.iter_raw(64 * 1024):
            reader.feed(chunk)
            if time.monotonic() - started > self.config.total_timeout:
                raise FetchError(
                    url, f"too slow: response not complete after {_seconds(self.config.total_timeout)}"
                )
        body = reader.body()
        if body.startswith(_GZIP_MAGIC):  # a .gz file served as such (sitemap.xml.gz)
            body = gunzip_bounded(body, limit, url)
        if check_type:
            kind = sniff_binary(body[:8192])
            if kind:
                raise FetchError(
                    url,
                    f"not a text response ({kind}, served as {mime or 'no type'})",
                    status=status,
                    permanent=True,
                )
        result.body = body
        return result
