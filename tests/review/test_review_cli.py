"""``storyline review ...`` on a real store file."""

from __future__ import annotations

import json

from review_fixtures import build_review_store
from typer.testing import CliRunner

from storyline.cli import _register, app
from storyline.store import Store

runner = CliRunner()


def _cli(*args):
    _register()
    return runner.invoke(app, list(args))


def test_review_commands_record_list_and_export(tmp_path):
    db = tmp_path / "cli.duckdb"
    ids = build_review_store(db)
    raid = f"{ids['raid']}.i0"
    queue = json.loads(_cli("review", "list", "--db", str(db), "--json").stdout)
    assert (queue[0]["kind"], queue[0]["id"]) == ("incident", "i0")
    r = _cli(
        "review",
        "edit",
        "incident",
        raid,
        "--set",
        "fatalities=4",
        "--set",
        "actor1_country=CMR",
        "--reason",
        "wire copy says four",
        "--by",
        "ana",
        "--db",
        str(db),
    )
    assert r.exit_code == 0, r.output
    assert (
        _cli("review", "confirm", "event", f"{ids['raid']}.e1", "--by", "ben", "--db", str(db)).exit_code == 0
    )
    assert (
        _cli("review", "reject", "event", f"{ids['ferry']}.e0", "--by", "ben", "--db", str(db)).exit_code == 0
    )
    bad = _cli("review", "edit", "incident", raid, "--set", "fatalities=lots", "--db", str(db))
    assert bad.exit_code == 2 and "not a number" in bad.output
    missing = _cli("review", "confirm", "incident", f"{ids['raid']}.i5", "--db", str(db))
    assert missing.exit_code == 2 and "no incident" in missing.output
    trail = json.loads(_cli("review", "history", "--db", str(db), "--json").stdout)
    assert [t["reviewer"] for t in trail] == ["ben", "ben", "ana"]
    with Store(db, read_only=True) as store:
        row = store.con.execute(
            "SELECT fatalities, actor1_country, reviewed_by FROM reviewed_incidents WHERE article_id = ?",
            [ids["raid"]],
        ).fetchone()
    assert row == (4.0, "CMR", "ana")
    out = tmp_path / "labels" / "review.jsonl"
    assert _cli("review", "export-labels", str(out), "--db", str(db)).exit_code == 0
    labels = [json.loads(x) for x in out.read_text().splitlines()]
    assert sorted(x["label"] for x in labels) == ["confirm", "edit", "reject"]
