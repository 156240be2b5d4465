"""``storyline eval TASK``: precision/recall/F1 of each stage on labelled data.

Each task module registers a function with :func:`eval_task`; it returns a dict of
metrics (and may print tables). Task modules are imported only when their task runs.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

EvalFn = Callable[..., dict[str, Any]]

_TASKS: dict[str, EvalFn] = {}

#: Task name -> module that registers it.
TASK_MODULES: dict[str, str] = {
    "extraction": "storyline.evaluation.extraction",
    "muc4": "storyline.evaluation.muc4",
    "india-police": "storyline.evaluation.india_police",
    "petrarch": "storyline.evaluation.petrarch",
    "plover": "storyline.evaluation.plover",
    "geo": "storyline.evaluation.geo",
    "quotes": "storyline.evaluation.quotes",
    "linking": "storyline.evaluation.linking",
    "stories": "storyline.evaluation.stories",
    "time": "storyline.evaluation.time_quantities",
    "quantities": "storyline.evaluation.time_quantities",
    "events": "storyline.evaluation.events",
    "incidents": "storyline.evaluation.incidents",
    "actors": "storyline.evaluation.actors",
}


def eval_task(name: str) -> Callable[[EvalFn], EvalFn]:
    def register(fn: EvalFn) -> EvalFn:
        _TASKS[name] = fn
        return fn

    return register


def get_task(name: str) -> EvalFn:
    if name not in _TASKS and name in TASK_MODULES:
        importlib.import_module(TASK_MODULES[name])
    if name not in _TASKS:
        raise KeyError(name)
    return _TASKS[name]


def available_tasks() -> list[str]:
    return sorted(TASK_MODULES)
