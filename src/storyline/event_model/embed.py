"""Static word vectors distilled from all-MiniLM-L6-v2, for the event model's dense features.

``storyline train events`` embeds each vocabulary word on its own with MiniLM (the
``embeddings`` extra), reduces the vectors to ``DIMS`` by PCA and stores them, float16, in the
model file: at run time a word's vector is one dictionary look-up (no transformer runs), so the
model reads "warplanes" near "jets" and "aircraft" without having seen it in training.

The dense features of a candidate are three unit-normalised means: the sentence's words, the
trigger word(s), and the words within ``WINDOW`` of the trigger.
"""

from __future__ import annotations

import os
import re
import tarfile
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

import numpy as np

from storyline.event_model.features import Candidate

DIMS = 64
WINDOW = 3
BLOCKS = 3
_WORD = re.compile(r"[a-z][a-z'-]*[a-z]|[a-z]")


def words_of(text: str) -> list[tuple[str, int, int]]:
    return [(m.group(0), m.start(), m.end()) for m in _WORD.finditer(text.lower())]


class StaticVectors:
    def __init__(self, vocab: Iterable[str], vectors: np.ndarray):
        self.vectors = vectors.astype(np.float32)
        self.index = {w: i for i, w in enumerate(vocab)}
        self.dims = self.vectors.shape[1]

    def _mean(self, ids: list[int]) -> np.ndarray:
        if not ids:
            return np.zeros(self.dims, dtype=np.float32)
        v = self.vectors[ids].mean(axis=0)
        n = float(np.linalg.norm(v))
        return v / n if n > 0 else v

    def dense(self, c: Candidate) -> np.ndarray:
        words = words_of(c.text)
        ids = [self.index.get(w, -1) for w, _, _ in words]
        sentence = [i for i in ids if i >= 0]
        trig: list[int] = []
        window: list[int] = []
        if c.trigger is not None:
            t0, t1 = c.trigger
            inside = [k for k, (_, s, e) in enumerate(words) if s < t1 and e > t0]
            if inside:
                trig = [ids[k] for k in inside if ids[k] >= 0]
                lo, hi = max(0, inside[0] - WINDOW), min(len(words), inside[-1] + WINDOW + 1)
                window = [ids[k] for k in range(lo, hi) if ids[k] >= 0 and k not in inside]
        return np.concatenate([self._mean(sentence), self._mean(trig), self._mean(window)])

    def dense_many(self, cands: list[Candidate]) -> np.ndarray:
        if not cands:
            return np.zeros((0, self.dims * BLOCKS), dtype=np.float32)
        return np.stack([self.dense(c) for c in cands])


def corpus_vocabulary(shared: Path | None, texts: Iterable[str], size: int = 24_000) -> list[str]:
    """The training texts' words plus the most frequent words of the BBC news corpus (if present)."""
    counts: Counter = Counter()
    own: set[str] = set()
    for text in texts:
        own.update(w for w, _, _ in words_of(text))
    if shared is not None:
        path = shared / "corpora" / "bbc_news_2225" / "bbc_fulltext_2225.tar.gz"
        if path.is_file():
            with tarfile.open(path) as tar:
                for member in tar:
                    if member.isfile() and member.name.endswith(".txt"):
                        handle = tar.extractfile(member)
                        if handle is not None:
                            counts.update(w for w, _, _ in words_of(handle.read().decode("utf-8", "replace")))
    frequent = [w for w, n in counts.most_common(size) if n >= 3]
    return sorted(own | set(frequent))


CACHE = Path(os.environ.get("STORYLINE_CACHE", Path.home() / ".cache" / "storyline")) / "minilm_words.npz"


def word_embeddings(vocab: list[str], embedder_class) -> np.ndarray:
    """MiniLM vectors of single words; words embedded before are read from a local cache (a
    retrain with the same vocabulary skips the transformer)."""
    cached: dict[str, np.ndarray] = {}
    if CACHE.is_file():
        try:
            with np.load(CACHE, allow_pickle=False) as data:
                cached = dict(zip((str(w) for w in data["words"]), data["vectors"], strict=True))
        except (OSError, ValueError, KeyError):
            cached = {}
    missing = [w for w in vocab if w not in cached]
    if missing:
        embedder = embedder_class()
        for i in range(0, len(missing), 1024):
            chunk = missing[i : i + 1024]
            cached.update(zip(chunk, embedder.encode(chunk), strict=True))
        try:
            CACHE.parent.mkdir(parents=True, exist_ok=True)
            words = sorted(cached)
            np.savez(
                CACHE, words=np.array(words), vectors=np.stack([cached[w] for w in words]).astype(np.float16)
            )
        except OSError:
            pass
    return np.stack([np.asarray(cached[w], dtype=np.float32) for w in vocab])


def distill(vocab: list[str], dims: int = DIMS) -> np.ndarray:
    """MiniLM vectors of each word alone, PCA-reduced to ``dims`` (rows unit-normalised)."""
    from storyline.linking.embeddings import MiniLMEmbedder

    raw = word_embeddings(vocab, MiniLMEmbedder)
    mean = raw.mean(axis=0)
    centred = raw - mean
    _, _, vt = np.linalg.svd(centred[:: max(1, len(vocab) // 8000)], full_matrices=False)
    reduced = centred @ vt[:dims].T
    norms = np.linalg.norm(reduced, axis=1, keepdims=True)
    return (reduced / np.maximum(norms, 1e-6)).astype(np.float32)
