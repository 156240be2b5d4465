"""He and she: the gender memory actors and speakers share (storyline.nlp.pronouns)."""

from __future__ import annotations

import pytest

from storyline.actors.resolve import get_resolver
from storyline.model import Extraction
from storyline.nlp.model import load_model
from storyline.nlp.pronouns import GenderMemory, cue_gender, pronoun_gender, surname
from storyline.pipeline import AnalysisDoc, PipelineConfig, get_pipeline
from storyline.text.article import article_from_text

TEXT = (
    "Mrs Helen Carter met Mr Tom Rivers in Geneva on Monday. "
    "She said the talks had gone well. He declined to comment."
)


def test_gender_from_cue_words_and_pronouns() -> None:
    assert (
        cue_gender(["mr"]) == "m" and cue_gender(["spokeswoman"]) == "f" and cue_gender(["minister"]) is None
    )
    assert (
        pronoun_gender("Her") == "f" and pronoun_gender("himself") == "m" and pronoun_gender("they") is None
    )
    assert surname("Martin Luther King Jr.") == "king"
    memory = GenderMemory()
    memory.note("Helen Carter", ["mrs"])
    assert memory.compatible("Carter", "she") and not memory.compatible("Carter", "he")
    assert memory.compatible("Rivers", "he") and memory.compatible("Rivers", "she")  # nothing known yet
    memory.assume("Tom Rivers", "he")
    assert not memory.compatible("Tom Rivers", "she")
    memory.assume("Helen Carter", "he")  # what the article said wins over a pronoun
    assert memory.gender("Carter") == "f"


def _actor_of_pronoun(word: str):
    article = article_from_text(TEXT, title="t")
    adoc = AnalysisDoc(article=article, doc=load_model()(article.text), result=Extraction(article=article))
    token = next(t for t in adoc.doc if t.text == word)
    return get_resolver().resolve(adoc, adoc.doc[token.i : token.i + 1])


@pytest.mark.parametrize(("pronoun", "name"), [("She", "Helen Carter"), ("He", "Tom Rivers")])
def test_actor_pronouns_skip_the_other_gender(pronoun: str, name: str) -> None:
    actor = _actor_of_pronoun(pronoun)
    assert actor is not None and actor.kind == "person" and (actor.name or "").endswith(name)


def test_speaker_pronouns_skip_the_other_gender() -> None:
    pipeline = get_pipeline(PipelineConfig(components=("entities", "quotes")))
    text = (
        "Mrs Helen Carter met Mr Tom Rivers in Geneva on Monday.\n\n"
        "\u201cThe talks went well,\u201d she said."
    )
    result = pipeline.analyse(article_from_text(text, title="t"))
    quote = next(q for q in result.quotes if "talks went well" in q.text)
    assert quote.speaker.name == "Helen Carter"
