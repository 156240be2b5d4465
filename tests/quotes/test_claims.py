"""Claims: facts attributed to outlets, officials, people and organisations, linked to events."""

from __future__ import annotations

import pytest

from storyline.quotes.outlets import find_outlet, is_media_phrase, outlet_table
from storyline.text.article import article_from_text


@pytest.fixture(scope="module")
def extraction(pipeline):
    text = (
        "Rebels shelled the town of Arden on Monday, killing four civilians, Reuters reported.\n\n"
        "According to the Associated Press, the army fired 12 rockets in response.\n\n"
        "Officials said the shelling had stopped by nightfall.\n\n"
        "The regional governor told CNN that 300 families had fled.\n\n"
        "Local television said the bridge was destroyed."
    )
    return pipeline.analyse(article_from_text(text, title="Test", published="2024-03-05"))


def claim_with(ex, fragment):
    found = [c for c in ex.claims if fragment in c.text]
    assert found, f"no claim with {fragment!r}: {[c.text for c in ex.claims]}"
    return found[0]


def test_outlet_reported_is_a_claim_not_a_quote(extraction):
    c = claim_with(extraction, "Rebels shelled the town")
    assert (c.source.name, c.source.type, c.verb) == ("Reuters", "outlet", "reported")
    assert c.quote_id is None
    assert not [q for q in extraction.quotes if "Rebels shelled" in q.text]


def test_according_to_outlet_uses_canonical_name(extraction):
    c = claim_with(extraction, "the army fired 12 rockets")
    assert c.source.name == "Associated Press" and c.source.type == "outlet"
    assert c.verb == "according to"


def test_unnamed_officials(extraction):
    c = claim_with(extraction, "the shelling had stopped")
    assert c.source.type == "official" and c.source.name == "Officials"


def test_official_told_outlet_claim_carries_via(extraction):
    c = claim_with(extraction, "300 families had fled")
    assert c.source.type == "official"
    assert c.via == "CNN"
    assert c.quote_id is not None  # an official's words are also a quote


def test_generic_media_source(extraction):
    c = claim_with(extraction, "the bridge was destroyed")
    assert c.source.type == "outlet"


def test_claims_link_events_and_quantities(extraction):
    c = claim_with(extraction, "the army fired 12 rockets")
    quantities = {q.id: q for q in extraction.quantities}
    assert any(quantities[qid].value == 12 for qid in c.quantity_ids)
    events = {e.id: e for e in extraction.events}
    assert c.event_ids and all(events[e].trigger.span[0] >= c.span[0] for e in c.event_ids)
    linked = [e for e in extraction.events if e.source_claim_id == c.id]
    assert linked


def test_outlet_list_is_broad():
    table = outlet_table()
    for name in ("AP", "AFP", "Xinhua", "TASS", "IRNA", "Al Jazeera", "BBC", "New York Times", "Kyodo"):
        assert name in table
    assert len({o.name for o in table.values()}) >= 100
    assert find_outlet("told the Los Angeles Times")[0].name == "Los Angeles Times"
    assert is_media_phrase("state media") and not is_media_phrase("New York Times reporter Jane Roe")
