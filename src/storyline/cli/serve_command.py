"""``storyline serve``: the REST API and the dashboard over a store."""

from __future__ import annotations

from pathlib import Path

import typer

from storyline.cli.app import DEFAULT_DB, app, console, fail


@app.command()
def serve(
    db: Path = typer.Option(Path(DEFAULT_DB), help="The store to serve"),
    host: str = typer.Option("127.0.0.1", help="Address to bind (loopback by default)"),
    port: int = typer.Option(8000, help="TCP port"),
    token: str | None = typer.Option(None, help="Bearer token for POST /api/articles (or STORYLINE_TOKEN)"),
    read_only: bool = typer.Option(False, "--read-only", help="Open the store read-only; no write endpoint"),
    cors_origin: list[str] = typer.Option([], help="Allow this origin cross-site (repeatable; off by default)"),
    threads: int | None = typer.Option(None, min=1, help="DuckDB threads (default: one per core)"),
    serving_tables: bool = typer.Option(True, help="Build read-optimised copies of the events at start "
                                        "(fast queries; ~1 GB per million events)"),
    watch: bool = typer.Option(False, "--watch", help="Also poll the watched sources (storyline sources add) "
                               "in this process; see docs/ingest.md"),
    every: str = typer.Option("15m", help="--watch: poll interval of sources without their own"),
) -> None:
    """Serve the dashboard at / and the REST API under /api (reference at /docs)."""
    import uvicorn

    from storyline.serve import ServeConfig, create_app

    if read_only and not db.exists():
        fail(f"{db}: no such store (--read-only cannot create one)")
    if watch and read_only:
        fail("--watch writes what it fetches; it cannot run with --read-only")
    config = ServeConfig.from_env(db=str(db), token=token, read_only=read_only, cors_origins=cors_origin,
                                  threads=threads, serving_tables=serving_tables)
    try:
        application = create_app(config)
    except Exception as exc:  # a locked or corrupt store: one line, no traceback
        fail(f"{db}: cannot open store ({str(exc).splitlines()[0]})")
    shown = f"[{host}]" if ":" in host else host
    console.print(f"Storyline dashboard: http://{shown}:{port}/  (API reference: /docs)", highlight=False)
    if host not in ("127.0.0.1", "localhost", "::1"):
        console.print("[yellow]warning:[/yellow] listening beyond this machine", highlight=False)
    if not read_only and not config.token:
        console.print("writes disabled: no --token / STORYLINE_TOKEN", highlight=False)
    if watch:  # DuckDB allows one writing process: the watcher runs inside this one
        from storyline.cli.monitor_commands import parse_duration
        from storyline.serve.watcher import ServerWatcher

        ServerWatcher(application.state.db, every=parse_duration(every),
                      on_line=lambda line: console.print(line, highlight=False, markup=False)).start()
    uvicorn.run(application, host=host, port=port, log_level="warning")
