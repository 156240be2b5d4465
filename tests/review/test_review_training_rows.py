"""The trainers consume the analysts' corrections (issue #17): ``storyline train NAME
--review-labels FILE`` / ``--review-store DB`` add them as training rows (``storyline.review.rows``).

Each test changes a verdict and checks the training data the trainer assembles changes with it:
a rejected event becomes a detection negative, an edited type the label, an incident's actors
role fillers, an edited place a gold toponym with the analyst's coordinates.
"""

from __future__ import annotations

import pytest
from review_fixtures import build_review_store
from typer.testing import CliRunner

from storyline.review import record_review
from storyline.review.event_rows import add_review_examples, event_examples
from storyline.review.rows import (
    REVIEW_STORE_ENV,
    TextFinder,
    labelled,
    role_documents,
    toponym_documents,
)
from storyline.review.training import REVIEW_LABELS_ENV
from storyline.store import Store


@pytest.fixture
def reviewed(tmp_path, monkeypatch):
    db = tmp_path / "review.duckdb"
    ids = build_review_store(db)
    # no label files from the repo or elsewhere: only this store's corrections
    monkeypatch.setenv(REVIEW_LABELS_ENV, str(tmp_path / "no-files"))
    monkeypatch.setenv(REVIEW_STORE_ENV, str(db))
    return db, ids


def _examples():
    return event_examples(labelled("event"))


def test_a_rejected_event_is_a_negative_and_an_edited_type_the_label(reviewed):
    db, ids = reviewed
    assert _examples() == []  # nothing reviewed: no rows
    with Store(db) as store:
        record_review(store.con, "event", ids["raid"], "e1", "reject", reviewer="ana", reason="a reaction")
        record_review(
            store.con, "event", ids["raid"], "e0", "edit", changes={"plover_type": "COERCE"}, reviewer="ana"
        )
    rows = {ex.text: ex for ex in _examples()}
    condemn = rows["The governor condemned the attack"]
    assert condemn.event is False and condemn.plover is None and condemn.split == "train"
    assert condemn.text[slice(*condemn.trigger)] == "condemned"
    attack = rows["Gunmen attacked a police post in Maroua on Tuesday"]
    assert attack.event is True and attack.plover == "COERCE"
    assert attack.cameo is None  # a new type clears the machine's CAMEO code
    assert "plover_type" in attack.extra["corrected"]
    # the analyst changes her mind: the latest verdict is the row
    with Store(db) as store:
        record_review(store.con, "event", ids["raid"], "e0", "reject", reviewer="bo")
    assert {ex.text: ex.event for ex in _examples()}[attack.text] is False


def test_a_review_row_replaces_the_example_it_overrode(reviewed):
    from storyline.event_model.data import Example

    db, ids = reviewed
    with Store(db) as store:
        record_review(store.con, "event", ids["raid"], "e1", "reject", reviewer="ana")
    hand = Example(
        id="hand-1",
        source="labels:x",
        split="train",
        text="The governor condemned the attack",
        trigger=(13, 22),
        event=True,
        plover="DISAPPROVE",
    )
    other = Example(
        id="hand-2", source="labels:x", split="dev", text="Troops withdrew.", trigger=(7, 15), event=True
    )
    merged, figures = add_review_examples([hand, other], with_rules=False)
    assert figures == {"labels": 1, "rows": 1, "without_text": 0, "replaced": 1}
    assert [ex.id for ex in merged] == ["hand-2", f"review:{ids['raid']}:76-109"]
    assert merged[1].event is False


def test_incident_verdicts_become_role_documents(reviewed):
    db, ids = reviewed
    with Store(db) as store:
        record_review(
            store.con,
            "incident",
            ids["raid"],
            "i0",
            "edit",
            changes={"actor1_name": "Gunmen", "actor1_sector": "REB"},
            reviewer="ana",
        )
        record_review(store.con, "incident", ids["ferry"], "i0", "reject", reviewer="ana")
    docs = {d["docid"].split(":")[1]: d for d in role_documents(labelled("incident"))}
    raid = docs[ids["raid"]]
    assert raid["doctext"].startswith("Gunmen attacked a police post")
    assert raid["extracts"]["PerpOrg"] == [[["Gunmen", 0]]]  # a coded sector: an organisation
    assert raid["extracts"]["Victim"][0][0][0] == "a police post"
    assert docs[ids["ferry"]]["extracts"] == {}  # rejected: a document with no incident


def test_an_edited_place_is_a_gold_toponym_with_the_analysts_coordinates(reviewed):
    db, ids = reviewed
    with Store(db) as store:
        record_review(
            store.con, "event", ids["raid"], "e0", "edit", changes={"lat": 10.6, "lon": 14.33}, reviewer="ana"
        )
        record_review(store.con, "event", ids["raid"], "e1", "reject", reviewer="ana")
    (doc,) = toponym_documents([labelled("event"), labelled("incident")])
    (gold,) = doc.gold
    assert doc.text[gold.start : gold.end] == "Maroua" and (gold.lat, gold.lon) == (10.6, 14.33)
    assert doc.split == "train" and doc.corpus == "review"


def test_exported_label_files_are_read_and_a_label_without_text_is_counted(reviewed, tmp_path, monkeypatch):
    db, ids = reviewed
    with Store(db) as store:
        record_review(store.con, "event", ids["raid"], "e1", "reject", reviewer="ana")
    out = tmp_path / "labels.jsonl"
    from storyline.cli import _register, app

    _register()
    result = CliRunner().invoke(app, ["review", "export-labels", str(out), "--db", str(db)])
    assert result.exit_code == 0, result.output
    monkeypatch.setenv(REVIEW_LABELS_ENV, str(out))
    monkeypatch.delenv(REVIEW_STORE_ENV)
    found = labelled("event", TextFinder(stores=[]))  # the file, but no store to read its text from
    assert found.items == [] and found.missing == 1
    found = labelled("event", TextFinder(stores=[db]))
    assert [label.label for label, _ in found.items] == ["reject"]


def test_train_refuses_a_missing_review_store(tmp_path):
    from storyline.cli import _register, app

    _register()
    result = CliRunner().invoke(app, ["train", "events", "--review-store", str(tmp_path / "none.duckdb")])
    assert result.exit_code != 0 and "review store not found" in result.output
