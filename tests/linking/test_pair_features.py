"""The trainers' vectorised pair features are the linker's per-pair features."""

from __future__ import annotations

from datetime import date
from itertools import combinations

import numpy as np

from storyline.linking.documents import DocumentClusters
from storyline.linking.embeddings import HashingEmbedder
from storyline.linking.features import FEATURES, PairSide, content_words, pair_feature_matrix, pair_features
from storyline.linking.gold import within_topic_pairs

# Reports written for this test: two of one flood, one of another flood, one of an election.
ARTICLES = {
    "a1": (
        "Floods in Valmora",
        "Flash floods swept through the river town of Valmora on Tuesday after the Brenna dam overflowed.\n"
        "Mayor Ilse Varga said 14 people were missing and 300 homes were under water.",
    ),
    "a2": (
        "Valmora counts the cost",
        "Rescue teams in Valmora searched for 14 missing residents as the Brenna river fell.\n"
        "Ilse Varga, the mayor, said the valley had not seen such floods since the dam was built.",
    ),
    "a3": (
        "Floods hit Tarrasco",
        "Floods cut the coastal road to Tarrasco after three days of rain.\n"
        "Governor Paulo Mendes said 40 families were in shelters.",
    ),
    "a4": (
        "Tarrasco votes",
        "Voters in Tarrasco elected Paulo Mendes governor on Sunday.\n"
        "Mendes said the flood defences would come first.",
    ),
}
# Per sentence: trigger, PLOVER type, CAMEO root, QuadClass, actors, date, place (lat, lon, precise).
ATTRIBUTES = [
    ("swept", "DISASTER", None, None, ("VLM", None, None, None), date(2026, 3, 3), (45.1, 12.3, True)),
    ("missing", None, None, None, (None, "Ilse Varga", None, None), date(2026, 3, 3), None),
    ("searched", "DISASTER", "07", 1, ("VLM", None, "VLM", None), date(2026, 3, 4), (45.2, 12.4, False)),
    ("seen", "DISASTER", "07", 1, (None, "ilse varga", None, None), None, None),
    ("cut", "DISASTER", "07", 1, ("TRS", None, "RED", None), date(2026, 3, 9), (38.0, -9.1, True)),
    ("said", "ASSAULT", "19", 4, (None, "Paulo Mendes", None, None), date(2026, 3, 3), (44.4, 12.2, True)),
    ("elected", None, "", 0, ("TRS", None, "VLM", None), date(2026, 3, 15), (38.0, -9.1, True)),
    ("said", None, "19", 0, ("TRS", None, None, None), None, (45.1, 12.3, True)),
]


def _sides() -> tuple[list[PairSide], list[int]]:
    embedder = HashingEmbedder()
    docs = DocumentClusters([(a, t, x) for a, (t, x) in ARTICLES.items()], 0.15)
    other_run = DocumentClusters([(a, t, x) for a, (t, x) in ARTICLES.items()], 0.15)
    sentences = [(a, s) for a, (_, text) in ARTICLES.items() for s in text.split("\n")]
    emb = embedder.encode([s for _, s in sentences])
    leads = {a: v for a, v in zip(ARTICLES, embedder.encode([t for t, _ in ARTICLES.values()]), strict=True)}
    sides = []
    for k, ((article, sentence), attrs, e) in enumerate(zip(sentences, ATTRIBUTES, emb, strict=True)):
        lemma, plover, cameo, quad, actors, when, place = attrs
        lat, lon, precise = place or (None, None, False)
        run = other_run if k == 7 else docs  # one side of another link run: no doc_sim with it
        sides.append(
            PairSide(
                uid=f"{article}:{k}",
                article_id=article,
                lemma=lemma,
                plover_type=plover,
                cameo_root=cameo,
                quad_class=quad,
                actors=actors,
                event_date=when,
                lat=lat,
                lon=lon,
                precise=precise,
                words=content_words(sentence, lemma),
                emb=e,
                doc_emb=leads[article],
                cluster=None if k == 6 else run.cluster_of[article],
                docs=None if k == 5 else run,
            )
        )
    return sides, [1, 1, 1, 1, 2, 2, 2, 2]


def test_the_vectorised_features_of_every_pair_are_the_per_pair_features():
    sides, _ = _sides()
    pairs = list(combinations(range(len(sides)), 2)) + [(3, 1), (2, 2)]
    left, right = [a for a, _ in pairs], [b for _, b in pairs]
    matrix = pair_feature_matrix(sides, left, right)
    expected = np.stack([pair_features(sides[a], sides[b]) for a, b in pairs])
    assert matrix.shape == (len(pairs), len(FEATURES))
    np.testing.assert_allclose(matrix, expected, rtol=0, atol=1e-6)
    # every feature takes more than one value over these pairs, so each column is really compared
    varying = {name for k, name in enumerate(FEATURES) if len(np.unique(expected[:, k])) > 1}
    assert varying == set(FEATURES)


def test_within_topic_pairs_are_the_pairs_of_each_topic_in_order():
    sides, topics = _sides()
    left, right = within_topic_pairs(topics)
    assert list(zip(left.tolist(), right.tolist(), strict=True)) == [
        *combinations(range(4), 2),
        *combinations(range(4, 8), 2),
    ]
    assert pair_feature_matrix(sides, [], []).shape == (0, len(FEATURES))
