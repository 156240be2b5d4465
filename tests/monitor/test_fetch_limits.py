"""The fetcher against a local server: every bad answer is one clear error, limits hold while reading."""

from __future__ import annotations

import resource
import time
from pathlib import Path

import pytest
from monitor_server import LocalServer, Response, article_html, gzip_bomb, stream_huge

from storyline.ingest.fetch import FetchConfig, Fetcher, FetchError, parse_retry_after

MB = 1024 * 1024


@pytest.fixture()
def server(monkeypatch):
    monkeypatch.setenv("STORYLINE_FETCH_LOOPBACK_ONLY", "1")
    srv = LocalServer().start()
    srv.page("/robots.txt", b"User-agent: *\nDisallow: /private/\n", content_type="text/plain")
    yield srv
    srv.stop()


class PeakRSS:
    """Growth of this process's peak RSS from now. ``ru_maxrss`` alone starts at the peak of
    everything that ran before in this pytest process (models loaded by other tests), which
    hides any growth here; Linux resets the peak (VmHWM) on ``clear_refs`` = 5."""

    def __init__(self) -> None:
        self.start_kb = _status_kb("VmRSS")
        try:
            Path("/proc/self/clear_refs").write_text("5")
            self.reset = _status_kb("VmHWM") is not None
        except OSError:
            self.reset = False
        if not self.reset:
            self.start_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

    def grown_mb(self) -> float:
        peak = _status_kb("VmHWM") if self.reset else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return ((peak or 0) - (self.start_kb or 0)) / 1024


def _status_kb(field: str) -> int | None:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return None


def fetcher(**overrides) -> Fetcher:
    config = FetchConfig(
        contact="tests@example.org",
        delay=0.0,
        retries=2,
        backoff=0.05,
        max_retry_wait=2.0,
        read_timeout=0.5,
        connect_timeout=0.5,
        total_timeout=5.0,
        max_bytes=5 * MB,
    )
    for key, value in overrides.items():
        setattr(config, key, value)
    return Fetcher(config)


def error_of(fetch: Fetcher, url: str) -> FetchError:
    with pytest.raises(FetchError) as info:
        fetch.fetch(url)
    message = str(info.value)
    assert "\n" not in message and message.startswith(url + ": ")
    return info.value


def test_page_fetched_with_identified_user_agent_and_conditional_get(server):
    server.page("/a.html", article_html(1))
    with fetcher() as f:
        first = f.fetch(server.base + "/a.html")
        assert first.status == 200 and b"fare protest" in first.body and first.etag
        again = f.fetch(server.base + "/a.html", etag=first.etag, last_modified=first.last_modified)
    assert again.not_modified and again.body == b""
    agent = server.requests("/a.html")[0]["User-Agent"]
    assert agent.startswith("Storyline/") and "tests@example.org" in agent
    assert server.requests("/a.html")[1]["If-None-Match"] == first.etag


def test_404_and_500_are_one_line_each(server):
    server.page("/boom", b"oops", status=500)
    with fetcher(retries=1) as f:
        missing = error_of(f, server.base + "/missing.html")
        boom = error_of(f, server.base + "/boom")
    assert "HTTP 404" in str(missing) and missing.permanent
    assert "HTTP 500" in str(boom) and not boom.permanent
    assert server.hits("/missing.html") == 1  # a 404 is not retried
    assert server.hits("/boom") == 2  # a 500 is, a bounded number of times


def test_429_retry_after_is_honoured_then_succeeds(server):
    calls = {"n": 0}

    def limited(handler):
        calls["n"] += 1
        if calls["n"] == 1:
            return Response(429, b"slow down", headers={"Retry-After": "1"})
        return Response(body=article_html(2))

    server.set("/limited.html", limited)
    with fetcher() as f:
        started = time.monotonic()
        result = f.fetch(server.base + "/limited.html")
    assert result.status == 200 and time.monotonic() - started >= 0.9  # waited what the server asked
    assert calls["n"] == 2


def test_429_with_a_long_retry_after_gives_up_and_says_when(server):
    server.page("/busy.html", b"later", status=429, headers={"Retry-After": "3600"})
    with fetcher(max_retry_wait=30.0) as f:
        started = time.monotonic()
        error = error_of(f, server.base + "/busy.html")
    # gave up at once: neither the hour asked for nor a capped wait (30 s) then a retry
    assert time.monotonic() - started < 20 and error.retry_after == 3600
    assert "HTTP 429" in str(error) and "retry after 3600 s" in str(error)
    assert server.hits("/busy.html") == 1


def test_slow_server_times_out(server):
    server.page("/slow.html", article_html(3), delay=30.0)  # far beyond the 0.5 s read timeout
    with fetcher(retries=0) as f:
        started = time.monotonic()
        error = error_of(f, server.base + "/slow.html")
    assert "timed out" in str(error) and time.monotonic() - started < 15  # not the 30 s answer


def test_redirect_loop_and_too_many_redirects(server):
    server.page("/loop-a", b"", status=302, headers={"Location": "/loop-b"})
    server.page("/loop-b", b"", status=302, headers={"Location": "/loop-a"})
    for n in range(10):
        server.page(f"/hop{n}", b"", status=301, headers={"Location": f"/hop{n + 1}"})
    server.page("/moved", b"", status=301, headers={"Location": "/final.html"})
    server.page("/final.html", article_html(4))
    with fetcher() as f:
        assert "redirect loop" in str(error_of(f, server.base + "/loop-a"))
        assert "too many redirects" in str(error_of(f, server.base + "/hop0"))
        moved = f.fetch(server.base + "/moved")
    assert moved.status == 200 and moved.redirects == [server.base + "/final.html"]
    assert server.hits("/loop-a") == 1 and server.hits("/hop6") == 0


def test_gzip_bomb_stops_at_the_limit_while_decompressing(server):
    bomb = gzip_bomb(200 * MB)  # ~200 KB on the wire
    server.page("/bomb.html", bomb, headers={"Content-Encoding": "gzip"})
    peak = PeakRSS()
    with fetcher() as f:
        error = error_of(f, server.base + "/bomb.html")
    grown_mb = peak.grown_mb()
    assert "too large" in str(error) and "decompressed" in str(error)
    assert grown_mb < 60  # never expanded 200 MB


def test_wrong_content_type_and_binary_bodies_are_refused(server):
    png = b"\x89PNG\r\n\x1a\n" + b"\0" * 100
    server.page("/photo.jpg", png, content_type="image/png")
    server.page("/disguised.html", png, content_type="text/html")
    with fetcher() as f:
        assert "unsupported content type image/png" in str(error_of(f, server.base + "/photo.jpg"))
        assert "not a text response (PNG image" in str(error_of(f, server.base + "/disguised.html"))


def test_robots_disallow_is_obeyed(server):
    server.page("/private/secret.html", article_html(5))
    with fetcher() as f:
        error = error_of(f, server.base + "/private/secret.html")
    assert "disallowed by robots.txt" in str(error)
    assert server.hits("/private/secret.html") == 0 and server.hits("/robots.txt") == 1


def test_robots_5xx_allows_nothing_and_a_missing_robots_allows_everything(server):
    server.page("/robots.txt", b"down", status=503)
    server.page("/a.html", article_html(6))
    with fetcher(retries=0) as f:
        assert "robots.txt answered HTTP 503" in str(error_of(f, server.base + "/a.html"))
    assert server.hits("/a.html") == 0
    del server.routes["/robots.txt"]  # 404 now
    with fetcher() as f:
        assert f.fetch(server.base + "/a.html").status == 200
    with fetcher() as f:
        assert str(error_of(f, "http://127.0.0.1:9/a.html")).endswith(
            "connection failed ([Errno 111] Connection refused)"
        )


def test_200_mb_page_is_cut_off_while_streaming(server):
    server.set("/huge.html", stream_huge(200 * MB))
    peak = PeakRSS()
    with fetcher() as f:
        started = time.monotonic()
        error = error_of(f, server.base + "/huge.html")
    grown_mb = peak.grown_mb()
    assert "too large" in str(error) and "stopped reading" in str(error)
    assert time.monotonic() - started < 10
    assert grown_mb < 60
    time.sleep(0.2)
    assert server.bytes_streamed < 60 * MB  # the server never got to send the 200 MB


def test_declared_oversize_is_refused_before_reading(server):
    server.page("/big.html", b"x" * (6 * MB))
    with fetcher() as f:
        assert "not read" in str(error_of(f, server.base + "/big.html"))


def test_non_loopback_hosts_are_refused_under_the_test_guard(server):
    with fetcher() as f:
        error = error_of(f, "http://example.com/news.html")
    assert "not a loopback host" in str(error)


def test_per_host_delay_spaces_requests(server):
    for n in range(3):
        server.page(f"/d{n}.html", article_html(n))
    with fetcher(delay=0.3) as f:
        started = time.monotonic()
        for n in range(3):
            f.fetch(server.base + f"/d{n}.html")
    assert time.monotonic() - started >= 0.6  # robots.txt, then 3 pages 0.3 s apart


def test_retry_after_parses_seconds_and_dates():
    assert parse_retry_after("120") == 120
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now=1445412480 - 60) == pytest.approx(60, abs=1)
    assert parse_retry_after("soon") is None


def test_robots_txt_is_asked_once_per_host_per_run(server, tmp_path):
    """Two sources and six pages on one host, fetched by 3 threads: one robots.txt request per
    run (cached per origin in the run's Fetcher); the next run asks again (a changed robots.txt
    is seen on the next poll)."""
    from monitor_server import rss

    from storyline.ingest.web import Target, WebIngest
    from storyline.store import Store

    for n in range(6):
        server.page(f"/r{n}.html", article_html(n))
    for name, pages in (("/one.xml", range(0, 3)), ("/two.xml", range(3, 6))):
        server.page(
            name,
            rss(server.base, [(f"/r{n}.html", f"R{n}", None) for n in pages]),
            content_type="application/rss+xml",
        )
    with Store(tmp_path / "r.duckdb") as store:
        for run in (1, 2):
            with fetcher() as f:
                web = WebIngest(store, f, concurrency=3)
                list(web.articles([Target(server.base + "/one.xml"), Target(server.base + "/two.xml")]))
                web.finish()
            assert server.hits("/robots.txt") == run
    assert sum(server.hits(f"/r{n}.html") for n in range(6)) >= 6
