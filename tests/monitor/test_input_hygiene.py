"""Input hygiene: mojibake repaired, title junk removed, JSON field mapping, undated never dated."""

from __future__ import annotations

import json
import tarfile

import pytest

from storyline.ingest.errors import IngestError
from storyline.ingest.fields import FieldMap, use_fields
from storyline.ingest.readers import iter_articles
from storyline.model import Article
from storyline.text.article import article_from_text


def test_mojibake_is_repaired_and_clean_text_keeps_its_hash():
    garbled = (
        "Officials said the â€˜peace marchâ€™ would go ahead. â€œWe will not back down,â€� "
        "the organiser said in SÃ£o Paulo on Monday."
    )
    article = article_from_text(garbled, title="Marchers vow to go ahead")
    assert article.text == (
        "Officials said the ‘peace march’ would go ahead. “We will not back down,” "
        "the organiser said in São Paulo on Monday."
    )
    assert article.attributes["mojibake_repaired"] is True
    clean = "The “final” offer — ﬁled at 9 a.m. — was rejected in Zürich, officials said."
    same = article_from_text(clean, title="Offer rejected")
    assert same.text == clean and "mojibake_repaired" not in same.attributes


def test_archive_note_is_not_a_title_and_gives_the_date():
    text = (
        "This story is from March 25, 2002\n\nlucknow: police arrested 12 people after clashes in the old "
        "city on sunday, officials said. the district magistrate imposed a curfew."
    )
    article = article_from_text(text)
    assert article.title is None or "This story is from" not in article.title
    assert not article.text.startswith("This story")
    assert article.published == "2002-03-25" and article.attributes["published_from"] == "archive note"
    given = article_from_text(text, published="2002-03-24")  # a known date is never overridden
    assert given.published == "2002-03-24"
    titled = article_from_text(
        "Police fire tear gas at marchers in the capital on Monday.",
        title="This story is from March 25, 2002",
    )
    assert titled.title is None and titled.published == "2002-03-25"


def test_jsonl_field_mapping(tmp_path):
    path = tmp_path / "custom.jsonl"
    rows = [
        {
            "story_body": "Police in Lima arrested 12 protesters on Tuesday, officials said.",
            "day": "2024-05-07",
            "link": "https://example.org/a",
            "headline_text": "Lima arrests",
        },
        {
            "story_body": "Troops were deployed in Quito on Wednesday after the protests.",
            "link": "https://example.org/b",
        },
    ]
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    unmapped = list(iter_articles([path]))
    assert all(isinstance(i, IngestError) and "no 'text'" in str(i) for i in unmapped)
    with use_fields(FieldMap(text="story_body", published="day", url="link", title="headline_text")):
        mapped = list(iter_articles([path]))
    assert all(isinstance(a, Article) for a in mapped)
    assert [a.published for a in mapped] == ["2024-05-07", None]  # undated stays undated
    assert mapped[0].title == "Lima arrests" and mapped[1].url == "https://example.org/b"
    assert list(iter_articles([path]))[0].__class__ is IngestError  # the mapping ended with the block


def test_india_police_events_jsonl_reads_as_is_with_the_mapping(shared, tmp_path):
    archive = (
        shared / "corpora" / "conflict_events" / "india_police_events" / "IndiaPoliceEvents_final.tar.gz"
    )
    if not archive.exists():
        pytest.skip("IndiaPoliceEvents not in ../shared")
    with tarfile.open(archive) as tar:
        member = next(m for m in tar.getmembers() if m.name.endswith("final/metadata.jsonl"))
        lines = tar.extractfile(member).read().splitlines()[:120]
    path = tmp_path / "metadata.jsonl"
    path.write_bytes(b"\n".join(lines) + b"\n")
    with use_fields(FieldMap(text="full_text", published="date", url="url")):
        items = list(iter_articles([path]))
    articles = [i for i in items if isinstance(i, Article)]
    assert len(articles) == len(lines) and not [i for i in items if isinstance(i, IngestError)]
    assert all(a.published and a.url for a in articles)
    assert not any(a.title and a.title.startswith("This story is from") for a in articles)
    assert not any(a.text.startswith("This story is from") for a in articles)
    assert sum("â€" in a.text for a in articles) == 0
    assert sum(bool(a.attributes.get("mojibake_repaired")) for a in articles) > len(articles) // 4


def test_undated_articles_are_counted_and_never_exported_with_the_ingest_day(tmp_path):
    from storyline.export.documents import global_ids, iter_documents
    from storyline.export.gdelt import build_export
    from storyline.export.units import iter_units
    from storyline.ingest.runner import run_ingest
    from storyline.store import Store

    body = (
        "Police fired tear gas at protesters in Nairobi on Tuesday, officials said. "
        "Kenyan troops attacked a militant camp near the Somali border."
    )
    items = [
        article_from_text(
            body, title="Dated report", url="https://example.org/dated", published="2024-05-07"
        ),
        article_from_text(
            body + " The army said.", title="Undated report", url="https://example.org/undated"
        ),
    ]
    db = tmp_path / "u.duckdb"
    stats = run_ingest([], db, items=items)
    assert stats.new == 2 and stats.undated == 1
    with Store(db, read_only=True) as store:
        published = dict(store.con.execute("SELECT url, published FROM article_versions").fetchall())
        export = build_export(iter_units(iter_documents(store), 0.0, global_ids(store)))
    rows = export.event_rows()
    assert published["https://example.org/undated"] is None
    dated = [r for r in rows if r[-1] == "https://example.org/dated"]
    assert dated and all(r[1] == "20240507" for r in dated)
    # the undated article's events are left out and counted, never dated with the day of ingestion
    assert not [r for r in rows if r[-1] == "https://example.org/undated"] and export.undated >= 1
