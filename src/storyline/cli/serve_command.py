"""``storyline serve``: the REST API and the dashboard over a store."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.markup import escape

from storyline.cli.app import DEFAULT_DB, app, console, fail


@app.command()
def serve(
    db: Path = typer.Option(Path(DEFAULT_DB), help="The store to serve"),
    host: str = typer.Option("127.0.0.1", help="Address to bind (loopback by default)"),
    port: int = typer.Option(8000, help="TCP port"),
    token: str | None = typer.Option(None, help="Bearer token for POST /api/articles (or STORYLINE_TOKEN)"),
    read_only: bool = typer.Option(False, "--read-only", help="Open the store read-only; no write endpoint"),
    cors_origin: list[str] = typer.Option(
        [], help="Allow this origin cross-site (repeatable; off by default)"
    ),
    threads: int | None = typer.Option(None, min=1, help="DuckDB threads (default: one per core)"),
    serving_tables: bool = typer.Option(
        True,
        help="Build read-optimised copies of the events at start (fast queries; ~1 GB per million events)",
    ),
    watch: bool = typer.Option(
        False,
        "--watch",
        help="Also poll the watched sources (storyline sources add) in this process; see docs/ingest.md",
    ),
    every: str = typer.Option("15m", help="--watch: poll interval of sources without their own"),
) -> None:
    """Serve the dashboard at / and the REST API under /api (reference at /docs)."""
    import uvicorn

    from storyline.serve import ServeConfig, create_app

    if read_only and not db.exists():
        fail(f"{db}: no such store (--read-only cannot create one)")
    if watch and read_only:
        fail("--watch writes what it fetches; it cannot run with --read-only")
    config = ServeConfig.from_env(
        db=str(db),
        token=token,
        read_only=read_only,
        cors_origins=cors_origin,
        threads=threads,
        serving_tables=serving_tables,
    )
    from storyline.store import StoreError

    try:
        application = create_app(config)
    except StoreError as exc:  # locked, corrupt, truncated: one line, no traceback
        fail(escape(str(exc)))
    except Exception as exc:  # noqa: BLE001
        fail(escape(f"{db}: cannot open store ({str(exc).splitlines()[0]})"))
    shown = f"[{host}]" if ":" in host else host
    console.print(f"Storyline dashboard: http://{shown}:{port}/  (API reference: /docs)", highlight=False)
    if host not in ("127.0.0.1", "localhost", "::1"):
        console.print("[yellow]warning:[/yellow] listening beyond this machine", highlight=False)
    if not read_only and not config.token:
        console.print("writes disabled: no --token / STORYLINE_TOKEN", highlight=False)
    if watch:  # DuckDB allows one writing process: the watcher runs inside this one
        from storyline.cli.monitor_commands import parse_duration
        from storyline.serve.watcher import ServerWatcher

        ServerWatcher(
            application.state.db,
            every=parse_duration(every),
            on_line=lambda line: console.print(line, highlight=False, markup=False),
        ).start()
    # SIGTERM/SIGINT: uvicorn stops accepting and gives requests GRACE_S to finish; a page still
    # being extracted is stopped at once (its worker process is killed: that request answers
    # 422), then the shutdown handlers run and uvicorn exits by the signal it got.
    server = _StoppingServer(
        uvicorn.Config(
            application, host=host, port=port, log_level="warning", timeout_graceful_shutdown=GRACE_S
        )
    )
    server.run()


#: Seconds in-flight requests get to finish after SIGTERM.
GRACE_S = 10


def _StoppingServer(config):  # noqa: N802 - returns an instance of a uvicorn.Server subclass
    import uvicorn

    from storyline.ingest.budget import kill_worker_processes

    class StoppingServer(uvicorn.Server):
        def handle_exit(self, sig: int, frame) -> None:  # in the signal handler: takes no lock
            kill_worker_processes()
            super().handle_exit(sig, frame)

    return StoppingServer(config)
