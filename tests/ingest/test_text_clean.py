"""Clean text: boilerplate, credits, update notes, title, language — on our own invented articles."""

from __future__ import annotations

import hashlib

from storyline.text.article import article_from_text
from storyline.text.boilerplate import is_boilerplate
from storyline.text.clean import clean_text, normalise_whitespace
from storyline.text.credits import parse_credit_line
from storyline.text.updates import is_update_note

LEDGER_ARTICLE = """Flooding Forces Thousands From Homes Along the Danube

Heavy rain pushed the river over its banks on Sunday, officials in Budapest said.

Advertisement

Rescue teams evacuated about 4,000 people from low-lying districts, the interior ministry said in a statement.

Support for the emergency budget grew among lawmakers after the first images of the flooding appeared.

Sign up for our Morning Briefing newsletter to get the top stories delivered to your inbox.

The mayor said the city would support families who lost their homes.

Related Stories

This story has been updated to include a statement from the interior ministry.

Maria Lopez and Tom Okafor contributed reporting from Vienna.

Support The Daily Ledger

Most Read
"""


def test_invented_article_loses_furniture_and_keeps_body():
    article = article_from_text(LEDGER_ARTICLE, outlet="The Daily Ledger")
    assert article.title == "Flooding Forces Thousands From Homes Along the Danube"
    for furniture in (
        "Advertisement",
        "Sign up for",
        "Related Stories",
        "Support The Daily Ledger",
        "Most Read",
    ):
        assert furniture not in article.text
    # Body sentences that merely use the same words survive.
    assert "Support for the emergency budget grew" in article.text
    assert "the city would support families" in article.text
    assert article.contributors == ["Maria Lopez", "Tom Okafor"]
    assert article.update_notes == [
        "This story has been updated to include a statement from the interior ministry."
    ]
    assert "contributed" not in article.text and "updated" not in article.text
    assert article.text.endswith("lost their homes.")
    assert article.language == "en"
    assert article.sha256 == hashlib.sha256(article.text.encode("utf-8")).hexdigest()


def test_paragraph_breaks_are_kept_and_spaces_normalised():
    text = "First  paragraph\u00a0here.\r\n\r\n\r\n\r\nSecond\tparagraph.\u200b\nThird line."
    assert normalise_whitespace(text) == "First paragraph here.\n\nSecond paragraph.\nThird line."


def test_credit_lines_in_other_phrasings():
    wire = parse_credit_line(
        "(Reporting by Ahmed Saleh in Cairo; Additional reporting by Lena Park; Editing by Mark Hall)"
    )
    assert wire is not None
    assert wire.contributors == ["Ahmed Saleh", "Lena Park"]
    assert wire.editors == ["Mark Hall"]
    ap = parse_credit_line(
        "Associated Press writers Jon Kim in Seoul, South Korea, and Ana Ruiz in Madrid contributed to this report."
    )
    assert ap is not None and ap.contributors == ["Jon Kim", "Ana Ruiz"]
    assert parse_credit_line("Priya Nair contributed.") is None
    # Not credit lines: money contributed, or ordinary reporting sentences.
    assert parse_credit_line("He contributed $2 million to the campaign.") is None
    assert parse_credit_line("Reporters said the bridge had collapsed.") is None


def test_credit_sentence_at_the_end_of_a_paragraph():
    cleaned = clean_text(
        "The talks ended without a deal, both sides said. Keiko Tanaka contributed reporting."
    )
    assert cleaned.text == "The talks ended without a deal, both sides said."
    assert cleaned.contributors == ["Keiko Tanaka"]


def test_update_and_correction_notes():
    for note in (
        "Updated at 4:15 p.m. ET",
        "Last updated: March 3, 2021",
        "*This article was corrected to fix the spelling of the minister's name.",
        "An earlier version of this story misstated the number of injured.",
        "Correction (May 2): A previous headline gave the wrong date.",
    ):
        assert is_update_note(note), note
    for sentence in (
        "The ministry updated its casualty figures on Monday.",
        "Officials said the article of the law was updated in 2019 and again last year, leaving many confused about the rules.",
        "Updated figures are expected tomorrow.",
    ):
        assert not is_update_note(sentence), sentence


def test_boilerplate_is_whole_short_lines_only():
    for line in (
        "Support HuffPost",
        "Popular in the Community",
        "ADVERTISEMENT",
        "Story continues below advertisement",
        "Share this article",
        "Follow us on Twitter",
        "We use cookies to improve your experience. By continuing you accept our cookie policy.",
        "© 2024 Example Media Group. All rights reserved.",
        "Read more: Dam breach threatens villages",
    ):
        assert is_boilerplate(line), line
    for line in (
        "Support for the bill collapsed on Tuesday.",
        "Readers who subscribed to the paper's newsletter in 2019 were among those whose data was exposed, "
        "the company said in a filing on Friday, adding that passwords were not affected.",
        "Share prices fell 4 percent.",
        "Related companies were also fined.",
    ):
        assert not is_boilerplate(line), line


def test_title_only_from_a_headline_like_first_line():
    titled = article_from_text("Rebels Seize Airport\n\nRebels seized the airport on Monday, witnesses said.")
    assert titled.title == "Rebels Seize Airport"
    assert titled.text.startswith("Rebels seized")
    untitled = article_from_text(
        "Rebels seized the airport on Monday.\n\nWitnesses said the fighting lasted hours."
    )
    assert untitled.title is None
    assert untitled.text.startswith("Rebels seized")


def test_non_english_text_is_kept_and_marked():
    article = article_from_text(
        "El Gobierno anunció el lunes nuevas medidas para contener la inflación, que alcanzó su nivel más alto "
        "en tres décadas, según datos oficiales publicados por el instituto de estadística."
    )
    assert article.language == "es"
    assert "inflación" in article.text


def test_seed_article(shared):
    seed = shared / "seed" / "iran-attacks-us-bases-huffpost.txt"
    article = article_from_text(seed.read_text(encoding="utf-8"))
    assert article.title == "Iran Attacks U.S. Military Facilities In Iraq"
    assert "Support HuffPost" not in article.text
    assert "Popular in the Community" not in article.text
    assert article.contributors == ["Jessica Schulberg"]
    assert len(article.update_notes) == 1
    assert article.language == "en"
