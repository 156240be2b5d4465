"""JSON field mapping: read records whose keys are not ours (``--text-field full_text`` ...).

``storyline ingest data.jsonl --text-field full_text --date-field date --url-field url`` reads
IndiaPoliceEvents-style records as they are. The mapping renames the given keys onto the
reader's own (``text``, ``published``, ``url``, ``title``, ``outlet``, ``authors``) before the
record is read, for JSON Lines and JSON files alike.

It is set for the duration of a run with :func:`use_fields` (a context variable, so the readers'
signatures stay as they are and worker threads started inside inherit nothing by accident).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class FieldMap:
    text: str | None = None
    html: str | None = None
    title: str | None = None
    published: str | None = None
    url: str | None = None
    outlet: str | None = None
    authors: str | None = None

    def __bool__(self) -> bool:
        return any(getattr(self, name) for name in self.__dataclass_fields__)

    def apply(self, record: Any) -> Any:
        """``record`` with the mapped keys copied onto ours (a missing mapped key is left alone)."""
        if not isinstance(record, dict) or not self:
            return record
        mapped = dict(record)
        for ours in self.__dataclass_fields__:
            theirs = getattr(self, ours)
            if theirs and theirs in record:
                mapped[ours] = record[theirs]  # our key is the reader's first choice
        return mapped


_CURRENT: ContextVar[FieldMap | None] = ContextVar("storyline_field_map", default=None)


def current_fields() -> FieldMap | None:
    return _CURRENT.get()


@contextmanager
def use_fields(fields: FieldMap | None) -> Iterator[None]:
    token = _CURRENT.set(fields if fields else None)
    try:
        yield
    finally:
        _CURRENT.reset(token)
