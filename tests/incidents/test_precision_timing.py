"""Candidate filters, fragment merges and background cues, on reports written for these tests."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from storyline.export.documents import StoredDocument
from storyline.export.units import document_units
from storyline.model import Extraction
from storyline.text.article import article_from_text

RETORT = (
    "LUCKNOW: Police arrested 25 party workers near the state assembly on Monday as they tried to march "
    "to the governor's house, officials said. Asked whether the march had been allowed, the party leader shot "
    'back, "we do not need anybody\'s permission for a peaceful march." The workers will be formally charged '
    "after they appear before a magistrate."
)
MEMORIAL = (
    "Market where gunmen killed 12 shoppers reopens\n\n"
    "The covered market in the old town, where gunmen killed 12 shoppers and wounded 40 in a night of attacks "
    "across the city, reopened its doors after a year of renovation. Traders said business was slow. The "
    "gunmen had stormed the market during the evening rush. A memorial plaque now lists the names of the dead."
)
CURRENT_AT_MEMORIAL = (
    "KABUL - A suicide bomber attacked a memorial service for a former governor in Kabul, killing 20 "
    "mourners and wounding 35, officials said. The bomber detonated his vest at the entrance of the hall."
)
NAMED_YEAR = (
    "The city council voted to rename the square where protesters gathered last week. Survivors of the 2015 "
    "attacks on the square, in which 40 people were killed, asked the council to keep the old name."
)
RETOLD_TOLL = (
    "Nine peacekeepers were killed and the government ordered a curfew. The mission had played a lead role "
    "in the country since the rebels broke a ceasefire, ambushing a patrol and killing the nine peacekeepers."
)
LOOTED = (
    "More than 40 small shops in the bazaar were looted and destroyed in the riots, traders said on "
    "Thursday. Most of the shopkeepers have left the town."
)


def extract(pipeline, text: str, published: str | None) -> Extraction:
    article = article_from_text(text, title=None, outlet="Test Wire", published=published)
    return pipeline.analyse(article.model_copy(update={"language": "en"}))


def _current(result: Extraction, plover: str | None = None):
    return [
        i for i in result.incidents if i.timing == "current" and (plover is None or i.plover_type == plover)
    ]


def _exported_dead(result: Extraction) -> int:
    doc = StoredDocument(
        extraction=result, article_id="a1", version_id="v1", version=1, ingested_at=datetime.now(UTC)
    )
    return sum(u.fatalities for u in document_units(doc, 0.0))


@pytest.fixture(scope="module")
def retort(pipeline) -> Extraction:
    return extract(pipeline, RETORT, "2002-03-18T08:00:00+00:00")


def test_retort_and_court_step_are_no_incidents(retort):
    """ "shot back, "we do not need ..."" is speech; "will be formally charged" is a court step."""
    texts = [retort.article.text[i.span[0] : i.span[1]] for i in retort.incidents]
    assert not _current(retort, "ASSAULT"), texts
    by_id = {e.id: e for e in retort.events}
    arrests = [i for i in _current(retort) if any(by_id[e].trigger.text == "arrested" for e in i.event_ids)]
    assert len(arrests) == 1, texts  # the 25 arrests (of the march), once
    charged = retort.article.text.index("charged")
    assert not any(
        e.span[0] <= charged < e.span[1] and e.trigger.text == "charged"
        for i in retort.incidents
        for e in retort.events
        if e.id in i.event_ids
    )


def test_aftermath_report_tells_history(pipeline):
    """An undated report of a reopening: the attack it recalls is background and never exported as current."""
    result = extract(pipeline, MEMORIAL, None)
    violent = [i for i in result.incidents if i.plover_type == "ASSAULT"]
    assert violent, [(e.trigger.text, e.plover_type) for e in result.events]
    assert all(i.timing == "background" for i in violent), [(i.text, i.timing) for i in violent]
    assert any(i.fatalities and i.fatalities.best == 12 for i in violent)
    assert "aftermath" in violent[0].why["timing"].detail or "beside" in violent[0].why["timing"].detail
    assert _exported_dead(result) == 0


def test_attack_on_a_memorial_is_current(pipeline):
    """The lead's main clause is the attack: a memorial in it does not make the report one of history."""
    result = extract(pipeline, CURRENT_AT_MEMORIAL, None)
    current = _current(result, "ASSAULT")
    assert len(current) == 1, [(i.text, i.timing) for i in result.incidents]
    assert current[0].fatalities is not None and current[0].fatalities.best == 20
    assert _exported_dead(result) == 20


def test_incident_named_by_year_is_background(pipeline):
    result = extract(pipeline, NAMED_YEAR, "2017-06-01T08:00:00+00:00")
    dead = [i for i in result.incidents if i.fatalities and i.fatalities.best == 40]
    assert dead and all(i.timing == "background" for i in dead), [
        (i.text, i.timing) for i in result.incidents
    ]
    assert _exported_dead(result) == 0


def test_toll_told_again_is_one_incident(pipeline):
    """The nine dead of the first sentence are the nine of the ambush: one record, nine dead."""
    result = extract(pipeline, RETOLD_TOLL, "2004-11-08T08:00:00+00:00")
    current = _current(result, "ASSAULT")
    nine = [i for i in current if i.fatalities and i.fatalities.best == 9]
    assert len(nine) == 1, [(i.text, i.event_ids) for i in current]
    assert _exported_dead(result) == 9


def test_looting_and_destruction_of_one_riot(pipeline):
    result = extract(pipeline, LOOTED, "2002-03-22T08:00:00+00:00")
    records = [i for i in _current(result) if i.plover_type in ("ASSAULT", "COERCE")]
    assert len(records) == 1, [(i.text, i.plover_type, i.event_ids) for i in records]
    assert len(records[0].event_ids) >= 2


WAVE = (
    "ahmedabad: mobs set fire to shops and trucks in the old city on sunday and police opened fire to "
    "disperse them. even though no new killings were reported on sunday, the toll in the communal violence "
    "has climbed sharply to 430, police said. earlier, a 2000-strong mob gathered near the station and burnt "
    "down several shops."
)


def test_toll_of_a_wave_is_no_incident_toll(pipeline):
    """ "the toll in the communal violence has climbed to 430" sums many incidents: no record carries it,
    and a "2000-strong mob" is no year."""
    result = extract(pipeline, WAVE, "2002-03-04T08:00:00+00:00")
    assert result.incidents, [(e.trigger.text, e.plover_type) for e in result.events]
    assert not any(i.fatalities and i.fatalities.best == 430 for i in result.incidents), [
        (i.text, i.fatalities) for i in result.incidents
    ]
    assert _exported_dead(result) < 430
    assert all(i.timing == "current" for i in result.incidents), [
        (i.text, i.timing) for i in result.incidents
    ]
