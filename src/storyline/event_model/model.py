"""The shipped event model: linear heads over hashed features, one npz, no pickle.

``events.npz`` holds ``rows`` (the feature buckets seen in training, sorted) and per head
``<head>__W`` (rows x classes, float16), ``<head>__b`` and ``<head>__classes``; ``cal_x``/``cal_y``
map the detection head's probability to a calibrated confidence (isotonic fit on dev).
Rebuild it with ``storyline train events``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from storyline.event_model.embed import StaticVectors
from storyline.event_model.features import Candidate, featurise
from storyline.training import ModelFileError, load_npz

MODEL_NAME = "events"
MODEL_PATH = Path(__file__).resolve().parents[1] / "data" / "models" / "events.npz"
HEADS = ("detect", "reason", "status", "plover", "cameo", "acled", "mode")
#: PLOVER 2021-draft type -> the POLECAT 16-type Storyline's ``plover_type`` holds.
TO_POLECAT = {"DEMAND": "REQUEST", "INVESTIGATE": "ACCUSE", "DISAPPROVE": "ACCUSE", "FIGHT": "ASSAULT"}


@dataclass
class HeadOutput:
    label: str
    score: float
    probs: dict[str, float]


@dataclass
class Prediction:
    event: float  # calibrated probability that the candidate is a real event
    raw_event: float
    heads: dict[str, HeadOutput]


class EventModel:
    def __init__(self, arrays: dict[str, np.ndarray], path: Path):
        self.path = path
        try:
            self.rows = arrays["rows"].astype(np.int64)
            self.heads: dict[str, tuple[np.ndarray, np.ndarray, list[str]]] = {}
            for head in HEADS:
                if f"{head}__W" in arrays:
                    self.heads[head] = (
                        arrays[f"{head}__W"].astype(np.float32),
                        arrays[f"{head}__b"].astype(np.float32),
                        [str(c) for c in arrays[f"{head}__classes"]],
                    )
            self.dense_w: dict[str, np.ndarray] = {
                head: arrays[f"{head}__Wd"].astype(np.float32)
                for head in self.heads
                if f"{head}__Wd" in arrays
            }
            self.vectors = (
                StaticVectors([str(w) for w in arrays["vocab"]], arrays["vectors"])
                if "vocab" in arrays
                else None
            )
            self.cal_x = arrays["cal_x"].astype(np.float64)
            self.cal_y = arrays["cal_y"].astype(np.float64)
            self.meta: dict[str, Any] = json.loads(str(arrays["meta"]))
        except (KeyError, ValueError) as exc:
            raise ModelFileError(path, MODEL_NAME, f"corrupt ({type(exc).__name__}: {exc})") from exc
        if "detect" not in self.heads:
            raise ModelFileError(path, MODEL_NAME, "corrupt (no detect head)")
        for head, (w, b, classes) in self.heads.items():
            if w.shape != (len(self.rows), len(classes)) or b.shape != (len(classes),):
                raise ModelFileError(path, MODEL_NAME, f"corrupt (head {head} has the wrong shape)")

    @property
    def name(self) -> str:
        return f"event_model:{self.meta.get('version', '?')}"

    def active_rows(self, cands: list[Candidate]) -> list[np.ndarray]:
        """Per candidate, the rows of its features the model has weights for."""
        out = []
        for cand in cands:
            feats = np.asarray(featurise(cand), dtype=np.int64)
            found = np.searchsorted(self.rows, feats)
            ok = found < len(self.rows)
            found, feats = found[ok], feats[ok]
            out.append(found[self.rows[found] == feats])
        return out

    def head_probs(self, head: str, active: list[np.ndarray], dense: np.ndarray | None = None) -> np.ndarray:
        """Softmax of each candidate's summed feature weights (binary features: a row sum) plus
        its dense features times the head's dense weights."""
        w, b, _ = self.heads[head]
        z = np.stack([w[rows].sum(axis=0) for rows in active]) + b
        if dense is not None and head in self.dense_w:
            z = z + dense @ self.dense_w[head]
        z -= z.max(axis=1, keepdims=True)
        e = np.exp(z)
        return e / e.sum(axis=1, keepdims=True)

    def calibrate(self, p: np.ndarray) -> np.ndarray:
        return np.interp(p, self.cal_x, self.cal_y)

    def predict(self, cands: list[Candidate]) -> list[Prediction]:
        if not cands:
            return []
        active = self.active_rows(cands)
        dense = self.vectors.dense_many(cands) if self.vectors is not None else None
        outs: dict[str, np.ndarray] = {head: self.head_probs(head, active, dense) for head in self.heads}
        det_classes = self.heads["detect"][2]
        raw = outs["detect"][:, det_classes.index("yes")]
        cal = self.calibrate(raw)
        preds = []
        for i in range(len(cands)):
            heads = {}
            for head, probs in outs.items():
                classes = self.heads[head][2]
                j = int(np.argmax(probs[i]))
                heads[head] = HeadOutput(
                    classes[j], float(probs[i, j]), dict(zip(classes, probs[i].tolist(), strict=True))
                )
            preds.append(Prediction(float(cal[i]), float(raw[i]), heads))
        return preds


@lru_cache(maxsize=4)
def load_model(path: str | None = None) -> EventModel:
    """The event model at ``path`` (default: the shipped one); ModelFileError names the file and
    ``storyline train events`` when it is missing or corrupt."""
    where = Path(path) if path else MODEL_PATH
    return EventModel(load_npz(where, MODEL_NAME), where)


def save_model(
    path: Path,
    rows: np.ndarray,
    heads: dict[str, tuple[np.ndarray, np.ndarray, list[str]]],
    cal_x: np.ndarray,
    cal_y: np.ndarray,
    meta: dict[str, Any],
    dense: dict[str, np.ndarray] | None = None,
    vocab: list[str] | None = None,
    vectors: np.ndarray | None = None,
) -> None:
    arrays: dict[str, np.ndarray] = {
        "rows": rows.astype(np.int32),
        "cal_x": cal_x.astype(np.float32),
        "cal_y": cal_y.astype(np.float32),
        "meta": np.array(json.dumps(meta)),
    }
    for head, (w, b, classes) in heads.items():
        arrays[f"{head}__W"] = w.astype(np.float16)
        arrays[f"{head}__b"] = b.astype(np.float32)
        arrays[f"{head}__classes"] = np.array(classes)
        if dense and head in dense:
            arrays[f"{head}__Wd"] = dense[head].astype(np.float32)
    if vocab is not None and vectors is not None:
        arrays["vocab"] = np.array(vocab)
        arrays["vectors"] = vectors.astype(np.float16)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp.npz")
    np.savez_compressed(tmp, **arrays)  # type: ignore[arg-type]
    tmp.replace(path)
    load_model.cache_clear()
