"""Memory zones: a long ingest must not keep every word it has seen, and must not change results."""

from __future__ import annotations

from pathlib import Path

from storyline.ingest.runner import iter_inputs
from storyline.model import Article
from storyline.pipeline import Pipeline, PipelineConfig
from storyline.text.article import article_from_text

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "articles"


def _articles() -> list[Article]:
    articles = [a for a in iter_inputs([EXAMPLES]) if isinstance(a, Article)]
    assert len(articles) >= 5
    return articles


def _dumps(pipeline: Pipeline, articles: list[Article]) -> list[dict]:
    return [x.model_dump(mode="json") for x in pipeline.analyse_many(articles)]


def test_memory_zones_leave_extractions_unchanged():
    articles = _articles()
    pipeline = Pipeline(PipelineConfig(batch_size=3))
    pipeline.warm_up_articles = 10**9  # never in a zone
    plain = _dumps(pipeline, articles)
    pipeline.warm_up_articles = 0  # every batch in a zone
    zoned = _dumps(pipeline, articles)
    assert zoned == plain
    assert any(x["events"] for x in zoned) and any(x["places"] for x in zoned)


def test_memory_zones_forget_new_words():
    pipeline = Pipeline(PipelineConfig(components=("entities", "events")))
    pipeline.warm_up_articles = 0
    strings = pipeline.nlp.vocab.strings
    # Invented words, numbers and names: each would otherwise stay in the vocabulary for good.
    texts = [
        f"Zorvath{i} Quellingham said {1000 + i}-{i * 7} Brexlo{i}ville workers struck Plimquart{i}."
        for i in range(40)
    ]
    list(pipeline.analyse_many(article_from_text(t, title="t") for t in texts[:5]))
    before = len(strings)
    list(pipeline.analyse_many(article_from_text(t, title="t") for t in texts[5:]))
    assert len(strings) == before
    assert "Brexlo30ville" not in strings
