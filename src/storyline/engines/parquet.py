"""Shard results as partitioned Parquet, and loading them into a store.

A worker analyses one shard into a private in-memory :class:`~storyline.store.Store` (the
same ``save`` the local engine uses, so the rows are the same) and copies every table out
as ``DIR/<table>/<shard>.parquet``: one file per shard per table, with exactly the columns
of the DuckDB table. The files can be queried in place::

    SELECT plover_type, count(*) FROM read_parquet('DIR/events/*.parquet') GROUP BY 1

or loaded into a store with :func:`load_parquet` (``storyline load-parquet DIR``), which
numbers article versions against what the store already holds and skips every
(article, text) it has already stored, so loading twice adds nothing.

A shard is finished when ``DIR/_shards/<shard>.json`` (its report) exists; a re-run skips
finished shards, so a killed job resumes where it stopped.
"""

from __future__ import annotations

import json
import os
from collections.abc import Container, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import ClassVar

from storyline.engines.shards import Shard, iter_shard
from storyline.ingest.errors import IngestError
from storyline.ingest.stats import RunCounts
from storyline.model import Article
from storyline.pipeline import PipelineConfig
from storyline.store import Store, article_id_for
from storyline.store.schema import ITEM_TABLES

#: Tables a shard writes, in the order a loader needs them.
SHARD_TABLES = ("articles", "article_versions", *ITEM_TABLES)
MARKERS = "_shards"
#: Error lines kept per shard report (the count is always exact).
MAX_ERRORS_KEPT = 50


@dataclass
class ShardReport(RunCounts):
    shard: str
    source: str
    stored: int = 0
    seconds: float = 0.0
    skipped: bool = False  # finished by an earlier run
    max_errors: ClassVar[int] = MAX_ERRORS_KEPT


def marker_path(out_dir: Path, shard: Shard) -> Path:
    return out_dir / MARKERS / f"{shard.name}.json"


def finished_report(out_dir: Path, shard: Shard) -> ShardReport | None:
    marker = marker_path(out_dir, shard)
    if not marker.exists():
        return None
    try:
        report = ShardReport(**json.loads(marker.read_text()))
    except (ValueError, TypeError):
        return None  # unreadable marker: do the shard again
    if report.source != shard.describe():
        return None  # same name, other input or shard size: not this shard's output
    report.skipped = True
    return report


def process_shard(
    shard: Shard,
    out_dir: str | Path,
    config: PipelineConfig | None = None,
    *,
    batch_size: int = 16,
    default_outlet: str | None = None,
    known: Container[tuple[str, str]] = frozenset(),
) -> ShardReport:
    """Read, analyse and write one shard; returns its report (also saved as the shard's marker).

    ``known`` holds the (article_id, sha256) versions the target store already has: those are
    counted unchanged and not analysed, as the local engine skips stored articles.
    """
    import time

    from storyline.ingest.runner import AnalysisFailure, analyse_chunk

    out_dir = Path(out_dir)
    done = finished_report(out_dir, shard)
    if done is not None:
        return done
    started = time.perf_counter()
    report = ShardReport(shard.name, shard.describe())
    with Store(":memory:") as store:
        chunk: list[Article] = []
        queued: set[tuple[str, str]] = set()

        def flush() -> None:
            results = analyse_chunk(chunk, config or PipelineConfig())
            for failure in (r for r in results if isinstance(r, AnalysisFailure)):
                report.error(f"{failure.source}: {failure.reason}")
            extractions = [r for r in results if not isinstance(r, AnalysisFailure)]
            for result, saved in zip(extractions, store.save_many(extractions), strict=True):
                if saved.outcome == "unchanged":
                    report.unchanged += 1
                    continue
                report.stored += 1
                report.count_stored(result)
            chunk.clear()
            queued.clear()

        for item in iter_shard(shard, default_outlet=default_outlet):
            if isinstance(item, IngestError):
                report.error(str(item))
                continue
            report.read += 1
            key = (article_id_for(item)[0], item.sha256)
            if key in queued or key in known or store.has_version(item):  # as the local job: no double work
                report.unchanged += 1
                continue
            chunk.append(item)
            queued.add(key)
            if len(chunk) >= batch_size:
                flush()
        if chunk:
            flush()
        report.seconds = round(time.perf_counter() - started, 3)
        write_tables(store, out_dir, shard.name)
    marker = marker_path(out_dir, shard)
    marker.parent.mkdir(parents=True, exist_ok=True)
    tmp = marker.with_suffix(f".tmp{os.getpid()}")
    tmp.write_text(json.dumps(asdict(report)))
    os.replace(tmp, marker)  # written last: the shard counts as done only with all its files
    return report


def _sql_path(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def write_tables(store: Store, out_dir: Path, name: str) -> None:
    """Every shard table of ``store`` as ``out_dir/<table>/<name>.parquet`` (written, then renamed)."""
    for table in SHARD_TABLES:
        folder = out_dir / table
        folder.mkdir(parents=True, exist_ok=True)
        final = folder / f"{name}.parquet"
        tmp = folder / f".{name}.parquet.tmp{os.getpid()}"
        store.con.execute(f"COPY {table} TO {_sql_path(tmp)} (FORMAT parquet, COMPRESSION zstd)")
        os.replace(tmp, final)


# -- loading ----------------------------------------------------------------------------------


@dataclass
class LoadStats:
    shards: int = 0
    new: int = 0
    new_versions: int = 0
    unchanged: int = 0
    rows: dict[str, int] = field(default_factory=dict)

    @property
    def stored(self) -> int:
        return self.new + self.new_versions


class NotAParquetOutput(ValueError):
    """The folder holds no shard files (``article_versions/*.parquet``)."""


def shard_names(directory: Path) -> list[str]:
    """Shards with an article_versions file, in input order."""
    folder = directory / "article_versions"
    return sorted(p.stem for p in folder.glob("shard-*.parquet")) if folder.is_dir() else []


def load_parquet(store: Store, directory: str | Path, *, shards_per_transaction: int = 50) -> LoadStats:
    """Add the shards under ``directory`` to ``store``; idempotent (stored texts are skipped).

    Shards load in input order, ``shards_per_transaction`` at a time, each group in one
    transaction: a kill keeps whole groups only, and a re-run completes the rest.
    """
    directory = Path(directory)
    names = shard_names(directory)
    if not names:
        raise NotAParquetOutput(f"{directory}: no shard files (expected article_versions/shard-*.parquet)")
    stats = LoadStats()
    for start in range(0, len(names), max(1, shards_per_transaction)):
        group = names[start : start + shards_per_transaction]
        _load_group(store, directory, group, stats)
        stats.shards += len(group)
    return stats


def _file_list(directory: Path, table: str, names: Iterable[str]) -> str:
    files = [directory / table / f"{name}.parquet" for name in names]
    return "[" + ", ".join(_sql_path(f) for f in files if f.exists()) + "]"


def _load_group(store: Store, directory: Path, names: list[str], stats: LoadStats) -> None:
    con = store.con
    versions = _file_list(directory, "article_versions", names)
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute(f"""
            CREATE OR REPLACE TEMP TABLE incoming AS
            SELECT * EXCLUDE (filename, file_row_number),
                   parse_filename(filename, true) AS shard, file_row_number AS ordinal
            FROM read_parquet({versions}, filename = true, file_row_number = true)""")
        # One new version per (article, text) not yet stored, numbered after the store's latest.
        con.execute("""
            CREATE OR REPLACE TEMP TABLE plan AS
            WITH fresh AS (
                SELECT shard, ordinal, version_id, article_id FROM incoming i
                WHERE NOT EXISTS (SELECT 1 FROM article_versions v
                                  WHERE v.article_id = i.article_id AND v.sha256 = i.sha256)
                QUALIFY row_number() OVER (PARTITION BY article_id, sha256 ORDER BY shard, ordinal) = 1
            ), numbered AS (
                SELECT f.shard, f.ordinal, f.version_id AS old_version_id, f.article_id,
                       coalesce(a.latest_version, 0)
                         + row_number() OVER (PARTITION BY f.article_id ORDER BY f.shard, f.ordinal) AS version
                FROM fresh f LEFT JOIN articles a USING (article_id)
            )
            SELECT *, article_id || ':' || version AS new_version_id FROM numbered""")
        (incoming,) = con.execute("SELECT count(*) FROM incoming").fetchone()
        (planned,) = con.execute("SELECT count(*) FROM plan").fetchone()
        first, later = con.execute(
            "SELECT count(*) FILTER (WHERE version = 1), count(*) FILTER (WHERE version > 1) FROM plan"
        ).fetchone()
        con.execute("""
            INSERT INTO article_versions BY NAME
            SELECT i.* EXCLUDE (shard, ordinal, version_id, version),
                   p.new_version_id AS version_id, p.version AS version
            FROM incoming i JOIN plan p ON p.shard = i.shard AND p.old_version_id = i.version_id
            ORDER BY p.shard, p.ordinal""")
        for table in ITEM_TABLES:
            files = _file_list(directory, table, names)
            if files == "[]":
                continue
            before = con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            con.execute(f"""
                INSERT INTO {table} BY NAME
                SELECT t.* EXCLUDE (filename, file_row_number, uid, version_id),
                       p.new_version_id AS version_id, p.new_version_id || '/' || t.id AS uid
                FROM read_parquet({files}, filename = true, file_row_number = true) t
                JOIN plan p ON p.shard = parse_filename(t.filename, true) AND p.old_version_id = t.version_id
                ORDER BY p.shard, t.file_row_number""")
            added = con.execute(f"SELECT count(*) FROM {table}").fetchone()[0] - before
            stats.rows[table] = stats.rows.get(table, 0) + added
        articles = _file_list(directory, "articles", names)
        con.execute(f"""
            CREATE OR REPLACE TEMP TABLE latest AS
            SELECT p.article_id, max(p.version) AS version, any_value(s.url_key) AS url_key,
                   min(s.first_ingested) AS first_ingested, max(s.last_ingested) AS last_ingested
            FROM plan p LEFT JOIN read_parquet({articles}) s USING (article_id)
            GROUP BY p.article_id""")
        con.execute("""
            UPDATE articles SET latest_version = l.version, last_ingested = l.last_ingested
            FROM latest l WHERE articles.article_id = l.article_id""")
        con.execute("""
            INSERT INTO articles BY NAME
            SELECT l.article_id, l.url_key, l.version AS latest_version, l.first_ingested, l.last_ingested
            FROM latest l WHERE NOT EXISTS (SELECT 1 FROM articles a WHERE a.article_id = l.article_id)""")
        store.assign_global_ids([r[0] for r in con.execute("SELECT new_version_id FROM plan").fetchall()])
        for temp in ("incoming", "plan", "latest"):
            con.execute(f"DROP TABLE {temp}")
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    stats.unchanged += incoming - planned
    stats.new += first  # as the local job counts: version 1 is a new article
    stats.new_versions += later
    stats.rows["article_versions"] = stats.rows.get("article_versions", 0) + planned
