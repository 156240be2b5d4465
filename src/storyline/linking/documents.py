"""Document clusters: articles grouped by what they report, before their events are linked.

Two reports of one earthquake share names, places, numbers and words that a report of another
earthquake does not ("Indonesia", "Aceh", "7.2" against "Chile", "Concepcion", "8.8"); the
trigger lemma ("quake") is the same in both. Linking events across articles therefore looks
first at which articles are about the same thing: every article of a link run (the pending
ones and those of the stories they could join) becomes a TF-IDF vector of its content words
(title and text; inverse document frequencies from the same articles), the cosine of two
vectors is their similarity, and average-link agglomeration merges articles while the mean
similarity of two groups is at least a threshold (chosen on the ECB+ dev topics by the
trainer, ``doc_threshold`` in ``linking_model.npz``).

The linker uses a cluster as a feature of a mention pair (``same_cluster``, ``lemma_x_cluster``,
:mod:`storyline.linking.features`) and reports each article's cluster; the pairwise cosine is the
feature ``doc_sim``. Numpy only (no scipy at run time): similarities come from an inverted index
of the terms, and clustering works in blocks of at most ``MAX_BLOCK`` articles in publication
order, so memory stays bounded on a large first ingest.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence

import numpy as np

#: Average cosine two groups of articles need to merge, where the model file carries none.
DEFAULT_THRESHOLD = 0.15
#: At most this many articles are clustered together (a similarity matrix of 4,000² floats).
MAX_BLOCK = 4000
#: Terms in more than this share of a block's articles say nothing about what one is about.
MAX_DF_SHARE = 0.5

_TOKEN = re.compile(r"[A-Za-z][A-Za-z'-]+|\d+(?:[.,]\d+)?")


def document_terms(title: str | None, text: str | None) -> Counter[str]:
    """Content-word counts of an article (title and text), stop words and short words left out."""
    from storyline.linking.features import STOP_WORDS

    counts: Counter[str] = Counter()
    for token in _TOKEN.findall(f"{title or ''}\n{text or ''}"):
        word = token.lower().strip("'-")
        if len(word) > 2 and word not in STOP_WORDS:
            counts[word] += 1
    return counts


def similarity_matrix(docs: Sequence[Counter[str]]) -> np.ndarray:
    """Cosine similarities of the documents' TF-IDF vectors (sublinear term frequency, smoothed
    IDF over these documents), from an inverted index: O(sum of squared document frequencies)."""
    n = len(docs)
    sims = np.zeros((n, n), dtype=np.float32)
    if n == 0:
        return sims
    df: Counter[str] = Counter()
    for counts in docs:
        df.update(counts.keys())
    postings: dict[str, tuple[list[int], list[float]]] = {}
    norms = np.zeros(n)
    max_df = max(2, int(MAX_DF_SHARE * n))
    for i, counts in enumerate(docs):
        for word, c in counts.items():
            w = (1.0 + math.log(c)) * math.log((n + 1) / (df[word] + 1) + 1.0)
            norms[i] += w * w
            if 1 < df[word] <= max_df:  # a word of one article adds only to its own norm
                idx, ws = postings.setdefault(word, ([], []))
                idx.append(i)
                ws.append(w)
    norms = np.sqrt(norms)
    norms[norms == 0] = 1.0
    for idx, ws in postings.values():
        ix = np.asarray(idx)
        v = np.asarray(ws, dtype=np.float32) / norms[ix].astype(np.float32)
        sims[np.ix_(ix, ix)] += np.outer(v, v)
    np.fill_diagonal(sims, 1.0)
    return sims


def average_link(sims: np.ndarray, threshold: float) -> list[int]:
    """Average-link agglomerative clustering: merge the two groups of highest mean similarity
    while it is at least ``threshold``. A label (the index of a group's first member) per item.

    Each merge updates one row and re-scans only the rows whose best partner changed, so a block
    of n articles costs about n² operations, not n³.
    """
    n = len(sims)
    labels = np.arange(n)
    if n < 2:
        return labels.tolist()
    sums = np.array(sims, dtype=np.float32)
    sizes = np.ones(n, dtype=np.float32)
    active = np.ones(n, dtype=bool)

    def row(k: int) -> np.ndarray:  # mean similarity of group k to every active group
        r = sums[k] / (sizes[k] * sizes)
        r[~active] = -np.inf
        r[k] = -np.inf
        return r

    np.fill_diagonal(sums, -np.inf)
    best = sums.argmax(axis=1)
    best_v = sums[np.arange(n), best]
    np.fill_diagonal(sums, 0.0)
    while True:
        i = int(np.argmax(np.where(active, best_v, -np.inf)))
        if not active[i] or best_v[i] < threshold:
            break
        j = int(best[i])
        i, j = min(i, j), max(i, j)  # the group keeps its first member's index
        sums[i] += sums[j]
        sums[:, i] = sums[i]
        sizes[i] += sizes[j]
        active[j] = False
        best_v[j] = -np.inf
        labels[labels == j] = i
        new = row(i)
        best[i] = int(new.argmax())
        best_v[i] = new[best[i]]
        for k in np.flatnonzero(active & ((best == i) | (best == j))):
            if k != i:
                r = row(int(k))
                best[k] = int(r.argmax())
                best_v[k] = r[best[k]]
        better = active & (new > best_v)
        best[better] = i
        best_v[better] = new[better]
    return labels.tolist()


def cluster_documents(
    docs: Sequence[Counter[str]], threshold: float = DEFAULT_THRESHOLD, *, block: int = MAX_BLOCK
) -> tuple[list[int], list[np.ndarray]]:
    """A cluster number per document (in the input order, which should be publication order)
    and, per block, the similarity matrix it was clustered with."""
    labels: list[int] = []
    matrices = []
    for start in range(0, len(docs), block):
        sims = similarity_matrix(docs[start : start + block])
        labels.extend(start + lab for lab in average_link(sims, threshold))
        matrices.append(sims)
    return labels, matrices


class DocumentClusters:
    """The clusters and pairwise similarities of one link run's articles."""

    def __init__(self, articles: Sequence[tuple[str, str | None, str | None]], threshold: float):
        """``articles``: (article id, title, text), in publication order."""
        self.ids = [a for a, _, _ in articles]
        self.threshold = threshold
        labels, self._blocks = cluster_documents([document_terms(t, x) for _, t, x in articles], threshold)
        self.cluster_of = {a: f"d{lab}" for a, lab in zip(self.ids, labels, strict=True)}
        self._position = {a: k for k, a in enumerate(self.ids)}

    def similarity(self, a: str, b: str) -> float:
        """TF-IDF cosine of two articles of the run (0 when either is unknown or in another block)."""
        if a == b:
            return 1.0
        i, j = self._position.get(a), self._position.get(b)
        if i is None or j is None or i // MAX_BLOCK != j // MAX_BLOCK:
            return 0.0
        return float(self._blocks[i // MAX_BLOCK][i % MAX_BLOCK, j % MAX_BLOCK])

    def similarities(self, a: Sequence[str], b: Sequence[str]) -> np.ndarray:
        """:meth:`similarity` of each pair ``(a[k], b[k])`` at once, the same values."""
        pa = np.array([self._position.get(x, -1) for x in a], dtype=np.intp)
        pb = np.array([self._position.get(x, -1) for x in b], dtype=np.intp)
        out = np.zeros(len(pa))
        ok = (pa >= 0) & (pb >= 0) & (pa // MAX_BLOCK == pb // MAX_BLOCK)
        for blk in np.unique(pa[ok] // MAX_BLOCK):
            sel = ok & (pa // MAX_BLOCK == blk)
            out[sel] = self._blocks[int(blk)][pa[sel] % MAX_BLOCK, pb[sel] % MAX_BLOCK]
        out[np.array([x == y for x, y in zip(a, b, strict=True)], dtype=bool)] = 1.0
        return out
