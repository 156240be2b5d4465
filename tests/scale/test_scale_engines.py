"""Shards, the Parquet shard writer/loader and the local engine agree, article for article.

No Ray here (tests/test_ray_engine.py runs the actor pool); the functions the Ray actors call
are run in-process on our own generated articles.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from storyline.engines.parquet import load_parquet, process_shard, shard_names
from storyline.engines.shards import iter_shard, plan_shards
from storyline.ingest.errors import IngestError
from storyline.ingest.readers import iter_articles
from storyline.ingest.runner import run_ingest
from storyline.model import Article
from storyline.store import Store
from storyline.store.schema import ITEM_TABLES

PLACES = [
    ("Kenya", "Nairobi"),
    ("Peru", "Lima"),
    ("Nigeria", "Lagos"),
    ("Vietnam", "Hanoi"),
    ("Chile", "Santiago"),
    ("Egypt", "Cairo"),
    ("Norway", "Oslo"),
    ("Pakistan", "Karachi"),
    ("Ghana", "Accra"),
    ("Colombia", "Bogota"),
    ("Indonesia", "Jakarta"),
    ("Turkey", "Ankara"),
]
ACTIONS = [
    "Police in {city} arrested {n} protesters on Tuesday after clashes near the parliament, officials said.",
    "{country}'s army attacked rebel positions outside {city} on Monday, killing {n} fighters, the military said.",
    "The government of {country} signed a trade agreement with {other} in {city} on Friday.",
    "{country}'s foreign minister met officials from {other} in {city} to discuss border security.",
    "Thousands of workers marched through {city} on Sunday to demand higher wages, organisers said.",
    "{other} accused {country} of violating a ceasefire near {city}, a spokesman said on Wednesday.",
]


def make_records(n: int) -> list[dict]:
    """``n`` short news items written here (never from ../shared), varied enough to give events."""
    records = []
    for i in range(n):
        country, city = PLACES[i % len(PLACES)]
        other = PLACES[(i * 5 + 3) % len(PLACES)][0]
        lead = ACTIONS[i % len(ACTIONS)].format(city=city, country=country, other=other, n=i % 40 + 2)
        text = (
            f'{lead} "We will not accept this," said {other} spokesman Daniel Okoro. '
            f"Report number {i} was filed from {city}."
        )
        records.append(
            {
                "title": f"{city} report {i}",
                "text": text,
                "url": f"https://wire.example/{i}",
                "published": f"2024-03-{i % 28 + 1:02d}T09:00:00Z",
                "outlet": "Example Wire",
            }
        )
    return records


def write_jsonl(path: Path, records: list[dict], extra_lines: tuple[str, ...] = ()) -> Path:
    lines = [json.dumps(r) for r in records] + list(extra_lines)
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "wt", encoding="utf-8") as handle:
        handle.write("\n".join(lines) + "\n")
    return path


def table_rows(db: Path, table: str) -> list[tuple]:
    """A table's rows minus ingestion timestamps, in a stable order."""
    drop = {
        "articles": " EXCLUDE (first_ingested, last_ingested)",
        "article_versions": " EXCLUDE (ingested_at)",
    }.get(table, "")
    with Store(db, read_only=True) as store:
        return store.con.execute(f"SELECT *{drop} FROM {table} ORDER BY ALL").fetchall()


def assert_same_store(a: Path, b: Path) -> None:
    for table in ("articles", "article_versions", *ITEM_TABLES):
        assert table_rows(a, table) == table_rows(b, table), table


def _articles(items) -> list[tuple]:
    return [(i.source, i.sha256) if isinstance(i, Article) else ("error", str(i)) for i in items]


def test_jsonl_line_shards_read_exactly_what_the_reader_reads(tmp_path):
    records = make_records(23)
    for name in ("in.jsonl", "in.jsonl.gz"):
        path = write_jsonl(
            tmp_path / name, records, extra_lines=("{not json", json.dumps({"title": "no text"}))
        )
        shards = list(plan_shards([path], shard_size=10))
        assert [(s.kind, s.start, s.stop) for s in shards] == [
            ("lines", 1, 11),
            ("lines", 11, 21),
            ("lines", 21, 26),
        ]
        from_shards = [item for s in shards for item in iter_shard(s)]
        assert _articles(from_shards) == _articles(iter_articles([path]))
        assert sum(isinstance(i, IngestError) for i in from_shards) == 2


def test_parquet_input_shards_by_row_group_and_small_files_are_grouped(tmp_path):
    records = make_records(30)
    pq.write_table(pa.Table.from_pylist(records), tmp_path / "in.parquet", row_group_size=8)
    shards = list(plan_shards([tmp_path / "in.parquet"], shard_size=10))
    assert [(s.start, s.stop) for s in shards] == [(0, 2), (2, 4)]  # 16 rows, then 14
    articles = [a for s in shards for a in iter_shard(s)]
    assert [a.url for a in articles] == [r["url"] for r in records]
    assert articles[9].source.endswith("in.parquet#9")

    folder = tmp_path / "txt"
    folder.mkdir()
    for i, record in enumerate(records[:5]):
        (folder / f"{i}.txt").write_text(record["text"])
    grouped = list(plan_shards([folder], shard_size=2))
    assert [len(s.paths) for s in grouped] == [2, 2, 1]
    assert len([a for s in grouped for a in iter_shard(s)]) == 5


@pytest.fixture(scope="module")
def corpus(tmp_path_factory, pipeline) -> dict:
    """40 articles + a repeated line + a changed text at a known URL (another shard) + a bad line,
    ingested once by the local engine (the reference)."""
    tmp = tmp_path_factory.mktemp("engines")
    records = make_records(40)
    changed = {**records[2], "text": records[2]["text"] + " Officials later said two more people were hurt."}
    path = write_jsonl(
        tmp / "in.jsonl", records, extra_lines=(json.dumps(records[0]), json.dumps(changed), "{oops")
    )
    local = tmp / "local.duckdb"
    stats = run_ingest([path], local, workers=1)
    assert (stats.new, stats.new_versions, stats.unchanged, stats.failed) == (40, 1, 1, 1)
    return {"path": path, "local": local, "tmp": tmp}


def test_shard_parquet_loaded_into_a_store_equals_the_local_engine(corpus):
    out = corpus["tmp"] / "parquet"
    shards = list(plan_shards([corpus["path"]], shard_size=15))
    reports = [process_shard(s, out) for s in shards]
    assert sum(r.stored for r in reports) == 42  # the repeat sits in another shard than its first copy
    assert sum(r.failed for r in reports) == 1
    assert shard_names(out) == [s.name for s in shards]

    db = corpus["tmp"] / "from-parquet.duckdb"
    with Store(db) as store:
        stats = load_parquet(store, out, shards_per_transaction=2)
    assert (stats.new, stats.new_versions, stats.unchanged) == (40, 1, 1)  # the loader drops the repeat
    assert_same_store(db, corpus["local"])

    with Store(db) as store:  # loading again adds nothing
        again = load_parquet(store, out)
    assert (again.stored, again.unchanged) == (0, 42)
    assert_same_store(db, corpus["local"])

    # a re-run finds every shard finished and does no work
    assert all(process_shard(s, out).skipped for s in shards)


def test_shards_skip_articles_the_target_store_already_has(corpus):
    from storyline.cli.engine_commands import stored_versions

    known = stored_versions(corpus["local"])
    assert len(known) == 41  # 40 articles, one with a second version
    out = corpus["tmp"] / "parquet-known"
    reports = [process_shard(s, out, known=known) for s in plan_shards([corpus["path"]], shard_size=15)]
    assert sum(r.stored for r in reports) == 0  # nothing analysed again
    assert sum(r.unchanged for r in reports) == 42 and sum(r.read for r in reports) == 42


def test_parquet_can_be_queried_in_place_with_the_store_columns(corpus):
    out = corpus["tmp"] / "parquet"
    if not out.exists():
        pytest.skip("needs the previous test's output")
    with Store(corpus["local"], read_only=True) as store:
        columns = [c[0] for c in store.con.execute("DESCRIBE events").fetchall()]
        files = str(out / "events" / "*.parquet")
        in_place = store.con.execute(f"DESCRIBE SELECT * FROM read_parquet('{files}')").fetchall()
        assert [c[0] for c in in_place] == columns
        count = store.con.execute(f"SELECT count(*) FROM read_parquet('{files}')").fetchone()[0]
    assert count > 0


def test_engine_options_fail_with_one_line(tmp_path):
    from typer.testing import CliRunner

    from storyline.cli import _register, app

    _register()
    runner = CliRunner()
    bad_engine = runner.invoke(
        app, ["ingest", str(tmp_path), "--engine", "spark", "--db", str(tmp_path / "s.duckdb")]
    )
    assert bad_engine.exit_code == 2 and "unknown engine 'spark'" in bad_engine.output
    local_parquet = runner.invoke(
        app,
        ["ingest", str(tmp_path), "--out-parquet", str(tmp_path / "p"), "--db", str(tmp_path / "s.duckdb")],
    )
    assert local_parquet.exit_code == 2 and "need --engine ray" in local_parquet.output
    empty = runner.invoke(app, ["load-parquet", str(tmp_path), "--db", str(tmp_path / "s.duckdb")])
    assert empty.exit_code == 2 and "no shard files" in " ".join(empty.output.split())
    assert not (tmp_path / "s.duckdb").exists()  # nothing created on a user error
    assert "Traceback" not in bad_engine.output + local_parquet.output + empty.output


def test_ingest_keeps_a_bounded_list_of_error_messages(tmp_path, monkeypatch):
    from storyline.ingest import runner
    from storyline.ingest.errors import IngestError

    monkeypatch.setattr(runner.IngestStats, "max_errors", 3)
    seen: list[str] = []
    bad = [IngestError(f"bad-{i}.jsonl", "not JSON") for i in range(10)]
    stats = runner.run_ingest([], tmp_path / "s.duckdb", items=bad, on_error=seen.append)
    assert stats.failed == 10 and len(seen) == 10 and len(stats.errors) == 3
