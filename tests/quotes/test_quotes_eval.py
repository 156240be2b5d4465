"""The quotes eval harness on a slice of the labelled BBC set (../shared)."""

from __future__ import annotations

import json

from storyline.evaluation.quotes import LABELS, evaluate, speaker_matches


def test_labels_are_offsets_not_text():
    rows = [json.loads(line) for line in LABELS.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(rows) >= 150 and len({r["member"] for r in rows}) >= 40
    assert all(
        set(r) == {"corpus", "archive", "member", "text_sha256", "span", "speaker", "channel"} for r in rows
    )


def test_speaker_matching_rules():
    assert speaker_matches("Lord Woolf", "Woolf")
    assert speaker_matches("Home Office spokesman", "spokesman")
    assert not speaker_matches("Tony Blair", "Gordon Brown")


def test_eval_on_ten_articles(shared, monkeypatch, pipeline):
    monkeypatch.setenv("STORYLINE_SHARED", str(shared))
    metrics = evaluate(limit=10, verbose=False)
    assert metrics["articles"] == 10
    assert metrics["span_overlap"]["f1"] >= 0.85
    assert metrics["speaker_accuracy_on_matched"] >= 0.7
