"""Background vs current: is an incident news, or history told for context?

An incident is ``background`` when its own date ends well before the report (more than
:data:`BACKGROUND_DAYS` before the publication date, or — without one — before the latest date
the article mentions), or when the words around its mention tell it as history ("in 1996",
"two years ago", "the anniversary of", "the Holocaust"). Background incidents are kept and
shown, but never feed current counts, trends, maps or fatalities (see export/units.py).
"""

from __future__ import annotations

import calendar
import re
from datetime import date
from typing import Any

from storyline.lang import words
from storyline.model import DateInfo

#: An incident dated more than this many days before the report is background: a week-old attack
#: that a report follows up is still news; the attack of last month that set off today's unrest is
#: context (and was news, and counted, when it happened).
BACKGROUND_DAYS = 14

_NUMBER = r"(?:\d+|a|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|several|many|some|a few)"
#: Words and phrases that tell what their sentence says as history (lang/en/history_words.txt).
HISTORY_WORDS = words("history_words")
#: Words of an incident's aftermath: a trial, a verdict, a memorial, a reopening (lang/en/aftermath_words.txt).
AFTERMATH_WORDS = words("aftermath_words")
#: Nouns naming one incident; after a year they name a past one (lang/en/incident_nouns.txt).
INCIDENT_NOUNS = words("incident_nouns")
REPORTING_VERBS = words("reporting_verbs", tag="event_report")


def _alternatives(entries: frozenset[str]) -> str:
    return "|".join(r"\s+".join(map(re.escape, e.split())) for e in sorted(entries, key=len, reverse=True))


#: A toll of a whole wave of violence, or one counted since a day: no single incident's figure
#: ("the toll in the communal violence has climbed sharply to 430"; "the toll since Wednesday").
CUMULATIVE_TOLL = re.compile(
    r"\btolls?\b(?:\s+\w+){0,2}?\s+(?:in|of|from)\s+(?:the\s+)?(?:[\w-]+\s+){0,2}?(?:"
    + _alternatives(words("generic_conflict_nouns"))
    + r")\b|\btolls?\b[^.;]{0,60}?\bsince\s+(?:last\s+)?(?:"
    + "|".join(sorted(words("weekdays") - {"day"}) + list(calendar.month_name[1:]) + [r"\d"])
    + r")",
    re.IGNORECASE,
)


#: Phrases that tell what follows as history, whatever date the parser resolved.
HISTORY_CUES = re.compile(
    r"\b(?:" + _NUMBER + r"\s+(?:years?|decades?|centur(?:y|ies))\s+(?:ago|earlier|before)"
    r"|in\s+the\s+past(?!\s+(?:(?:" + _NUMBER + r"|few)\s+)?(?:hours?|days?|weeks?|night|fortnight))"
    r"|" + _alternatives(HISTORY_WORDS) + r")\b",
    re.IGNORECASE,
)
#: "the 2015 attacks", "the 1996 Qana massacre": an incident named by its year is a past one.
NAMED_BY_YEAR = re.compile(
    r"\b(?:the|a|its|their|his|her)\s+((?:1[5-9]|20)\d\d)\s+(?:[\w'-]+\s+){0,2}(?:"
    + _alternatives(INCIDENT_NOUNS)
    + r")\b",
    re.IGNORECASE,
)
#: "the deadliest attack since 2008": the year measures the current incident, it does not date it.
_SINCE = re.compile(r"\b(?:since|worst|deadliest|bloodiest|biggest|largest|first)\b", re.IGNORECASE)
_YEAR = re.compile(r"\b(1[5-9]\d\d|20\d\d)\b(?!-)")  # not "a 2000-strong mob"


def period_end(info: DateInfo | None) -> date | None:
    """The last day a resolved date can mean (a year ends on Dec 31)."""
    if info is None or not info.value:
        return None
    value = info.value
    try:
        if len(value) >= 10 and info.precision in ("day", "week"):
            return date.fromisoformat(value[:10])
        if len(value) >= 7 and value[4] == "-" and value[5:7].isdigit():
            year, month = int(value[:4]), int(value[5:7])
            return date(year, month, calendar.monthrange(year, month)[1])
        if value[:4].isdigit():
            return date(int(value[:4]), 12, 31)
    except ValueError:
        return None
    return None


def reference_day(published: str | None, dates: list[DateInfo]) -> date | None:
    """The day the report speaks from: its publication day, else the latest date it mentions."""
    if published:
        try:
            return date.fromisoformat(published[:10])
        except ValueError:
            pass
    ends = [d for d in (period_end(x) for x in dates) if d is not None]
    return max(ends) if ends else None


def is_background(info: DateInfo | None, sentence: str, reference: date | None) -> tuple[bool, str]:
    """(background?, why) for one mention: its date, else history cues in its sentence."""
    end = period_end(info)
    if end is not None and reference is not None and (reference - end).days > BACKGROUND_DAYS:
        return True, f"dated {info.value if info else ''}, {(reference - end).days} days before the report"
    cue = HISTORY_CUES.search(sentence)
    if cue:
        return True, f"told as history: {cue.group(0)!r}"
    named = NAMED_BY_YEAR.search(sentence)
    if named and (reference is None or int(named.group(1)) < reference.year):
        return True, f"an incident named by its year: {named.group(0)!r}"
    if reference is not None and not _SINCE.search(sentence):
        years = [int(y) for y in _YEAR.findall(sentence)]
        if years and all(y < reference.year - 1 for y in years):
            return True, f"the sentence names only past years ({', '.join(map(str, years))})"
    return False, ""


def aftermath_words(text: str) -> list[str]:
    """The aftermath words of ``text`` ("verdict", "reopen", "memorial")."""
    return [w for w in re.findall(r"[a-z][a-z-]*", text.lower()) if w in AFTERMATH_WORDS]


def main_clause(sentence: Any) -> Any:
    """The token the sentence asserts: its root, or what a reporting root reports ("A bomber attacked
    a memorial service ..., officials said": "attacked")."""
    root = sentence.root
    if root.lemma_.lower() in REPORTING_VERBS:
        told = [c for c in root.children if c.dep_ in ("ccomp", "parataxis")]
        if told:
            return told[0]
    return root


def aftermath_frame(lead_sentences: list[Any], triggers: list[Any]) -> str | None:
    """The aftermath word that frames the report, or None: the headline and lead tell a trial, a verdict,
    a memorial or a reopening ("Paris concert hall targeted in terrorist attacks to reopen"; "Guilty
    verdict for murderer of Brooklyn mother of 12"), and no incident is their main clause (a lead "A
    suicide bomber attacked a memorial service" reports the attack)."""
    found = [w for s in lead_sentences for w in aftermath_words(s.text)]
    if not found:
        return None
    mains = {main_clause(s).i for s in lead_sentences}
    if any(t is not None and t.i in mains for t in triggers):
        return None
    return found[0]
