"""WARC / WARC.gz -> articles: each HTML response record is one page, read as it streams past.

Records that are not HTML pages (requests, metadata, images, robots.txt, redirects) are
skipped silently; an HTML page with no article text is reported as an error naming the
record, and a truncated archive yields the records read before the break, then an error.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from pathlib import Path

from storyline.ingest.errors import IngestError
from storyline.ingest.sources import human_size
from storyline.model import Article

_HTML_TYPES = ("text/html", "application/xhtml+xml")


def _content_type(record) -> str:
    if record.http_headers is not None:
        return (record.http_headers.get_header("Content-Type") or "").lower()
    return (record.rec_headers.get_header("Content-Type") or "").lower()


def _is_html_page(record) -> bool:
    if record.rec_type == "response":
        if record.http_headers is None:
            return False
        status = record.http_headers.get_statuscode()
        if status and not status.startswith("2"):
            return False
    elif record.rec_type != "resource":
        return False
    ctype = _content_type(record)
    return any(t in ctype for t in _HTML_TYPES)


def _drain(record) -> None:
    while record.raw_stream.read(1 << 16):
        pass


def _cut_short(record) -> bool:
    """warcio ends a truncated gzip member quietly; unread declared bytes give it away."""
    return getattr(record.raw_stream, "limit", 0) > 0


def _truncated(path: Path, pages: int) -> IngestError:
    return IngestError(
        str(path), f"truncated WARC: the archive ends inside a record, after {pages} complete pages"
    )


def iter_warc(
    path: Path, *, max_bytes: int, default_outlet: str | None = None
) -> Iterator[Article | IngestError]:
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    from storyline.ingest.html import article_from_html

    pages = 0
    try:
        with open(path, "rb") as stream:
            for record in ArchiveIterator(stream):
                if not _is_html_page(record):
                    _drain(record)
                    if _cut_short(record):
                        yield _truncated(path, pages)
                        return
                    continue
                pages += 1
                uri = record.rec_headers.get_header("WARC-Target-URI")
                date = record.rec_headers.get_header("WARC-Date")
                where = f"{path}#{pages} ({uri})" if uri else f"{path}#{pages}"
                content = record.content_stream().read(max_bytes + 1)
                if len(content) > max_bytes:
                    yield IngestError(where, f"page too large (over limit {human_size(max_bytes)})")
                    continue
                if _cut_short(record):
                    yield _truncated(path, pages - 1)
                    return
                try:
                    yield article_from_html(
                        content,
                        where=where,
                        url=uri,
                        outlet=default_outlet,
                        fallback_published=date,
                        attributes={
                            "warc_date": date,
                            "warc_record_id": record.rec_headers.get_header("WARC-Record-ID"),
                        },
                    )
                except IngestError as exc:
                    yield exc
                except Exception as exc:  # noqa: BLE001 - one odd record costs itself, not the archive
                    detail = str(exc).splitlines()[0][:200] if str(exc) else ""
                    yield IngestError(where, f"bad record ({type(exc).__name__}: {detail})")
    except ArchiveLoadFailed as exc:
        reason = str(exc).splitlines()[0] if str(exc) else "not a WARC file"
        yield IngestError(str(path), f"invalid or truncated WARC after {pages} pages ({reason})")
    except (EOFError, zlib.error, OSError, ValueError) as exc:
        yield IngestError(
            str(path), f"truncated WARC: stopped after {pages} pages ({type(exc).__name__}: {exc})"
        )
