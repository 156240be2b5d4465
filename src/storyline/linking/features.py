"""Pairwise features of two event mentions and the learned link model that scores them.

Every feature is read from what the store keeps of an event (its stored row) plus two sentence
embeddings: the mention's sentence and its article's lead (title and first sentences). The
same function feeds ``storyline train linking`` and the online linker, so training and use
cannot drift apart.

Features (all in [0, 1] or {0, 1}):

* ``cos`` — cosine of the two sentence embeddings; ``doc_cos`` — of the two article leads;
* ``lemma`` — same trigger lemma; ``lemma_x_doc`` / ``lemma_x_cos`` — the same, weighted by
  context similarity (the same word in a different story is the classic same-lemma error);
* ``type_same`` / ``type_diff`` — PLOVER types known on both sides, equal / different;
  ``cameo_same`` — same CAMEO root; ``quad_same`` — same QuadClass;
* ``actor_agree`` / ``actor_conflict`` — known actors (country or name) shared / disjoint;
* ``place_near`` / ``place_far`` — both located, within 100 km / precisely located > 250 km apart;
* ``date_same`` / ``date_far`` / ``date_unknown`` — own event dates equal, > 3 days apart, or
  missing on a side;
* ``args`` — Jaccard overlap of the content words of the two sentences (the arguments: who,
  whom, where), trigger left out; ``same_doc`` — both in one article;
* ``doc_sim`` — TF-IDF cosine of the two whole articles; ``same_cluster`` — both articles in
  one document cluster of the link run (:mod:`storyline.linking.documents`), and
  ``lemma_x_cluster`` — the same trigger lemma there (same lemma within a topic is what the
  ECB+ oracle baseline shows to be worth most).

The model is a logistic regression (``linking_model.npz``: feature names, weights, bias, the
clustering threshold chosen on the ECB+ dev topics and the embedder it was trained with).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from storyline.lang import words
from storyline.linking.documents import DEFAULT_THRESHOLD as DEFAULT_DOC_THRESHOLD
from storyline.training import load_npz

MODEL_PATH = Path(__file__).with_name("linking_model.npz")

FEATURES = (
    "cos",
    "doc_cos",
    "lemma",
    "lemma_x_doc",
    "lemma_x_cos",
    "type_same",
    "type_diff",
    "cameo_same",
    "quad_same",
    "actor_agree",
    "actor_conflict",
    "place_near",
    "place_far",
    "date_same",
    "date_far",
    "date_unknown",
    "args",
    "same_doc",
    "doc_sim",
    "same_cluster",
    "lemma_x_cluster",
)

_WORD = re.compile(r"[A-Za-z][A-Za-z'-]+|\d+")
#: Words that say nothing about who, whom, where or what an article is about.
STOP_WORDS = words("linking_stop_words")


def content_words(text: str, skip: str | None = None) -> frozenset[str]:
    skip_l = (skip or "").lower()
    return frozenset(
        w
        for w in (t.lower() for t in _WORD.findall(text))
        if w not in STOP_WORDS and w != skip_l and len(w) > 2
    )


@dataclass
class PairSide:
    """What a feature needs of one mention (built from a stored event row)."""

    uid: str
    article_id: str
    lemma: str | None
    plover_type: str | None
    cameo_root: str | None
    quad_class: int | None
    actors: tuple[str | None, str | None, str | None, str | None]  # a1 country, a1 name, a2 country, a2 name
    event_date: date | None
    lat: float | None
    lon: float | None
    precise: bool
    words: frozenset[str]
    emb: np.ndarray
    doc_emb: np.ndarray
    #: The article's document cluster in this link run (:mod:`storyline.linking.documents`),
    #: and the run's clusters, which know the TF-IDF cosine of any two of its articles.
    cluster: str | None = None
    docs: Any = None


def _haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    from storyline.linking.stories import haversine_km

    return haversine_km(lat1, lon1, lat2, lon2)


def _actor_keys(side: PairSide) -> set[str]:
    c1, n1, c2, n2 = side.actors
    return {k.lower() for k in (c1, n1, c2, n2) if k}


def hard_conflict(a: PairSide, b: PairSide, max_km: float = 250.0) -> bool:
    """Two mentions that cannot be one incident: disjoint full dyads, or precise places far apart."""
    da = (a.actors[0], a.actors[2])
    db = (b.actors[0], b.actors[2])
    if all(da) and all(db) and not set(da) & set(db):
        return True
    if a.lat is not None and b.lat is not None and a.precise and b.precise:
        return _haversine_km(a.lat, a.lon, b.lat, b.lon) > max_km  # type: ignore[arg-type]
    return False


def pair_features(a: PairSide, b: PairSide) -> np.ndarray:
    cos = max(0.0, float(a.emb @ b.emb))
    doc_cos = max(0.0, float(a.doc_emb @ b.doc_emb))
    lemma = 1.0 if a.lemma and a.lemma == b.lemma else 0.0
    both_type = bool(a.plover_type and b.plover_type)
    ka, kb = _actor_keys(a), _actor_keys(b)
    actor_agree = 1.0 if ka & kb else 0.0
    actor_conflict = 1.0 if ka and kb and not ka & kb else 0.0
    place_near = place_far = 0.0
    if a.lat is not None and b.lat is not None:
        km = _haversine_km(a.lat, a.lon, b.lat, b.lon)  # type: ignore[arg-type]
        place_near = 1.0 if km <= 100 else 0.0
        place_far = 1.0 if km > 250 and a.precise and b.precise else 0.0
    date_same = date_far = 0.0
    date_unknown = 1.0
    if a.event_date and b.event_date:
        date_unknown = 0.0
        days = abs((a.event_date - b.event_date).days)
        date_same = 1.0 if days == 0 else 0.0
        date_far = 1.0 if days > 3 else 0.0
    union = a.words | b.words
    args = len(a.words & b.words) / len(union) if union else 0.0
    doc_sim = (
        a.docs.similarity(a.article_id, b.article_id) if a.docs is not None and a.docs is b.docs else 0.0
    )
    same_cluster = 1.0 if a.cluster is not None and a.cluster == b.cluster else 0.0
    return np.array(
        [
            cos,
            doc_cos,
            lemma,
            lemma * doc_cos,
            lemma * cos,
            1.0 if both_type and a.plover_type == b.plover_type else 0.0,
            1.0 if both_type and a.plover_type != b.plover_type else 0.0,
            1.0 if a.cameo_root and a.cameo_root == b.cameo_root else 0.0,
            1.0 if a.quad_class is not None and a.quad_class == b.quad_class else 0.0,
            actor_agree,
            actor_conflict,
            place_near,
            place_far,
            date_same,
            date_far,
            date_unknown,
            args,
            1.0 if a.article_id == b.article_id else 0.0,
            doc_sim,
            same_cluster,
            lemma * same_cluster,
        ],
        dtype=np.float64,
    )


def _codes(values: list[Any]) -> np.ndarray:
    """An integer per value, equal for equal values; -1 for a missing one (``None``)."""
    table: dict[Any, int] = {}
    return np.array([-1 if v is None else table.setdefault(v, len(table)) for v in values], dtype=np.int64)


def _same(codes: np.ndarray, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    return ((codes[i] >= 0) & (codes[i] == codes[j])).astype(np.float64)


#: Pairs whose embedding products are computed at once (bounds memory: 16k x 384 floats a side).
_CHUNK = 16384


def pair_feature_matrix(sides: list[PairSide], left: Any, right: Any) -> np.ndarray:
    """:func:`pair_features` of the pairs ``(sides[left[k]], sides[right[k]])``, one row each, with
    the per-mention work done once per mention and the pair arithmetic in numpy (the trainers'
    hundreds of thousands of pairs). The same values as :func:`pair_features` (cosines to float
    rounding: the dot products are summed in another order)."""
    i = np.asarray(left, dtype=np.intp)
    j = np.asarray(right, dtype=np.intp)
    out = np.zeros((len(i), len(FEATURES)))
    if len(i) == 0:
        return out
    col = {name: k for k, name in enumerate(FEATURES)}
    emb = np.stack([s.emb for s in sides])
    doc_emb = np.stack([s.doc_emb for s in sides])
    cos, doc_cos = np.empty(len(i)), np.empty(len(i))
    for k in range(0, len(i), _CHUNK):
        a, b = i[k : k + _CHUNK], j[k : k + _CHUNK]
        cos[k : k + _CHUNK] = np.einsum("ij,ij->i", emb[a], emb[b])
        doc_cos[k : k + _CHUNK] = np.einsum("ij,ij->i", doc_emb[a], doc_emb[b])
    cos, doc_cos = np.maximum(0.0, cos), np.maximum(0.0, doc_cos)
    lemma = _same(_codes([s.lemma or None for s in sides]), i, j)
    plover = _codes([s.plover_type or None for s in sides])
    both_type = (plover[i] >= 0) & (plover[j] >= 0)
    cluster = _codes([s.cluster for s in sides])
    out[:, col["cos"]] = cos
    out[:, col["doc_cos"]] = doc_cos
    out[:, col["lemma"]] = lemma
    out[:, col["lemma_x_doc"]] = lemma * doc_cos
    out[:, col["lemma_x_cos"]] = lemma * cos
    out[:, col["type_same"]] = both_type & (plover[i] == plover[j])
    out[:, col["type_diff"]] = both_type & (plover[i] != plover[j])
    out[:, col["cameo_same"]] = _same(_codes([s.cameo_root or None for s in sides]), i, j)
    out[:, col["quad_same"]] = _same(_codes([s.quad_class for s in sides]), i, j)
    # Actors and places: rare on a side, so the few pairs that have them on both go one by one.
    keys = [_actor_keys(s) for s in sides]
    has_keys = np.array([bool(k) for k in keys])
    for k in np.flatnonzero(has_keys[i] & has_keys[j]):
        shared = bool(keys[i[k]] & keys[j[k]])
        out[k, col["actor_agree"]] = 1.0 if shared else 0.0
        out[k, col["actor_conflict"]] = 0.0 if shared else 1.0
    located = np.array([s.lat is not None for s in sides])
    for k in np.flatnonzero(located[i] & located[j]):
        a, b = sides[i[k]], sides[j[k]]
        km = _haversine_km(a.lat, a.lon, b.lat, b.lon)  # type: ignore[arg-type]
        out[k, col["place_near"]] = 1.0 if km <= 100 else 0.0
        out[k, col["place_far"]] = 1.0 if km > 250 and a.precise and b.precise else 0.0
    day = np.array([s.event_date.toordinal() if s.event_date else -1 for s in sides], dtype=np.int64)
    dated = (day[i] >= 0) & (day[j] >= 0)
    days = np.abs(day[i] - day[j])
    out[:, col["date_same"]] = dated & (days == 0)
    out[:, col["date_far"]] = dated & (days > 3)
    out[:, col["date_unknown"]] = ~dated
    sizes = np.array([len(s.words) for s in sides], dtype=np.int64)
    inter = np.array(
        [len(sides[a].words & sides[b].words) for a, b in zip(i, j, strict=True)], dtype=np.int64
    )
    union = sizes[i] + sizes[j] - inter
    out[:, col["args"]] = np.divide(inter, union, out=np.zeros(len(i)), where=union > 0)
    article = np.array([s.article_id for s in sides], dtype=object)
    out[:, col["same_doc"]] = _same(_codes(list(article)), i, j)
    run = _codes([None if s.docs is None else id(s.docs) for s in sides])
    shared_run = (run[i] >= 0) & (run[i] == run[j])
    for r in np.unique(run[i][shared_run]):
        sel = shared_run & (run[i] == r)
        docs = sides[int(i[np.argmax(sel)])].docs
        out[sel, col["doc_sim"]] = docs.similarities(list(article[i[sel]]), list(article[j[sel]]))
    same_cluster = _same(cluster, i, j)
    out[:, col["same_cluster"]] = same_cluster
    out[:, col["lemma_x_cluster"]] = lemma * same_cluster
    return out


@dataclass
class LinkModel:
    weights: np.ndarray
    bias: float
    threshold: float
    strong_threshold: float
    embedder: str
    mean: np.ndarray
    scale: np.ndarray
    #: Document clusters' merge threshold (:mod:`storyline.linking.documents`), chosen on ECB+ train.
    doc_threshold: float = DEFAULT_DOC_THRESHOLD

    def prob(self, x: np.ndarray) -> np.ndarray:
        z = ((np.atleast_2d(x) - self.mean) / self.scale) @ self.weights + self.bias
        return 1.0 / (1.0 + np.exp(-z))

    def to_arrays(self) -> dict[str, Any]:
        return {
            "features": np.array(FEATURES),
            "weights": self.weights,
            "bias": np.array(self.bias),
            "threshold": np.array(self.threshold),
            "strong_threshold": np.array(self.strong_threshold),
            "embedder": np.array(self.embedder),
            "mean": self.mean,
            "scale": self.scale,
            "doc_threshold": np.array(self.doc_threshold),
        }


def fit_logistic(
    x: np.ndarray, y: np.ndarray, *, l2: float = 1.0, iterations: int = 50
) -> tuple[np.ndarray, float, np.ndarray, np.ndarray]:
    """L2-regularised logistic regression by Newton's method, on standardised features."""
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale == 0] = 1.0
    z = (x - mean) / scale
    z1 = np.hstack([z, np.ones((len(z), 1))])
    # Balance the classes: coreferent pairs are rare.
    pos = max(1.0, float(y.sum()))
    neg = max(1.0, float(len(y) - y.sum()))
    sample_w = np.where(y > 0, len(y) / (2 * pos), len(y) / (2 * neg))
    w = np.zeros(z1.shape[1])
    reg = np.full(z1.shape[1], l2)
    reg[-1] = 0.0
    for _ in range(iterations):
        p = 1.0 / (1.0 + np.exp(-(z1 @ w)))
        grad = z1.T @ (sample_w * (p - y)) + reg * w
        hess = (z1 * (sample_w * p * (1 - p))[:, None]).T @ z1 + np.diag(reg)
        step = np.linalg.solve(hess, grad)
        w -= step
        if float(np.abs(step).max()) < 1e-6:
            break
    return w[:-1], float(w[-1]), mean, scale


class HeuristicModel(LinkModel):
    """Hand-set weights over the same features, for an embedder the learned model was not trained
    with (the hashing fallback): 0.45 cosine + 0.20 actors + 0.15 type + 0.10 place + 0.10 date."""

    def __init__(self) -> None:
        n = len(FEATURES)
        super().__init__(
            weights=np.zeros(n),
            bias=0.0,
            threshold=0.5,
            strong_threshold=0.6,
            embedder="any",
            mean=np.zeros(n),
            scale=np.ones(n),
        )

    def prob(self, x: np.ndarray) -> np.ndarray:
        f = {name: np.atleast_2d(x)[:, k] for k, name in enumerate(FEATURES)}
        actors = np.where(f["actor_agree"] > 0, 1.0, np.where(f["actor_conflict"] > 0, 0.2, 0.5))
        kind = np.maximum.reduce([f["lemma"], f["type_same"], 0.9 * f["cameo_same"], 0.5 * f["quad_same"]])
        place = np.where(f["place_near"] > 0, 1.0, np.where(f["place_far"] > 0, 0.0, 0.5))
        when = np.where(
            f["date_unknown"] > 0,
            0.5,
            np.where(f["date_same"] > 0, 1.0, np.where(f["date_far"] > 0, 0.0, 0.5)),
        )
        return 0.45 * f["cos"] + 0.2 * actors + 0.15 * kind + 0.1 * place + 0.1 * when


@lru_cache(maxsize=4)
def load_model(path: str | None = None) -> LinkModel:
    arrays = load_npz(path or MODEL_PATH, "linking")
    names = tuple(str(n) for n in arrays["features"])
    if names != FEATURES:
        from storyline.training import ModelFileError

        raise ModelFileError(path or MODEL_PATH, "linking", "built for other features")
    return LinkModel(
        weights=arrays["weights"],
        bias=float(arrays["bias"]),
        threshold=float(arrays["threshold"]),
        strong_threshold=float(arrays["strong_threshold"]),
        embedder=str(arrays["embedder"]),
        mean=arrays["mean"],
        scale=arrays["scale"],
        doc_threshold=float(arrays["doc_threshold"]) if "doc_threshold" in arrays else DEFAULT_DOC_THRESHOLD,
    )
