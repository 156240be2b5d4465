"""URLs -> articles: pages, feeds, sitemaps (and indexes), URL lists; never the same page twice.

:class:`WebIngest` turns URLs (named on the command line or watched sources) into the stream of
``Article | IngestError`` that :func:`storyline.ingest.runner.run_ingest` consumes, so fetched
pages are analysed and stored exactly like files.

* A page URL is fetched (conditionally, with the validators of its last fetch) and extracted.
* A listing (feed, sitemap, sitemap index, URL list) is fetched conditionally; a 304 ends it.
  Each URL it lists is fetched unless it is already stored and the listing's marker for it
  (sitemap ``lastmod``, feed entry ``updated``) has not changed; a URL listed twice is fetched
  once; a URL that failed is tried again only after its retry time (never, for permanent
  failures such as a 404) or when its marker changes.
* Listed pages are fetched by ``concurrency`` threads (the fetcher still sends one request at a
  time per host); all store access stays in the calling thread.
* A listing's validators are written only by :meth:`WebIngest.finish`, after the run stored
  everything it listed: a watcher killed mid-run sees the listing as changed next time, skips
  what was stored and fetches the rest.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from courlan.filters import extension_filter

from storyline.ingest.discover import Kind, Listed, classify, iter_listing
from storyline.ingest.errors import IngestError
from storyline.ingest.fetch import Fetcher, FetchError, FetchResult
from storyline.ingest.state import MonitorState, UrlRecord, now_utc
from storyline.model import Article
from storyline.store.db import normalise_url

Note = Callable[[str], None]
#: Child sitemaps followed from one index, and index nesting depth.
MAX_CHILD_SITEMAPS = 1000
MAX_INDEX_DEPTH = 3
LOOKUP_BATCH = 500


@dataclass
class WebStats:
    listings: int = 0
    listed: int = 0  # URLs the listings named
    duplicates: int = 0  # named again in the same run
    not_pages: int = 0  # media and documents (.jpg, .pdf...): not fetched
    already_stored: int = 0  # stored before and unchanged in the listing: not fetched
    waiting_retry: int = 0  # failed before; not tried again yet
    fetched: int = 0
    not_modified: int = 0
    failed: int = 0
    #: Items (articles or error lines) the stream will still yield, and has yielded: progress and ETA.
    expected: int = 0
    yielded: int = 0


@dataclass
class Target:
    """A URL to ingest: named directly (``source_url`` None) or a watched source."""

    url: str
    source_url: str | None = None
    every_seconds: int = 900


@dataclass
class _Job:
    url: str
    source_url: str | None
    hint: Listed | None = None
    record: UrlRecord | None = None
    prefetched: FetchResult | None = None


@dataclass
class _SourcePoll:
    target: Target
    kind: str | None = None
    ok: bool = True
    error: str | None = None
    listed: int = 0
    errors: int = 0
    first_page_error: str | None = None
    result: FetchResult | None = None
    retry_after: float | None = None


@dataclass
class _DeferredListing:
    url: str
    kind: str
    source_url: str | None
    listing: str | None
    result: FetchResult
    marker: str | None = None


def merge_hints(article: Article, hint: Listed | None) -> Article:
    """Fill what the page lacks from what its listing said (title, date, authors, outlet)."""
    if hint is None:
        return article
    from storyline.text.safe import clean_field

    def safe(value: object) -> str | None:  # a listing's hint: a string, made safe, or nothing
        return clean_field(value) or None if isinstance(value, str) else None

    hint = Listed(
        hint.url,
        title=safe(hint.title),
        published=safe(hint.published),
        authors=[a for a in (safe(a) for a in hint.authors or []) if a],
        outlet=safe(hint.outlet),
        marker=hint.marker,
        listing=hint.listing,
    )
    updates: dict[str, Any] = {}
    attributes = dict(article.attributes)
    if not article.published and hint.published:
        updates["published"] = hint.published
        attributes["published_from"] = "listing"
    if not article.title and hint.title:
        updates["title"] = hint.title
    if not article.authors and hint.authors:
        updates["authors"] = list(hint.authors)
    if not article.outlet and hint.outlet:
        updates["outlet"] = hint.outlet
    if hint.listing:
        attributes.setdefault("listed_by", hint.listing)
    updates["attributes"] = attributes
    return article.model_copy(update=updates)


class WebIngest:
    def __init__(
        self, store: Any, fetcher: Fetcher, *, concurrency: int = 4, on_note: Note = lambda message: None
    ):
        self.state = MonitorState(store)
        self.fetcher = fetcher
        self.concurrency = max(1, concurrency)
        self.on_note = on_note
        self.stats = WebStats()
        self._seen_this_run: set[str] = set()
        self._polls: list[_SourcePoll] = []
        self._deferred: list[_DeferredListing] = []
        self._by_source: dict[str, _SourcePoll] = {}

    # -- the stream -------------------------------------------------------------------------
    def articles(self, targets: Iterable[Target]) -> Iterator[Article | IngestError]:
        """Articles and one-line errors, in listing order."""
        with ThreadPoolExecutor(self.concurrency, thread_name_prefix="fetch") as pool:
            pending: deque[tuple[_Job, Future]] = deque()
            for job in self._jobs(targets):
                if isinstance(job, IngestError):
                    yield job
                    continue
                pending.append((job, pool.submit(self._resolve, job)))
                while len(pending) >= 2 * self.concurrency:
                    yield from self._complete(*pending.popleft())
            while pending:
                yield from self._complete(*pending.popleft())

    def _jobs(self, targets: Iterable[Target]) -> Iterator[_Job | IngestError]:
        for target in targets:
            poll = _SourcePoll(target)
            if target.source_url:
                self._polls.append(poll)
                self._by_source[target.source_url] = poll
            yield from self._target_jobs(target, poll)

    def _fail(self, error: IngestError) -> IngestError:
        self.stats.failed += 1
        return error

    def _target_jobs(self, target: Target, poll: _SourcePoll) -> Iterator[_Job | IngestError]:
        url = target.url
        if target.source_url:
            etag, last_modified = self._source_validators(target.source_url)
        else:
            etag, last_modified = self.state.validators(url)
        try:
            result = self.fetcher.fetch(url, etag=etag, last_modified=last_modified)
        except FetchError as exc:
            poll.ok, poll.error, poll.retry_after = False, exc.reason, exc.retry_after
            self.state.record_fetch(
                url,
                status="failed",
                kind=None,
                source_url=target.source_url,
                http_status=exc.status,
                error=exc.reason,
                permanent=exc.permanent,
                retry_after=exc.retry_after,
            )
            yield self._fail(exc)
            return
        poll.result = result
        if result.not_modified:
            self.stats.not_modified += 1
            poll.kind = None
            self.on_note(f"{url}: not modified since the last fetch")
            if not target.source_url:
                self.state.record_fetch(
                    url,
                    status="not_modified",
                    kind=None,
                    etag=result.etag,
                    last_modified=result.last_modified,
                )
            return
        kind = classify(result.body, result.content_type, url)
        poll.kind = kind
        if kind in ("page", "text"):
            self._seen_this_run.add(normalise_url(url) or url)
            self.stats.expected += 1
            yield _Job(url, target.source_url, prefetched=result)
            return
        if not target.source_url:
            self._deferred.append(_DeferredListing(url, kind, None, None, result))
        yield from self._listing_jobs(kind, result, url, target, poll, depth=0)

    def _source_validators(self, source_url: str) -> tuple[str | None, str | None]:
        row = self.state.con.execute(
            "SELECT etag, last_modified FROM sources WHERE url = ?", [source_url]
        ).fetchone()
        return (row[0], row[1]) if row else (None, None)

    def _listing_jobs(
        self, kind: Kind, result: FetchResult, url: str, target: Target, poll: _SourcePoll, depth: int
    ) -> Iterator[_Job | IngestError]:
        self.stats.listings += 1
        entries: list[Listed] = []
        for item in iter_listing(kind, result.body, url):
            if isinstance(item, IngestError):
                if target.source_url and url == target.url and not entries:
                    poll.ok, poll.error = False, item.reason
                else:
                    poll.errors += 1
                yield self._fail(item)
            else:
                entries.append(item)
        if kind == "sitemapindex":
            yield from self._index_jobs(entries, target, poll, depth)
            return
        poll.listed += len(entries)
        self.stats.listed += len(entries)
        for start in range(0, len(entries), LOOKUP_BATCH):
            batch = entries[start : start + LOOKUP_BATCH]
            records = self.state.lookup([e.url for e in batch])
            if target.source_url:
                self.state.claim(
                    [e.url for e in batch if (normalise_url(e.url) or e.url) in records], target.source_url
                )
            jobs = [job for job in (self._decide(entry, records, target) for entry in batch) if job]
            self.stats.expected += len(jobs)
            yield from jobs

    def _index_jobs(
        self, children: list[Listed], target: Target, poll: _SourcePoll, depth: int
    ) -> Iterator[_Job | IngestError]:
        if depth >= MAX_INDEX_DEPTH:
            yield self._fail(IngestError(target.url, f"sitemap indexes nested deeper than {MAX_INDEX_DEPTH}"))
            return
        if len(children) > MAX_CHILD_SITEMAPS:
            self.on_note(
                f"{target.url}: {len(children)} child sitemaps; following the first {MAX_CHILD_SITEMAPS}"
            )
        for child in children[:MAX_CHILD_SITEMAPS]:
            key = normalise_url(child.url) or child.url
            if key in self._seen_this_run:
                continue
            self._seen_this_run.add(key)
            etag, last_modified = self.state.validators(child.url)
            try:
                result = self.fetcher.fetch(child.url, etag=etag, last_modified=last_modified)
            except FetchError as exc:
                poll.errors += 1
                poll.first_page_error = poll.first_page_error or str(exc)
                self.state.record_fetch(
                    child.url,
                    status="failed",
                    kind="sitemap",
                    source_url=target.source_url,
                    listing=target.url,
                    http_status=exc.status,
                    error=exc.reason,
                    permanent=exc.permanent,
                    retry_after=exc.retry_after,
                )
                yield self._fail(exc)
                continue
            if result.not_modified:
                self.stats.not_modified += 1
                continue
            kind = classify(result.body, result.content_type, child.url)
            if kind not in ("sitemap", "sitemapindex", "feed", "jsonfeed", "urllist"):
                poll.errors += 1
                yield self._fail(IngestError(child.url, "listed as a sitemap but is not one"))
                continue
            self._deferred.append(
                _DeferredListing(child.url, kind, target.source_url, target.url, result, child.marker)
            )
            yield from self._listing_jobs(kind, result, child.url, target, poll, depth + 1)

    def _decide(self, entry: Listed, records: dict[str, UrlRecord], target: Target) -> _Job | None:
        key = normalise_url(entry.url) or entry.url
        if key in self._seen_this_run:
            self.stats.duplicates += 1
            return None
        self._seen_this_run.add(key)
        if not extension_filter(entry.url):  # courlan: .jpg, .pdf, .mp4... are not articles
            self.stats.not_pages += 1
            return None
        record = records.get(key)
        if record is None:
            return _Job(entry.url, target.source_url, hint=entry)
        # Markers only compare within one listing (a feed's dates are not a sitemap's lastmod).
        marker_changed = bool(
            entry.marker
            and record.marker
            and record.listing == entry.listing
            and entry.marker != record.marker
        )
        if record.stored and not marker_changed:
            self.stats.already_stored += 1
            return None
        if record.status == "failed" and not marker_changed:
            if record.retry_at is None or record.retry_at > now_utc():
                self.stats.waiting_retry += 1
                return None
        return _Job(entry.url, target.source_url, hint=entry, record=record)

    # -- one page (runs in a fetch thread: no store access here) -----------------------------
    def _resolve(self, job: _Job) -> tuple[FetchResult | None, Article | IngestError | None]:
        from storyline.ingest.html import article_from_html
        from storyline.ingest.sources import decode_text
        from storyline.text.article import article_from_text

        result = job.prefetched
        try:
            if result is None:
                # Validators only for a page that is stored: one fetched but not saved (a kill in
                # between) must come back whole, not as a 304.
                usable = job.record is not None and job.record.stored and job.record.status != "failed"
                etag = job.record.etag if usable else None
                last_modified = job.record.last_modified if usable else None
                result = self.fetcher.fetch(job.url, etag=etag, last_modified=last_modified)
            if result.not_modified:
                return result, None
            kind = classify(result.body, result.content_type, job.url)
            if kind not in ("page", "text"):
                return result, IngestError(
                    job.url,
                    f"listed as an article but is a {kind}; add it as a source "
                    "or name it directly to follow it",
                )
            attributes: dict[str, Any] = {
                "fetched_at": datetime.now().astimezone().isoformat(timespec="seconds")
            }
            if result.redirects:
                attributes["final_url"] = result.redirects[-1]
            if kind == "text":
                text, notes = decode_text(result.body, job.url)
                article = article_from_text(
                    text, url=job.url, source=job.url, attributes={**attributes, **notes}
                )
                if not article.text:
                    raise IngestError(job.url, "no article text left after cleaning")
            else:
                article = article_from_html(result.body, where=job.url, url=job.url, attributes=attributes)
            return result, merge_hints(article, job.hint)
        except IngestError as exc:
            return result, exc
        except Exception as exc:  # noqa: BLE001 - one bad page must not stop the run
            first = str(exc).splitlines()[0][:160] if str(exc) else ""
            return result, IngestError(job.url, f"unexpected {type(exc).__name__}: {first}")

    def _complete(self, job: _Job, future: Future) -> Iterator[Article | IngestError]:
        result, outcome = future.result()
        self.stats.expected = max(0, self.stats.expected - 1)
        poll = self._by_source.get(job.source_url or "")
        marker = job.hint.marker if job.hint else None
        listing = job.hint.listing if job.hint else None
        if isinstance(outcome, IngestError):
            self.stats.failed += 1
            if poll is not None:
                poll.errors += 1
                poll.first_page_error = poll.first_page_error or str(outcome)
            fetch_error = outcome if isinstance(outcome, FetchError) else None
            self.state.record_fetch(
                job.url,
                status="failed",
                source_url=job.source_url,
                listing=listing,
                marker=marker,
                http_status=fetch_error.status if fetch_error else (result.status if result else None),
                error=outcome.reason,
                permanent=fetch_error.permanent if fetch_error else True,
                retry_after=fetch_error.retry_after if fetch_error else None,
            )
            yield outcome
            return
        assert result is not None
        if outcome is None:  # 304
            self.stats.not_modified += 1
            self.state.record_fetch(
                job.url,
                status="not_modified",
                source_url=job.source_url,
                listing=listing,
                http_status=304,
                etag=result.etag,
                last_modified=result.last_modified,
                marker=marker,
            )
            return
        self.stats.fetched += 1
        self.state.record_fetch(
            job.url,
            status="fetched",
            source_url=job.source_url,
            listing=listing,
            http_status=result.status,
            etag=result.etag,
            last_modified=result.last_modified,
            marker=marker,
        )
        yield outcome

    # -- after the run stored everything --------------------------------------------------
    def finish(self) -> None:
        """Write listing validators and source health; call only after the articles were saved."""
        for deferred in self._deferred:
            self.state.record_fetch(
                deferred.url,
                status="fetched",
                kind=deferred.kind,
                source_url=deferred.source_url,
                listing=deferred.listing,
                http_status=deferred.result.status,
                etag=deferred.result.etag,
                last_modified=deferred.result.last_modified,
                marker=deferred.marker,
            )
        for poll in self._polls:
            target, result = poll.target, poll.result
            self.state.source_polled(
                target.source_url or target.url,
                kind=poll.kind,
                ok=poll.ok,
                error=poll.error or poll.first_page_error,
                listed=poll.listed,
                errors=poll.errors + (0 if poll.ok else 1),
                every_seconds=target.every_seconds,
                etag=result.etag if result else None,
                last_modified=result.last_modified if result else None,
                retry_after=poll.retry_after,
                not_modified=bool(result and result.not_modified),
            )
        self._deferred.clear()
        self._polls.clear()
