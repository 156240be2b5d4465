"""``storyline trend A B`` counts incidents by default when the store holds any (the dashboard's and
the API's rule), stories or mentions when asked; on the project's own example articles."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from storyline.cli import _register, app
from storyline.serve import ServeConfig, create_app

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "articles"
runner = CliRunner()


def _cli(*args):
    _register()
    return runner.invoke(app, [str(a) for a in args])


def _ingest(db: Path, source: Path) -> None:
    r = _cli("ingest", source, "--db", db)
    assert r.exit_code == 0, r.output


@pytest.fixture(scope="module")
def examples_db(tmp_path_factory, pipeline) -> Path:
    db = tmp_path_factory.mktemp("trend") / "examples.duckdb"
    _ingest(db, EXAMPLES)
    return db


def _trend(db: Path, *args) -> list[dict]:
    r = _cli("trend", *args, "--by", "month", "--json", "--db", db)
    assert r.exit_code == 0, r.output
    return json.loads(r.stdout)


def _current_incidents(db: Path, a: str, b: str) -> int:
    """Current, happened incidents between a and b (either direction), read from the base table."""
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(
            "SELECT count(*) FROM incidents i JOIN current_versions v USING (version_id) "
            "WHERE i.timing = 'current' AND coalesce(i.status, 'asserted') IN ('asserted', 'reported') "
            "AND ((i.actor1_country = ? AND i.actor2_country = ?) OR (i.actor1_country = ? AND i.actor2_country = ?))",
            [a, b, b, a],
        ).fetchone()[0]


def test_trend_counts_incidents_by_default_like_the_api(examples_db):
    rows = _trend(examples_db, "KEN", "KEN")
    assert rows and {r["unit"] for r in rows} == {"incidents"}
    # the police beating told by the second Mombasa report: one incident, its mentions counted once
    assert sum(r["events"] for r in rows) == _current_incidents(examples_db, "KEN", "KEN") == 1
    stories = _trend(examples_db, "KEN", "KEN", "--unit", "stories")
    assert {r["unit"] for r in stories} == {"stories"}
    # the arrests' story carries both sides as KEN; no incident of the arrests names two Kenyan sides
    assert sum(r["events"] for r in stories) > sum(r["events"] for r in rows)
    app_ = create_app(ServeConfig(db=str(examples_db), read_only=True))
    with TestClient(app_) as client:
        body = client.get("/api/trend", params={"a": "KEN", "b": "KEN", "by": "month"}).json()
        assert body["unit"] == "incidents"  # the API's default on a store with incidents, too
        assert [d["events"] for d in body["days"]] == [r["events"] for r in rows]
        assert client.get("/api/timeline").json()["unit"] == "incidents"
        assert client.get("/api/map").json()["unit"] == "incidents"
    app_.state.db.close()


def test_mentions_count_every_clause_of_an_incident(examples_db):
    """ "Gunmen on motorcycles attacked a village ... killing": two event mentions of one attack."""
    mentions = _trend(examples_db, "BFA", "BFA", "--unit", "mentions")
    assert {r["unit"] for r in mentions} == {"mentions"}
    incidents = _trend(examples_db, "BFA", "BFA", "--unit", "incidents")
    assert sum(r["events"] for r in mentions) > sum(r["events"] for r in incidents)
    assert sum(r["events"] for r in incidents) == _current_incidents(examples_db, "BFA", "BFA")


def test_a_store_without_incidents_counts_stories(tmp_path, pipeline):
    title, text = (EXAMPLES / "chile-peru-water-accord.txt").read_text(encoding="utf-8").split("\n", 1)
    source = tmp_path / "accord.jsonl"  # the example with a publication day, so its events have days
    record = {"title": title.strip(), "text": text.strip(), "published": "2026-03-05T10:00:00+00:00"}
    source.write_text(json.dumps(record) + "\n", encoding="utf-8")
    db = tmp_path / "accord.duckdb"
    _ingest(db, source)
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM events").fetchone()[0] > 0
        assert con.execute("SELECT count(*) FROM incidents").fetchone()[0] == 0
    rows = _trend(db, "CHL", "PER")
    assert rows and {r["unit"] for r in rows} == {"stories"}


def test_a_bad_unit_is_one_clear_line(examples_db):
    r = _cli("trend", "KEN", "KEN", "--unit", "articles", "--db", examples_db)
    assert r.exit_code != 0
    assert "--unit must be one of incidents, stories, mentions" in r.output
