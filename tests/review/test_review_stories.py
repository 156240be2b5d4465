"""Story views use the analysts' corrections (issue #17: corrections reach every view).

Two outlets report the Maroua raid; the linker puts both attack events in one story. A rejected
event (or incident) leaves that story's counts; an edited type, place or date shows in the story
header, in its mention list and in the article's story list; a story whose every mention is
rejected leaves the story list. The linker's own tables are not rewritten (a re-link rebuilds
them and the corrections still apply).
"""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from review_fixtures import raid

from storyline.serve import ServeConfig, create_app
from storyline.store import Store
from storyline.text.article import article_from_text

TOKEN = "story-review-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


def _second_report():
    """The same raid from another outlet (one more sentence: another text, same offsets)."""
    extraction = raid(1)
    article = extraction.article
    extraction.article = article_from_text(
        article.text + " Roads out of the town were closed.",
        title=article.title,
        published="2024-05-08T11:00:00+00:00",
        outlet="Lake Chad Courier",
        url="https://lakechad.example/maroua",
    )
    return extraction


def _link(path) -> None:
    from storyline.linking.embeddings import get_embedder
    from storyline.linking.stories import link_store

    with Store(path) as store:
        link_store(store, embedder=get_embedder("hashing"))


@pytest.fixture
def served(tmp_path):
    path = tmp_path / "stories.duckdb"
    with Store(path) as store:
        first = store.save(raid(1)).article_id
        second = store.save(_second_report()).article_id
    _link(path)
    app = create_app(ServeConfig(db=str(path), token=TOKEN))
    with TestClient(app) as client:
        yield client, first, second, path
    app.state.db.close()


def _review(client, **body):
    r = client.post("/api/review", json={"reviewer": "ana", **body}, headers=AUTH)
    assert r.status_code == 201, r.text


def _raid_story(client, article_id):
    stories = client.get(f"/api/articles/{article_id}/story").json()["stories"]
    (story,) = [s for s in stories if "e0" in s["event_ids"]]
    return story


def test_a_rejected_event_leaves_its_story_and_an_edit_shows_in_it(served):
    client, first, second, _ = served
    story = _raid_story(client, first)
    assert story["num_sources"] == 2 and story["num_mentions"] == 2, story
    assert story == {**_raid_story(client, second), "event_ids": story["event_ids"]}  # the same story
    sid = story["story_id"]
    assert story["reviewed"] is False and story["plover_type"] == "ASSAULT"

    _review(client, kind="event", article_id=first, item_id="e0", action="reject", reason="a duplicate wire")
    after = client.get(f"/api/stories/{sid}").json()
    assert after["story"]["num_mentions"] == 1 and after["story"]["num_sources"] == 1
    assert (
        after["story"]["num_articles"] == 1
        and after["story"]["num_rejected"] == 1
        and after["story"]["reviewed"]
    )
    flags = {m["article_id"]: m["rejected"] for m in after["mentions"]}
    assert flags == {first: True, second: False}  # still listed, marked
    listed = {s["story_id"]: s for s in client.get("/api/stories").json()["items"]}
    assert listed[sid]["num_sources"] == 1
    two_sources = client.get("/api/stories", params={"min_sources": 2}).json()
    assert sid not in {s["story_id"] for s in two_sources["items"]}  # filters see the corrected counts

    _review(
        client,
        kind="event",
        article_id=second,
        item_id="e0",
        action="edit",
        changes={
            "plover_type": "PROTEST",
            "event_date": "2024-05-06",
            "place_name": "Mora",
            "lat": 11.05,
            "lon": 14.14,
        },
    )
    assert [
        s["story_id"] for s in client.get("/api/stories", params={"plover_type": "PROTEST"}).json()["items"]
    ] == [sid]
    assert sid not in {
        s["story_id"] for s in client.get("/api/stories", params={"plover_type": "ASSAULT"}).json()["items"]
    }
    story = client.get(f"/api/stories/{sid}").json()["story"]
    assert (story["plover_type"], story["event_date"], story["place_name"]) == (
        "PROTEST",
        "2024-05-06",
        "Mora",
    )
    assert (story["lat"], story["lon"]) == (11.05, 14.14)
    mention = next(
        m for m in client.get(f"/api/stories/{sid}").json()["mentions"] if m["article_id"] == second
    )
    assert mention["plover_type"] == "PROTEST" and mention["review_action"] == "edit"
    assert _raid_story(client, second)["plover_type"] == "PROTEST"

    _review(client, kind="event", article_id=second, item_id="e0", action="reject")
    assert sid not in {s["story_id"] for s in client.get("/api/stories").json()["items"]}


def test_a_rejected_incident_takes_its_events_out_of_the_story_and_survives_a_relink(served):
    client, first, second, path = served
    sid = _raid_story(client, first)["story_id"]
    _review(client, kind="incident", article_id=second, item_id="i0", action="reject", reason="not this raid")
    story = client.get(f"/api/stories/{sid}").json()["story"]
    assert story["num_mentions"] == 1 and story["num_sources"] == 1 and story["reviewed"]
    # the linker's tables were not rewritten: a fresh link of the store gives the same corrected view
    db = client.app.state.db
    with db.write_lock:
        db.store.con.execute("DELETE FROM story_mentions")
        db.store.con.execute("DELETE FROM story_events")
        from storyline.linking.embeddings import get_embedder
        from storyline.linking.stories import link_store

        link_store(db.store, embedder=get_embedder("hashing"))
        db.changed()
    story = _raid_story(client, first)
    assert story["num_mentions"] == 1 and story["num_sources"] == 1 and story["reviewed"]


def test_stories_without_reviews_read_as_linked(served):
    client, first, _, _ = served
    items = client.get("/api/stories").json()["items"]
    assert items and all(s["reviewed"] is False for s in items)
    assert any(s["num_sources"] == 2 for s in items)


def test_cli_stories_and_dataframes_read_the_corrected_stories(served):
    client, first, second, path = served
    sid = _raid_story(client, first)["story_id"]
    _review(client, kind="event", article_id=first, item_id="e0", action="reject")
    _review(
        client,
        kind="event",
        article_id=second,
        item_id="e0",
        action="edit",
        changes={"plover_type": "PROTEST"},
    )
    client.app.state.db.close()  # the CLI and storyline.open() open the file themselves
    import json

    from typer.testing import CliRunner

    import storyline
    from storyline.cli import _register, app

    _register()
    listed = CliRunner().invoke(app, ["stories", "--json", "--db", str(path)], catch_exceptions=False)
    assert listed.exit_code == 0, listed.output
    row = next(r for r in json.loads(listed.stdout) if r["story_id"] == sid)
    assert (row["num_mentions"], row["num_sources"], row["plover_type"]) == (1, 1, "PROTEST")
    one = CliRunner().invoke(app, ["story", sid, "--json", "--db", str(path)], catch_exceptions=False)
    detail = json.loads(one.stdout)
    assert detail["story"]["num_rejected"] == 1 and sum(m["rejected"] for m in detail["mentions"]) == 1
    pytest.importorskip("pandas")
    with storyline.open(path) as data:
        frame = data.stories()
    got = frame[frame["story_id"] == sid].iloc[0]
    assert (int(got["num_mentions"]), got["plover_type"]) == (1, "PROTEST")
