"""Where evaluation data lives: the ../shared corpora beside a checkout, or $STORYLINE_SHARED."""

from __future__ import annotations

import os
from pathlib import Path


def shared_root() -> Path:
    candidates = [os.environ.get("STORYLINE_SHARED"), Path.cwd().parent / "shared", Path.cwd() / "shared",
                  Path(__file__).resolve().parents[3].parent / "shared"]
    for candidate in candidates:
        if candidate and Path(candidate).is_dir():
            return Path(candidate)
    raise FileNotFoundError("../shared (set STORYLINE_SHARED to the corpora folder)")


def shared_path(relative: str) -> Path:
    path = shared_root() / relative
    if not path.exists():
        raise FileNotFoundError(str(path))
    return path
