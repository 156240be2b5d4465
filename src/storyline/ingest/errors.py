"""User-facing ingestion errors: one line naming the file and the reason."""

from __future__ import annotations


class IngestError(Exception):
    """An input that cannot be read as an article. ``str()`` is the one-line message."""

    def __init__(self, path: str, reason: str):
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")
