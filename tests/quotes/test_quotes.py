"""Quotes on our own sentences: every quote form, speaker resolution and channel."""

from __future__ import annotations

import pytest

from storyline.pipeline import PipelineConfig, get_pipeline
from storyline.quotes.marks import find_quote_segments
from storyline.text.article import article_from_text


@pytest.fixture(scope="module")
def quotes_pipeline(pipeline):
    # The spaCy model is shared with the session pipeline; only the stages quotes need run.
    return get_pipeline(PipelineConfig(components=("entities", "quotes")))


def analyse(quotes_pipeline, text: str):
    return quotes_pipeline.analyse(article_from_text(text, title="Test"))


def by_text(ex, fragment: str):
    found = [q for q in ex.quotes if fragment in q.text]
    assert found, f"no quote containing {fragment!r}: {[q.text for q in ex.quotes]}"
    return found[0]


# -- quote marks ---------------------------------------------------------------------------------


def test_curly_and_straight_marks_give_inner_spans():
    text = 'She said: "The bridge is closed." He replied, “We will reopen it soon,” and left.'
    segs = find_quote_segments(text)
    assert [text[s.start : s.end] for s in segs] == ["The bridge is closed.", "We will reopen it soon"]


def test_multi_paragraph_quote_is_one_segment():
    text = "“The first part runs on.\n\n“And the second paragraph ends it,” she said."
    segs = find_quote_segments(text)
    assert len(segs) == 1
    assert segs[0].words(text) == "The first part runs on. And the second paragraph ends it"


def test_reopened_quote_continues_as_one_quote():
    text = 'He said: "We have done a lot. "We will do more." Then he left. "Bye," he said.'
    segs = find_quote_segments(text)
    assert [s.words(text) for s in segs] == ["We have done a lot. We will do more.", "Bye"]
    assert len(segs[0].pieces) == 2


# -- speakers ------------------------------------------------------------------------------------


def test_split_quote_gives_two_quotes_with_the_same_resolved_speaker(quotes_pipeline):
    ex = analyse(
        quotes_pipeline,
        "The harbour was closed, port authority spokesman Martin Albers said on Monday.\n\n"
        "“Ships are waiting offshore,” Albers added. “We expect to reopen on Friday.”",
    )
    first, second = by_text(ex, "Ships are waiting"), by_text(ex, "reopen on Friday")
    assert first.speaker.name == second.speaker.name == "Martin Albers"
    assert first.speaker.title == "port authority spokesman"
    assert first.cue == "added" and first.kind == "direct"
    assert second.confidence < first.confidence  # inherited attribution


def test_pronoun_resolves_to_last_person_and_mixed_quote(quotes_pipeline):
    ex = analyse(
        quotes_pipeline,
        "Chilean Finance Minister Rosa Vidal defended the budget on Tuesday.\n\n"
        "Chile does “not intend to raise taxes this year,” she wrote on Twitter.",
    )
    q = by_text(ex, "not intend to raise taxes")
    assert q.kind == "mixed"
    assert q.speaker.name == "Rosa Vidal"
    assert q.speaker.title == "Chilean Finance Minister"
    assert q.speaker.country == "CHL"
    assert q.channel == "twitter"


def test_quote_beginning_mid_sentence(quotes_pipeline):
    ex = analyse(quotes_pipeline, "Mayor Anna Berg described the flooding as “the worst in a century.”")
    q = by_text(ex, "the worst in a century")
    assert q.kind == "mixed" and q.cue == "described"
    assert q.speaker.name == "Anna Berg"


def test_appositive_gives_title_and_affiliation(quotes_pipeline):
    ex = analyse(
        quotes_pipeline,
        "“Prices will keep rising,” Laura Chen, a senior economist now with the Brookings Institution, "
        "wrote on Twitter.",
    )
    q = by_text(ex, "Prices will keep rising")
    assert q.speaker.name == "Laura Chen"
    assert q.speaker.title == "senior economist"
    assert q.speaker.affiliation == "Brookings Institution"
    assert q.channel == "twitter"


def test_organisation_statement_with_acronym_and_via_reporter(quotes_pipeline):
    ex = analyse(
        quotes_pipeline,
        "The National Liberation Army (NLA) claimed the raid on Sunday.\n\n"
        "“Our fighters have returned safely to their bases,” read an NLA statement sent to "
        "Washington Post reporter Maria Lopez.",
    )
    q = by_text(ex, "returned safely")
    assert q.speaker.name == "National Liberation Army"
    assert q.channel == "statement"
    assert q.via == "Washington Post reporter Maria Lopez"


def test_multi_sentence_quote_kept_whole(quotes_pipeline):
    ex = analyse(
        quotes_pipeline,
        "“The dam held. The water is falling. Nobody was hurt,” said engineer Tom Baker.",
    )
    q = by_text(ex, "The dam held")
    assert q.text == "The dam held. The water is falling. Nobody was hurt"
    assert q.speaker.name == "Tom Baker"


def test_scare_quotes_are_not_quotes(quotes_pipeline):
    ex = analyse(quotes_pipeline, "The so-called “peace dividend” never arrived, and the “reform” stalled.")
    assert not [q for q in ex.quotes if q.kind in ("direct", "mixed")]


# -- reported speech -----------------------------------------------------------------------------


def test_indirect_said_that(quotes_pipeline):
    ex = analyse(
        quotes_pipeline, "Prime Minister Sara Holm said that the border would stay open until March."
    )
    q = by_text(ex, "the border would stay open")
    assert q.kind == "indirect"
    assert q.text.startswith("the border")  # "that" is not part of the content
    assert q.speaker.name == "Sara Holm" and q.cue == "said"


def test_indirect_with_trailing_attribution_and_unnamed_official(quotes_pipeline):
    ex = analyse(quotes_pipeline, "The convoy was attacked near the airport, a police official told the BBC.")
    q = by_text(ex, "The convoy was attacked")
    assert q.speaker.name is None and q.speaker.title == "police official"
    assert q.channel == "interview" and q.via == "BBC"


def test_according_to_person(quotes_pipeline):
    ex = analyse(quotes_pipeline, "According to coach Ben Ortiz, the team will travel on Sunday.")
    q = by_text(ex, "the team will travel")
    assert q.cue == "according to" and q.speaker.name == "Ben Ortiz"


# -- channels ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("frame", "channel", "via"),
    [
        ("Ella Park tweeted", "twitter", None),
        ("Ella Park posted on X", "twitter", None),
        ("Ella Park said in a statement", "statement", None),
        ("Ella Park said in an emailed statement", "emailed statement", None),
        ("Ella Park said at a press conference", "press conference", None),
        ("Ella Park said in an interview", "interview", None),
        ("Ella Park told Reuters", "interview", "Reuters"),
        ("Ella Park told the Los Angeles Times", "interview", "Los Angeles Times"),
        ("Ella Park told state television", "television", "state television"),
        ("Ella Park told reporters", "remarks to reporters", None),
        ("Ella Park wrote on Facebook", "social media", None),
        ("Ella Park told MPs", "parliament", None),
    ],
)
def test_channels(quotes_pipeline, frame, channel, via):
    ex = analyse(quotes_pipeline, f"“The river has burst its banks,” {frame}.")
    q = by_text(ex, "burst its banks")
    assert q.speaker.name == "Ella Park"
    assert (q.channel, q.via) == (channel, via)
