"""``storyline train roles``: fit the role extractor on MUC-4 train, choose thresholds on MUC-4 dev.

Data: ``../shared/corpora/conflict_events/muc4/{train,dev}.json`` (GRIT's split). A candidate noun
phrase is labelled with a role when its normalised string equals a mention of a gold entity of that
role (MUC-4 keys are strings). The model is a softmax over hashed features, trained with AdaGrad;
per-role thresholds are chosen on dev for strict CEAF-REE F1. MUC-4 test is never read.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import numpy as np

from storyline.incidents import roles as R
from storyline.training import trainer

EPOCHS = 6
L2 = 1e-6
RATE = 0.2
NONE_WEIGHT = 0.5  # "none" candidates are ~95%: down-weighted so the roles are learnt


def _documents(path: Path, limit: int | None) -> list[dict]:
    docs = []
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                docs.append(json.loads(line))
            if limit and len(docs) >= limit:
                break
    return docs


def _parsed(nlp: Any, texts: list[str]) -> list[Any]:
    return list(nlp.pipe(texts, batch_size=32))


def featurise(
    docs: list[dict], parsed: list[Any]
) -> tuple[list[list[R.Candidate]], np.ndarray, np.ndarray, np.ndarray]:
    """Candidates per document, and the padded hashed feature matrix, mask and labels of all of them."""
    per_doc = []
    rows: list[np.ndarray] = []
    labels: list[int] = []
    for d, doc in zip(docs, parsed, strict=True):
        gold: dict[str, int] = {}
        for k, role in enumerate(R.ROLES[1:], start=1):
            for entity in d["extracts"].get(role, []):
                for mention, _ in entity:
                    gold.setdefault(R.normalise(mention), k)
        cands = R.candidates(doc)
        per_doc.append(cands)
        for c in cands:
            rows.append(R.hashed(c.features))
            labels.append(gold.get(c.text, 0))
    index, mask = padded(rows)
    return per_doc, index, mask, np.array(labels, dtype=np.int64)


def fit(
    index: np.ndarray,
    mask: np.ndarray,
    labels: np.ndarray,
    epochs: int = EPOCHS,
    seed: int = 0,
    n_roles: int = len(R.ROLES),
    bits: int = R.BITS,
    none_weight: float = NONE_WEIGHT,
    batch: int = 64,
) -> np.ndarray:
    """Softmax regression over hashed features (AdaGrad, L2)."""
    rng = np.random.default_rng(seed)
    weights = np.zeros((bits, n_roles), dtype=np.float32)
    accumulated = np.full((bits, n_roles), 1e-3, dtype=np.float32)
    sample_weight = np.where(labels == 0, none_weight, 1.0).astype(np.float32)
    onehot = np.eye(n_roles, dtype=np.float32)[labels]
    for _ in range(epochs):
        order = rng.permutation(len(labels))
        for start in range(0, len(order), batch):
            rows = order[start : start + batch]
            idx, m = index[rows], mask[rows]
            logits = (weights[idx] * m[..., None]).sum(axis=1)
            logits -= logits.max(axis=1, keepdims=True)
            p = np.exp(logits)
            p /= p.sum(axis=1, keepdims=True)
            g = (p - onehot[rows]) * sample_weight[rows, None]  # B x C
            grad = (g[:, None, :] * m[..., None]).reshape(-1, n_roles)
            flat = idx.reshape(-1)
            keep = m.reshape(-1) > 0
            flat, grad = flat[keep], grad[keep]
            unique, inverse = np.unique(flat, return_inverse=True)
            summed = np.zeros((len(unique), n_roles), dtype=np.float32)
            np.add.at(summed, inverse, grad)
            summed += L2 * weights[unique]
            accumulated[unique] += summed**2
            weights[unique] -= RATE * summed / np.sqrt(accumulated[unique])
    return weights


def padded(rows: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    width = max(len(r) for r in rows)
    index = np.zeros((len(rows), width), dtype=np.int64)
    mask = np.zeros((len(rows), width), dtype=np.float32)
    for i, r in enumerate(rows):
        index[i, : len(r)] = r
        mask[i, : len(r)] = 1.0
    return index, mask


def fit_relevance(docs: list[dict], parsed: list[Any]) -> np.ndarray:
    """P(the article reports an incident MUC-4 keys): a logistic model over its words."""
    rows = [R.hashed(R.doc_features(doc)) % R.DOC_BITS for doc in parsed]
    index, mask = padded(rows)
    labels = np.array([int(any(d["extracts"].values())) for d in docs], dtype=np.int64)
    return fit(index, mask, labels, epochs=30, n_roles=2, bits=R.DOC_BITS, none_weight=1.0, batch=16)


def dev_score(per_doc, probs_per_doc, docs, thresholds: np.ndarray, caps: np.ndarray | None = None) -> dict:
    from storyline.evaluation.muc4 import gold_entities, score

    predictions = []
    for cands, probs in zip(per_doc, probs_per_doc, strict=True):
        found = R.decode(cands, probs, thresholds, caps=caps)
        predictions.append({role: [t for t, _, _ in found[role]] for role in R.ROLES[1:]})
    return score(predictions, [gold_entities(d) for d in docs])


GRID = (0.03, 0.05, 0.08, 0.1, 0.12, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5, 0.6, 0.7, 0.8)
CAPS = (1, 2, 3, 4, 6)


def choose_thresholds(per_doc, probs_per_doc, docs) -> tuple[np.ndarray, np.ndarray, dict]:
    """Per role, the threshold and the most fillers per article with the best strict F1 on dev
    (roles are scored apart, so one search per role)."""
    thresholds = np.full(len(R.ROLES), 0.5, dtype=np.float32)
    caps = np.full(len(R.ROLES), 4, dtype=np.int64)
    for k, role in enumerate(R.ROLES[1:], start=1):
        best = (-1.0, thresholds[k], caps[k])
        for t in GRID:
            for cap in CAPS:
                trial, trial_caps = thresholds.copy(), caps.copy()
                trial[k], trial_caps[k] = t, cap
                f1 = dev_score(per_doc, probs_per_doc, docs, trial, trial_caps)["exact"][role]["f1"]
                if f1 > best[0]:
                    best = (f1, t, cap)
        thresholds[k], caps[k] = best[1], best[2]
    return thresholds, caps, dev_score(per_doc, probs_per_doc, docs, thresholds, caps)


@trainer("roles")
def train(
    out: Path | str | None = None, data: Path | str | None = None, limit: int | None = None, **_: Any
) -> dict[str, Any]:
    from storyline.evaluation.muc4 import shared_path
    from storyline.nlp.model import load_model

    began = time.time()
    folder = Path(data) if data else shared_path("corpora", "conflict_events", "muc4")
    train_docs = _documents(folder / "train.json", limit)
    dev_docs = _documents(folder / "dev.json", None)
    # the analysts' verdicts on incidents (storyline review): training documents
    from storyline.review.rows import figures, labelled, role_documents

    found = labelled("incident")
    reviewed = role_documents(found)
    train_docs += reviewed
    nlp = load_model("en_core_web_sm")
    train_parsed = _parsed(nlp, [d["doctext"] for d in train_docs])
    dev_parsed = _parsed(nlp, [d["doctext"] for d in dev_docs])
    _cands, index, mask, labels = featurise(train_docs, train_parsed)
    weights = fit(index, mask, labels).astype(np.float16)
    relevance = fit_relevance(train_docs, train_parsed).astype(np.float16)
    model = R.RoleModel(
        weights=weights, thresholds=np.zeros(len(R.ROLES), dtype=np.float32), relevance=relevance
    )
    dev_cands = [R.candidates(doc) for doc in dev_parsed]
    dev_probs = [model.scores(c) for c in dev_cands]
    for probs, doc in zip(dev_probs, dev_parsed, strict=True):
        if len(probs):
            probs[:, 1:] *= model.relevant(doc)
    thresholds, caps, result = choose_thresholds(dev_cands, dev_probs, dev_docs)
    target = Path(out) if out else R.MODEL_PATH
    target.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(target, weights=weights, thresholds=thresholds, caps=caps, relevance=relevance)
    return {
        "model": str(target),
        "bytes": target.stat().st_size,
        "train_documents": len(train_docs),
        "review_rows": figures(found, len(reviewed)),
        "train_candidates": int(len(labels)),
        "positives": int((labels > 0).sum()),
        "thresholds": {r: float(thresholds[k]) for k, r in enumerate(R.ROLES) if k},
        "caps": {r: int(caps[k]) for k, r in enumerate(R.ROLES) if k},
        "dev_strict_f1": result["exact"]["micro_avg"]["f1"],
        "dev_head_noun_f1": result["head_noun"]["micro_avg"]["f1"],
        "dev": result["exact"],
        "seconds": round(time.time() - began, 1),
    }
