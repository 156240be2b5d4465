"""Cut the input into shards that independent workers can read on their own.

A shard names *where* its articles are, never the articles themselves, so planning a
100-million-line corpus costs one pass over line offsets and a few bytes per shard:

* JSON Lines: a range of lines (a byte offset to seek to in plain files; gzip files are
  decompressed from the start and the lines before the range skipped);
* Parquet: a run of row groups (one row = one JSON-Lines-style record: text or html + metadata);
* anything else the readers take (WARC, feeds, .txt/.html files): whole files, small ones
  grouped so one shard holds about ``shard_size`` articles' worth of files.

Articles come out of a shard exactly as the local readers yield them (same ``source``
strings, same default-outlet rule), so the engines store the same things.
"""

from __future__ import annotations

import gzip
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from storyline.ingest.errors import IngestError
from storyline.ingest.readers import detect_format, iter_file, iter_paths
from storyline.model import Article

ShardItem = Article | IngestError

_JSONL_SUFFIXES = (".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz")


@dataclass(frozen=True)
class Shard:
    """One unit of work. ``kind``: "lines" (JSONL range), "parquet" (row groups) or "files"."""

    index: int
    kind: str
    paths: tuple[str, ...]
    start: int = 0  # lines: first line number (1-based); parquet: first row group
    stop: int = 0  # lines: one past the last line; parquet: one past the last row group
    offset: int = 0  # lines in a plain file: byte offset of line ``start``

    @property
    def name(self) -> str:
        """File stem for this shard's outputs; sorts in input order."""
        return f"shard-{self.index:06d}"

    def describe(self) -> str:
        if self.kind == "lines":
            return f"{self.paths[0]} lines {self.start}-{self.stop - 1}"
        if self.kind == "parquet":
            return f"{self.paths[0]} row groups {self.start}-{self.stop - 1}"
        return f"{len(self.paths)} file(s) from {self.paths[0]}"


def is_jsonl(path: Path) -> bool:
    return path.name.lower().endswith(_JSONL_SUFFIXES)


def is_parquet(path: Path) -> bool:
    return path.name.lower().endswith(".parquet")


def plan_shards(paths: Iterable[str | Path], shard_size: int = 1000) -> Iterator[Shard | IngestError]:
    """Shards covering ``paths`` (files and directories, walked like the local readers), in order."""
    shard_size = max(1, shard_size)
    index = 0
    grouped: list[str] = []

    def flush_group() -> Iterator[Shard]:
        nonlocal index, grouped
        if grouped:
            yield Shard(index, "files", tuple(grouped))
            index += 1
            grouped = []

    for item in iter_paths(paths):
        if isinstance(item, IngestError):
            yield from flush_group()
            yield item
            continue
        if is_jsonl(item):
            planned = _line_shards(item, shard_size)
        elif is_parquet(item):
            planned = _parquet_shards(item, shard_size)
        elif detect_format(item) in ("warc", "feed", "json"):
            planned = [(item, "files", 0, 0, 0)]  # containers: one file, one shard
        else:
            grouped.append(str(item))  # single-article files (.txt, .html) or unsupported ones
            if len(grouped) >= shard_size:
                yield from flush_group()
            continue
        yield from flush_group()
        for path, kind, start, stop, offset in planned:
            yield Shard(index, kind, (str(path),), start, stop, offset)
            index += 1
    yield from flush_group()


def _line_shards(path: Path, shard_size: int) -> list[tuple[Path, str, int, int, int]]:
    """(path, "lines", first line, stop line, byte offset) per ``shard_size`` lines."""
    from storyline.ingest.sources import open_stream

    shards = []
    start, offset, line_no, position, gzipped = 1, 0, 0, 0, False
    try:
        with open_stream(path) as stream:
            gzipped = isinstance(stream, gzip.GzipFile)  # no seeking: the reader skips lines instead
            for line_no, raw in enumerate(stream, start=1):  # noqa: B007 (line_no used after the loop)
                position += len(raw)
                if line_no - start + 1 >= shard_size:
                    shards.append((path, "lines", start, line_no + 1, 0 if gzipped else offset))
                    start, offset = line_no + 1, position
    except (EOFError, OSError):
        pass  # the reader reports the truncation when it gets there
    except IngestError:
        return [(path, "files", 0, 0, 0)]  # binary or oversized: let the reader say why
    if line_no >= start or not shards:
        shards.append((path, "lines", start, max(line_no, start) + 1, 0 if gzipped else offset))
    return shards


def _parquet_shards(path: Path, shard_size: int) -> list[tuple[Path, str, int, int, int]]:
    import pyarrow.parquet as pq

    try:
        meta = pq.ParquetFile(path).metadata
    except Exception:  # noqa: BLE001 - not Parquet after all: the reader reports it
        return [(path, "parquet", 0, 0, 0)]
    shards, start, rows = [], 0, 0
    for group in range(meta.num_row_groups):
        rows += meta.row_group(group).num_rows
        if rows >= shard_size:
            shards.append((path, "parquet", start, group + 1, 0))
            start, rows = group + 1, 0
    if start < meta.num_row_groups or not shards:
        shards.append((path, "parquet", start, meta.num_row_groups, 0))
    return shards


# -- reading a shard ---------------------------------------------------------------------------


def iter_shard(
    shard: Shard, default_outlet: str | None = None, max_bytes: int | None = None
) -> Iterator[ShardItem]:
    """The articles (and one IngestError per bad input) of one shard, streamed."""
    from storyline.ingest.sources import max_bytes_default

    limit = max_bytes if max_bytes is not None else max_bytes_default()
    if shard.kind == "files":
        for path in shard.paths:
            yield from iter_file(Path(path), default_outlet=default_outlet, max_bytes=limit)
        return
    reader = _iter_lines if shard.kind == "lines" else _iter_parquet
    for item in reader(shard, limit, default_outlet):
        if isinstance(item, Article) and default_outlet and not item.outlet:
            item = item.model_copy(update={"outlet": default_outlet})
        yield item


def _iter_lines(shard: Shard, max_bytes: int, default_outlet: str | None) -> Iterator[ShardItem]:
    """Lines ``start``..``stop-1`` of a JSONL file, each read as ``ingest.jsonl.iter_jsonl`` reads it."""
    from storyline.ingest.sources import open_stream

    path = Path(shard.paths[0])
    line_no = shard.start - 1
    try:
        with open_stream(path) as stream:
            if shard.offset:
                stream.seek(shard.offset)
            else:
                for _ in range(shard.start - 1):  # gzip: no seeking, skip the lines before the range
                    if not stream.readline():
                        return
            while line_no + 1 < shard.stop:
                raw = stream.readline()
                if not raw:
                    break
                line_no += 1
                yield from _record_from_line(raw, f"{path}:{line_no}", max_bytes, default_outlet)
    except (EOFError, OSError) as exc:
        yield IngestError(str(path), f"stopped after line {line_no}: truncated or unreadable ({exc})")
    except IngestError as exc:
        yield exc
    if shard.start == 1 and line_no == 0:
        yield IngestError(str(path), "empty file")


def _record_from_line(
    raw: bytes, where: str, max_bytes: int, default_outlet: str | None
) -> Iterator[ShardItem]:
    from storyline.ingest.jsonl import article_from_line

    return article_from_line(raw, where, max_bytes=max_bytes, default_outlet=default_outlet)


def _iter_parquet(shard: Shard, max_bytes: int, default_outlet: str | None) -> Iterator[ShardItem]:
    """Rows of the shard's row groups as JSON-Lines-style records (``text``/``html`` + metadata)."""
    import pyarrow.parquet as pq

    from storyline.ingest.jsonl import article_from_record

    path = Path(shard.paths[0])
    try:
        parquet = pq.ParquetFile(path)
    except Exception as exc:  # noqa: BLE001 - one line, the run goes on
        yield IngestError(str(path), f"not a readable Parquet file ({str(exc).splitlines()[0][:200]})")
        return
    row = sum(parquet.metadata.row_group(g).num_rows for g in range(shard.start))
    groups = list(range(shard.start, shard.stop))
    if not groups:
        return
    for batch in parquet.iter_batches(batch_size=256, row_groups=groups):
        for record in batch.to_pylist():
            where = f"{path}#{row}"
            row += 1
            try:
                yield article_from_record(record, where=where, default_outlet=default_outlet)
            except IngestError as exc:
                yield exc
