"""Read-optimised copies of the current events, built by the server for its queries.

Why: on a million events every event-list request filtered all rows and then sorted the
matches on four keys (day, article, span, id), and counted them in a second scan. The serving
table ``ev`` holds only current article versions, already joined to their article (title,
outlet, published) and sorted in the order the list shows them, with that position as
``rank``. Then:

- a date range is one contiguous rank range (looked up in a small per-day table), so DuckDB's
  zone maps skip every other row group;
- a page is the first matching ranks of a window sized from the filter's selectivity (known
  from the count), an integer top-N instead of a four-key sort over every match;
- text search (``q``: every word must begin a word of the event's texts) is a lookup per word
  in a token index (``tok``: word -> rank, sorted by word) instead of a scan of the texts.

The tables live in a private DuckDB database file in a temporary directory, not in memory:
DuckDB compresses on-disk tables (dictionary, FSST), which made string filters 5-10x faster
than on an uncompressed in-memory copy. It is built when the server starts, in a background
thread for big stores, and again after each write through the server; until a build is
ready, queries read the base tables (``event_scope``), which give the same answers.

A refresh never fails a read: after a write the rebuild always runs in the background (a
read never waits for it, nor sees its errors: it reads the base tables meanwhile), and every
write to the serving database - the build, its CHECKPOINT, dropping an old generation - runs
under one lock, so the CHECKPOINT never meets another write transaction on that database
(DuckDB refuses it then: "Cannot CHECKPOINT: there are other write transactions active"). The
store's own writers do not count: they write another database.
"""

from __future__ import annotations

import atexit
import logging
import shutil
import tempfile
import threading
import time
from bisect import bisect_left, bisect_right
from collections import OrderedDict
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

log = logging.getLogger(__name__)

#: Alias of the attached serving database (queries qualify its tables with it).
SCHEMA = "serving"
#: Word separator for the token index: anything but a letter or digit (RE2 Unicode classes).
WORD_SPLIT = r"[^\pL\pN]+"
#: A word begins at the text's start or after a separator.
WORD_START = r"(^|[^\pL\pN])"
#: The texts a search looks in, as one lower-case text (the separator splits words too).
SEARCHED = "lower(concat_ws(chr(1), e.text, e.trigger, e.actor1_name, e.actor2_name, e.place_name))"
#: More words than this in one search are ignored (each is one index lookup).
MAX_QUERY_WORDS = 8
#: After a failed build, wait this long (seconds) before the next attempt (reads use the base tables).
RETRY_AFTER_S = 5.0
#: A replaced generation is dropped this long (seconds) after it stopped being handed out.
DROP_AFTER_S = 30.0
#: Ranks kept in the posting cache (8 bytes each).
POSTING_CACHE_RANKS = 16_000_000
#: Smallest window (rows) a page is looked for in; below a vector or two nothing is gained.
MIN_WINDOW = 4096

EVENT_FIELDS = (
    "uid",
    "id",
    "article_id",
    "version_id",
    "span_start",
    "span_end",
    "confidence",
    "event_date",
    "date_precision",
    "plover_type",
    "plover_type_2021",
    "plover_mode",
    "cameo_code",
    "cameo_root",
    "goldstein",
    "quad_class",
    "status",
    "actor1_name",
    "actor1_country",
    "actor1_sector",
    "actor2_name",
    "actor2_country",
    "actor2_sector",
    "place_name",
    "place_country",
    "lat",
    "lon",
    "geo_precision",
    "trigger",
    "text",
)

#: Columns of an event-list row, in the order the base-table path gives them.
LIST_COLUMNS = (
    "id",
    "article_id",
    "version_id",
    "span_start",
    "span_end",
    "confidence",
    "day",
    *EVENT_FIELDS[7:],
    "title",
    "outlet",
    "published",
)

_BUILD_EVENTS = f"""
CREATE TABLE {{ev}} AS
SELECT CAST(row_number() OVER (ORDER BY day DESC NULLS LAST, article_id, span_start, id) - 1 AS INTEGER)
         AS rank, *
FROM (
  SELECT {", ".join("e." + f for f in EVENT_FIELDS)},
         coalesce(e.event_date, CAST(v.published_ts AS DATE)) AS day,
         v.title, v.outlet, v.published, lower(v.outlet) AS outlet_key,
         lower(e.actor1_name) AS actor1_key, lower(e.actor2_name) AS actor2_key,
         upper(coalesce(e.actor1_country, e.actor1_name)) AS dyad1,
         upper(coalesce(e.actor2_country, e.actor2_name)) AS dyad2,
         round(e.lat, 1) AS cell_lat, round(e.lon, 1) AS cell_lon,
         -- place names numbered in their sort order: the map's min(place) becomes an integer min
         CAST(dense_rank() OVER (ORDER BY e.place_name) AS INTEGER) AS place_no,
         -- map cells and PLOVER types numbered: the map groups by integers, not doubles and text
         CAST(dense_rank() OVER (ORDER BY round(e.lat, 1), round(e.lon, 1)) AS INTEGER) AS cell_no,
         CAST(dense_rank() OVER (ORDER BY e.plover_type) AS INTEGER) AS type_no
  FROM events e JOIN current_versions v ON v.version_id = e.version_id
)
ORDER BY rank
"""

# Each row's distinct words; sorted so that one word's ranks are one ascending run.
_BUILD_TOKENS = f"""
CREATE TABLE {{tok}} AS
SELECT token, rank FROM (
  SELECT rank, unnest(list_distinct(regexp_split_to_array({SEARCHED}, '{WORD_SPLIT}'))) AS token FROM {{ev}} e)
WHERE token <> ''
ORDER BY token, rank
"""


_BUILD_PLACES = """
CREATE TABLE {pl} AS SELECT DISTINCT place_no, place_name FROM {ev} WHERE place_name IS NOT NULL ORDER BY place_no
"""

# Every event that happened twice, once per direction (x = source), sorted by dyad and day,
# so that a dyad's rows are one short run that zone maps find. A self-dyad has one row.
_BUILD_DYADS = """
CREATE TABLE {dy} AS
SELECT * FROM (
  SELECT dyad1 AS x, dyad2 AS y, TRUE AS forward, day, quad_class, goldstein FROM {ev} e WHERE {happened}
  UNION ALL
  SELECT dyad2, dyad1, FALSE, day, quad_class, goldstein FROM {ev} e WHERE {happened} AND dyad1 <> dyad2)
WHERE x IS NOT NULL AND y IS NOT NULL
ORDER BY x, y, day
"""
# Events per day for each value of each single filter: a count for "date range + one filter"
# is a sum over a few hundred rows instead of a scan of every event. ``actor`` counts an
# event once when the code is on either side (or both).
_BUILD_COUNTS = """
CREATE TABLE {cnt} AS
SELECT * FROM (
  SELECT 'all' AS kind, '' AS value, day, count(*) AS n FROM {ev} GROUP BY ALL
  UNION ALL SELECT 'plover_type', plover_type, day, count(*) FROM {ev} GROUP BY ALL
  UNION ALL SELECT 'cameo_root', cameo_root, day, count(*) FROM {ev} GROUP BY ALL
  UNION ALL SELECT 'quad_class', CAST(quad_class AS VARCHAR), day, count(*) FROM {ev} GROUP BY ALL
  UNION ALL SELECT 'status', status, day, count(*) FROM {ev} GROUP BY ALL
  UNION ALL SELECT 'country', place_country, day, count(*) FROM {ev} GROUP BY ALL
  UNION ALL SELECT 'actor1', actor1_country, day, count(*) FROM {ev} GROUP BY ALL
  UNION ALL SELECT 'actor2', actor2_country, day, count(*) FROM {ev} GROUP BY ALL
  UNION ALL SELECT 'outlet', outlet_key, day, count(*) FROM {ev} GROUP BY ALL
  UNION ALL SELECT 'actor', a, day, count(*) FROM (
    SELECT day, unnest(list_distinct([actor1_country, actor2_country])) AS a FROM {ev}) GROUP BY ALL)
WHERE value IS NOT NULL
ORDER BY kind, value, day
"""

# Located events sorted by latitude: a map box's count reads only its latitude band.
_BUILD_GEO = """
CREATE TABLE {geo} AS
SELECT lat, lon, rank FROM {ev} WHERE lat IS NOT NULL AND lon IS NOT NULL ORDER BY lat, lon
"""

#: Events a dyad trend counts (as the linker does): not negated, not hypothetical.
HAPPENED = "coalesce(e.status, 'asserted') NOT IN ('negated', 'hypothetical')"


@dataclass(frozen=True)
class MapArrays:
    """The map's inputs as numpy arrays: counting cells is a ``bincount`` over the matching
    ranks, not a hash aggregation of tens of thousands of (cell, type) groups per request."""

    cell_no: np.ndarray  # per rank (cells numbered in (lat, lon) order; a NULL cell last)
    type_no: np.ndarray  # per rank (types in name order; NULL last)
    place_no: np.ndarray  # per rank (place names in sort order; NULL last)
    cell_lat: np.ndarray  # per cell number (NaN: no location)
    cell_lon: np.ndarray
    type_names: list[str | None]  # per type number
    place_names: dict[int, str]

    @classmethod
    def load(cls, con: duckdb.DuckDBPyConnection, ev: str, pl: str) -> MapArrays:
        per_rank = con.execute(f"SELECT cell_no, type_no, place_no FROM {ev} ORDER BY rank").fetchnumpy()
        cells = con.execute(f"SELECT DISTINCT cell_no, cell_lat, cell_lon FROM {ev}").fetchall()
        types = con.execute(f"SELECT DISTINCT type_no, plover_type FROM {ev}").fetchall()
        n_cells = max((c for c, _, _ in cells), default=0) + 1
        lat, lon = np.full(n_cells, np.nan), np.full(n_cells, np.nan)
        for c, la, lo in cells:
            if la is not None and lo is not None:
                lat[c], lon[c] = la, lo
        names: list[str | None] = [None] * (max((t for t, _ in types), default=0) + 1)
        for t, name in types:
            names[t] = name
        return cls(
            np.asarray(per_rank["cell_no"], dtype=np.int64),
            np.asarray(per_rank["type_no"], dtype=np.int64),
            np.asarray(per_rank["place_no"], dtype=np.int64),
            lat,
            lon,
            names,
            dict(con.execute(f"SELECT place_no, place_name FROM {pl}").fetchall()),
        )

    def points(self, ranks: np.ndarray | slice, max_points: int) -> list[dict[str, Any]]:
        """Cells of the events at ``ranks``, most mentioned first (then by lat, lon): mentions,
        the most frequent type (ties: first by name), the first place name."""
        cell, kind, place = self.cell_no[ranks], self.type_no[ranks], self.place_no[ranks]
        located = ~np.isnan(self.cell_lat[cell])
        cell, kind, place = cell[located], kind[located], place[located]
        if not cell.size:
            return []
        n_types = len(self.type_names)
        counts = np.bincount(cell * n_types + kind, minlength=self.cell_lat.size * n_types)
        counts = counts.reshape(self.cell_lat.size, n_types)
        mentions = counts.sum(axis=1)
        present = np.flatnonzero(mentions)
        # Cell numbers follow (lat, lon), so this is "mentions DESC, lat, lon".
        top = present[np.lexsort((present, -mentions[present]))][:max_points]
        first_place = np.full(self.cell_lat.size, np.iinfo(np.int64).max)
        np.minimum.at(first_place, cell, place)
        main_type = counts[top].argmax(axis=1)
        return [
            {
                "lat": float(self.cell_lat[c]),
                "lon": float(self.cell_lon[c]),
                "mentions": int(mentions[c]),
                "plover_type": self.type_names[t],
                "place": self.place_names.get(int(first_place[c])),
            }
            for c, t in zip(top.tolist(), main_type.tolist(), strict=True)
        ]


@dataclass(frozen=True)
class Generation:
    """One complete build: its table names and the per-day rank ranges."""

    ev: str
    tok: str
    pl: str  # place_no -> place_name
    dy: str  # dyad rows for trends
    cnt: str  # events per day and single filter value
    geo: str  # located events by latitude
    rows: int
    dated_rows: int
    days: tuple[date, ...]  # ascending
    first_rank: tuple[int, ...]  # of each day (rows are in descending day order)
    stop_rank: tuple[int, ...]
    #: The list rows in rank order, in process memory (Arrow, repeated strings dictionary-
    #: encoded): a page is ``take(ranks)``, 0.5 ms, where reading 50 scattered rows back out
    #: of DuckDB's compressed columns took 3-8 ms of CPU.
    rows_table: pa.Table | None = None

    #: Per rank: map cell, PLOVER type and place numbers; per number: cell lat/lon, type, place.
    map_arrays: MapArrays | None = None

    def list_rows(self, ranks: list[int]) -> list[dict[str, Any]]:
        if self.rows_table is None or not ranks:
            return []
        return self.rows_table.take(pa.array(ranks, type=pa.int64())).to_pylist()

    def rank_range(self, start: date | None, end: date | None) -> tuple[int, int]:
        """``[lo, hi)``: the ranks of rows whose day lies in ``[start, end]`` (inclusive)."""
        if start is None and end is None:
            return 0, self.rows
        lo, hi = 0, self.dated_rows  # a date bound never matches a row without a day
        if end is not None:
            i = bisect_right(self.days, end) - 1
            if i < 0:
                return 0, 0
            lo = self.first_rank[i]
        if start is not None:
            j = bisect_left(self.days, start)
            if j == len(self.days):
                return 0, 0
            hi = self.stop_rank[j]
        return (lo, hi) if lo < hi else (0, 0)


def _in_memory(table: pa.Table) -> pa.Table:
    """One chunk per column; string columns with many repeats dictionary-encoded (outlets,
    codes, article ids and titles repeat for every event; sentences do not)."""
    columns = []
    for column in table.columns:
        column = column.combine_chunks()
        if pa.types.is_string(column.type) and len(column) > 0:
            if pc.count_distinct(column).as_py() < len(column) // 4:
                column = pc.dictionary_encode(column)
        columns.append(column)
    return pa.table(columns, names=table.column_names)


class ServingTables:
    """Builds and hands out the current generation of serving tables for one ``Database``."""

    def __init__(self, root: duckdb.DuckDBPyConnection, *, use: str | None = None, background: bool = True):
        self._root = root
        self._use = use  # the store's catalog, when it is not the root's default
        self._dir = Path(tempfile.mkdtemp(prefix="storyline-serving-"))
        atexit.register(shutil.rmtree, self._dir, ignore_errors=True)  # also when close() is never called
        root.execute(f"ATTACH '{(self._dir / 'serving.duckdb').as_posix()}' AS {SCHEMA}")
        self.background = background
        self._current: Generation | None = None
        self._wanted = 0  # bumped on every write; a build is for the value it started with
        self._built_for = -1
        self._counter = 0
        self._lock = threading.Lock()  # one build at a time
        self._thread: threading.Thread | None = None
        self.last_build_s: float | None = None
        self.last_error: str | None = None
        self._failed_at = 0.0
        self.closed = False
        self.postings = PostingCache()

    # -- state ---------------------------------------------------------------------------

    def current(self) -> Generation | None:
        """The generation matching the store now, or None while one is being built. Never raises."""
        if self.closed:
            return None
        if self._built_for == self._wanted and self._current is not None:
            return self._current
        if time.monotonic() - self._failed_at < RETRY_AFTER_S:
            return None
        if not self.background:
            self._try_build()
            return self._current if self._built_for == self._wanted else None
        self.start_background()
        return None

    def ready(self) -> bool:
        """Whether the current generation matches the store (never builds)."""
        return self._built_for == self._wanted and self._current is not None

    def invalidate(self) -> None:
        """The store changed: stop using the current generation."""
        self._wanted += 1

    def start_background(self) -> None:
        if self._thread is not None and self._thread.is_alive():
            return
        self._thread = threading.Thread(target=self._build_until_current, name="serving-build", daemon=True)
        self._thread.start()

    def _build_until_current(self) -> None:
        while not self.closed and self._built_for != self._wanted:
            if not self._try_build():
                return

    def _try_build(self) -> bool:
        try:
            self.build()
        except Exception as exc:  # noqa: BLE001 - the store keeps being served from its base tables
            self._failed_at = time.monotonic()
            self.last_error = f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"
            log.warning("building the serving tables failed (reads use the base tables): %s", self.last_error)
            return False
        self.last_error = None
        return True

    # -- build ---------------------------------------------------------------------------

    def build(self) -> None:
        with self._lock:
            wanted = self._wanted
            if self._built_for == wanted or self.closed:
                return
            t0 = time.perf_counter()
            self._counter += 1
            names = {k: f"{SCHEMA}.{k}_{self._counter}" for k in ("ev", "tok", "pl", "dy", "cnt", "geo")}
            con = self._cursor()
            try:
                con.execute(_BUILD_EVENTS.format(**names))
                con.execute(_BUILD_TOKENS.format(**names))
                con.execute(_BUILD_PLACES.format(**names))
                con.execute(_BUILD_DYADS.format(**names, happened=HAPPENED))
                con.execute(_BUILD_COUNTS.format(**names))
                con.execute(_BUILD_GEO.format(**names))
                rows = con.execute(f"SELECT count(*) FROM {names['ev']}").fetchone()[0]
                days = con.execute(
                    f"SELECT day, min(rank), max(rank) + 1 FROM {names['ev']} WHERE day IS NOT NULL "
                    "GROUP BY day ORDER BY day"
                ).fetchall()
                try:  # compresses the new tables; under self._lock no other write can be open
                    con.execute(f"CHECKPOINT {SCHEMA}")
                except duckdb.Error as exc:  # the tables stay correct, only uncompressed until the next one
                    log.warning("serving tables not checkpointed: %s", str(exc).splitlines()[0])
                map_arrays = MapArrays.load(con, names["ev"], names["pl"])
                rows_table = _in_memory(
                    con.sql(
                        f"SELECT {', '.join(LIST_COLUMNS)} FROM {names['ev']} ORDER BY rank"
                    ).to_arrow_table()
                )
            finally:
                con.close()
            previous = self._current
            self._current = Generation(
                **names,
                rows=rows,
                dated_rows=sum(stop - first for _, first, stop in days),
                days=tuple(d for d, _, _ in days),
                first_rank=tuple(f for _, f, _ in days),
                stop_rank=tuple(s for _, _, s in days),
                rows_table=rows_table,
                map_arrays=map_arrays,
            )
            self._built_for = wanted
            self.last_build_s = time.perf_counter() - t0
            log.info("serving tables built: %d events in %.1f s", rows, self.last_build_s)
            if previous is not None:
                self._drop_later(previous)

    def _cursor(self) -> duckdb.DuckDBPyConnection:
        con = self._root.cursor()
        if self._use:
            con.execute(f"USE {self._use}")
        return con

    def _drop_later(self, old: Generation) -> None:
        # Requests that picked the old generation a moment ago may still read it: drop it
        # once they are long done rather than under them.
        def drop() -> None:
            time.sleep(DROP_AFTER_S)
            with self._lock:  # never while a build writes (its CHECKPOINT would fail)
                if self.closed:
                    return
                con = self._root.cursor()
                try:
                    for table in (old.ev, old.tok, old.pl, old.dy, old.cnt, old.geo):
                        con.execute(f"DROP TABLE IF EXISTS {table}")
                except duckdb.Error as exc:
                    log.warning("old serving tables not dropped: %s", str(exc).splitlines()[0])
                finally:
                    con.close()

        threading.Thread(target=drop, name="serving-drop", daemon=True).start()

    def close(self) -> None:
        if self.closed:
            return
        self.closed = True
        with self._lock:
            try:
                self._root.execute(f"DETACH {SCHEMA}")
            except duckdb.Error:
                pass
            shutil.rmtree(self._dir, ignore_errors=True)

    # -- text search -------------------------------------------------------------------


class PostingCache:
    """Recently used words' ranks (sorted numpy arrays), up to ``budget`` ranks in all.

    A common word's ranks take a few milliseconds per million to read; a search box sees
    the same words again and again."""

    def __init__(self, budget: int = POSTING_CACHE_RANKS):
        self.budget = budget
        self._arrays: OrderedDict[tuple[str, str], np.ndarray] = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()

    def ranks(self, cur: duckdb.DuckDBPyConnection, gen: Generation, word: str) -> np.ndarray:
        """Ascending distinct ranks of the rows with a word starting with ``word``."""
        key = (gen.tok, word)
        with self._lock:
            if key in self._arrays:
                self._arrays.move_to_end(key)
                return self._arrays[key]
        found = cur.execute(f"SELECT rank FROM {gen.tok} WHERE starts_with(token, ?)", [word]).fetchnumpy()[
            "rank"
        ]
        ranks = np.asarray(found, dtype=np.int64)
        if ranks.size > 1 and not bool(np.all(ranks[1:] > ranks[:-1])):
            ranks = np.unique(ranks)  # a prefix of several words: one ascending run per word
        with self._lock:
            if key not in self._arrays and ranks.size <= self.budget:
                self._arrays[key] = ranks
                self._size += ranks.size
                while self._size > self.budget:
                    self._size -= self._arrays.popitem(last=False)[1].size
        return ranks


def text_ranks(
    cur: duckdb.DuckDBPyConnection, gen: Generation, cache: PostingCache, words: list[str], lo: int, hi: int
) -> np.ndarray:
    """Ascending ranks in ``[lo, hi)`` of the rows having every word (as a word start)."""
    found: np.ndarray | None = None
    arrays = []
    for word in words:
        ranks = cache.ranks(cur, gen, word)
        arrays.append(ranks[np.searchsorted(ranks, lo) : np.searchsorted(ranks, hi)])
    for ranks in sorted(arrays, key=len):  # rarest first: each intersection only shrinks
        found = ranks if found is None else intersect_sorted(found, ranks)
        if not found.size:
            break
    return found if found is not None else np.arange(lo, hi)


def intersect_sorted(small: np.ndarray, big: np.ndarray) -> np.ndarray:
    """Values of ascending ``small`` also in ascending ``big``: a binary search per value of
    the smaller, not a sort of both (``np.intersect1d``) - a common word has a million ranks."""
    if small.size > big.size:
        small, big = big, small
    if not small.size or not big.size:
        return small[:0]
    at = np.minimum(np.searchsorted(big, small), big.size - 1)
    return small[big[at] == small]


def query_words(cur: duckdb.DuckDBPyConnection, q: str | None) -> list[str]:
    """The words of a text search, lower-cased and split exactly as the token index was."""
    if not q or not q.strip():
        return []
    if q not in _WORDS:
        found = cur.execute(f"SELECT regexp_split_to_array(lower(?), '{WORD_SPLIT}')", [q]).fetchone()[0]
        if len(_WORDS) > 4096:  # a plain bound; searches repeat far less than that between clears
            _WORDS.clear()
        _WORDS[q] = list(dict.fromkeys(w for w in found if w))[:MAX_QUERY_WORDS]
    return _WORDS[q]


#: Words of recent searches (the same lower-casing and split whatever the store holds).
_WORDS: dict[str, list[str]] = {}


def word_condition(word_table: str | None) -> str:
    """SQL (each ``?`` is the word) true when an event ``e`` has a word starting with it.

    With the serving tables it is a lookup in the token index (sorted by token, so zone maps
    skip all but the word's prefix range); on the base tables a regular expression."""
    if word_table:
        return f"e.rank IN (SELECT rank FROM {word_table} WHERE starts_with(token, ?))"
    # ``contains`` first: the regular expression then runs only on the rows holding the word.
    return f"(contains({SEARCHED}, ?) AND regexp_matches({SEARCHED}, '{WORD_START}' || ?))"
