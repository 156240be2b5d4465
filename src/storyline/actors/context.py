"""Actor countries from the article's context: "state police" in an Indian report is Indian police.

A report seldom says whose police, army or chief minister it means: the reader knows from the
dateline ("MUMBAI:", "LONDON (Reuters) -"), from the places the article is about, or from the
outlet (a Times of India report). The ``actor_context`` component (after ``places``) gives such
actors a country, in this order:

1. **national terms** (``data/actors/national_terms.tsv``): party, institution, force and office
   names that belong to one country ("the Tories", "BJP", "CRPF", "chief minister"); a term that
   several countries have ("Labour", "Congress", "MPs", "chancellor") takes the candidate the
   context names;
2. for a state or domestic actor named by a role word ("police", "security forces", "the
   government", "protesters", "he" resolved to one of them): the country of the event's place when
   it is named in the same sentence (not for the military, which also fights abroad), else the
   article's country: its dateline, else the country most of its resolved places lie in, else its
   outlet's country (``data/news_outlets.tsv``; news agencies say nothing) or its URL's
   country-code domain.

Every country filled this way is marked in ``Event.why["actor1.country"]`` (or ``actor2``):
``by="lexicon"`` for an unambiguous national term, else ``by="inferred"`` with the span of the
dateline or place it came from, and the actor's confidence is lowered. Actors that already have
a country, and actors marked foreign ("foreign troops", "Western diplomats"), are left alone.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

from storyline.actors.lexicon import is_lowercase_text, read_table
from storyline.lang import words
from storyline.model import Actor, Event, Span, Why
from storyline.pipeline import AnalysisDoc, PipelineConfig, component

__all__ = ["CountryCue", "NationalTerm", "article_cues", "dateline_cue", "fill_countries", "national_terms"]

#: Sectors of actors that belong to the state they act in, or are based in one.
STATE_SECTORS = frozenset({"GOV", "MIL", "COP", "JUD", "LEG", "SPY"})
DOMESTIC_SECTORS = frozenset(
    {"OPP", "PTY", "CVL", "BUS", "LAB", "EDU", "MED", "REL", "AGR", "ELI", "HLH", "REF", "CRM", "MOD", "RAD"}
)
FILL_SECTORS = STATE_SECTORS | DOMESTIC_SECTORS
#: Words that say the actor is not of the article's country.
FOREIGN_WORDS = words("foreign_words")
#: Confidence of each kind of cue (the chance the actor is of that country, roughly).
CUE_CONFIDENCE = {
    "dateline": 0.8,
    "sentence": 0.75,
    "places": 0.7,
    "outlet": 0.6,
    "url": 0.55,
    "plurality": 0.5,
}
#: Country-code domains sold to all comers (.tv, .io, ...): they say nothing about a country.
GENERIC_TLDS = frozenset(
    {"tv", "io", "me", "co", "fm", "ly", "ai", "cc", "ws", "to", "am", "gg", "la", "nu", "sh", "ac", "ag",
     "gd", "im", "vc", "so", "st", "su", "tk", "ml", "ga", "cf", "gq", "bz", "mu", "re", "eu"}
)  # fmt: skip
_TLD_ALPHA2 = {"uk": "GB"}

#: "MUMBAI:", "mumbai:", "LONDON (Reuters) -", "Lucknow, March 10:" at the start of a paragraph.
_DATELINE = re.compile(
    r"(?:^|\n)[ \t]*(?P<place>[A-Za-z][A-Za-z.'\u2019\- ]{1,30}?)"
    r"(?:,\s*(?P<region>[A-Za-z][A-Za-z.'\- ]{1,25}?))?"
    r"(?:,?\s+(?:[A-Za-z]{3,9}\.?\s+\d{1,2}|\d{1,2}\s+[A-Za-z]{3,9}))?"
    r"\s*(?:\((?P<agency>[A-Za-z .]{2,25})\))?\s*(?::|-|\u2013|\u2014)\s"
)
#: Words that open a paragraph with a colon but are no place.
_NOT_PLACES = words("dateline_non_places")


@dataclass(frozen=True)
class CountryCue:
    """A country the article's context gives, where it came from, and how far to trust it."""

    country: str  # ISO 3166-1 alpha-3
    source: str  # dateline, sentence, places, outlet, url
    span: Span | None
    confidence: float
    detail: str = ""


@dataclass(frozen=True)
class NationalTerm:
    name: str
    country: str
    sector: str | None
    kind: str
    alias: str


# ---------------------------------------------------------------------- national terms
@lru_cache(maxsize=1)
def national_terms() -> dict[str, list[NationalTerm]]:
    """Normalised alias -> the rows that list it (several rows: an ambiguous term)."""
    table: dict[str, list[NationalTerm]] = {}
    for row in read_table("national_terms.tsv"):
        name, country, sector, kind, aliases = (row + ["", "", "", ""])[:5]
        for alias in (a.strip() for a in aliases.split(";")):
            if alias:
                term = NationalTerm(name, country, None if sector in ("", "-") else sector, kind, alias)
                bucket = table.setdefault(alias.lower(), [])
                if all(t.country != country for t in bucket):
                    bucket.append(term)
    return table


def _exact_case(alias: str) -> bool:
    return sum(ch.isupper() for ch in alias) >= 2 or (alias.isupper() and len(alias) > 1)


@lru_cache(maxsize=1)
def _terms_pattern() -> re.Pattern[str]:
    aliases = sorted({t.alias for terms in national_terms().values() for t in terms}, key=len, reverse=True)
    return re.compile(r"(?<![\w-])(" + "|".join(re.escape(a) for a in aliases) + r")(?![\w-])", re.IGNORECASE)


def find_terms(words: str, lowercase_text: bool = False) -> tuple[list[NationalTerm], int, int] | None:
    """The first national term in an actor's words: its rows and offsets within ``words``."""
    for match in _terms_pattern().finditer(words):
        found = match.group(1)
        terms = national_terms().get(found.lower(), [])
        # An acronym matches as written ("SP", "CPM"), or in lower case in an all-lower-case text.
        kept = [
            t
            for t in terms
            if not _exact_case(t.alias)
            or found == t.alias
            or (lowercase_text and found == t.alias.lower() and len(t.alias) >= 3)
        ]
        if kept:
            return kept, match.start(1), match.end(1)
    return None


# ---------------------------------------------------------------------- article cues
def _alpha3(gaz, cc: str | None) -> str | None:
    return gaz.alpha3(cc) if cc else None


def dateline_cue(text: str, gaz) -> CountryCue | None:
    """The country of a dateline place in the first two paragraphs ("lucknow: ...", "PARIS -")."""
    head = text[:400]
    for match in _DATELINE.finditer(head):
        if match.start() > 0 and head[: match.start()].count("\n") > 3:
            break
        raw = match.group("place").strip(" .-")
        words = raw.lower().split()
        if not words or words[0] in _NOT_PLACES or len(words) > 4 or len(raw) < 3:
            continue
        # A dateline place is upper case ("MUMBAI"), or all lower case in a lower-case page, or a
        # title-case name before a colon or an agency ("Lucknow, March 10:", "Paris (AFP) -").
        if not (
            raw.isupper() or raw.islower() or match.group("agency") or match.group(0).rstrip().endswith(":")
        ):
            continue
        entries = [(e, exact) for e, exact in gaz.lookup(raw) if e.cc]
        if not entries:
            continue
        entry, _ = max(
            entries,
            key=lambda pair: (pair[1], pair[0].feature == "country", pair[0].capital, pair[0].population),
        )
        big = entry.feature in ("country", "admin1") or entry.capital or entry.population >= 100_000
        country = _alpha3(gaz, entry.cc)
        if country and big:
            start = match.start("place")
            return CountryCue(country, "dateline", (start, start + len(raw)), CUE_CONFIDENCE["dateline"], raw)
    return None


def places_cue(places, actors=(), demonyms=(), plurality: bool = False) -> CountryCue | None:
    """The country most of the article's resolved places and stated actor countries lie in,
    when it is most of them ("Venezuelan authorities ... the UK government ... Caracas").

    With ``plurality`` (the last resort, when neither dateline nor outlet says anything): the
    country named most often, even once; on a tie the one named first.
    """
    located = [(p.country, p.span) for p in places if p.country]
    located += [(a.country, a.span) for a in actors if a is not None and a.country and len(a.country) == 3]
    located += list(demonyms)
    located = [(c, span) for c, span in located if c not in ("IGO", "NGO", "IMG")]
    if not located:
        return None
    counts = Counter(c for c, _ in located)
    firsts = {c: min(span for k, span in located if k == c) for c in counts}
    # Most often named; on a tie, the one named first (the lead's country).
    country = min(counts, key=lambda c: (-counts[c], firsts[c]))
    n, first = counts[country], firsts[country]
    if plurality:
        return CountryCue(country, "plurality", first, CUE_CONFIDENCE["plurality"],
                          f"{n} of {len(located)} places and actors")  # fmt: skip
    if n < 2 or n / len(located) < 0.5:
        return None
    return CountryCue(
        country, "places", first, CUE_CONFIDENCE["places"], f"{n} of {len(located)} places and actors"
    )


def outlet_cue(outlet: str | None, url: str | None) -> CountryCue | None:
    """The outlet's home country (news agencies report the world: none), else the URL's ccTLD."""
    if outlet:
        from storyline.quotes.outlets import find_outlet

        found = find_outlet(outlet.split(" - ")[0].strip())
        if found is not None:
            known = found[0]
            if (
                known.kind == "agency"
                or not known.country
                or len(known.country) != 3
                or known.country == "INT"
            ):
                return None
            return CountryCue(known.country, "outlet", None, CUE_CONFIDENCE["outlet"], known.name)
    host = (urlsplit(url).hostname or "") if url else ""
    known = _outlet_by_host(host)
    if known is not None:
        if known.kind == "agency" or not known.country or len(known.country) != 3:
            return None
        return CountryCue(known.country, "outlet", None, CUE_CONFIDENCE["outlet"], f"{known.name} ({host})")
    tld = host.rsplit(".", 1)[-1].lower() if "." in host else ""
    if len(tld) == 2 and tld not in GENERIC_TLDS:
        import pycountry

        record = pycountry.countries.get(alpha_2=_TLD_ALPHA2.get(tld, tld.upper()))
        if record is not None:
            return CountryCue(record.alpha_3, "url", None, CUE_CONFIDENCE["url"], host)
    return None


def _demonyms(adoc: AnalysisDoc, gaz) -> list[tuple[str, Span]]:
    """Countries of the nationality words and country names the article uses ("Venezuelan
    authorities", "guatemala" in a lower-case page the geoparser found no place in)."""
    from storyline.actors.lexicon import LOWERCASE_TEXT
    from storyline.actors.resolve import get_resolver

    lexicon = get_resolver().lexicon
    token = LOWERCASE_TEXT.set(is_lowercase_text(adoc.text))
    out = []
    try:
        for ent in adoc.result.entities:
            country = None
            if ent.label == "NORP" and (entry := gaz.demonym(ent.text)) is not None:
                country = _alpha3(gaz, entry.cc)
            elif ent.label in ("GPE", "NORP"):
                info = lexicon.find(ent.text)
                if info is not None and info.kind in ("country", "demonym", "capital"):
                    country = info.country
            if country and len(country) == 3:
                out.append((country, ent.span))
        if is_lowercase_text(adoc.text):
            # The small model finds few names in lower case: read country words off the tokens.
            seen = {span for _, span in out}
            doc = adoc.doc
            for k, tok in enumerate(doc):
                if not tok.is_alpha and "." not in tok.text or tok.is_stop:
                    continue
                for width in (3, 2, 1):
                    if k + width > len(doc):
                        continue
                    words = doc[k : k + width]
                    info = lexicon.find(words.text)
                    if info is not None and info.kind in ("country", "demonym", "capital") and info.country:
                        span = (words.start_char, words.end_char)
                        if span not in seen and len(info.country) == 3:
                            out.append((info.country, span))
                            seen.add(span)
                        break
    finally:
        LOWERCASE_TEXT.reset(token)
    return out


@lru_cache(maxsize=1)
def _squashed_outlets() -> dict[str, Any]:
    """Outlet names and aliases squashed as hosts spell them ("timesofindia") -> the outlet."""
    from storyline.quotes.outlets import outlet_table

    table: dict[str, Any] = {}
    for name, outlet in outlet_table().items():
        key = re.sub(r"[^a-z0-9]", "", name.lower())
        if len(key) >= 4:
            table.setdefault(key, outlet)
            table.setdefault(key.removeprefix("the"), outlet)
    return table


def _outlet_by_host(host: str):
    """The outlet a host belongs to: "timesofindia.indiatimes.com" -> The Times of India."""
    labels = [
        label for label in host.lower().split(".") if label not in ("www", "m", "mobile", "news", "edition")
    ]
    table = _squashed_outlets()
    for label in labels[:-1]:  # not the top-level domain
        outlet = table.get(label.replace("-", ""))
        if outlet is not None:
            return outlet
    return None


def article_cues(adoc: AnalysisDoc, gaz=None) -> list[CountryCue]:
    """The article's countries, strongest first: dateline, dominant places, outlet or domain."""
    if adoc.country_cues is not None:
        return adoc.country_cues
    if gaz is None:
        from storyline.places.gazetteer import load_gazetteer

        gaz = load_gazetteer(None)
    actors = [a for e in adoc.result.events for a in (e.actor1, e.actor2)]
    demonyms = _demonyms(adoc, gaz)
    cues = [
        cue
        for cue in (
            dateline_cue(adoc.text, gaz),
            places_cue(adoc.result.places, actors, demonyms),
            outlet_cue(adoc.article.outlet, adoc.article.url),
        )
        if cue is not None
    ]
    if not cues:
        last = places_cue(adoc.result.places, actors, demonyms, plurality=True)
        cues = [last] if last is not None else []
    adoc.country_cues = cues
    return cues


# ---------------------------------------------------------------------- filling
def _is_foreign(actor: Actor) -> bool:
    words = set(re.findall(r"[\w.]+", (actor.text + " " + (actor.role or "")).lower()))
    return bool(words & FOREIGN_WORDS)


def _sentence_cue(adoc: AnalysisDoc, event: Event) -> CountryCue | None:
    """The event's place, when the sentence names it (not a place guessed from the article)."""
    loc = event.location
    if (
        loc is None
        or not loc.country
        or loc.span is None
        or loc.precision not in ("site", "city", "admin2", "admin1")
    ):
        return None  # a country named in the sentence is as often the other party ("the UK government")
    if sum(p.country == loc.country for p in adoc.result.places) < 2:
        return None  # a place named once in a country the article is not about: most often misread
    bounds = _sentence_bounds(adoc, event)
    if bounds is None or not (bounds[0] <= loc.span[0] and loc.span[1] <= bounds[1]):
        return None
    return CountryCue(loc.country, "sentence", loc.span, CUE_CONFIDENCE["sentence"], loc.name or "")


def _sentence_bounds(adoc: AnalysisDoc, event: Event) -> Span | None:
    doc = adoc.doc
    span = doc.char_span(event.trigger.span[0], event.trigger.span[1], alignment_mode="expand")
    if span is None:
        return None
    sent = span[0].sent
    return sent.start_char, sent.end_char


def _with_country(actor: Actor, country: str, sector: str | None, confidence: float) -> Actor:
    sector = actor.sector or sector
    cameo = actor.cameo
    if not cameo or not cameo[:3].isupper() or len(cameo) < 3 or cameo == actor.sector or cameo == sector:
        cameo = country + (sector or "")
    elif not cameo.startswith(country):
        cameo = country + (sector or "")
    return actor.model_copy(
        update={"country": country, "sector": sector, "cameo": cameo, "confidence": round(confidence, 3)}
    )


def choose(actor: Actor, event: Event, adoc: AnalysisDoc, cues: list[CountryCue], lowercase: bool):
    """(actor with a country, Why) when the context gives the actor one; None otherwise."""
    words = actor.text if not actor.name or actor.name in actor.text else f"{actor.text} {actor.name}"
    found = find_terms(words, lowercase)
    sentence = _sentence_cue(adoc, event)
    ordered = ([sentence] if sentence else []) + cues
    if found is not None:
        terms, start, end = found
        span = (actor.span[0] + start, actor.span[0] + end) if start < len(actor.text) else actor.span
        candidates = {t.country: t for t in terms}
        # The term is the actor ("the Congress", "BJP"): its sector; a modifier ("Labour MPs",
        # "BJP workers"): the head word's sector stays.
        heads = not actor.sector or actor.text.rstrip(" .,'").lower().endswith(words[start:end].lower())
        if actor.country and actor.country not in candidates:
            return None  # "Indian Congress", "Kenyan MPs": the phrase says whose
        if len(candidates) == 1:
            term = terms[0]
            why = Why(
                by="lexicon", name=f"lexicon:national_terms.tsv:{term.alias}", span=span, detail=term.name
            )
            if actor.country == term.country:
                return actor, why  # the resolver read it from the same table: say so
            base = actor.model_copy(update={"sector": None}) if heads else actor
            return _with_country(base, term.country, term.sector, min(actor.confidence, 0.85)), why
        cue = next((c for c in ordered if c.country in candidates), None)
        if cue is None:
            return None
        if actor.country == cue.country:
            return None
        term = candidates[cue.country]
        why = Why(by="inferred", name=f"context:{cue.source}", score=cue.confidence, span=cue.span or span,
                  detail=f"{term.alias!r} in a report of {cue.country} ({cue.detail})")  # fmt: skip
        confidence = min(actor.confidence, cue.confidence)
        base = actor.model_copy(update={"sector": None}) if heads else actor
        return _with_country(base, cue.country, term.sector, confidence), why
    if actor.country or (actor.sector or "") not in FILL_SECTORS or _is_foreign(actor):
        return None
    if actor.kind == "country":
        return None
    if actor.sector in ("MIL", "BUS"):
        # Armies fight abroad and banks lend abroad: the article's country first.
        ordered = cues + ([sentence] if sentence else [])
    if not ordered:
        return None
    cue = ordered[0]
    why = Why(by="inferred", name=f"context:{cue.source}", score=cue.confidence, span=cue.span,
              detail=f"{actor.sector} actor in a report of {cue.country} ({cue.detail})")  # fmt: skip
    return _with_country(actor, cue.country, None, min(actor.confidence, cue.confidence) * 0.9), why


def fill_countries(adoc: AnalysisDoc, gaz=None) -> int:
    """Give the article's events' actors the countries their context implies; returns how many."""
    cues = article_cues(adoc, gaz)
    lowercase = is_lowercase_text(adoc.text)
    filled = 0
    for event in adoc.result.events:
        for slot in ("actor1", "actor2"):
            actor = getattr(event, slot)
            if actor is None or f"{slot}.country" in event.why:
                continue
            chosen = choose(actor, event, adoc, cues, lowercase)
            if chosen is None:
                continue
            new_actor, why = chosen
            setattr(event, slot, new_actor)
            event.why[f"{slot}.country"] = why
            filled += 1
    return filled


@component("actor_context")
def make_actor_context(config: PipelineConfig):
    settings = config.for_component("places")
    geonames = settings.get("geonames") or settings.get("gazetteer")

    def actor_context(adoc: AnalysisDoc) -> None:
        from storyline.places.gazetteer import load_gazetteer

        fill_countries(adoc, load_gazetteer(str(geonames) if geonames else None))

    return actor_context
