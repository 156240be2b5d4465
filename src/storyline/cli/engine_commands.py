"""``storyline load-parquet`` and the ``--engine ray`` branch of ``storyline ingest``."""

from __future__ import annotations

import tempfile
from pathlib import Path

import duckdb
import typer
from rich.markup import escape
from rich.table import Table

from storyline.cli.app import DEFAULT_DB, app, console, fail


def _print_counts(title: str, rows: list[tuple[str, int]]) -> None:
    table = Table(title=title, show_header=False, title_justify="left")
    table.add_column("what")
    table.add_column("count", justify="right")
    for label, value in rows:
        table.add_row(label, str(value), style="red" if label == "failed" and value else None)
    console.print(table)


def _load(db: Path, directory: Path):
    from storyline.engines.parquet import NotAParquetOutput, load_parquet, shard_names
    from storyline.store import Store

    if not shard_names(directory):  # before opening (and so creating) the store
        fail(f"{directory}: no shard files (expected article_versions/shard-*.parquet)")
    try:
        with Store(db) as store:
            return load_parquet(store, directory)
    except NotAParquetOutput as exc:
        fail(str(exc))
    except (OSError, duckdb.IOException) as exc:  # e.g. the store is locked by another process
        fail(f"{db}: {str(exc).splitlines()[0]}")
    except duckdb.Error as exc:  # files from another schema version, damaged files
        fail(f"{directory}: cannot load: {str(exc).splitlines()[0]}")


@app.command("load-parquet")
def load_parquet_command(
    directory: Path = typer.Argument(
        ..., help="Output folder of `storyline ingest --engine ray --out-parquet`"
    ),
    db: Path = typer.Option(Path(DEFAULT_DB), help="DuckDB store file (created if missing)"),
) -> None:
    """Add partitioned Parquet results to the store. Idempotent: stored texts are skipped."""
    if not directory.is_dir():
        fail(f"{directory}: no such directory")
    stats = _load(db, directory)
    _print_counts(
        f"load {directory} into {db}",
        [
            ("shards", stats.shards),
            ("new articles", stats.new),
            ("new versions", stats.new_versions),
            ("unchanged (skipped)", stats.unchanged),
            *sorted(stats.rows.items()),
        ],
    )


def stored_versions(db: Path) -> frozenset[tuple[str, str]]:
    """(article_id, sha256) of every version in the store at ``db`` (empty when there is none)."""
    if not db.exists():
        return frozenset()
    from storyline.store import Store

    with Store(db, read_only=True) as store:
        return frozenset(store.con.execute("SELECT article_id, sha256 FROM article_versions").fetchall())


def ingest_with_ray(
    paths: list[Path],
    db: Path,
    *,
    out_parquet: Path | None,
    ray_address: str | None,
    workers: int | None,
    shard_size: int,
    batch_size: int,
    outlet: str | None,
    config,
    load: bool = True,
) -> None:
    """`storyline ingest --engine ray`: shards -> Ray actors -> Parquet -> (optionally) the store."""
    from storyline.engines.ray_engine import RayUnavailable, run_ray

    def report_error(message: str) -> None:
        console.print(f"[red]{escape(message)}[/red]", highlight=False, soft_wrap=True)

    def report_shard(report) -> None:
        state = "done earlier" if report.skipped else f"{report.stored} stored in {report.seconds:.0f} s"
        console.print(f"{report.shard} {escape(report.source)}: {state}", highlight=False, soft_wrap=True)

    with tempfile.TemporaryDirectory(prefix="storyline-ray-") as scratch:
        out = out_parquet or Path(scratch)
        try:
            stats = run_ray(
                paths,
                out,
                address=ray_address,
                workers=workers,
                shard_size=shard_size,
                batch_size=batch_size,
                outlet=outlet,
                config=config,
                on_report=report_shard,
                on_error=report_error,
                known=stored_versions(db) if load else frozenset(),
            )
        except RayUnavailable as exc:
            fail(str(exc), code=1)
        rows = [
            ("shards", stats.shards),
            ("shards done earlier", stats.shards_skipped),
            ("read", stats.read),
            ("analysed", stats.stored),
            ("unchanged (skipped)", stats.unchanged),
            ("failed", stats.failed),
            ("non-English", stats.not_english),
            ("events", stats.events),
            ("quotes", stats.quotes),
            ("places", stats.places),
        ]
        if load and stats.shards:  # no shards: every input failed, nothing to load
            loaded = _load(db, out)
            rows += [
                ("new articles", loaded.new),
                ("new versions", loaded.new_versions),
                ("already in store", loaded.unchanged),
            ]
        title = f"ingest (ray) into {db}" if load else f"ingest (ray) into {out}"
        _print_counts(title, rows)
    if out_parquet is not None:
        console.print(
            f"Parquet: {out_parquet}/<table>/shard-*.parquet "
            f"(query: read_parquet('{out_parquet}/events/*.parquet'))",
            highlight=False,
        )
    if stats.failed:
        raise typer.Exit(1)
