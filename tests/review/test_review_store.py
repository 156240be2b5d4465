"""Corrections in the store: audit trail, carry-over to new versions and re-ingest, views, queue, labels."""

from __future__ import annotations

import json

import pytest
from review_fixtures import build_review_store, ferry, raid

from storyline.review import (
    ReviewError,
    apply_corrections,
    export_labels,
    history,
    record_review,
    rejected_uids,
    review_queue,
)
from storyline.store import Store


@pytest.fixture
def store(tmp_path):
    ids = build_review_store(tmp_path / "r.duckdb")
    with Store(tmp_path / "r.duckdb") as s:
        s.ids = ids
        yield s


def _incident(store, article_id):
    cur = store.con.execute("SELECT * FROM reviewed_incidents WHERE article_id = ?", [article_id])
    cols = [c[0] for c in cur.description]
    return [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]


def test_edit_is_stored_with_who_when_and_shows_in_the_view(store):
    aid = store.ids["raid"]
    out = record_review(
        store.con,
        "incident",
        aid,
        "i0",
        "edit",
        reviewer="ana",
        changes={"fatalities": 4, "actor1_name": "Separatist fighters", "actor1_country": "cmr"},
        reason="the governor's statement gives four",
    )
    assert out["changes"]["fatalities_low"] == 4 and out["changes"]["actor1_country"] == "CMR"
    [row] = _incident(store, aid)
    assert row["reviewed"] and row["review_action"] == "edit" and row["reviewed_by"] == "ana"
    assert (row["fatalities"], row["fatalities_low"], row["fatalities_high"]) == (4, 4, 4)
    assert row["actor1_name"] == "Separatist fighters" and row["actor1_country"] == "CMR"
    assert row["place_name"] == "Maroua"  # untouched fields keep the machine's values
    [other] = _incident(store, store.ids["ferry"])
    assert not other["reviewed"] and other["review_action"] is None


def test_later_reviews_are_cumulative_and_the_trail_is_append_only(store):
    aid = store.ids["raid"]
    record_review(store.con, "incident", aid, "i0", "edit", changes={"fatalities": 4}, reviewer="ana")
    record_review(store.con, "incident", aid, "i0", "edit", changes={"timing": "background"}, reviewer="ben")
    record_review(store.con, "incident", aid, "i0", "confirm", reviewer="cy", reason="checked the wire copy")
    [row] = _incident(store, aid)
    assert row["fatalities"] == 4 and row["timing"] == "background" and row["review_action"] == "confirm"
    trail = history(store.con, article_id=aid)
    assert [t["reviewer"] for t in trail] == ["cy", "ben", "ana"]
    assert trail[-1]["changes"] == {"fatalities": 4, "fatalities_low": 4, "fatalities_high": 4}


def test_corrections_survive_a_new_version_with_shifted_offsets_and_reingest(store):
    aid = store.ids["raid"]
    record_review(store.con, "event", aid, "e0", "edit", changes={"plover_type": "COERCE"}, reviewer="ana")
    record_review(store.con, "incident", aid, "i0", "reject", reviewer="ana", reason="not an incident")
    assert store.save(raid(1)).outcome == "unchanged"  # re-ingest
    result = store.save(raid(2))
    assert result.outcome == "new_version"
    assert store.con.execute(
        "SELECT cameo_code, cameo_root FROM reviewed_events WHERE article_id = ? AND id = 'e0'", [aid]
    ).fetchall() == [(None, None)]  # the old 190 was for ASSAULT
    cur = store.con.execute(
        "SELECT id, span_start, plover_type, quad_class, reviewed FROM reviewed_events "
        "WHERE article_id = ? ORDER BY id",
        [aid],
    )
    rows = cur.fetchall()
    assert rows[0][0] == "e0" and rows[0][1] > 0 and rows[0][2:] == ("COERCE", 4, True)
    assert rows[1][2:] == ("ACCUSE", 3, False)
    [inc] = _incident(store, aid)
    assert inc["version_id"] == result.version_id and inc["review_action"] == "reject"
    assert rejected_uids(store.con, "incident") == [f"{result.version_id}/i0"]


def test_corrections_survive_a_retrained_model_cutting_the_clause_differently(store):
    aid = store.ids["raid"]
    record_review(store.con, "event", aid, "e0", "edit", changes={"actor1_country": "CMR"}, reviewer="ana")
    record_review(store.con, "incident", aid, "i0", "edit", changes={"fatalities": 4}, reviewer="ana")
    record_review(store.con, "event", aid, "e1", "confirm", reviewer="ben")
    v3 = raid(3)
    assert v3.events[0].span != raid(1).events[0].span  # the new clause is shorter
    assert store.save(v3).outcome == "new_version"
    rows = dict(
        store.con.execute(
            "SELECT id, actor1_country FROM reviewed_events WHERE article_id = ? AND reviewed", [aid]
        ).fetchall()
    )
    assert rows == {"e0": "CMR", "e1": "CMR"}  # e0 matched by its sentence, e1 exactly
    assert store.con.execute(
        "SELECT fatalities FROM reviewed_incidents WHERE article_id = ?", [aid]
    ).fetchall() == [(4.0,)]


def test_a_review_never_spreads_to_another_item_of_its_sentence(store):
    aid = store.ids["raid"]
    # e1's clause ("The governor condemned the attack") is inside its own sentence only; e0's review
    # has an exact match, so the sentence fallback is not used for it.
    record_review(store.con, "event", aid, "e0", "reject", reviewer="ana")
    assert [
        r[0]
        for r in store.con.execute(
            "SELECT id FROM reviewed_events WHERE article_id = ? AND reviewed", [aid]
        ).fetchall()
    ] == ["e0"]


def test_apply_corrections_on_rows_and_items(store):
    aid = store.ids["raid"]
    record_review(
        store.con,
        "event",
        aid,
        "e0",
        "edit",
        changes={"actor1_country": "CMR", "event_date": "2024-05-06"},
        reviewer="ana",
        reason="Maroua is in Cameroon",
    )
    cur = store.con.execute("SELECT * FROM events ORDER BY article_id, id")
    cols = [c[0] for c in cur.description]
    rows = [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]
    out = apply_corrections("event", rows, store.con)
    reviewed = [r for r in out if r["reviewed"]]
    assert len(reviewed) == 1 and reviewed[0]["actor1_country"] == "CMR"
    item = reviewed[0]["data"]
    assert item["actor1"]["country"] == "CMR" and item["actor1"]["text"] == "Gunmen"
    assert item["date"]["value"] == "2024-05-06"
    assert item["why"]["actor1"]["by"] == "review" and "Cameroon" in item["why"]["actor1"]["detail"]
    assert item["review"]["fields"] == ["actor1_country", "event_date"]
    from storyline.model import Event

    Event.model_validate(item)  # still the contract


def test_bad_reviews_are_refused_with_one_line(store):
    aid = store.ids["raid"]
    for kwargs, message in [
        ({"action": "edit", "changes": {"plover_type": "BOMB"}}, "plover_type"),
        ({"action": "edit", "changes": {"goldstein": 3}}, "cannot be edited"),
        ({"action": "edit", "changes": {"fatalities": -1}}, "negative"),
        ({"action": "edit", "changes": {"event_date": "last week"}}, "YYYY-MM-DD"),
        ({"action": "edit", "changes": {}}, "at least one"),
        ({"action": "delete"}, "action"),
    ]:
        with pytest.raises(ReviewError, match=message):
            record_review(store.con, "incident", aid, "i0", reviewer="ana", **kwargs)
    with pytest.raises(ReviewError, match="no incident"):
        record_review(store.con, "incident", aid, "i9", "confirm", reviewer="ana")
    assert store.con.execute("SELECT count(*) FROM corrections").fetchone()[0] == 0


def test_queue_puts_unsure_and_deadly_first_and_drops_reviewed(store):
    queue = review_queue(store.con)
    assert [(q["kind"], q["article_id"] == store.ids["raid"], q["id"]) for q in queue[:2]] == [
        ("incident", True, "i0"),
        ("event", True, "e0"),
    ]  # 3 dead outweigh 0.05 of confidence
    assert queue[0]["priority"] > queue[-1]["priority"]
    # the ACCUSE event is the most confident and verbal: last
    assert queue[-1]["id"] == "e1"
    record_review(store.con, "event", store.ids["raid"], "e0", "confirm", reviewer="ana")
    assert ("event", "e0") not in {
        (q["kind"], q["id"]) for q in review_queue(store.con) if q["article_id"] == store.ids["raid"]
    }


def test_export_labels_points_to_text_and_carries_corrected_fields(store, tmp_path):
    aid = store.ids["raid"]
    record_review(store.con, "incident", aid, "i0", "edit", changes={"fatalities": 4}, reviewer="ana")
    record_review(store.con, "event", store.ids["ferry"], "e0", "reject", reviewer="ben")
    n = export_labels(store.con, tmp_path / "labels.jsonl")
    lines = [json.loads(x) for x in (tmp_path / "labels.jsonl").read_text().splitlines()]
    assert n == 2 == len(lines)
    inc = next(x for x in lines if x["kind"] == "incident")
    text = raid(1).article.text
    assert text[inc["span"][0] : inc["span"][1]].startswith("Gunmen attacked")
    assert inc["fields"]["fatalities"] == 4 and inc["corrected"] == [
        "fatalities",
        "fatalities_high",
        "fatalities_low",
    ]
    assert inc["label"] == "edit" and inc["text_sha256"] == raid(1).article.sha256
    ev = next(x for x in lines if x["kind"] == "event")
    assert ev["label"] == "reject" and ev["trigger_span"] == list(ferry().events[0].trigger.span)
    assert "Gunmen attacked" not in (tmp_path / "labels.jsonl").read_text()  # offsets, never the text
