"""The typed stage contract: @component(requires=..., assigns=...) checked when a pipeline is built."""

from __future__ import annotations

import pytest

from storyline.pipeline import (
    COMPONENT_META,
    DEFAULT_COMPONENTS,
    AnalysisDoc,
    Pipeline,
    PipelineConfig,
    PipelineError,
    analyze_pipes,
)


def test_the_default_pipeline_satisfies_every_requirement() -> None:
    assert analyze_pipes(DEFAULT_COMPONENTS) == []


def test_a_missing_requirement_names_both_components() -> None:
    problems = analyze_pipes(["entities", "events", "event_details"])
    assert any("'event_details'" in p and "'dates'" in p and "'time'" in p for p in problems)
    assert any("'event_details'" in p and "'counted'" in p and "'quantities'" in p for p in problems)


def test_a_requirement_assigned_too_late_is_reported_as_such() -> None:
    (problem,) = analyze_pipes(["contradictions", "quotes"])
    assert "'contradictions'" in problem and "'quotes'" in problem and "runs after it" in problem


def test_building_a_pipeline_in_a_wrong_order_fails_before_any_parse() -> None:
    with pytest.raises(PipelineError, match="event_details"):
        Pipeline(PipelineConfig(components=("entities", "events", "event_details")))


def test_every_assigned_field_is_a_typed_analysis_doc_field() -> None:
    fields = set(AnalysisDoc.__dataclass_fields__)
    analyze_pipes(DEFAULT_COMPONENTS)  # imports every component module
    for name, meta in COMPONENT_META.items():
        for attr in (*meta.requires, *meta.assigns):
            if attr.startswith("result."):
                continue
            assert attr in fields, f"component {name!r} declares {attr!r}, not an AnalysisDoc field"
