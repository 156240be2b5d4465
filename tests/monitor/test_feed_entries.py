"""One bad feed entry costs that entry, never the feed (issue #18: per-record isolation, feeds).

Before: a JSON Feed item with ``"authors": 5`` raised ``TypeError`` out of the listing's
iterator, so the entries after it were lost and the whole run stopped; a JSON Feed whose top
level is a list raised ``AttributeError``; a non-string title or date from a feed reached the
article unchecked, and a lone surrogate in a feed's title went into the store's JSON.
"""

from __future__ import annotations

import json

import pytest
from monitor_server import LocalServer, article_html

from storyline.ingest.discover import Listed, iter_listing
from storyline.ingest.errors import IngestError
from storyline.ingest.fetch import FetchConfig, Fetcher
from storyline.ingest.readers import iter_articles
from storyline.ingest.web import Target, WebIngest, merge_hints
from storyline.model import Article
from storyline.store import Store
from storyline.text.article import article_from_text

BASE = "http://127.0.0.1:1"


def _json_feed(items: list) -> bytes:
    return json.dumps(
        {"version": "https://jsonfeed.org/version/1.1", "title": "Courier", "items": items}
    ).encode()


BAD_ITEMS = [
    {"url": f"{BASE}/b1", "authors": 5},  # not a list
    {"url": f"{BASE}/b2", "author": {"name": 7}},  # a name that is not a string
    {"url": f"{BASE}/b3", "title": {"text": "nested"}, "date_published": 20240501},
    {"url": f"{BASE}/b4", "authors": [{"name": "Ana"}, "Bo", None]},
]


def test_a_json_feed_item_of_the_wrong_shape_costs_at_most_that_item():
    items = [{"url": f"{BASE}/a0", "title": "First"}, *BAD_ITEMS, {"url": f"{BASE}/a9", "title": "Last"}]
    got = list(iter_listing("jsonfeed", _json_feed(items), BASE + "/feed.json"))
    listed = [g for g in got if isinstance(g, Listed)]
    assert [g.url for g in listed][0] == f"{BASE}/a0" and listed[-1].url == f"{BASE}/a9"
    for entry in listed:  # whatever is kept is well-typed
        assert entry.title is None or isinstance(entry.title, str)
        assert entry.published is None or isinstance(entry.published, str)
        assert all(isinstance(a, str) for a in entry.authors)
    errors = [g for g in got if isinstance(g, IngestError)]
    assert len(listed) + len(errors) == len(items)
    assert all("\n" not in str(e) and "#" in e.path for e in errors)
    b4 = next(g for g in listed if g.url.endswith("/b4"))
    assert b4.authors == ["Ana"]


@pytest.mark.parametrize("body", [b"[1, 2, 3]", b'"just a string"', b'{"items": 5}', b'{"items": {"a": 1}}'])
def test_a_json_feed_that_is_not_an_object_with_items_is_one_error(body):
    got = list(iter_listing("jsonfeed", body, BASE + "/feed.json"))
    assert len(got) == 1 and isinstance(got[0], IngestError), got
    assert got[0].path == BASE + "/feed.json" and "\n" not in str(got[0])


def test_hints_from_a_listing_are_made_safe_before_they_reach_the_article():
    article = article_from_text(
        "Police in Lima arrested 12 protesters on Tuesday, officials said.", url=BASE + "/x"
    )
    hint = Listed(
        BASE + "/x",
        title="Lima \ud800 arrests",
        published=20240501,  # type: ignore[arg-type]
        authors=["Ana \udc80", 5],
        outlet={"n": 1},
        listing=BASE + "/feed.json",
    )  # type: ignore[list-item]
    merged = Article.model_validate(merge_hints(article, hint).model_dump())  # validates and serialises
    merged.model_dump_json()
    assert merged.title == "Lima \ufffd arrests" and merged.published is None
    assert merged.authors == ["Ana \ufffd"] and merged.outlet is None


def test_one_bad_entry_in_a_served_json_feed_is_one_line_and_the_rest_is_stored(tmp_path, monkeypatch):
    monkeypatch.setenv("STORYLINE_FETCH_LOOPBACK_ONLY", "1")
    server = LocalServer().start()
    try:
        base = server.base
        for n in range(3):
            server.page(f"/a{n}.html", article_html(n, dated=False))
        server.page(
            "/feed.json",
            _json_feed(
                [
                    {"url": f"{base}/a0.html", "title": "Zero", "date_published": "2024-05-02T10:00:00Z"},
                    {"url": f"{base}/a1.html", "authors": 5, "title": "One"},
                    {
                        "url": f"{base}/a2.html",
                        "title": "Two \ud800",
                        "date_published": "2024-05-03T10:00:00Z",
                    },
                ]
            ),
            content_type="application/feed+json",
        )
        config = FetchConfig(delay=0.0, retries=0, read_timeout=5, connect_timeout=5, total_timeout=20)
        with Store(tmp_path / "s.duckdb") as store, Fetcher(config) as fetcher:
            web = WebIngest(store, fetcher, concurrency=2)
            items = list(web.articles([Target(base + "/feed.json")]))
            web.finish()
            articles = [i for i in items if isinstance(i, Article)]
            from storyline.model import Extraction

            for article in articles:
                store.save(Extraction(article=article))
            stored = store.con.execute("SELECT count(*) FROM articles").fetchone()[0]
    finally:
        server.stop()
    errors = [str(i) for i in items if isinstance(i, IngestError)]
    assert len(articles) + len(errors) == 3 and len(errors) <= 1
    assert stored == len(articles) >= 2
    two = next(a for a in articles if a.url.endswith("/a2.html"))
    assert two.published.startswith("2024-05-03")


def test_a_local_feed_file_keeps_its_other_entries_when_one_fails(tmp_path, monkeypatch):
    """Local RSS: an entry whose conversion raises is one error naming the entry."""
    import storyline.ingest.feeds as feeds

    entries = "".join(
        f"<item><title>Item {n}</title><link>https://example.org/{n}</link><description>Police in "
        f"Lima arrested {n + 2} protesters on Tuesday, officials said.</description></item>"
        for n in range(4)
    )
    path = tmp_path / "feed.rss"
    path.write_text(
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>Courier</title>{entries}</channel></rss>',
        encoding="utf-8",
    )
    real = feeds._entry_body

    def flaky(entry):
        if "3 protesters" in (entry.get("summary") or ""):
            raise RecursionError("maximum recursion depth exceeded")
        return real(entry)

    monkeypatch.setattr(feeds, "_entry_body", flaky)
    got = list(iter_articles([path]))
    assert [type(g).__name__ for g in got] == ["Article", "IngestError", "Article", "Article"]
    assert got[1].path == f"{path}#2" and "RecursionError" in str(got[1])
