"""``storyline eval TASK``: score a stage on labelled data."""

from __future__ import annotations

import contextlib
import json
import sys
from pathlib import Path

import typer

from storyline.cli.app import app, fail, write_json


@app.command("eval")
def eval_command(
    task: str = typer.Argument(
        ...,
        help="extraction, muc4, india-police, petrarch, plover, geo, time, quantities, quotes, linking, stories",
    ),
    data: Path | None = typer.Option(
        None, help="Labelled data (default: the task's set under ../shared or the package)"
    ),
    limit: int | None = typer.Option(None, help="Score only the first N documents"),
    as_json: bool = typer.Option(False, "--json", help="Print the metrics as JSON"),
) -> None:
    """Print precision / recall / F1 of one stage on labelled data."""
    from storyline.evaluation import available_tasks, get_task

    try:
        fn = get_task(task)
    except KeyError:
        fail(f"unknown eval task {task!r}; available: {', '.join(available_tasks())}")
    except ModuleNotFoundError as exc:
        fail(f"eval task {task!r} is not available: {exc}")
    # With --json, stdout carries only the JSON; the task's tables go to stderr.
    target = sys.stderr if as_json else sys.stdout
    try:
        with contextlib.redirect_stdout(target):
            metrics = fn(data=data, limit=limit)
    except FileNotFoundError as exc:
        fail(f"labelled data not found: {exc}")
    if as_json:
        write_json(json.dumps(metrics, indent=2))
