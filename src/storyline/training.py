"""``storyline train NAME``: rebuild a shipped model from the label files in the repo (and ../shared).

Each trainer module registers a function with :func:`trainer`; it writes the model artifact (by
default into the package, where the component loads it) and returns a dict of figures (sizes, dev
scores, seconds). Trainer modules are imported only when their model is trained.

Models are loaded through :func:`load_npz`, so a missing or corrupt artifact is one clear error
naming the file and the command that rebuilds it (:class:`ModelFileError`).
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from storyline.registry import Registry, Unavailable

TrainFn = Callable[..., dict[str, Any]]

#: Model name -> module that registers its trainer (one line per model).
TRAINER_MODULES: dict[str, str] = {
    "events": "storyline.event_model.train",
    "roles": "storyline.incidents.train",
    "toponyms": "storyline.places.train",
    "linking": "storyline.linking.train",
}


class ModelFileError(RuntimeError):
    """A shipped model file is missing or unreadable."""

    def __init__(self, path: Path | str, name: str, reason: str = "missing") -> None:
        self.path = Path(path)
        self.name = name
        super().__init__(f"model file {self.path} is {reason}; rebuild it with `storyline train {name}`")


TRAINERS: Registry[TrainFn] = Registry("trainer", TRAINER_MODULES)
_TRAINERS = TRAINERS.items


def trainer(name: str) -> Callable[[TrainFn], TrainFn]:
    """Register ``fn(out=None, data=None, limit=None, **options) -> dict`` as the trainer of ``name``."""
    return TRAINERS.register(name)


def get_trainer(name: str) -> TrainFn:
    """The trainer ``name`` (KeyError if unknown; ModuleNotFoundError if its module is not installed)."""
    try:
        return TRAINERS.get(name)
    except Unavailable as exc:
        raise exc.__cause__ from None  # type: ignore[misc]


def available_trainers() -> list[str]:
    return TRAINERS.names()


def load_npz(path: Path | str, name: str) -> dict[str, np.ndarray]:
    """The arrays of a model artifact, or :class:`ModelFileError` naming it and ``storyline train name``."""
    path = Path(path)
    if not path.is_file():
        raise ModelFileError(path, name, "missing")
    try:
        with np.load(path, allow_pickle=False) as data:
            return {key: data[key] for key in data.files}
    except (OSError, ValueError, EOFError, zipfile.BadZipFile, KeyError) as exc:
        raise ModelFileError(path, name, f"corrupt ({type(exc).__name__})") from exc
