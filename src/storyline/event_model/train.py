"""``storyline train events``: fit the event model's heads and write ``data/models/events.npz``.

Each head is a multinomial logistic regression (scikit-learn, the ``train`` extra) over the
hashed features of :mod:`storyline.event_model.features`, fitted on the ``train`` split; the
detection head is calibrated by isotonic regression on ``dev``. Only the weights are saved (npz).
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np

from storyline.event_model.data import Example, counts, gather
from storyline.event_model.features import featurise
from storyline.event_model.model import MODEL_PATH, save_model
from storyline.training import trainer

log = logging.getLogger(__name__)

VERSION = "1"
#: Head -> (label of an example or None, minimum examples per class kept).
MIN_CLASS = 3
C = {"detect": 1.0, "reason": 1.0, "status": 1.0, "plover": 1.0, "cameo": 1.0, "acled": 1.0, "mode": 1.0}


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


def _matrix(feats: list[list[int]], index: dict[int, int]):
    from scipy.sparse import csr_matrix

    indptr, indices = [0], []
    for f in feats:
        indices.extend(index[b] for b in f if b in index)
        indptr.append(len(indices))
    return csr_matrix(
        (np.ones(len(indices), dtype=np.float32), indices, indptr), shape=(len(feats), len(index))
    )


def fit_head(head: str, x, labels: list[str]) -> tuple[np.ndarray, np.ndarray, list[str]] | None:
    from sklearn.linear_model import LogisticRegression

    tally = Counter(labels)
    keep = [i for i, y in enumerate(labels) if tally[y] >= MIN_CLASS]
    classes = sorted({labels[i] for i in keep})
    if len(classes) < 2:
        log.warning("head %s: fewer than two classes, skipped", head)
        return None
    clf = LogisticRegression(C=C[head], max_iter=2000)
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


@trainer("events")
def train(
    out: str | Path | None = None, data: str | Path | None = None, limit: int | None = None, **_: Any
) -> dict[str, Any]:
    from sklearn.isotonic import IsotonicRegression

    started = time.time()
    examples = gather(data, limit=limit)
    gathered = time.time() - started
    feats = [featurise(ex.candidate()) for ex in examples]
    train_ix = [i for i, ex in enumerate(examples) if ex.split == "train"]
    dev_ix = [i for i, ex in enumerate(examples) if ex.split == "dev"]
    rows = np.array(sorted({b for i in train_ix for b in feats[i]}), dtype=np.int64)
    index = {int(b): k for k, b in enumerate(rows)}
    heads: dict[str, tuple[np.ndarray, np.ndarray, list[str]]] = {}
    figures: dict[str, Any] = {"data": counts(examples), "heads": {}}
    for head in C:
        ix = [i for i in train_ix if head_label(head, examples[i]) is not None]
        if not ix:
            continue
        fitted = fit_head(
            head, _matrix([feats[i] for i in ix], index), [head_label(head, examples[i]) or "" for i in ix]
        )
        if fitted is None:
            continue
        heads[head] = fitted
        dix = [i for i in dev_ix if head_label(head, examples[i]) is not None]
        acc = None
        if dix:
            p = _probs(fitted[0], fitted[1], _matrix([feats[i] for i in dix], index))
            pred = [fitted[2][j] for j in p.argmax(axis=1)]
            acc = round(
                float(
                    np.mean([pr == head_label(head, examples[i]) for pr, i in zip(pred, dix, strict=True)])
                ),
                4,
            )
        figures["heads"][head] = {
            "train": len(ix),
            "dev": len(dix),
            "classes": len(fitted[2]),
            "dev_accuracy": acc,
        }
    if "detect" not in heads:
        raise RuntimeError("no detection labels: the event model needs labels/events or labels/event_model")
    w, b, classes = heads["detect"]
    dix = [i for i in dev_ix if examples[i].event is not None]
    cal_x, cal_y = np.array([0.0, 1.0]), np.array([0.0, 1.0])
    if len(dix) >= 30:
        raw = _probs(w, b, _matrix([feats[i] for i in dix], index))[:, classes.index("yes")]
        iso = IsotonicRegression(out_of_bounds="clip", y_min=0.0, y_max=1.0, increasing=True)
        iso.fit(raw, [1.0 if examples[i].event else 0.0 for i in dix])
        cal_x, cal_y = (
            np.asarray(iso.X_thresholds_, dtype=np.float64),
            np.asarray(iso.y_thresholds_, dtype=np.float64),
        )
        # a strictly flat step gives ties; keep the calibrated value inside (0.02, 0.99)
        cal_y = np.clip(cal_y, 0.02, 0.99)
    path = Path(out) if out else MODEL_PATH
    if path.is_dir():
        path = path / "events.npz"
    meta = {
        "version": VERSION,
        "trained": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "examples": len(examples),
        "features": len(rows),
    }
    save_model(path, rows, heads, cal_x, cal_y, meta)
    figures.update(
        {
            "path": str(path),
            "bytes": path.stat().st_size,
            "seconds": round(time.time() - started, 1),
            "gather_seconds": round(gathered, 1),
            "features": len(rows),
        }
    )
    return figures
