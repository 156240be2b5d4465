"""Name keys for gazetteer look-up: the same key for "al-Asad", "Al Asad" and "Al Assad".

Two keys per name: the *exact* key (case, accents, hyphens and apostrophes folded) and a
looser *skeleton* key that also drops Arabic/Romance articles ("al-", "el-", "ad-") and
doubled letters, because transliterations of the same place differ exactly there.
"""

from __future__ import annotations

import re
import unicodedata

from storyline.lang import words

_PUNCT = re.compile(r"[\-‐‑–—'’‘`ʻʼ.,()]+")
_SPACES = re.compile(r"\s+")
_ARTICLES = words("articles")
_DOUBLED = re.compile(r"(\w)\1+")
_LEADING_THE = re.compile(r"^the\s+")


def fold(text: str) -> str:
    """Lower-case ASCII with accents removed; keeps letters, digits and spaces."""
    decomposed = unicodedata.normalize("NFKD", text)
    ascii_text = decomposed.encode("ascii", "ignore").decode("ascii")
    ascii_text = _PUNCT.sub(" ", ascii_text.lower())
    return _SPACES.sub(" ", ascii_text).strip()


def exact_key(name: str) -> str:
    return _LEADING_THE.sub("", fold(name))


def skeleton_key(name: str) -> str:
    """Looser key: no articles, no doubled letters ("Al Assad" == "al-Asad" == "Asad")."""
    tokens = [t for t in exact_key(name).split() if t not in _ARTICLES]
    return _DOUBLED.sub(r"\1", " ".join(tokens))


def is_latin_name(name: str) -> bool:
    """A name worth indexing from GeoNames alternates: Latin script, capitalised, not a code."""
    if len(name) < 3 or not name[0].isupper():
        return False
    if name.isupper() and len(name) <= 4:  # IATA / ICAO / postal abbreviations
        return False
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    return len(folded) >= len(name) * 0.8
