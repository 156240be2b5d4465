"""The seed article (../shared): its quotes, claims and the AP/CNN contradiction."""

from __future__ import annotations

import pytest

from storyline.text.article import article_from_text


@pytest.fixture(scope="module")
def seed(shared, pipeline):
    path = shared / "seed" / "iran-attacks-us-bases-huffpost.txt"
    article = article_from_text(path.read_text(encoding="utf-8"), published="2020-01-07T19:03:00-05:00")
    return pipeline.analyse(article)


def quotes_of(ex, name):
    return [q for q in ex.quotes if q.speaker.name and name in q.speaker.name]


def test_seed_speakers_and_channels(seed):
    irgc = [q for q in quotes_of(seed, "Revolutionary Guard") if q.kind == "direct"]
    assert irgc and irgc[0].channel == "statement"
    assert irgc[0].via == "New York Times reporter Farnaz Fassihi"

    hoffman = quotes_of(seed, "Jonathan Hoffman")
    assert len(hoffman) >= 3  # the reported targets and the two halves of the split quote
    assert hoffman[0].speaker.title == "Pentagon spokesman"
    assert any(q.channel == "emailed statement" for q in hoffman)

    trump = [q for q in quotes_of(seed, "Trump") if q.kind == "direct"]
    assert len(trump) == 2 and {q.channel for q in trump} == {"twitter"}

    zarif = quotes_of(seed, "Zarif")
    assert {q.kind for q in zarif} == {"mixed"}
    assert any(q.channel == "twitter" for q in zarif)
    assert zarif[0].speaker.country == "IRN"

    goldenberg = quotes_of(seed, "Goldenberg")
    assert goldenberg and all(q.channel == "twitter" for q in goldenberg)
    assert goldenberg[0].speaker.affiliation == "Center for a New American Security"


def test_seed_claims(seed):
    sources = {(c.source.name, c.source.type) for c in seed.claims}
    assert ("Associated Press", "outlet") in sources
    assert ("CNN", "outlet") in sources
    assert any(c.via == "Los Angeles Times" and c.source.type == "official" for c in seed.claims)
    assert any(c.via and "New York Times" in c.via for c in seed.claims)
    assert any(c.source.name == "Farnaz Fassihi" and c.verb == "reported" for c in seed.claims)


def test_seed_contradictions(seed):
    casualties = [c for c in seed.contradictions if c.slot == "casualties"]
    assert any(set(c.sources) == {"Associated Press", "CNN"} and c.severity == "high" for c in casualties)
    counts = [c for c in seed.contradictions if c.slot == "count"]
    assert any(c.severity == "low" and "defense official" in c.sources for c in counts)
