"""``storyline ingest``, ``show`` and ``export``: fill the store, look at it, get data out."""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import duckdb
import typer
from rich.markup import escape
from rich.table import Table

from storyline.cli.app import DEFAULT_DB, app, console, fail, out

# -- ingest -----------------------------------------------------------------------------------


@app.command()
def ingest(
    paths: list[Path] = typer.Argument(..., help="Files or directories: .txt, .html, .jsonl, WARC, RSS/Atom"),
    db: Path = typer.Option(Path(DEFAULT_DB), help="DuckDB store file (created if missing)"),
    workers: int = typer.Option(1, min=1, help="Analysis processes; the main process is the only writer"),
    batch_size: int = typer.Option(16, min=1, help="Articles per analysis batch (nlp.pipe)"),
    outlet: str | None = typer.Option(None, help="Outlet for articles that do not name one"),
    model: str = typer.Option("en_core_web_sm", help="spaCy model name"),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="One line per stored article"),
    engine: str = typer.Option("local", help="local (worker processes) or ray (actor pool -> Parquet)"),
    ray_address: str | None = typer.Option(None, help="--engine ray: cluster, e.g. ray://head:10001"),
    out_parquet: Path | None = typer.Option(None, help="--engine ray: keep the Parquet output here"),
    shard_size: int = typer.Option(1000, min=1, help="--engine ray: articles (lines) per shard"),
    load: bool = typer.Option(True, help="--engine ray: load the Parquet output into --db"),
    link: bool = typer.Option(True, help="Merge the new events into story events afterwards"),
    memory_limit: str = typer.Option("256MB", help="DuckDB memory of the writer (e.g. 256MB, 2GB)"),
) -> None:
    """Read, analyse and store articles. Already stored articles are skipped before analysis."""
    from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from storyline.ingest.runner import IngestStats, WorkerCrashed, run_ingest
    from storyline.pipeline import PipelineConfig
    from storyline.store import StoreError
    from storyline.store.db import check_memory_limit

    config = PipelineConfig(model=model, batch_size=batch_size)
    try:
        check_memory_limit(memory_limit)
    except ValueError as exc:
        fail(str(exc))
    if engine not in ("local", "ray"):
        fail(f"unknown engine {engine!r}; choose local or ray")
    if engine == "ray":  # see docs/scale.md
        from storyline.engines.commands import ingest_with_ray

        ingest_with_ray(paths, db, out_parquet=out_parquet, ray_address=ray_address,
                        workers=workers if workers > 1 else None, shard_size=shard_size,
                        batch_size=batch_size, outlet=outlet, config=config, load=load)
        return
    if out_parquet is not None or ray_address is not None:
        fail("--out-parquet and --ray-address need --engine ray")
    progress = Progress(SpinnerColumn(), TextColumn("[bold]ingest[/bold]"), BarColumn(),
                        TextColumn("{task.description}"), TimeElapsedColumn(),
                        console=console, transient=True)

    def report_error(message: str) -> None:
        progress.console.print(f"[red]{escape(message)}[/red]", highlight=False, soft_wrap=True)

    def report_saved(extraction, saved) -> None:
        where = extraction.article.source or extraction.article.url or ""
        progress.console.print(f"{saved.outcome} {saved.version_id} {escape(where)}", highlight=False,
                               soft_wrap=True)

    with progress:
        task = progress.add_task("loading models", total=None)

        def report_progress(stats: IngestStats) -> None:
            progress.update(task, description=(
                f"{stats.read} read, {stats.stored} stored, {stats.unchanged} unchanged, {stats.failed} failed"))

        try:
            stats = run_ingest(paths, db, workers=workers, batch_size=batch_size, outlet=outlet,
                               config=config, on_error=report_error, on_progress=report_progress,
                               on_saved=report_saved if verbose else None, memory_limit=memory_limit)
        except WorkerCrashed as exc:
            fail(str(exc), code=1)
        except StoreError as exc:  # locked by another process, corrupt, disk full: one line
            fail(escape(str(exc)))
        except (OSError, duckdb.IOException) as exc:
            fail(escape(f"{db}: {str(exc).splitlines()[0]}"))

    table = Table(title=f"ingest into {db}", show_header=False, title_justify="left")
    table.add_column("what")
    table.add_column("count", justify="right")
    for label, value in (("read", stats.read), ("new articles", stats.new), ("new versions", stats.new_versions),
                         ("unchanged (skipped)", stats.unchanged), ("failed", stats.failed),
                         ("non-English", stats.not_english), ("events", stats.events),
                         ("quotes", stats.quotes), ("places", stats.places)):
        style = "red" if label == "failed" and value else None
        table.add_row(label, str(value), style=style)
    console.print(table)
    if link and stats.events:
        _link_stories(db)
    if stats.failed:
        raise typer.Exit(1)


def _link_stories(db: Path) -> None:
    """Incremental story linking of what this run stored (see ``storyline link``)."""
    from storyline.linking.stories import link_store
    from storyline.store import Store

    with console.status("linking events into story events"), Store(db) as store:
        report = link_store(store)
    console.print(f"stories: {report.mentions_linked} event mentions linked, "
                  f"{report.stories_created} new story events ({report.embedder})")


# -- show -------------------------------------------------------------------------------------


def _open_read_only(db: Path):
    from storyline.store import Store, StoreError

    if not db.exists():
        fail(f"{db}: no store here (run `storyline ingest ... --db {db}` first)")
    try:
        return Store(db, read_only=True)
    except StoreError as exc:  # locked by a writer, corrupt, truncated, not a DuckDB file
        fail(escape(str(exc)))
    except Exception as exc:  # noqa: BLE001
        fail(f"{db}: cannot open store: {str(exc).splitlines()[0]}")


@app.command()
def show(
    article_id: str | None = typer.Argument(None, help="Article id (or unique prefix, version id, URL)"),
    db: Path = typer.Option(Path(DEFAULT_DB), help="DuckDB store file"),
    version: int | None = typer.Option(None, help="Show this version instead of the latest"),
    limit: int = typer.Option(10, help="Rows per list in the summary"),
) -> None:
    """Summarise the store, or show one article with its events, quotes and places."""
    from storyline.store.summary import load_article, resolve_article_id, summarise

    store = _open_read_only(db)
    with store:
        if article_id is None:
            _print_summary(summarise(store, limit), db)
            return
        resolved = resolve_article_id(store, article_id)
        if resolved is None:
            fail(f"no article {article_id!r} in {db}", code=1)
        try:
            extraction, meta = load_article(store, resolved, version)
        except KeyError:
            fail(f"article {resolved} has no version {version}", code=1)
    _print_article(extraction, meta)


def _count_table(title: str, rows: list[tuple], headers: tuple[str, str]) -> Table:
    table = Table(title=title, title_justify="left")
    table.add_column(headers[0])
    table.add_column(headers[1], justify="right")
    for name, count in rows:
        table.add_row(escape(str(name)), str(count))
    return table


def _print_summary(summary, db: Path) -> None:
    out.print(_count_table(f"store {db}", list(summary.counts.items()), ("table", "rows (current)")))
    if summary.top_outlets:
        out.print(_count_table("top outlets", summary.top_outlets, ("outlet", "articles")))
    if summary.event_types:
        out.print(_count_table("event types (PLOVER)", summary.event_types, ("type", "events")))
    if summary.languages:
        out.print(_count_table("languages", summary.languages, ("language", "articles")))
    if summary.latest:
        table = Table(title="latest articles", title_justify="left")
        for col in ("article_id", "v", "published", "outlet", "title", "events"):
            table.add_column(col)
        for row in summary.latest:
            table.add_row(row["article_id"], str(row["version"]), escape(row["published"] or ""),
                          escape(row["outlet"] or ""), escape((row["title"] or "(untitled)")[:70]),
                          str(row["events"]))
        out.print(table)


def _actor(actor) -> str:
    if actor is None:
        return ""
    extra = "/".join(x for x in (actor.country, actor.sector) if x)
    return escape(f"{actor.name or actor.text}" + (f" [{extra}]" if extra else ""))


def _print_article(extraction, meta: dict) -> None:
    a = extraction.article
    out.print(f"[bold]{escape(a.title or '(untitled)')}[/bold]")
    out.print(escape(f"{meta['version_id']}  version {meta['version']} of {meta['of']}  "
                     f"{a.outlet or ''}  {a.published or ''}  {a.language or ''}"), highlight=False)
    if a.url:
        out.print(escape(a.url), highlight=False)
    if extraction.events:
        table = Table(title=f"events ({len(extraction.events)})", title_justify="left")
        for col in ("type", "cameo", "actor1", "trigger", "actor2", "date", "where", "status"):
            table.add_column(col)
        for e in extraction.events:
            table.add_row(e.plover_type or "", e.cameo_code or "", _actor(e.actor1), escape(e.trigger.text),
                          _actor(e.actor2), (e.date.value or "") if e.date else "",
                          escape((e.location.name or "") if e.location else ""), e.status)
        out.print(table)
    if extraction.quotes:
        table = Table(title=f"quotes ({len(extraction.quotes)})", title_justify="left")
        for col in ("speaker", "kind", "text"):
            table.add_column(col)
        for q in extraction.quotes:
            who = q.speaker.name or q.speaker.affiliation or "?"
            table.add_row(escape(who), q.kind, escape(q.text[:160]))
        out.print(table)
    if extraction.places:
        table = Table(title=f"places ({len(extraction.places)})", title_justify="left")
        for col in ("text", "name", "country", "feature", "lat", "lon"):
            table.add_column(col)
        for p in extraction.places:
            table.add_row(escape(p.text), escape(p.name or ""), p.country or "", p.feature or "",
                          "" if p.lat is None else f"{p.lat:.3f}", "" if p.lon is None else f"{p.lon:.3f}")
        out.print(table)
    out.print(f"{len(extraction.claims)} claims, {len(extraction.contradictions)} contradictions, "
              f"{len(extraction.quantities)} quantities, {len(extraction.entities)} entities")


# -- export -----------------------------------------------------------------------------------


@app.command("export")
def export_command(
    fmt: str = typer.Option("jsonl", "--format", "-f", help="jsonl, parquet, csv, gdelt or acled"),
    table: str | None = typer.Option(None, help="For parquet/csv/jsonl: articles, versions, events, quotes, "
                                     "claims, places, quantities, entities, contradictions, ..."),
    out_path: Path | None = typer.Option(None, "--out", "-o", help="Output file (default: stdout)"),
    db: Path = typer.Option(Path(DEFAULT_DB), help="DuckDB store file"),
) -> None:
    """Export the current version of every article. jsonl without --table: one contract document each."""
    from storyline.export import FORMATS
    from storyline.export.tables import export_documents, export_table, table_names

    if fmt not in FORMATS:
        fail(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if fmt == "parquet" and out_path is None:
        fail("--format parquet needs --out PATH")
    if fmt in ("gdelt", "acled") and table not in (None, "events"):
        fail(f"--format {fmt} exports events; --table {table} does not apply")
    if out_path is not None and out_path.parent and not out_path.parent.exists():
        fail(f"{out_path.parent}: no such directory")
    store = _open_read_only(db)
    with store:
        if fmt in ("gdelt", "acled"):
            count = _export_event_format(store, fmt, out_path)
        elif fmt == "jsonl" and table is None:
            count = export_documents(store, out_path)
        else:
            table = table or "events"
            if table not in table_names(store):
                fail(f"unknown table {table!r}; choose one of {', '.join(table_names(store))}")
            count = export_table(store, table, fmt, out_path)
    if out_path is not None:
        console.print(f"wrote {count} rows to {out_path}", highlight=False)


def _export_event_format(store, fmt: str, out_path: Path | None) -> int:
    from storyline.export.acled import COLUMNS as ACLED_COLUMNS
    from storyline.export.acled import acled_rows
    from storyline.export.documents import iter_documents
    from storyline.export.gdelt import gdelt_rows

    handle = out_path.open("w", encoding="utf-8", newline="") if out_path else sys.stdout
    count = 0
    try:
        if fmt == "gdelt":  # GDELT files have no header line
            for row in gdelt_rows(iter_documents(store)):
                handle.write("\t".join(row) + "\n")
                count += 1
        else:
            writer = csv.DictWriter(handle, fieldnames=ACLED_COLUMNS, lineterminator="\n")
            writer.writeheader()
            for row in acled_rows(iter_documents(store)):
                writer.writerow(row)
                count += 1
    finally:
        if out_path:
            handle.close()
    return count
