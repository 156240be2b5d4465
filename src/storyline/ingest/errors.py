"""User-facing ingestion errors: one line naming the file and the reason."""

from __future__ import annotations

from storyline.text.safe import display_name, display_text


class IngestError(Exception):
    """An input that cannot be read as an article. ``str()`` is the one-line message.

    The path and reason are made printable (:mod:`storyline.text.safe`): a file name holding
    terminal escapes or bytes that are not UTF-8 is spelled out, never sent raw to a terminal.
    """

    def __init__(self, path: str, reason: str):
        self.path = display_name(str(path))
        self.reason = display_text(str(reason))
        super().__init__(f"{self.path}: {self.reason}")
