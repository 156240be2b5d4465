"""``storyline sources add|list|remove`` and ``storyline watch``: follow live sources.

Also the pieces ``storyline ingest`` uses for URLs: the fetch options, the progress line with a
total and an ETA, and the run itself (:func:`ingest_run`).
"""

from __future__ import annotations

import json
import re
import sys
import time
from contextlib import ExitStack
from datetime import datetime
from pathlib import Path
from typing import Any

import duckdb
import typer
from rich.markup import escape
from rich.table import Table

from storyline.cli.app import DEFAULT_DB, app, console, fail, out

sources_app = typer.Typer(
    help="Sources to watch: feeds, sitemaps, pages (state lives in the store).", no_args_is_help=True
)
app.add_typer(sources_app, name="sources")

#: Seconds the watcher waits when another process holds the store.
BUSY_RETRY = 30.0
_DURATION = re.compile(r"(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?")


def parse_duration(value: str) -> int:
    """'15m', '1h30m', '45s', '2d' or plain seconds -> seconds (at least 1)."""
    text = value.strip().lower()
    if text.isdigit():
        seconds = int(text)
    else:
        match = _DURATION.fullmatch(text)
        if not match or not any(match.groups()):
            raise typer.BadParameter(f"{value!r}: expected a duration such as 15m, 1h or 90s")
        d, h, m, s = (int(g or 0) for g in match.groups())
        seconds = ((d * 24 + h) * 60 + m) * 60 + s
    if seconds < 1:
        raise typer.BadParameter("the interval must be at least 1 second")
    return seconds


def human_duration(seconds: float | None) -> str:
    if seconds is None:
        return ""
    seconds = int(seconds)
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds >= size and seconds % size == 0:
            return f"{seconds // size}{unit}"
    return f"{seconds // 60}m{seconds % 60}s" if seconds > 60 else f"{seconds}s"


def fetch_config(contact: str | None, delay: float | None, timeout: float | None):
    from storyline.ingest.fetch import FetchConfig

    config = FetchConfig(contact=contact)
    if delay is not None:
        config.delay = delay
    if timeout is not None:
        config.read_timeout = config.connect_timeout = timeout
        config.total_timeout = max(config.total_timeout, 3 * timeout)
    return config


# -- one run: files and URLs -> the store, with progress ---------------------------------------


def ingest_run(
    paths: list[Path],
    urls: list[Any],
    db: Path,
    *,
    fetch,
    concurrency: int = 4,
    verbose: bool = False,
    fields=None,
    **ingest_options: Any,
):
    """Ingest files and URLs (``Target``s or strings) in one run; returns (IngestStats, WebStats|None).

    Errors are printed as one line each as they happen; the progress line shows done/total and an
    ETA. The listing validators and source health are written after everything was saved.
    """
    from itertools import chain

    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    from storyline.ingest.fetch import Fetcher
    from storyline.ingest.fields import use_fields
    from storyline.ingest.inputs import estimate_total
    from storyline.ingest.runner import IngestStats, iter_inputs, run_ingest
    from storyline.ingest.web import Target, WebIngest
    from storyline.store import Store

    progress = Progress(
        SpinnerColumn(),
        TextColumn("[bold]ingest[/bold]"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.description}"),
        TimeElapsedColumn(),
        TextColumn("ETA"),
        TimeRemainingColumn(),
        console=console,
        transient=True,
    )

    def say(message: str, style: str | None = None) -> None:
        text = escape(message)
        progress.console.print(
            f"[{style}]{text}[/{style}]" if style else text, highlight=False, soft_wrap=True
        )

    def report_saved(extraction, saved) -> None:
        say(f"{saved.outcome} {saved.version_id} {extraction.article.source or extraction.article.url or ''}")

    outlet = ingest_options.pop("outlet", None)
    files_total = estimate_total(paths) if paths else 0
    web = None
    with ExitStack() as stack:
        stack.enter_context(use_fields(fields))
        stack.enter_context(progress)
        task = progress.add_task("loading models", total=files_total if not urls else None)
        sources: list[Any] = [iter_inputs(paths, default_outlet=outlet)] if paths else []
        if urls:
            store = stack.enter_context(Store(db))
            fetcher = stack.enter_context(Fetcher(fetch))
            web = WebIngest(store, fetcher, concurrency=concurrency, on_note=say)
            targets = [u if isinstance(u, Target) else Target(u) for u in urls]
            sources.append(_counted(web.articles(targets), web))

        def report_progress(stats: IngestStats) -> None:
            done = stats.read + stats.failed
            total = None
            if files_total is not None:
                total = files_total + (web.stats.yielded + web.stats.expected if web else 0)
            progress.update(
                task,
                completed=done,
                total=max(total, done) if total is not None else None,
                description=f"{stats.stored} stored, {stats.unchanged} unchanged, {stats.failed} failed",
            )

        stats = run_ingest(
            [],
            db,
            items=chain(*sources),
            on_error=lambda m: say(m, "red"),
            on_progress=report_progress,
            on_saved=report_saved if verbose else None,
            **ingest_options,
        )
        if web is not None:
            web.finish()
    return stats, (web.stats if web else None)


def _counted(items, web):
    for item in items:
        web.stats.yielded += 1
        yield item


def print_summary(title: str, stats, web_stats) -> None:
    table = Table(title=title, show_header=False, title_justify="left")
    table.add_column("what")
    table.add_column("count", justify="right")
    rows: list[tuple[str, int]] = []
    if web_stats is not None:
        rows += [
            ("listings read", web_stats.listings),
            ("URLs listed", web_stats.listed),
            ("listed twice (fetched once)", web_stats.duplicates),
            ("not web pages (.pdf, .jpg...)", web_stats.not_pages),
            ("already stored (not fetched)", web_stats.already_stored),
            ("failed before (not retried yet)", web_stats.waiting_retry),
            ("pages fetched", web_stats.fetched),
            ("not modified (304)", web_stats.not_modified),
        ]
    rows += [
        ("read", stats.read),
        ("new articles", stats.new),
        ("new versions", stats.new_versions),
        ("unchanged (skipped)", stats.unchanged),
        ("failed", stats.failed),
        ("without publication date", stats.undated),
        ("non-English", stats.not_english),
        ("events", stats.events),
        ("quotes", stats.quotes),
        ("places", stats.places),
    ]
    for label, value in rows:
        style = "red" if label == "failed" and value else None
        table.add_row(label, str(value), style=style)
    console.print(table)
    if stats.undated:
        console.print(
            f"{stats.undated} stored article(s) have no publication date: kept with date null "
            "(exports leave their dates blank)",
            highlight=False,
        )


# -- sources ----------------------------------------------------------------------------------


def _state(db: Path, *, must_exist: bool = False):
    from storyline.ingest.state import MonitorState
    from storyline.store import Store

    if must_exist and not db.exists():
        fail(f"{db}: no store here (add a source with `storyline sources add URL --db {db}`)")
    try:
        store = Store(db)
    except (OSError, duckdb.IOException) as exc:
        fail(f"{db}: {str(exc).splitlines()[0]}")
    return store, MonitorState(store)


@sources_app.command("add")
def sources_add(
    urls: list[str] = typer.Argument(..., help="Feed, sitemap (index), URL list or page URLs"),
    every: str | None = typer.Option(
        None, help="Poll interval for these sources (e.g. 15m); default: watch's --every"
    ),
    db: Path = typer.Option(Path(DEFAULT_DB), help="DuckDB store file (created if missing)"),
) -> None:
    """Watch URLs. Nothing is fetched now: `storyline watch` polls them."""
    from storyline.ingest.inputs import is_url

    seconds = parse_duration(every) if every else None
    bad = [u for u in urls if not is_url(u)]
    if bad:
        fail(f"{bad[0]}: not an http(s) URL")
    store, state = _state(db)
    with store:
        for url in urls:
            added = state.add_source(url, seconds)
            console.print(
                f"{'added' if added else 'already watched'} {escape(url)}"
                + (f" (every {human_duration(seconds)})" if seconds else ""),
                highlight=False,
            )


@sources_app.command("remove")
def sources_remove(
    urls: list[str] = typer.Argument(..., help="Watched source URLs"),
    db: Path = typer.Option(Path(DEFAULT_DB), help="DuckDB store file"),
) -> None:
    """Stop watching URLs (their stored articles stay)."""
    store, state = _state(db, must_exist=True)
    missing = 0
    with store:
        for url in urls:
            if state.remove_source(url):
                console.print(f"removed {escape(url)}", highlight=False)
            else:
                console.print(f"[red]not a watched source: {escape(url)}[/red]", highlight=False)
                missing += 1
    if missing:
        raise typer.Exit(1)


def _when(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M:%S") if value else ""


@sources_app.command("list")
def sources_list(
    db: Path = typer.Option(Path(DEFAULT_DB), help="DuckDB store file"),
    as_json: bool = typer.Option(False, "--json", help="One JSON object per source"),
) -> None:
    """Watched sources with their health, last poll, articles and errors."""
    store, state = _state(db, must_exist=True)
    with store:
        sources = state.sources()
    if as_json:
        for source in sources:
            sys.stdout.write(json.dumps(source.as_dict(), default=str) + "\n")
        return
    if not sources:
        console.print("no sources; add one with `storyline sources add URL`")
        return
    table = Table(title=f"sources in {db}", title_justify="left")
    for column in (
        "url",
        "kind",
        "health",
        "every",
        "last poll",
        "next poll",
        "articles",
        "errors",
        "last error",
    ):
        table.add_column(column, justify="right" if column in ("articles", "errors") else "left")
    for s in sources:
        style = {"failing": "red", "degraded": "yellow"}.get(s.health)
        table.add_row(
            escape(s.url),
            s.kind or "",
            s.health,
            human_duration(s.every_seconds) or "default",
            _when(s.last_poll),
            _when(s.next_poll),
            str(s.articles),
            str(s.errors),
            escape((s.last_error or "")[:100]),
            style=style,
        )
    out.print(table)


# -- watch ------------------------------------------------------------------------------------


@app.command()
def watch(
    every: str = typer.Option("15m", help="Poll interval of sources added without their own --every"),
    once: bool = typer.Option(
        False, "--once", help="Poll every source once now, then exit (a failing source waits out its backoff)"
    ),
    db: Path = typer.Option(Path(DEFAULT_DB), help="DuckDB store file"),
    contact: str | None = typer.Option(
        None, help="Contact (URL or e-mail) sent in the User-Agent; default $STORYLINE_CONTACT"
    ),
    delay: float | None = typer.Option(
        None, min=0, help="Seconds between two requests to one host (default 1)"
    ),
    timeout: float | None = typer.Option(
        None, min=0.1, help="Connect/read timeout in seconds (default 10/20)"
    ),
    concurrency: int = typer.Option(4, min=1, help="Pages fetched at once (still one request per host)"),
    batch_size: int = typer.Option(16, min=1, help="Articles per analysis batch"),
    model: str = typer.Option("en_core_web_sm", help="spaCy model name"),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="One line per stored article"),
    link: bool = typer.Option(True, help="Merge new events into story events after each poll"),
) -> None:
    """Poll watched sources on their schedules; new and changed articles are analysed and stored.

    The store is opened only while polling, so `storyline sources list` works between polls.
    Killed at any point, it resumes without fetching stored pages again or duplicating anything.
    """
    from storyline.pipeline import PipelineConfig

    default_every = parse_duration(every)
    config = fetch_config(contact, delay, timeout)
    pipeline = PipelineConfig(model=model, batch_size=batch_size)
    if not db.exists():
        fail(f"{db}: no store here (add a source with `storyline sources add URL --db {db}`)")
    try:
        while True:
            try:
                polled = _poll(
                    db, default_every, config, pipeline, concurrency, batch_size, verbose, link, force=once
                )
                if not once:
                    _sleep_until_due(db)
            except (OSError, duckdb.IOException) as exc:  # e.g. another process holds the store
                if once:
                    fail(f"{db}: {str(exc).splitlines()[0]}")
                console.print(
                    f"[yellow]{escape(str(db))}: cannot open the store ({escape(str(exc).splitlines()[0])}); "
                    f"trying again in {BUSY_RETRY:.0f} s[/yellow]",
                    highlight=False,
                )
                time.sleep(BUSY_RETRY)
                continue
            if once:
                if polled is None:
                    console.print("no sources; add one with `storyline sources add URL`")
                return
    except KeyboardInterrupt:
        console.print("stopped; everything stored so far is kept")


def _due_targets(db: Path, default_every: int, force: bool):
    from storyline.ingest.state import MonitorState, now_utc
    from storyline.ingest.web import Target
    from storyline.store import Store

    with Store(db) as store:
        sources = MonitorState(store).sources()
    now = now_utc()
    targets = []
    for s in sources:
        due = s.next_poll is None or s.next_poll <= now
        if due or (force and not s.consecutive_errors):
            targets.append(Target(s.url, source_url=s.url, every_seconds=s.every_seconds or default_every))
        elif force:
            console.print(f"{escape(s.url)}: failing, next try at {_when(s.next_poll)} UTC", highlight=False)
    return sources, targets


def _poll(
    db: Path,
    default_every: int,
    config,
    pipeline,
    concurrency: int,
    batch_size: int,
    verbose: bool,
    link: bool,
    *,
    force: bool,
):
    from storyline.ingest.runner import WorkerCrashed

    sources, targets = _due_targets(db, default_every, force)
    if not sources:
        return None
    if not targets:
        return 0
    started = time.monotonic()
    console.print(f"polling {len(targets)} source(s)", highlight=False)
    try:
        stats, web_stats = ingest_run(
            [],
            targets,
            db,
            fetch=config,
            concurrency=concurrency,
            verbose=verbose,
            batch_size=batch_size,
            config=pipeline,
        )
    except WorkerCrashed as exc:
        fail(str(exc), code=1)
    console.print(
        f"poll done in {time.monotonic() - started:.1f} s: {web_stats.listed} URLs listed, "
        f"{web_stats.already_stored} already stored, {web_stats.fetched} fetched, {stats.new} new articles, "
        f"{stats.new_versions} new versions, {stats.unchanged} unchanged, {stats.failed} failed"
        + (f", {stats.undated} without a publication date" if stats.undated else ""),
        highlight=False,
    )
    _print_polled(db, {t.url for t in targets})
    if link and stats.events:
        from storyline.cli.store_commands import _link_stories

        _link_stories(db)
    return len(targets)


def _print_polled(db: Path, urls: set[str]) -> None:
    """One line per polled source: its health now, what its last poll listed, its errors."""
    from storyline.ingest.state import MonitorState
    from storyline.store import Store

    with Store(db) as store:
        sources = [s for s in MonitorState(store).sources() if s.url in urls]
    for s in sources:
        detail = (
            f"{s.kind or '?'}, {s.last_poll_listed or 0} URLs listed, {s.articles} articles stored, "
            f"{s.last_poll_errors or 0} errors in its last poll; next poll {_when(s.next_poll)} UTC"
        )
        style = {"failing": "red", "degraded": "yellow"}.get(s.health)
        line = f"  {escape(s.url)}: {s.health} ({detail})"
        console.print(f"[{style}]{line}[/{style}]" if style else line, highlight=False, soft_wrap=True)


def _sleep_until_due(db: Path, longest: float = 30.0) -> None:
    """Sleep until a source is due, waking at least every ``longest`` seconds (new sources)."""
    from storyline.ingest.state import MonitorState, now_utc
    from storyline.store import Store

    with Store(db) as store:
        sources = MonitorState(store).sources()
    upcoming = [s.next_poll for s in sources if s.next_poll is not None]
    never = any(s.next_poll is None for s in sources)
    if never:
        return
    wait = longest if not upcoming else (min(upcoming) - now_utc()).total_seconds()
    time.sleep(max(0.5, min(longest, wait)))
