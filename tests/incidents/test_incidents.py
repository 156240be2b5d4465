"""Incidents from the real pipeline on reports written for these tests (and on ../shared)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from storyline.model import Extraction
from storyline.text.article import article_from_text

STRIKE = (
    "GAZA CITY (Reuters) - Israeli aircraft struck a United Nations school in the Jabaliya refugee camp on "
    "Tuesday, killing at least 15 people and wounding dozens, Palestinian health officials said.\n\n"
    "The school, where about 3,000 displaced people were sheltering, was hit twice before dawn. Health "
    "officials said 15 people were killed and 40 wounded in the attack. A UN spokesman said 17 people had died.\n\n"
    "Hamas gunmen fired rockets at the southern Israeli town of Sderot later on Tuesday, wounding two Israelis.\n\n"
    "In 1996, an Israeli strike on a UN compound in Qana killed 106 civilians."
)
MARKET = (
    "MAIDUGURI, Nigeria - Two explosions tore through a crowded market in Maiduguri on Sunday, killing 12 "
    "people and injuring 30, police said.\n\n"
    "Witnesses said the blasts went off minutes apart near the fish stalls. Boko Haram claimed responsibility "
    "for the attack in a video on Monday."
)


def extract(pipeline, text: str, published: str) -> Extraction:
    article = article_from_text(text, title="Report", outlet="Test Wire", published=published)
    return pipeline.analyse(article.model_copy(update={"language": "en"}))


@pytest.fixture(scope="module")
def strike(pipeline) -> Extraction:
    return extract(pipeline, STRIKE, "2014-07-29T08:00:00+00:00")


@pytest.fixture(scope="module")
def market(pipeline) -> Extraction:
    return extract(pipeline, MARKET, "2015-03-02T10:00:00+00:00")


def _current_violence(result: Extraction):
    return [i for i in result.incidents if i.timing == "current" and i.plover_type == "ASSAULT"]


def test_one_record_per_incident(strike):
    current = _current_violence(strike)
    # the school strike (hit / killed / wounded / the attack) and the rocket fire on Sderot
    assert len(current) == 2, [(i.text, i.event_ids) for i in strike.incidents]
    lead = max(current, key=lambda i: len(i.event_ids))
    assert len(lead.event_ids) >= 3
    assert lead.span[0] < 200  # its best mention is the lead sentence
    events = {e.id for e in strike.events}
    assert set(lead.event_ids) <= events
    # every event belongs to at most one incident
    grouped = [e for i in strike.incidents for e in i.event_ids]
    assert len(grouped) == len(set(grouped))


def test_toll_best_low_high_across_sources(strike):
    lead = max(_current_violence(strike), key=lambda i: len(i.event_ids))
    assert lead.fatalities is not None
    assert (lead.fatalities.best, lead.fatalities.low, lead.fatalities.high) == (15, 15, 17)
    assert lead.fatalities.spans and lead.why["fatalities"].span is not None
    other = [i for i in _current_violence(strike) if i is not lead]
    assert other[0].injured is not None and other[0].injured.best == 2
    assert other[0].fatalities is None  # the Sderot wounded are not the school's dead


def test_background_toll_never_current(strike):
    background = [i for i in strike.incidents if i.timing == "background"]
    assert background, [(i.text, i.timing) for i in strike.incidents]
    qana = background[0]
    assert qana.fatalities is not None and qana.fatalities.best == 106
    assert qana.why["timing"].by == "rule"
    current_dead = sum(
        i.fatalities.best or 0 for i in strike.incidents if i.timing == "current" and i.fatalities
    )
    assert current_dead < 106


def test_background_not_exported(strike):
    from storyline.export.documents import StoredDocument
    from storyline.export.units import document_units

    doc = StoredDocument(
        extraction=strike, article_id="a1", version_id="v1", version=1, ingested_at=datetime.now(UTC)
    )
    units = document_units(doc, 0.0)
    assert all(not (u.kind == "incident" and u.item.timing == "background") for u in units)
    assert sum(u.fatalities for u in units) < 106


def test_implicit_perpetrator_inferred_and_marked(market):
    current = _current_violence(market)
    assert len(current) == 1, [(i.text, i.event_ids) for i in market.incidents]
    blast = current[0]
    assert blast.actor1 is not None and "Boko Haram" in blast.actor1.text
    why = blast.why["actor1"]
    assert why.by == "inferred" and why.span is not None
    assert "responsibility" in market.article.text[why.span[0] : why.span[1]]
    assert blast.actor1.confidence < 0.6
    assert blast.fatalities is not None and blast.fatalities.best == 12
    assert blast.injured is not None and blast.injured.best == 30


def test_incidents_in_json_contract(strike):
    data = strike.model_dump(mode="json")
    assert data["incidents"] and {"event_ids", "timing", "fatalities", "why", "span", "confidence"} <= set(
        data["incidents"][0]
    )
    assert Extraction.model_validate(data).incidents == strike.incidents


def test_shared_india_police_reports(shared, pipeline):
    """Real Times of India reports: every incident points at real events of its article."""
    from storyline.evaluation.incident_data import india_police_documents

    documents = india_police_documents(shared, limit=15)
    assert documents
    with_incidents = 0
    for doc in documents:
        result = pipeline.analyse(
            article_from_text(doc["text"], published=doc["published"]).model_copy(update={"language": "en"})
        )
        ids = {e.id for e in result.events}
        for incident in result.incidents:
            assert set(incident.event_ids) <= ids and incident.event_ids
            assert incident.span[0] >= 0 and incident.span[1] <= len(result.article.text)
        with_incidents += bool(result.incidents)
    assert with_incidents >= 5
