"""Feature kinds, their precision, and the words in text that ask for a kind of place.

"al-Asad airbase" asks for a military base or airfield, "Anbar province" for an admin1 unit,
"the city of Paris" for a populated place: the word narrows the candidates.
"""

from __future__ import annotations

import re

from storyline.model import Precision

#: Gazetteer feature -> the precision a point of that kind has.
FEATURE_PRECISION: dict[str, Precision] = {
    "country": "country",
    "admin1": "admin1",
    "admin2": "admin2",
    "city": "city",
    "airport": "site",
    "military base": "site",
    "site": "site",
    "region": "region",
    "water": "region",
    "terrain": "region",
    "area": "region",
}

#: Most specific first; used to pick "the most specific place" of a sentence.
PRECISION_RANK: dict[str, int] = {
    "site": 0,
    "city": 1,
    "admin2": 2,
    "admin1": 3,
    "country": 4,
    "region": 5,
    "unknown": 6,
}

_BASE_KINDS = frozenset({"military base", "airport"})
_ADMIN_KINDS = frozenset({"admin1", "admin2", "region"})

#: Trailing words (after the name) -> feature kinds they ask for. Longest first.
TRAILING_FEATURE_WORDS: tuple[tuple[str, frozenset[str]], ...] = (
    ("air force base", _BASE_KINDS),
    ("naval air station", _BASE_KINDS),
    ("international airport", frozenset({"airport", "military base"})),
    ("military base", _BASE_KINDS),
    ("military bases", _BASE_KINDS),
    ("army base", _BASE_KINDS),
    ("naval base", _BASE_KINDS),
    ("air bases", _BASE_KINDS),
    ("air base", _BASE_KINDS),
    ("airbases", _BASE_KINDS),
    ("airbase", _BASE_KINDS),
    ("air station", _BASE_KINDS),
    ("airfield", _BASE_KINDS),
    ("airport", frozenset({"airport", "military base"})),
    ("bases", _BASE_KINDS),
    ("base", _BASE_KINDS),
    ("governorate", _ADMIN_KINDS),
    ("province", _ADMIN_KINDS),
    ("prefecture", _ADMIN_KINDS),
    ("oblast", _ADMIN_KINDS),
    ("region", frozenset({"region", "admin1"})),
    ("state", frozenset({"admin1"})),
    ("county", frozenset({"admin2"})),
    ("district", frozenset({"admin2", "admin1"})),
    ("city", frozenset({"city"})),
    ("town", frozenset({"city"})),
    ("village", frozenset({"city"})),
    ("river", frozenset({"water"})),
    ("lake", frozenset({"water"})),
    ("mountains", frozenset({"terrain"})),
)

#: Leading phrases ("the city of X") -> feature kinds.
LEADING_FEATURE_WORDS: tuple[tuple[str, frozenset[str]], ...] = (
    ("city of", frozenset({"city"})),
    ("town of", frozenset({"city"})),
    ("village of", frozenset({"city"})),
    ("province of", _ADMIN_KINDS),
    ("state of", frozenset({"admin1"})),
    ("region of", frozenset({"region", "admin1"})),
    ("district of", frozenset({"admin2", "admin1"})),
)

_TRAILING_RE = re.compile(
    r"^\s+(" + "|".join(re.escape(w) for w, _ in TRAILING_FEATURE_WORDS) + r")\b", re.IGNORECASE
)
_LEADING_RE = re.compile(
    r"\b(" + "|".join(re.escape(w) for w, _ in LEADING_FEATURE_WORDS) + r")\s+$", re.IGNORECASE
)
_TRAILING = dict(TRAILING_FEATURE_WORDS)
_LEADING = dict(LEADING_FEATURE_WORDS)

#: Suffixes stripped from airport / base names to index their core name ("Al Asad").
FACILITY_SUFFIXES = (
    "international airport",
    "regional airport",
    "municipal airport",
    "air force base",
    "army airfield",
    "naval air station",
    "air base",
    "airbase",
    "airport",
    "airfield",
    "air station",
    "military base",
    "base",
    "heliport",
)


def trailing_feature(after: str) -> tuple[str, frozenset[str]] | None:
    """The feature word right after a name, e.g. ' airbase and ...' -> ('airbase', kinds)."""
    match = _TRAILING_RE.match(after)
    if not match:
        return None
    word = match.group(1).lower()
    return match.group(0), _TRAILING[word]


def leading_feature(before: str) -> frozenset[str] | None:
    match = _LEADING_RE.search(before)
    return _LEADING[match.group(1).lower()] if match else None


def facility_kind(name: str) -> str:
    """An airportsdata name -> 'military base' or 'airport'."""
    lowered = name.lower()
    military = ("air base", "airbase", "air force", "military", "army", "naval", "raf ", "cfb ", "afb")
    return "military base" if any(word in lowered for word in military) else "airport"


def core_facility_name(name: str) -> str | None:
    """'Al Asad Air Base' -> 'Al Asad'; None when the name has no facility suffix."""
    lowered = name.lower().rstrip()
    for suffix in FACILITY_SUFFIXES:
        if lowered.endswith(" " + suffix):
            core = name[: len(name) - len(suffix) - 1].strip(" -,")
            return core or None
    return None
