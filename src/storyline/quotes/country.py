"""A speaker's country from their name, title or affiliation.

The actors resolver (``storyline.actors.resolve``) is asked first: it knows institutions
("Pentagon" -> USA, "IRGC" -> IRN). When it has no answer, the country names and demonyms of
Storyline's country table (``data/actors/countries.tsv``) and of the ``countryinfo`` package
("Iranian Foreign Minister" -> IRN) are used.
"""

from __future__ import annotations

import logging
import re
from functools import lru_cache

from storyline.actors.lexicon import country_table
from storyline.actors.lookup import ActorLookup

log = logging.getLogger(__name__)


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
    for country in country_table():  # Storyline's table wins over countryinfo's spellings
        for word in country.names + country.actor_only + country.demonyms:
            names[word] = country.iso3
    return names


@lru_cache(maxsize=1)
def _pattern() -> re.Pattern[str]:
    words = sorted(_country_names(), key=len, reverse=True)
    # a trailing "s" reads plurals of demonyms: "Americans", "Iraqis"
    return re.compile(r"(?<![\w.])(" + "|".join(re.escape(w) for w in words) + r")s?(?![\w])")


def _actor_resolver() -> ActorLookup:
    from storyline.actors.resolve import get_resolver

    return get_resolver()


def _from_resolver(phrase: str) -> str | None:
    found = _actor_resolver().lookup(phrase)
    return (found.country or None) if found is not None else None


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
