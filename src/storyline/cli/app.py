"""The Typer application object and the helpers every command shares."""

from __future__ import annotations

import sys

import typer
from rich.console import Console

app = typer.Typer(
    name="storyline",
    help="Turn news reports into a structured, sourced record of what happened.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)

console = Console(stderr=True)
out = Console()

DEFAULT_DB = "storyline.duckdb"


def fail(message: str, code: int = 2) -> None:
    """A user error: one clear line, no traceback."""
    console.print(f"[red]error:[/red] {message}", highlight=False, soft_wrap=True)
    raise typer.Exit(code)


def write_json(text: str) -> None:
    sys.stdout.write(text)
    if not text.endswith("\n"):
        sys.stdout.write("\n")
