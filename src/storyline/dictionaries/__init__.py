"""Users' own actor dictionaries and place aliases (``storyline actors ...``), applied before storing.

Hook: :func:`prepare_for_store` is called by ``Store.save_many`` on each batch, so every
ingest path (CLI, API, watch, engines) codes with the store's and STORYLINE_DICTIONARIES'
entries, which take precedence over the built-in lexicons and gazetteer.
"""

from __future__ import annotations

from typing import Any

from storyline.dictionaries.apply import apply_dictionaries
from storyline.dictionaries.entries import (
    ActorEntry,
    Dictionaries,
    DictionaryError,
    PlaceAlias,
    entries_from_file,
    load_dictionaries,
    normalise,
    read_records,
    store_actor,
    store_place,
    stored_entries,
    without_titles,
)


def prepare_for_store(con: Any, extractions: list[Any]) -> None:
    """Apply the store's and the environment's dictionaries to extractions about to be stored."""
    dictionaries = load_dictionaries(con)
    if dictionaries:
        for extraction in extractions:
            apply_dictionaries(extraction, dictionaries)


__all__ = [
    "ActorEntry",
    "Dictionaries",
    "DictionaryError",
    "PlaceAlias",
    "apply_dictionaries",
    "entries_from_file",
    "load_dictionaries",
    "normalise",
    "prepare_for_store",
    "read_records",
    "store_actor",
    "store_place",
    "stored_entries",
    "without_titles",
]
