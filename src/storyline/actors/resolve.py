"""Actor normalisation: a noun phrase in an article -> country + sector (CAMEO/PLOVER style).

``ActorResolver.lookup("IRGC")`` reads the lexicon (see :mod:`storyline.actors.lexicon`);
``ActorResolver.resolve(adoc, span)`` reads a phrase of a parsed article: it combines the
words of the phrase ("Iranian" + "Foreign Minister" + "Javad Zarif" -> IRN GOV, a person),
and resolves pronouns, "the country", "the group" and bare surnames to the last compatible
actor mentioned before them in the same article (state kept in ``adoc.actor_mentions``).

Composition follows CAMEO: the country comes from the named organisation or the outermost
country modifier, the sector from the head word ("troops" -> MIL) or, for words such as
"spokesman" or "officials", from the organisation beside it ("Pentagon spokesman" -> MIL).
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache
from typing import Any, Literal

from storyline.actors.lexicon import ActorInfo, Lexicon, build_lexicon
from storyline.actors.mentions import (
    ArticleActors,
    Match,
    Mention,
    Tok,
    _actor_head,
    _cameo,
    _coordinated,
    _country_name,
    _earlier_person,
    _entity_extent,
    _has_country,
    _inside_person_name,
    _is_collective,
    _is_group,
    _is_person,
    _is_plural,
    _is_sponsor,
    _mark_plain_names,
    _parse_sector,
    _person_name,
    _phrase_tokens,
    _plain_head,
    _role_text,
    _tokenise,
    _trim,
)
from storyline.lang import words
from storyline.model import Actor
from storyline.nlp.doctext import doc_text

__all__ = ["ActorInfo", "ActorResolver", "get_resolver"]

#: Words that make an office holder a former one: "former President X" is an elite (ELI).
FORMER_WORDS = words("former_words")


OFFICE_SECTORS = frozenset({"GOV", "LEG", "MIL", "JUD"})


PERSON_PRONOUNS = words("person_pronouns")


THING_PRONOUNS = frozenset({"it", "its", "itself"})


PLURAL_PRONOUNS = words("plural_pronouns")


#: Definite descriptions that point back to a country or a group already named.
COUNTRY_ANAPHORS = words("country_anaphors")


GROUP_ANAPHORS = words("group_anaphors")


class ActorResolver:
    def __init__(self, lexicon: Lexicon | None = None):
        self.lexicon = lexicon or build_lexicon()

    # ------------------------------------------------------------------ dictionary
    def lookup(self, phrase: str) -> ActorInfo | None:
        """What the lexicon and role words say about a phrase, without an article around it.

        Exact entries win ("the Pentagon", "IRGC"); otherwise the words are combined
        ("Kenyan police" -> KEN COP, "Russian civilian advisers" -> RUS CVL).
        """
        phrase = phrase.strip().strip(",;:")
        if phrase.endswith(".") and not re.search(r"\b[A-Za-z]\.[A-Za-z]\.$", phrase):
            phrase = phrase[:-1].rstrip()
        if not phrase:
            return None
        exact = self.lexicon.find(phrase)
        if exact is not None:
            if exact.is_role:
                sector, _ = _parse_sector(exact.sector)
                return ActorInfo(name=exact.name, sector=sector, kind=exact.kind, is_role=True)
            if exact.people and exact.sector is None:
                # "Iraqis", "Kurds": the people themselves, civilians in CAMEO.
                exact = replace(exact, sector="CVL", kind="group")
            kind = "organization" if exact.kind in ("igo", "ngo") else exact.kind
            return replace(exact, kind=kind, cameo=exact.cameo_code)
        toks = _tokenise(phrase)
        if not toks:
            return None
        _mark_plain_names(toks, self._matches(phrase, toks))
        composed = self._compose(phrase, toks, _plain_head(toks))
        if composed is None:
            return None
        return ActorInfo(
            name=composed["name"] or phrase,
            country=composed["country"],
            sector=composed["sector"],
            kind=composed["kind"],
            cameo=composed["cameo"],
        )

    # ------------------------------------------------------------------ in an article
    def resolve(self, adoc: Any, span: Any) -> Actor | None:
        """The actor a noun phrase of the article names; ``None`` when it names none."""
        state = self._article_state(adoc)
        return self._resolve_span(adoc.doc, span, state, use_coreference=True)

    def actors_in(self, adoc: Any) -> list[Actor]:
        """Every actor mention found in the article, in text order."""
        return [m.actor for m in self._article_state(adoc).mentions]

    def _article_state(self, adoc: Any) -> ArticleActors:
        state = adoc.actor_mentions
        if isinstance(state, ArticleActors):
            return state
        state = ArticleActors()
        adoc.actor_mentions = state
        doc = adoc.doc
        seen_heads: set[int] = set()
        candidates = list(doc.noun_chunks) + [
            ent for ent in doc.ents if ent.label_ in ("PERSON", "ORG", "GPE", "NORP")
        ]
        candidates.sort(key=lambda s: (s.start, -len(s)))
        for span in candidates:
            head = _actor_head(span)
            if head.i in seen_heads or head.pos_ == "PRON":
                continue
            seen_heads.add(head.i)
            actor = self._resolve_span(doc, span, state, use_coreference=True)
            if actor is None:
                continue
            mention = Mention(actor.span[0], actor.span[1], actor)
            state.mentions.append(mention)
            if actor.kind == "person" and actor.name:
                # "Mrs Thatcher", "the Queen", "spokeswoman Jane Doe": her gender, for he/she.
                before = doc[span.start - 1].lower_.rstrip(".") if span.start else ""
                state.genders.note(actor.name, [before, *(t.lower_ for t in span)])
            if actor.kind == "person" and actor.name and len(actor.name.split()) >= 2:
                state.people.setdefault(actor.name.split()[-1].lower(), []).append(mention)
        state.mentions.sort(key=lambda m: m.start)
        return state

    def _resolve_span(self, doc: Any, span: Any, state: ArticleActors, use_coreference: bool) -> Actor | None:
        head = _actor_head(span)
        if use_coreference:
            anaphor = self._resolve_anaphor(doc, span, head, state)
            if anaphor is not False:
                return anaphor
        tokens = _phrase_tokens(head, actor_head=self._is_actor_word(head))
        cut = _dateline_end(doc_text(doc))
        if 0 < cut <= head.idx:
            # "BUENOS AIRES, March 16 - West German President ...": the dateline is not the actor's.
            tokens = [t for t in tokens if t.idx >= cut] or tokens
        toks = [
            Tok(
                t.text,
                t.idx,
                t.idx + len(t.text),
                t.i,
                person=t.ent_type_ == "PERSON",
                pos=t.pos_,
                person_extent=_entity_extent(t) if t.ent_type_ == "PERSON" else None,
            )
            for t in tokens
        ]
        head_index = next(k for k, t in enumerate(toks) if t.i == head.i)
        if (
            use_coreference
            and head.text[:1].isupper()
            and head.pos_ in ("PROPN", "NOUN")
            and not toks[head_index].person
        ):
            # spaCy often misses a lone surname; one already seen in a full name is a person, and
            # so is a leader's listed surname ("Trump urges Putin ..." in a headline).
            known = self.lexicon.find(head.text)
            if (
                _earlier_person(state, head.text, head.idx) is not None
                and getattr(known, "kind", "person") == "person"
            ) or getattr(known, "kind", None) == "person":
                toks[head_index].person = True
        composed = self._compose(doc_text(doc), toks, head_index, focus=range(span.start, span.end))
        if composed is None:
            return None
        # A bare surname ("Trump") takes what its full-name mention said ("President Donald Trump").
        if composed["kind"] == "person" and composed["name"] and use_coreference:
            earlier = _earlier_person(state, composed["name"], toks[0].start)
            if earlier is not None:
                for key in ("country", "sector", "role", "cameo"):
                    composed[key] = composed[key] or getattr(earlier.actor, key)
                if len(composed["name"].split()) == 1:
                    composed["name"] = earlier.actor.name
                composed["confidence"] = max(composed["confidence"], 0.8 * earlier.actor.confidence)
        if composed["country"] is None:
            # "the country's military": the country is the one last named.
            owner = next((t for t in tokens if t.dep_ == "poss" and t.lower_ in COUNTRY_ANAPHORS), None)
            antecedent = self._resolve_anaphor(doc, span, owner, state) if owner is not None else None
            if isinstance(antecedent, Actor) and antecedent.country:
                composed["country"] = antecedent.country
                composed["cameo"] = _cameo(antecedent.country, composed["sector"], None)
                composed["confidence"] *= 0.8
        start, end = _trim(doc_text(doc), toks)
        return Actor(
            text=doc_text(doc)[start:end],
            name=composed["name"],
            country=composed["country"],
            sector=composed["sector"],
            kind=composed["kind"],
            role=composed["role"],
            cameo=composed["cameo"],
            span=(start, end),
            confidence=round(composed["confidence"], 3),
        )

    def _resolve_anaphor(
        self, doc: Any, span: Any, head: Any, state: ArticleActors
    ) -> Actor | None | Literal[False]:
        """Pronouns and "the country"/"the group": the last compatible earlier actor.

        Returns ``False`` when the phrase is not an anaphor at all.
        """
        word = head.text.lower()
        det = next((c.lower_ for c in head.children if c.dep_ == "det"), None)
        if head.pos_ == "PRON" or (head.tag_ == "PRP$"):
            if word in PERSON_PRONOUNS:
                # never a person of the other gender ("she" after "Mr Smith", nlp.pronouns)
                def wanted(actor: Actor) -> bool:
                    return _is_person(actor) and state.genders.compatible(actor.name, word)
            elif word in THING_PRONOUNS:
                wanted = _is_collective
            elif word in PLURAL_PRONOUNS:
                wanted = _is_plural
            else:
                return None
        elif word in COUNTRY_ANAPHORS and any(c.tag_ == "PRP$" for c in head.children):
            # "his country": the country of the person the pronoun refers to.
            owner = next(c for c in head.children if c.tag_ == "PRP$")
            holder = self._resolve_anaphor(doc, span, owner, state)
            if not isinstance(holder, Actor) or not holder.country:
                return None
            return Actor(
                text=doc_text(doc)[owner.idx : head.idx + len(head.text)],
                name=_country_name(holder.country),
                country=holder.country,
                kind="country",
                cameo=holder.country,
                span=(owner.idx, head.idx + len(head.text)),
                confidence=round(0.9 * holder.confidence, 3),
            )
        elif det == "the" and not any(c.dep_ in ("amod", "compound", "poss") for c in head.children):
            if word in COUNTRY_ANAPHORS:
                wanted = _has_country
            elif word in GROUP_ANAPHORS:
                wanted = _is_group
            else:
                return False
        else:
            return False
        start = head.idx
        for mention in reversed(state.mentions):
            if mention.end <= start and wanted(mention.actor):
                antecedent = mention.actor
                if antecedent.kind == "person" and antecedent.name and word in PERSON_PRONOUNS:
                    state.genders.assume(antecedent.name, word)
                country_only = wanted is _has_country
                return Actor(
                    text=head.text,
                    name=_country_name(antecedent.country) if country_only else antecedent.name,
                    country=antecedent.country,
                    sector=None if country_only else antecedent.sector,
                    kind="country" if country_only else antecedent.kind,
                    role=None if country_only else antecedent.role,
                    cameo=antecedent.country if country_only else antecedent.cameo,
                    span=(head.idx, head.idx + len(head.text)),
                    confidence=round(0.7 * antecedent.confidence, 3),
                )
        return None

    # ------------------------------------------------------------------ composition
    def _matches(self, text: str, toks: list[Tok]) -> list[Match]:
        """Longest lexicon matches over consecutive words, left to right."""
        out: list[Match] = []
        k = 0
        limit = self.lexicon.max_words + 3  # hyphens and "'s" make more tokens than words
        while k < len(toks):
            found = None
            for last in range(min(len(toks), k + limit) - 1, k - 1, -1):
                if toks[last].i - toks[k].i != last - k:
                    continue  # not consecutive in the text
                info = self.lexicon.find(text[toks[k].start : toks[last].end])
                if info is None:
                    continue
                # Names inside a person's name are not actors: "Jordan" in "Michael Jordan".
                if (
                    not info.is_role
                    and info.kind != "person"
                    and _inside_person_name(toks, k, last)
                    and not self._all_known(toks, k, last)
                ):
                    continue
                # A bare surname from the leaders table must be a person in the parse ("Assad"
                # in "Al Assad air base" is a place) or follow a title ("President Assad").
                if (
                    info.kind == "person"
                    and not info.is_role
                    and k == last
                    and toks[k].pos
                    and not toks[k].person
                ):
                    before = self.lexicon.find(toks[k - 1].text) if k > 0 else None
                    if not (before is not None and before.is_role and before.kind == "person"):
                        continue
                found = Match(k, last, info)
                break
            if found is None:
                k += 1
                continue
            found.sponsor = _is_sponsor(text, toks, found)
            if found.info.kind == "demonym" and k > 0 and toks[k - 1].text.lower() == "ethnic":
                # "ethnic Albanians in Serbia": a community, not the state of Albania.
                found.info = replace(found.info, kind="ethnic", country=None, people=True)
            out.append(found)
            k = found.last + 1
        return out

    def _is_actor_word(self, head: Any) -> bool:
        """A head that can name an actor by itself: a name, or a lexicon or role word."""
        if head.pos_ in ("PROPN", "PRON") or head.ent_type_ in ("PERSON", "ORG", "GPE", "NORP"):
            return True
        return self.lexicon.find(head.text) is not None or self.lexicon.find(head.lemma_) is not None

    def _all_known(self, toks: list[Tok], first: int, last: int) -> bool:
        """Every other word of the PERSON entity is an actor word too: "Bosnian Serbs" is no name."""
        extent = toks[first].person_extent
        others = [t for k, t in enumerate(toks) if t.person_extent == extent and not first <= k <= last]
        return bool(others) and all(self.lexicon.find(t.text) is not None for t in others)

    def _compose(
        self, text: str, toks: list[Tok], head: int, focus: range | None = None
    ) -> dict[str, Any] | None:
        matches = self._matches(text, toks)
        person = _person_name(toks, head)
        if person is not None and any(
            not m.info.is_role
            and m.first <= head <= m.last
            and (not _inside_person_name(toks, m.first, m.last) or self._all_known(toks, m.first, m.last))
            for m in matches
        ):
            person = None  # a country or organisation that spaCy tagged PERSON
        if not matches and person is None:
            return None

        def covers(m: Match, k: int) -> bool:
            return m.first <= k <= m.last

        head_match = next((m for m in matches if covers(m, head)), None)
        pre = [m for m in matches if m.last <= head or covers(m, head)]
        post = [m for m in matches if m.first > head]

        named = ("organization", "igo", "ngo", "group", "person")
        places = ("country", "demonym", "capital")
        orgs_pre = [m for m in pre if not m.info.is_role and m.info.kind in named]
        orgs_post = [m for m in post if not m.info.is_role and m.info.kind in named]
        lands_pre = [m for m in pre if not m.info.is_role and m.info.kind in places and not m.sponsor]
        if focus is not None and _coordinated(toks):
            # "US and British forces", asked about "British forces": the words asked about win.
            focused = [m for m in lands_pre if toks[m.first].i in focus]
            lands_pre = focused or lands_pre
            focused_orgs = [m for m in orgs_pre if toks[m.first].i in focus]
            orgs_pre = focused_orgs or orgs_pre
        org = (
            head_match
            if head_match and not head_match.info.is_role and head_match.info.kind in named
            else (orgs_pre[-1] if orgs_pre else (orgs_post[0] if orgs_post else None))
        )
        lands_post = [m for m in post if not m.info.is_role and m.info.kind in places and not m.sponsor]
        ethnic = [m for m in pre + post if m.info.kind == "ethnic"]

        # Country: the organisation when it is the head; otherwise the outermost modifier.
        country_from: Match | None = None
        listed_person = org is not None and org.info.kind == "person"
        if org is not None and (org is head_match or not lands_pre) and not (listed_person and lands_pre):
            country_from = org if org.info.country else None
        if country_from is None and lands_pre:
            country_from = lands_pre[0]
            if org is not None and org.first < lands_pre[0].first and org.info.country:
                country_from = org
        if country_from is None and org is not None and org.info.country:
            country_from = org
        if country_from is None and lands_post:
            country_from = lands_post[0]
        if country_from is None:
            country_from = next((m for m in ethnic if m.info.country), None)
        country = country_from.info.country if country_from else None

        # Sector: the head word, else the organisation, else a role modifier.
        roles_pre = [m for m in pre if m.info.is_role]
        roles_post = [m for m in post if m.info.is_role]
        head_role = head_match if head_match and head_match.info.is_role else None
        sector: str | None = None
        if head_role is not None:
            sector, inherit = _parse_sector(head_role.info.sector)
            if inherit:
                concrete = [
                    _parse_sector(m.info.sector)[0]
                    for m in roles_pre[:-1][::-1] + roles_post
                    if not _parse_sector(m.info.sector)[1]
                ]
                sector = (org.info.sector if org else None) or (concrete[0] if concrete else None) or sector
        elif org is not None and (org is head_match or person is None and head_match is None):
            sector = org.info.sector
            stated = [m for m in roles_pre[::-1] + roles_post if not _parse_sector(m.info.sector)[1]]
            if listed_person and stated:
                # "Palestinian Prime Minister Ismail Haniyeh": the stated office wins over the table.
                sector = _parse_sector(stated[0].info.sector)[0]
        else:
            concrete_roles = [m for m in roles_pre[::-1] + roles_post if not _parse_sector(m.info.sector)[1]]
            inheriting = [m for m in roles_pre[::-1] + roles_post if _parse_sector(m.info.sector)[1]]
            if concrete_roles and not (org and inheriting and inheriting[0].first < concrete_roles[0].first):
                sector = _parse_sector(concrete_roles[0].info.sector)[0]
            elif org is not None:
                sector = org.info.sector
            elif inheriting:
                sector = _parse_sector(inheriting[0].info.sector)[0]
        if sector is None and head_match is not None and head_match.info.people:
            sector = "CVL"  # "Iraqis", "Kurds": the people of a country or community
        if sector in OFFICE_SECTORS and any(t.text.lower() in FORMER_WORDS for t in toks[: head + 1]):
            sector = "ELI"  # CAMEO codes former office holders as elites
        if country is None and sector is None and person is None and org is None and head_match is None:
            return None

        # Kind and canonical name.
        name: str | None
        role_kinds = [m.info.kind for m in roles_pre + roles_post]
        if person is not None:
            kind, name = "person", person
        elif head_role is not None:
            kind, name = (
                head_role.info.kind,
                (
                    org.info.name
                    if org and org.info.kind != "person"
                    else (country_from.info.name if country_from else None)
                ),
            )
        elif head_match is not None and head_match.info.kind in named:
            kind, name = (
                ("organization" if head_match.info.kind in ("igo", "ngo") else head_match.info.kind),
                head_match.info.name,
            )
        elif head_match is not None and head_match.info.kind == "ethnic":
            kind, name = "group", head_match.info.name
        elif head_match is not None and head_match.info.people:
            kind, name = "group", head_match.info.name
        elif head_match is not None:
            kind, name = "country", head_match.info.name
        else:
            # The head names no actor ("IRGC statement"): the actor is its owner.
            owner_kind = org.info.kind if org is not None else None
            if "group" in role_kinds:
                kind = "group"
            elif owner_kind in ("person", "group"):
                kind = owner_kind
            elif org is not None:
                kind = "organization"
            else:
                kind = "country" if country_from else "organization"
            name = org.info.name if org else (country_from.info.name if country_from else None)

        # Stated role of a person: the phrase without the name ("Pentagon spokesman").
        role = None
        if kind == "person" and (roles_pre or roles_post):
            role = _role_text(text, toks, person_tokens=[k for k, t in enumerate(toks) if t.person])

        cameo = _cameo(country, sector, org if org is country_from else None)
        confidence = 0.9 if (org is not None and org is head_match) or person else 0.8
        if country is None:
            confidence -= 0.2
        if country_from is not None and country_from.info.kind == "capital":
            confidence -= 0.1
        return {
            "name": name,
            "country": country,
            "sector": sector,
            "kind": kind,
            "role": role,
            "cameo": cameo,
            "confidence": max(0.3, confidence),
        }


#: A dateline at the very start of the text: it belongs to no actor's phrase.
_DATELINE_AT_START = re.compile(
    r"^\s*(?:[Tt]his story is from [^\n]{3,40}\n\s*)?(?:[A-Z][A-Z.'\- ]{1,30}[A-Z.]|[a-z][a-z.'\- /]{1,30}[a-z])"
    r"(?:,\s*[A-Za-z][A-Za-z.'\- ]{1,25}?)?(?:,?\s+(?:[A-Za-z]{3,9}\.?\s+\d{1,2}|\d{1,2}\s+[A-Za-z]{3,9}))?"
    r"\s*(?:\([A-Za-z .]{2,25}\))?\s*(?::|-|\u2013|\u2014)\s*"
)


@lru_cache(maxsize=64)
def _dateline_end(text: str) -> int:
    """Where the article's dateline ("LONDON (Reuters) -", "mumbai:") ends; 0 when there is none."""
    match = _DATELINE_AT_START.match(text[:200])
    return match.end() if match else 0


@lru_cache(maxsize=1)
def get_resolver() -> ActorResolver:
    """The process-wide resolver: the lexicon is built once."""
    return ActorResolver()
