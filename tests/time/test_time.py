"""The ``time`` component: date mentions and their resolution against the publication date."""

from __future__ import annotations

from datetime import datetime

import pytest

from storyline.time.component import (
    extract_dates,
    next_day_somewhere,
    parse_published,
    resolve_date,
    zone_for_place,
)

# A Tuesday evening in New York: already Wednesday 8 January in UTC and east of it.
TUESDAY_EVENING_ET = datetime.fromisoformat("2020-01-07T19:03:00-05:00")
# A Thursday morning in London.
THURSDAY_LONDON = datetime.fromisoformat("2021-03-18T09:30:00+00:00")


@pytest.mark.parametrize(
    ("expression", "value", "precision"),
    [
        ("Jan. 8, 2020", "2020-01-08", "day"),
        ("8 January 2020", "2020-01-08", "day"),
        ("Wednesday, Jan. 8", "2021-01-08", "day"),  # no year: the nearest past 8 January
        ("March 2019", "2019-03", "month"),
        ("2019", "2019", "year"),
        ("2019-11-04", "2019-11-04", "day"),
        ("yesterday", "2021-03-17", "day"),
        ("last night", "2021-03-17", "day"),
        ("tomorrow morning", "2021-03-19", "day"),
        ("today", "2021-03-18", "day"),
        ("three days ago", "2021-03-15", "day"),
        ("two weeks ago", "2021-03-01", "week"),
        ("last week", "2021-03-08", "week"),  # weeks are given as their Monday
        ("this week", "2021-03-15", "week"),
        ("earlier this month", "2021-03", "month"),
        ("last month", "2021-02", "month"),
        ("last year", "2020", "year"),
        ("in December", "2020-12", "month"),  # past tense default: the last December
        ("Tuesday evening", "2021-03-16", "day"),
        ("Thursday", "2021-03-18", "day"),  # the weekday of publication is that day
        ("Friday", "2021-03-12", "day"),  # past: the most recent Friday
        ("last Thursday", "2021-03-11", "day"),
        ("next Monday", "2021-03-22", "day"),
        ("earlier today", "2021-03-18", "day"),
        ("late yesterday", "2021-03-17", "day"),
        ("February last year", "2020-02", "month"),
        ("the weekend", "2021-03-08", "week"),  # Sat 13 / Sun 14 March: the week of Monday 8th
        ("the second quarter of 2005", "2005-Q2", "quarter"),
        ("last year's third quarter", "2020-Q3", "quarter"),
        ("the same period last year", "2020", "year"),
    ],
)
def test_resolves_against_publication(expression, value, precision):
    assert resolve_date(expression, THURSDAY_LONDON)[:2] == (value, precision)


def test_future_tense_weekday_looks_ahead():
    assert resolve_date("Monday", THURSDAY_LONDON, "future")[0] == "2021-03-22"
    assert resolve_date("Monday", THURSDAY_LONDON, "past")[0] == "2021-03-15"


def test_unresolvable_keeps_none():
    assert resolve_date("years", THURSDAY_LONDON)[0] is None
    assert resolve_date("the 1990s", THURSDAY_LONDON)[0] is None
    # relative dates need a publication date; absolute ones do not
    assert resolve_date("Wednesday", None)[0] is None
    assert resolve_date("Jan. 8, 2020", None)[0] == "2020-01-08"
    # no publication date: a month alone is not this year's (dateparser would say so)
    assert resolve_date("December", None)[0] is None
    assert resolve_date("30 years", THURSDAY_LONDON)[0] is None  # a duration, not "30 years ago"
    assert resolve_date("for two weeks", THURSDAY_LONDON)[0] is None


def test_dateline_dash_and_ranges_split(pipeline):
    text = (
        "LAGOS, May 4 - Acme Foods said sales from January 1 to March 23 rose, and that "
        "between April 1 and June 30 they would fall."
    )
    dates = {d.text: d.value for d in extract_dates(pipeline.nlp(text), datetime(2022, 5, 4, 9))}
    assert dates["May 4"] == "2022-05-04"
    assert dates["January 1"] == "2022-01-01" and dates["March 23"] == "2022-03-23"
    assert "April 1" in dates and "June 30" in dates


def test_next_day_only_where_it_already_is_that_day():
    assert zone_for_place("Iraq") == "Asia/Baghdad"
    assert zone_for_place("U.S.") == "America/New_York"
    assert next_day_somewhere(TUESDAY_EVENING_ET, ["Iraq"])
    assert not next_day_somewhere(TUESDAY_EVENING_ET, ["Mexico"])
    early = datetime.fromisoformat("2020-01-07T09:00:00-05:00")
    assert not next_day_somewhere(early, ["Iraq"])  # 17:00 in Baghdad: still Tuesday


def test_weekday_after_publication_needs_the_place_to_be_there():
    there = resolve_date("Wednesday morning local time", TUESDAY_EVENING_ET, "past", lambda: True)
    here = resolve_date("Wednesday morning local time", TUESDAY_EVENING_ET, "past", lambda: False)
    assert there[0] == "2020-01-08"
    assert here[0] == "2020-01-01"


def test_parse_published_formats():
    assert parse_published("2020-01-07T19:03:00Z").utcoffset().total_seconds() == 0
    assert parse_published("Tue, 07 Jan 2020 19:03:00 -0500").day == 7
    assert parse_published(None) is None


def test_mentions_in_text_with_local_time(pipeline):
    text = (
        "Rebels shelled a police post in Kandahar, Afghanistan, on Friday morning local time, "
        "officials said. The army said on Jan. 3, 2019 that 35-year-old men had enlisted."
    )
    doc = pipeline.nlp(text)
    published = datetime.fromisoformat("2019-01-03T20:00:00-05:00")  # Thursday evening in New York
    dates = {d.text: d for d in extract_dates(doc, published)}
    assert dates["Friday morning local time"].value == "2019-01-04"  # already Friday in Kabul
    assert dates["Jan. 3, 2019"].value == "2019-01-03"
    assert not any("year-old" in t for t in dates)  # ages are not dates


def test_same_weekday_without_foreign_place_stays_in_the_past(pipeline):
    doc = pipeline.nlp("The mayor of Chicago resigned on Friday.")
    published = datetime.fromisoformat("2019-01-03T20:00:00-05:00")
    (date,) = extract_dates(doc, published)
    assert date.value == "2018-12-28"


def test_seed_attack_weekday(shared, pipeline):
    text = (shared / "seed" / "iran-attacks-us-bases-huffpost.txt").read_text()
    doc = pipeline.nlp(text)
    dates = extract_dates(doc, parse_published("2020-01-07T19:03:00-05:00"))
    by_text = {}
    for d in dates:
        by_text.setdefault(d.text, d.value)
    assert by_text["Wednesday morning local time"] == "2020-01-08"
    assert by_text["Tuesday evening"] == "2020-01-07"
    assert by_text["tomorrow morning"] == "2020-01-08"


def test_a_number_measuring_its_noun_is_no_year(pipeline):
    """ "a 2000-strong mob" is a crowd size; "in 2000 strong winds" is still the year 2000."""
    text = (
        "A 2000-strong mob attacked the police station on Monday. A 1500-member militia joined them. "
        "A 2000 strong crowd gathered. In 2000 strong winds hit the coast. The 2015 attacks were recalled."
    )
    dates = extract_dates(pipeline.nlp(text), datetime(2022, 5, 4, 9))
    assert [(d.text, d.value) for d in dates if d.precision == "year"] == [("2000", "2000"), ("2015", "2015")]
    (year,) = [d for d in dates if d.value == "2000"]
    assert text[year.span[0] - 3 : year.span[0]] == "In "
    assert any(d.value == "2022-05-02" for d in dates)  # "Monday" in the same sentence still resolves
