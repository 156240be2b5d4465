"""Actor mentions at token level: the phrase tokens, matches against the lexicon, the article's
mention history, and the helpers :class:`storyline.actors.resolve.ActorResolver` composes them with
(person names, roles, trimming, sponsor phrases, CAMEO codes).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from storyline.actors.lexicon import INTERNATIONAL_CODES, ActorInfo, country_names
from storyline.lang import words
from storyline.model import Actor
from storyline.nlp.pronouns import GenderMemory
from storyline.nlp.syntax import MODIFIER_DEPS

#: Words after a country that make it a sponsor, not the actor: "Iran-backed militias".
SPONSOR_WORDS = words("sponsor_words")


#: Prefixes that turn a country into an attitude: "anti-American protesters".
ATTITUDE_PREFIXES = ("anti-", "pro-")


DETERMINERS = words("determiners")


#: Prepositions whose object still describes the actor: "the president of Iran", "rebels in Darfur".
DESCRIBING_PREPS = words("describing_preps")


@dataclass
class Tok:
    """A word of the phrase being read: from a spaCy token, or from a plain string."""

    text: str
    start: int
    end: int
    i: int
    person: bool = False
    pos: str = ""
    #: Token indices [first, last] of the PERSON entity the word is in, when it is in one.
    person_extent: tuple[int, int] | None = None


@dataclass
class Match:
    first: int  # index into the token list
    last: int  # inclusive
    info: ActorInfo
    sponsor: bool = False  # "Iran-backed": the country supports, it does not act


@dataclass
class Mention:
    start: int
    end: int
    actor: Actor


@dataclass
class ArticleActors:
    """Per-article state: actors mentioned so far, people by surname, and what the article says
    of their gender (the memory the speaker resolver keeps too: :mod:`storyline.nlp.pronouns`)."""

    mentions: list[Mention] = field(default_factory=list)
    people: dict[str, list[Mention]] = field(default_factory=dict)
    genders: GenderMemory = field(default_factory=GenderMemory)


def _parse_sector(sector: str | None) -> tuple[str | None, bool]:
    """``"*GOV"`` -> ("GOV", inherit=True); ``"MIL"`` -> ("MIL", False)."""
    if sector and sector.startswith("*"):
        return sector[1:] or None, True
    return sector, False


# ---------------------------------------------------------------------- helpers
@lru_cache(maxsize=1)
def _country_names() -> dict[str, str]:
    return country_names()


def _country_name(code: str | None) -> str | None:
    return _country_names().get(code, code) if code else None


def _coordinated(toks: list[Tok]) -> bool:
    return any(t.text.lower() in ("and", "or", "&", ",", "/") for t in toks)


def _cameo(country: str | None, sector: str | None, org: Match | None) -> str | None:
    if org is not None and org.info.cameo:
        base = org.info.cameo
        if sector and sector != org.info.sector and sector not in base[3:]:
            return base + sector
        return base
    if country in INTERNATIONAL_CODES and sector == country:
        return country
    parts = [p for p in (country, sector) if p]
    return "".join(parts) or None


def _is_sponsor(text: str, toks: list[Tok], match: Match) -> bool:
    """ "Iran-backed", "U.S.-trained", "pro-Russian", "anti-American": not the actor itself."""
    after = text[toks[match.last].end : toks[match.last].end + 20].lower()
    m = re.match(r"-\s*(\w+)", after)
    if m and m.group(1) in SPONSOR_WORDS:
        return True
    before = text[max(0, toks[match.first].start - 5) : toks[match.first].start].lower()
    return before.endswith(ATTITUDE_PREFIXES)


def _entity_extent(token: Any) -> tuple[int, int]:
    first = last = token.i
    doc = token.doc
    while first > 0 and doc[first].ent_iob_ == "I":
        first -= 1
    while last + 1 < len(doc) and doc[last + 1].ent_iob_ == "I":
        last += 1
    return first, last


def _inside_person_name(toks: list[Tok], first: int, last: int) -> bool:
    """A match lies inside a longer PERSON name ("Jordan" in "Michael Jordan").

    spaCy's small model also tags some countries as PERSON ("Sri Lanka", "Benin"): a match that
    is the whole entity, or is followed by a possessive ("Jordan's King Abdullah"), is kept.
    """
    extent = toks[first].person_extent
    if extent is None:
        return False
    if extent == (toks[first].i, toks[last].i):
        return False
    return not (last + 1 < len(toks) and toks[last + 1].text in ("'s", "\u2019s"))


def _person_name(toks: list[Tok], head: int) -> str | None:
    """The person the phrase names: the PERSON entity at (or in apposition to) the head."""
    if not toks[head].person:
        return None
    first = last = head
    while first > 0 and toks[first - 1].person and toks[first - 1].i == toks[first].i - 1:
        first -= 1
    while last + 1 < len(toks) and toks[last + 1].person and toks[last + 1].i == toks[last].i + 1:
        last += 1
    name = " ".join(t.text for t in toks[first : last + 1])
    return re.sub(r"\s*'s$", "", name).strip() or None


def _role_text(text: str, toks: list[Tok], person_tokens: list[int]) -> str | None:
    rest = [t for k, t in enumerate(toks) if k not in person_tokens]
    # The longest run of consecutive words that is not the name.
    runs: list[list[Tok]] = []
    for t in rest:
        if runs and t.i == runs[-1][-1].i + 1:
            runs[-1].append(t)
        else:
            runs.append([t])
    runs = [[t for t in run if t.text not in (",", "(", ")", "-", "--")] for run in runs]
    runs = [run for run in runs if run]
    if not runs:
        return None
    run = max(runs, key=len)
    while run and run[0].text.lower() in DETERMINERS:
        run = run[1:]
    if not run:
        return None
    return text[run[0].start : run[-1].end].strip() or None


def _trim(text: str, toks: list[Tok]) -> tuple[int, int]:
    """Span of the phrase without leading determiners or trailing punctuation."""
    kept = list(toks)
    while len(kept) > 1 and (
        kept[0].text.lower() in DETERMINERS - {"its", "their"} or not kept[0].text.strip(",;:")
    ):
        kept = kept[1:]
    while len(kept) > 1 and not kept[-1].text.strip(",;:()\"'"):
        kept = kept[:-1]
    return kept[0].start, kept[-1].end


def _earlier_person(state: ArticleActors, name: str, before: int) -> Mention | None:
    surname = name.split()[-1].lower()
    for mention in reversed(state.people.get(surname, [])):
        if mention.start < before:
            full = mention.actor.name or ""
            words = name.lower().split()
            if len(words) == 1 or full.lower().split()[0] == words[0]:
                return mention
    return None


def _is_person(actor: Actor) -> bool:
    return actor.kind == "person"


def _is_collective(actor: Actor) -> bool:
    return actor.kind in ("country", "organization", "group") and (actor.country or actor.sector) is not None


def _is_plural(actor: Actor) -> bool:
    return actor.kind in ("group", "organization", "country")


def _has_country(actor: Actor) -> bool:
    return bool(actor.country) and actor.country not in INTERNATIONAL_CODES and actor.kind == "country"


def _is_group(actor: Actor) -> bool:
    return actor.kind in ("group", "organization") and actor.sector in (
        "REB",
        "UAF",
        "OPP",
        "NGO",
        "IGO",
        "CRM",
    )


# ---------------------------------------------------------------------- phrases
_MODIFIER_DEPS = MODIFIER_DEPS


def _actor_head(span: Any) -> Any:
    """The noun an actor phrase is about: "Iran" in "Iran's Revolutionary Guards" -> "Guards"."""
    root = span.root
    for _ in range(6):
        head = root.head
        if head.i == root.i:
            break
        if root.dep_ in _MODIFIER_DEPS and head.pos_ in ("NOUN", "PROPN"):
            root = head
        elif root.dep_ == "conj" and head.dep_ in _MODIFIER_DEPS and head.head.pos_ in ("NOUN", "PROPN"):
            root = head
        else:
            break
    return root


def _phrase_tokens(head: Any, actor_head: bool = True) -> list[Any]:
    """The words that describe the actor: modifiers, names, appositions, "of/in/for" phrases.

    When the head is no actor word ("Trump's killing of a commander") only its left modifiers
    describe the actor: the "of" phrase is another participant.
    """
    keep = {head.i: head}
    for child in head.lefts:
        if child.dep_ in ("relcl", "acl", "punct", "cc", "conj"):
            continue
        for t in child.subtree:
            keep[t.i] = t
    for child in head.rights:
        if not actor_head and child.dep_ not in ("compound", "flat"):
            continue
        if child.dep_ in ("compound", "flat", "appos", "nmod", "amod") or (
            child.dep_ == "prep" and child.lower_ in DESCRIBING_PREPS
        ):
            for t in child.subtree:
                if t.dep_ in ("relcl", "acl") or t.i - head.i > 12:
                    break
                keep[t.i] = t
        elif child.dep_ == "punct" and child.text == "," and any(c.dep_ == "appos" for c in head.rights):
            keep[child.i] = child
    # Names split by the parser ("Javad" compound of "Zarif") are kept whole.
    if head.ent_type_ == "PERSON":
        doc = head.doc
        for step in (-1, 1):
            k = head.i
            while 0 <= k < len(doc) and doc[k].ent_type_ == "PERSON":
                keep[k] = doc[k]
                k += step
    return [keep[i] for i in sorted(keep)]


_TOKEN_RE = re.compile(r"[A-Za-z](?:\.[A-Za-z])+\.?|\w+(?:['\u2019]\w+)*|'s|[^\w\s]")


def _tokenise(phrase: str) -> list[Tok]:
    toks: list[Tok] = []
    for m in _TOKEN_RE.finditer(phrase):
        text = m.group(0)
        if text.endswith(("'s", "\u2019s")) and len(text) > 2:
            toks.append(Tok(text[:-2], m.start(), m.end() - 2, len(toks)))
            toks.append(Tok(text[-2:], m.end() - 2, m.end(), len(toks)))
        else:
            toks.append(Tok(text, m.start(), m.end(), len(toks)))
    return toks


def _mark_plain_names(toks: list[Tok], matches: list[Match]) -> None:
    """Without a parse, capitalised words no entry covers, after a person's role, are a name."""
    if not any(m.info.is_role and m.info.kind == "person" for m in matches):
        return
    covered = {k for m in matches for k in range(m.first, m.last + 1)}
    after_role = min(m.last for m in matches if m.info.is_role and m.info.kind == "person")
    for k, t in enumerate(toks):
        if k > after_role and k not in covered and t.text[:1].isupper():
            t.person = True


#: Words after which an unparsed noun phrase's head is over: "troops based in", "forces loyal to".
_HEAD_STOPS = DESCRIBING_PREPS | words("head_stop_words")


def _plain_head(toks: list[Tok]) -> int:
    """Head of an unparsed English noun phrase: the last word before "of/in/for/,"."""
    head = len(toks) - 1
    for k, t in enumerate(toks):
        if k and (t.text.lower() in _HEAD_STOPS or t.text in (",", "(")):
            head = k - 1
            break
    while head > 0 and not re.match(r"\w", toks[head].text):
        head -= 1
    return head
