"""The Ray engine on a small local Ray: same events as the local engine, idempotent load.

Skipped when ``ray`` is not installed (``pip install 'storyline[ray]'``; ``make install`` adds it).
"""

from __future__ import annotations

import os

import pytest
from test_scale_engines import assert_same_store, make_records, table_rows, write_jsonl
from typer.testing import CliRunner

from storyline.cli import _register, app
from storyline.ingest.runner import run_ingest

ray = pytest.importorskip("ray")

_register()


@pytest.fixture(scope="module")
def local_ray():
    os.environ.setdefault("RAY_AUTH_MODE", "disabled")  # a throw-away local instance
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    yield
    ray.shutdown()


def test_ray_engine_stores_what_the_local_engine_stores(tmp_path, local_ray, pipeline):
    records = make_records(200)
    path = write_jsonl(tmp_path / "in.jsonl", records, extra_lines=("{broken",))
    local = tmp_path / "local.duckdb"
    run_ingest([path], local, workers=1)

    out, db = tmp_path / "parquet", tmp_path / "ray.duckdb"
    args = [
        "ingest",
        str(path),
        "--engine",
        "ray",
        "--workers",
        "2",
        "--shard-size",
        "50",
        "--out-parquet",
        str(out),
        "--db",
        str(db),
    ]
    result = CliRunner().invoke(app, args, catch_exceptions=False)
    assert result.exit_code == 1, result.output  # the broken line is reported, the rest stored
    assert "invalid JSON" in result.output and "new articles" in result.output
    assert len(list((out / "events").glob("shard-*.parquet"))) == 5  # 201 lines / 50

    events = table_rows(local, "events")
    assert len(events) > 150
    assert table_rows(db, "events") == events
    assert_same_store(db, local)

    # load-parquet again: nothing new
    again = CliRunner().invoke(app, ["load-parquet", str(out), "--db", str(db)], catch_exceptions=False)
    assert again.exit_code == 0, again.output
    assert table_rows(db, "events") == events
