"""Throughput of the whole Storyline pipeline against raw spaCy, measured in one run.

The machine is shared, so absolute numbers drift; the figure that matters is the ratio of
(b) the whole pipeline (clean text -> events, places, quotes, ... -> DuckDB store) to
(a) spaCy's ``nlp.pipe`` alone (same model, same articles, same number of processes), both
measured here, one after the other. See docs/scale.md for how to read the output.

    python bench/throughput.py --n 1000 --workers 2          # (a) vs (b), peak RSS
    python bench/throughput.py --rss-sweep 1000,5000,20000   # peak RSS as the corpus grows
    python bench/throughput.py --write-jsonl big.jsonl --n 100000   # a corpus for `storyline ingest`
    python bench/throughput.py --ingest-run big.jsonl --db big.duckdb  # timed, RSS-logged ingest

Articles come from ../shared/corpora (Reuters-21578 bodies, BBC News 2225, IndiaPoliceEvents),
interleaved; past the corpus size they are replicated with a changed URL and a changed last
line, so the store never deduplicates them.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import re
import resource
import sys
import tarfile
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

Record = dict[str, str | None]


# -- corpora ---------------------------------------------------------------------------------


def shared_corpora() -> Path:
    from storyline.evaluation.data import shared_root

    root = shared_root(required=False) / "corpora"
    if not root.is_dir():
        sys.exit(f"error: {root}: no shared corpora (set STORYLINE_SHARED)")
    return root


_REUTERS_MONTHS = {
    m: i
    for i, m in enumerate(
        ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"), start=1
    )
}


def _reuters_date(raw: str | None) -> str | None:
    # "26-FEB-1987 15:01:01.79"
    match = re.match(r"\s*(\d+)-([A-Z]{3})-(\d{4}) (\d\d:\d\d:\d\d)", raw or "")
    if not match or match.group(2) not in _REUTERS_MONTHS:
        return None
    day, month, year, clock = match.groups()
    return f"{year}-{_REUTERS_MONTHS[month]:02d}-{int(day):02d}T{clock}"


def reuters_records(corpora: Path) -> Iterator[Record]:
    """Reuters-21578 stories that have a body (SGML, read inside the tar.gz)."""
    from storyline.evaluation import reuters

    for _, data in reuters.iter_members(corpora):
        for newid, record in reuters.records(data):
            body = reuters.tag(record, "BODY")
            if not body or len(body) < 200:
                continue
            body = body.replace("\x03", "").removesuffix("Reuter").strip()
            yield {
                "title": reuters.tag(record, "TITLE"),
                "text": body,
                "outlet": "Reuters",
                "published": _reuters_date(reuters.tag(record, "DATE")),
                "url": f"https://bench.storyline.invalid/reuters/{newid}",
            }


def bbc_records(corpora: Path) -> Iterator[Record]:
    """BBC News 2225: first line is the headline; no dates in the corpus."""
    with tarfile.open(corpora / "bbc_news_2225" / "bbc_fulltext_2225.tar.gz") as tar:
        for member in sorted(
            (m for m in tar.getmembers() if m.name.endswith(".txt") and m.isfile()), key=lambda m: m.name
        ):
            if member.name.endswith("README.TXT"):
                continue
            title, _, body = tar.extractfile(member).read().decode("latin-1").strip().partition("\n")
            yield {
                "title": title.strip(),
                "text": body.strip(),
                "outlet": "BBC News",
                "published": None,
                "url": f"https://bench.storyline.invalid/bbc/{member.name.removeprefix('bbc/')}",
            }


def india_records(corpora: Path) -> Iterator[Record]:
    """IndiaPoliceEvents: Times of India, March 2002, with dates and URLs."""
    path = corpora / "conflict_events" / "india_police_events" / "IndiaPoliceEvents_final.tar.gz"
    with tarfile.open(path) as tar:
        for line in tar.extractfile("data/final/metadata.jsonl"):
            row = json.loads(line)
            yield {
                "title": None,
                "text": row["full_text"],
                "outlet": "Times of India",
                "published": row.get("date"),
                "url": row.get("url"),
            }


def corpus_records(corpora: Path) -> Iterator[Record]:
    """The three corpora interleaved, so any prefix mixes wire copy, features and local news."""
    sources = [reuters_records(corpora), bbc_records(corpora), india_records(corpora)]
    for group in itertools.zip_longest(*sources):
        yield from (r for r in group if r is not None)


def sample_records(n: int, corpora: Path | None = None) -> Iterator[Record]:
    """``n`` records; copy k > 0 of the corpus gets its own URL and last line (never deduplicated)."""
    corpora = corpora or shared_corpora()
    produced = 0
    for copy in itertools.count():
        for record in corpus_records(corpora):
            if produced >= n:
                return
            if copy:
                record = {
                    **record,
                    "url": f"{record['url']}/copy-{copy}",
                    "text": f"{record['text']}\n\nBench copy {copy}.",
                }
            yield record
            produced += 1


def records_to_articles(records: Iterator[Record]):
    from storyline.text.article import article_from_text

    for r in records:
        yield article_from_text(
            r["text"],
            title=r["title"],
            published=r["published"],
            outlet=r["outlet"],
            url=r["url"],
            source=r["url"],
        )


# -- memory ----------------------------------------------------------------------------------


def tree_rss_bytes(pid: int | None = None) -> int:
    """Resident memory of a process and all its descendants (psutil, else /proc)."""
    return sum(tree_rss_parts(pid))


def tree_rss_parts(pid: int | None = None) -> tuple[int, int]:
    """(RSS of the process itself, RSS of all its descendants): the writer and the workers."""
    pid = pid or os.getpid()
    try:
        import psutil
    except ImportError:
        own = _proc_tree_rss(pid, recursive=False)
        return own, _proc_tree_rss(pid) - own
    try:
        root = psutil.Process(pid)
        children = root.children(recursive=True)
        own = root.memory_info().rss
    except psutil.Error:
        return 0, 0
    total = 0
    for proc in children:
        try:
            total += proc.memory_info().rss
        except psutil.Error:
            continue
    return own, total


def _proc_tree_rss(pid: int, recursive: bool = True) -> int:
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            total += int(re.search(r"VmRSS:\s+(\d+)", status).group(1)) * 1024
            for task in Path(f"/proc/{current}/task").iterdir() if recursive else ():
                stack.extend(int(c) for c in (task / "children").read_text().split())
        except (OSError, AttributeError):
            continue
    return total


class RssMonitor:
    """Samples the whole process tree's RSS in a thread; ``peak`` is the largest sum seen."""

    def __init__(self, interval: float = 0.25):
        self.interval, self.peak, self.current = interval, 0, 0
        self.main_peak = self.main_current = self.workers_peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.sample()
            self._stop.wait(self.interval)

    def sample(self) -> int:
        self.main_current, workers = tree_rss_parts()
        self.current = self.main_current + workers
        self.peak = max(self.peak, self.current)
        self.main_peak = max(self.main_peak, self.main_current)
        self.workers_peak = max(self.workers_peak, workers)
        return self.current

    def reset_peak(self) -> None:
        self.peak = self.sample()

    def __enter__(self) -> RssMonitor:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def mib(n: int) -> str:
    return f"{n / 2**20:,.0f} MiB"


# -- the two measurements ------------------------------------------------------------------------


@dataclass
class Measure:
    name: str
    articles: int
    tokens: int
    wall_s: float  # including process start-up and model loading
    steady_s: float  # first result to last result
    peak_rss: int = 0
    cpu_s: float = 0.0  # user+sys of this process and its finished children (the workers)
    extra: dict = field(default_factory=dict)

    def rate(self, steady: bool = True) -> float:
        seconds = self.steady_s if steady else self.wall_s
        done = self.articles - 1 if steady else self.articles
        return done / seconds if seconds > 0 else 0.0

    def tokens_rate(self, steady: bool = True) -> float:
        return self.rate(steady) * self.tokens / max(1, self.articles)

    def cpu_rate(self) -> float:
        """Articles per CPU-second: what the run costs, whatever else the machine was doing."""
        return self.articles / self.cpu_s if self.cpu_s > 0 else 0.0


def cpu_seconds() -> float:
    """CPU time of this process plus its children that have exited (the worker pools, once shut down)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def measure_raw(texts: list[str], processes: int, batch_size: int, monitor: RssMonitor) -> Measure:
    """(a) spaCy alone: ``nlp.pipe`` with ``n_process`` over the same texts."""
    from storyline.nlp.model import load_model

    nlp = load_model()
    monitor.reset_peak()
    cpu = cpu_seconds()
    start = time.perf_counter()
    first = None
    tokens = 0
    for doc in nlp.pipe(texts, n_process=processes, batch_size=batch_size):
        if first is None:
            first = time.perf_counter()
        tokens += len(doc)
    end = time.perf_counter()
    return Measure(
        f"spaCy nlp.pipe, n_process={processes}",
        len(texts),
        tokens,
        end - start,
        end - (first or start),
        monitor.peak,
        cpu_seconds() - cpu,
    )


def measure_pipeline(
    records: list[Record], tokens: int, workers: int, batch_size: int, monitor: RssMonitor, db: Path
) -> Measure:
    """(b) the whole job: clean text, analyse in ``workers`` processes, store in DuckDB."""
    from storyline.ingest.runner import run_ingest

    monitor.reset_peak()
    stamps: list[float] = []
    cpu = cpu_seconds()
    start = time.perf_counter()
    stats = run_ingest(
        [],
        db,
        workers=workers,
        batch_size=batch_size,
        items=records_to_articles(iter(records)),
        on_saved=lambda extraction, saved: stamps.append(time.perf_counter()),
    )
    end = time.perf_counter()
    first = stamps[0] if stamps else start
    return Measure(
        f"Storyline pipeline + store, workers={workers}",
        stats.stored,
        tokens,
        end - start,
        end - first,
        monitor.peak,
        cpu_seconds() - cpu,
        {
            "events": stats.events,
            "quotes": stats.quotes,
            "places": stats.places,
            "failed": stats.failed,
            "store_bytes": db.stat().st_size if db.exists() else 0,
        },
    )


def compare(n: int, workers: int, batch_size: int) -> None:
    records = list(sample_records(n))
    texts = [r["text"] for r in records]
    print(
        f"{len(records)} articles from ../shared/corpora (Reuters-21578, BBC 2225, IndiaPoliceEvents); "
        f"{workers} processes, batch {batch_size}, {os.cpu_count()} CPUs",
        flush=True,
    )
    with RssMonitor() as monitor, tempfile.TemporaryDirectory(prefix="storyline-bench-") as tmp:
        raw = measure_raw(texts, workers, batch_size, monitor)
        full = measure_pipeline(records, raw.tokens, workers, batch_size, monitor, Path(tmp) / "bench.duckdb")
    print(
        f"\n{'':44s} {'art/s':>7s} {'tok/s':>7s} {'art/s wall':>10s} {'wall s':>7s} {'art/CPU-s':>9s} "
        f"{'peak RSS':>10s}"
    )
    for m in (raw, full):
        print(
            f"{m.name:44s} {m.rate():7.1f} {m.tokens_rate():7.0f} {m.rate(False):10.1f} "
            f"{m.wall_s:7.1f} {m.cpu_rate():9.2f} {mib(m.peak_rss):>10s}"
        )
    print(
        f"\nratio (b)/(a): steady state {full.rate() / raw.rate():.2f}, "
        f"wall clock incl. start-up {full.rate(False) / raw.rate(False):.2f}, "
        f"per CPU-second {full.cpu_rate() / raw.cpu_rate():.2f}  (target >= 0.7)"
    )
    print(
        f"(b) stored {full.articles} articles, {full.extra['events']} events, {full.extra['quotes']} quotes, "
        f"{full.extra['places']} places, {full.extra['failed']} failed; store {mib(full.extra['store_bytes'])}"
    )


# -- peak RSS as the corpus grows ------------------------------------------------------------


def rss_sweep(checkpoints: list[int], workers: int, batch_size: int) -> None:
    """One ingest of max(checkpoints) articles; tree RSS reported as each checkpoint passes.

    Also split: the main process (reader + the DuckDB writer) and the analysis workers, since
    the tree's peak is where a spike in one worker (a long article) meets the others.
    """
    from storyline.ingest.runner import run_ingest

    total = max(checkpoints)
    print(f"peak RSS of the process tree while ingesting {total} articles, workers={workers}", flush=True)
    print(
        f"{'articles':>9s} {'peak so far':>12s} {'now':>10s} {'main now':>10s} {'main peak':>10s} "
        f"{'workers peak':>13s} {'art/s':>7s}",
        flush=True,
    )
    rows: list[tuple[int, int, int, int]] = []
    saved = 0
    with RssMonitor() as monitor, tempfile.TemporaryDirectory(prefix="storyline-rss-") as tmp:
        start = time.perf_counter()

        def on_saved(extraction, result) -> None:
            nonlocal saved
            saved += 1
            if saved in checkpoints:
                now = monitor.sample()
                rows.append((saved, monitor.peak, now, monitor.main_peak))
                print(
                    f"{saved:9d} {mib(monitor.peak):>12s} {mib(now):>10s} {mib(monitor.main_current):>10s} "
                    f"{mib(monitor.main_peak):>10s} {mib(monitor.workers_peak):>13s} "
                    f"{saved / (time.perf_counter() - start):7.1f}",
                    flush=True,
                )

        run_ingest(
            [],
            Path(tmp) / "rss.duckdb",
            workers=workers,
            batch_size=batch_size,
            items=records_to_articles(sample_records(total)),
            on_saved=on_saved,
        )
    if len(rows) >= 2:
        first, last = rows[0], rows[-1]
        print(
            f"peak RSS {first[0]} -> {last[0]} articles: {mib(first[1])} -> {mib(last[1])} "
            f"({last[1] / first[1] - 1:+.1%}; flat means within 10%); main process peak "
            f"{mib(first[3])} -> {mib(last[3])} ({last[3] / first[3] - 1:+.1%})"
        )


# -- big runs ----------------------------------------------------------------------------------


def write_jsonl(path: Path, n: int) -> None:
    with path.open("w", encoding="utf-8") as handle:
        for record in sample_records(n):
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    print(f"wrote {n} records to {path} ({mib(path.stat().st_size)})")


def ingest_run(paths: list[Path], db: Path, workers: int, batch_size: int, every: int) -> None:
    """The real ``storyline ingest`` job (readers, runner, store) with a log line every ``every`` articles."""
    from storyline.ingest.runner import run_ingest

    start = time.perf_counter()
    count = 0
    with RssMonitor(interval=1.0) as monitor:

        def on_saved(extraction, result) -> None:
            nonlocal count
            count += 1
            if count % every == 0:
                elapsed = time.perf_counter() - start
                print(
                    f"{time.strftime('%H:%M:%S')} {count:7d} stored  {elapsed:8.0f} s  "
                    f"{count / elapsed:6.1f} art/s  RSS now {mib(monitor.current)}  peak {mib(monitor.peak)}  "
                    f"main now {mib(monitor.main_current)} peak {mib(monitor.main_peak)}  "
                    f"workers peak {mib(monitor.workers_peak)}  store {mib(db.stat().st_size)}",
                    flush=True,
                )

        stats = run_ingest(
            paths,
            db,
            workers=workers,
            batch_size=batch_size,
            on_saved=on_saved,
            on_error=lambda message: print(f"error: {message}", flush=True),
        )
    elapsed = time.perf_counter() - start
    wal = db.with_name(db.name + ".wal")
    size = db.stat().st_size + (wal.stat().st_size if wal.exists() else 0)
    print(
        f"done: {stats.read} read, {stats.stored} stored, {stats.unchanged} unchanged, {stats.failed} failed, "
        f"{stats.events} events, {stats.quotes} quotes, {stats.places} places"
    )
    print(
        f"wall {elapsed:.0f} s, {stats.stored / elapsed:.1f} articles/s, peak RSS (all processes) "
        f"{mib(monitor.peak)}, store {mib(size)}"
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=600, help="articles (default 600)")
    parser.add_argument("--workers", type=int, default=2, help="processes for both (a) and (b)")
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--rss-sweep", help="comma-separated article counts, e.g. 1000,5000,20000")
    parser.add_argument("--write-jsonl", type=Path, help="write --n records to this JSONL file and stop")
    parser.add_argument("--ingest-run", type=Path, nargs="+", help="ingest these files, logging progress")
    parser.add_argument("--db", type=Path, default=Path("bench.duckdb"), help="store for --ingest-run")
    parser.add_argument("--every", type=int, default=1000, help="--ingest-run log interval (articles)")
    args = parser.parse_args(argv)
    if args.write_jsonl:
        write_jsonl(args.write_jsonl, args.n)
    elif args.ingest_run:
        ingest_run(args.ingest_run, args.db, args.workers, args.batch_size, args.every)
    elif args.rss_sweep:
        rss_sweep(sorted(int(x) for x in args.rss_sweep.split(",")), args.workers, args.batch_size)
    else:
        compare(args.n, args.workers, args.batch_size)


if __name__ == "__main__":
    main()
