"""Story events from the real pipeline: three outlets on one attack, one outlet on something else."""

from __future__ import annotations

import pytest

from storyline.linking.embeddings import get_embedder
from storyline.linking.slots import story_detail
from storyline.linking.stories import link_store
from storyline.store import Store
from storyline.text.article import article_from_text

REPORTS = [
    (
        "Northern Ledger",
        "2023-05-16T09:00:00+00:00",
        "MOGADISHU, May 16 - Al-Shabaab militants attacked an African Union base in Bulo Marer on Tuesday, "
        "killing three Ugandan soldiers, the Ugandan army said.\n\nThe militants used a car bomb before "
        "storming the base, a military spokesman said.",
    ),
    (
        "Coast Herald",
        "2023-05-16T13:30:00+00:00",
        "Al-Shabaab fighters attacked an African Union military base in Bulo Marer, Somalia, on Tuesday. "
        "The group said it had killed dozens of soldiers.\n\nUganda's army said three of its soldiers died.",
    ),
    (
        "Daily Meridian",
        "2023-05-17T07:15:00+00:00",
        "Militants from al-Shabaab attacked a base of African Union troops in Bulo Marer on Tuesday, "
        "officials said, in the deadliest raid on the force this year.",
    ),
    (
        "Daily Meridian",
        "2023-05-16T18:00:00+00:00",
        "NAIROBI, May 16 - Kenya and Ethiopia signed an agreement on Tuesday to expand cross-border trade, "
        "the Kenyan foreign ministry said.",
    ),
]


@pytest.fixture(scope="module")
def linked_store(pipeline):
    store = Store(":memory:")
    for i, (outlet, published, text) in enumerate(REPORTS):
        article = article_from_text(
            text, title=f"Report {i}", outlet=outlet, published=published, url=f"https://news.example/{i}"
        )
        store.save(pipeline.analyse(article))
    link_store(store, embedder=get_embedder())
    yield store
    store.close()


def test_three_reports_of_one_attack_make_one_story_with_three_sources(linked_store):
    rows = linked_store.con.execute(
        "SELECT story_id, num_articles, num_sources FROM story_events "
        "WHERE plover_type = 'ASSAULT' ORDER BY num_articles DESC"
    ).fetchall()
    assert rows, "the attack was not extracted as an ASSAULT event"
    story_id, articles, sources = rows[0]
    assert (articles, sources) == (3, 3)
    detail = story_detail(linked_store, story_id)
    assert {m["outlet"] for m in detail["mentions"]} == {"Northern Ledger", "Coast Herald", "Daily Meridian"}


def test_the_trade_agreement_is_not_merged_into_the_attack(linked_store):
    merged = linked_store.con.execute(
        "SELECT count(*) FROM story_mentions sm JOIN story_events s USING (story_id) "
        "WHERE sm.article_id IN (SELECT article_id FROM article_versions WHERE text LIKE '%cross-border trade%') "
        "AND s.plover_type = 'ASSAULT'"
    ).fetchone()[0]
    assert merged == 0
