"""A speaker's country from their name, title or affiliation.

The actors resolver (``storyline.actors.resolve``) is asked first: it knows institutions
("Pentagon" -> USA, "IRGC" -> IRN). Until it is installed, or when it has no answer, country
names and demonyms from the ``countryinfo`` package ("Iranian Foreign Minister" -> IRN) are used.
"""

from __future__ import annotations

import logging
import re
from functools import lru_cache
from typing import Any

log = logging.getLogger(__name__)

#: Common short forms countryinfo does not list as names or demonyms.
EXTRA_NAMES = {
    "U.S.": "USA", "US": "USA", "U.S.A.": "USA", "America": "USA", "UK": "GBR", "U.K.": "GBR",
    "Britain": "GBR", "English": "GBR", "Scottish": "GBR", "Welsh": "GBR", "Russia": "RUS",
    "Russian": "RUS", "Iran": "IRN", "Iranian": "IRN", "Syria": "SYR", "Syrian": "SYR",
    "South Korea": "KOR", "South Korean": "KOR", "North Korea": "PRK", "North Korean": "PRK",
    "Palestinian": "PSE", "Gaza": "PSE", "Vietnam": "VNM", "Vietnamese": "VNM",
    "Pentagon": "USA", "White House": "USA", "Kremlin": "RUS", "Downing Street": "GBR",
    "Whitehall": "GBR", "Elysee": "FRA", "Élysée": "FRA",
}


@lru_cache(maxsize=1)
def _country_names() -> dict[str, str]:
    names: dict[str, str] = {}
    try:
        from countryinfo import all_countries

        for c in all_countries():
            code = c.iso(3)
            if not code:
                continue
            for word in [c.name(), *(c.demonym() or "").split(",")]:
                word = word.strip()
                if len(word) > 2:
                    names.setdefault(word, code)
    except Exception as exc:  # the package is optional for this helper
        log.debug("countryinfo unavailable: %s", exc)
    names.update(EXTRA_NAMES)
    return names


@lru_cache(maxsize=1)
def _pattern() -> re.Pattern[str]:
    words = sorted(_country_names(), key=len, reverse=True)
    # a trailing "s" reads plurals of demonyms: "Americans", "Iraqis"
    return re.compile(r"(?<![\w.])(" + "|".join(re.escape(w) for w in words) + r")s?(?![\w])")


@lru_cache(maxsize=1)
def _actor_resolver() -> Any | None:
    try:
        from storyline.actors.resolve import get_resolver
    except ImportError:
        return None
    try:
        return get_resolver()
    except Exception as exc:  # a resolver that fails to build must not stop quotes
        log.warning("actor resolver unavailable: %s", exc)
        return None


def _from_resolver(phrase: str) -> str | None:
    resolver = _actor_resolver()
    if resolver is None or not hasattr(resolver, "lookup"):
        return None
    try:
        found = resolver.lookup(phrase)
    except Exception:
        return None
    if found is None:
        return None
    if isinstance(found, str):
        return found
    return getattr(found, "country", None) or (found.get("country") if isinstance(found, dict) else None)


def country_of(*phrases: str | None) -> str | None:
    """ISO alpha-3 of the first phrase that names or implies a country."""
    for phrase in phrases:
        if not phrase:
            continue
        code = _from_resolver(phrase)
        if code:
            return code
        m = _pattern().search(phrase)
        if m:
            return _country_names()[m.group(1)]
    return None
