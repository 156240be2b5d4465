"""``storyline train linking``: the pairwise link model, from ECB+ train topics, tuned on dev.

1. Every ECB+ document of the train topics (1–35 less the dev topics) runs through the pipeline
   (cached, :mod:`storyline.linking.ecbplus`) into one store; each extracted event whose trigger
   overlaps a gold action mention takes that mention's cross-document cluster.
2. Every pair of matched mentions gives one example (:func:`pair_features`; label: same
   cluster), and a class-balanced L2 logistic regression is fitted.
3. The linker's join threshold (mean link probability against a story's mentions) is chosen on
   the dev topics (2, 5, 12, 18, 21, 23, 34, 35) by running the real linker there and scoring
   CoNLL F1; the test topics (36–45) are never read.

The artifact (``linking_model.npz``, a few kB) also holds the gold-mention model
(:mod:`storyline.linking.gold`) when ``--data`` reaches ECB+.
"""

from __future__ import annotations

import sys
import time
from itertools import combinations
from pathlib import Path
from typing import Any

import numpy as np

from storyline.linking.features import FEATURES, MODEL_PATH, LinkModel, fit_logistic, pair_feature_matrix
from storyline.training import trainer


def _log(message: str) -> None:
    print(f"[train linking] {message}", file=sys.stderr, flush=True)


THRESHOLDS = (0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8)


def pairs_from_sides(
    sides: list[Any], labels: list[str], *, max_pairs: int = 400_000, seed: int = 0
) -> tuple[np.ndarray, np.ndarray]:
    """Features and labels of mention pairs (positives all kept; negatives sampled down to ``max_pairs``)."""
    index = list(combinations(range(len(sides)), 2))
    rng = np.random.default_rng(seed)
    pos = [(i, j) for i, j in index if labels[i] == labels[j]]
    neg = [(i, j) for i, j in index if labels[i] != labels[j]]
    if len(pos) + len(neg) > max_pairs:
        keep = max(0, max_pairs - len(pos))
        neg = [neg[k] for k in rng.choice(len(neg), size=min(keep, len(neg)), replace=False)]
    chosen = pos + neg
    x = pair_feature_matrix(sides, [i for i, _ in chosen], [j for _, j in chosen])
    y = np.array([1.0] * len(pos) + [0.0] * len(neg))
    return x, y


#: Candidate merge thresholds of the document clusters (mean TF-IDF cosine).
DOC_THRESHOLDS = (0.08, 0.1, 0.12, 0.15, 0.18, 0.2, 0.22, 0.25)


def subtopic(name: str) -> str:
    """ECB+'s sub-topic of a document: each topic holds two events of one kind, the ECB half
    (``1_10ecb``) and the ECB+ half (``1_10ecbplus``) — two earthquakes, two rehab stays."""
    topic, _, rest = name.partition("_")
    return f"{topic}{'+' if rest.endswith('plus') else ''}"


def pair_f1(gold: list[str], predicted: list[Any]) -> float:
    """F1 of the same-cluster document pairs of ``predicted`` against those of ``gold``."""
    same_gold = same_pred = both = 0
    for i, j in combinations(range(len(gold)), 2):
        g, p = gold[i] == gold[j], predicted[i] == predicted[j]
        same_gold += g
        same_pred += p
        both += g and p
    return 2 * both / (same_gold + same_pred) if same_gold + same_pred else 0.0


def choose_doc_threshold(docs: list[Any]) -> tuple[float, dict[str, float]]:
    """The document-cluster threshold with the best sub-topic pair F1 on the train documents."""
    from storyline.linking.documents import cluster_documents, document_terms

    terms = [document_terms(None, d.text) for d in docs]
    gold = [subtopic(d.name) for d in docs]
    tuning = {f"{t:.2f}": round(pair_f1(gold, cluster_documents(terms, t)[0]), 4) for t in DOC_THRESHOLDS}
    best = max(DOC_THRESHOLDS, key=lambda t: tuning[f"{t:.2f}"])
    return best, tuning


@trainer("linking")
def train_linking(
    out: Path | None = None, data: Path | None = None, limit: int | None = None, **_: Any
) -> dict[str, Any]:
    from storyline.evaluation.data import shared_path
    from storyline.evaluation.linking import DEV_TOPICS, TRAIN_TOPICS, EcbRun, load_ecbplus, run_linker
    from storyline.linking.embeddings import get_embedder

    started = time.time()
    path = data or shared_path("corpora/ecbplus")
    embedder = get_embedder()
    train_docs = load_ecbplus(path, TRAIN_TOPICS)
    dev_docs = load_ecbplus(path, DEV_TOPICS)
    if limit:
        train_docs, dev_docs = train_docs[:limit], dev_docs[:limit]
    doc_threshold, doc_tuning = choose_doc_threshold(train_docs)
    _log(
        f"document clusters: threshold {doc_threshold:.2f} (train sub-topic pair F1 {doc_tuning[f'{doc_threshold:.2f}']})"
    )
    sides, labels = EcbRun(train_docs, embedder).sides(doc_threshold)
    _log(f"{len(train_docs)} train documents, {len(sides)} matched mentions ({time.time() - started:.0f} s)")
    x, y = pairs_from_sides(sides, labels)
    weights, bias, mean, scale = fit_logistic(x, y)
    _log(f"fitted on {len(y)} pairs ({int(y.sum())} coreferent) ({time.time() - started:.0f} s)")
    model = LinkModel(
        weights=weights,
        bias=bias,
        threshold=0.5,
        strong_threshold=0.5,
        embedder=embedder.name,
        mean=mean,
        scale=scale,
        doc_threshold=doc_threshold,
    )
    # Tune the join threshold on dev with the real linker; the strong-evidence threshold for
    # undated mentions sits halfway between it and 1.
    tuning: dict[str, float] = {}
    best_t, best_f1 = 0.5, -1.0
    for t in THRESHOLDS:
        model.threshold, model.strong_threshold = t, t
        f1 = run_linker(dev_docs, embedder, model=model)["storyline"]["conll_f1"]
        tuning[f"{t:.2f}"] = round(f1, 4)
        _log(f"dev threshold {t:.2f}: CoNLL F1 {f1:.4f} ({time.time() - started:.0f} s)")
        if f1 > best_f1:
            best_t, best_f1 = t, f1
    model.threshold = best_t
    best_s, best_sf1 = best_t, best_f1
    for s in sorted({round(best_t + k * (1 - best_t) / 4, 3) for k in (1, 2, 3)}):
        model.strong_threshold = s
        f1 = run_linker(dev_docs, embedder, model=model)["storyline"]["conll_f1"]
        tuning[f"strong {s:.2f}"] = round(f1, 4)
        _log(f"dev strong threshold {s:.2f}: CoNLL F1 {f1:.4f}")
        if f1 >= best_sf1 - 0.002:  # the stricter the better, at (nearly) no cost on dev
            best_s, best_sf1 = s, max(f1, best_sf1)
    model.strong_threshold = best_s
    arrays = model.to_arrays()
    target = Path(out or MODEL_PATH)
    target.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(target, **arrays)  # the linker's model, before the slower gold-mention part
    _log(f"saved {target} ({time.time() - started:.0f} s); training the gold-mention model")
    from storyline.linking.gold import train_gold_model

    gold_arrays, gold_figures = train_gold_model(train_docs, dev_docs, embedder, doc_threshold)
    arrays.update(gold_arrays)
    np.savez_compressed(target, **arrays)
    from storyline.linking.features import load_model

    load_model.cache_clear()
    return {
        "model": str(target),
        "bytes": target.stat().st_size,
        "embedder": embedder.name,
        "train_documents": len(train_docs),
        "train_mentions": len(sides),
        "train_pairs": int(len(y)),
        "positive_pairs": int(y.sum()),
        "weights": dict(zip(FEATURES, np.round(weights, 3).tolist(), strict=True)),
        "doc_threshold": doc_threshold,
        "doc_tuning": doc_tuning,
        "threshold": best_t,
        "strong_threshold": best_s,
        "dev_conll_f1": round(best_f1, 4),
        # analysts' reviews judge single events and incidents, never whether two are one story
        "review_rows": "none (no matching label kind: reviews do not pair mentions)",
        "dev_tuning": tuning,
        "gold": gold_figures,
        "seconds": round(time.time() - started, 1),
    }
