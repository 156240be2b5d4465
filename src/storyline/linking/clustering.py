"""Online clustering of short texts into stories (headlines, ledes), by time and embedding.

The same idea as the event linker, for texts with no event structure: each text, in time
order, joins the most similar story seen within a time window if the cosine similarity of
its embedding to that story's centroid passes a threshold, else starts a story. One pass,
memory bounded by the stories still inside the window.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

import numpy as np

from storyline.linking.embeddings import Embedder, get_embedder


def cluster_texts(
    texts: Sequence[str],
    times: Sequence[datetime],
    *,
    threshold: float = 0.30,
    window: timedelta = timedelta(days=7),
    embedder: Embedder | None = None,
) -> list[int]:
    """A story number per text (in the input order)."""
    embedder = embedder or get_embedder()
    vectors = embedder.encode(list(texts))
    order = sorted(range(len(texts)), key=lambda i: times[i])
    labels = [-1] * len(texts)
    sums: list[np.ndarray] = []
    last_seen: list[datetime] = []
    active: list[int] = []
    for i in order:
        now = times[i]
        active = [s for s in active if now - last_seen[s] <= window]
        best, best_sim = -1, threshold
        if active:
            centroids = np.stack([sums[s] for s in active])
            sims = centroids @ vectors[i] / np.maximum(np.linalg.norm(centroids, axis=1), 1e-9)
            j = int(np.argmax(sims))
            if sims[j] >= best_sim:
                best, best_sim = active[j], float(sims[j])
        if best < 0:
            best = len(sums)
            sums.append(np.zeros_like(vectors[i]))
            last_seen.append(now)
            active.append(best)
        sums[best] = sums[best] + vectors[i]
        last_seen[best] = max(last_seen[best], now)
        labels[i] = best
    return labels
