"""Review and incidents through the REST API (the real app, TestClient): token-protected writes,
corrected values with ``reviewed`` in /api/events, /api/incidents and the article document."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from review_fixtures import REVIEW_XSS, build_review_store, raid

from storyline.confidence import DEFAULT_MIN_CONFIDENCE
from storyline.serve import ServeConfig, create_app
from storyline.store import Store

TOKEN = "review-token-1"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture
def served(tmp_path):
    path = tmp_path / "api.duckdb"
    ids = build_review_store(path)
    from storyline.linking.embeddings import get_embedder
    from storyline.linking.stories import link_store

    with Store(path) as store:
        link_store(store, embedder=get_embedder("hashing"))
    app = create_app(ServeConfig(db=str(path), token=TOKEN))
    with TestClient(app) as client:
        yield client, ids, path
    app.state.db.close()


def _review(client, **body):
    return client.post("/api/review", json=body, headers=AUTH)


def test_writes_need_the_token_and_bad_fields_are_422(served):
    client, ids, _ = served
    body = {"kind": "incident", "article_id": ids["raid"], "item_id": "i0", "action": "confirm"}
    assert client.post("/api/review", json=body).status_code == 401
    assert client.post("/api/review", json=body, headers={"Authorization": "Bearer nope"}).status_code == 401
    r = _review(client, **{**body, "action": "edit", "changes": {"fatalities": "many"}})
    assert r.status_code == 422 and "not a number" in r.json()["detail"]
    assert _review(client, **{**body, "item_id": "i7"}).status_code == 404
    assert client.get("/api/review/history").json()["items"] == []


def test_incidents_list_filters_and_default_threshold(served):
    client, ids, _ = served
    body = client.get("/api/incidents").json()
    assert body["total"] == 2 and {r["key"] for r in body["items"]} == {
        f"{ids['raid']}.i0",
        f"{ids['ferry']}.i0",
    }
    assert client.get("/api/settings").json()["default_min_confidence"] == DEFAULT_MIN_CONFIDENCE
    assert client.get("/api/incidents", params={"min_confidence": 0.7}).json()["total"] == 1
    assert (
        client.get("/api/incidents", params={"country": "ben"}).json()["items"][0]["place_name"] == "Cotonou"
    )
    assert client.get("/api/incidents", params={"actor2": "CMR"}).json()["total"] == 1
    assert client.get("/api/incidents", params={"timing": "background"}).json()["total"] == 0
    assert (
        client.get("/api/incidents", params={"start": "2024-05-10", "end": "2024-05-10"}).json()["total"] == 1
    )
    csv = client.get("/api/incidents", params={"format": "csv"})
    assert csv.status_code == 200 and csv.text.splitlines()[0].startswith("key,article_id,id")


def test_edit_then_reads_show_corrected_values_with_reviewed(served):
    client, ids, _ = served
    aid = ids["raid"]
    r = _review(
        client,
        kind="incident",
        article_id=aid,
        item_id="i0",
        action="edit",
        reviewer="ana",
        changes={"fatalities": 4, "timing": "background"},
        reason=REVIEW_XSS,
    )
    assert r.status_code == 201, r.text
    row = client.get("/api/incidents", params={"article_id": aid, "timing": "background"}).json()["items"][0]
    assert row["reviewed"] is True and row["fatalities"] == 4 and row["review_reason"] == REVIEW_XSS
    detail = client.get(f"/api/incidents/{aid}.i0").json()
    assert detail["incident"]["fatalities"]["best"] == 4 and detail["incident"]["timing"] == "background"
    assert detail["incident"]["why"]["fatalities"]["by"] == "review"
    assert detail["history"][0]["reviewer"] == "ana" and [e["id"] for e in detail["events"]] == ["e0"]
    doc = client.get(f"/api/articles/{aid}").json()
    assert doc["incidents"][0]["reviewed"] and doc["incidents"][0]["review"]["reason"] == REVIEW_XSS
    assert doc["events"][0]["reviewed"] is False


def test_event_edit_and_reject_reach_the_event_list(served):
    client, ids, _ = served
    aid = ids["raid"]
    assert (
        _review(
            client,
            kind="event",
            article_id=aid,
            item_id="e0",
            action="edit",
            changes={"actor1_country": "CMR", "actor1_sector": "REB"},
            reviewer="ana",
        ).status_code
        == 201
    )
    events = {e["id"]: e for e in client.get("/api/events", params={"article_id": aid}).json()["items"]}
    assert (
        events["e0"]["actor1_country"] == "CMR" and events["e0"]["reviewed"] and not events["e1"]["reviewed"]
    )
    full = client.get("/api/events", params={"article_id": aid, "full": True}).json()["items"]
    assert next(e for e in full if e["id"] == "e0")["data"]["actor1"]["sector"] == "REB"
    assert (
        _review(
            client,
            kind="event",
            article_id=aid,
            item_id="e1",
            action="reject",
            reviewer="ana",
            reason="a reaction, not an event",
        ).status_code
        == 201
    )
    listed = client.get("/api/events", params={"article_id": aid}).json()
    assert listed["total"] == 1 and [e["id"] for e in listed["items"]] == ["e0"]
    assert (
        client.get("/api/events", params={"article_id": aid, "include_rejected": True}).json()["total"] == 2
    )
    queue = client.get("/api/review/queue").json()["items"]
    assert (aid, "e0") not in {(q["article_id"], q["id"]) for q in queue}


def test_correction_survives_a_new_version_posted_to_the_api(served):
    client, ids, path = served
    aid = ids["raid"]
    assert (
        _review(
            client,
            kind="incident",
            article_id=aid,
            item_id="i0",
            action="edit",
            changes={"fatalities": 5},
            reviewer="ana",
        ).status_code
        == 201
    )
    db = client.app.state.db
    with db.write_lock:
        db.store.save(raid(2))
        db.changed()
    row = client.get(f"/api/incidents/{aid}.i0").json()
    assert row["version_id"].endswith(":2") and row["fatalities"] == 5 and row["reviewed"]


def test_story_lists_its_incidents_and_incident_links_to_story(served):
    client, ids, _ = served
    detail = client.get(f"/api/incidents/{ids['raid']}.i0").json()
    assert detail["stories"], "the raid's mention belongs to a story"
    story_id = detail["stories"][0]["story_id"]
    listed = client.get(f"/api/stories/{story_id}/incidents").json()["items"]
    assert [r["key"] for r in listed] == [f"{ids['raid']}.i0"]
    assert client.get("/api/incidents", params={"story_id": story_id}).json()["total"] == 1


def test_read_only_server_has_no_review_write_but_reads_work(tmp_path):
    path = tmp_path / "ro.duckdb"
    ids = build_review_store(path)
    app = create_app(ServeConfig(db=str(path), read_only=True, token=TOKEN))
    with TestClient(app) as client:
        r = client.post(
            "/api/review",
            json={"kind": "incident", "article_id": ids["raid"], "item_id": "i0", "action": "confirm"},
            headers=AUTH,
        )
        assert r.status_code in (404, 405)
        assert client.get("/api/incidents").json()["total"] == 2
    app.state.db.close()


def test_event_filters_min_confidence_and_new_since(served):
    client, ids, _ = served
    assert {
        e["id"]
        for e in client.get("/api/events", params={"article_id": ids["raid"], "min_confidence": 0.85}).json()[
            "items"
        ]
    } == {"e1"}
    assert client.get("/api/events", params={"since": "2999-01-01T00:00:00Z"}).json()["total"] == 0
    assert client.get("/api/events", params={"since": "2000-01-01T00:00:00+02:00"}).json()["total"] == 3
    # the event timeline (this store holds incidents, so it is asked for: the default counts those)
    timeline = client.get("/api/timeline", params={"min_confidence": 0.85, "unit": "events"}).json()
    assert timeline["days"][0]["events"] == 1
    assert client.get("/api/events", params={"min_confidence": 2}).status_code == 422


def test_a_review_keeps_the_serving_tables(served):
    client, ids, _ = served
    db = client.app.state.db
    client.get("/api/events")
    before = db.serving_tables()
    assert before is not None
    assert (
        _review(
            client, kind="event", article_id=ids["ferry"], item_id="e0", action="reject", reviewer="ana"
        ).status_code
        == 201
    )
    assert client.get("/api/events").json()["total"] == 2  # rejected at once, from the same tables
    assert db.serving_tables() is before  # no rebuild: reviews are applied as rows are read
