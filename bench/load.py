"""Load test of the REST API on a store with >= 1 million synthetic events.

    python bench/load.py [--events 1000000] [--requests 200] [--concurrency 8] [--db bench/out/load.duckdb]

Builds the store once with DuckDB SQL (bulk ``INSERT ... SELECT`` over ``range()``, seconds not
hours; reused on later runs), starts ``storyline serve --read-only`` on a free loopback port in a
separate process, then runs a bounded-concurrency async httpx client over the main dashboard
queries. Prints p50/p99 latency and throughput per query, each as a ratio to a trivial
endpoint (``/api/health``) measured in the same run, so figures compare across machines, and
the server process's CPU time per request, which other jobs on a shared machine barely move.
Not a test.

    python bench/load.py --mode writes [--events 20000] [--reads 2000] [--concurrency 8] [--posters 1]

"API reads during concurrent POSTs" (issue #18): a *writable* server with a token; the same
mix of reads (event lists, map, timeline, article view, trend) is sent twice on
``--concurrency`` connections, first with nothing else running (idle), then while ``--posters``
clients POST new articles as fast as the server takes them. Every non-200 read (or
connection error) counts as an error; the run passes with 0 errors and a p99 under writes
within 2x the idle p99 of the same run (exit code 1 otherwise).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parents[1]
PLOVER = [  # (type, QuadClass, CAMEO root, Goldstein)
    ("AGREE", 1, "05", 4.0),
    ("CONSULT", 1, "04", 1.0),
    ("SUPPORT", 1, "05", 3.0),
    ("CONCEDE", 2, "08", 5.0),
    ("COOPERATE", 2, "06", 6.0),
    ("AID", 2, "07", 7.0),
    ("RETREAT", 2, "08", 5.0),
    ("REQUEST", 1, "02", 3.0),
    ("ACCUSE", 3, "11", -2.0),
    ("REJECT", 3, "12", -4.0),
    ("THREATEN", 3, "13", -6.0),
    ("PROTEST", 3, "14", -6.5),
    ("SANCTION", 4, "16", -8.0),
    ("MOBILIZE", 4, "15", -7.2),
    ("COERCE", 4, "17", -7.0),
    ("ASSAULT", 4, "19", -10.0),
]
COUNTRIES = [
    "USA",
    "IRN",
    "IRQ",
    "ISR",
    "PSE",
    "UKR",
    "RUS",
    "CHN",
    "TWN",
    "SYR",
    "YEM",
    "SAU",
    "TUR",
    "FRA",
    "GBR",
    "DEU",
    "IND",
    "PAK",
    "AFG",
    "NGA",
    "ETH",
    "SDN",
    "KEN",
    "BRA",
    "MEX",
    "COL",
    "VEN",
    "JPN",
    "PRK",
    "KOR",
    "EGY",
    "LBN",
    "LBY",
    "MLI",
    "SOM",
    "COD",
    "MMR",
    "PHL",
    "IDN",
    "ZAF",
]
OUTLETS = [f"Outlet {i:02d}" for i in range(30)]
EVENTS_PER_ARTICLE = 50
SENTENCE = "Officials said forces attacked positions near the city on Monday. "  # 66 chars


def _sql_list(values: list[str]) -> str:
    # Constant lists chosen by this script, not user input.
    return "[" + ", ".join(f"'{v}'" for v in values) + "]"


def build_store(path: Path, n_events: int) -> None:
    from storyline.store import Store

    n_articles = max(1, n_events // EVENTS_PER_ARTICLE)
    path.parent.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    with Store(path) as store:
        con = store.con
        con.execute("SELECT setseed(0.42)")
        text_len = len(SENTENCE) * EVENTS_PER_ARTICLE
        con.execute(f"""
            CREATE TEMP TABLE gen_articles AS
            SELECT i, 'b' || lpad(CAST(i AS VARCHAR), 16, '0') AS article_id,
                   TIMESTAMPTZ '2023-01-01 00:00:00+00' + to_seconds(CAST(floor(random() * 730 * 86400) AS BIGINT)) AS ts,
                   {_sql_list(OUTLETS)}[1 + CAST(floor(random() * {len(OUTLETS)}) AS INTEGER)] AS outlet
            FROM range({n_articles}) t(i)""")
        con.execute("""
            INSERT INTO articles SELECT article_id, 'https://example.org/' || article_id, 1, now(), now()
            FROM gen_articles""")
        con.execute(f"""
            INSERT INTO article_versions
            SELECT article_id || ':1', article_id, 1, md5(article_id), 'Synthetic report ' || i, outlet,
                   'https://example.org/' || article_id, strftime(ts, '%Y-%m-%dT%H:%M:%S+00:00'), ts, 'en',
                   'processed', repeat('{SENTENCE}', {EVENTS_PER_ARTICLE}), 'bench', now(),
                   json_object('title', 'Synthetic report ' || i, 'text', repeat('{SENTENCE}', {EVENTS_PER_ARTICLE}),
                               'published', strftime(ts, '%Y-%m-%dT%H:%M:%S+00:00'), 'outlet', outlet,
                               'url', 'https://example.org/' || article_id, 'language', 'en')
            FROM gen_articles""")
        types = ", ".join(f"('{t}', {q}, '{r}', {g})" for t, q, r, g in PLOVER)
        con.execute(
            f"CREATE TEMP TABLE plover(t VARCHAR, q INTEGER, r VARCHAR, g DOUBLE); "
            f"INSERT INTO plover VALUES {types}"
        )
        # A few hundred hot spots, so the map has clusters like real coverage.
        con.execute("""CREATE TEMP TABLE spots AS SELECT i AS spot, random() * 120 - 50 AS lat,
                       random() * 340 - 170 AS lon FROM range(400) t(i)""")
        con.execute(f"""
            CREATE TEMP TABLE gen_events AS
            SELECT e.i, a.article_id, a.ts, e.i % {EVENTS_PER_ARTICLE} AS k,
                   1 + CAST(floor(random() * 16) AS INTEGER) AS p,
                   {_sql_list(COUNTRIES)}[1 + CAST(floor(random() * {len(COUNTRIES)}) AS INTEGER)] AS c1,
                   {_sql_list(COUNTRIES)}[1 + CAST(floor(random() * {len(COUNTRIES)}) AS INTEGER)] AS c2,
                   CAST(floor(random() * 400) AS INTEGER) AS spot, random() < 0.8 AS located
            FROM range({n_articles * EVENTS_PER_ARTICLE}) e(i)
            JOIN gen_articles a ON a.i = e.i // {EVENTS_PER_ARTICLE}""")
        span = len(SENTENCE)
        con.execute(f"""
            INSERT INTO events
            SELECT g.article_id || ':1/ev' || g.k, g.article_id || ':1', g.article_id, 'ev' || g.k,
                   g.k * {span}, g.k * {span} + {span - 2}, 0.8,
                   pl.t, NULL, NULL, pl.r || '0', pl.r, pl.g, pl.q, 'asserted',
                   g.c1 || ' forces', g.c1, 'MIL', g.c2 || ' officials', g.c2, 'GOV',
                   CAST(g.ts AS DATE) - CAST(floor(random() * 3) AS INTEGER), 'day',
                   CASE WHEN g.located THEN 'Place ' || g.spot END, CASE WHEN g.located THEN g.c2 END,
                   CASE WHEN g.located THEN s.lat + random() * 0.2 END,
                   CASE WHEN g.located THEN s.lon + random() * 0.2 END,
                   CASE WHEN g.located THEN 'city' END,
                   'attacked', '{SENTENCE.strip()}',
                   json_object('id', 'ev' || g.k, 'span', [g.k * {span}, g.k * {span} + {span - 2}],
                               'trigger', json_object('text', 'attacked', 'span', [g.k * {span} + 22, g.k * {span} + 30]),
                               'plover_type', pl.t, 'cameo_root', pl.r, 'quad_class', pl.q, 'goldstein', pl.g,
                               'actor1', json_object('text', g.c1 || ' forces', 'country', g.c1, 'span', [g.k * {span}, g.k * {span} + 9]),
                               'actor2', json_object('text', g.c2 || ' officials', 'country', g.c2, 'span', [g.k * {span}, g.k * {span} + 9]))
            FROM gen_events g JOIN plover pl ON pl.rowid + 1 = g.p JOIN spots s ON s.spot = g.spot""")
        count = con.execute("SELECT count(*) FROM events").fetchone()[0]
        assert text_len > 0
        con.execute("CHECKPOINT")
    print(
        f"built {path}: {n_articles:,} articles, {count:,} events in {time.perf_counter() - t0:.1f} s",
        flush=True,
    )


def ensure_store(path: Path, n_events: int) -> None:
    if path.exists():
        import duckdb

        with duckdb.connect(str(path), read_only=True) as con:
            have = con.execute("SELECT count(*) FROM events").fetchone()[0]
        if have >= n_events:
            print(f"reusing {path}: {have:,} events", flush=True)
            return
        path.unlink()
    build_store(path, n_events)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(db: Path, port: int, extra: list[str], *, read_only: bool = True) -> subprocess.Popen:
    exe = Path(sys.executable).with_name("storyline")
    mode = ["--read-only"] if read_only else []
    proc = subprocess.Popen(
        [str(exe), "serve", "--db", str(db), *mode, "--port", str(port), *extra],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env={**os.environ},
    )
    deadline = time.time() + 300
    while time.time() < deadline:
        try:
            health = httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=1)
            # Wait for the serving tables too: until then answers come from the slower base path.
            if health.status_code == 200 and health.json().get("serving") != "building":
                return proc
            time.sleep(0.5)
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit(f"server did not start: {proc.stderr.read().decode()[-2000:]}")


def queries(article_ids: list[str]) -> dict[str, callable]:
    rng = random.Random(7)

    def day_range(days: int) -> tuple[str, str]:
        start = 1 + rng.randrange(0, 700)
        y, d = divmod(start, 365)
        from datetime import date, timedelta

        first = date(2023 + y, 1, 1) + timedelta(days=d)
        return first.isoformat(), (first + timedelta(days=days)).isoformat()

    def bbox() -> str:
        lon, lat = rng.uniform(-170, 140), rng.uniform(-50, 40)
        return f"{lon:.1f},{lat:.1f},{lon + 30:.1f},{lat + 20:.1f}"

    return {
        "health (reference)": lambda: ("/api/health", {}),
        "events by type": lambda: ("/api/events", {"plover_type": rng.choice(PLOVER)[0]}),
        "events by date (30 d)": lambda: (
            "/api/events",
            dict(zip(("start", "end"), day_range(30), strict=True)),
        ),
        "events by bbox": lambda: ("/api/events", {"bbox": bbox()}),
        "events by actor": lambda: ("/api/events", {"actor": rng.choice(COUNTRIES)}),
        "events type+date+bbox": lambda: (
            "/api/events",
            {
                "plover_type": rng.choice(PLOVER)[0],
                "bbox": bbox(),
                **dict(zip(("start", "end"), day_range(90), strict=True)),
            },
        ),
        "events text search": lambda: ("/api/events", {"q": rng.choice(COUNTRIES).lower() + " forces"}),
        "map (90 d)": lambda: ("/api/map", dict(zip(("start", "end"), day_range(90), strict=True))),
        "timeline (all)": lambda: ("/api/timeline", {}),
        "article view": lambda: (f"/api/articles/{rng.choice(article_ids)}", {}),
        "dyad trend": lambda: ("/api/trend", {"a": rng.choice(COUNTRIES), "b": rng.choice(COUNTRIES)}),
    }


async def run_query(client: httpx.AsyncClient, make, n: int, concurrency: int) -> tuple[list[float], float]:
    latencies: list[float] = []
    sem = asyncio.Semaphore(concurrency)

    async def one() -> None:
        path, params = make()
        async with sem:
            t = time.perf_counter()
            r = await client.get(path, params=params)
            latencies.append(time.perf_counter() - t)
        if r.status_code != 200:
            raise SystemExit(f"{path} {params}: HTTP {r.status_code} {r.text[:300]}")

    t0 = time.perf_counter()
    await asyncio.gather(*(one() for _ in range(n)))
    return latencies, time.perf_counter() - t0


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def cpu_seconds(pid: int) -> float:
    """User + system CPU time a process has used (Linux /proc): what a request costs the server,
    whatever else the machine is running."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def bench(
    base: str, article_ids: list[str], n: int, concurrency: int, only: list[str], server_pid: int
) -> None:
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=60) as client:
        for make in queries(article_ids).values():  # warm-up: caches, first-use compilation
            path, params = make()
            await client.get(path, params=params)
        print(
            f"\n{'query':24} {'p50 ms':>8} {'p99 ms':>8} {'req/s':>8} {'p50 / ref':>10} {'p99 / ref':>10} "
            f"{'CPU ms/req':>10}"
        )
        ref: tuple[float, float] | None = None
        for name, make in queries(article_ids).items():
            if only and "reference" not in name and not any(o in name for o in only):
                continue
            cpu = cpu_seconds(server_pid)
            lat, wall = await run_query(client, make, n, concurrency)
            cpu = (cpu_seconds(server_pid) - cpu) / n * 1000
            p50, p99 = pct(lat, 50) * 1000, pct(lat, 99) * 1000
            ref = ref or (p50, p99)
            print(
                f"{name:24} {p50:8.1f} {p99:8.1f} {n / wall:8.1f} {p50 / ref[0]:10.1f} {p99 / ref[1]:10.1f} "
                f"{cpu:10.2f}",
                flush=True,
            )


# -- reads during writes ----------------------------------------------------------------------

WRITE_TOKEN = "load-bench-token"
CITIES = ["Nairobi", "Lima", "Manila", "Warsaw", "Dhaka", "Accra", "Hanoi", "Quito", "Tunis", "Oslo"]


def post_body(n: int) -> dict:
    """A short report of our own, distinct per ``n``."""
    city = CITIES[n % len(CITIES)]
    return {
        "title": f"Police clash with protesters in {city} ({n})",
        "outlet": "Load Bench",
        "published": f"2024-{1 + n % 12:02d}-{1 + n % 28:02d}T10:00:00+00:00",
        "text": (
            f"Police in {city} fired tear gas at protesters on Monday after {n + 2} people were "
            f"arrested outside parliament, officials said. The interior minister said {n + 5} "
            f"officers were injured. Opposition leaders condemned the arrests and called for talks."
        ),
    }


def read_mix(article_ids: list[str]) -> list:
    """The dashboard's reads, without the reference (health) query."""
    return [make for name, make in queries(article_ids).items() if "reference" not in name]


async def timed_reads(
    client: httpx.AsyncClient, makers: list, n: int, concurrency: int
) -> tuple[list[float], list[str]]:
    latencies: list[float] = []
    errors: list[str] = []
    sem = asyncio.Semaphore(concurrency)

    async def one(i: int) -> None:
        path, params = makers[i % len(makers)]()
        async with sem:
            t = time.perf_counter()
            try:
                r = await client.get(path, params=params)
                status = r.status_code
            except httpx.HTTPError as exc:
                status = f"{type(exc).__name__}"
            latencies.append(time.perf_counter() - t)
        if status != 200:
            errors.append(f"{path} {status}")

    await asyncio.gather(*(one(i) for i in range(n)))
    return latencies, errors


async def bench_writes(base: str, article_ids: list[str], n: int, concurrency: int, posters: int) -> bool:
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    makers = read_mix(article_ids)
    auth = {"Authorization": f"Bearer {WRITE_TOKEN}"}
    async with (
        httpx.AsyncClient(base_url=base, limits=limits, timeout=60) as client,
        httpx.AsyncClient(base_url=base, timeout=120) as writer,
    ):
        for make in makers:  # warm-up
            path, params = make()
            await client.get(path, params=params)
        r = await writer.post("/api/articles", json=post_body(10**6), headers=auth)  # loads the pipeline
        if r.status_code not in (200, 201):
            raise SystemExit(f"warm-up POST: HTTP {r.status_code} {r.text[:300]}")
        idle, idle_errors = await timed_reads(client, makers, n, concurrency)
        stop = asyncio.Event()
        posted: list[int] = []
        post_errors: list[str] = []

        async def poster(k: int) -> None:
            i = k
            while not stop.is_set():
                try:
                    r = await writer.post("/api/articles", json=post_body(i), headers=auth)
                    (posted if r.status_code in (200, 201) else post_errors).append(r.status_code)
                except httpx.HTTPError as exc:
                    post_errors.append(type(exc).__name__)
                i += posters

        tasks = [asyncio.create_task(poster(k)) for k in range(posters)]
        await asyncio.sleep(0.5)  # the first POST is in flight before reads start
        t0 = time.perf_counter()
        busy, busy_errors = await timed_reads(client, makers, n, concurrency)
        wall = time.perf_counter() - t0
        stop.set()
        await asyncio.gather(*tasks)
    p99_idle, p99_busy = pct(idle, 99) * 1000, pct(busy, 99) * 1000
    ratio = p99_busy / p99_idle
    print(f"\nreads on {concurrency} connections, {n} each phase; {posters} POST client(s)")
    print(f"{'phase':22} {'errors':>7} {'p50 ms':>8} {'p99 ms':>8}")
    print(f"{'idle':22} {len(idle_errors):7d} {pct(idle, 50) * 1000:8.1f} {p99_idle:8.1f}")
    print(f"{'during POSTs':22} {len(busy_errors):7d} {pct(busy, 50) * 1000:8.1f} {p99_busy:8.1f}")
    print(
        f"POSTs stored during the reads: {len(posted)} in {wall:.1f} s ({len(post_errors)} failed: "
        f"{sorted(set(map(str, post_errors)))[:5]}); p99 under writes / idle p99: {ratio:.2f}"
    )
    for e in sorted(set(idle_errors + busy_errors))[:10]:
        print("  error:", e)
    ok = not idle_errors and not busy_errors and not post_errors and ratio <= 2.0 and len(posted) > 0
    print("PASS" if ok else "FAIL", "(0 errors, p99 within 2x idle, POSTs stored)")
    return ok


def main_writes(args: argparse.Namespace) -> None:
    import shutil

    ensure_store(args.db, args.events)
    work = args.db.with_name(args.db.stem + "-writes.duckdb")  # the POSTs must not grow the reused store
    shutil.copy(args.db, work)
    import duckdb

    with duckdb.connect(str(work), read_only=True) as con:
        article_ids = [
            r[0] for r in con.execute("SELECT article_id FROM articles USING SAMPLE 500 ROWS").fetchall()
        ]
    port = free_port()
    os.environ["STORYLINE_TOKEN"] = WRITE_TOKEN
    extra = ["--threads", str(args.threads)] if args.threads else []
    proc = start_server(work, port, extra, read_only=False)
    try:
        print(
            f"server: http://127.0.0.1:{port} over {work} (writable), {os.cpu_count()} CPUs, "
            f"load average {os.getloadavg()[0]:.1f}",
            flush=True,
        )
        ok = asyncio.run(
            bench_writes(f"http://127.0.0.1:{port}", article_ids, args.reads, args.concurrency, args.posters)
        )
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        work.unlink(missing_ok=True)
        Path(str(work) + ".wal").unlink(missing_ok=True)
    if not ok:
        raise SystemExit(1)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--mode",
        choices=("reads", "writes"),
        default="reads",
        help="reads: the read-only benchmark; writes: reads during concurrent POSTs",
    )
    ap.add_argument("--reads", type=int, default=2000, help="--mode writes: reads per phase")
    ap.add_argument("--posters", type=int, default=1, help="--mode writes: concurrent POST clients")
    ap.add_argument(
        "--db",
        type=Path,
        default=None,
        help="default bench/out/load.duckdb (reads) or bench/out/load-w.duckdb (writes)",
    )
    ap.add_argument("--events", type=int, default=None, help="default 1,000,000 (reads) or 20,000 (writes)")
    ap.add_argument("--requests", type=int, default=200, help="Requests per query")
    ap.add_argument("--concurrency", type=int, default=8)
    ap.add_argument(
        "--threads", type=int, default=None, help="Server's DuckDB threads (default: its own default)"
    )
    ap.add_argument(
        "--only",
        default="",
        help="Comma-separated substrings of the query names to run (the reference always runs)",
    )
    args = ap.parse_args()
    writes = args.mode == "writes"
    args.db = args.db or REPO / "bench" / "out" / ("load-w.duckdb" if writes else "load.duckdb")
    args.events = args.events or (20_000 if writes else 1_000_000)
    if writes:
        main_writes(args)
        return
    ensure_store(args.db, args.events)
    import duckdb

    with duckdb.connect(str(args.db), read_only=True) as con:
        article_ids = [
            r[0] for r in con.execute("SELECT article_id FROM articles USING SAMPLE 500 ROWS").fetchall()
        ]
    port = free_port()
    t0 = time.perf_counter()
    proc = start_server(args.db, port, ["--threads", str(args.threads)] if args.threads else [])
    try:
        rss = next(
            int(line.split()[1])
            for line in Path(f"/proc/{proc.pid}/status").read_text().splitlines()
            if line.startswith("VmRSS")
        )
        print(
            f"server: http://127.0.0.1:{port}  ready in {time.perf_counter() - t0:.1f} s (serving tables "
            f"included), RSS {rss / 1024:.0f} MB; concurrency {args.concurrency}, {args.requests} requests/query, "
            f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}",
            flush=True,
        )
        asyncio.run(
            bench(
                f"http://127.0.0.1:{port}",
                article_ids,
                args.requests,
                args.concurrency,
                [x for x in args.only.split(",") if x],
                proc.pid,
            )
        )
    finally:
        proc.terminate()
        proc.wait(timeout=10)


if __name__ == "__main__":
    main()
