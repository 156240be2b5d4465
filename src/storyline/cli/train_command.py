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
    review_labels: list[Path] = typer.Option(
        [],
        "--review-labels",
        help="Analysts' labels (`storyline review export-labels` files or folders) for "
        "trainers that read them (default: labels/review/); repeatable",
    ),
    review_store: list[Path] = typer.Option(
        [],
        "--review-store",
        help="A store whose analysts' corrections (storyline review) are read as training rows, "
        "with their texts; repeatable",
    ),
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
    if review_labels:  # read by storyline.review.review_labels() in the trainer
        import os

        from storyline.review.training import REVIEW_LABELS_ENV

        missing = [str(p) for p in review_labels if not p.exists()]
        if missing:
            fail(f"review labels not found: {', '.join(missing)}")
        os.environ[REVIEW_LABELS_ENV] = os.pathsep.join(str(p) for p in review_labels)
    if review_store:  # read by storyline.review.rows in the trainer
        import os

        from storyline.review.rows import REVIEW_STORE_ENV

        missing = [str(p) for p in review_store if not p.is_file()]
        if missing:
            fail(f"review store not found: {', '.join(missing)}")
        os.environ[REVIEW_STORE_ENV] = os.pathsep.join(str(p) for p in review_store)
    try:
        figures = fn(out=out_path, data=data, limit=limit)
    except FileNotFoundError as exc:
        fail(f"training data not found: {exc}")
    if as_json:
        write_json(json.dumps(figures, indent=2, default=str))
    else:
        for key, value in figures.items():
            out.print(f"{key}: {value}", highlight=False)
