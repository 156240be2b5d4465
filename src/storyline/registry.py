"""The one registry: pipeline components, eval tasks and trainers register by name with it.

A registry maps names to objects registered with a decorator, and knows which module registers
each built-in name, so a module is imported only when its name is first asked for::

    TASKS: Registry[EvalFn] = Registry("eval task", {"geo": "storyline.evaluation.geo"})

    @TASKS.register("geo")
    def evaluate(...): ...

    TASKS.get("geo")   # imports storyline.evaluation.geo once, then returns evaluate
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")


class Unavailable(KeyError):
    """A built-in name whose module is not installed (the ModuleNotFoundError is its cause)."""


class Registry(Generic[T]):
    def __init__(self, kind: str, modules: dict[str, str]) -> None:
        self.kind = kind
        #: Built-in name -> module that registers it (callers may add entries).
        self.modules = modules
        #: Name -> registered object.
        self.items: dict[str, T] = {}

    def register(self, name: str) -> Callable[[T], T]:
        def register(obj: T) -> T:
            self.items[name] = obj
            return obj

        return register

    def load(self, name: str) -> None:
        """Import the module that registers ``name`` (Unavailable if that module is missing)."""
        if name in self.items or name not in self.modules:
            return
        module = self.modules[name]
        try:
            importlib.import_module(module)
        except ModuleNotFoundError as exc:
            if exc.name != module:
                raise
            raise Unavailable(f"{self.kind} {name!r}: module {module} is not installed") from exc

    def get(self, name: str) -> T:
        """The object registered as ``name`` (KeyError if none; Unavailable if its module is missing)."""
        self.load(name)
        if name not in self.items:
            raise KeyError(name)
        return self.items[name]

    def names(self) -> list[str]:
        return sorted(self.modules)

    def known(self) -> list[str]:
        return sorted(set(self.items) | set(self.modules))
