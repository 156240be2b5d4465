"""The map, the timeline and the dyad trend count incidents with ``unit=incidents``: each real-world
incident once, never background history, and it is the default on a store that holds incidents;
``unit=events`` still counts mentions."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from storyline.serve import ServeConfig, create_app
from storyline.store import Store
from storyline.text.article import article_from_text

STRIKE = (
    "GAZA CITY (Reuters) - Israeli aircraft struck a United Nations school in the Jabaliya refugee camp on "
    "Tuesday, killing at least 15 people and wounding dozens, Palestinian health officials said.\n\n"
    "The school, where about 3,000 displaced people were sheltering, was hit twice before dawn. Health "
    "officials said 15 people were killed and 40 wounded in the attack.\n\n"
    "In 2006, an Israeli air strike on a building in Khan Younis killed 30 civilians."
)


@pytest.fixture(scope="module")
def client(tmp_path_factory, pipeline):
    path = tmp_path_factory.mktemp("counts") / "counts.duckdb"
    article = article_from_text(
        STRIKE, title="Strike on school", outlet="Test Wire", published="2014-07-29T08:00:00+00:00"
    )
    result = pipeline.analyse(article.model_copy(update={"language": "en"}))
    with Store(path) as store:
        store.save(result)
    app = create_app(ServeConfig(db=str(path), token="t"))
    with TestClient(app) as c:
        c.result = result  # type: ignore[attr-defined]
        yield c
    app.state.db.close()


def _get(client, url, **params):
    r = client.get(url, params=params)
    assert r.status_code == 200, r.text
    return r.json()


def test_timeline_counts_current_incidents_once(client):
    result = client.result
    current = [i for i in result.incidents if i.timing == "current" and i.plover_type == "ASSAULT"]
    assert len(current) == 1 and any(i.timing == "background" for i in result.incidents)
    body = _get(client, "/api/timeline", unit="incidents", plover_type="ASSAULT")
    assert body["unit"] == "incidents"
    assert (
        sum(d["incidents"] for d in body["days"]) == 1
    )  # the school strike, not the 2006 Khan Younis strike
    assert {t["plover_type"]: t["incidents"] for t in body["types"]}["ASSAULT"] == 1
    assert _get(client, "/api/timeline", plover_type="ASSAULT") == body  # the default here: incidents
    mentions = _get(client, "/api/timeline", plover_type="ASSAULT", unit="events")
    assert mentions["unit"] == "events"
    assert sum(d["events"] for d in mentions["days"]) >= 3  # hit / killing / wounding / attack ...


def test_map_counts_incidents_with_their_mentions(client):
    points = _get(client, "/api/map", unit="incidents")["points"]
    assert sum(p["incidents"] for p in points) == 1, points  # one point: the school, once
    assert points[0]["mentions"] >= 3
    background = next(i for i in client.result.incidents if i.timing == "background")
    assert _get(client, "/api/map")["points"] == points  # the default on a store with incidents
    by_mentions = _get(client, "/api/map", unit="events")["points"]
    # the mention map also draws the 2006 strike where it was placed; the incident map never does
    assert background.location is not None
    cell = (round(background.location.lat, 1), round(background.location.lon, 1))
    assert cell in {(p["lat"], p["lon"]) for p in by_mentions}
    assert cell not in {(p["lat"], p["lon"]) for p in points}


def test_trend_leaves_out_background_incidents(client):
    """Israel -> Palestinians: only the 2006 Khan Younis strike names both; told as history, it never counts."""
    old = next(i for i in client.result.incidents if i.timing == "background")
    assert (old.actor1.country, old.actor2.country) == ("ISR", "PSE")
    body = _get(client, "/api/trend", a="ISR", b="PSE", unit="incidents")
    assert body["unit"] == "incidents" and body["days"] == []
    assert _get(client, "/api/trend", a="ISR", b="PSE") == body  # the default here: incidents
    mentions = _get(client, "/api/trend", a="ISR", b="PSE", unit="mentions")
    assert sum(d["events"] for d in mentions["days"]) == 1  # the mention trend still counts it
    assert client.get("/api/trend", params={"a": "ISR", "b": "PSE", "unit": "nope"}).status_code == 422
