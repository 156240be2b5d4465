"""Shared fixtures: the ../shared corpora (skipped cleanly when absent) and the pipeline."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("STORYLINE_SHARED", REPO.parent / "shared"))


@pytest.fixture(scope="session")
def shared() -> Path:
    """Path of ../shared; the test is skipped when it is not there (a user's clone)."""
    if not SHARED.is_dir():
        pytest.skip("../shared corpora not available")
    return SHARED


@pytest.fixture(scope="session")
def pipeline():
    from storyline.pipeline import get_pipeline

    return get_pipeline()
