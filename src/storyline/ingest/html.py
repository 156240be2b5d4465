"""HTML pages -> articles: main text and metadata with trafilatura, dates with htmldate."""

from __future__ import annotations

import logging
import re
from types import SimpleNamespace
from typing import Any

from storyline.ingest.errors import IngestError
from storyline.ingest.sources import human_size
from storyline.lang import DEFAULT_LANGUAGE
from storyline.model import Article
from storyline.text.article import article_from_text

#: trafilatura settings used for every page; measured with ``storyline eval extraction``.
EXTRACTION_OPTIONS: dict[str, Any] = {
    "include_comments": False,
    "include_tables": True,
    "include_images": False,
    "include_links": False,
    "favor_precision": False,
    "favor_recall": False,
    "deduplicate": False,
}
_AUTHOR_SPLIT = re.compile(r"\s*(?:;|\|)\s*")

# trafilatura and htmldate log every page they cannot parse; one yielded error is enough.
for _name in ("trafilatura", "htmldate", "courlan"):
    logging.getLogger(_name).setLevel(logging.CRITICAL)


def extract_main_text(html: bytes | str, url: str | None = None, **overrides: Any) -> str | None:
    """The page's article body, paragraphs separated by blank lines (None when none found)."""
    import trafilatura

    options = {**EXTRACTION_OPTIONS, **overrides}
    text = trafilatura.extract(html, url=url, output_format="txt", **options)
    if not text or not text.strip():
        return None
    return "\n\n".join(line for line in text.split("\n") if line.strip())


#: htmldate settings: the original publication date, with its time when the page gives one.
#: Extensive search (free-text dates via dateparser) costs ~1 s a page on non-English pages,
#: so it only runs as a fallback for English pages with no date in their markup.
DATE_PARAMS: dict[str, Any] = {
    "original_date": True,
    "extensive_search": False,
    "outputformat": "%Y-%m-%dT%H:%M:%S%z",
}


def normalise_date(value: str | None) -> str | None:
    """htmldate output -> ISO 8601; a midnight time is htmldate padding, so a bare date is kept."""
    if not value:
        return None
    if value.endswith("T00:00:00") or value.endswith("T00:00:00+0000"):
        return value[:10]
    if len(value) == 24 and value[19] in "+-":  # "+0000" -> "+00:00"
        value = value[:22] + ":" + value[22:]
    return value


def extensive_publication_date(html: bytes | str, url: str | None = None) -> str | None:
    """The slower free-text date search, for pages whose markup carries no date."""
    from htmldate import find_date

    try:
        found = normalise_date(find_date(html, url=url, **{**DATE_PARAMS, "extensive_search": True}))
    except Exception:  # htmldate raises on odd markup; a missing date is not fatal
        return None
    if found and found[5:10] == "01-01" and _copyright_year(html, found[:4]):
        return None  # htmldate's last resort: "Copyright 2024" -> 2024-01-01 is no publication date
    return found


def _copyright_year(html: bytes | str, year: str) -> bool:
    text = html.decode("utf-8", "replace") if isinstance(html, bytes) else html
    return re.search(rf"(?i)(?:©|&copy;|\(c\)|copyright)\s*(?:\d{{4}}\s*[-–]\s*)?{year}\b", text) is not None


_TITLE_SEPARATORS = (" | ", " - ", " – ", " — ", " :: ", " » ")


def strip_site_suffix(title: str | None, *sites: str | None) -> str | None:
    """ "Port strike ends | Pacific Courier" -> "Port strike ends" when the suffix names the site."""
    if not title:
        return title
    names = {s.strip().lower() for s in sites if s and s.strip()}
    for sep in _TITLE_SEPARATORS:
        head, found, tail = title.rpartition(sep)
        if found and head.strip() and tail.strip().lower() in names:
            return head.strip()
    return title


def _looks_english(text: str) -> bool:
    from storyline.text.language import detect_language

    return detect_language(text).code == DEFAULT_LANGUAGE


#: Deeper nesting than this is cut off by libxml2 even with ``huge_tree``.
MAX_DEPTH = 2000
_PAGE_FIELDS = ("text", "author", "title", "date", "description", "hostname", "url", "sitename", "language")


def _deep_parser() -> None:
    """Let lxml build trees deeper than 255 levels (libxml2's default cap, beyond which a page's
    text was silently dropped): trafilatura parses with this module-level parser."""
    import trafilatura.utils
    from lxml.html import HTMLParser

    parser = trafilatura.utils.HTML_PARSER
    if not getattr(parser, "_storyline_huge", False):
        parser = HTMLParser(
            collect_ids=False,
            default_doctype=False,
            encoding="utf-8",
            remove_comments=True,
            remove_pis=True,
            huge_tree=True,
        )
        parser._storyline_huge = True  # type: ignore[attr-defined]
        trafilatura.utils.HTML_PARSER = parser


def _depth(html: bytes | str) -> int:
    from lxml import etree
    from trafilatura.utils import load_html

    tree = load_html(html)
    if tree is None:
        return 0
    depth = deepest = 0
    for event, _ in etree.iterwalk(tree, events=("start", "end")):
        depth += 1 if event == "start" else -1
        deepest = max(deepest, depth)
    return deepest


def extract_page(html: bytes | str, url: str | None, want_date: bool) -> dict[str, Any]:
    """Main text and metadata of one page as plain values (runs in the budget's worker)."""
    from trafilatura import bare_extraction

    _deep_parser()
    try:
        doc = bare_extraction(
            html, url=url, with_metadata=True, date_extraction_params=DATE_PARAMS, **EXTRACTION_OPTIONS
        )
    except Exception as exc:  # noqa: BLE001 - lxml/trafilatura failures on broken markup
        return {"error": f"cannot parse HTML ({type(exc).__name__})"}
    if doc is None or isinstance(doc, dict) or not (doc.text or "").strip():
        if _depth(html) >= MAX_DEPTH:
            return {"error": f"HTML nested deeper than {MAX_DEPTH:,} levels: its text cannot be extracted"}
        return {"error": "no article text found in the HTML page"}
    page = {name: getattr(doc, name, None) for name in _PAGE_FIELDS}
    text = "\n\n".join(line for line in (doc.text or "").split("\n") if line.strip())
    page["text"] = text
    page["extensive_date"] = None
    if (
        want_date
        and normalise_date(doc.date) is None
        and (doc.language or DEFAULT_LANGUAGE).startswith(DEFAULT_LANGUAGE)
        and _looks_english(text)
    ):
        page["extensive_date"] = extensive_publication_date(html, url=url)
    return page


def article_from_html(
    html: bytes | str,
    *,
    where: str,
    url: str | None = None,
    published: str | None = None,
    outlet: str | None = None,
    fallback_published: str | None = None,
    attributes: dict[str, Any] | None = None,
) -> Article:
    """One article from one HTML page; metadata given by the caller wins over the page's.

    Extraction runs within the page budget (:mod:`storyline.ingest.budget`): a page over the
    size cap, or one still being extracted when its time is up, is one IngestError.
    """
    from storyline.ingest.budget import BudgetExceeded, max_html_bytes, run_with_budget

    limit = max_html_bytes()
    if len(html) > limit:
        raise IngestError(
            where,
            f"page too large to extract ({human_size(len(html))} > limit {human_size(limit)}, "
            "STORYLINE_MAX_HTML_BYTES)",
        )
    try:
        page = run_with_budget(extract_page, html, url, published is None)
    except BudgetExceeded as exc:
        raise IngestError(where, str(exc)) from None
    if page.get("error"):
        raise IngestError(where, page["error"])
    doc = SimpleNamespace(**page)
    body = doc.text
    authors = [a for a in _AUTHOR_SPLIT.split(doc.author or "") if a]
    attrs = dict(attributes or {})
    if published is None:
        published = normalise_date(doc.date) or doc.extensive_date
        if published is None and fallback_published:
            published = fallback_published
            attrs.setdefault("published_from", "crawl date")
    if doc.description:
        attrs.setdefault("description", doc.description)
    if doc.hostname:
        attrs.setdefault("hostname", doc.hostname)
    if url and doc.url and doc.url != url:
        attrs.setdefault("canonical_url", doc.url)
    return article_from_text(
        body,
        title=strip_site_suffix(doc.title, doc.sitename, doc.hostname, outlet) or None,
        published=published,
        outlet=outlet or doc.sitename or None,
        url=url or doc.url or None,
        authors=authors,
        source=where,
        attributes=attrs,
        title_from_first_line=False,
    )
