"""`storyline serve --watch`: sources polled inside the server; the API shows the new articles and
the source's health without a restart (one DuckDB writer process)."""

from __future__ import annotations

import time

from fastapi.testclient import TestClient
from monitor_server import LocalServer, article_html, rss

from storyline.ingest.fetch import FetchConfig
from storyline.ingest.state import MonitorState
from storyline.serve import ServeConfig, create_app
from storyline.serve.watcher import ServerWatcher
from storyline.store import Store


def test_server_watcher_polls_and_the_api_sees_it(tmp_path, monkeypatch):
    monkeypatch.setenv("STORYLINE_FETCH_LOOPBACK_ONLY", "1")
    server = LocalServer().start()
    try:
        for n in range(2):
            server.page(f"/w{n}.html", article_html(n))
        server.page(
            "/feed.xml",
            rss(
                server.base,
                [(f"/w{n}.html", f"W{n}", None) for n in range(2)] + [("/gone.html", "Gone", None)],
            ),
            content_type="application/rss+xml",
        )
        path = tmp_path / "serve.duckdb"
        with Store(path) as store:
            MonitorState(store).add_source(server.base + "/feed.xml", 3600)
        app = create_app(ServeConfig(db=str(path)))
        with TestClient(app) as client:
            assert client.get("/api/stats").json()["counts"]["articles"] == 0
            watcher = ServerWatcher(app.state.db, every=3600, fetch=FetchConfig(delay=0.0), tick=0.2).start()
            deadline = time.monotonic() + 300
            while time.monotonic() < deadline and watcher.report.polls == 0:
                time.sleep(0.2)
            seen = watcher.report.ticks
            while time.monotonic() < deadline and watcher.report.ticks < seen + 3:
                time.sleep(0.2)  # later ticks find nothing due (counted, not timed: slow machines tick late)
            watcher.stop()
            stats = client.get("/api/stats").json()["counts"]
            (source,) = client.get("/api/sources").json()["items"]
    finally:
        server.stop()
    assert watcher.report.ticks >= seen + 3
    assert watcher.report.polls == 1 and watcher.report.stored == 2 and watcher.report.failed == 1
    assert stats["articles"] == 2 and stats["events"] > 0
    assert source["health"] == "degraded" and source["articles"] == 2
    assert [e["url"] for e in source["recent_errors"]] == [server.base + "/gone.html"]
    assert any(line.endswith("/gone.html: HTTP 404 Not Found") for line in watcher.report.lines)
    assert server.hits("/feed.xml") == 1
