"""JSON Lines / JSON -> articles: one object per line with ``text`` or ``html`` plus metadata.

``.jsonl`` is read line by line (constant memory: a line's size is checked while it is read).
Each line and record is isolated: a bad one is one error naming ``file:line``, never the file. A ``.json`` file may also hold one object,
a list of objects or a JSON Feed; those are parsed whole, within the size limit.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

from storyline.ingest.errors import IngestError
from storyline.ingest.fields import FieldMap, current_fields
from storyline.ingest.sources import decode_text, human_size, open_stream, read_document
from storyline.model import Article
from storyline.text.article import article_from_text

_TEXT_KEYS = ("text", "body", "articleBody", "content", "maintext", "content_text", "full_text")
_HTML_KEYS = ("html", "raw_html", "content_html")
_TITLE_KEYS = ("title", "headline")
_PUBLISHED_KEYS = ("published", "date_published", "publish_date", "date", "datetime", "pubDate")
_OUTLET_KEYS = ("outlet", "source", "sitename", "site_name", "publisher", "source_domain")
_URL_KEYS = ("url", "link", "canonical_url", "source_url")
_NO_MAPPING = FieldMap()


def _first(record: dict[str, Any], keys: tuple[str, ...]) -> Any:
    for key in keys:
        value = record.get(key)
        if value not in (None, "", []):
            return value
    return None


def _as_text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, dict):  # {"name": "Reuters"}
        value = value.get("name") or value.get("title")
    return str(value).strip() or None


def _authors(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [a.strip() for a in value.replace(";", ",").split(",") if a.strip()]
    if isinstance(value, list):
        return [name for name in (_as_text(v) for v in value) if name]
    return []


def article_from_record(record: Any, *, where: str, default_outlet: str | None = None) -> Article:
    """One article from one JSON object (see the module docstring for the accepted keys)."""
    from storyline.ingest.html import article_from_html

    record = (current_fields() or _NO_MAPPING).apply(record)  # --text-field etc.
    if not isinstance(record, dict):
        raise IngestError(where, f"expected a JSON object, got {type(record).__name__}")
    title = _as_text(_first(record, _TITLE_KEYS))
    published = _as_text(_first(record, _PUBLISHED_KEYS))
    outlet = _as_text(_first(record, _OUTLET_KEYS)) or default_outlet
    url = _as_text(_first(record, _URL_KEYS))
    authors = _authors(record.get("authors") or record.get("author"))
    text = _first(record, _TEXT_KEYS)
    if isinstance(text, str) and text.strip():
        return article_from_text(
            text, title=title, published=published, outlet=outlet, url=url, authors=authors, source=where
        )
    html = _first(record, _HTML_KEYS)
    if isinstance(html, str) and html.strip():
        article = article_from_html(html, where=where, url=url, published=published, outlet=outlet)
        updates: dict[str, Any] = {}
        if title:
            updates["title"] = title
        if authors:
            updates["authors"] = authors
        return article.model_copy(update=updates) if updates else article
    raise IngestError(where, "record has no 'text' or 'html' field")


def article_from_line(
    raw: bytes, where: str, *, max_bytes: int, default_outlet: str | None = None
) -> Iterator[Article | IngestError]:
    """One JSON Lines line: nothing for a blank line, else an article or an error naming ``where``.

    Shared by the JSONL reader and the Ray engine's line-range shards.
    """
    if not raw.strip():
        return
    if len(raw) > max_bytes:
        yield IngestError(where, f"line too large ({human_size(len(raw))} > limit {human_size(max_bytes)})")
        return
    try:
        text, _ = decode_text(raw, where)
        record = json.loads(text)
    except IngestError as exc:
        yield exc
        return
    except json.JSONDecodeError as exc:
        yield IngestError(where, f"invalid JSON ({exc.msg} at column {exc.colno})")
        return
    except RecursionError:
        yield IngestError(where, "invalid JSON (nested too deeply)")
        return
    yield _record_or_error(record, where, default_outlet)


def _record_or_error(record: Any, where: str, default_outlet: str | None) -> Article | IngestError:
    """One record's article, or one error line: whatever a record holds, it costs only itself."""
    try:
        return article_from_record(record, where=where, default_outlet=default_outlet)
    except IngestError as exc:
        return exc
    except Exception as exc:  # noqa: BLE001 - an odd record (or a bug) must not end the file
        detail = str(exc).splitlines()[0][:200] if str(exc) else ""
        return IngestError(where, f"bad record ({type(exc).__name__}: {detail})")


#: Bytes read at a time while skipping the rest of an over-long line.
_SKIP_CHUNK = 1 << 20


def bounded_lines(stream: BinaryIO, max_bytes: int) -> Iterator[bytes | int]:
    """The stream's lines; a line longer than ``max_bytes`` comes as its length (an int) instead.

    The size is checked while reading: at most ``max_bytes + 1`` bytes of a line are ever held,
    the rest is skipped in 1 MB reads, so a 3 GB line (or a gzip bomb of one) costs no memory.
    """
    while True:
        line = stream.readline(max_bytes + 1)
        if not line:
            return
        if len(line) <= max_bytes:
            yield line
            continue
        size = len(line)
        while not line.endswith(b"\n"):
            line = stream.readline(_SKIP_CHUNK)
            if not line:
                break
            size += len(line)
        yield size


def iter_jsonl(
    path: Path, *, max_bytes: int, default_outlet: str | None = None
) -> Iterator[Article | IngestError]:
    """Stream a JSON Lines file; a bad line is an error naming ``file:line``, the rest still read."""
    line_no = 0
    try:
        with open_stream(path) as stream:
            for line_no, raw in enumerate(bounded_lines(stream, max_bytes), start=1):  # noqa: B007
                where = f"{path}:{line_no}"
                if isinstance(raw, int):
                    yield IngestError(
                        where, f"line too large ({human_size(raw)} > limit {human_size(max_bytes)})"
                    )
                    continue
                yield from article_from_line(raw, where, max_bytes=max_bytes, default_outlet=default_outlet)
    except (EOFError, OSError, zlib.error) as exc:  # truncated or corrupt gzip, unreadable file
        yield IngestError(str(path), f"stopped after line {line_no}: truncated or unreadable ({exc})")
        return
    if line_no == 0:
        yield IngestError(str(path), "empty file")


def _json_feed_records(feed: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """JSON Feed (jsonfeed.org) items, mapped onto our record keys."""
    outlet = feed.get("title")
    for item in feed.get("items") or []:
        if isinstance(item, dict):
            yield {
                "title": item.get("title"),
                "text": item.get("content_text") or None,
                "html": item.get("content_html") or item.get("summary"),
                "url": item.get("url") or item.get("external_url"),
                "published": item.get("date_published"),
                "authors": item.get("authors") or item.get("author"),
                "outlet": outlet,
            }


def iter_json(
    path: Path, *, max_bytes: int, default_outlet: str | None = None
) -> Iterator[Article | IngestError]:
    """A ``.json`` file: JSON Lines, one object, a list of objects, or a JSON Feed."""
    with open_stream(path) as stream:
        try:
            first_line = stream.readline(max_bytes + 1)
        except (EOFError, OSError) as exc:
            yield IngestError(str(path), f"truncated or unreadable ({exc})")
            return
    try:
        json.loads(first_line)
        looks_like_lines = first_line.strip().startswith(b"{")
    except (json.JSONDecodeError, UnicodeDecodeError):
        looks_like_lines = False
    if looks_like_lines:
        yield from iter_jsonl(path, max_bytes=max_bytes, default_outlet=default_outlet)
        return
    try:
        text, _ = decode_text(read_document(path, max_bytes), str(path))
        data = json.loads(text)
    except IngestError as exc:
        yield exc
        return
    except json.JSONDecodeError as exc:
        yield IngestError(str(path), f"invalid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})")
        return
    except RecursionError:
        yield IngestError(str(path), "invalid JSON (nested too deeply)")
        return
    if (
        isinstance(data, dict)
        and isinstance(data.get("items"), list)
        and "jsonfeed" in str(data.get("version", ""))
    ):
        records: list[Any] | Iterator[dict[str, Any]] = _json_feed_records(data)
    elif isinstance(data, list):
        records = data
    elif isinstance(data, dict) and isinstance(data.get("articles"), list):
        records = data["articles"]
    else:
        records = [data]
    for index, record in enumerate(records):
        where = (
            f"{path}#{index}"
            if not isinstance(data, dict) or "items" in data or "articles" in data
            else str(path)
        )
        yield _record_or_error(record, where, default_outlet)
