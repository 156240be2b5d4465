"""``review_labels(kind)``: the analysts' exported verdicts as training examples for trainers.

Reviews are recorded in a store, exported with ``storyline review export-labels`` (the CLI),
read back with :func:`storyline.review.review_labels`, and a trainer run by ``storyline train
NAME --review-labels FILE`` sees them.
"""

from __future__ import annotations

import json

import pytest
from review_fixtures import build_review_store
from typer.testing import CliRunner

from storyline.review import ReviewLabelError, record_review, review_labels
from storyline.review.training import REVIEW_LABELS_ENV
from storyline.store import Store


def _cli(*args: str):
    from storyline.cli import _register, app

    _register()
    return CliRunner().invoke(app, list(args), catch_exceptions=False)


@pytest.fixture
def exported(tmp_path):
    db = tmp_path / "labels.duckdb"
    ids = build_review_store(db)
    with Store(db) as store:
        record_review(
            store.con, "incident", ids["raid"], "i0", "edit", changes={"fatalities": 4}, reviewer="ana"
        )
        record_review(store.con, "event", ids["raid"], "e1", "reject", reviewer="ana", reason="a reaction")
        record_review(store.con, "incident", ids["ferry"], "i0", "confirm", reviewer="bo")
    out = tmp_path / "labels" / "corrections.jsonl"
    result = _cli("review", "export-labels", str(out), "--db", str(db))
    assert result.exit_code == 0, result.output
    return db, ids, out


def test_labels_of_each_kind_with_verdicts_fields_and_text(exported):
    db, ids, out = exported
    incidents = review_labels("incident", [out])
    assert sorted((label.article_id, label.label) for label in incidents) == sorted(
        [(ids["raid"], "edit"), (ids["ferry"], "confirm")]
    )
    edit = next(label for label in incidents if label.label == "edit")
    assert edit.fields["fatalities"] == 4 and "fatalities" in edit.corrected and edit.positive
    (event,) = review_labels("event", [out])
    assert event.label == "reject" and not event.positive and event.item_id == "e1"
    with Store(db, read_only=True) as store:
        text = event.text(store)
    assert text is not None and text[event.span[0] : event.span[1]].startswith("The governor condemned")
    assert review_labels("incident", [out], verdicts=["reject"]) == []


def test_latest_verdict_wins_and_the_folder_and_environment_are_read(exported, tmp_path, monkeypatch):
    db, ids, out = exported
    with Store(db) as store:  # the analyst changes her mind: the raid is rejected after all
        record_review(store.con, "incident", ids["raid"], "i0", "reject", reviewer="ana")
    later = tmp_path / "labels" / "later.jsonl"
    assert _cli("review", "export-labels", str(later), "--db", str(db)).exit_code == 0
    labels = review_labels("incident", [tmp_path / "labels"])  # both files of the folder
    assert sorted(label.label for label in labels) == ["confirm", "reject"]
    monkeypatch.setenv(REVIEW_LABELS_ENV, str(later))
    assert len(review_labels("incident")) == 2
    monkeypatch.setenv(REVIEW_LABELS_ENV, str(tmp_path / "nowhere"))
    assert review_labels("event") == []  # no file: no labels, not an error
    with pytest.raises(ValueError, match="event or incident|one of"):
        review_labels("quote")


@pytest.mark.parametrize(
    "line, message",
    [
        ("{not json", "not JSON"),
        ("[1, 2]", "not a label record"),
        ('{"kind": "event"}', "without corpus"),
        (
            '{"corpus": "store", "article_id": "a", "text_sha256": "x", "kind": "event", "span": [5, 2], '
            '"label": "confirm", "fields": {}}',
            "span must be",
        ),
        (
            '{"corpus": "store", "article_id": "a", "text_sha256": "x", "kind": "event", "span": [0, 2], '
            '"label": "maybe", "fields": {}}',
            "label must be",
        ),
    ],
)
def test_a_malformed_line_is_an_error_naming_file_and_line(tmp_path, line, message):
    path = tmp_path / "bad.jsonl"
    good = {
        "corpus": "store",
        "article_id": "a",
        "text_sha256": "x",
        "kind": "event",
        "span": [0, 2],
        "label": "confirm",
        "fields": {},
    }
    path.write_text(json.dumps(good) + "\n\n" + line + "\n", encoding="utf-8")
    with pytest.raises(ReviewLabelError, match=message) as caught:
        review_labels("event", [path])
    assert str(caught.value).startswith(f"{path}:3: ")


def test_storyline_train_passes_review_labels_to_the_trainer(exported, tmp_path):
    _, ids, out = exported
    from storyline.training import _TRAINERS, trainer

    seen: dict[str, object] = {}

    @trainer("review-probe")
    def probe(out=None, data=None, limit=None):
        seen["labels"] = [(label.article_id, label.label) for label in review_labels("incident")]
        return {"examples": len(seen["labels"])}

    try:
        result = _cli("train", "review-probe", "--review-labels", str(out), "--json")
        assert result.exit_code == 0, result.output
        assert json.loads(result.stdout)["examples"] == 2 and (ids["ferry"], "confirm") in seen["labels"]
        missing = _cli("train", "review-probe", "--review-labels", str(tmp_path / "none.jsonl"))
        assert missing.exit_code != 0 and "review labels not found" in missing.output
    finally:
        _TRAINERS.pop("review-probe", None)
        import os

        os.environ.pop(REVIEW_LABELS_ENV, None)
