"""News outlets and agencies (``data/news_outlets.tsv``): is a source phrase a news organisation?"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from storyline.quotes.lexicon import MEDIA_NOUNS, REPORTER_NOUNS

OUTLETS_FILE = Path(__file__).resolve().parents[1] / "data" / "news_outlets.tsv"


@dataclass(frozen=True)
class Outlet:
    name: str
    kind: str  # agency, newspaper, broadcaster, magazine, online
    country: str | None


@lru_cache(maxsize=1)
def outlet_table() -> dict[str, Outlet]:
    """Every name and alias (as written) -> its outlet."""
    table: dict[str, Outlet] = {}
    raw = OUTLETS_FILE.read_text(encoding="utf-8")
    for line in raw.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        name, aliases, kind, country = (line.split("\t") + ["", "", ""])[:4]
        outlet = Outlet(name=name, kind=kind, country=country or None)
        for alias in [name, *aliases.split("|")]:
            alias = alias.strip()
            if alias:
                table[alias] = outlet
                if alias.startswith("The "):
                    table[alias[4:]] = outlet  # "the Guardian", "Washington Post"
    return table


@lru_cache(maxsize=1)
def _outlet_pattern() -> re.Pattern[str]:
    names = sorted(outlet_table(), key=len, reverse=True)
    return re.compile(r"(?<![\w.])(?:" + "|".join(re.escape(n) for n in names) + r")(?![\w])")


def find_outlet(phrase: str) -> tuple[Outlet, int, int] | None:
    """The first known outlet named in ``phrase`` (case-sensitive), with its offsets."""
    m = _outlet_pattern().search(phrase)
    if not m:
        return None
    return outlet_table()[m.group(0)], m.start(), m.end()


def is_media_phrase(phrase: str) -> bool:
    """A news organisation, named or generic: "CNN", "state media", "Iranian television"."""
    if find_outlet(phrase):
        words = phrase.lower().split()
        # "New York Times reporter Farnaz Fassihi" is a person at an outlet, not the outlet.
        return not (set(words) & REPORTER_NOUNS)
    words = re.findall(r"[a-z]+", phrase.lower())
    return bool(words) and words[-1] in MEDIA_NOUNS


def is_reporter_phrase(phrase: str) -> bool:
    words = set(re.findall(r"[a-z]+", phrase.lower()))
    return bool(words & REPORTER_NOUNS)
