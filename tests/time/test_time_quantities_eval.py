"""The time and quantities evaluation: scoring on hand-made lists, the labels against the real
articles in ../shared, and a short run of both tasks."""

from __future__ import annotations

import re

import pytest

from storyline.evaluation.time_quantities import (
    QUANTITY_LABELS,
    TIME_LABELS,
    load_dated_document,
    match_spans,
    parse_reuters_date,
    read_labels,
    score_quantities,
    score_time,
    unit_head,
)
from storyline.model import DateInfo, Quantity

DATE_VALUE = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?|-Q[1-4]|-H[12]|-(?:SP|SU|FA|WI))?")


def test_time_scoring_on_hand_made_lists():
    labels = [
        {"doc": "a", "split": "dev"},
        {
            "doc": "a",
            "start": 0,
            "end": 7,
            "text": "Tuesday",
            "value": "2020-01-07",
            "precision": "day",
            "split": "dev",
        },
        {
            "doc": "a",
            "start": 20,
            "end": 29,
            "text": "last year",
            "value": "2019",
            "precision": "year",
            "split": "dev",
        },
        {
            "doc": "a",
            "start": 40,
            "end": 49,
            "text": "for years",
            "value": None,
            "precision": None,
            "split": "dev",
        },
        {"doc": "b", "split": "test"},  # labelled, no date in it: whatever is predicted there is spurious
    ]
    predicted = {
        "a": [
            DateInfo(
                text="Tuesday morning", span=(0, 15), value="2020-01-07", precision="day"
            ),  # overlap, right
            DateInfo(
                text="last year", span=(20, 29), value="2019-01", precision="month"
            ),  # exact span, wrong precision
            DateInfo(
                text="in 2005", span=(60, 67), value="2005", precision="year"
            ),  # no gold: false positive
        ],
        "b": [DateInfo(text="today", span=(3, 8), value="2020-01-08", precision="day")],
    }
    result = score_time(labels, lambda ref: predicted[ref])
    dev = result["dev"]
    assert dev["detection"]["tp"] == 2 and dev["detection"]["fp"] == 1 and dev["detection"]["fn"] == 1
    assert dev["detection_strict"]["tp"] == 1  # only "last year" has the gold span exactly
    assert dev["resolution_accuracy"] == 0.5  # of the two found, only Tuesday is right
    assert dev["end_to_end_accuracy"] == pytest.approx(1 / 3, abs=1e-4)
    assert "test" not in result  # no gold mention there, so no test metrics ...
    assert result["all"]["detection"]["fp"] == 2  # ... but its prediction counts as spurious overall
    assert {e["text"] for e in result["dev_errors"]} == {"last year", "for years"}


def test_quantity_scoring_on_hand_made_lists():
    labels = [
        {"doc": "a", "split": "test"},
        {
            "doc": "a",
            "start": 0,
            "end": 8,
            "text": "at least",
            "value": 12,
            "value_max": None,
            "unit": "people",
            "approximate": True,
            "category": "killed",
            "split": "test",
        },
        {
            "doc": "a",
            "start": 30,
            "end": 35,
            "text": "$3bn",
            "value": 3e9,
            "value_max": None,
            "unit": "USD",
            "approximate": False,
            "category": None,
            "split": "test",
        },
        {
            "doc": "a",
            "start": 50,
            "end": 56,
            "text": "dozens",
            "value": 24,
            "value_max": 120,
            "unit": "protesters",
            "approximate": True,
            "category": None,
            "split": "test",
        },
    ]
    predicted = [
        Quantity(
            id="q0",
            text="at least 12",
            span=(0, 11),
            value=12,
            unit="civilian people",
            category="injured",
            approximate=True,
        ),
        Quantity(id="q1", text="$3bn", span=(30, 35), value=3e9, unit="dlrs", approximate=False),
        Quantity(
            id="q2",
            text="dozens",
            span=(50, 56),
            value=24,
            value_max=None,
            unit="protester",
            approximate=False,
        ),
        Quantity(id="q3", text="two", span=(70, 73), value=2, unit="men"),
    ]
    m = score_quantities(labels, lambda ref: predicted)["test"]
    assert m["detection"]["tp"] == 3 and m["detection"]["fp"] == 1 and m["detection"]["fn"] == 0
    assert m["value_accuracy"] == pytest.approx(2 / 3, abs=1e-4)  # dozens lacks its value_max
    assert m["unit_accuracy"] == 1.0  # heads: people, usd (dlrs), protester
    assert m["category_accuracy"] == 0.0 and m["category_mentions"] == 1
    assert m["approximate_accuracy"] == pytest.approx(2 / 3, abs=1e-4)


def test_matching_is_one_to_one_by_largest_overlap():
    # Two gold dates inside one predicted range: only one of them can claim it.
    assert match_spans([(0, 9), (13, 21)], [(0, 21)]) == {0: 0}
    assert match_spans([(0, 5)], [(5, 9)]) == {}  # touching is not overlapping
    assert match_spans([(0, 10), (20, 30)], [(22, 28), (2, 4)]) == {0: 1, 1: 0}


def test_unit_heads_and_reuters_dates():
    assert unit_head("ballistic missiles") == unit_head("missile") == "missile"
    assert unit_head("mln dlrs") == unit_head("USD") == "usd"
    assert unit_head("pct") == unit_head("%") == "%"
    assert unit_head("facilities") == "facility" and unit_head("inches") == "inch"
    assert unit_head(None) is None
    assert parse_reuters_date("26-FEB-1987 15:01:01.79") == "1987-02-26T15:01:01"
    assert parse_reuters_date(" 31-MAR-1987 605:12:19.00") == "1987-03-31"  # garbled time: the day alone


@pytest.mark.parametrize("name", [TIME_LABELS, QUANTITY_LABELS])
def test_labels_point_at_the_stated_text(shared, name):
    rows = read_labels(name)
    documents = {r["doc"]: r["split"] for r in rows if "start" not in r}
    mentions = [r for r in rows if "start" in r]
    assert len(documents) >= 40 and len(mentions) >= 150
    assert set(documents.values()) == {"dev", "test"}
    assert all(documents[m["doc"]] == m["split"] for m in mentions)  # split by article
    texts = {ref: load_dated_document(ref, shared) for ref in documents}
    for m in mentions:
        assert texts[m["doc"]].text[m["start"] : m["end"]] == m["text"], m
        if name == TIME_LABELS:
            assert m["value"] is None or DATE_VALUE.fullmatch(m["value"]), m
            assert (m["value"] is None) == (m["precision"] is None)
        else:
            assert isinstance(m["value"], int | float) and isinstance(m["approximate"], bool)
            assert m["value_max"] is None or m["value_max"] > m["value"]
    # Reuters stories carry their <DATE>; the BBC corpus has none.
    for ref, article in texts.items():
        assert (article.published is not None) == ref.startswith("reuters21578:")


def test_both_tasks_run_on_a_few_documents(shared):
    from storyline.evaluation.time_quantities import evaluate_quantities, evaluate_time

    time_result = evaluate_time(limit=4)
    quantity_result = evaluate_quantities(limit=4)
    assert time_result["documents"] == quantity_result["documents"] == 4
    t, q = time_result["all"], quantity_result["all"]
    rates = [
        t["detection"]["f1"],
        t["detection_strict"]["f1"],
        t["resolution_accuracy"],
        t["end_to_end_accuracy"],
        q["detection"]["f1"],
        q["value_accuracy"],
        q["unit_accuracy"],
        q["approximate_accuracy"],
    ]
    assert all(0.0 <= r <= 1.0 for r in rates)
    assert t["mentions"] > 0 and q["mentions"] > 0
    assert t["detection"]["tp"] > 0  # the pipeline finds some of the gold dates on real text
