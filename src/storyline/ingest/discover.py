"""What a fetched URL holds: an article page, a feed, a sitemap (or sitemap index), or a URL list.

Listings expand to :class:`Listed` entries: the article URL plus what the listing says about it
(feed title, date, authors, outlet; a sitemap's ``lastmod`` and Google News title/date). Those
hints fill an article's metadata only where the page itself lacks it.

* RSS / Atom / RDF feeds: feedparser (on the bytes we fetched; it never fetches anything).
* JSON Feed (jsonfeed.org): ``items[].url``.
* Sitemaps (``<urlset>``) and sitemap indexes (``<sitemapindex>``), plain or gzipped: lxml
  ``iterparse`` with entities and network access off (no XXE), element by element.
* URL lists: text whose non-blank, non-``#`` lines are all http(s) URLs.
* Anything else is an article: an HTML page, or plain text when served as ``text/plain``.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal
from urllib.parse import urljoin

from storyline.ingest.errors import IngestError

Kind = Literal["page", "text", "feed", "jsonfeed", "sitemap", "sitemapindex", "urllist"]

_URL_LINE = re.compile(r"^https?://\S+$")
_ROOT = re.compile(rb"<(?!\?|!)([A-Za-z][\w.-]*:)?([A-Za-z][\w.-]*)")


@dataclass
class Listed:
    """One URL a listing names, with what the listing says about it."""

    url: str
    title: str | None = None
    published: str | None = None
    authors: list[str] = field(default_factory=list)
    outlet: str | None = None
    #: The listing's own change marker (sitemap lastmod, feed entry updated): a different value
    #: on a later poll means the page may have changed and is fetched again (conditionally).
    marker: str | None = None
    listing: str | None = None


def looks_like_url_list(text: str, *, sample_lines: int = 200) -> bool:
    lines = [line.strip() for line in text.splitlines()[:sample_lines]]
    lines = [line for line in lines if line and not line.startswith("#")]
    return bool(lines) and all(_URL_LINE.match(line) for line in lines)


def classify(body: bytes, content_type: str = "", url: str = "") -> Kind:
    """The kind of document ``body`` is, from its first bytes (the content type only breaks ties)."""
    head = body[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    mime = content_type.split(";")[0].strip().lower()
    if head.startswith(b"{"):
        try:
            data = json.loads(body.decode("utf-8", "replace"))
        except ValueError:
            data = None
        if isinstance(data, dict) and "jsonfeed" in str(data.get("version", "")):
            return "jsonfeed"
    if head.startswith(b"<"):
        for match in _ROOT.finditer(head):
            name = match.group(2).decode("ascii", "replace").lower()
            if name in ("html", "head", "body"):
                return "page"
            if name == "urlset":
                return "sitemap"
            if name == "sitemapindex":
                return "sitemapindex"
            if name in ("rss", "feed", "rdf", "channel"):
                return "feed"
            if name != "doctype":
                break
        if mime in ("application/rss+xml", "application/atom+xml", "application/rdf+xml"):
            return "feed"
        return "page"
    text = body[:65536].decode("utf-8", "replace")
    if looks_like_url_list(text):
        return "urllist"
    if mime == "text/plain":
        return "text"  # a plain-text article
    return "page"


def _local(tag: object) -> str:
    name = str(tag)
    return name.rsplit("}", 1)[-1].lower()


def iter_sitemap(body: bytes, where: str) -> Iterator[Listed | IngestError]:
    """``<url>`` entries of a sitemap, or ``<sitemap>`` entries of an index (as Listed with no hints)."""
    from lxml import etree

    entry: dict[str, str] = {}
    try:
        for event, element in etree.iterparse(
            io.BytesIO(body),
            events=("end",),
            resolve_entities=False,
            no_network=True,
            huge_tree=False,
            recover=False,
        ):
            name = _local(element.tag)
            if event != "end":
                continue
            text = (element.text or "").strip()
            news = "sitemap-news" in str(element.tag)  # Google News: <news:title>, not <image:title>
            if text and (name in ("loc", "lastmod") or (news and name in ("publication_date", "title"))):
                entry.setdefault(name, text)
            elif name in ("url", "sitemap"):
                if entry.get("loc"):
                    yield Listed(
                        entry["loc"],
                        title=entry.get("title"),
                        published=entry.get("publication_date"),
                        marker=entry.get("lastmod") or entry.get("publication_date"),
                        listing=where,
                    )
                entry = {}
                element.clear()
    except etree.XMLSyntaxError as exc:
        yield IngestError(where, f"malformed sitemap ({str(exc).splitlines()[0][:160]})")


def iter_feed_entries(body: bytes, where: str) -> Iterator[Listed | IngestError]:
    """Entries of an RSS/Atom/RDF feed, as article URLs with the feed's metadata."""
    import feedparser

    from storyline.ingest.feeds import _authors, _iso, _reason, fragment_to_text

    feed = feedparser.parse(body)
    entries = feed.get("entries") or []
    if not entries:
        if feed.get("bozo"):
            yield IngestError(where, f"malformed feed ({_reason(feed.get('bozo_exception'))})")
        else:
            yield IngestError(where, "feed has no entries")
        return
    outlet = _text(feed.feed.get("title"))
    for index, entry in enumerate(entries, start=1):
        try:  # one odd entry costs that entry (per-record isolation), never the rest of the feed
            link = _text(entry.get("link")) or (
                _text(entry.get("id")) if str(entry.get("id", "")).startswith("http") else None
            )
            if not link:
                yield IngestError(f"{where}#{index}", "feed entry has no link")
                continue
            published = _iso(entry.get("published_parsed")) or _text(entry.get("published"))
            updated = _iso(entry.get("updated_parsed")) or _text(entry.get("updated"))
            title = (
                _text(fragment_to_text(entry.get("title") or ""))
                if isinstance(entry.get("title"), str)
                else None
            )
            listed = Listed(
                link,
                title=title,
                published=published or updated,
                authors=_authors(entry),
                outlet=outlet,
                marker=updated or published,
                listing=where,
            )
        except Exception as exc:  # noqa: BLE001
            yield _entry_error(where, index, exc)
            continue
        yield listed


def _text(value: object) -> str | None:
    """A listing's metadata value when it is a non-blank string (feeds hold anything)."""
    return " ".join(value.split()) or None if isinstance(value, str) else None


def _entry_error(where: str, index: int, exc: BaseException) -> IngestError:
    first = str(exc).splitlines()[0][:160] if str(exc) else ""
    return IngestError(f"{where}#{index}", f"unreadable feed entry ({type(exc).__name__}: {first})")


def _json_feed_item(item: dict, outlet: str | None, where: str) -> Listed | None:
    url = item.get("url") or item.get("external_url")
    if not isinstance(url, str) or not url.startswith("http"):
        return None
    authors = item.get("authors")
    if not isinstance(authors, list):
        authors = [item["author"]] if isinstance(item.get("author"), dict) else []
    names = [n for n in (_text(a.get("name")) for a in authors if isinstance(a, dict)) if n]
    published = _text(item.get("date_published"))
    return Listed(
        url,
        title=_text(item.get("title")),
        published=published,
        authors=names,
        outlet=outlet,
        marker=_text(item.get("date_modified")) or published,
        listing=where,
    )


def iter_json_feed(body: bytes, where: str) -> Iterator[Listed | IngestError]:
    try:
        data = json.loads(body.decode("utf-8", "replace"))
    except (ValueError, RecursionError) as exc:
        yield IngestError(where, f"invalid JSON feed ({str(exc).splitlines()[0][:160]})")
        return
    items = data.get("items") if isinstance(data, dict) else None
    if not isinstance(items, list):
        yield IngestError(where, "not a JSON Feed (no list of items)")
        return
    outlet = _text(data.get("title"))
    for index, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            yield IngestError(f"{where}#{index}", "feed item is not an object")
            continue
        try:
            listed = _json_feed_item(item, outlet, where)
        except Exception as exc:  # noqa: BLE001 - one odd item costs that item
            yield _entry_error(where, index, exc)
            continue
        if listed is None:
            yield IngestError(f"{where}#{index}", "feed item has no url")
            continue
        yield listed


def iter_url_list(text: str, where: str) -> Iterator[Listed]:
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#") and _URL_LINE.match(line):
            yield Listed(line, listing=where)


def _entries(kind: Kind, body: bytes, where: str) -> Iterator[Listed | IngestError]:
    if kind in ("sitemap", "sitemapindex"):
        return iter_sitemap(body, where)
    if kind == "feed":
        return iter_feed_entries(body, where)
    if kind == "jsonfeed":
        return iter_json_feed(body, where)
    if kind == "urllist":
        return iter_url_list(body.decode("utf-8", "replace"), where)
    raise ValueError(kind)


def iter_listing(kind: Kind, body: bytes, where: str) -> Iterator[Listed | IngestError]:
    """The entries of a listing, their URLs made absolute against the listing's own URL."""
    for item in _entries(kind, body, where):
        if isinstance(item, Listed) and where.startswith(("http://", "https://")):
            item.url = urljoin(where, item.url)
        yield item


def url_list_file(path: Path) -> list[str] | None:
    """The URLs a local file lists, when it is a URL list (every line a URL); else None."""
    if path.suffix.lower() not in (".txt", ".urls", ".lst", ".list", "") or not path.is_file():
        return None
    try:
        with open(path, "rb") as handle:
            head = handle.read(65536)
    except OSError:
        return None
    if not looks_like_url_list(head.decode("utf-8", "replace")):
        return None
    return [item.url for item in iter_url_list(path.read_text("utf-8", "replace"), str(path))]
