"""The gold-mention setting of ECB+: every gold action mention, clustered within its gold topic.

This is the setting published systems report (lemma heuristic 0.764 CoNLL F1, a trained
cross-encoder 0.817). Gold mentions carry no actors, types, places or dates of the pipeline,
so they get their own small model over the context features of :func:`pair_features` (sentence
and article-lead cosine, head-lemma match and its products with them, argument overlap, same
document), trained on the train topics' gold pairs within a topic, and clustered by average-link
agglomeration within each topic with the threshold chosen on the dev topics. Head lemmas come
from the pipeline's spaCy model (``span.root.lemma_``).
"""

from __future__ import annotations

from collections import defaultdict
from itertools import combinations
from typing import Any

import numpy as np

from storyline.evaluation.coref import conll
from storyline.linking import documents
from storyline.linking.documents import DEFAULT_THRESHOLD as DEFAULT_DOC_THRESHOLD
from storyline.linking.documents import DocumentClusters
from storyline.linking.features import (
    LinkModel,
    PairSide,
    content_words,
    fit_logistic,
    load_model,
    pair_feature_matrix,
)
from storyline.linking.stories import article_lead

THRESHOLDS = tuple(round(0.3 + 0.05 * k, 2) for k in range(13))


def _gold_sides(
    docs: list[Any], embedder: Any, doc_threshold: float = DEFAULT_DOC_THRESHOLD
) -> tuple[list[PairSide], list[str], list[int], list[str]]:
    from storyline.pipeline import get_pipeline

    nlp = get_pipeline().nlp
    items: list[tuple[Any, str, int, int, str]] = []  # doc, sentence, start-in-sentence, end, cluster
    for doc in docs:
        bounds, pos = [], 0
        for line in doc.text.split("\n"):
            bounds.append((pos, pos + len(line)))
            pos += len(line) + 1
        for start, end, cluster in doc.mentions:
            s0, s1 = next(((a, b) for a, b in bounds if a <= start < b + 1), (0, len(doc.text)))
            items.append((doc, doc.text[s0:s1], start - s0, end - s0, cluster))
    # A sentence holds several mentions (3,808 train mentions in 1,015 sentences): each distinct
    # sentence is parsed and embedded once.
    unique = list(dict.fromkeys(it[1] for it in items))
    row = {sentence: k for k, sentence in enumerate(unique)}
    parsed_docs = list(nlp.pipe(unique, batch_size=256))
    lemmas: list[str] = []
    for _, sentence, start, end, _ in items:
        span = parsed_docs[row[sentence]].char_span(start, end, alignment_mode="expand")
        lemmas.append((span.root.lemma_ if span is not None and len(span) else sentence[start:end]).lower())
    unique_emb = embedder.encode(unique)
    emb = [unique_emb[row[it[1]]] for it in items]
    leads = {
        d.name: v
        for d, v in zip(docs, embedder.encode([article_lead(None, d.text) for d in docs]), strict=True)
    }
    # Document clusters over all the split's documents (the gold topic is not given to them).
    documents = DocumentClusters([(d.name, None, d.text) for d in docs], doc_threshold)
    sides = [
        PairSide(
            uid=f"{doc.name}:{start}",
            article_id=doc.name,
            lemma=lemma,
            plover_type=None,
            cameo_root=None,
            quad_class=None,
            actors=(None, None, None, None),
            event_date=None,
            lat=None,
            lon=None,
            precise=False,
            words=content_words(sentence, lemma),
            emb=e,
            doc_emb=leads[doc.name],
            cluster=documents.cluster_of[doc.name],
            docs=documents,
        )
        for (doc, sentence, start, _, _), lemma, e in zip(items, lemmas, emb, strict=True)
    ]
    return sides, [it[4] for it in items], [it[0].topic for it in items], lemmas


def average_link(probs: np.ndarray, threshold: float) -> list[int]:
    """Average-link agglomerative clustering of a probability matrix; merges while mean p >= threshold."""
    return documents.average_link(probs, threshold)


def _topic_groups(topics: list[int]) -> dict[int, list[int]]:
    groups: dict[int, list[int]] = defaultdict(list)
    for k, t in enumerate(topics):
        groups[t].append(k)
    return groups


def within_topic_pairs(topics: list[int]) -> tuple[np.ndarray, np.ndarray]:
    """The index pairs (in :func:`itertools.combinations` order, topic by topic) of the mentions
    that share a gold topic."""
    pairs = [(a, b) for idx in _topic_groups(topics).values() for a, b in combinations(idx, 2)]
    arr = np.array(pairs, dtype=np.intp).reshape(-1, 2)
    return arr[:, 0], arr[:, 1]


def topic_probs(
    sides: list[PairSide], topics: list[int], model: LinkModel
) -> dict[int, tuple[list[int], np.ndarray]]:
    """Per gold topic: its mentions and their pairwise link probabilities."""
    out = {}
    for topic, idx in _topic_groups(topics).items():
        n = len(idx)
        probs = np.zeros((n, n))
        if n > 1:
            a, b = np.triu_indices(n, 1)
            ids = np.asarray(idx)
            probs[a, b] = model.prob(pair_feature_matrix(sides, ids[a], ids[b]))
            probs[b, a] = probs[a, b]
        out[topic] = (idx, probs)
    return out


def cluster(
    probs_by_topic: dict[int, tuple[list[int], np.ndarray]], size: int, threshold: float
) -> list[str]:
    out = [""] * size
    for topic, (idx, probs) in probs_by_topic.items():
        for k, lab in zip(idx, average_link(probs, threshold), strict=True):
            out[k] = f"{topic}:{lab}"
    return out


def train_gold_model(
    train_docs: list[Any], dev_docs: list[Any], embedder: Any, doc_threshold: float = DEFAULT_DOC_THRESHOLD
) -> tuple[dict[str, Any], dict[str, Any]]:
    sides, labels, topics, _ = _gold_sides(train_docs, embedder, doc_threshold)
    left, right = within_topic_pairs(topics)
    x = pair_feature_matrix(sides, left, right)
    y = np.array([1.0 if labels[a] == labels[b] else 0.0 for a, b in zip(left, right, strict=True)])
    weights, bias, mean, scale = fit_logistic(x, y)
    model = LinkModel(
        weights=weights,
        bias=bias,
        threshold=0.5,
        strong_threshold=0.5,
        embedder=embedder.name,
        mean=mean,
        scale=scale,
    )
    dev_sides, dev_labels, dev_topics, _ = _gold_sides(dev_docs, embedder, doc_threshold)
    key = {s.uid: c for s, c in zip(dev_sides, dev_labels, strict=True)}
    dev_probs = topic_probs(dev_sides, dev_topics, model)  # once: only the threshold varies
    tuning, best_t, best_f1 = {}, 0.5, -1.0
    for t in THRESHOLDS:
        response = dict(zip([s.uid for s in dev_sides], cluster(dev_probs, len(dev_sides), t), strict=True))
        f1 = conll(key, response)["conll_f1"]
        tuning[f"{t:.2f}"] = round(f1, 4)
        if f1 > best_f1:
            best_t, best_f1 = t, f1
    arrays = {
        "gold_weights": weights,
        "gold_bias": np.array(bias),
        "gold_threshold": np.array(best_t),
        "gold_mean": mean,
        "gold_scale": scale,
    }
    return arrays, {
        "train_pairs": int(len(y)),
        "positive_pairs": int(y.sum()),
        "threshold": best_t,
        "dev_conll_f1": round(best_f1, 4),
        "dev_tuning": tuning,
    }


def gold_model() -> LinkModel | None:
    from storyline.linking.features import MODEL_PATH
    from storyline.training import load_npz

    load_model()  # the clear error when the file is missing
    arrays = load_npz(MODEL_PATH, "linking")
    if "gold_weights" not in arrays:
        return None
    return LinkModel(
        weights=arrays["gold_weights"],
        bias=float(arrays["gold_bias"]),
        threshold=float(arrays["gold_threshold"]),
        strong_threshold=1.0,
        embedder="",
        mean=arrays["gold_mean"],
        scale=arrays["gold_scale"],
        doc_threshold=float(arrays["doc_threshold"]) if "doc_threshold" in arrays else DEFAULT_DOC_THRESHOLD,
    )


def evaluate_gold_mentions(docs: list[Any]) -> dict[str, Any] | None:
    from storyline.linking.embeddings import get_embedder

    model = gold_model()
    if model is None:
        return None
    sides, labels, topics, lemmas = _gold_sides(docs, get_embedder(), model.doc_threshold)
    uids = [s.uid for s in sides]
    key = dict(zip(uids, labels, strict=True))
    response = dict(
        zip(uids, cluster(topic_probs(sides, topics, model), len(sides), model.threshold), strict=True)
    )
    lemma = {u: f"{t}:{lem}" for u, t, lem in zip(uids, topics, lemmas, strict=True)}
    scores, baseline = conll(key, response), conll(key, lemma)
    return {
        "mentions": len(uids),
        "threshold": model.threshold,
        "storyline": scores,
        "same_lemma_baseline": baseline,
        "delta_vs_same_lemma": round(scores["conll_f1"] - baseline["conll_f1"], 4),
    }
