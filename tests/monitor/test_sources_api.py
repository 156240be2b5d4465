"""`/api/sources` and the dashboard's Sources page data: health, last poll, articles, errors."""

from __future__ import annotations

from fastapi.testclient import TestClient

from storyline.ingest.state import MonitorState
from storyline.model import Extraction
from storyline.serve import ServeConfig, create_app
from storyline.store import Store
from storyline.text.article import article_from_text


def _store(path) -> None:
    with Store(path) as store:
        state = MonitorState(store)
        state.add_source("https://news.example/feed.xml", 900)
        state.add_source("https://down.example/sitemap.xml")
        state.add_source("https://new.example/feed.xml")
        for n in range(2):
            url = f"https://news.example/a{n}"
            store.save(
                Extraction(
                    article=article_from_text(
                        f"Police in Lima arrested {n + 3} people on Monday.", title=f"Arrests {n}", url=url
                    )
                )
            )
            state.record_fetch(
                url, status="fetched", source_url="https://news.example/feed.xml", http_status=200
            )
        state.record_fetch(
            "https://news.example/gone",
            status="failed",
            source_url="https://news.example/feed.xml",
            http_status=404,
            error="HTTP 404 Not Found",
            permanent=True,
        )
        state.source_polled(
            "https://news.example/feed.xml",
            kind="feed",
            ok=True,
            error="https://news.example/gone: HTTP 404 Not Found",
            listed=3,
            errors=1,
            every_seconds=900,
        )
        state.source_polled(
            "https://down.example/sitemap.xml",
            kind=None,
            ok=False,
            error="connection failed",
            listed=0,
            errors=1,
            every_seconds=900,
        )


def test_sources_listing(tmp_path):
    path = tmp_path / "api.duckdb"
    _store(path)
    with TestClient(create_app(ServeConfig(db=str(path), read_only=True))) as client:
        response = client.get("/api/sources")
        assert response.status_code == 200
        items = {s["url"]: s for s in response.json()["items"]}
        errors = client.get("/api/sources/errors", params={"url": "https://news.example/feed.xml"})
        unknown = client.get("/api/sources/errors", params={"url": "https://nobody.example/"})
        page = client.get("/static/js/views/sources.js")
    feed = items["https://news.example/feed.xml"]
    assert feed["health"] == "degraded" and feed["articles"] == 2 and feed["kind"] == "feed"
    assert feed["last_poll_listed"] == 3 and feed["every_seconds"] == 900
    assert [e["url"] for e in feed["recent_errors"]] == ["https://news.example/gone"]
    assert feed["recent_errors"][0]["retry_at"] is None  # a 404 is not retried
    down = items["https://down.example/sitemap.xml"]
    assert down["health"] == "failing" and down["last_error"] == "connection failed" and down["next_poll"]
    assert items["https://new.example/feed.xml"]["health"] == "never polled"
    assert errors.json()["items"][0]["error"] == "HTTP 404 Not Found"
    assert unknown.status_code == 404
    assert page.status_code == 200 and "renderSources" in page.text


def test_sources_on_a_store_without_the_tables(tmp_path):
    path = tmp_path / "old.duckdb"
    with Store(path) as store:  # migrations applied; drop ours to mimic an older store
        store.con.execute("DROP TABLE sources")
    with TestClient(create_app(ServeConfig(db=str(path), read_only=True))) as client:
        assert client.get("/api/sources").json() == {"items": [], "total": 0}
