"""What ``storyline ingest`` was given: files, directories, URLs, and files that list URLs.

:func:`split_inputs` sorts the command line into local paths and URLs (a local file whose every
line is an http(s) URL counts as its URLs); :func:`estimate_total` counts the articles a set of
files will give, cheaply, so the progress line can show a total and an ETA.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from storyline.ingest.discover import url_list_file

#: JSON Lines files up to this size are line-counted for the progress total (~1 s per GB).
COUNT_LINES_UP_TO = 2 * 1024**3


def is_url(value: str) -> bool:
    return value.startswith(("http://", "https://"))


def split_inputs(values: Iterable[str | Path]) -> tuple[list[Path], list[str]]:
    """(local paths, URLs), in the order given."""
    paths: list[Path] = []
    urls: list[str] = []
    for value in values:
        text = str(value)
        if is_url(text):
            urls.append(text)
            continue
        listed = url_list_file(Path(text))
        if listed is not None:
            urls.extend(listed)
        else:
            paths.append(Path(text))
    return paths, urls


def _count_lines(path: Path) -> int:
    count = 0
    last = b""
    with open(path, "rb") as handle:
        while block := handle.read(1 << 20):
            count += block.count(b"\n")
            last = block[-1:]
    return count + (1 if last not in (b"", b"\n") else 0)


def _file_estimate(path: Path) -> int | None:
    from storyline.ingest.readers import detect_format

    fmt = detect_format(path)
    if fmt in ("text", "html"):
        return 1
    if fmt == "jsonl" and not path.name.lower().endswith(".gz"):
        try:
            if path.stat().st_size <= COUNT_LINES_UP_TO:
                return _count_lines(path)
        except OSError:
            return 1
    if fmt is None:
        return 1  # one error line
    return None  # WARC, feeds, .json, gzip JSONL: unknown until read


def estimate_total(paths: Iterable[Path]) -> int | None:
    """How many items (articles or error lines) ``paths`` will give, or None when unknown."""
    from storyline.ingest.readers import iter_paths

    total = 0
    for item in iter_paths(paths):
        if not isinstance(item, Path):
            total += 1
            continue
        estimate = _file_estimate(item)
        if estimate is None:
            return None
        total += estimate
    return total
