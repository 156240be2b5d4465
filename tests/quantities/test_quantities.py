"""The ``quantities`` component: numbers, what they count, qualifiers, ranges and partitives."""

from __future__ import annotations

import pytest

from storyline.quantities.component import extract_quantities, parse_number
from storyline.time.component import find_date_mentions


def quantities(pipeline, text: str):
    doc = pipeline.nlp(text)
    return [c.quantity for c in extract_quantities(doc, find_date_mentions(doc))]


def only(pipeline, text: str):
    (quantity,) = quantities(pipeline, text)
    return quantity


@pytest.mark.parametrize(
    ("text", "value", "value_max", "approximate"),
    [
        ("four", 4, None, False),
        ("twenty-five", 25, None, False),
        ("5,000", 5000, None, False),
        ("1.2 million", 1_200_000, None, False),
        ("a dozen", 12, None, False),
        ("two hundred and fifty", 250, None, False),
        ("dozens", 24, 120, True),
        ("tens of thousands", 20_000, 100_000, True),
        ("hundreds", 200, 1000, True),
        ("3bn", 3_000_000_000, None, False),  # the scale written onto the digits
        ("52m", 52_000_000, None, False),
        ("11.5 mln", 11_500_000, None, False),  # newswire abbreviations
    ],
)
def test_parse_number(text, value, value_max, approximate):
    assert parse_number(text) == (value, value_max, approximate)


def test_partitive_with_categories(pipeline):
    launched, failed = quantities(pipeline, "The rebels launched 15 rockets, four of which failed in flight.")
    assert (launched.value, launched.unit, launched.category) == (15, "rockets", "launched")
    assert (failed.value, failed.unit, failed.category) == (4, "rockets", "failed")
    assert failed.parent_id == launched.id


def test_partitive_of_a_noun_phrase(pipeline):
    deployed, captured = quantities(
        pipeline, "The army sent 300 soldiers and two of the soldiers were captured."
    )
    assert (deployed.value, deployed.category) == (300, "deployed")
    assert (captured.value, captured.unit, captured.category) == (2, "soldiers", "captured")
    assert captured.parent_id == deployed.id


def test_qualifier_and_casualty_category(pipeline):
    q = only(pipeline, "Gunmen killed at least 12 people in the market.")
    assert (q.value, q.unit, q.category, q.qualifier, q.approximate) == (
        12,
        "people",
        "killed",
        "at least",
        True,
    )


def test_vague_count_without_noun(pipeline):
    first, second = quantities(pipeline, "The blast wounded dozens and three police officers were injured.")
    assert (first.value, first.approximate, first.category, first.unit) == (24, True, "injured", None)
    assert (second.value, second.unit, second.category) == (3, "police officers", "injured")


def test_ranges(pipeline):
    between, dashed = quantities(
        pipeline, "Police arrested between 10 and 20 protesters, and 30-40 others were detained."
    )
    assert (between.value, between.value_max, between.unit, between.category) == (
        10,
        20,
        "protesters",
        "arrested",
    )
    assert (dashed.value, dashed.value_max, dashed.category) == (30, 40, "arrested")


def test_modifiers_kept_and_nationality_dropped(pipeline):
    missiles, troops = quantities(
        pipeline, "The navy fired eight cruise missiles while more than 2,000 British troops are in Estonia."
    )
    assert (missiles.unit, missiles.category) == ("cruise missiles", "fired")
    assert (troops.value, troops.unit, troops.qualifier, troops.category) == (
        2000,
        "troops",
        "more than",
        "deployed",
    )


def test_elided_unit_is_inherited_within_the_sentence(pipeline):
    first, second = quantities(
        pipeline, "There are about 900 Dutch personnel in Mali as well as up to 300 in Niger."
    )
    assert (first.unit, first.qualifier) == ("personnel", "about")
    assert (second.value, second.unit, second.qualifier) == (300, "personnel", "up to")
    assert second.confidence < first.confidence


def test_vague_plural_with_of(pipeline):
    q = only(pipeline, "Hundreds of villagers fled the town.")
    assert (q.value, q.unit, q.category, q.approximate) == (200, "villagers", "displaced", True)


def test_death_toll(pipeline):
    q = only(pipeline, "The death toll rose to 37 on Sunday.")
    assert (q.value, q.category) == (37, "killed")


def test_money_and_percent_keep_their_units(pipeline):
    money, percent = quantities(pipeline, "The ministry paid $5 million, or 12% of its budget.")
    assert (money.value, money.unit) == (5_000_000, "USD")
    assert (percent.value, percent.unit) == (12, "%")


def test_skips_dates_ages_ids_scores_and_pronoun_one(pipeline):
    text = (
        "On March 3, 2018, John Smith, 45, a 30-year-old pilot on Flight 752, said the team won 2-1 "
        "after three days of talks, one of the most tense weeks, and no one disagreed in 2019."
    )
    assert quantities(pipeline, text) == []


def test_ids_are_sequential(pipeline):
    qs = quantities(pipeline, "Militants fired 12 mortars and 3 rockets; 40 families were displaced.")
    assert [q.id for q in qs] == ["q0", "q1", "q2"]
    assert qs[2].category == "displaced"


def test_seed_counts(shared, pipeline):
    text = (shared / "seed" / "iran-attacks-us-bases-huffpost.txt").read_text()
    qs = quantities(pipeline, text)
    by_value = {q.value: q for q in qs}
    launched, failed = by_value[15], by_value[4]
    assert (launched.unit, launched.category) == ("missiles", "launched")
    assert (failed.category, failed.parent_id) == ("failed", launched.id)
    assert (by_value[5000].unit, by_value[5000].qualifier) == ("troops", "more than")
    assert by_value[50_000].unit == "personnel"
    assert (by_value[13_000].qualifier, by_value[13_000].unit) == ("up to", "personnel")


def test_money_with_attached_scales_and_newswire_units(pipeline):
    found = quantities(
        pipeline, "Acme said profit rose 12 pct to 11.5 mln dlrs after it raised £424m and $3bn."
    )
    assert [(q.value, q.unit) for q in found] == [
        (12, "%"),
        (11_500_000, "USD"),
        (424_000_000, "GBP"),
        (3_000_000_000, "USD"),
    ]
