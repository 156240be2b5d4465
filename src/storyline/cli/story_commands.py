"""``storyline link``, ``stories``, ``story``, ``diff`` and ``trend``: the story over time."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.table import Table

from storyline.cli.app import DEFAULT_DB, app, console, fail, out, write_json

DbOption = typer.Option(Path(DEFAULT_DB), "--db", help="Store file")


def _open(db: Path, *, read_only: bool = False):
    from storyline.store import Store

    if not db.exists():
        fail(f"{db}: no store here (run 'storyline ingest' first)")
    return Store(db, read_only=read_only)


def _default(o):
    return str(o)


@app.command()
def link(db: Path = DbOption, embedder: str = typer.Option("auto", help="auto, minilm or hashing")) -> None:
    """Merge newly stored events into story events (incremental)."""
    from storyline.linking.embeddings import get_embedder
    from storyline.linking.stories import link_store

    with _open(db) as store:
        report = link_store(store, embedder=get_embedder(embedder))
    console.print(
        f"linked {report.mentions_linked} event mentions, {report.stories_created} new story events, "
        f"{report.mentions_removed} superseded mentions removed (embedder: {report.embedder})"
    )


@app.command()
def stories(
    db: Path = DbOption,
    limit: int = typer.Option(20, help="How many"),
    actor: str | None = typer.Option(None, help="Country code or name on either side"),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """List story events, most reported first."""
    from storyline.review.stories import stories_relation

    with _open(db, read_only=True) as store:
        relation, params = stories_relation(store.con)  # as the analysts corrected them
        sql = (
            "SELECT story_id, event_date, plover_type, actor1_country, actor2_country, place_name, "
            f"num_mentions, num_articles, num_sources, headline FROM {relation} s"
        )
        if actor:
            sql += " WHERE ? IN (upper(actor1_country), upper(actor2_country), upper(actor1_name), upper(actor2_name))"
            params.append(actor.upper())
        sql += " ORDER BY num_sources DESC, num_mentions DESC, event_date DESC NULLS LAST LIMIT ?"
        cur = store.con.execute(sql, [*params, limit])
        cols = [c[0] for c in cur.description]
        rows = [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]
    if as_json:
        write_json(json.dumps(rows, indent=2, default=_default))
        return
    table = Table()
    for column in ("story", "date", "type", "dyad", "place", "mentions", "articles", "sources"):
        table.add_column(column, no_wrap=True)
    table.add_column("headline", no_wrap=True, overflow="ellipsis", max_width=30)
    for r in rows:
        table.add_row(
            r["story_id"],
            str(r["event_date"] or ""),
            r["plover_type"] or "",
            f"{r['actor1_country'] or '?'}->{r['actor2_country'] or '?'}",
            r["place_name"] or "",
            str(r["num_mentions"]),
            str(r["num_articles"]),
            str(r["num_sources"]),
            (r["headline"] or "")[:70],
        )
    out.print(table)


@app.command()
def story(story_id: str, db: Path = DbOption, as_json: bool = typer.Option(False, "--json")) -> None:
    """One story event: its sources, mentions, per-source slot values and contradictions."""
    from storyline.linking.slots import story_detail
    from storyline.review.stories import corrected_mention, corrected_stories, mention_reviews

    with _open(db, read_only=True) as store:
        try:
            detail = story_detail(store, story_id)
        except KeyError:
            fail(f"no story event {story_id}")
        reviews = mention_reviews(store.con)  # the analysts' corrections (docs/review.md)
        if reviews:
            detail["story"].update(
                corrected_stories(store.con, [story_id], reviews=reviews).get(story_id, {})
            )
            detail["mentions"] = [
                corrected_mention(m, reviews.get(m["event_uid"])) for m in detail["mentions"]
            ]
    if as_json:
        write_json(json.dumps(detail, indent=2, default=_default))
        return
    s = detail["story"]
    out.print(
        f"[bold]{s['plover_type']}[/bold] {s['actor1_country']} -> {s['actor2_country']} "
        f"{s['event_date'] or ''} {s['place_name'] or ''}: {s['num_mentions']} mentions, "
        f"{s['num_articles']} articles, {s['num_sources']} sources"
    )
    for m in detail["mentions"]:
        out.print(f"  {m['outlet'] or m['article_id']}: {m['text'][:100]}")
    for slot, values in detail["slots"].items():
        out.print(f"  {slot}: " + "; ".join(f"{v['source']}={v['value']}" for v in values))
    for c in detail["contradictions"]:
        out.print(f"  [red]contradiction[/red] ({c['severity']}): {c['explanation']}")


@app.command()
def diff(
    article_id: str = typer.Argument(..., help="Article id (see 'storyline show')"),
    old: int | None = typer.Option(None, "--from", help="Old version (default: the one before --to)"),
    new: int | None = typer.Option(None, "--to", help="New version (default: the latest)"),
    db: Path = DbOption,
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """What changed between two versions of an article: events, quotes and claims."""
    from storyline.linking.versions import diff_article

    with _open(db, read_only=True) as store:
        try:
            result = diff_article(store, article_id, old, new)
        except (KeyError, ValueError) as exc:
            fail(str(exc).strip("'\""))
    if as_json:
        write_json(json.dumps(result.as_dict(), indent=2, default=_default))
        return
    out.print(f"[bold]{article_id}[/bold] v{result.old_version} -> v{result.new_version}: {result.counts()}")
    for note in result.update_notes:
        out.print(f"  update note: {note}")
    for c in result.changes:
        item = c.new or c.old or {}
        who = (item.get("speaker") or {}).get("name") or (item.get("source") or {}).get("name") or ""
        label = f"{who}: " if who else ""
        out.print(f"  {c.kind:8} {c.item_type:6} {label}{(item.get('text') or '')[:90]} {c.detail}")


@app.command()
def trend(
    actor_a: str = typer.Argument(..., help="Actor code, e.g. IRN"),
    actor_b: str = typer.Argument(..., help="Actor code, e.g. USA"),
    by: str = typer.Option("day", help="day, week or month"),
    directed: bool = typer.Option(False, help="Only A -> B"),
    start: str | None = typer.Option(None, help="From date (YYYY-MM-DD)"),
    end: str | None = typer.Option(None, help="To date (YYYY-MM-DD)"),
    unit: str | None = typer.Option(
        None,
        help="incidents (each current real-world incident once), stories (each linked story event "
        "once) or mentions (every event mention); default: incidents when the store holds any, else stories",
    ),
    min_confidence: float | None = typer.Option(
        None, "--min-confidence", help="--unit incidents: only incidents at least this confident"
    ),
    db: Path = DbOption,
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Dyad time series: counts by PLOVER type and QuadClass of incidents, story events or mentions."""
    from storyline.linking.trend import UNITS, default_unit, dyad_trend

    if by not in ("day", "week", "month"):
        fail("--by must be day, week or month")
    if unit is not None and unit not in UNITS:
        fail(f"--unit must be one of {', '.join(UNITS)}, not {unit!r}")
    if min_confidence is not None and not 0 <= min_confidence <= 1:
        fail("--min-confidence must be between 0 and 1")
    with _open(db, read_only=True) as store:
        counted = unit or default_unit(store.con)
        try:
            rows = dyad_trend(
                store,
                actor_a,
                actor_b,
                by=by,  # type: ignore[arg-type]
                directed=directed,
                start=start,
                end=end,
                unit=counted,  # type: ignore[arg-type]
                min_confidence=min_confidence,
            )
        except ValueError as exc:
            fail(str(exc))
    if as_json:
        write_json(json.dumps([{**r, "unit": counted} for r in rows], indent=2, default=_default))
        return
    out.print(f"counted: {counted}")
    table = Table("period", "PLOVER type", "QuadClass", counted, "Goldstein sum", "Goldstein mean")
    for r in rows:
        table.add_row(
            str(r["period"]),
            r["plover_type"] or "",
            str(r["quad_class"] or ""),
            str(r["events"]),
            str(r["goldstein_sum"]),
            str(r["goldstein_mean"]),
        )
    out.print(table)
