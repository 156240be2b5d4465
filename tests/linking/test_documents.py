"""Document clusters: articles grouped by what they report, before their events are linked."""

from __future__ import annotations

from itertools import combinations

import numpy as np
import pytest

from storyline.linking.documents import (
    DEFAULT_THRESHOLD,
    DocumentClusters,
    average_link,
    cluster_documents,
    document_terms,
)

# Three reports written for this test: two of one flood, one of another flood in another country.
VALMORA_1 = (
    "Floods in Valmora",
    "Flash floods swept through the river town of Valmora on Tuesday after the Brenna dam overflowed. "
    "Mayor Ilse Varga said 14 people were missing and 300 homes were under water in the Orsk valley.",
)
VALMORA_2 = (
    "Valmora counts the cost",
    "Rescue teams in Valmora searched for 14 missing residents as the Brenna river fell. Ilse Varga, "
    "the mayor, said the Orsk valley had not seen such floods since the dam was built.",
)
TARRASCO = (
    "Floods hit Tarrasco",
    "Floods cut the coastal road to Tarrasco after three days of rain. Governor Paulo Mendes said "
    "fishermen in the Salva delta had lost their boats and 40 families were in shelters.",
)


def brute_force_average_link(sims: np.ndarray, threshold: float) -> list[int]:
    """The textbook definition, O(n³): merge the pair of groups of highest mean similarity."""
    groups = [[k] for k in range(len(sims))]
    while len(groups) > 1:
        best, pair = -np.inf, None
        for a, b in combinations(range(len(groups)), 2):
            mean = float(np.mean(sims[np.ix_(groups[a], groups[b])]))
            if mean > best:
                best, pair = mean, (a, b)
        if best < threshold or pair is None:
            break
        a, b = pair
        groups[a] += groups.pop(b)
    labels = [0] * len(sims)
    for g in groups:
        for k in g:
            labels[k] = min(g)
    return labels


def test_two_reports_of_one_flood_cluster_and_the_other_flood_stays_apart():
    labels, _ = cluster_documents([document_terms(t, x) for t, x in (VALMORA_1, VALMORA_2, TARRASCO)])
    assert labels[0] == labels[1]
    assert labels[2] != labels[0]


def test_the_run_knows_each_articles_cluster_and_their_similarity():
    docs = DocumentClusters([("a1", *VALMORA_1), ("a2", *VALMORA_2), ("a3", *TARRASCO)], DEFAULT_THRESHOLD)
    assert docs.cluster_of["a1"] == docs.cluster_of["a2"] != docs.cluster_of["a3"]
    assert docs.similarity("a1", "a2") > DEFAULT_THRESHOLD > docs.similarity("a1", "a3")
    assert docs.similarity("a1", "unknown") == 0.0


def test_stop_words_and_short_words_are_not_terms():
    terms = document_terms("The flood", "It was the worst flood in 40 years, he said.")
    assert terms["flood"] == 2
    assert "the" not in terms and "was" not in terms and "he" not in terms


@pytest.mark.parametrize("seed", range(20))
def test_fast_average_link_is_the_textbook_average_link(seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(2, 25))
    x = rng.random((n, n))
    sims = (x + x.T) / 2
    threshold = float(rng.uniform(0.3, 0.7))
    assert average_link(sims, threshold) == brute_force_average_link(sims, threshold)


def test_ecbplus_documents_cluster_into_their_sub_topics_without_mixing_topics(shared):
    from storyline.evaluation.linking import DEV_TOPICS, load_ecbplus
    from storyline.linking.train import pair_f1, subtopic

    docs = load_ecbplus(shared / "corpora" / "ecbplus", DEV_TOPICS)
    labels, _ = cluster_documents([document_terms(None, d.text) for d in docs], 0.18)
    assert pair_f1([subtopic(d.name) for d in docs], labels) >= 0.75
    topics_of: dict[int, set[int]] = {}
    for doc, lab in zip(docs, labels, strict=True):
        topics_of.setdefault(lab, set()).add(doc.topic)
    assert all(len(topics) == 1 for topics in topics_of.values())


def test_undated_reports_of_one_flood_join_and_the_other_flood_starts_its_own_story():
    """No dates, actors or places on the events: only the document clusters tell the two
    floods apart (the trigger lemma and the wording are alike)."""
    from storyline.linking.embeddings import get_embedder
    from storyline.linking.stories import StoryLinker
    from storyline.model import Event, Extraction, Trigger
    from storyline.store import Store
    from storyline.text.article import article_from_text

    store = Store(":memory:")
    versions = []
    for k, (title, text) in enumerate((VALMORA_1, VALMORA_2, TARRASCO)):
        sentence = text.split(". ")[0] + "."
        start = text.index("flood") if "flood" in text else text.index("Flood")
        event = Event(
            id="e0",
            text=sentence,
            span=(0, len(sentence)),
            trigger=Trigger(text="floods", lemma="flood", span=(start, start + 6)),
        )
        article = article_from_text(
            text, title=title, outlet=f"Paper {k}", url=f"https://p{k}.example/flood", published="2024-04-02"
        )
        versions.append(store.save(Extraction(article=article, events=[event])).version_id)
    linker = StoryLinker(store, embedder=get_embedder())
    linker.link_pending()
    story_of = dict(store.con.execute("SELECT version_id, story_id FROM story_mentions").fetchall())
    assert story_of[versions[0]] == story_of[versions[1]] != story_of[versions[2]]
    store.close()
