"""Toponym resolution: pick one gazetteer entry per mention, using the article as context.

Score = prior (feature kind and population) + name match quality + the feature word's kind
+ the article's country context (other places, demonyms, actors, the dateline) + the
"Paris, Texas" pattern. Two passes: the first resolves without context and collects the
article's countries; the second re-ranks every mention with them.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Sequence
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
        return 1.2 * pop + (2.0 if entry.capital else 0.0)
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


def score(
    entry: GazetteerEntry,
    exact: bool,
    mention: Mention,
    context: Context,
    text: str,
    big_city_ccs: frozenset[str] = frozenset(),
) -> float:
    s = prior(entry)
    if entry.feature == "admin1" and entry.cc in big_city_ccs:
        s -= 2.5  # "New York", "Buenos Aires": the news means the city, not its province
    s += 1.0 if exact else -1.0
    if exact_key(entry.name) == exact_key(mention.text):
        s += 1.5  # its own name, not one of its many alternate names
    _, kinds = _requested_kinds(mention)
    if kinds and entry.feature in kinds:
        # "X airport" abroad is rarely a namesake airfield in a country the article never names.
        in_context = not context.countries or context.countries.get(entry.cc or "", 0.0) >= 0.25
        s += 6.0 if in_context or entry.feature not in _SITE_KINDS else 1.0
    elif kinds:
        s -= 3.0
    if mention.label == "FAC" and entry.feature in _SITE_KINDS:
        s += 2.0
    elif mention.label in ("GPE", "LOC") and entry.feature in _SITE_KINDS and not kinds:
        s -= 2.0  # "Erbil" alone is the city, not its airport
    if mention.source == "dateline":
        # Datelines name the city filed from, wherever the story is about.
        s += 3.0 if entry.feature == "city" else 0.0
    elif entry.cc and entry.feature != "country":
        s += 4.0 * context.countries.get(entry.cc, 0.0)
        if entry.admin1:
            s += 3.0 * context.admin1.get((entry.cc, entry.admin1), 0.0)
    s += _apposition_bonus(entry, mention, text)
    return s


_APPOSITION = re.compile(r"^,\s*((?:[A-Z][\w.'’-]*)(?:\s+[A-Z][\w.'’-]*){0,3})")


def _apposition_bonus(entry: GazetteerEntry, mention: Mention, text: str) -> float:
    """'Paris, Texas' / 'PRINCETON, N.J.' / 'Erbil, Iraq': the next name is the candidate's
    admin1 or country (looked up in :func:`note_appositions`)."""
    admin1s, countries = mention.extras.get("_apposition", (set(), set()))
    if entry.feature in ("country", "admin1"):
        return 0.0
    if entry.cc and (entry.cc, entry.admin1) in admin1s:
        return 5.0
    if entry.cc and entry.cc in countries:
        return 3.0
    return 0.0


def note_appositions(gaz: Gazetteer, mentions: list[Mention], text: str) -> None:
    """Record what the name after each mention's comma could be: admin1 units and countries."""
    for mention in mentions:
        following = mention.extras.get("region")
        if following is None:
            match = _APPOSITION.match(text[mention.end : mention.end + 40])
            following = match.group(1) if match else None
        admin1s: set[tuple[str, str | None]] = set()
        countries: set[str] = set()
        for entry, exact in gaz.lookup(following) if following else ():
            if exact and entry.feature == "admin1" and entry.cc:
                admin1s.add((entry.cc, entry.admin1))
            elif exact and entry.feature == "country" and entry.cc:
                countries.add(entry.cc)
        mention.extras["_apposition"] = (admin1s, countries)


def is_established(entry: GazetteerEntry, kinds: frozenset[str] | None) -> bool:
    """Good enough for a weak mention (an ORG/PERSON entity after 'in'/'at')."""
    if kinds and entry.feature in kinds:
        return True
    if entry.feature in ("country", "admin1", "region", "military base", "airport"):
        return True
    return entry.feature == "city" and entry.population >= 20000


def _unlikely_namesake(entry: GazetteerEntry, context: Context) -> bool:
    """A small town in a country the article never touches is more likely a place the
    gazetteer lacks (a London district, a village) than that town: leave it unplaced."""
    if not context.countries or entry.feature not in ("city", "admin2"):
        return False
    return entry.population < 20000 and context.countries.get(entry.cc or "", 0.0) == 0.0


def resolve_mention(gaz: Gazetteer, mention: Mention, context: Context, text: str) -> Resolution:
    found = candidates(gaz, mention)
    if not found:
        return Resolution(mention, None, 0.3)
    key = exact_key(mention.text)
    big_city_ccs = frozenset(  # a large city called by (the start of) its own name
        e.cc
        for e, x in found
        if x and e.cc and e.feature == "city" and e.population >= 100000 and exact_key(e.name).startswith(key)
    )
    ranked = sorted(
        ((score(e, x, mention, context, text, big_city_ccs), e, x) for e, x in found),
        key=lambda t: t[0],
        reverse=True,
    )
    best_score, best, exact = ranked[0]
    _, kinds = _requested_kinds(mention)
    if mention.weak and not is_established(best, kinds):
        return Resolution(mention, None, 0.0)
    if _unlikely_namesake(best, context):
        return Resolution(mention, None, 0.3)
    margin = best_score - ranked[1][0] if len(ranked) > 1 else 6.0
    confidence = 0.55 + 0.4 * (1.0 - math.exp(-margin / 2.0))
    if not exact:
        confidence *= 0.85
    if mention.weak:
        confidence *= 0.8
    return Resolution(mention, best, round(min(confidence, 0.97), 3), best_score)


def _reliable_evidence(entry: GazetteerEntry) -> bool:
    """Context-free guesses at small places must not vote for their own country."""
    if entry.feature in ("country", "admin1", "region", "military base", "airport"):
        return True
    return entry.population >= 50000 or entry.capital


def build_context(
    gaz: Gazetteer,
    first_pass: list[Resolution],
    demonym_ccs: list[str],
    actor_ccs: list[str],
) -> Context:
    countries: defaultdict[str, float] = defaultdict(float)
    admin1: defaultdict[tuple[str, str], float] = defaultdict(float)
    dateline_cc = None
    for res in first_pass:
        entry = res.entry
        if entry is None or not entry.cc or not _reliable_evidence(entry):
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
    demonym_ccs: Sequence[str] = (),
    actor_ccs: Sequence[str] = (),
) -> list[Resolution]:
    note_appositions(gaz, mentions, text)
    first = [resolve_mention(gaz, m, EMPTY_CONTEXT, text) for m in mentions]
    context = build_context(gaz, first, list(demonym_ccs), list(actor_ccs))
    return [resolve_mention(gaz, m, context, text) for m in mentions]
