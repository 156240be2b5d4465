"""Contradictions: conflicting casualty and count claims, and the reusable comparison."""

from __future__ import annotations

import pytest

from storyline.quotes.contradictions import find_contradictions
from storyline.quotes.slots import ClaimSlots, SlotValue, unit_key
from storyline.text.article import article_from_text


@pytest.fixture(scope="module")
def extraction(pipeline):
    text = (
        "Militants attacked a police post near Kandor on Friday.\n\n"
        "The attack did not cause any casualties among Nigerien soldiers, AFP reported.\n\n"
        "The attack killed three Nigerien soldiers, the BBC reported.\n\n"
        "The militants fired 20 mortar rounds, a security official told Reuters.\n\n"
        "The group said it had fired dozens of mortar rounds."
    )
    return pipeline.analyse(article_from_text(text, title="Test", published="2024-05-03"))


def test_none_vs_some_killed_is_a_high_severity_casualty_conflict(extraction):
    found = [c for c in extraction.contradictions if c.slot == "casualties"]
    assert len(found) == 1
    c = found[0]
    assert c.severity == "high"
    assert sorted(c.sources) == ["Agence France-Presse", "BBC"]
    assert len(c.claim_ids) == 2 and len(c.spans) == 2
    assert "none" in c.values[0] or "none" in c.values[1]


def test_exact_vs_vague_count_is_low_severity(extraction):
    found = [c for c in extraction.contradictions if c.slot == "count"]
    assert len(found) == 1 and found[0].severity == "low"
    assert "mortar round" in found[0].explanation


def _claim(cid, source, *slots, article=None):
    return ClaimSlots(cid, source, (0, 10), list(slots), article)


def _casualties(value, lo, hi, group, vague=False):
    return SlotValue("casualties", "killed", value, (0, 5), lo, hi, vague, group)


def test_disjoint_groups_do_not_conflict():
    a = _claim("c0", "AP", _casualties("none", 0, 0, "Americans"))
    b = _claim("c1", "CNN", _casualties("some", 1, float("inf"), "some Iraqis", True))
    assert find_contradictions([a], [b]) == []


def test_different_exact_counts_across_articles():
    a = _claim(
        "c0",
        "Reuters",
        SlotValue("count", "rocket", "12 rockets", (0, 3), 12, 12, event_type="ASSAULT"),
        article="a1",
    )
    b = _claim(
        "c4",
        "TASS",
        SlotValue("count", "rocket", "40 rockets", (5, 8), 40, 40, event_type="ASSAULT"),
        article="a2",
    )
    found = find_contradictions([a], [b])
    assert len(found) == 1
    assert (
        found[0].severity == "medium" and found[0].article_ids and set(found[0].article_ids) == {"a1", "a2"}
    )


def test_same_source_and_matching_values_do_not_conflict():
    a = _claim("c0", "AP", SlotValue("count", "rocket", "12", (0, 3), 12, 12, event_type="ASSAULT"))
    b = _claim("c1", "AP", SlotValue("count", "rocket", "40", (5, 8), 40, 40, event_type="ASSAULT"))
    c = _claim(
        "c2", "CNN", SlotValue("count", "rocket", "about a dozen", (5, 8), 10, 15, True, event_type="ASSAULT")
    )
    both = [a, b, c]
    found = find_contradictions(both, both)
    assert [(f.claim_ids, f.severity) for f in found] == [(["c1", "c2"], "low")]


def test_same_unit_in_different_kinds_of_event_is_not_compared():
    a = _claim("c0", "AP", SlotValue("count", "pupil", "13 pupils", (0, 3), 13, 13, event_type="PROTEST"))
    b = _claim("c1", "CNN", SlotValue("count", "pupil", "200 pupils", (5, 8), 200, 200, event_type="AID"))
    c = _claim("c2", "BBC", SlotValue("count", "pupil", "40 pupils", (5, 8), 40, 40))
    assert find_contradictions([a, b, c], [a, b, c]) == []


def test_different_categories_are_not_compared():
    a = _claim("c0", "AP", SlotValue("count", "missile", "15", (0, 3), 15, 15, category="launched"))
    b = _claim("c1", "CNN", SlotValue("count", "missile", "4", (5, 8), 4, 4, category="failed"))
    assert find_contradictions([a], [b]) == []


def test_unit_key_singularises_the_head_noun():
    assert unit_key("ballistic missiles") == "missile"
    assert unit_key("casualties") == "casualty"
