"""``storyline review list|history|confirm|reject|edit|export-labels``: the analyst's corrections."""

from __future__ import annotations

import getpass
import json
from pathlib import Path

import typer
from rich.table import Table

from storyline.cli.app import DEFAULT_DB, app, console, fail, out, write_json

review_app = typer.Typer(
    help="Review events and incidents: confirm, reject or correct them (kept with who, when, why).",
    no_args_is_help=True,
)
app.add_typer(review_app, name="review")

DbOption = typer.Option(Path(DEFAULT_DB), "--db", help="Store file")
KindArg = typer.Argument(..., help="event or incident")
KeyArg = typer.Argument(
    ..., help="ARTICLE_ID.ITEM_ID, e.g. a1b2c3d4e5f6a7b8.i0 (as /api/incidents gives `key`)"
)
ReasonOption = typer.Option(None, "--reason", "-r", help="Why (kept in the audit trail)")


def _by_default() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no user name in this environment
        return "analyst"


ByOption = typer.Option(None, "--by", help="Reviewer name (default: your user name)")


def _store(db: Path, *, read_only: bool = False):
    from storyline.store import Store

    if not db.exists():
        fail(f"{db}: no store here (run 'storyline ingest' first)")
    return Store(db, read_only=read_only)


def _split(key: str) -> tuple[str, str]:
    article_id, dot, item_id = key.partition(".")
    if not dot or not article_id or not item_id:
        fail(f"{key!r}: expected ARTICLE_ID.ITEM_ID")
    return article_id, item_id


def _record(
    db: Path,
    kind: str,
    key: str,
    action: str,
    *,
    changes=None,
    reason=None,
    by=None,
    version=None,
    as_json=False,
) -> None:
    from storyline.review import ReviewError, record_review

    article_id, item_id = _split(key)
    with _store(db) as store:
        try:
            stored = record_review(
                store.con,
                kind,
                article_id,
                item_id,
                action,
                changes=changes,
                reason=reason,
                reviewer=by or _by_default(),
                version=version,
            )
        except ReviewError as exc:
            fail(str(exc))
    if as_json:
        write_json(json.dumps(stored))
    else:
        fields = ", ".join(f"{k}={v}" for k, v in stored["changes"].items())
        console.print(
            f"{action}: {kind} {key} by {stored['reviewer']}" + (f" ({fields})" if fields else ""),
            highlight=False,
        )


@review_app.command("list")
def list_queue(
    db: Path = DbOption,
    kind: str | None = typer.Option(None, help="event or incident"),
    article: str | None = typer.Option(None, help="Only this article id"),
    limit: int = typer.Option(20, help="How many"),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """The review queue: unreviewed items, least confident and most deadly first."""
    from storyline.review import ReviewError, review_queue

    with _store(db, read_only=True) as store:
        try:
            rows = review_queue(store.con, kind=kind, limit=limit, article_id=article)
        except ReviewError as exc:
            fail(str(exc))
    if as_json:
        write_json(json.dumps(rows, default=str))
        return
    table = Table("priority", "kind")
    table.add_column("key", no_wrap=True)  # what confirm/reject/edit take: never cut
    for name in ("conf", "type", "who -> whom", "dead"):
        table.add_column(name)
    table.add_column("text", no_wrap=True, max_width=60, overflow="ellipsis")
    for r in rows:
        dyad = f"{r['actor1_name'] or r['actor1_country'] or '-'} -> {r['actor2_name'] or r['actor2_country'] or '-'}"
        table.add_row(
            f"{r['priority']:.2f}",
            r["kind"],
            f"{r['article_id']}.{r['id']}",
            f"{r['confidence']:.2f}",
            r["plover_type"] or "",
            dyad,
            "" if r["fatalities"] is None else f"{r['fatalities']:g}",
            (r["text"] or "")[:70],
        )
    out.print(table)


@review_app.command()
def history(
    db: Path = DbOption,
    kind: str | None = typer.Option(None, help="event or incident"),
    article: str | None = typer.Option(None, help="Only this article id"),
    limit: int = typer.Option(50, help="How many"),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """The audit trail: every review, newest first."""
    from storyline.review import ReviewError
    from storyline.review import history as trail

    with _store(db, read_only=True) as store:
        try:
            rows = trail(store.con, kind=kind, article_id=article, limit=limit)
        except ReviewError as exc:
            fail(str(exc))
    if as_json:
        write_json(json.dumps(rows, default=str))
        return
    table = Table("when", "who", "action", "kind")
    table.add_column("key", no_wrap=True)
    table.add_column("changes")
    table.add_column("reason")
    for r in rows:
        table.add_row(
            r["created_at"],
            r["reviewer"],
            r["action"],
            r["kind"],
            f"{r['article_id']}.{r['item_id']}",
            json.dumps(r["changes"]),
            r["reason"] or "",
        )
    out.print(table)


@review_app.command()
def confirm(
    kind: str = KindArg,
    key: str = KeyArg,
    db: Path = DbOption,
    reason: str | None = ReasonOption,
    by: str | None = ByOption,
    version: int | None = typer.Option(None, help="Version (default: latest)"),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Mark an event or incident as right (with any earlier edits)."""
    _record(db, kind, key, "confirm", reason=reason, by=by, version=version, as_json=as_json)


@review_app.command()
def reject(
    kind: str = KindArg,
    key: str = KeyArg,
    db: Path = DbOption,
    reason: str | None = ReasonOption,
    by: str | None = ByOption,
    version: int | None = typer.Option(None, help="Version (default: latest)"),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Mark an event or incident as wrong: lists and exports leave it out."""
    _record(db, kind, key, "reject", reason=reason, by=by, version=version, as_json=as_json)


@review_app.command()
def edit(
    kind: str = KindArg,
    key: str = KeyArg,
    set_: list[str] = typer.Option(
        ...,
        "--set",
        help="FIELD=VALUE, repeatable (FIELD= clears): plover_type, "
        "actor1_name, actor1_country, actor2_country, event_date, place_name, "
        "place_country, lat, lon, fatalities, injured, timing, status, ...",
    ),
    db: Path = DbOption,
    reason: str | None = ReasonOption,
    by: str | None = ByOption,
    version: int | None = typer.Option(None, help="Version (default: latest)"),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Correct fields of an event or incident."""
    changes = {}
    for pair in set_:
        field, eq, value = pair.partition("=")
        if not eq or not field.strip():
            fail(f"--set {pair!r}: expected FIELD=VALUE")
        changes[field.strip()] = value.strip() or None
    _record(db, kind, key, "edit", changes=changes, reason=reason, by=by, version=version, as_json=as_json)


@review_app.command("export-labels")
def export_labels_command(
    out_file: Path = typer.Argument(Path("labels/review/corrections.jsonl"), help="JSON Lines file to write"),
    db: Path = DbOption,
) -> None:
    """Write the reviews as training labels (corpus/document/offsets + corrected fields) for `storyline train`."""
    from storyline.review import export_labels

    with _store(db, read_only=True) as store:
        n = export_labels(store.con, out_file)
    console.print(f"wrote {n} labels to {out_file}")


@review_app.command()
def disagreements(
    files: list[Path] = typer.Argument(
        None, help="Articles to analyse (any file `storyline ingest` reads); or use --log"
    ),
    log: Path | None = typer.Option(
        None, "--log", help="Read a log written with STORYLINE_EVENT_DISAGREEMENTS=FILE instead"
    ),
    field: str | None = typer.Option(None, help="Only this field: event, status, plover or cameo"),
    limit: int = typer.Option(50, help="How many (highest model score first)"),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Where the event model overruled the rules: labelling candidates for labels/events."""
    from storyline.event_model.component import list_disagreements, read_disagreements

    if bool(files) == bool(log):
        fail("give article files or --log FILE (one of them)")
    if log is not None:
        if not log.is_file():
            fail(f"{log}: no such file")
        try:
            rows = read_disagreements(log)
        except ValueError as exc:
            fail(str(exc))
    else:
        rows = list_disagreements(_articles(files))
    if field:
        rows = [r for r in rows if r.get("field") == field]
    rows = sorted(rows, key=lambda r: -float(r.get("score") or 0.0))[:limit]
    if as_json:
        write_json(json.dumps(rows, default=str))
        return
    table = Table()
    for name in ("field", "rule", "model", "score", "conf"):
        table.add_column(name, no_wrap=True)
    table.add_column("sentence", min_width=20)  # wrapped, never cut: it is what the labeller reads
    for r in rows:
        conf = r.get("confidence")
        table.add_row(
            str(r["field"]),
            str(r["rule"]),
            str(r["model"]),
            f"{float(r.get('score') or 0.0):.2f}",
            "" if conf is None else f"{float(conf):.2f}",
            " ".join(str(r.get("sentence") or "").split()),
        )
    out.print(table)
    console.print(f"{len(rows)} disagreement(s)")


def _articles(files: list[Path]):
    """The articles in ``files``; a missing file or an unreadable record is one clear error."""
    from storyline.ingest.errors import IngestError
    from storyline.ingest.readers import iter_file

    for path in files:
        if not path.is_file():
            fail(f"{path}: no such file")
    for path in files:
        for item in iter_file(path):
            if isinstance(item, IngestError):
                fail(str(item))
            yield item
