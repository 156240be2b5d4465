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
from storyline.confidence import DEFAULT_MIN_CONFIDENCE

# -- ingest -----------------------------------------------------------------------------------


@app.command()
def ingest(
    paths: list[str] = typer.Argument(
        ...,
        help="Files, directories or URLs: .txt, .html, .jsonl, WARC, RSS/Atom; "
        "article pages, feeds, sitemaps (indexes), files listing URLs",
    ),
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
    text_field: str | None = typer.Option(
        None, help="JSON(L): the key holding the body text (e.g. full_text)"
    ),
    date_field: str | None = typer.Option(None, help="JSON(L): the key holding the publication date"),
    url_field: str | None = typer.Option(None, help="JSON(L): the key holding the article URL"),
    title_field: str | None = typer.Option(None, help="JSON(L): the key holding the headline"),
    contact: str | None = typer.Option(None, help="URLs: contact (URL or e-mail) sent in the User-Agent"),
    delay: float | None = typer.Option(
        None, min=0, help="URLs: seconds between two requests to one host (1)"
    ),
    timeout: float | None = typer.Option(None, min=0.1, help="URLs: connect/read timeout in seconds"),
) -> None:
    """Read, analyse and store articles. Already stored articles are skipped before analysis."""
    from storyline.cli.monitor_commands import fetch_config, ingest_run, print_summary
    from storyline.ingest.fields import FieldMap
    from storyline.ingest.inputs import split_inputs
    from storyline.ingest.runner import WorkerCrashed
    from storyline.pipeline import PipelineConfig
    from storyline.store import StoreError
    from storyline.store.db import check_memory_limit

    config = PipelineConfig(model=model, batch_size=batch_size)
    fields = FieldMap(text=text_field, published=date_field, url=url_field, title=title_field)
    try:
        check_memory_limit(memory_limit)
    except ValueError as exc:
        fail(str(exc))
    if engine not in ("local", "ray"):
        fail(f"unknown engine {engine!r}; choose local or ray")
    local_paths, urls = split_inputs(paths)
    if engine == "ray":  # see docs/scale.md
        from storyline.cli.engine_commands import ingest_with_ray

        if urls or fields:
            fail("--engine ray reads files; URLs and --*-field options need --engine local")
        ingest_with_ray(
            local_paths,
            db,
            out_parquet=out_parquet,
            ray_address=ray_address,
            workers=workers if workers > 1 else None,
            shard_size=shard_size,
            batch_size=batch_size,
            outlet=outlet,
            config=config,
            load=load,
        )
        return
    if out_parquet is not None or ray_address is not None:
        fail("--out-parquet and --ray-address need --engine ray")
    try:
        stats, web_stats = ingest_run(
            local_paths,
            urls,
            db,
            fetch=fetch_config(contact, delay, timeout),
            verbose=verbose,
            fields=fields,
            workers=workers,
            batch_size=batch_size,
            outlet=outlet,
            config=config,
            memory_limit=memory_limit,
        )
    except WorkerCrashed as exc:
        fail(str(exc), code=1)
    except StoreError as exc:  # locked by another process, corrupt, disk full: one line
        fail(escape(str(exc)))
    except (OSError, duckdb.IOException) as exc:
        fail(escape(f"{db}: {str(exc).splitlines()[0]}"))
    print_summary(f"ingest into {db}", stats, web_stats)
    if link and (stats.events or _pending(db)):  # also what a killed run left unlinked
        _link_stories(db)
    if stats.failed:
        raise typer.Exit(1)


def _pending(db: Path) -> int:
    from storyline.linking.stories import pending_count
    from storyline.store import Store

    if not db.exists():
        return 0
    with Store(db) as store:
        return pending_count(store)


def _link_stories(db: Path) -> None:
    """Incremental story linking of what this run stored (see ``storyline link``)."""
    from storyline.linking.stories import link_store
    from storyline.store import Store

    with console.status("linking events into story events"), Store(db) as store:
        report = link_store(store)
    console.print(
        f"stories: {report.mentions_linked} event mentions linked, "
        f"{report.stories_created} new story events ({report.embedder})"
    )


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
            table.add_row(
                row["article_id"],
                str(row["version"]),
                escape(row["published"] or ""),
                escape(row["outlet"] or ""),
                escape((row["title"] or "(untitled)")[:70]),
                str(row["events"]),
            )
        out.print(table)


def _actor(actor) -> str:
    if actor is None:
        return ""
    extra = "/".join(x for x in (actor.country, actor.sector) if x)
    return escape(f"{actor.name or actor.text}" + (f" [{extra}]" if extra else ""))


def _print_article(extraction, meta: dict) -> None:
    a = extraction.article
    out.print(f"[bold]{escape(a.title or '(untitled)')}[/bold]")
    out.print(
        escape(
            f"{meta['version_id']}  version {meta['version']} of {meta['of']}  "
            f"{a.outlet or ''}  {a.published or ''}  {a.language or ''}"
        ),
        highlight=False,
    )
    if a.url:
        out.print(escape(a.url), highlight=False)
    if extraction.events:
        table = Table(title=f"events ({len(extraction.events)})", title_justify="left")
        for col in ("type", "cameo", "actor1", "trigger", "actor2", "date", "where", "status"):
            table.add_column(col)
        for e in extraction.events:
            table.add_row(
                e.plover_type or "",
                e.cameo_code or "",
                _actor(e.actor1),
                escape(e.trigger.text),
                _actor(e.actor2),
                (e.date.value or "") if e.date else "",
                escape((e.location.name or "") if e.location else ""),
                e.status,
            )
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
            table.add_row(
                escape(p.text),
                escape(p.name or ""),
                p.country or "",
                p.feature or "",
                "" if p.lat is None else f"{p.lat:.3f}",
                "" if p.lon is None else f"{p.lon:.3f}",
            )
        out.print(table)
    out.print(
        f"{len(extraction.claims)} claims, {len(extraction.contradictions)} contradictions, "
        f"{len(extraction.quantities)} quantities, {len(extraction.entities)} entities"
    )


# -- export -----------------------------------------------------------------------------------


@app.command("export")
def export_command(
    fmt: str = typer.Option("jsonl", "--format", "-f", help="jsonl, parquet, csv, gdelt, acled or geojson"),
    table: str | None = typer.Option(
        None,
        help="For parquet/csv/jsonl: articles, versions, events, incidents, "
        "quotes, claims, places, ...; for gdelt: events (default) or mentions",
    ),
    out_path: Path | None = typer.Option(None, "--out", "-o", help="Output file (default: stdout)"),
    db: Path = typer.Option(Path(DEFAULT_DB), help="DuckDB store file"),
    min_confidence: float = typer.Option(
        DEFAULT_MIN_CONFIDENCE,
        min=0.0,
        max=1.0,
        help="Events and incidents below this confidence are not exported (0 exports all)",
    ),
    since: str | None = typer.Option(
        None, help="Only articles stored after this ISO date/time (incremental)"
    ),
) -> None:
    """Export the current version of every article. jsonl without --table: one contract document each."""
    from storyline.export import FORMATS
    from storyline.export.documents import parse_since
    from storyline.export.tables import export_documents, export_table, table_names

    if fmt not in FORMATS:
        fail(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if fmt == "parquet" and out_path is None:
        fail("--format parquet needs --out PATH")
    allowed = {
        "gdelt": (None, "events", "mentions"),
        "acled": (None, "incidents", "events"),
        "geojson": (None, "incidents", "events"),
    }
    if fmt in allowed and table not in allowed[fmt]:
        fail(
            f"--format {fmt} exports {'events or mentions' if fmt == 'gdelt' else 'incidents'}; "
            f"--table {table} does not apply"
        )
    if out_path is not None and out_path.parent and not out_path.parent.exists():
        fail(f"{out_path.parent}: no such directory")
    try:
        moment = parse_since(since) if since else None
    except ValueError as exc:
        fail(str(exc))
    store = _open_read_only(db)
    with store:
        if fmt in allowed:
            count, note = _export_event_format(store, fmt, table, out_path, min_confidence, moment)
        elif fmt == "jsonl" and table is None:
            count, note = export_documents(store, out_path, since=moment), ""
        else:
            table = table or "events"
            if table not in table_names(store):
                fail(f"unknown table {table!r}; choose one of {', '.join(table_names(store))}")
            count, note = (
                export_table(store, table, fmt, out_path, min_confidence=min_confidence, since=moment),
                "",
            )
    if out_path is not None:
        console.print(f"wrote {count} rows to {out_path}", highlight=False)
    if note:
        console.print(note, highlight=False)


def _export_event_format(
    store, fmt: str, table: str | None, out_path: Path | None, min_confidence: float, since
) -> tuple[int, str]:
    """GDELT events/mentions, ACLED or GeoJSON; returns the row count and a note on what was left out."""
    from storyline.export.documents import global_ids, iter_documents
    from storyline.export.units import iter_units

    units = iter_units(iter_documents(store, since=since), min_confidence, global_ids(store))
    handle = out_path.open("w", encoding="utf-8", newline="") if out_path else sys.stdout
    try:
        if fmt == "gdelt":  # GDELT files have no header line
            from storyline.export.gdelt import build_export

            export = build_export(units)
            rows = export.mention_rows() if table == "mentions" else export.event_rows()
            for row in rows:
                handle.write("\t".join(row) + "\n")
            return len(rows), _left_out(undated=export.undated, uncoded=export.uncoded)
        if fmt == "geojson":
            from storyline.export.geojson import write_geojson

            result = write_geojson(units, handle)
            return result.features, _left_out(unlocated=result.unlocated)
        from storyline.export.acled import COLUMNS as ACLED_COLUMNS
        from storyline.export.acled import build_export as acled_export
        from storyline.text.safe import spreadsheet_safe

        export = acled_export(units)
        writer = csv.DictWriter(handle, fieldnames=ACLED_COLUMNS, lineterminator="\n")
        writer.writeheader()
        for row in export.rows:
            writer.writerow({k: spreadsheet_safe(v) for k, v in row.items()})
        return len(export.rows), _left_out(undated=export.undated, no_country=export.no_country)
    finally:
        if out_path:
            handle.close()


def _left_out(**counts: int) -> str:
    """One line naming what an export left out and why ("left out: 3 with no known date")."""
    words = {
        "undated": "with no known date",
        "uncoded": "with no CAMEO code",
        "no_country": "with no known country",
        "unlocated": "with no coordinates",
    }
    parts = [f"{n} {words[k]}" for k, n in counts.items() if n]
    return ("left out: " + ", ".join(parts)) if parts else ""
