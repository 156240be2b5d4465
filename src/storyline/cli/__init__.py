"""The ``storyline`` command line. Each command group lives in its own module."""

from __future__ import annotations

import importlib

from storyline.cli.app import app

#: Command modules; each registers its commands on ``app`` when imported.
COMMAND_MODULES = (
    "storyline.cli.extract",
    "storyline.cli.store_commands",
    "storyline.cli.eval_command",
    "storyline.cli.serve_command",
    "storyline.cli.story_commands",
    "storyline.cli.monitor_commands",
    "storyline.cli.review_commands",
    "storyline.cli.actors_commands",
    "storyline.engines.commands",
)


def _register() -> None:
    for module in COMMAND_MODULES:
        try:
            importlib.import_module(module)
        except ModuleNotFoundError as exc:
            if exc.name != module:  # a real missing dependency, not an unbuilt module
                raise


def main() -> None:
    _register()
    app()


__all__ = ["app", "main"]
