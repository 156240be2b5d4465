"""Store faults as one line: locked, corrupt or truncated, disk full.

DuckDB reports these as several exception classes with multi-line messages (and a failed
COMMIT used to be hidden behind the ROLLBACK that followed it). :func:`store_error` turns any of
them into a :class:`StoreError` whose ``str()`` is one line naming the file, what is wrong and
what to do; the CLI prints it as is and ``serve`` answers 503 with it.
"""

from __future__ import annotations

import errno
import os
import re
from pathlib import Path

from storyline.text.safe import display_text

#: Bytes before the first block of a DuckDB file (main header + two database headers).
_FILE_HEADER = 3 * 4096

_LOCK_PID = re.compile(r"PID (\d+)")


class StoreError(Exception):
    """The store cannot be used. ``kind``: locked | corrupt | disk-full | other."""

    def __init__(self, path: str, kind: str, message: str):
        self.path = str(path)
        self.kind = kind
        super().__init__(f"{display_text(self.path)}: {message}")


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return display_text(text.splitlines()[0][:300]) if text else type(exc).__name__


def classify(exc: BaseException) -> str:
    """locked | corrupt | disk-full | invalidated | other, from a DuckDB or OS error."""
    if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EFBIG, errno.EDQUOT):
        return "disk-full"
    text = str(exc)
    if "Could not set lock" in text or "Conflicting lock" in text:
        return "locked"
    if any(s in text for s in ("No space left on device", "File too large", "Disk quota exceeded")):
        return "disk-full"
    if any(
        s in text
        for s in (
            "Corrupt database file",
            "not a valid DuckDB database",
            "Could not read enough bytes",
            "checksum",
            "truncated",
        )
    ):
        return "corrupt"
    if "database has been invalidated" in text:
        return "invalidated"
    return "other"


def store_error(path: str | Path, exc: BaseException) -> StoreError:
    """A one-line :class:`StoreError` for ``exc`` raised while using the store at ``path``."""
    kind = classify(exc)
    detail = _first_line(exc)
    if kind == "locked":
        pid = _LOCK_PID.search(str(exc))
        who = f"process {pid.group(1)}" if pid else "another process"
        message = (
            f"store is locked by {who} (DuckDB allows one writer): wait for it to finish, "
            "or read with --read-only from a copy"
        )
    elif kind == "disk-full":
        message = (
            f"disk full while writing the store ({detail}); everything committed before is kept: "
            "free space and run the same command again"
        )
    elif kind == "corrupt":
        message = (
            f"store file is corrupt or truncated ({detail}); restore it from a copy, "
            "or ingest again into a new --db"
        )
    elif kind == "invalidated":
        message = f"store stopped after an earlier write error ({detail}); restart to reopen it"
    else:
        message = f"cannot use the store ({detail})"
    return StoreError(str(path), kind, message)


def truncation(path: str | Path, con) -> str | None:  # con: duckdb.DuckDBPyConnection
    """Why the file at ``path`` is shorter than its blocks say (a half-copied store), or None.

    DuckDB opens such a file and fails only when a query reaches a missing block; comparing the
    file's size with ``PRAGMA database_size`` finds it up front, in microseconds.
    """
    if str(path) == ":memory:":
        return None
    if os.path.exists(f"{path}.wal"):
        # Blocks written since the last checkpoint (this process's other connections, or a WAL
        # being replayed) are counted before they reach the file: no evidence either way.
        return None
    try:
        size = os.path.getsize(path)
        name = con.execute("SELECT current_database()").fetchone()[0]
        rows = con.execute("PRAGMA database_size").fetchall()
    except Exception:  # noqa: BLE001 - no answer is no evidence of truncation
        return None
    row = next((r for r in rows if r[0] == name), None)  # one row per attached database
    if not row:
        return None
    # used_blocks, not total_blocks: DuckDB truncates free blocks off the end of the file at a
    # checkpoint while still counting them, so only the blocks in use must fit in the file.
    block_size, used_blocks = int(row[2]), int(row[4])
    expected = _FILE_HEADER + block_size * used_blocks
    if size < expected:
        return f"file is {size:,} bytes, its blocks need {expected:,}: truncated"
    return None
