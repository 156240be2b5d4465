"""``storyline review disagreements``: where the event model overruled the rules, listed."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from storyline.cli import _register, app

runner = CliRunner()


def _cli(*args):
    _register()
    return runner.invoke(app, [str(a) for a in args])


def test_lists_the_rule_events_the_model_rejects(tmp_path):
    article = tmp_path / "article.txt"
    article.write_text(
        "A core team which burnt the midnight oil delivered the new app on time.\n\n"
        "Rebels fired rockets at the airport on Monday.\n",
        encoding="utf-8",
    )
    result = _cli("review", "disagreements", article, "--json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    rejected = [r for r in rows if r["field"] == "event"]
    assert rejected, rows
    idiom = rejected[0]
    assert "midnight oil" in idiom["sentence"] and idiom["model"] == "no event"
    assert idiom["confidence"] < 0.5 and idiom["score"] == round(1 - idiom["confidence"], 4)
    assert not any("rockets" in r["sentence"] and r["field"] == "event" for r in rows)
    table = _cli("review", "disagreements", article, "--field", "event")
    assert table.exit_code == 0 and "midnight oil" in table.stdout and "no event" in table.stdout


def test_reads_a_log_sorted_by_score_and_filtered(tmp_path):
    log = tmp_path / "log.jsonl"
    rows = [
        {
            "field": "plover",
            "rule": "ASSAULT",
            "model": "PROTEST",
            "score": 0.61,
            "sentence": "Pickets were held.",
        },
        {
            "field": "status",
            "rule": "asserted",
            "model": "negated",
            "score": 0.93,
            "sentence": "No one was hurt.",
        },
    ]
    log.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    out = json.loads(_cli("review", "disagreements", "--log", log, "--json").stdout)
    assert [r["field"] for r in out] == ["status", "plover"]
    only = json.loads(_cli("review", "disagreements", "--log", log, "--field", "plover", "--json").stdout)
    assert [r["model"] for r in only] == ["PROTEST"]


def test_bad_input_is_one_clear_error(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"field": "plover", "rule": "A", "model": "B"}\nnot json\n', encoding="utf-8")
    result = _cli("review", "disagreements", "--log", bad)
    assert result.exit_code == 2 and "bad.jsonl:2" in result.output
    assert _cli("review", "disagreements").exit_code == 2
    missing = _cli("review", "disagreements", tmp_path / "nowhere.txt")
    assert missing.exit_code == 2 and "nowhere.txt" in missing.output
