"""``storyline actors add|import|list|unknown`` and ``storyline place-aliases add|import|list``:
users' own dictionaries, kept in the store and applied (before the built-ins) to what is ingested."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.table import Table

from storyline.cli.app import DEFAULT_DB, app, console, fail, out, write_json

actors_app = typer.Typer(
    help="Your actor dictionary: names, aliases, country, sector, valid from/to.", no_args_is_help=True
)
places_app = typer.Typer(
    help="Your place aliases: a phrase -> a place (name, country, coordinates).", no_args_is_help=True
)
app.add_typer(actors_app, name="actors")
app.add_typer(places_app, name="place-aliases")

DbOption = typer.Option(Path(DEFAULT_DB), "--db", help="Store file (created if missing)")

#: Words that are never an actor's name, however often they are unresolved.
_NOT_NAMES = frozenset(
    "i me my we us our ours you your he him his she her it its they them their this that these those who whom "
    "which what one ones some someone somebody anyone everyone all both each others other".split()
)


def _store(db: Path, *, read_only: bool = False):
    from storyline.store import Store

    if read_only and not db.exists():
        fail(f"{db}: no store here")
    return Store(db, read_only=read_only)


@actors_app.command("add")
def add_actor(
    name: str = typer.Argument(..., help="Canonical name: John Kerry"),
    alias: list[str] = typer.Option(
        [], "--alias", "-a", help="Another way the text names it (repeatable): Kerry, Secretary Kerry"
    ),
    country: str | None = typer.Option(None, help="ISO 3166-1 alpha-3 (or IGO, NGO)"),
    sector: str | None = typer.Option(None, help="CAMEO sector: GOV, MIL, REB, OPP, LEG, ..."),
    kind: str | None = typer.Option(None, help="person, organization, group, ..."),
    cameo: str | None = typer.Option(None, help="CAMEO actor code, when not country+sector"),
    valid_from: str | None = typer.Option(None, "--from", help="First day it holds (YYYY-MM-DD or YYYY)"),
    valid_to: str | None = typer.Option(None, "--to", help="Last day it holds (YYYY-MM-DD or YYYY)"),
    db: Path = DbOption,
) -> None:
    """Add one actor entry to the store's dictionary."""
    from storyline.dictionaries import ActorEntry, DictionaryError, store_actor

    try:
        entry = ActorEntry.from_record(
            {
                "name": name,
                "aliases": alias,
                "country": country,
                "sector": sector,
                "kind": kind,
                "cameo": cameo,
                "valid_from": valid_from,
                "valid_to": valid_to,
                "source": "cli",
            },
            "actor",
        )
    except DictionaryError as exc:
        fail(str(exc))
    with _store(db) as store:
        added = store_actor(store.con, entry)
    console.print(
        f"{'added' if added else 'already there'}: {entry.name} ({entry.cameo_code})", highlight=False
    )


def _import(path: Path, db: Path, want: str) -> None:
    from storyline.dictionaries import DictionaryError, entries_from_file, store_actor, store_place

    if not path.exists():
        fail(f"{path}: no such file")
    try:
        actors, places = entries_from_file(path)
    except DictionaryError as exc:
        fail(str(exc))
    if want == "actors" and places and not actors:
        fail(f"{path}: holds place aliases (an 'alias' column); use 'storyline place-aliases import'")
    if want == "places" and actors and not places:
        fail(f"{path}: holds actor entries (no 'alias' column); use 'storyline actors import'")
    with _store(db) as store:
        store.con.execute("BEGIN TRANSACTION")
        added_a = sum(store_actor(store.con, e) for e in actors)
        added_p = sum(store_place(store.con, p) for p in places)
        store.con.execute("COMMIT")
    console.print(
        f"{path}: {added_a} actor entries and {added_p} place aliases added "
        f"({len(actors) - added_a + len(places) - added_p} already there)"
    )


@actors_app.command("import")
def import_actors(
    path: Path = typer.Argument(
        ...,
        help="CSV (header: name,aliases,country,sector,kind,cameo,"
        "valid_from,valid_to; aliases ;-separated), JSON or JSON Lines",
    ),
    db: Path = DbOption,
) -> None:
    """Import actor entries from a file (re-importing adds nothing twice)."""
    _import(path, db, "actors")


@actors_app.command("list")
def list_actors(db: Path = DbOption, as_json: bool = typer.Option(False, "--json")) -> None:
    """The store's actor dictionary."""
    from storyline.dictionaries import stored_entries

    with _store(db, read_only=True) as store:
        actors, _ = stored_entries(store.con)
    if as_json:
        write_json(json.dumps([a.record() for a in actors]))
        return
    table = Table("name", "aliases", "country", "sector", "valid from", "valid to", "source")
    for a in actors:
        table.add_row(
            a.name,
            "; ".join(a.aliases),
            a.country or "",
            a.sector or "",
            str(a.valid_from or ""),
            str(a.valid_to or ""),
            a.source,
        )
    out.print(table)


def unknown_actors(con, limit: int = 50, min_count: int = 2) -> list[dict]:
    """Actor phrases of current events and incidents that nothing resolved (no country, no sector),
    most frequent first: candidates for the dictionary. Pronouns and determiners are left out."""
    parts = []
    for table in ("events", "incidents"):
        for role in ("actor1", "actor2"):
            parts.append(
                f"SELECT t.{role}_name AS phrase, t.article_id FROM {table} t "
                "JOIN current_versions v ON v.version_id = t.version_id "
                f"WHERE t.{role}_name IS NOT NULL AND t.{role}_country IS NULL AND t.{role}_sector IS NULL"
            )
    rows = con.execute(
        "SELECT lower(trim(phrase)) AS key, mode(phrase) AS phrase, count(*) AS mentions, "
        f"count(DISTINCT article_id) AS articles FROM ({' UNION ALL '.join(parts)}) GROUP BY key "
        "HAVING count(*) >= ? ORDER BY mentions DESC, articles DESC, key",
        [min_count],
    ).fetchall()
    found = []
    for key, phrase, mentions, articles in rows:
        words = [w for w in key.replace("'s", "").split() if w not in ("a", "an", "the")]
        if not words or all(w in _NOT_NAMES for w in words) or not any(ch.isalpha() for ch in key):
            continue
        found.append({"phrase": phrase, "mentions": mentions, "articles": articles})
        if len(found) >= limit:
            break
    return found


@actors_app.command("unknown")
def list_unknown(
    db: Path = DbOption,
    limit: int = typer.Option(50, help="How many"),
    min_count: int = typer.Option(2, help="Only phrases seen at least this often"),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Frequent actor phrases nothing resolved (no country or sector), for review."""
    with _store(db, read_only=True) as store:
        rows = unknown_actors(store.con, limit=limit, min_count=min_count)
    if as_json:
        write_json(json.dumps(rows))
        return
    table = Table("phrase", "mentions", "articles")
    for r in rows:
        table.add_row(r["phrase"], str(r["mentions"]), str(r["articles"]))
    out.print(table)


@places_app.command("add")
def add_place(
    alias: str = typer.Argument(..., help="The words in the text: Yida camp"),
    name: str | None = typer.Option(None, help="The place's name (default: the alias)"),
    country: str | None = typer.Option(None, help="ISO 3166-1 alpha-3"),
    lat: float | None = typer.Option(None),
    lon: float | None = typer.Option(None),
    admin1: str | None = typer.Option(None),
    feature: str | None = typer.Option(None, help="camp, city, base, ..."),
    precision: str = typer.Option("city", help="site, city, admin2, admin1, country, region"),
    db: Path = DbOption,
) -> None:
    """Add one place alias to the store."""
    from storyline.dictionaries import DictionaryError, PlaceAlias, store_place

    try:
        place = PlaceAlias.from_record(
            {
                "alias": alias,
                "name": name,
                "country": country,
                "lat": lat,
                "lon": lon,
                "admin1": admin1,
                "feature": feature,
                "precision": precision,
                "source": "cli",
            },
            "place alias",
        )
    except DictionaryError as exc:
        fail(str(exc))
    with _store(db) as store:
        added = store_place(store.con, place)
    console.print(f"{'added' if added else 'already there'}: {place.alias} -> {place.name}", highlight=False)


@places_app.command("import")
def import_places(
    path: Path = typer.Argument(
        ..., help="CSV (header: alias,name,country,lat,lon,admin1,feature,precision), JSON or JSON Lines"
    ),
    db: Path = DbOption,
) -> None:
    """Import place aliases from a file."""
    _import(path, db, "places")


@places_app.command("list")
def list_places(db: Path = DbOption, as_json: bool = typer.Option(False, "--json")) -> None:
    """The store's place aliases."""
    from storyline.dictionaries import stored_entries

    with _store(db, read_only=True) as store:
        _, places = stored_entries(store.con)
    if as_json:
        write_json(json.dumps([p.record() for p in places]))
        return
    table = Table("alias", "name", "country", "lat", "lon", "precision", "source")
    for p in places:
        table.add_row(
            p.alias,
            p.name,
            p.country or "",
            "" if p.lat is None else f"{p.lat:g}",
            "" if p.lon is None else f"{p.lon:g}",
            p.precision,
            p.source,
        )
    out.print(table)


@actors_app.command("apply")
def apply_stored(db: Path = DbOption) -> None:
    """Re-code the stored articles with the current dictionaries (entries added after ingest)."""
    from storyline.dictionaries import DictionaryError
    from storyline.dictionaries.recode import recode_store

    if not db.exists():
        fail(f"{db}: no store here")
    with _store(db) as store:
        try:
            report = recode_store(store)
        except DictionaryError as exc:
            fail(str(exc))
    console.print(
        f"{report.versions_changed} of {report.versions_read} article versions re-coded "
        f"({report.fields_changed} fields); run 'storyline link' for stories to follow"
    )
