"""Monitoring state in the store (migration 6): watched sources and every fetched URL.

The store's ``articles`` table is the truth about what is *stored*; ``fetched_urls`` only adds
what fetching needs (validators for conditional GET, the listing's change marker, failures and
when to try again). So a watcher killed between fetching and saving a page fetches it again,
and one killed after saving does not.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from storyline.store import Store
from storyline.store.db import normalise_url

#: A URL that failed transiently is tried again after 15 min, 30, 60, ... at most a day, 5 times.
RETRY_BASE = timedelta(minutes=15)
RETRY_MAX = timedelta(days=1)
MAX_FAILURES = 5


def now_utc() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


@dataclass
class UrlRecord:
    url_key: str
    url: str
    status: str
    etag: str | None
    last_modified: str | None
    marker: str | None
    failures: int
    retry_at: datetime | None
    listing: str | None
    stored: bool


@dataclass
class Source:
    url: str
    kind: str | None
    every_seconds: int | None
    added_at: datetime
    etag: str | None
    last_modified: str | None
    last_poll: datetime | None
    last_success: datetime | None
    last_error: str | None
    last_error_at: datetime | None
    consecutive_errors: int
    last_poll_listed: int | None
    last_poll_errors: int | None
    next_poll: datetime | None
    polls: int
    errors: int
    articles: int = 0

    @property
    def health(self) -> str:
        """never polled | ok | degraded (some URLs failed) | failing (the source itself failed)."""
        if self.last_poll is None:
            return "never polled"
        if self.consecutive_errors:
            return "failing"
        if self.last_poll_errors:
            return "degraded"
        return "ok"

    def as_dict(self) -> dict[str, Any]:
        data = {k: v for k, v in self.__dict__.items()}
        data["health"] = self.health
        return data


SOURCE_COLUMNS = (
    "url, kind, every_seconds, added_at, etag, last_modified, last_poll, last_success, last_error, "
    "last_error_at, consecutive_errors, last_poll_listed, last_poll_errors, next_poll, polls, errors"
)


class MonitorState:
    """Reads and writes the monitoring tables through one store connection (the caller's thread)."""

    def __init__(self, store: Store):
        self.store = store
        self.con = store.con

    # -- URLs -------------------------------------------------------------------------------
    def lookup(self, urls: list[str]) -> dict[str, UrlRecord]:
        """Records by url_key for ``urls`` (one query), including URLs stored but never fetched."""
        keys = sorted({k for k in (normalise_url(u) for u in urls) if k})
        if not keys:
            return {}
        stored = {
            r[0]
            for r in self.con.execute(
                "SELECT url_key FROM articles WHERE url_key IN (SELECT unnest(?))", [keys]
            ).fetchall()
        }
        records: dict[str, UrlRecord] = {}
        for row in self.con.execute(
            "SELECT url_key, url, status, etag, last_modified, marker, failures, retry_at, listing FROM fetched_urls "
            "WHERE url_key IN (SELECT unnest(?))",
            [keys],
        ).fetchall():
            records[row[0]] = UrlRecord(*row, stored=row[0] in stored)
        for key in stored - set(records):
            records[key] = UrlRecord(key, key, "stored", None, None, None, 0, None, None, True)
        return records

    def record_fetch(
        self,
        url: str,
        *,
        status: str,
        kind: str | None = "page",
        source_url: str | None = None,
        listing: str | None = None,
        http_status: int | None = None,
        etag: str | None = None,
        last_modified: str | None = None,
        marker: str | None = None,
        error: str | None = None,
        permanent: bool = False,
        retry_after: float | None = None,
    ) -> None:
        key = normalise_url(url)
        if not key:
            return
        now = now_utc()
        row = self.con.execute(
            "SELECT failures, etag, last_modified FROM fetched_urls WHERE url_key = ?", [key]
        ).fetchone()
        failures = (row[0] if row else 0) + 1 if status == "failed" else 0
        retry_at = None
        if status == "failed" and not permanent and failures < MAX_FAILURES:
            wait = min(RETRY_MAX, RETRY_BASE * 2 ** (failures - 1))
            if retry_after is not None:
                wait = max(wait, timedelta(seconds=retry_after))
            retry_at = now + wait
        if status == "not_modified" and row:  # keep the validators that earned the 304
            etag, last_modified = etag or row[1], last_modified or row[2]
        self.con.execute(
            "INSERT INTO fetched_urls (url_key, url, source_url, listing, kind, first_seen, last_fetched, status, "
            "http_status, etag, last_modified, marker, error, failures, retry_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (url_key) DO UPDATE SET "
            "url = excluded.url, source_url = coalesce(excluded.source_url, fetched_urls.source_url), "
            "listing = coalesce(excluded.listing, fetched_urls.listing), kind = CASE WHEN ? THEN fetched_urls.kind ELSE excluded.kind END, "
            "last_fetched = excluded.last_fetched, status = excluded.status, http_status = excluded.http_status, "
            "etag = excluded.etag, last_modified = excluded.last_modified, "
            "marker = coalesce(excluded.marker, fetched_urls.marker), error = excluded.error, "
            "failures = excluded.failures, retry_at = excluded.retry_at",
            [
                key,
                url,
                source_url,
                listing,
                kind or "page",
                now,
                now,
                status,
                http_status,
                None if status == "failed" else etag,
                None if status == "failed" else last_modified,
                marker,
                error,
                failures,
                retry_at,
                kind is None,
            ],
        )

    def claim(self, urls: list[str], source_url: str) -> None:
        """Count stored URLs that a source lists (first stored some other way) as that source's."""
        keys = sorted({k for k in (normalise_url(u) for u in urls) if k})
        if keys:
            self.con.execute(
                "UPDATE fetched_urls SET source_url = ? WHERE source_url IS NULL AND url_key IN "
                "(SELECT unnest(?))",
                [source_url, keys],
            )

    def validators(self, url: str) -> tuple[str | None, str | None]:
        """(ETag, Last-Modified) for a conditional GET of ``url``; none for a page that is not
        stored (fetched, then killed before saving: it must come back whole, not as a 304)."""
        key = normalise_url(url)
        row = self.con.execute(
            "SELECT etag, last_modified FROM fetched_urls f WHERE url_key = ? AND status <> 'failed' AND "
            "(kind <> 'page' OR EXISTS (SELECT 1 FROM articles a WHERE a.url_key = f.url_key))",
            [key],
        ).fetchone()
        return (row[0], row[1]) if row else (None, None)

    # -- sources ----------------------------------------------------------------------------
    def add_source(self, url: str, every_seconds: int | None = None) -> bool:
        """Watch ``url``; False when it was already watched (its interval is then updated)."""
        exists = self.con.execute("SELECT 1 FROM sources WHERE url = ?", [url]).fetchone()
        if exists:
            if every_seconds is not None:
                self.con.execute("UPDATE sources SET every_seconds = ? WHERE url = ?", [every_seconds, url])
            return False
        self.con.execute(
            "INSERT INTO sources (url, every_seconds, added_at) VALUES (?, ?, ?)",
            [url, every_seconds, now_utc()],
        )
        return True

    def remove_source(self, url: str) -> bool:
        if not self.con.execute("SELECT 1 FROM sources WHERE url = ?", [url]).fetchone():
            return False
        self.con.execute("DELETE FROM sources WHERE url = ?", [url])
        return True

    def sources(self) -> list[Source]:
        rows = self.con.execute(f"SELECT {SOURCE_COLUMNS} FROM sources ORDER BY added_at, url").fetchall()
        counts = source_article_counts(self.con)
        return [Source(*row, articles=counts.get(row[0], 0)) for row in rows]

    def source_polled(
        self,
        url: str,
        *,
        kind: str | None,
        ok: bool,
        error: str | None,
        listed: int,
        errors: int,
        every_seconds: int,
        etag: str | None = None,
        last_modified: str | None = None,
        retry_after: float | None = None,
        not_modified: bool = False,
    ) -> None:
        now = now_utc()
        row = self.con.execute(
            "SELECT consecutive_errors, etag, last_modified FROM sources WHERE url = ?", [url]
        ).fetchone()
        if row is None:
            return
        if ok:
            failures = 0
            wait = timedelta(seconds=every_seconds)
            if not_modified:
                etag, last_modified = etag or row[1], last_modified or row[2]
        else:
            failures = row[0] + 1  # back off: every x 2^(failures-1), at most a day
            wait = min(RETRY_MAX, timedelta(seconds=every_seconds) * 2 ** (failures - 1))
            etag, last_modified = row[1], row[2]
        if retry_after is not None:
            wait = max(wait, timedelta(seconds=retry_after))
        self.con.execute(
            "UPDATE sources SET kind = coalesce(?, kind), etag = ?, last_modified = ?, last_poll = ?, "
            "last_success = CASE WHEN ? THEN ? ELSE last_success END, "
            "last_error = coalesce(?, last_error), "
            "last_error_at = CASE WHEN ? IS NULL THEN last_error_at ELSE ? END, "
            "consecutive_errors = ?, last_poll_listed = coalesce(?, last_poll_listed), "
            "last_poll_errors = CASE WHEN ? THEN last_poll_errors ELSE ? END, next_poll = ?, polls = polls + 1, "
            "errors = errors + ? WHERE url = ?",
            [
                kind,
                etag,
                last_modified,
                now,
                ok,
                now,
                error,
                error,
                now,
                failures,
                listed if ok and not not_modified else None,
                ok and not_modified,
                errors,
                now + wait,
                errors,
                url,
            ],
        )


def source_article_counts(con: Any) -> dict[str, int]:
    """Stored articles per watched source (derived, so always right after a kill)."""
    return dict(
        con.execute(
            "SELECT f.source_url, count(*) FROM fetched_urls f JOIN articles a ON a.url_key = f.url_key "
            "WHERE f.source_url IS NOT NULL GROUP BY f.source_url"
        ).fetchall()
    )


def recent_errors(con: Any, source_url: str, limit: int = 10) -> list[dict[str, Any]]:
    cur = con.execute(
        "SELECT url, error, http_status, last_fetched, failures, retry_at FROM fetched_urls "
        "WHERE source_url = ? AND status = 'failed' ORDER BY last_fetched DESC LIMIT ?",
        [source_url, limit],
    )
    cols = [c[0] for c in cur.description]
    return [dict(zip(cols, row, strict=True)) for row in cur.fetchall()]
