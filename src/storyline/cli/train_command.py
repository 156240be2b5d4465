"""``storyline train NAME``: rebuild a shipped model from the label files."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from storyline.cli.app import app, fail, out, write_json


@app.command("train")
def train_command(
    name: str = typer.Argument(..., help="The model: events, roles, toponyms, linking"),
    out_path: Path | None = typer.Option(
        None, "--out", help="Write the model here (default: into the package)"
    ),
    data: Path | None = typer.Option(
        None, help="Label files or corpus root (default: the repo's labels, ../shared)"
    ),
    limit: int | None = typer.Option(None, help="Train on the first N examples only (a quick check)"),
    as_json: bool = typer.Option(False, "--json", help="Print the training figures as JSON"),
) -> None:
    """Train one model and write its artifact; prints sizes, time and dev figures."""
    from storyline.training import available_trainers, get_trainer

    try:
        fn = get_trainer(name)
    except KeyError:
        fail(f"unknown model {name!r}; available: {', '.join(available_trainers())}")
    except ModuleNotFoundError as exc:
        fail(f"model {name!r} cannot be trained here: {exc}")
    try:
        figures = fn(out=out_path, data=data, limit=limit)
    except FileNotFoundError as exc:
        fail(f"training data not found: {exc}")
    if as_json:
        write_json(json.dumps(figures, indent=2, default=str))
    else:
        for key, value in figures.items():
            out.print(f"{key}: {value}", highlight=False)
