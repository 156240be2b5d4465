"""Review in the dashboard, in Debian chromium against a live server on 127.0.0.1: confirm, edit and
reject events and incidents in the article, incident and story views, then read them back from the API.

Skipped with a reason when /usr/bin/chromium or playwright is missing (``make browser-deps``).
"""

from __future__ import annotations

import json
import socket
import threading
import time
import urllib.request
from pathlib import Path

import pytest
from review_fixtures import REVIEW_XSS, build_review_store, old_report

from storyline.serve import ServeConfig, create_app
from storyline.store import Store

CHROMIUM = Path("/usr/bin/chromium")
SHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
TOKEN = "browser-review-token"

pytestmark = pytest.mark.browser


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _serve(app):
    import uvicorn

    port = _free_port()
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.time() + 20
    while not srv.started and time.time() < deadline:
        time.sleep(0.05)
    assert srv.started, "uvicorn did not start"
    return srv, thread, f"http://127.0.0.1:{port}"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    path = tmp_path_factory.mktemp("review-browser") / "review.duckdb"
    ids = build_review_store(path)
    from storyline.linking.embeddings import get_embedder
    from storyline.linking.stories import link_store

    with Store(path) as store:
        ids["old"] = store.save(old_report()).article_id
        link_store(store, embedder=get_embedder("hashing"))
    app = create_app(ServeConfig(db=str(path), token=TOKEN))
    srv, thread, base = _serve(app)
    yield base, ids
    srv.should_exit = True
    thread.join(timeout=10)
    app.state.db.close()


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.skip("Debian chromium not installed at /usr/bin/chromium (run `make browser-deps`)")
    playwright_api = pytest.importorskip("playwright.sync_api", reason="playwright package not installed")
    with playwright_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, server):
    base, _ = server
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    pg = context.new_page()
    pg.dialogs, pg.errors, pg.outside = [], [], []
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
    assert pg.dialogs == [], pg.dialogs
    context.close()


def expect(locator):
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect(locator)


def shot(pg, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    pg.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def get(base: str, path: str) -> dict:
    with urllib.request.urlopen(base + path, timeout=10) as r:  # 127.0.0.1 only
        return json.loads(r.read())


def _sign_in(page, reason: str) -> None:
    panel = page.locator(".review-panel")
    panel.locator("input[name=token]").fill(TOKEN)
    panel.locator("input[name=reviewer]").fill("ana")
    panel.locator("textarea[name=reason]").fill(reason)


def test_review_queue_lists_the_least_sure_and_deadliest_first(page, server):
    base, ids = server
    page.goto(base + "/#/review")
    page.wait_for_selector("tr.queue-row")
    first = page.locator("tr.queue-row").first
    assert (
        first.get_attribute("data-key") == f"{ids['raid']}.i0"
        and first.get_attribute("data-kind") == "incident"
    )
    priorities = [float(x) for x in page.locator("tr.queue-row td:first-child").all_inner_texts()]
    assert priorities == sorted(priorities, reverse=True) and len(priorities) == 6  # 4 events + 2 incidents
    page.select_option("select[name=kind]", "event")
    expect(page.locator("tr.queue-row[data-kind=incident]")).to_have_count(0)
    page.locator("tr.queue-row a").first.click()
    page.wait_for_selector(".review-panel[data-kind=event]")
    assert "/article/" in page.url
    shot(page, "review-queue-item")


def test_edit_an_event_in_the_article_view_then_the_api_shows_it_reviewed(page, server):
    base, ids = server
    aid = ids["raid"]
    page.goto(base + f"/#/article/{aid}?item=events:e0")
    page.wait_for_selector(".review-panel")
    # why: the type was coded by a model, with its score
    page.click(".side-panel .why-link[data-field=plover_type]")
    box = page.locator(".why-box")
    expect(box).to_contain_text("a model")
    expect(box).to_contain_text("events-setfit")
    expect(box).to_contain_text("0.830")
    expect(box.locator(".span-text")).to_have_text("attacked")
    _sign_in(page, REVIEW_XSS)
    page.click(".review-panel button[data-action=edit]")
    page.fill(".review-edit input[name=actor1_country]", "CMR")
    page.fill(".review-edit input[name=actor1_name]", "Separatist gunmen")
    page.click(".review-edit button[data-action=save-edit]")
    expect(page.locator(".panel-head .review-badge")).to_contain_text("Corrected by ana")
    # the reason is untrusted text: shown as text, no element made from it
    expect(page.locator(".review-panel .review-reason")).to_contain_text(REVIEW_XSS)
    assert page.locator("main img, main script").count() == 0
    page.click(".side-panel .why-link[data-field=actor1]")
    expect(page.locator(".why-box")).to_contain_text("an analyst's review")
    shot(page, "review-article-edit")
    events = {e["id"]: e for e in get(base, f"/api/events?article_id={aid}")["items"]}
    assert events["e0"]["reviewed"] and events["e0"]["actor1_country"] == "CMR"
    assert (
        events["e0"]["actor1_name"] == "Separatist gunmen" and events["e0"]["review"]["reason"] == REVIEW_XSS
    )
    assert not events["e1"]["reviewed"]


def test_confirm_an_incident_in_its_view_and_follow_it_to_its_story(page, server):
    base, ids = server
    key = f"{ids['ferry']}.i0"
    page.goto(base + "/#/incidents")
    page.wait_for_selector("tr.incident-row")
    assert "(confidence ≥ 0.5)" in page.locator(".card-title").text_content()
    shot(page, "review-incidents-list")
    page.click(f"tr.incident-row[data-key='{key}']")
    page.wait_for_selector("#incident-title")
    _sign_in(page, "matches the navy statement")
    page.click(".review-panel button[data-action=confirm]")
    expect(page.locator(".meta .review-badge")).to_contain_text("Confirmed by ana")
    expect(page.locator(".history li").first).to_contain_text("matches the navy statement")
    shot(page, "review-incident")
    assert get(base, f"/api/incidents/{key}")["review_action"] == "confirm"
    page.click(".story-links a")
    page.wait_for_selector(".story-incidents li")
    expect(page.locator(f".story-incidents li[data-key='{key}'] .review-badge")).to_contain_text("Confirmed")
    story_url = page.url
    page.click(f".story-incidents li[data-key='{key}'] a")
    page.wait_for_selector("#incident-title")
    assert "/incident/" in page.url
    # Back in the story view: reject it there (the token given above is remembered for the session).
    page.goto(story_url)
    page.wait_for_selector(f".story-incidents li[data-key='{key}']")
    page.click(f".story-incidents li[data-key='{key}'] button[data-action=reject]")
    # The story view reloads and keeps the incident, marked rejected (lists and exports leave it out).
    expect(page.locator(f".story-incidents li.rejected[data-key='{key}'] .review-badge")).to_contain_text(
        "Rejected"
    )
    assert get(base, f"/api/incidents/{key}")["review_action"] == "reject"
    shot(page, "review-story")


def test_reject_an_incident_from_the_article_view_drops_it_from_the_list(page, server):
    base, ids = server
    aid = ids["raid"]
    page.goto(base + f"/#/article/{aid}?item=incidents:i0")
    page.wait_for_selector(".review-panel[data-kind=incident]")
    _sign_in(page, "duplicate of the wire report")
    page.click(".review-panel button[data-action=reject]")
    expect(page.locator(".panel-head .review-badge")).to_contain_text("Rejected by ana")
    assert page.locator(".hl.rejected").count() >= 1
    keys = {i["key"] for i in get(base, "/api/incidents")["items"]}
    assert f"{aid}.i0" not in keys
    assert f"{aid}.i0" in {i["key"] for i in get(base, "/api/incidents?include_rejected=true")["items"]}


def test_wrong_token_is_reported_and_nothing_is_stored(page, server):
    base, ids = server
    page.goto(base + f"/#/article/{ids['old']}?item=events:e0")
    page.wait_for_selector(".review-panel")
    page.locator(".review-panel input[name=token]").fill("not-the-token")
    page.click(".review-panel button[data-action=confirm]")
    expect(page.locator(".review-message")).to_contain_text("Not saved")
    assert not any(e["reviewed"] for e in get(base, f"/api/events?article_id={ids['old']}")["items"])


def test_timeline_is_a_true_time_axis(page, server):
    base, _ = server
    page.goto(base + "/#/")
    # the store holds incidents, so the map and the timeline count them unless asked otherwise
    expect(page.locator("select[name=unit]")).to_have_value("incidents")
    page.goto(base + "/#/?unit=events")  # the events span 2002..2024: the axis is tested on them
    page.wait_for_selector(".timeline-box .bar")
    chart = page.locator(".timeline-box svg.chart")
    days = int(chart.get_attribute("data-days"))
    assert days == 8015  # 2002-06-01 .. 2024-05-10, every day
    xs = {
        b.get_attribute("data-day"): float(b.locator("rect.hit").get_attribute("x"))
        for b in page.locator(".timeline-box .bar").all()
    }
    span = xs["2024-05-10"] - xs["2002-06-01"]
    # 2024-05-07 sits 3 days before the end of 8014 days, not one bar to the left
    assert abs((xs["2024-05-07"] - xs["2002-06-01"]) / span - 8011 / 8014) < 0.002
    years = [int(t) for t in page.locator(".timeline-box .tick").all_text_contents()]
    assert len(years) >= 3 and years == sorted(years) and 2002 < years[0] and years[-1] <= 2024
    page.fill("input[name=min_confidence]", "0.75")
    page.click("button[type=submit]")
    expect(page.locator("tr.event-row")).to_have_count(2)  # the 0.55 and 0.7 events are below
    assert "min_confidence=0.75" in page.url
    shot(page, "review-timeline")


def test_read_only_server_disables_review_controls(browser, tmp_path):
    path = tmp_path / "ro.duckdb"
    ids = build_review_store(path)
    app = create_app(ServeConfig(db=str(path), read_only=True))
    srv, thread, base = _serve(app)
    try:
        pg = browser.new_page()
        errors = []
        pg.on("pageerror", lambda e: errors.append(str(e)))
        pg.goto(base + f"/#/article/{ids['raid']}?item=events:e0")
        pg.wait_for_selector(".review-panel")
        expect(pg.locator(".review-message")).to_contain_text("read-only")
        assert pg.locator(".review-panel button[data-action=confirm]").is_disabled()
        assert errors == []
        pg.close()
    finally:
        srv.should_exit = True
        thread.join(timeout=10)
        app.state.db.close()
