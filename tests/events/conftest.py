"""The rules' own tests read the rules' output.

In the default pipeline the learned event model (``event_model``, tested in
``test_event_model.py``) decides over what the rules propose: it re-types, re-scores and adds
events. The tests in this folder pin down the rules themselves (triggers, actors, codes,
statuses), so their ``pipeline`` is the default one without ``event_model``.
"""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def pipeline():
    from storyline.pipeline import DEFAULT_COMPONENTS, PipelineConfig, get_pipeline

    rules = tuple(name for name in DEFAULT_COMPONENTS if name != "event_model")
    return get_pipeline(PipelineConfig(components=rules))
