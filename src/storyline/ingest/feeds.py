"""RSS / Atom feeds -> articles: one per entry, from its full content or its summary.

A feed file is parsed whole (feeds are small; the size limit still applies). feedparser is
lenient: a feed with recoverable errors still gives its entries; one with none is an error
carrying the parser's reason.
"""

from __future__ import annotations

import calendar
import html as html_lib
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from storyline.ingest.errors import IngestError
from storyline.ingest.sources import read_document
from storyline.model import Article
from storyline.text.article import article_from_text

_BLOCK_END = re.compile(r"(?i)</(?:p|div|h[1-6]|li|blockquote|tr|section|article|figure|pre|ul|ol|table)\s*>")
_BREAK = re.compile(r"(?i)<br\s*/?>")
_DROP = re.compile(r"(?is)<(script|style|noscript)\b.*?</\1\s*>")
_TAG = re.compile(r"(?s)<[^>]+>")
_ROOT_TAG = re.compile(r"<([A-Za-z][\w:.-]*)")


def fragment_to_text(fragment: str) -> str:
    """Text of an HTML snippet (feed content), paragraph breaks kept as blank lines."""
    if "<" not in fragment:
        return html_lib.unescape(fragment)
    text = _DROP.sub(" ", fragment)
    text = _BREAK.sub("\n", text)
    text = _BLOCK_END.sub("\n\n", text)
    text = _TAG.sub("", text)
    return html_lib.unescape(text)


def _iso(parsed: Any) -> str | None:
    """feedparser's UTC struct_time -> ISO 8601."""
    if not parsed:
        return None
    try:
        return datetime.fromtimestamp(calendar.timegm(parsed), tz=UTC).isoformat()
    except (OverflowError, ValueError, TypeError):
        return None


def _entry_body(entry: Any) -> str:
    """The richest text an entry carries: full content, else the summary."""
    candidates = [c.get("value", "") for c in entry.get("content") or []]
    candidates.append(entry.get("summary") or "")
    texts = [fragment_to_text(c).strip() for c in candidates if c]
    return max(texts, key=len, default="")


def _authors(entry: Any) -> list[str]:
    names = [a.get("name") for a in entry.get("authors") or [] if isinstance(a, dict) and a.get("name")]
    if not names and entry.get("author"):
        names = [entry["author"]]
    return [n.strip() for n in names if n and n.strip()]


def _broken_xml(feed: Any) -> bool:
    """A real XML error, as opposed to feedparser's encoding or content-type warnings."""
    from xml.sax import SAXException

    return bool(feed.get("bozo")) and isinstance(feed.get("bozo_exception"), SAXException)


def _reason(exc: Any) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0][:160]


def iter_feed(
    path: Path, *, max_bytes: int, default_outlet: str | None = None
) -> Iterator[Article | IngestError]:
    import feedparser

    try:
        data = read_document(path, max_bytes)
    except IngestError as exc:
        yield exc
        return
    feed = feedparser.parse(data)
    entries = feed.get("entries") or []
    if not entries:
        if feed.get("bozo"):
            yield IngestError(str(path), f"malformed feed ({_reason(feed.get('bozo_exception'))})")
        elif not feed.get("version"):
            root = _ROOT_TAG.search(data[:4096].decode("utf-8", "replace"))
            found = f" (root element <{root.group(1)}>)" if root else ""
            yield IngestError(str(path), f"not an RSS/Atom feed{found}")
        else:
            yield IngestError(str(path), "feed has no entries")
        return
    outlet = (feed.feed.get("title") or "").strip() or default_outlet
    for index, entry in enumerate(entries, start=1):
        try:  # one odd entry costs that entry (per-record isolation), never the rest of the file
            yield from _entry_articles(feed, entry, f"{path}#{index}", index, outlet)
        except IngestError as exc:
            yield exc
        except Exception as exc:  # noqa: BLE001
            first = str(exc).splitlines()[0][:160] if str(exc) else ""
            yield IngestError(f"{path}#{index}", f"unreadable feed entry ({type(exc).__name__}: {first})")


def _entry_articles(
    feed: Any, entry: Any, where: str, index: int, outlet: str | None
) -> Iterator[Article | IngestError]:
    """The article of one feed entry (or the one error saying why there is none)."""
    link = entry.get("link") or entry.get("id")
    title = fragment_to_text(entry.get("title") or "").strip() or None
    body = _entry_body(entry)
    attributes: dict[str, Any] = {"feed_entry": index}
    if feed.get("bozo"):
        attributes["feed_warning"] = _reason(feed.get("bozo_exception"))
    if not body:
        if not title:
            yield IngestError(where, "feed entry has neither text nor title")
            return
        if _broken_xml(feed):  # a bare title recovered from broken XML is not an article
            yield IngestError(where, f"malformed feed entry with no text ({attributes['feed_warning']})")
            return
        body, attributes["headline_only"] = title, True
    published = _iso(entry.get("published_parsed") or entry.get("updated_parsed"))
    if published is None:
        published = entry.get("published") or entry.get("updated")
    yield article_from_text(
        body,
        title=title,
        published=published,
        outlet=outlet,
        url=link,
        authors=_authors(entry),
        source=where,
        attributes=attributes,
        title_from_first_line=False,
    )
