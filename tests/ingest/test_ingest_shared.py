"""Ingestion of the real corpora in ../shared (skipped when absent)."""

from __future__ import annotations

from itertools import islice

from storyline.ingest.errors import IngestError
from storyline.ingest.readers import iter_articles
from storyline.model import Article


def test_every_sample_warc_ingests(shared):
    warcs = sorted((shared / "corpora" / "warc_samples").glob("*.warc*"))
    assert len(warcs) >= 4
    for warc in warcs:
        # The two big archives (~170 pages each) are sampled to keep the suite fast;
        # docs/ingest.md gives the full-archive counts.
        items = list(islice(iter_articles([warc]), 12))
        articles = [i for i in items if isinstance(i, Article)]
        errors = [i for i in items if isinstance(i, IngestError)]
        assert articles, warc.name
        assert not errors, [str(e) for e in errors]
        for article in articles:
            assert article.url and article.url.startswith("http")
            assert article.published  # page date, else the record's WARC-Date
            assert len(article.text) > 100
            assert article.source.startswith(str(warc))


def test_real_feeds_give_articles_or_one_line_errors(shared):
    root = shared / "corpora" / "rss_feeds"
    items = list(iter_articles([root]))
    articles = [i for i in items if isinstance(i, Article)]
    errors = [i for i in items if isinstance(i, IngestError)]
    assert len(articles) > 1000
    # The known-broken fixtures (entry fragments cut out of a feed) are reported by name.
    failed = {e.path.split("#")[0].rsplit("/", 1)[-1] for e in errors}
    assert {"TechCrunchFirstEntry.xml", "unrecognized.rss"} <= failed
    assert all("\n" not in str(e) for e in errors)
    by_outlet = {a.outlet for a in articles}
    assert len(by_outlet) > 30
    # Feed entries keep their link and (where the feed has one) a parsed date.
    dated = [a for a in articles if a.published]
    assert len(dated) > 0.8 * len(articles)
    assert all(a.url for a in articles[:200])
    assert {"en", "es"} <= {a.language for a in articles}
