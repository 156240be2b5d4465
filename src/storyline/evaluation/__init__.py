"""``storyline eval TASK``: precision/recall/F1 of each stage on labelled data.

Each task module registers a function with :func:`eval_task`; it returns a dict of
metrics (and may print tables). Task modules are imported only when their task runs.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from storyline.registry import Registry, Unavailable

EvalFn = Callable[..., dict[str, Any]]

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


TASKS: Registry[EvalFn] = Registry("eval task", TASK_MODULES)
_TASKS = TASKS.items


def eval_task(name: str) -> Callable[[EvalFn], EvalFn]:
    return TASKS.register(name)


def get_task(name: str) -> EvalFn:
    """The task ``name`` (KeyError if unknown; ModuleNotFoundError if its module is not installed)."""
    try:
        return TASKS.get(name)
    except Unavailable as exc:
        raise exc.__cause__ from None  # type: ignore[misc]


def available_tasks() -> list[str]:
    return TASKS.names()
