"""Stream articles from files and directories, whatever their format.

``iter_articles`` is the one entry point the store and CLI use. It never raises for bad
input: each unreadable file, line or record becomes a yielded :class:`IngestError` (one
line: where and why) and the batch carries on. Memory stays constant with corpus size:
containers (JSONL, WARC) are streamed record by record and single documents are capped by
``max_bytes`` (default 50 MB, or ``$STORYLINE_MAX_ARTICLE_BYTES``).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from storyline.ingest.errors import IngestError
from storyline.ingest.sources import decode_text, max_bytes_default, read_document
from storyline.model import Article

ReadResult = Article | IngestError
Reader = Callable[..., Iterator[ReadResult]]

#: File name endings (lower case, after any ".gz") -> format name.
FORMATS: dict[str, str] = {
    ".txt": "text",
    ".text": "text",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "json",
    ".warc": "warc",
    ".rss": "feed",
    ".atom": "feed",
    ".rdf": "feed",
    ".xml": "feed",
}


def detect_format(path: Path) -> str | None:
    """The format a file name says it holds (``a.warc.gz`` -> warc), or None when unknown."""
    name = path.name.lower()
    if name.endswith(".gz"):
        name = name[:-3]
    return FORMATS.get(Path(name).suffix)


def _read_text_file(path: Path, *, max_bytes: int, default_outlet: str | None) -> Iterator[ReadResult]:
    from storyline.text.article import article_from_text

    data = read_document(path, max_bytes)
    text, notes = decode_text(data, str(path))
    if not text.strip():
        raise IngestError(str(path), "empty file")
    article = article_from_text(text, outlet=default_outlet, source=str(path), attributes=notes)
    if not article.text:
        raise IngestError(str(path), "no article text left after cleaning")
    yield article


def _read_html_file(path: Path, *, max_bytes: int, default_outlet: str | None) -> Iterator[ReadResult]:
    from storyline.ingest.html import article_from_html

    yield article_from_html(read_document(path, max_bytes), where=str(path), outlet=default_outlet)


def _reader(fmt: str) -> Reader:
    if fmt == "text":
        return _read_text_file
    if fmt == "html":
        return _read_html_file
    if fmt == "jsonl":
        from storyline.ingest.jsonl import iter_jsonl

        return iter_jsonl
    if fmt == "json":
        from storyline.ingest.jsonl import iter_json

        return iter_json
    if fmt == "warc":
        from storyline.ingest.warc import iter_warc

        return iter_warc
    from storyline.ingest.feeds import iter_feed

    return iter_feed


def iter_file(
    path: Path, *, default_outlet: str | None = None, max_bytes: int | None = None
) -> Iterator[ReadResult]:
    """Articles (and errors) from one file."""
    limit = max_bytes if max_bytes is not None else max_bytes_default()
    path = Path(path)
    fmt = detect_format(path)
    if fmt is None:
        suffix = "".join(path.suffixes[-2:]) or "(none)"
        yield IngestError(
            str(path),
            f"unsupported file type {suffix}; expected .txt, .html, .jsonl, .json, .warc(.gz), .rss/.atom/.xml",
        )
        return
    try:
        for item in _reader(fmt)(path, max_bytes=limit, default_outlet=default_outlet):
            if isinstance(item, Article) and default_outlet and not item.outlet:
                item = item.model_copy(update={"outlet": default_outlet})
            yield item
    except IngestError as exc:
        yield exc
    except Exception as exc:  # a bug or an exotic input must not stop the batch
        yield IngestError(
            str(path),
            f"unexpected {type(exc).__name__}: {str(exc).splitlines()[0][:200] if str(exc) else ''}",
        )


def iter_paths(paths: Iterable[str | Path]) -> Iterator[Path | IngestError]:
    """Files named by ``paths``: directories walked recursively in sorted order, hidden files skipped."""
    for given in paths:
        path = Path(given)
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if not name.startswith("."):
                        yield Path(root) / name
        elif path.is_file():
            yield path
        elif path.exists():
            yield IngestError(str(path), "not a regular file")
        else:
            yield IngestError(str(path), "no such file or directory")


def iter_articles(
    paths: Iterable[str | Path], *, default_outlet: str | None = None, max_bytes: int | None = None
) -> Iterator[Article | IngestError]:
    """Stream articles from files and directories (recursively, sorted).

    Yields an IngestError (never raises) for each unreadable input and carries on.
    """
    for item in iter_paths(paths):
        if isinstance(item, IngestError):
            yield item
            continue
        yield from iter_file(item, default_outlet=default_outlet, max_bytes=max_bytes)
