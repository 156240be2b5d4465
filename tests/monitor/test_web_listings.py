"""Feeds, sitemaps and indexes expand to pages; each bad URL is one line and the rest goes on.

These run :class:`WebIngest` without the NLP pipeline (the end-to-end test runs the CLI).
"""

from __future__ import annotations

import pytest
from monitor_server import (
    LocalServer,
    article_html,
    gzip_bomb,
    gzipped,
    rss,
    sitemap,
    sitemap_index,
    stream_huge,
)

from storyline.ingest.errors import IngestError
from storyline.ingest.fetch import FetchConfig, Fetcher
from storyline.ingest.web import Target, WebIngest
from storyline.model import Article
from storyline.store import Store

MB = 1024 * 1024
BAD = {
    "/missing.html": "HTTP 404",
    "/boom.html": "HTTP 500",
    "/busy.html": "HTTP 429",
    "/slow.html": "timed out",
    "/loop.html": "redirect loop",
    "/bomb.html": "too large",
    "/photo.html": "unsupported content type image/png",
    "/private/secret.html": "disallowed by robots.txt",
    "/huge.html": "too large",
}


@pytest.fixture()
def server(monkeypatch):
    monkeypatch.setenv("STORYLINE_FETCH_LOOPBACK_ONLY", "1")
    srv = LocalServer().start()
    srv.page("/robots.txt", b"User-agent: *\nDisallow: /private/\n", content_type="text/plain")
    for n in range(6):
        srv.page(f"/a{n}.html", article_html(n, dated=n != 1))
    srv.page("/private/secret.html", article_html(9))
    srv.page("/boom.html", b"oops", status=500)
    srv.page("/busy.html", b"later", status=429, headers={"Retry-After": "3600"})
    srv.page("/slow.html", article_html(7), delay=3.0)
    srv.page("/loop.html", b"", status=302, headers={"Location": "/loop2.html"})
    srv.page("/loop2.html", b"", status=302, headers={"Location": "/loop.html"})
    srv.page("/bomb.html", gzip_bomb(64 * MB), headers={"Content-Encoding": "gzip"})
    srv.page("/photo.html", b"\x89PNG\r\n\x1a\n" + b"\0" * 64, content_type="image/png")
    srv.set("/huge.html", stream_huge(200 * MB))
    yield srv
    srv.stop()


def web_for(store: Store) -> tuple[WebIngest, Fetcher]:
    config = FetchConfig(
        delay=0.0,
        retries=1,
        backoff=0.05,
        max_retry_wait=1.0,
        read_timeout=0.5,
        connect_timeout=0.5,
        total_timeout=5.0,
        max_bytes=4 * MB,
    )
    fetcher = Fetcher(config)
    return WebIngest(store, fetcher, concurrency=3), fetcher


def run(store: Store, targets: list[Target]) -> tuple[list[Article], list[str], WebIngest]:
    web, fetcher = web_for(store)
    with fetcher:
        items = list(web.articles(targets))
    web.finish()
    articles = [i for i in items if isinstance(i, Article)]
    errors = [str(i) for i in items if isinstance(i, IngestError)]
    return articles, errors, web


def test_feed_with_duplicates_and_every_kind_of_bad_url(server, tmp_path):
    base = server.base
    paths = ["/a0.html", "/a1.html", "/a1.html", *BAD, "/a2.html", "/report.pdf"]
    server.page(
        "/feed.xml",
        rss(base, [(p, f"Feed headline {i}", "Tue, 07 May 2024 10:00:00 GMT") for i, p in enumerate(paths)]),
        content_type="application/rss+xml",
    )
    with Store(tmp_path / "s.duckdb") as store:
        articles, errors, web = run(store, [Target(base + "/feed.xml")])
    assert sorted(a.url for a in articles) == [base + "/a0.html", base + "/a1.html", base + "/a2.html"]
    assert len(errors) == len(BAD)
    for path, reason in BAD.items():
        lines = [e for e in errors if e.startswith(base + path + ": ")]
        assert len(lines) == 1 and reason in lines[0], (path, lines)
    assert web.stats.duplicates == 1 and web.stats.not_pages == 1
    assert server.hits("/a1.html") == 1 and server.hits("/report.pdf") == 0
    undated_page = next(a for a in articles if a.url.endswith("/a1.html"))
    # the page has no date: the feed's is used and said so; the page's own title wins over the feed's
    assert undated_page.published.startswith("2024-05-07")
    assert undated_page.attributes["published_from"] == "listing"
    assert undated_page.title.startswith("Police arrest")
    dated = next(a for a in articles if a.url.endswith("/a0.html"))
    assert dated.published.startswith("2024-05-01") and "published_from" not in dated.attributes


def test_sitemap_index_with_gzipped_child_then_second_run_fetches_nothing(server, tmp_path):
    base = server.base
    server.page(
        "/sitemap-1.xml",
        sitemap(base, ["/a3.html", "/a4.html", "/missing.html"]),
        content_type="application/xml",
    )
    server.page(
        "/sitemap-2.xml.gz", gzipped(sitemap(base, ["/a5.html", "/a3.html"])), content_type="application/gzip"
    )
    server.page(
        "/sitemap.xml",
        sitemap_index(base, ["/sitemap-1.xml", "/sitemap-2.xml.gz"]),
        content_type="application/xml",
    )
    with Store(tmp_path / "s.duckdb") as store:
        articles, errors, web = run(store, [Target(base + "/sitemap.xml")])
        assert sorted(a.url.rsplit("/", 1)[1] for a in articles) == ["a3.html", "a4.html", "a5.html"]
        assert errors == [f"{base}/missing.html: HTTP 404 Not Found"]
        assert web.stats.duplicates == 1
        # as if the articles had been saved: the store's articles table is what counts as stored
        for a in articles:
            store.save(_bare(a))
        before = len(server.log)
        articles2, errors2, web2 = run(store, [Target(base + "/sitemap.xml")])
    assert articles2 == [] and errors2 == []
    assert web2.stats.not_modified == 1  # the index answered 304; nothing else was asked for
    assert [p for p, _ in server.log[before:] if p != "/robots.txt"] == ["/sitemap.xml"]


def test_changed_listing_marker_refetches_conditionally(server, tmp_path):
    base = server.base
    server.page("/sm.xml", sitemap(base, ["/a0.html"], lastmod="2024-05-01"), content_type="application/xml")
    with Store(tmp_path / "s.duckdb") as store:
        articles, _, _ = run(store, [Target(base + "/sm.xml")])
        store.save(_bare(articles[0]))
        server.page(
            "/sm.xml", sitemap(base, ["/a0.html"], lastmod="2024-06-01"), content_type="application/xml"
        )
        server.page("/a0.html", article_html(0, extra="Update: the ministry reversed the increase."))
        articles2, errors2, _ = run(store, [Target(base + "/sm.xml")])
    assert errors2 == [] and len(articles2) == 1
    assert articles2[0].sha256 != articles[0].sha256  # changed text -> the store makes a new version
    assert server.requests("/a0.html")[-1].get("If-None-Match")  # asked conditionally


def test_url_list_and_json_feed(server, tmp_path):
    base = server.base
    server.page(
        "/list.txt",
        f"# our picks\n{base}/a0.html\n{base}/missing.html\n{base}/note.txt\n".encode(),
        content_type="text/plain",
    )
    server.page(
        "/note.txt",
        b"Curfew lifted in Accra\n\nAuthorities in Accra lifted the overnight curfew on Friday, "
        b"police said.\n",
        content_type="text/plain; charset=utf-8",
    )
    server.page(
        "/feed.json",
        (
            '{"version": "https://jsonfeed.org/version/1.1", "title": "JSON Courier", "items": ['
            f'{{"id": "1", "url": "{base}/a2.html", "date_published": "2024-05-03T10:00:00Z"}}]}}'
        ).encode(),
        content_type="application/feed+json",
    )
    with Store(tmp_path / "s.duckdb") as store:
        articles, errors, _ = run(store, [Target(base + "/list.txt"), Target(base + "/feed.json")])
    assert sorted(a.url.rsplit("/", 1)[1] for a in articles) == ["a0.html", "a2.html", "note.txt"]
    assert errors == [f"{base}/missing.html: HTTP 404 Not Found"]
    note = next(a for a in articles if a.url.endswith("note.txt"))
    assert note.title == "Curfew lifted in Accra" and note.text.startswith("Authorities in Accra")


def test_a_dead_source_does_not_stop_the_others(server, tmp_path):
    base = server.base
    server.page("/feed.xml", rss(base, [("/a0.html", "A", None)]), content_type="application/rss+xml")
    dead = "http://127.0.0.1:9/feed.xml"  # nothing listens on the discard port
    server.page("/gone.xml", b"", status=410)
    with Store(tmp_path / "s.duckdb") as store:
        from storyline.ingest.state import MonitorState

        state = MonitorState(store)
        for url in (dead, base + "/gone.xml", base + "/feed.xml"):
            state.add_source(url)
        targets = [Target(s.url, source_url=s.url, every_seconds=60) for s in state.sources()]
        articles, errors, _ = run(store, targets)
        sources = {s.url: s for s in state.sources()}
    assert [a.url for a in articles] == [base + "/a0.html"]
    assert (
        len(errors) == 2 and any("HTTP 410" in e for e in errors) and any(e.startswith(dead) for e in errors)
    )
    assert sources[dead].health == "failing" and sources[dead].consecutive_errors == 1
    assert sources[base + "/feed.xml"].health == "ok" and sources[base + "/feed.xml"].kind == "feed"
    assert sources[dead].next_poll > sources[dead].last_poll


def _bare(article: Article):
    from storyline.model import Extraction

    return Extraction(article=article)


def test_news_sitemap_hints_and_progress_estimate(tmp_path):
    from storyline.ingest.discover import classify, iter_sitemap
    from storyline.ingest.inputs import estimate_total, split_inputs

    body = (
        b'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        b'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9" '
        b'xmlns:image="http://www.google.com/schemas/sitemap-image/1.1"><url><loc>https://x.example/a</loc>'
        b"<news:news><news:publication_date>2024-05-07</news:publication_date><news:title>Port strike ends"
        b"</news:title></news:news><image:image><image:title>A crane</image:title></image:image></url></urlset>"
    )
    assert classify(body) == "sitemap"
    (entry,) = list(iter_sitemap(body, "sm"))
    assert (entry.url, entry.title, entry.published) == (
        "https://x.example/a",
        "Port strike ends",
        "2024-05-07",
    )
    (tmp_path / "a.txt").write_text("Headline\n\nBody text of a report.\n")
    (tmp_path / "b.jsonl").write_text('{"text": "one"}\n{"text": "two"}\n{"text": "three"}')
    (tmp_path / "urls.txt").write_text("# reading list\nhttps://x.example/a\nhttps://x.example/b\n")
    paths, urls = split_inputs(
        [tmp_path / "a.txt", tmp_path / "b.jsonl", tmp_path / "urls.txt", "https://x.example/c"]
    )
    assert urls == ["https://x.example/a", "https://x.example/b", "https://x.example/c"]
    assert estimate_total(paths) == 4


def test_relative_feed_links_resolve_against_the_feed(server, tmp_path):
    server.page(
        "/section/feed.xml",
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>'
        b"<item><title>Rel</title><link>../a3.html</link></item></channel></rss>",
        content_type="application/rss+xml",
    )
    with Store(tmp_path / "s.duckdb") as store:
        articles, errors, _ = run(store, [Target(server.base + "/section/feed.xml")])
    assert errors == [] and [a.url for a in articles] == [server.base + "/a3.html"]


def test_named_feed_stays_conditional_run_after_run(server, tmp_path):
    server.page("/feed.xml", rss(server.base, [("/a0.html", "A", None)]), content_type="application/rss+xml")
    with Store(tmp_path / "s.duckdb") as store:
        articles, _, _ = run(store, [Target(server.base + "/feed.xml")])
        store.save(_bare(articles[0]))
        runs = [run(store, [Target(server.base + "/feed.xml")])[2].stats.not_modified for _ in range(2)]
    assert runs == [1, 1] and server.hits("/a0.html") == 1


def test_real_shared_feed_served_locally_never_reaches_the_internet(server, tmp_path, shared):
    feeds = sorted((shared / "corpora" / "rss_feeds").rglob("*.rss"))
    if not feeds:
        pytest.skip("no RSS feeds in ../shared")
    from storyline.ingest.discover import iter_listing

    feed = next(
        f
        for f in feeds
        if len([e for e in iter_listing("feed", f.read_bytes(), "x") if not isinstance(e, IngestError)]) >= 5
    )
    server.page("/real.rss", feed.read_bytes(), content_type="application/rss+xml")
    with Store(tmp_path / "s.duckdb") as store:
        articles, errors, web = run(store, [Target(server.base + "/real.rss")])
    # its entries link to the publisher's site: each is one refusal line under the test guard
    assert articles == [] and web.stats.listed >= 5
    assert len(errors) == web.stats.listed - web.stats.duplicates - web.stats.not_pages
    assert all("not a loopback host" in e for e in errors), errors[:3]
