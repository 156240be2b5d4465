"""Group an article's event mentions into distinct real-world incidents and fill their fields.

One incident is what ACLED or UCDP would code once: "Israeli aircraft struck a UN school,
killing 15 and wounding dozens ... The school was hit twice ... 15 were killed in the attack"
is one air strike with three to six mentions. Mentions join an incident when they belong to the
same type family (violence, protest, coercion) and nothing they say conflicts with it — date,
place named in their own sentence, perpetrator's country, timing — and something ties them to it:
the same sentence, an implicit or coreferent description ("the attack", "the blast", "the school
was hit" with no attacker), or the same perpetrator at a compatible place. Otherwise a mention
starts a new incident.

Fields across the mentions: the most informative mention gives the types and the span; actor1
is the best-resolved perpetrator (inferred from context when no mention names one, marked
``by="inferred"``); victims are the people harmed; the date is the most precise one; the place
the most specific supported one; fatalities and injured are UCDP-style best/low/high over the
figures of the mentions and their sources.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from storyline.incidents.filters import not_an_incident, trigger_token
from storyline.incidents.lexicon import (
    AMBIGUOUS_TRIGGERS,
    ANAPHORS,
    CROWD_WORDS,
    FAMILIES,
    NATURAL_CAUSES,
    PLOVER_FAMILIES,
    POLICE_WORDS,
    SPORTS_WORDS,
    STATE_SECTORS,
)
from storyline.incidents.timing import (
    CUMULATIVE_TOLL,
    aftermath_frame,
    aftermath_words,
    is_background,
    main_clause,
    reference_day,
)
from storyline.model import Actor, DateInfo, Event, Incident, Place


def family(event: Event) -> str | None:
    """violence, protest or coercion; None for what is no incident (statements, visits, aid). CAMEO's
    fighting roots (18-20: "occupy territory" too) are violence; otherwise PLOVER's type decides
    (1712 "destroy property" is an ASSAULT), then the CAMEO root."""
    root = event.cameo_root or (event.cameo_code[:2] if event.cameo_code else None)
    if FAMILIES.get(root or "") == "violence":
        return "violence"
    if event.plover_type in PLOVER_FAMILIES:
        return PLOVER_FAMILIES[event.plover_type]
    return FAMILIES.get(root or "")


@dataclass
class Mention:
    event: Event
    family: str
    sentence: int
    sentence_text: str
    #: True: dated well before the report or told as history; False: dated now; None: undated.
    background: bool | None
    background_why: str
    own_places: list[Place]
    #: The mention's perpetrator, unless it is the dateline's words ("GAZA CITY (Reuters)").
    actor1: Actor | None = None
    #: Spans of its casualty figures that count a whole wave of violence, not this incident.
    cumulative: frozenset[tuple[int, int]] = frozenset()


@dataclass
class Group:
    family: str
    mentions: list[Mention] = field(default_factory=list)

    @property
    def sentences(self) -> set[int]:
        return {m.sentence for m in self.mentions}

    @property
    def last(self) -> int:
        return max(m.sentence for m in self.mentions)

    @property
    def background(self) -> bool | None:
        """True when a mention dates it to the past and none to the present; None when none is dated."""
        known = {m.background for m in self.mentions if m.background is not None}
        return None if not known else (known == {True})

    def actor1_country(self) -> str | None:
        for m in self.mentions:
            if m.actor1 is not None and m.actor1.country and m.actor1.confidence >= 0.4:
                return m.actor1.country
        return None

    def places(self) -> list[Place]:
        return [p for m in self.mentions for p in m.own_places]

    def dates(self) -> list[DateInfo]:
        return [m.event.date for m in self.mentions if m.event.date is not None and m.event.date.value]


def _words(text: str | None) -> set[str]:
    return set(re.findall(r"[a-z]+", (text or "").lower()))


def _natural(event: Event) -> bool:
    """A disaster or an accident told with a killing verb: "the tsunami killed 230,000"."""
    return bool(_words(event.actor1.text if event.actor1 else None) & NATURAL_CAUSES) or bool(
        _words(event.trigger.text) & NATURAL_CAUSES
    )


def _sports(event: Event, sentence: str, article_words: set[str]) -> bool:
    """A violence word in a sports report: the trigger is ambiguous and the report is about sport."""
    trigger = _words(event.trigger.text)
    if not trigger & AMBIGUOUS_TRIGGERS or any(c.kind == "killed" and c.count for c in event.casualties):
        return False
    return len(article_words & SPORTS_WORDS) >= 3 or len(_words(sentence) & SPORTS_WORDS) >= 1


def _weapons_seized(event: Event) -> bool:
    """A seizure of arms or equipment ("captured substantial amounts of weaponry") is no attack on anyone."""
    from storyline.events import coding

    lemma = (event.trigger.lemma or event.trigger.text).lower()
    if lemma not in {"capture", "seize", "confiscate", "recover", "impound", "take", "find", "grab", "loot"}:
        return False
    words = re.findall(r"[a-z]+", (event.actor2.text if event.actor2 else "").lower()) + _clause_words(event)
    return coding.find_instrument(words) is not None or bool(
        set(words) & {"weaponry", "weapons", "arms", "ammunition", "explosives", "cash"}
    )


def _clause_words(event: Event) -> list[str]:
    """Words of the event's sentence after its trigger (its object and what follows)."""
    text = event.text or ""
    at = text.lower().find(event.trigger.text.lower())
    return re.findall(r"[a-z]+", text[at:].lower())[:12] if at >= 0 else []


def _crowd(actor: Actor | None) -> bool:
    return actor is not None and bool(_words(actor.text) & CROWD_WORDS)


def _same_place(a: Place, b: Place) -> bool:
    if a.gazetteer_id and a.gazetteer_id == b.gazetteer_id:
        return True
    if (a.name or a.text).lower() == (b.name or b.text).lower():
        return True
    if a.country and b.country and a.country != b.country:
        return False
    # one contains the other: a country, a province holding the city, or unknown precision
    coarse = {"country", "region", "admin1", "unknown"}
    if a.precision in coarse or b.precision in coarse:
        for x, y in ((a, b), (b, a)):
            if x.precision in ("country", "region", "unknown"):
                return True
            if x.precision == "admin1" and (y.admin1 or "").lower() in (
                (x.name or "").lower(),
                x.text.lower(),
            ):
                return True
        return a.precision == "unknown" or b.precision == "unknown"
    return False


def _places_compatible(a: list[Place], b: list[Place]) -> bool:
    if not a or not b:
        return True
    specific_a = [p for p in a if p.precision not in ("country", "region")] or a
    specific_b = [p for p in b if p.precision not in ("country", "region")] or b
    return any(_same_place(x, y) for x in specific_a for y in specific_b)


_WEEKDAYS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}
RELATIVE_WORDS = _WEEKDAYS | {"today", "yesterday", "tonight", "overnight", "morning", "night"}


def _dates_compatible(a: DateInfo | None, b: DateInfo | None) -> bool:
    if a is None or b is None:
        return True
    if a.value and b.value:
        n = min(len(a.value), len(b.value), 10)
        return a.value[:n] == b.value[:n]
    wa, wb = _words(a.text) & _WEEKDAYS, _words(b.text) & _WEEKDAYS
    return not (wa and wb and not wa & wb)


def _actor_missing(actor: Actor | None) -> bool:
    return actor is None or actor.confidence < 0.3 or actor.text.lower() in ("it", "they", "he", "she", "who")


def _same_actor(a: Actor | None, b: Actor | None) -> bool:
    if a is None or b is None:
        return False
    if a.country and a.country == b.country:
        return True
    wa, wb = _words(a.name or a.text), _words(b.name or b.text)
    return bool(wa & wb - {"the", "of", "a"})


def _conflicts(group: Group, m: Mention, reference: date | None = None) -> bool:
    if group.background is not None and m.background is not None and group.background != m.background:
        return True
    own = m.event.date
    if (
        reference is not None
        and own is not None
        and own.value
        and own.precision == "day"
        and not group.dates()
    ):
        # "the tanker Avaj was hit on Saturday" beside today's raids with no date of their own
        try:
            if (reference - date.fromisoformat(own.value[:10])).days > 1:
                return True
        except ValueError:
            pass
    if not _places_compatible(group.places(), m.own_places):
        return True
    if any(not _dates_compatible(d, m.event.date) for d in group.dates()):
        return True
    country = group.actor1_country()
    actor = m.actor1
    if (
        country
        and actor is not None
        and actor.country
        and actor.confidence >= 0.4
        and actor.country != country
    ):
        return True
    return False


def _state(actor: Actor | None) -> bool:
    return actor is not None and (
        (actor.sector or "") in STATE_SECTORS or bool(_words(actor.text) & POLICE_WORDS)
    )


def _lemma(event: Event) -> str:
    return (event.trigger.lemma or event.trigger.text).lower()


#: CAMEO codes of arrests and detentions: coercion of people, not of property.
ARREST_CODES = ("173", "174")


def _property(m: Mention) -> bool:
    """Looting or destruction of property ("30 shops were looted and destroyed"), not an arrest."""
    return m.family == "coercion" and not (m.event.cameo_code or "").startswith(ARREST_CODES)


def _retold(group: Group, m: Mention) -> bool:
    """ "Those arrested would be charged": the group's arrests told again, with no one of their own."""
    return _actor_missing(m.actor1) and any(
        x.family == m.family and _lemma(x.event) == _lemma(m.event) for x in group.mentions
    )


def _family_fits(group: Group, m: Mention) -> bool:
    if group.family == m.family:
        return True
    if m.sentence in group.sentences and {group.family, m.family} == {"violence", "coercion"}:
        # "looted and destroyed in the riots": one riot's looting and destruction
        return _property(m) or all(_property(x) for x in group.mentions if x.family == "coercion")
    if group.family == "protest" and m.family in ("violence", "coercion"):
        # police firing on the protesters, protesters stoning the police: the protest's own events
        return (
            _crowd(m.actor1)
            or _crowd(m.event.actor2)
            or m.sentence in group.sentences
            or (_state(m.actor1) and 0 <= m.sentence - group.last <= 2)
            or _retold(group, m)
        )
    if m.family == "protest" and group.family in ("violence", "coercion"):
        # "police arrested 30 residents ... following protests": the protest holds the arrests
        return m.sentence in group.sentences or any(_crowd(x.event.actor2) for x in group.mentions)
    return False


def _tie(group: Group, m: Mention) -> int:
    """How strongly ``m`` belongs to ``group`` (0: not at all)."""
    if m.sentence in group.sentences:
        return 4
    if group.family != m.family:
        return 2  # the protest's own police action or arrests (_family_fits let it in)
    if ANAPHORS.search(m.sentence_text) and m.sentence - group.last <= 6:
        return 3
    figures = {
        c.count for c in m.event.casualties if c.count and not c.negated and c.span not in m.cumulative
    }
    told = {
        c.count
        for x in group.mentions
        for c in x.event.casualties
        if c.count and not c.negated and c.span not in x.cumulative
    }
    if figures & told:
        return 3  # the same toll told again: "killing the nine French soldiers"
    if _actor_missing(m.actor1):
        return 2
    if any(_same_actor(x.actor1, m.actor1) for x in group.mentions):
        return 2 if m.own_places and group.places() else 1
    if group.family in ("protest", "coercion") and m.family == group.family:
        return 1  # one protest (or one round of arrests) per place and day, whoever is named
    return 0


def group_mentions(mentions: list[Mention], reference: date | None = None) -> list[Group]:
    groups: list[Group] = []
    for m in mentions:
        best: tuple[int, int, Group] | None = None
        for k, g in enumerate(groups):
            if not _family_fits(g, m) or _conflicts(g, m, reference):
                continue
            tie = _tie(g, m)
            if tie and g.background and m.background is None and tie < 3:
                tie = 0  # an undated mention joins a past incident only when it refers to it
            if tie and m.background and g.background is None and tie < 3:
                tie = 0  # and a past one joins an undated incident only when it refers to it
            if tie and (best is None or (tie, k) > best[:2]):
                best = (tie, k, g)
        new_place = best is not None and best[0] == 1 and m.own_places and not best[2].places()
        if best is None or (new_place and m.family != "protest"):
            groups.append(Group(m.family, [m]))
        else:
            best[2].mentions.append(m)
            if m.family == "protest":
                best[2].family = "protest"  # the arrests or the firing were the protest's
            elif m.family == "violence" and best[2].family == "coercion":
                best[2].family = "violence"  # the looting was the riot's
    return _merge_retold_tolls(groups, reference)


def _figures(group: Group) -> set[tuple[str, int]]:
    return {
        (c.kind, int(c.count))
        for m in group.mentions
        for c in m.event.casualties
        if c.count and c.count >= 2 and not c.negated and c.span not in m.cumulative
    }


def _merge_retold_tolls(groups: list[Group], reference: date | None) -> list[Group]:
    """A later group that tells an earlier one's toll again is that incident ("nine French peacekeepers
    were killed ... rebels bombing their positions and killing the nine French soldiers"): a mention
    ties to the group of its own sentence first, so the toll's tie is checked group to group."""
    out: list[Group] = []
    for group in groups:
        target = next(
            (
                g
                for g in out
                if g.family == group.family
                and _figures(g) & _figures(group)
                and not any(_conflicts(g, m, reference) for m in group.mentions)
            ),
            None,
        )
        if target is None:
            out.append(group)
        else:
            target.mentions.extend(group.mentions)
    return out


def incident_mentions(
    events: list[Event], places: list[Place], doc: Any, published: str | None, dates: list[DateInfo]
) -> list[Mention]:
    """The article's incident-worthy events, each with its sentence, own places and timing."""
    sentences = list(doc.sents)
    starts = [s.start_char for s in sentences]
    reference = reference_day(published, dates + [e.date for e in events if e.date is not None])
    # without a publication date, a lead told as "on Tuesday" speaks from now: absolute past years are history
    relative_now = not published and any(
        e.date is not None and not e.date.value and _words(e.date.text) & RELATIVE_WORDS for e in events
    )
    dateline_end = _dateline_end(doc.text)
    article_words = _words(doc.text)
    candidates = []
    for event in events:
        fam = family(event)
        if fam is None or _natural(event) or _weapons_seized(event):
            continue
        k = max(0, bisect.bisect_right(starts, event.span[0]) - 1)
        sent = sentences[k]
        if _sports(event, sent.text, article_words) or _URL.search(sent.text) or sent.text.count(" / ") >= 3:
            continue
        if not_an_incident(event, fam, doc, sent) is not None:
            continue
        candidates.append((event, fam, k, sent))
    # a report of a trial, a verdict, a memorial or a reopening: what nothing dates is history
    lead = [s for s in sentences if len(re.findall(r"[A-Za-z]{2,}", s.text)) >= 3][:2]  # not "www ."
    triggers = [trigger_token(doc, c[0].trigger.span) for c in candidates]
    frame = aftermath_frame(lead, triggers)
    in_sentence: dict[int, list[Any]] = {}
    for c, token in zip(candidates, triggers, strict=True):
        in_sentence.setdefault(c[2], []).append(token)
    mentions = []
    for event, fam, k, sent in candidates:
        own = [
            p for p in places if sent.start_char <= p.span[0] < sent.end_char and p.span[0] >= dateline_end
        ]
        background: bool | None
        when = event.date
        if when is not None and when.precision == "year" and doc.text[when.span[1] : when.span[1] + 1] == "-":
            when = None  # "a 2000-strong mob" is no year
        background, why = is_background(when, sent.text, None if relative_now else reference)
        if (
            not background
            and relative_now
            and when is not None
            and when.value
            and re.search(r"\b(1[5-9]|20)\d\d\b", when.text)
        ):
            background, why = True, f"dated {when.text!r} in a report told from the present"
        undated = when is None or (not when.value and not _words(when.text) & NOW_WORDS)
        if not background and undated:
            background = None  # undated: its incident's other mentions tell
            if frame is not None and not _words(sent.text) & NOW_WORDS:
                background, why = True, f"undated in a report of the aftermath ({frame!r})"
            elif fam == "violence" and _told_beside_aftermath(doc, sent, in_sentence[k]):
                background, why = True, f"undated, told beside {aftermath_words(sent.text)[0]!r}"
        actor1 = event.actor1
        if actor1 is not None and actor1.span[0] < dateline_end:
            actor1 = None
        cumulative = frozenset(
            c.span
            for c in event.casualties
            if CUMULATIVE_TOLL.search(sentences[max(0, bisect.bisect_right(starts, c.span[0]) - 1)].text)
        )
        mentions.append(Mention(event, fam, k, sent.text, background, why, own, actor1, cumulative))
    return mentions


#: Words that place a mention in the report's present ("on Tuesday", "yesterday").
NOW_WORDS = _WEEKDAYS | {"today", "yesterday", "tonight", "overnight"}


def _told_beside_aftermath(doc: Any, sent: Any, triggers: list[Any]) -> bool:
    """ "during the murder trial of Lopez": undated attacks told beside a trial, a verdict or a memorial,
    none of them what their sentence asserts, are history (not "a bomber attacked a memorial service")."""
    main = main_clause(sent).i
    return bool(aftermath_words(sent.text)) and not any(t is not None and t.i == main for t in triggers)


_URL = re.compile(r"https?\s*:\s*/\s*/|\bwww\s*\.|(?:\.\s*|\b)(?:com|org|net|co\s*\.\s*uk)\s*/\s*\w")
_DATELINE = re.compile(r"^\s*[A-Z][A-Za-z .,'-]{1,60}?(?:\([^)]{1,40}\))?\s*[-\u2013\u2014:]+\s")


def _dateline_end(text: str) -> int:
    """End of a dateline ("GAZA CITY (Reuters) - "): its place says where the report was filed."""
    found = _DATELINE.match(text[:120])
    return found.end() if found else 0


def incidents_of(
    events: list[Event],
    places: list[Place],
    claims: list[Any],
    doc: Any,
    published: str | None,
    dates: list[DateInfo],
) -> list[Incident]:
    mentions = incident_mentions(events, places, doc, published, dates)
    reference = None
    if published:
        try:
            reference = date.fromisoformat(published[:10])
        except ValueError:
            reference = None
    groups = group_mentions(mentions, reference)
    from storyline.incidents.fill import build_incident

    by_place = {p.id: p for p in places}
    by_claim = {c.id: c for c in claims}
    return [build_incident(k, g, by_place, by_claim) for k, g in enumerate(groups)]
