"""``storyline ingest`` / ``show`` / ``export`` end to end on our own example articles."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from storyline.cli import _register, app
from storyline.store import Store

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "examples" / "articles"

_register()
runner = CliRunner()


def _run(*args: str):
    return runner.invoke(app, list(args), catch_exceptions=False)


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory, pipeline) -> Path:
    """The example articles ingested once for this module (pipeline fixture: models load once)."""
    db = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    result = _run("ingest", str(EXAMPLES), "--db", str(db))
    assert result.exit_code == 0, result.output
    return db


def test_ingest_examples_stores_every_article_and_the_updated_version(demo_db):
    with Store(demo_db, read_only=True) as store:
        counts = store.counts()
        updated = store.con.execute("SELECT article_id FROM articles WHERE latest_version = 2").fetchall()
        outlets = {r[0] for r in store.con.execute("SELECT outlet FROM current_versions").fetchall()}
    files = [p for p in EXAMPLES.iterdir() if p.suffix in (".txt", ".html")]
    jsonl_records = (EXAMPLES / "wire-reports.jsonl").read_text().splitlines()
    # every record is one version; the two Sahel Daily records share a URL -> one article, 2 versions
    assert counts["versions"] == len(files) + len(jsonl_records)
    assert counts["articles"] == counts["versions"] - 1
    assert len(updated) == 1
    assert {"Coast Herald", "East Africa Wire", "Sahel Daily"} <= outlets
    assert counts["entities"] > 50  # the pipeline ran on them


def test_second_ingest_skips_everything_and_changes_nothing(demo_db):
    with Store(demo_db, read_only=True) as store:
        before = store.counts()
    result = _run("ingest", str(EXAMPLES), "--db", str(demo_db))
    assert result.exit_code == 0, result.output
    assert "unchanged (skipped)" in result.output
    with Store(demo_db, read_only=True) as store:
        assert store.counts() == before


def test_changed_text_at_same_url_is_a_second_version_of_one_article(tmp_path, pipeline):
    record = {
        "url": "https://news.example/harbour-fire",
        "outlet": "Harbour Times",
        "published": "2026-05-01T08:00:00Z",
        "title": "Fire at harbour warehouse",
        "text": "Firefighters in Valparaiso put out a blaze at a harbour warehouse on Friday, "
        "the port authority said. No one was hurt.",
    }
    first, second = tmp_path / "first.jsonl", tmp_path / "second.jsonl"
    first.write_text(json.dumps(record) + "\n")
    # tracking parameters and www. do not make a different article
    changed = {
        **record,
        "url": "https://www.news.example/harbour-fire/?utm_source=feed",
        "text": record["text"] + " Two workers were later treated for smoke inhalation.",
    }
    second.write_text(json.dumps(changed) + "\n")
    db = tmp_path / "s.duckdb"
    assert _run("ingest", str(first), "--db", str(db)).exit_code == 0
    assert _run("ingest", str(second), "--db", str(db)).exit_code == 0
    with Store(db, read_only=True) as store:
        counts = store.counts()
        (article_id,) = store.con.execute("SELECT article_id FROM articles").fetchone()
        versions = store.versions(article_id)
    assert (counts["articles"], counts["versions"]) == (1, 2)
    assert [v["version"] for v in versions] == [1, 2]
    shown = _run("show", article_id[:8], "--db", str(db))
    assert shown.exit_code == 0
    assert "version 2 of 2" in shown.output and "Fire at harbour warehouse" in shown.output
    old = _run("show", article_id, "--version", "1", "--db", str(db))
    assert "version 1 of 2" in old.output


def test_bad_inputs_get_one_line_each_and_exit_code_1(tmp_path, pipeline):
    good = tmp_path / "in" / "good.txt"
    good.parent.mkdir()
    good.write_text("Storm closes schools\n\nAuthorities in Halifax closed all schools on Monday.\n")
    (tmp_path / "in" / "empty.txt").write_text("")
    (tmp_path / "in" / "notes.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / "in" / "broken.jsonl").write_text('{"text": "Half a record\n')
    db = tmp_path / "s.duckdb"
    result = _run("ingest", str(tmp_path / "in"), str(tmp_path / "missing.txt"), "--db", str(db))
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    error_lines = [line for line in result.output.splitlines() if line.startswith(str(tmp_path))]
    assert len(error_lines) == 4  # empty, pdf, broken json line, missing path
    assert any("empty.txt" in line and "empty" in line for line in error_lines)
    assert any("missing.txt" in line and "no such file" in line for line in error_lines)
    with Store(db, read_only=True) as store:
        assert store.counts()["articles"] == 1  # the good file went in regardless


def test_show_summary_lists_counts_outlets_and_latest(demo_db):
    result = _run("show", "--db", str(demo_db))
    assert result.exit_code == 0
    for expected in ("articles", "versions", "entities", "top outlets", "Coast Herald", "latest articles"):
        assert expected in result.output


def test_show_and_export_usage_errors(tmp_path, demo_db):
    assert _run("show", "--db", str(tmp_path / "none.duckdb")).exit_code == 2
    assert _run("show", "nosuchid", "--db", str(demo_db)).exit_code == 1
    assert _run("export", "--format", "xml", "--db", str(demo_db)).exit_code == 2
    assert _run("export", "--format", "parquet", "--db", str(demo_db)).exit_code == 2
    assert _run("export", "--format", "csv", "--table", "nope", "--db", str(demo_db)).exit_code == 2
    assert _run("ingest", "--db", str(tmp_path / "x.duckdb")).exit_code == 2  # no PATH


def test_export_jsonl_is_one_contract_document_per_current_version(demo_db, tmp_path):
    from storyline.model import Extraction

    out = tmp_path / "docs.jsonl"
    assert _run("export", "--format", "jsonl", "--out", str(out), "--db", str(demo_db)).exit_code == 0
    docs = [Extraction.model_validate_json(line) for line in out.read_text().splitlines()]
    with Store(demo_db, read_only=True) as store:
        assert len(docs) == store.counts()["articles"]
    sahel = [d for d in docs if d.article.outlet == "Sahel Daily"]
    assert len(sahel) == 1 and "22" in sahel[0].article.title  # the updated version, not the first
    for doc in docs:
        for entity in doc.entities:
            assert doc.article.text[entity.span[0] : entity.span[1]] == entity.text


def test_export_tables_as_csv_and_parquet(demo_db, tmp_path):
    import duckdb

    csv_out = _run("export", "--format", "csv", "--table", "articles", "--db", str(demo_db))
    assert csv_out.exit_code == 0
    header = csv_out.stdout.splitlines()[0].split(",")
    assert header[:3] == ["article_id", "version", "version_id"]
    parquet = tmp_path / "entities.parquet"
    result = _run(
        "export", "--format", "parquet", "--table", "entities", "--out", str(parquet), "--db", str(demo_db)
    )
    assert result.exit_code == 0
    rows = (
        duckdb.connect().execute(f"SELECT count(*), count(DISTINCT article_url) FROM '{parquet}'").fetchone()
    )
    with Store(demo_db, read_only=True) as store:
        assert rows[0] == store.counts()["entities"]
    assert rows[1] >= 3  # item rows carry their article's URL
    events_csv = _run("export", "--format", "csv", "--table", "events", "--db", str(demo_db)).stdout
    assert "plover_type_2021" in events_csv.splitlines()[0]


def test_workers_2_store_the_same_as_workers_1(tmp_path):
    """The runner's parallel path stores byte-identical documents (small pipeline: fast workers;
    the CLI's --workers 2 path with the full pipeline is exercised by tests/test_kill.py)."""
    from storyline.export.tables import export_documents
    from storyline.ingest.runner import run_ingest
    from storyline.pipeline import PipelineConfig

    inputs = tmp_path / "in"
    inputs.mkdir()
    for name in (
        "chile-peru-water-accord.txt",
        "warsaw-berlin-rail-talks.txt",
        "wire-reports.jsonl",
        "dhaka-garment-wage-protest.txt",
        "typhoon-aid-philippines.txt",
    ):
        (inputs / name).write_bytes((EXAMPLES / name).read_bytes())
    config = PipelineConfig(components=("entities",))
    docs = {}
    for workers in (1, 2):
        db = tmp_path / f"w{workers}.duckdb"
        stats = run_ingest([inputs], db, workers=workers, batch_size=2, config=config)
        assert (stats.read, stats.new, stats.new_versions, stats.failed) == (7, 6, 1, 0)
        out = tmp_path / f"w{workers}.jsonl"
        with Store(db, read_only=True) as store:
            export_documents(store, out)
            docs[workers] = (out.read_text(), store.counts())
    assert docs[1][1] == docs[2][1] and docs[1][1]["entities"] > 50
    assert docs[1][0] == docs[2][0]


def test_writer_memory_limit_is_applied_and_checked(tmp_path):
    with Store(tmp_path / "m.duckdb", memory_limit="64MB") as store:
        limit = store.con.execute("SELECT current_setting('memory_limit')").fetchone()[0]
    assert limit == "61.0 MiB"  # DuckDB reports 64 MB (10^6 bytes) in MiB
    result = _run("ingest", str(EXAMPLES), "--db", str(tmp_path / "x.duckdb"), "--memory-limit", "lots")
    assert result.exit_code != 0 and "memory limit 'lots'" in result.output
    assert not (tmp_path / "x.duckdb").exists()


def test_a_rerun_links_what_an_earlier_run_left_unlinked(tmp_path, pipeline):
    """Issue #18 item 4: linking is resumable. A run that stored events but never linked them
    (killed, disk full, or --no-link) leaves them pending in the store; the next ingest links
    them even though it stores nothing new."""
    from storyline.linking.stories import pending_count

    db = tmp_path / "resume.duckdb"
    assert _run("ingest", str(EXAMPLES), "--db", str(db), "--no-link").exit_code == 0
    with Store(db, read_only=True) as store:
        left = pending_count(store)
    assert left > 0
    result = _run("ingest", str(EXAMPLES), "--db", str(db))
    assert result.exit_code == 0, result.output
    assert "unchanged (skipped)" in result.output and "linked" in result.output
    with Store(db, read_only=True) as store:
        assert pending_count(store) == 0
        assert store.con.execute("SELECT count(*) FROM story_mentions").fetchone()[0] > 0
