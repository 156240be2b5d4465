"""One name per news outlet: "BBC News", "BBC News - Home" and "bbc news" are one source.

Feeds and scrapers name an outlet with a section or feed title appended ("BBC News - Home",
"Reuters | World", "The Guardian: World news", "CNN.com - RSS Channel"). Story source counts
and cross-source contradictions must count outlets, not feed titles. The name is looked up,
whole and then piece by piece before each separator, among the outlets and aliases of
``data/news_outlets.tsv`` (case-insensitively, with or without a leading "The" or a ".com");
a known outlet gives its canonical name. An unknown name keeps its first piece when what follows
the separator is a short section title, so "Daily Planet - Home" and "Daily Planet" agree too.
"""

from __future__ import annotations

import re
from functools import lru_cache

from storyline.quotes.outlets import outlet_table

_SEPARATORS = re.compile(r"\s+[-|–—:·»]\s+|\s*\|\s*|:\s+")
_DOMAIN_TAIL = re.compile(r"\.(com|co\.uk|org|net|in|co)$", re.I)
_SPACE = re.compile(r"\s+")


def _key(name: str) -> str:
    key = _SPACE.sub(" ", name).strip().lower()
    key = re.sub(r"^www\.", "", key)
    key = _DOMAIN_TAIL.sub("", key)
    return key.removeprefix("the ").strip(" .,")


@lru_cache(maxsize=1)
def _canonical() -> dict[str, str]:
    return {_key(alias): outlet.name for alias, outlet in outlet_table().items()}


@lru_cache(maxsize=4096)
def normalise_outlet(name: str | None) -> str | None:
    """The canonical name of an outlet as a feed or page names it; None stays None."""
    if name is None:
        return None
    cleaned = _SPACE.sub(" ", name).strip()
    if not cleaned:
        return None
    table = _canonical()
    if _key(cleaned) in table:
        return table[_key(cleaned)]
    pieces = [p for p in _SEPARATORS.split(cleaned) if p.strip()]
    for end in range(len(pieces) - 1, 0, -1):
        key = _key(" ".join(pieces[:end]))
        if key in table:
            return table[key]
    for piece in pieces:  # "Home - BBC News": the outlet may come last
        if _key(piece) in table:
            return table[_key(piece)]
    if len(pieces) > 1 and len(" ".join(pieces[1:]).split()) <= 4:
        return pieces[0].strip()
    return cleaned
