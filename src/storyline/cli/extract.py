"""``storyline extract`` and ``storyline schema``: one article to JSON, no store."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from storyline.cli.app import app, console, fail, write_json


@app.command()
def extract(
    file: Path = typer.Argument(..., help="An article: .txt, .html, or one-record .json/.jsonl"),
    published: str | None = typer.Option(None, help="Publication datetime, ISO 8601"),
    outlet: str | None = typer.Option(None, help="Outlet name, e.g. HuffPost"),
    url: str | None = typer.Option(None, help="Article URL"),
    as_json: bool = typer.Option(False, "--json", help="Print the full JSON document"),
    model: str = typer.Option("en_core_web_sm", help="spaCy model name"),
) -> None:
    """Run the whole pipeline on one article, without touching the store."""
    from storyline.ingest.errors import IngestError
    from storyline.ingest.single import read_single_article
    from storyline.pipeline import PipelineConfig, get_pipeline

    try:
        article = read_single_article(file, published=published, outlet=outlet, url=url)
    except IngestError as exc:
        fail(str(exc))
    result = get_pipeline(PipelineConfig(model=model)).analyse(article)
    if as_json:
        write_json(result.model_dump_json(indent=2))
        return
    a = result.article
    console.print(f"[bold]{a.title or '(untitled)'}[/bold]  {a.outlet or ''} {a.published or ''}")
    for key in ("events", "quotes", "claims", "contradictions", "places", "quantities", "entities"):
        console.print(f"  {key:15} {len(getattr(result, key))}")


@app.command()
def schema() -> None:
    """Print the JSON Schema of the extraction contract."""
    from storyline.model import json_schema

    write_json(json.dumps(json_schema(), indent=2))
