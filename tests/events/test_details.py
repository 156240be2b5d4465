"""The ``event_details`` component, on events we build ourselves (independent of ``events``)."""

from __future__ import annotations

import re

import pytest

from storyline.events.details import fill_event_details
from storyline.model import Actor, Event, Extraction, Trigger
from storyline.pipeline import AnalysisDoc, PipelineConfig, get_factory
from storyline.text.article import article_from_text

WEDNESDAY = "2021-06-16T12:00:00+00:00"


def analyse(
    pipeline, text: str, events: list[tuple[str, str | None, str | None]], published: str = WEDNESDAY
):
    """Run time + quantities, add events (trigger word, PLOVER type, actor country), fill details.

    Each event's clause is the sentence of its trigger; a trigger word may be ``word#2`` for its
    second occurrence.
    """
    article = article_from_text(text, title="t", published=published)
    doc = pipeline.nlp(article.text)
    adoc = AnalysisDoc(article=article, doc=doc, result=Extraction(article=article))
    for name in ("time", "quantities"):
        get_factory(name)(PipelineConfig())(adoc)
    for index, (word, plover_type, country) in enumerate(events):
        word, _, nth = word.partition("#")
        match = list(re.finditer(rf"\b{re.escape(word)}\b", article.text))[int(nth or 1) - 1]
        trigger = doc.char_span(*match.span())
        sentence = trigger.sent
        adoc.result.events.append(
            Event(
                id=f"e{index}",
                span=(sentence.start_char, sentence.end_char),
                text=sentence.text,
                trigger=Trigger(text=word, span=match.span()),
                plover_type=plover_type,
                quad_class=4 if plover_type == "ASSAULT" else None,
                actor1=Actor(text=country, span=(0, 1), country=country) if country else None,
            )
        )
    fill_event_details(adoc)
    return adoc.result


def test_date_quantity_and_casualties_of_one_event(pipeline):
    result = analyse(
        pipeline, "Gunmen killed at least 12 people in the market on Monday.", [("killed", "ASSAULT", None)]
    )
    (event,) = result.events
    assert event.date.value == "2021-06-14" and event.date.text == "Monday"
    (quantity,) = result.quantities
    assert event.quantity_ids == [quantity.id] and quantity.event_id == event.id
    (casualty,) = event.casualties
    assert (casualty.kind, casualty.count, casualty.approximate, casualty.group) == (
        "killed",
        12,
        True,
        "people",
    )


def test_vague_and_passive_injuries(pipeline):
    result = analyse(
        pipeline,
        "The blast wounded dozens and three police officers were injured.",
        [("wounded", "ASSAULT", None)],
    )
    kinds = sorted((c.kind, c.count, c.group) for c in result.events[0].casualties)
    assert kinds == [("injured", 3, "police officers"), ("injured", 24, None)]


def test_no_casualties_reported(pipeline):
    result = analyse(
        pipeline,
        "No casualties were reported after the rocket attack on the port.",
        [("attack", "ASSAULT", None)],
    )
    casualties = result.events[0].casualties
    assert {c.kind for c in casualties} == {"killed", "injured"}
    assert all(c.negated and c.count == 0 for c in casualties)
    assert result.events[0].instrument == "rocket"


def test_negated_casualties_outside_any_clause_go_to_the_assault(pipeline):
    text = (
        "Militants shelled the garrison near the border, Reuters reported Friday. "
        "The offensive did not cause any casualties among Kurdish or Turkish forces, officials said."
    )
    result = analyse(pipeline, text, [("shelled", "ASSAULT", "SYR")])
    event = result.events[0]
    assert event.date is None  # "reported Friday" dates the report, not the shelling
    assert {c.kind for c in event.casualties} == {"killed", "injured"}
    assert all(c.negated and c.group == "Kurdish or Turkish forces" for c in event.casualties)
    assert all(c.confidence < 0.7 for c in event.casualties)


def test_uncounted_and_nobody_killed(pipeline):
    result = analyse(
        pipeline,
        "The airstrike killed some villagers. In the second raid no one was killed.",
        [("killed", "ASSAULT", None), ("raid", "ASSAULT", None)],
    )
    (some,) = result.events[0].casualties
    assert (some.count, some.group, some.negated) == (None, "some villagers", False)
    (none,) = result.events[1].casualties
    assert (none.negated, none.count, none.group) == (True, 0, None)


def test_killing_a_deal_is_no_casualty(pipeline):
    result = analyse(pipeline, "The senator killed the deal on Tuesday.", [("killed", None, None)])
    assert result.events[0].casualties == []
    assert result.events[0].date.value == "2021-06-15"


def test_same_action_inherits_the_date_other_actors_do_not(pipeline):
    text = (
        "Russia bombed rebel positions near Aleppo on Sunday. Russian jets also bombed a hospital. "
        "Turkish forces shelled a village."
    )
    result = analyse(
        pipeline,
        text,
        [("bombed", "ASSAULT", "RUS"), ("bombed#2", "ASSAULT", "RUS"), ("shelled", "ASSAULT", "TUR")],
    )
    first, second, third = result.events
    assert first.date.value == "2021-06-13"
    assert second.date.value == "2021-06-13" and second.date.confidence < first.date.confidence
    assert third.date is None


def test_instrument_and_partitive_quantities(pipeline):
    text = "Insurgents detonated a car bomb outside the ministry. The militia fired 20 rockets, six of which were intercepted."
    result = analyse(pipeline, text, [("detonated", "ASSAULT", None), ("fired", "ASSAULT", None)])
    bomb, rockets = result.events
    assert bomb.instrument == "car bomb"
    assert rockets.instrument == "rockets"
    fired, intercepted = result.quantities
    assert rockets.quantity_ids == [fired.id, intercepted.id]
    assert intercepted.parent_id == fired.id and intercepted.category == "intercepted"


def test_no_instrument_outside_conflict_events(pipeline):
    text = "The government bought 40 missiles from France on Monday."
    result = analyse(pipeline, text, [("bought", "COOPERATE", "IND")])
    assert result.events[0].instrument is None  # an arms purchase uses no weapon
    assert result.events[0].casualties == []


def test_seed_article_end_to_end(shared, pipeline):
    if "events" not in pipeline.component_names:
        pytest.skip("events component not installed")
    text = (shared / "seed" / "iran-attacks-us-bases-huffpost.txt").read_text()
    article = article_from_text(text, published="2020-01-07T19:03:00-05:00")
    result = pipeline.analyse(article)
    attacks = [e for e in result.events if e.trigger.text == "attacked"]
    assert attacks and attacks[0].date.value == "2020-01-08"
    launched = next(q for q in result.quantities if q.value == 15)
    failed = next(q for q in result.quantities if q.value == 4)
    assert (launched.category, failed.category, failed.parent_id) == ("launched", "failed", launched.id)
    casualties = [c for e in result.events for c in e.casualties]
    assert any(c.negated and c.group == "American or Iraqi forces" for c in casualties)
    assert any(c.kind == "killed" and c.group == "some Iraqis" and c.count is None for c in casualties)
