"""Who a targeted facility stands for: "bases in Iraq that house American forces" -> USA MIL.

An attack on a base, camp or embassy is an attack on the people it houses, and news says so
in a relative clause ("a base that hosts U.S. troops", "a camp where Turkish soldiers are
stationed") or an earlier sentence. CAMEO/PLOVER code the target as those people (GDELT's
Actor2 "USA MIL"), so an event whose target is a facility takes the facility's occupant as
its actor2 country and sector, keeping the facility's own words and span (it is also the
event's location, found by the places stage).

Occupants come from, in order:
1. the facility's own phrase: a relative/participle clause with an occupancy verb;
2. an earlier mention in the article of a facility of the same kind ("the bases ... that
   house American forces" ... "al-Asad airbase") that had an occupant or a country modifier.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from storyline.lang import mapping, words

#: Facility nouns -> the family an anaphoric mention must share ("airbase" refers back to "bases").
FACILITY_FAMILIES = dict(mapping("facility_families"))
#: Verbs that say who is in a facility: "house(s)", "hosting", "stationed", "based", "used by".
OCCUPANCY_VERBS = words("occupancy_verbs")
#: Passive occupancy verbs whose subject is the occupant: "where U.S. troops are stationed".
_PASSIVE_OCCUPANCY = words("passive_occupancy")
_RELATIVE_WORDS = words("relative_words")
#: How far (tokens) after a facility noun its occupancy clause may start ("bases in Iraq that house").
_WINDOW = 6
#: Words an occupant phrase is made of ("American military forces", "U.S. and coalition troops").
_PHRASE_POS = frozenset({"DET", "ADJ", "PROPN", "NOUN", "NUM", "CCONJ", "PART"})


@dataclass(frozen=True)
class Occupancy:
    """One facility mention whose occupant (or owner) the text states."""

    family: str
    head: int  # token index of the facility noun
    info: Any  # actors.ActorInfo of the occupant
    explicit: bool  # said by an occupancy clause (not only a country modifier)


def facility_family(token: Any) -> str | None:
    word = token.lower_
    return (
        FACILITY_FAMILIES.get(token.lemma_.lower())
        or FACILITY_FAMILIES.get(word)
        or ("base" if word.endswith("base") or word.endswith("bases") else None)
    )


def _occupant_words(doc: Any, start: int, stop: int) -> str | None:
    """The noun phrase starting at ``start``: words while they can belong to one."""
    words = []
    for token in doc[start:stop]:
        if token.pos_ in _PHRASE_POS or token.text in ("-", ".") or token.like_num:
            words.append(token)
            continue
        break
    while words and words[-1].pos_ in ("CCONJ", "DET", "PART"):
        words.pop()
    if not words or not any(t.pos_ in ("NOUN", "PROPN") for t in words):
        return None
    return doc[words[0].i : words[-1].i + 1].text


def _clause_occupant(doc: Any, head: Any, lookup) -> Any | None:
    """The occupant named by an occupancy clause right after the facility noun."""
    sent_end = head.sent.end
    limit = min(sent_end, head.i + 1 + _WINDOW)
    k = head.i + 1
    # skip a place phrase or name after the noun: "bases in Iraq that ..."
    while k < limit and doc[k].lower_ not in _RELATIVE_WORDS and doc[k].lemma_.lower() not in OCCUPANCY_VERBS:
        if doc[k].pos_ in ("VERB", "AUX") or doc[k].is_punct:
            return None
        k += 1
    if k >= limit:
        return None
    relative = doc[k].lower_
    if relative in _RELATIVE_WORDS:
        k += 1
        if relative == "," and k < sent_end and doc[k].lower_ in ("which", "that", "where"):
            relative = doc[k].lower_
            k += 1
    if k >= sent_end:
        return None
    if relative == "where":
        # "where U.S. troops are stationed": the occupant is the clause's subject
        for j in range(k, min(sent_end, k + 10)):
            if doc[j].lemma_.lower() in _PASSIVE_OCCUPANCY and doc[j].tag_ == "VBN":
                words = _occupant_words(doc, k, j)
                return lookup(words) if words else None
        return None
    verb = doc[k]
    if verb.lemma_.lower() not in OCCUPANCY_VERBS and verb.pos_ == "AUX" and k + 1 < sent_end:
        k += 1  # "that are used by", "which is home to"
        verb = doc[k]
    if verb.lemma_.lower() not in OCCUPANCY_VERBS:
        return None
    k += 1
    if k < sent_end and doc[k].lower_ in ("by", "to"):
        k += 1
    words = _occupant_words(doc, k, sent_end)
    return lookup(words) if words else None


def article_occupancies(adoc: Any, resolver: Any) -> list[Occupancy]:
    """Every facility mention of the article with a stated occupant or country, in text order."""
    cached = adoc.facility_occupancies
    if cached is not None:
        return cached
    found: list[Occupancy] = []
    doc = adoc.doc

    def lookup(words: str) -> Any | None:
        info = resolver.lookup(words)
        return info if info is not None and (info.country or info.sector) else None

    for token in doc:
        family = facility_family(token)
        if family is None or token.pos_ not in ("NOUN", "PROPN"):
            continue
        info = _clause_occupant(doc, token, lookup)
        explicit = info is not None
        if info is None:
            # "U.S. bases", "an American base": a nationality modifier; names inside a facility's
            # own name ("Ain al-Asad", "Camp Bastion") say nothing about who is there
            for modifier in token.lefts:
                if modifier.dep_ in ("amod", "compound", "nmod", "poss") and modifier.ent_type_ in (
                    "NORP",
                    "GPE",
                ):
                    candidate = lookup(doc[modifier.left_edge.i : modifier.i + 1].text)
                    if candidate is not None and candidate.kind in ("country", "demonym"):
                        info = candidate
                        break
        if info is not None and info.country:
            found.append(Occupancy(family, token.i, info, explicit))
    adoc.facility_occupancies = found
    return found


def with_occupant(adoc: Any, actor: Any, head: Any, resolver: Any) -> Any:
    """``actor`` (a facility target headed by ``head``) as its occupant; unchanged when unknown.

    A clause saying who is inside wins over a country modifier ("Iraqi bases that host U.S.
    troops" -> USA); an earlier same-kind facility is used only when the phrase has no country.
    """
    if head is None or actor is None or resolver is None:
        return actor
    family = facility_family(head)
    if family is None:
        return actor
    occupancies = article_occupancies(adoc, resolver)
    own = next((o for o in occupancies if o.head == head.i), None)
    if own is not None and own.explicit:
        info, factor = own.info, 0.9
    elif actor.country is None:
        earlier = [o for o in occupancies if o.head < head.i and o.family == family]
        if not earlier:
            return actor
        info, factor = earlier[-1].info, 0.6
    else:
        return actor
    sector = None if (info.sector or "").startswith("*") else info.sector
    return actor.model_copy(
        update={
            "name": info.name,
            "country": info.country,
            "sector": sector,
            "kind": info.kind,
            "cameo": info.cameo,
            "confidence": round(actor.confidence * factor, 3),
        }
    )
