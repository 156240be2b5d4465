"""Toponym resolution: pick one gazetteer entry per mention, using the article as context.

Score = prior (feature kind and population) + name match quality + the feature word's kind
+ the article's country context (other places, demonyms, actors, the dateline) + the
"Paris, Texas" pattern. Two passes: the first resolves without context and collects the
article's countries; the second re-ranks every mention with them.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass

from storyline.places.features import trailing_feature
from storyline.places.gazetteer import Gazetteer, GazetteerEntry
from storyline.places.mentions import Mention
from storyline.places.normalize import exact_key

_SITE_KINDS = frozenset({"military base", "airport", "site"})


@dataclass
class Resolution:
    mention: Mention
    entry: GazetteerEntry | None
    confidence: float
    score: float = 0.0


@dataclass
class Context:
    """Evidence from the whole article: how much each country (alpha-2) and admin1 is present."""

    countries: dict[str, float]
    admin1: dict[tuple[str, str], float]
    dateline_cc: str | None = None


EMPTY_CONTEXT = Context({}, {})


def prior(entry: GazetteerEntry) -> float:
    """How likely a name refers to this entry before context: kind first, then population."""
    pop = math.log10(entry.population + 1)
    if entry.feature == "country":
        return 12.0
    if entry.feature == "region":
        return 9.0 if entry.gid and entry.gid.startswith("region:") else 4.0
    if entry.feature == "admin1":
        return 5.0 + 0.4 * pop
    if entry.feature == "admin2":
        return 4.0 + 0.4 * pop
    if entry.feature == "city":
        return 1.2 * pop
    if entry.feature in ("military base", "airport"):
        return 3.0
    return 2.0 + 0.3 * pop


def _requested_kinds(mention: Mention) -> tuple[str, frozenset[str] | None]:
    """The mention's own name without a trailing feature word, and the kinds that word asks."""
    name = mention.text
    for cut in range(1, min(4, len(name.split())) + 1):
        head, tail = " ".join(name.split()[:-cut]), " ".join(name.split()[-cut:])
        found = trailing_feature(" " + tail)
        if head and found and found[0].strip().lower() == tail.lower():
            return head, mention.kinds or found[1]
    return name, mention.kinds


def candidates(gaz: Gazetteer, mention: Mention) -> list[tuple[GazetteerEntry, bool]]:
    if mention.demonym:
        entry = gaz.demonym(mention.text)
        return [(entry, True)] if entry else []
    core, _ = _requested_kinds(mention)
    found = gaz.lookup(mention.text)
    if core != mention.text:
        seen = {e.gid for e, _ in found}
        found += [(e, x) for e, x in gaz.lookup(core) if e.gid not in seen]
    return found


def score(entry: GazetteerEntry, exact: bool, mention: Mention, context: Context, text: str) -> float:
    s = prior(entry)
    s += 1.0 if exact else -1.0
    if exact_key(entry.name) == exact_key(mention.text):
        s += 0.5
    _, kinds = _requested_kinds(mention)
    if kinds:
        s += 6.0 if entry.feature in kinds else -3.0
    if mention.label == "FAC" and entry.feature in _SITE_KINDS:
        s += 2.0
    elif mention.label in ("GPE", "LOC") and entry.feature in _SITE_KINDS and not kinds:
        s -= 2.0  # "Erbil" alone is the city, not its airport
    if entry.cc and entry.feature != "country":
        s += 4.0 * context.countries.get(entry.cc, 0.0)
        if entry.admin1:
            s += 3.0 * context.admin1.get((entry.cc, entry.admin1), 0.0)
    s += _apposition_bonus(entry, mention, text)
    return s


_APPOSITION = re.compile(r"^,\s*((?:[A-Z][\w.'’-]*)(?:\s+[A-Z][\w.'’-]*){0,3})")


def _apposition_bonus(entry: GazetteerEntry, mention: Mention, text: str) -> float:
    """'Paris, Texas' / 'Erbil, Iraq': the next name names the candidate's admin1 or country."""
    following = mention.extras.get("region")
    if following is None:
        match = _APPOSITION.match(text[mention.end : mention.end + 40])
        following = match.group(1) if match else None
    if not following:
        return 0.0
    key = exact_key(following)
    if entry.admin1 and exact_key(entry.admin1).startswith(key):
        return 5.0
    country_names = mention.extras.get("_country_keys", {})
    if entry.cc and country_names.get(key) == entry.cc:
        return 5.0
    return 0.0


def is_established(entry: GazetteerEntry, kinds: frozenset[str] | None) -> bool:
    """Good enough for a weak mention (an ORG/PERSON entity after 'in'/'at')."""
    if kinds and entry.feature in kinds:
        return True
    if entry.feature in ("country", "admin1", "region", "military base", "airport"):
        return True
    return entry.feature == "city" and entry.population >= 20000


def resolve_mention(gaz: Gazetteer, mention: Mention, context: Context, text: str) -> Resolution:
    found = candidates(gaz, mention)
    if not found:
        return Resolution(mention, None, 0.3)
    ranked = sorted(((score(e, x, mention, context, text), e, x) for e, x in found),
                    key=lambda t: t[0], reverse=True)
    best_score, best, exact = ranked[0]
    _, kinds = _requested_kinds(mention)
    if mention.weak and not is_established(best, kinds):
        return Resolution(mention, None, 0.0)
    margin = best_score - ranked[1][0] if len(ranked) > 1 else 6.0
    confidence = 0.55 + 0.4 * (1.0 - math.exp(-margin / 2.0))
    if not exact:
        confidence *= 0.85
    if mention.weak:
        confidence *= 0.8
    return Resolution(mention, best, round(min(confidence, 0.97), 3), best_score)


def build_context(
    gaz: Gazetteer,
    first_pass: list[Resolution],
    demonym_ccs: list[str],
    actor_ccs: list[str],
) -> Context:
    countries: Counter = Counter()
    admin1: Counter = Counter()
    dateline_cc = None
    for res in first_pass:
        entry = res.entry
        if entry is None or not entry.cc:
            continue
        weight = 1.0 if entry.feature in ("country", "admin1") else 0.5 * res.confidence
        if res.mention.source == "dateline":
            weight, dateline_cc = 2.0, entry.cc
        countries[entry.cc] += weight
        if entry.feature == "admin1" and entry.admin1:
            admin1[(entry.cc, entry.admin1)] += 1.0
    for cc in demonym_ccs:
        countries[cc] += 0.5
    for cc in actor_ccs:
        countries[cc] += 0.5
    top = max(countries.values(), default=0.0)
    top_admin = max(admin1.values(), default=0.0)
    return Context(
        {cc: w / top for cc, w in countries.items()} if top else {},
        {key: w / top_admin for key, w in admin1.items()} if top_admin else {},
        dateline_cc,
    )


def resolve_all(
    gaz: Gazetteer,
    mentions: list[Mention],
    text: str,
    demonym_ccs: list[str] = (),
    actor_ccs: list[str] = (),
) -> list[Resolution]:
    country_keys = _country_keys(gaz, mentions)
    for mention in mentions:
        mention.extras["_country_keys"] = country_keys
    first = [resolve_mention(gaz, m, EMPTY_CONTEXT, text) for m in mentions]
    context = build_context(gaz, first, list(demonym_ccs), list(actor_ccs))
    return [resolve_mention(gaz, m, context, text) for m in mentions]


def _country_keys(gaz: Gazetteer, mentions: list[Mention]) -> dict[str, str]:
    """Exact keys of names in the article that are countries -> alpha-2 (for 'Erbil, Iraq')."""
    out: dict[str, str] = {}
    for mention in mentions:
        for entry, exact in gaz.lookup(mention.text):
            if exact and entry.feature == "country" and entry.cc:
                out[exact_key(mention.text)] = entry.cc
    return out
