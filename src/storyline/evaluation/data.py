"""Where evaluation data lives: the ../shared corpora beside a checkout, or $STORYLINE_SHARED.

The one home of the shared-data root (evaluations, trainers and bench scripts all ask here).
"""

from __future__ import annotations

import os
from pathlib import Path

#: ``../shared`` beside the repository checkout this package runs from.
REPO_SHARED = Path(__file__).resolve().parents[3].parent / "shared"


def shared_root(*, required: bool = True) -> Path:
    """$STORYLINE_SHARED when set, else the first existing ``../shared`` (beside the checkout, the
    working directory's parent, or ``./shared``). With nothing found: FileNotFoundError, or, when not
    ``required``, the checkout's ``../shared`` (so callers can name the path they looked for)."""
    configured = os.environ.get("STORYLINE_SHARED")
    if configured:
        return Path(configured)
    for candidate in (REPO_SHARED, Path.cwd().parent / "shared", Path.cwd() / "shared"):
        if candidate.is_dir():
            return candidate
    if required:
        raise FileNotFoundError("../shared (set STORYLINE_SHARED to the corpora folder)")
    return REPO_SHARED


def shared_path(*parts: str | Path) -> Path:
    """An existing file or folder under the shared root (FileNotFoundError naming it otherwise)."""
    path = shared_root().joinpath(*parts)
    if not path.exists():
        raise FileNotFoundError(f"{path} (set STORYLINE_SHARED to the corpora folder)")
    return path
