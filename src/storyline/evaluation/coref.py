"""Coreference metrics: MUC, B-cubed, CEAF-e and their mean, CoNLL F1.

Clusterings are dicts mention -> cluster id, over the same mention set (the evaluation
restricts key and response to mentions both sides have, as in gold-mention setups).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Mapping

import numpy as np
from scipy.optimize import linear_sum_assignment

Clustering = Mapping[Hashable, Hashable]


def _clusters(assign: Clustering) -> list[set]:
    groups: dict[Hashable, set] = defaultdict(set)
    for mention, cluster in assign.items():
        groups[cluster].add(mention)
    return list(groups.values())


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def _muc_recall(key: list[set], response: Clustering) -> float:
    num = den = 0
    for cluster in key:
        partitions = {response.get(m, ("singleton", m)) for m in cluster}
        num += len(cluster) - len(partitions)
        den += len(cluster) - 1
    return num / den if den else 0.0


def muc(key: Clustering, response: Clustering) -> dict[str, float]:
    r = _muc_recall(_clusters(key), response)
    p = _muc_recall(_clusters(response), key)
    return {"precision": p, "recall": r, "f1": _f1(p, r)}


def b_cubed(key: Clustering, response: Clustering) -> dict[str, float]:
    key_sets = {m: c for c in _clusters(key) for m in c}
    resp_sets = {m: c for c in _clusters(response) for m in c}
    mentions = list(key_sets)
    if not mentions:
        return {"precision": 0.0, "recall": 0.0, "f1": 0.0}
    p = sum(len(key_sets[m] & resp_sets[m]) / len(resp_sets[m]) for m in mentions) / len(mentions)
    r = sum(len(key_sets[m] & resp_sets[m]) / len(key_sets[m]) for m in mentions) / len(mentions)
    return {"precision": p, "recall": r, "f1": _f1(p, r)}


def ceaf_e(key: Clustering, response: Clustering) -> dict[str, float]:
    k, s = _clusters(key), _clusters(response)
    if not k or not s:
        return {"precision": 0.0, "recall": 0.0, "f1": 0.0}
    sim = np.array([[2 * len(a & b) / (len(a) + len(b)) for b in s] for a in k])
    rows, cols = linear_sum_assignment(-sim)
    total = float(sim[rows, cols].sum())
    p, r = total / len(s), total / len(k)
    return {"precision": p, "recall": r, "f1": _f1(p, r)}


def conll(key: Clustering, response: Clustering) -> dict[str, dict[str, float] | float]:
    scores = {"muc": muc(key, response), "b3": b_cubed(key, response), "ceaf_e": ceaf_e(key, response)}
    rounded = {name: {k: round(v, 4) for k, v in s.items()} for name, s in scores.items()}
    return {**rounded, "conll_f1": round(sum(s["f1"] for s in scores.values()) / 3, 4)}
