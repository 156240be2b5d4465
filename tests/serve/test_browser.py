"""The dashboard in a real browser (Debian chromium via playwright) against a live server.

Skipped with a reason when /usr/bin/chromium or the playwright package is missing
(``make browser-deps`` installs chromium). Screenshots go to test-artifacts/screenshots/.
"""

from __future__ import annotations

import socket
import threading
import time
from pathlib import Path

import pytest
from test_api_fixtures import XSS_TITLE, build_sample_store

from storyline.serve import ServeConfig, create_app
from storyline.store import Store

CHROMIUM = Path("/usr/bin/chromium")
SHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

pytestmark = pytest.mark.browser


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    import uvicorn

    path = tmp_path_factory.mktemp("browser") / "sample.duckdb"
    ids = build_sample_store(path)
    from storyline.linking.embeddings import get_embedder
    from storyline.linking.stories import link_store

    with Store(path) as store:
        link_store(store, embedder=get_embedder("hashing"))
    app = create_app(ServeConfig(db=str(path), read_only=True))
    port = _free_port()
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.time() + 20
    while not srv.started and time.time() < deadline:
        time.sleep(0.05)
    assert srv.started, "uvicorn did not start"
    yield f"http://127.0.0.1:{port}", ids
    srv.should_exit = True
    thread.join(timeout=10)
    app.state.db.close()


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.skip("Debian chromium not installed at /usr/bin/chromium (run `make browser-deps`)")
    playwright_api = pytest.importorskip("playwright.sync_api", reason="playwright package not installed")
    with playwright_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, server):
    base, _ = server
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    pg = context.new_page()
    pg.dialogs = []  # every alert/confirm the page tries to open (there must be none)
    pg.errors = []
    pg.outside = []  # requests to anything but this server (the dashboard must work offline)
    pg.on("dialog", lambda d: (pg.dialogs.append(d.message), d.dismiss()))
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))

    def only_local(route):
        if route.request.url.startswith(base):
            route.continue_()
        else:
            pg.outside.append(route.request.url)
            route.abort()

    pg.route("**/*", only_local)
    yield pg
    assert pg.errors == [], pg.errors
    assert pg.outside == [], pg.outside
    context.close()


def expect(locator):
    # Locator assertions poll from Python: wait_for_function would eval a string, which the CSP forbids.
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect(locator)


def shot(pg, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    pg.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_overview_map_shows_markers_and_timeline(page, server):
    base, _ = server
    page.goto(base + "/#/")
    page.wait_for_selector(".marker")
    page.wait_for_selector(".countries path")
    expect(page.locator(".marker")).to_have_count(4)  # Hodeidah, Istanbul, Washington, Paris
    assert page.locator(".countries path").count() > 150
    assert page.locator(".timeline-box .bar").count() >= 5
    expect(page.locator("tr.event-row")).to_have_count(7)
    hodeidah = page.locator(".marker[data-type='ASSAULT']")
    assert float(hodeidah.get_attribute("r")) > float(
        page.locator(".marker[data-type='AGREE']").get_attribute("r")
    )
    shot(page, "overview")


def test_filters_change_the_list(page, server):
    base, _ = server
    page.goto(base + "/#/")
    page.wait_for_selector("tr.event-row")
    page.wait_for_selector("select[name=plover_type] option[value=ASSAULT]", state="attached")
    page.select_option("select[name=plover_type]", "ASSAULT")
    page.click("button[type=submit]")
    expect(page.locator("tr.event-row")).to_have_count(2)
    assert "plover_type=ASSAULT" in page.url
    expect(page.locator(".marker")).to_have_count(1)
    page.click("button:has-text('Reset')")
    expect(page.locator("tr.event-row")).to_have_count(7)
    page.fill("input[name=q]", "grain corridor")
    page.fill("input[name=q]", "warned")
    page.click("button[type=submit]")
    expect(page.locator("tr.event-row")).to_have_count(1)
    assert page.locator("tr.event-row .chip").inner_text() == "THREATEN"
    shot(page, "filtered")


def test_clicking_a_marker_filters_the_list_to_that_place(page, server):
    base, _ = server
    page.goto(base + "/#/")
    page.wait_for_selector(".marker")
    page.wait_for_selector("tr.event-row")
    page.locator(".marker[data-type='AGREE']").dispatch_event("click")
    expect(page.locator("tr.event-row")).to_have_count(1)
    assert "Istanbul" in page.locator(".filter-chip").inner_text()


def test_event_opens_its_article_with_the_span_highlighted(page, server):
    base, _ = server
    page.goto(base + "/#/?plover_type=ASSAULT&outlet=Harbor%20Times")
    page.wait_for_selector("tr.event-row")
    page.click("tr.event-row")
    page.wait_for_selector(".hl.selected")
    assert "/article/" in page.url
    selected = "".join(page.locator(".hl.selected").all_inner_texts())
    assert selected == "Rebel fighters shelled the port of Hodeidah on Saturday"
    assert page.locator(".side-panel .panel-title").inner_text() == "ASSAULT: shelled"
    shot(page, "article")
    # A place inside the clause: the innermost item under the click is the one shown.
    page.locator(".hl.k-place").first.click()
    assert page.locator(".side-panel .panel-title").inner_text() == "Place: Hodeidah"
    assert "YEM" in page.locator(".side-panel .record").inner_text()
    page.locator(".hl.k-quote").first.click()
    assert "Amal Nasser" in page.locator(".side-panel").inner_text()


def test_story_view_sets_sources_side_by_side(page, server):
    base, ids = server
    page.goto(base + f"/#/story/{ids['port']}")
    page.wait_for_selector(".contradiction")
    expect(page.locator(".source-card")).to_have_count(2)
    assert page.locator(".contradiction .side-value").all_inner_texts() == ["12", "4"]
    shot(page, "article-story")
    page.click(".story-card a")
    page.wait_for_selector(".mention")
    assert page.locator(".mention .outlet").all_inner_texts() == ["Harbor Times", "Coast Courier"]
    shot(page, "story")


def test_trend_view_draws_bars_and_goldstein_line(page, server):
    base, _ = server
    page.goto(base + "/#/trend?a=USA&b=IRN")
    page.wait_for_selector(".trend-chart .trendline")
    expect(page.locator(".trend-chart .bar rect:not(.hit)")).to_have_count(2)
    shot(page, "trend")


def test_untrusted_title_and_text_render_as_text(page, server):
    base, ids = server
    page.goto(base + f"/#/article/{ids['xss']}")
    page.wait_for_selector("#article-title")
    page.wait_for_timeout(300)
    assert page.locator("#article-title").inner_text() == XSS_TITLE
    assert "<script>alert(1)</script>" in page.locator("#article-text").inner_text()
    assert "<img src=x onerror=alert(1)>" in page.locator("#article-text").inner_text()
    assert page.locator("main img, main script").count() == 0  # no element was created from the data
    shot(page, "xss-article")
    page.goto(base + "/#/")
    page.wait_for_selector("tr.event-row")
    page.wait_for_timeout(300)
    assert XSS_TITLE in page.locator(".event-list").inner_text()
    assert page.locator(".event-list img, .event-list script").count() == 0
    assert page.dialogs == []


def test_docs_render_offline(page, server):
    base, _ = server
    page.goto(base + "/docs")
    page.wait_for_selector(".opblock", timeout=15000)
    assert page.locator(".opblock").count() >= 10
    shot(page, "docs")
