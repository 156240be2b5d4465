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
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from storyline.incidents.timing import is_background, reference_day
from storyline.model import Actor, Casualties, DateInfo, Event, EventLocation, Incident, Place, Toll, Why

#: Type families of incident-worthy events: CAMEO root -> family.
FAMILIES = {"18": "violence", "19": "violence", "20": "violence", "14": "protest", "17": "coercion"}
PLOVER_FAMILIES = {"ASSAULT": "violence", "PROTEST": "protest", "COERCE": "coercion"}
#: What kills without a perpetrator: a report of a disaster or an accident is no conflict incident.
NATURAL_CAUSES = {
    "tsunami",
    "earthquake",
    "quake",
    "flood",
    "floods",
    "flooding",
    "storm",
    "hurricane",
    "cyclone",
    "typhoon",
    "tornado",
    "landslide",
    "avalanche",
    "drought",
    "famine",
    "disease",
    "virus",
    "epidemic",
    "pandemic",
    "outbreak",
    "cancer",
    "heart",
    "illness",
    "accident",
    "crash",
    "collision",
    "heatwave",
    "wildfire",
    "blaze",
    "lightning",
    "eruption",
    "volcano",
    "cholera",
    "malaria",
    "flu",
    "covid",
    "coronavirus",
    "avalanches",
    "mudslide",
    "mudslides",
    "disaster",
}
NATURAL_CAUSES |= {"fall", "fell", "falling", "slip", "slipping", "drown", "drowned", "drowning", "overdose"}
#: Words of a sports report: "a 90th-minute strike", "the top-versus-bottom clash", "attacking sorties".
SPORTS_WORDS = {
    "goal",
    "goals",
    "match",
    "league",
    "minute",
    "scored",
    "scores",
    "cup",
    "championship",
    "stadium",
    "season",
    "coach",
    "striker",
    "penalty",
    "referee",
    "tournament",
    "semi-final",
    "final",
    "innings",
    "wicket",
    "rugby",
    "football",
    "soccer",
    "cricket",
    "tennis",
    "scrum",
    "premiership",
    "fixture",
    "defeat",
    "win",
    "victory",
    "points",
    "table",
    "playoff",
    "quarter-final",
    "midfielder",
    "kick",
}
#: Triggers that are violence only in a violent context ("strike", "clash", "attack" in sport).
AMBIGUOUS_TRIGGERS = {
    "strike",
    "clash",
    "attack",
    "attacking",
    "shot",
    "shoot",
    "fire",
    "fired",
    "hit",
    "beat",
    "fight",
    "battle",
    "raid",
    "raided",
    "blow",
    "crush",
    "crushed",
    "storm",
    "stormed",
    "capture",
    "captured",
    "defend",
    "defeat",
    "sortie",
    "sorties",
    "siege",
}
#: Definite descriptions that refer back to an incident already told.
ANAPHORS = re.compile(
    r"\b(?:the|this|that|tuesday's|monday's|wednesday's|thursday's|friday's|saturday's|sunday's|"
    r"yesterday's|today's|last night's|the latest|the same)\s+(?:\w+\s+)?(?:attack|attacks|blast|"
    r"explosion|strike|strikes|bombing|incident|raid|assault|shooting|violence|clash|clashes|ambush|"
    r"killing|killings|massacre|shelling|fighting|protest|protests|demonstration|rally|riot|riots|crossfire|"
    r"march|firing|operation)\b",
    re.IGNORECASE,
)
#: Words of a crowd: violence by or on them belongs to the protest they are part of.
CROWD_WORDS = {
    "protesters",
    "protestors",
    "demonstrators",
    "crowd",
    "crowds",
    "mob",
    "mobs",
    "rioters",
    "marchers",
    "strikers",
    "agitators",
    "supporters",
    "activists",
    "students",
    "workers",
}
STATE_SECTORS = {"COP", "MIL", "GOV", "SPY", "JUD"}
POLICE_WORDS = {
    "police",
    "policemen",
    "policeman",
    "cops",
    "troops",
    "soldiers",
    "army",
    "constables",
    "security",
    "officers",
    "paramilitary",
    "riot",
}
#: Statuses of what was reported to happen (the rest is threat, plan or denial).
HAPPENED = ("asserted", "reported")
#: PRECISION rank: smaller is more specific.
PRECISION_RANK = {"site": 0, "city": 1, "admin2": 2, "admin1": 3, "country": 4, "region": 5, "unknown": 6}
PEOPLE_WORDS = {
    "people",
    "persons",
    "civilians",
    "villagers",
    "residents",
    "children",
    "women",
    "men",
    "students",
    "soldiers",
    "policemen",
    "officers",
    "worshippers",
    "passengers",
    "protesters",
    "demonstrators",
    "pilgrims",
    "workers",
    "family",
    "members",
    "person",
    "man",
    "woman",
    "child",
    "boy",
    "girl",
    "soldier",
    "officer",
    "policeman",
    "journalist",
    "journalists",
    "farmers",
    "refugees",
    "militants",
}
SUB_EVENT_PRIORITY = (
    "Suicide bomb",
    "Air/drone strike",
    "Shelling/artillery/missile attack",
    "Remote explosive/landmine/IED",
    "Grenade",
    "Chemical weapon",
    "Mob violence",
    "Violent demonstration",
    "Excessive force against protesters",
    "Protest with intervention",
    "Abduction/forced disappearance",
    "Sexual violence",
    "Armed clash",
    "Attack",
    "Peaceful protest",
    "Arrests",
    "Looting/property destruction",
)


def family(event: Event) -> str | None:
    """violence, protest or coercion; None for what is no incident (statements, visits, aid)."""
    if event.plover_type in PLOVER_FAMILIES:
        return PLOVER_FAMILIES[event.plover_type]
    root = event.cameo_root or (event.cameo_code[:2] if event.cameo_code else None)
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

    if not (event.cameo_code or "").startswith("17"):
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


def _family_fits(group: Group, m: Mention) -> bool:
    if group.family == m.family:
        return True
    if group.family == "protest" and m.family in ("violence", "coercion"):
        # police firing on the protesters, protesters stoning the police: the protest's own events
        return (
            _crowd(m.actor1)
            or _crowd(m.event.actor2)
            or m.sentence in group.sentences
            or (_state(m.actor1) and 0 <= m.sentence - group.last <= 2)
        )
    if m.family == "protest" and group.family in ("violence", "coercion"):
        # "police arrested 30 residents ... following protests": the protest holds the arrests
        return m.sentence in group.sentences or any(_crowd(x.event.actor2) for x in group.mentions)
    return False


def _tie(group: Group, m: Mention) -> int:
    """How strongly ``m`` belongs to ``group`` (0: not at all)."""
    if m.sentence in group.sentences:
        return 4
    if ANAPHORS.search(m.sentence_text) and m.sentence - group.last <= 6:
        return 3
    figures = {c.count for c in m.event.casualties if c.count and not c.negated}
    if figures & {c.count for x in group.mentions for c in x.event.casualties if c.count and not c.negated}:
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
            if tie and (best is None or (tie, k) > best[:2]):
                best = (tie, k, g)
        new_place = best is not None and best[0] == 1 and m.own_places and not best[2].places()
        if best is None or (new_place and m.family != "protest"):
            groups.append(Group(m.family, [m]))
        else:
            best[2].mentions.append(m)
            if m.family == "protest":
                best[2].family = "protest"  # the arrests or the firing were the protest's
    return groups


# --- filling an incident ------------------------------------------------------------------------------


def _specificity(m: Mention) -> tuple:
    from storyline.export.acled import acled_type

    event = m.event
    mapped = acled_type(event)
    sub = mapped[1] if mapped else ""
    rank = SUB_EVENT_PRIORITY.index(sub) if sub in SUB_EVENT_PRIORITY else len(SUB_EVENT_PRIORITY)
    return (
        event.status in HAPPENED,
        not _actor_missing(m.actor1),
        event.actor2 is not None,
        -rank,
        len(event.cameo_code or ""),
        event.confidence,
    )


def _best_actor(actors: list[Actor]) -> Actor | None:
    scored = [
        (a.country is not None, a.sector is not None, a.name is not None, a.confidence, -k, a)
        for k, a in enumerate(actors)
        if not _actor_missing(a)
    ]
    return max(scored, key=lambda x: x[:5])[5] if scored else None


def _is_people(actor: Actor) -> bool:
    return (
        actor.kind in ("person", "group")
        or bool(_words(actor.text) & PEOPLE_WORDS)
        or (actor.sector in ("CVL", "REF", "EDU", "HLH", "REL", "LAB", "AGR") and actor.kind != "country")
    )


def _side(group: str | None) -> str | None:
    """The country a casualty group belongs to, from its demonym ("Libyan soldiers" -> LBY)."""
    if not group:
        return None
    from storyline.events.extract import actor_info

    found = set()
    for word in re.findall(r"[A-Za-z]+", group):
        info = actor_info(word.capitalize())
        if info is not None and info.kind == "demonym" and info.country:
            found.add(info.country)
    return found.pop() if len(found) == 1 else None  # "American or Iraqi forces": no one side


def _toll(casualties: list[tuple[Casualties, int]], kind: str) -> Toll | None:
    """Best/low/high over the figures given for the incident (one figure per sentence: groups in one
    sentence add up, figures in different sentences are alternative estimates)."""
    per_sentence: dict[int, dict[tuple, Casualties]] = {}
    for c, sentence in casualties:
        if c.kind != kind or c.negated or c.count is None:
            continue
        per_sentence.setdefault(sentence, {})[(c.span, c.group)] = c
    figures: list[tuple[float, list[tuple[int, int]], bool]] = []
    sides: dict[str, float] = {}
    for found in per_sentence.values():
        for c in found.values():
            side = _side(c.group)
            if side:
                sides[side] = max(sides.get(side, 0.0), float(c.count or 0))
        by_group: dict[str, float] = {}
        for c in found.values():
            key = (c.group or "").lower()
            by_group[key] = max(by_group.get(key, 0.0), float(c.count or 0))
        named = {k: v for k, v in by_group.items() if k}
        total = sum(named.values()) if len(named) > 1 else max(by_group.values())
        figures.append((total, [c.span for c in found.values()], any(c.approximate for c in found.values())))
    if not figures:
        negated = [c for c, _ in casualties if c.kind == kind and c.negated]
        return Toll(best=0, low=0, high=0, spans=[negated[0].span]) if negated else None
    values = [f[0] for f in figures]
    if len(sides) >= 2 and sum(sides.values()) > max(values):
        # "1,269 Libyan soldiers" and "29 Chadian soldiers" killed: the two sides' dead add up
        total = sum(sides.values())
        return Toll(
            best=total, low=total, high=max(total, max(values)), spans=[s for f in figures for s in f[1]]
        )
    counts = Counter(values)
    top = max(counts.values())
    # the figure most sources give; among equals, the first reported (the lead's)
    best = next(v for v in values if counts[v] == top)
    return Toll(best=best, low=min(values), high=max(values), spans=[s for f in figures for s in f[1]])


def _location(mentions: list[Mention], places: dict[str, Place]) -> tuple[EventLocation | None, Why | None]:
    """The most specific place the mentions support: one named in a mention's own sentence first."""
    options = []
    for k, m in enumerate(mentions):
        loc = m.event.location
        if loc is None or (not loc.name and loc.lat is None):
            continue
        own = any(p.id == loc.place_id for p in m.own_places)
        options.append((own, -PRECISION_RANK.get(loc.precision, 6), loc.confidence, -k, loc))
    for m in mentions:  # a place named in the mention's sentence that the mention did not take
        for p in m.own_places:
            if not any(o[4].place_id == p.id for o in options):
                loc = EventLocation(
                    place_id=p.id,
                    name=p.name or p.text,
                    country=p.country,
                    lat=p.lat,
                    lon=p.lon,
                    precision=p.precision,
                    span=p.span,
                    confidence=round(p.confidence * 0.6, 3),
                )
                options.append((True, -PRECISION_RANK.get(p.precision, 6), loc.confidence, -99, loc))
    if not options:
        return None, None
    best = max(options, key=lambda o: o[:4])[4]
    why = Why(
        by="rule",
        name="incident:most-specific-place",
        span=best.span,
        detail="named in the mention's sentence" if max(options, key=lambda o: o[:4])[0] else "inherited",
    )
    return best, why


def _date(mentions: list[Mention]) -> DateInfo | None:
    rank = {"day": 0, "week": 1, "month": 2, "quarter": 3, "year": 4, "unknown": 5}
    dated = [
        (
            m.event.date.value is not None,
            -rank[m.event.date.precision],
            m.event.date.confidence,
            -k,
            m.event.date,
        )
        for k, m in enumerate(mentions)
        if m.event.date is not None
    ]
    return max(dated, key=lambda d: d[:4])[4] if dated else None


#: Triggers that name violence only in some contexts; alone, with no toll or weapon, they are weak evidence.
WEAK_TRIGGERS = AMBIGUOUS_TRIGGERS | {
    "hurt",
    "target",
    "targeting",
    "charge",
    "charged",
    "force",
    "forced",
    "push",
    "pushed",
    "press",
    "seize",
    "seized",
    "break",
    "broke",
    "destroy",
    "kill",
    "killing",
    "threat",
    "violence",
    "block",
    "blocked",
    "stop",
}


def incident_confidence(
    mentions: list[Mention],
    fatalities: Toll | None,
    injured: Toll | None,
    instrument: str | None,
    actor1: Actor | None,
    status: str,
) -> float:
    """How likely the record is a real incident of its type: the best mention's confidence, raised by
    corroboration (more mentions, a toll, a weapon, a named perpetrator), lowered for a lone ambiguous
    word ("shot back", "hurt", "charged") and for what did not happen. Factors set on the dev split
    of the incident labels (docs/incident-guidelines.md)."""
    top = max(m.event.confidence for m in mentions)
    tolls = any(t is not None and (t.best or 0) > 0 for t in (fatalities, injured))
    score = top + 0.04 * min(len(mentions) - 1, 3)
    score += (
        0.08 * tolls + 0.04 * (instrument is not None) + 0.04 * (actor1 is not None and bool(actor1.country))
    )
    lone = len(mentions) == 1
    if lone and not tolls and instrument is None:
        trigger = _words(mentions[0].event.trigger.text) | {(mentions[0].event.trigger.lemma or "").lower()}
        if trigger & WEAK_TRIGGERS:
            score *= 0.6
        elif mentions[0].family == "coercion":
            score *= 0.75
    if status not in HAPPENED:
        score *= 0.7
    return round(max(0.05, min(0.95, score)), 3)


def build_incident(index: int, group: Group, places: dict[str, Place], claims: dict[str, Any]) -> Incident:
    from storyline.export.acled import acled_type

    mentions = sorted(group.mentions, key=lambda m: m.event.span[0])
    events = [m.event for m in mentions]
    lead = max(mentions, key=_specificity).event
    why: dict[str, Why] = {
        "event_ids": Why(
            by="rule",
            name=f"incident:group:{group.family}",
            span=lead.span,
            detail=f"{len(events)} mention(s)",
        )
    }
    actor1 = _best_actor([m.actor1 for m in mentions if m.actor1 is not None])
    if actor1 is not None:
        why["actor1"] = Why(by="rule", name="incident:best-resolved-perpetrator", span=actor1.span)
    victims_all = [e.actor2 for e in events if e.actor2 is not None]
    actor2 = _best_actor([a for a in victims_all if not (actor1 and a.span == actor1.span)])
    victims: list[Actor] = []
    seen: set[str] = set()
    for a in victims_all:
        key = a.text.lower()
        if _is_people(a) and key not in seen:
            seen.add(key)
            victims.append(a)
    casualties = [(c, m.sentence) for m in mentions for c in m.event.casualties]
    fatalities, injured = _toll(casualties, "killed"), _toll(casualties, "injured")
    if fatalities is not None:
        why["fatalities"] = Why(
            by="rule",
            name="incident:toll:best-low-high",
            span=fatalities.spans[0] if fatalities.spans else None,
        )
    if injured is not None:
        why["injured"] = Why(
            by="rule", name="incident:toll:best-low-high", span=injured.spans[0] if injured.spans else None
        )
    location, place_why = _location(mentions, places)
    if place_why is not None:
        why["location"] = place_why
    when = _date(mentions)
    instrument = next(
        (m.event.instrument for m in sorted(mentions, key=_specificity, reverse=True) if m.event.instrument),
        None,
    )
    claim_ids = list(dict.fromkeys(e.source_claim_id for e in events if e.source_claim_id))
    sources = list(dict.fromkeys(claims[c].source.name for c in claim_ids if c in claims))
    statuses = [e.status for e in events]
    status = (
        lead.status if lead.status in HAPPENED or not any(s in HAPPENED for s in statuses) else "reported"
    )
    timing = "background" if group.background else "current"
    if timing == "background":
        why["timing"] = Why(
            by="rule",
            name="incident:background",
            span=mentions[0].event.span,
            detail=mentions[0].background_why,
        )
    mapped = acled_type(lead)
    confidence = incident_confidence(mentions, fatalities, injured, instrument, actor1, status)
    return Incident(
        id=f"i{index}",
        span=lead.span,
        confidence=round(confidence, 3),
        event_ids=[e.id for e in events],
        actor1=actor1,
        actor2=actor2,
        victims=victims,
        instrument=instrument,
        plover_type=lead.plover_type,
        plover_mode=lead.plover_mode,
        cameo_code=lead.cameo_code,
        cameo_root=lead.cameo_root,
        acled_event_type=mapped[0] if mapped else None,
        acled_sub_event_type=mapped[1] if mapped else None,
        status=status,
        timing=timing,
        date=when,
        location=location,
        fatalities=fatalities,
        injured=injured,
        claim_ids=claim_ids,
        sources=sources,
        text=lead.text,
        why=why,
    )


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
    mentions = []
    for event in events:
        fam = family(event)
        if fam is None or _natural(event) or _weapons_seized(event):
            continue
        k = max(0, bisect.bisect_right(starts, event.span[0]) - 1)
        sent = sentences[k]
        if _sports(event, sent.text, article_words) or _URL.search(sent.text) or sent.text.count(" / ") >= 3:
            continue
        own = [
            p for p in places if sent.start_char <= p.span[0] < sent.end_char and p.span[0] >= dateline_end
        ]
        background: bool | None
        background, why = is_background(event.date, sent.text, None if relative_now else reference)
        if (
            not background
            and relative_now
            and event.date is not None
            and event.date.value
            and re.search(r"\b(1[5-9]|20)\d\d\b", event.date.text)
        ):
            background, why = True, f"dated {event.date.text!r} in a report told from the present"
        if not background and event.date is None:
            background = None  # undated: its incident's other mentions tell
        actor1 = event.actor1
        if actor1 is not None and actor1.span[0] < dateline_end:
            actor1 = None
        mentions.append(Mention(event, fam, k, sent.text, background, why, own, actor1))
    return mentions


_URL = re.compile(r"https?\s*:\s*/\s*/|\bwww\s*\.|\.\s*(?:com|org|net|co\s*\.\s*uk)\s*/")
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
    by_place = {p.id: p for p in places}
    by_claim = {c.id: c for c in claims}
    return [build_incident(k, g, by_place, by_claim) for k, g in enumerate(groups)]
