"""The Sources page in a real browser (Debian chromium via playwright): health shown, hostile
URLs and error texts rendered as text, nothing fetched from outside the server."""

from __future__ import annotations

import socket
import threading
import time
from pathlib import Path

import pytest

from storyline.ingest.state import MonitorState
from storyline.serve import ServeConfig, create_app
from storyline.store import Store

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
HOSTILE_URL = 'https://evil.example/"><img src=x onerror=alert(1)>'
HOSTILE_ERROR = "<script>alert(2)</script> HTTP 500"

pytestmark = pytest.mark.browser


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_sources_page(tmp_path):
    if not CHROMIUM.exists():
        pytest.skip("Debian chromium not installed at /usr/bin/chromium (run `make browser-deps`)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright package not installed")
    import uvicorn

    path = tmp_path / "b.duckdb"
    with Store(path) as store:
        state = MonitorState(store)
        state.add_source("https://ok.example/feed.xml")
        state.add_source(HOSTILE_URL)
        state.source_polled(
            "https://ok.example/feed.xml",
            kind="feed",
            ok=True,
            error=None,
            listed=4,
            errors=0,
            every_seconds=900,
        )
        state.record_fetch(
            "https://evil.example/page",
            status="failed",
            source_url=HOSTILE_URL,
            http_status=500,
            error=HOSTILE_ERROR,
        )
        state.source_polled(
            HOSTILE_URL, kind=None, ok=False, error=HOSTILE_ERROR, listed=0, errors=1, every_seconds=900
        )
    app = create_app(ServeConfig(db=str(path), read_only=True))
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.time() + 120
    while not server.started and time.time() < deadline:
        time.sleep(0.05)
    assert server.started, "server did not start"
    base = f"http://127.0.0.1:{port}"
    try:
        with sync_api.sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
            page = browser.new_page()
            dialogs, errors, outside = [], [], []
            page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(base) else None)
            page.goto(base + "/#/sources")
            page.wait_for_selector("table.table tbody tr")
            text = page.inner_text("#view")
            chips = page.locator("#view .chip").all_inner_texts()
            active = page.get_attribute(".tabs a.active", "data-view")
            page.click("details summary")
            details = page.inner_text("details")
            images = page.locator("#view img").count()
            browser.close()
    finally:
        server.should_exit = True
        thread.join(timeout=10)
    assert active == "sources"
    assert chips == ["ok", "failing"] and "feed" in text
    assert HOSTILE_ERROR in text  # shown as text, never run
    assert "https://evil.example/page" in details
    assert dialogs == [] and errors == [] and images == 0 and outside == []
