"""End to end, as the team checks it: real pages served from 127.0.0.1 through a feed and a sitemap.

`storyline ingest FEED_URL`, `storyline sources add SITEMAP_URL`, then `storyline watch --once`
twice: every article stored once, the second poll adds nothing, a missing page is one error line.
The pages are ../shared's article-extraction benchmark pages when present, else our own.
"""

from __future__ import annotations

import gzip
import os
import subprocess
import sys
from pathlib import Path

import pytest
from monitor_server import LocalServer, article_html, rss, sitemap

from storyline.store import Store

STORYLINE = Path(sys.executable).with_name("storyline")
SHARED = Path(os.environ.get("STORYLINE_SHARED", Path(__file__).resolve().parents[3] / "shared"))
BENCHMARK = SHARED / "corpora" / "article_extraction_benchmark" / "html"

pytestmark = pytest.mark.skipif(not STORYLINE.exists(), reason="storyline console script not installed")


def _pages(count: int) -> list[bytes]:
    """Real news pages that extract to an article, or our own when ../shared is absent."""
    if not BENCHMARK.is_dir():
        return [article_html(n, dated=n % 3 != 0) for n in range(count)]
    from storyline.ingest.errors import IngestError
    from storyline.ingest.html import article_from_html

    pages = []
    for path in sorted(BENCHMARK.glob("*.html.gz")):
        body = gzip.decompress(path.read_bytes())
        try:
            article = article_from_html(body, where=path.name)
        except IngestError:
            continue
        if article.language == "en" and len(article.text) > 500:
            pages.append(body)
        if len(pages) == count:
            break
    return pages


def storyline(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run([str(STORYLINE), *args], capture_output=True, text=True, env=env, timeout=600)


@pytest.fixture()
def site():
    srv = LocalServer().start()
    srv.page("/robots.txt", b"User-agent: *\nDisallow: /private/\n", content_type="text/plain")
    pages = _pages(6)
    for n, body in enumerate(pages):
        srv.page(f"/news/{n}.html", body)
    base = srv.base
    srv.page(
        "/feed.xml",
        rss(
            base,
            [
                ("/news/0.html", "Zero", "Tue, 07 May 2024 10:00:00 GMT"),
                ("/news/1.html", "One", None),
                ("/news/1.html", "One again", None),
                ("/news/2.html", "Two", None),
                ("/news/gone.html", "Gone", None),
            ],
        ),
        content_type="application/rss+xml",
    )
    srv.page(
        "/sitemap.xml",
        sitemap(base, ["/news/2.html", "/news/3.html", "/news/4.html", "/news/5.html", "/news/missing.html"]),
        content_type="application/xml",
    )
    yield srv, len(pages)
    srv.stop()


def _page_requests(server: LocalServer, start: int) -> list[str]:
    return [p for p, _ in server.log[start:] if p.startswith("/news/")]


def test_feed_then_sitemap_source_then_two_polls(site, tmp_path):
    server, count = site
    assert count == 6
    db = str(tmp_path / "watch.duckdb")
    env = {**os.environ, "STORYLINE_FETCH_LOOPBACK_ONLY": "1", "PYTHONPATH": os.environ.get("PYTHONPATH", "")}
    common = ["--db", db, "--delay", "0", "--no-link"]

    ingest = storyline("ingest", server.base + "/feed.xml", *common, env=env)
    assert ingest.returncode == 1, ingest.stderr  # one page failed
    gone = [line for line in ingest.stderr.splitlines() if "/news/gone.html" in line]
    assert gone == [f"{server.base}/news/gone.html: HTTP 404 Not Found"], ingest.stderr
    assert "Traceback" not in ingest.stderr

    added = storyline("sources", "add", server.base + "/sitemap.xml", "--db", db, env=env)
    assert added.returncode == 0 and "added" in added.stderr

    start = len(server.log)
    first = storyline("watch", "--once", *common, env=env)
    assert first.returncode == 0, first.stderr
    missing = [line for line in first.stderr.splitlines() if "missing.html" in line]
    assert missing == [f"{server.base}/news/missing.html: HTTP 404 Not Found"], first.stderr
    # news/2 was stored by the feed run: listed again by the sitemap, it is not fetched again
    assert sorted(_page_requests(server, start)) == [
        "/news/3.html",
        "/news/4.html",
        "/news/5.html",
        "/news/missing.html",
    ]

    start = len(server.log)
    second = storyline("watch", "--once", *common, env=env)
    assert second.returncode == 0, second.stderr
    assert _page_requests(server, start) == []
    assert "0 new articles" in " ".join(second.stderr.split())
    assert "missing.html" not in second.stderr and "Traceback" not in second.stderr

    with Store(db, read_only=True) as store:
        con = store.con
        urls = [r[0] for r in con.execute("SELECT url_key FROM articles ORDER BY url_key").fetchall()]
        versions = con.execute("SELECT count(*) FROM article_versions").fetchone()[0]
        sources = con.execute(
            "SELECT kind, last_poll_listed, last_poll_errors, consecutive_errors FROM sources"
        ).fetchall()
    assert len(urls) == len(set(urls)) == count == versions  # every article once, one version each
    assert sources == [("sitemap", 5, 1, 0)]

    listing = storyline("sources", "list", "--db", db, "--json", env=env)
    assert listing.returncode == 0
    import json

    row = json.loads(listing.stdout.splitlines()[0])
    assert row["health"] == "degraded" and row["articles"] == 4 and row["errors"] == 1
