"""Per-language word lists: ``storyline/lang/<code>/<name>.txt``, one entry a line.

    from storyline.lang import words
    REPORTING_VERBS = words("reporting_verbs")            # frozenset of str, cached

File format: one entry a line (entries may contain spaces: ``islamic republic``); ``#`` starts a
comment (each file names its source in its header); blank lines are ignored. An entry may carry
tags after a TAB (``quote<TAB>casualty_reports``): ``words(name, tag=...)`` keeps only the entries
with that tag, so one merged list can still feed a narrower use without changing its behaviour.

What a new language needs is described in docs/languages.md.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

__all__ = ["DEFAULT_LANGUAGE", "LANG_DIR", "SPACY_MODELS", "WordListError", "available", "handles", "words"]

LANG_DIR = Path(__file__).resolve().parent
DEFAULT_LANGUAGE = "en"


#: The spaCy model each supported language is parsed with (docs/languages.md).
SPACY_MODELS: dict[str, str] = {"en": "en_core_web_sm"}


def handles(code: str | None, lang: str = DEFAULT_LANGUAGE) -> bool:
    """Whether an article in language ``code`` (``None``: unknown) is analysed by a ``lang`` pipeline."""
    return code is None or code == lang


class WordListError(LookupError):
    """A word list that does not exist for a language."""


def _path(name: str, lang: str) -> Path:
    return LANG_DIR / lang / f"{name}.txt"


@cache
def _entries(name: str, lang: str) -> tuple[tuple[str, frozenset[str]], ...]:
    path = _path(name, lang)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise WordListError(f"no word list {name!r} for language {lang!r} (expected {path})") from None
    out: list[tuple[str, frozenset[str]]] = []
    for raw in text.splitlines():
        line = raw.split("#", 1)[0] if not raw.lstrip().startswith("#") else ""
        word, _, tags = line.partition("\t")
        word = word.strip()
        if word:
            out.append((word, frozenset(t.strip() for t in tags.split(",") if t.strip())))
    return tuple(out)


@cache
def words(name: str, lang: str = DEFAULT_LANGUAGE, tag: str | None = None) -> frozenset[str]:
    """The entries of word list ``name`` for ``lang`` (only those tagged ``tag`` when given)."""
    return frozenset(w for w, tags in _entries(name, lang) if tag is None or tag in tags)


def available(lang: str = DEFAULT_LANGUAGE) -> list[str]:
    """Names of the word lists shipped for ``lang``."""
    return sorted(p.stem for p in (LANG_DIR / lang).glob("*.txt"))
