"""Per-language word lists: ``storyline/lang/<code>/<name>.txt``, one entry a line.

    from storyline.lang import words
    REPORTING_VERBS = words("reporting_verbs")            # frozenset of str, cached

File format: one entry a line (entries may contain spaces: ``islamic republic``); ``#`` starts a
comment (each file names its source in its header); blank lines are ignored. An entry may carry
tags after a TAB (``quote<TAB>casualty_reports``): ``words(name, tag=...)`` keeps only the entries
with that tag, so one merged list can still feed a narrower use without changing its behaviour.

Tables (a word and what it means: "january<TAB>1", "dozens<TAB>24") are ``<name>.tsv`` files in
the same folder, read by ``table(name)`` (rows of cells) or ``mapping(name)`` (first cell -> second).

What a new language needs is described in docs/languages.md.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

__all__ = [
    "DEFAULT_LANGUAGE",
    "LANG_DIR",
    "SPACY_MODELS",
    "WordListError",
    "available",
    "available_tables",
    "handles",
    "mapping",
    "table",
    "words",
]

LANG_DIR = Path(__file__).resolve().parent
DEFAULT_LANGUAGE = "en"


#: The spaCy model each supported language is parsed with (docs/languages.md).
SPACY_MODELS: dict[str, str] = {"en": "en_core_web_sm"}


def handles(code: str | None, lang: str = DEFAULT_LANGUAGE) -> bool:
    """Whether an article in language ``code`` (``None``: unknown) is analysed by a ``lang`` pipeline."""
    return code is None or code == lang


class WordListError(LookupError):
    """A word list that does not exist for a language."""


def _path(name: str, lang: str, suffix: str = ".txt") -> Path:
    return LANG_DIR / lang / f"{name}{suffix}"


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


@cache
def table(name: str, lang: str = DEFAULT_LANGUAGE) -> tuple[tuple[str, ...], ...]:
    """The rows of table ``name`` for ``lang``: tab-separated cells, stripped; ``#`` lines and
    blank lines skipped (a ``#`` inside a cell is kept: "#" is no comment there)."""
    path = _path(name, lang, ".tsv")
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise WordListError(f"no table {name!r} for language {lang!r} (expected {path})") from None
    return tuple(
        tuple(cell.strip() for cell in raw.split("\t"))
        for raw in text.splitlines()
        if raw.strip() and not raw.lstrip().startswith("#")
    )


@cache
def mapping(name: str, lang: str = DEFAULT_LANGUAGE) -> dict[str, str]:
    """Table ``name`` as a dict: first cell -> second cell (rows in file order; a later row wins)."""
    out: dict[str, str] = {}
    for row in table(name, lang):
        if len(row) < 2:
            raise WordListError(f"table {name!r} ({lang}): row {row[0]!r} has no second cell")
        out[row[0]] = row[1]
    return out


def available(lang: str = DEFAULT_LANGUAGE) -> list[str]:
    """Names of the word lists shipped for ``lang``."""
    return sorted(p.stem for p in (LANG_DIR / lang).glob("*.txt"))


def available_tables(lang: str = DEFAULT_LANGUAGE) -> list[str]:
    """Names of the tables shipped for ``lang``."""
    return sorted(p.stem for p in (LANG_DIR / lang).glob("*.tsv"))
