"""The ``storyline`` command line. Each command group lives in its own module."""

from __future__ import annotations

import importlib

from rich.markup import escape

from storyline.cli.app import app

#: Command modules; each registers its commands on ``app`` when imported.
COMMAND_MODULES = (
    "storyline.cli.extract",
    "storyline.cli.store_commands",
    "storyline.cli.eval_command",
    "storyline.cli.train_command",
    "storyline.cli.serve_command",
    "storyline.cli.story_commands",
    "storyline.cli.monitor_commands",
    "storyline.cli.review_commands",
    "storyline.cli.actors_commands",
    "storyline.cli.engine_commands",
)


def _register() -> None:
    for module in COMMAND_MODULES:
        try:
            importlib.import_module(module)
        except ModuleNotFoundError as exc:
            if exc.name != module:  # a real missing dependency, not an unbuilt module
                raise


def main() -> None:
    """The console script. A store that cannot be used (locked, corrupt, disk full) ends any
    command with one line and exit code 2, never a traceback."""
    import duckdb

    from storyline.cli.app import console
    from storyline.store.errors import StoreError, store_error
    from storyline.training import ModelFileError

    _register()
    try:
        app()
    except (
        ModelFileError
    ) as exc:  # a shipped model missing or corrupt: name it and the command that rebuilds it
        console.print(f"[red]error:[/red] {escape(str(exc))}", highlight=False, soft_wrap=True)
        raise SystemExit(2) from None
    except StoreError as exc:
        console.print(f"[red]error:[/red] {escape(str(exc))}", highlight=False, soft_wrap=True)
        raise SystemExit(2) from None
    except duckdb.Error as exc:  # raised outside the Store's own checks: named by DuckDB's message
        console.print(
            f"[red]error:[/red] {escape(str(store_error('store', exc)))}", highlight=False, soft_wrap=True
        )
        raise SystemExit(2) from None


__all__ = ["app", "main"]
