"""Users' actor dictionaries and place aliases, on real pipeline runs over sentences written for these tests."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from storyline.dictionaries import (
    ActorEntry,
    Dictionaries,
    DictionaryError,
    PlaceAlias,
    apply_dictionaries,
    entries_from_file,
    store_actor,
    store_place,
)
from storyline.store import Store
from storyline.text.article import article_from_text

KERRY = [
    {
        "name": "John Kerry",
        "aliases": "Kerry;Senator Kerry",
        "country": "USA",
        "sector": "LEG",
        "valid_from": "1985-01-03",
        "valid_to": "2013-02-01",
    },
    {
        "name": "John Kerry",
        "aliases": "Kerry;Secretary Kerry",
        "country": "USA",
        "sector": "GOV",
        "valid_from": "2013-02-01",
        "valid_to": "2017-01-20",
    },
]
FRONT = {
    "name": "Kivu Mountain Front",
    "aliases": "KMF;the Front",
    "country": "COD",
    "sector": "REB",
    "kind": "group",
}


def _dictionaries(*records, places=()):
    d = Dictionaries()
    for r in records:
        d.add_actor(ActorEntry.from_record(r))
    for p in places:
        d.add_place(PlaceAlias.from_record(p))
    return d


def _run(pipeline, text, published):
    return pipeline.analyse(article_from_text(text, published=published))


def test_title_and_period_pick_the_office_held_on_the_date(pipeline):
    d = _dictionaries(*KERRY)
    late = _run(
        pipeline, "Secretary Kerry met Iranian officials in Geneva on Monday.", "2014-03-10T10:00:00+00:00"
    )
    assert apply_dictionaries(late, d) >= 1
    actor = late.events[0].actor1
    assert (actor.name, actor.country, actor.sector, actor.cameo) == ("John Kerry", "USA", "GOV", "USAGOV")
    why = late.events[0].why["actor1"]
    assert (
        why.by == "dictionary" and why.name == "dictionary:store:John Kerry" and why.span == tuple(actor.span)
    )
    assert "2013-02-01" in why.detail
    early = _run(
        pipeline, "Senator Kerry criticised the administration on Tuesday.", "2009-06-02T10:00:00+00:00"
    )
    apply_dictionaries(early, d)
    assert (early.events[0].actor1.country, early.events[0].actor1.sector) == ("USA", "LEG")
    # No entry holds in 1980: the built-in reading stays, and no why claims a dictionary.
    before = _run(
        pipeline, "Senator Kerry criticised the administration on Tuesday.", "1980-06-02T10:00:00+00:00"
    )
    apply_dictionaries(before, d)
    assert before.events[0].actor1.country is None and "actor1" not in before.events[0].why


def test_unknown_group_and_place_alias_take_precedence(pipeline):
    text = (
        "Fighters of the Kivu Mountain Front attacked a village near Tamarind Ridge on Sunday, killing four "
        "farmers. The Kivu Mountain Front denied the attack."
    )
    ex = _run(pipeline, text, "2023-08-14T10:00:00+00:00")
    assert ex.events[0].actor1.country is None  # the built-ins do not know the group
    d = _dictionaries(
        FRONT,
        places=[
            {
                "alias": "Tamarind Ridge",
                "name": "Tamarind Ridge",
                "country": "COD",
                "lat": -1.5,
                "lon": 29.1,
                "feature": "village",
                "precision": "city",
            }
        ],
    )
    apply_dictionaries(ex, d)
    attack = ex.events[0]
    assert (attack.actor1.name, attack.actor1.country, attack.actor1.sector) == (
        "Kivu Mountain Front",
        "COD",
        "REB",
    )
    assert attack.location.name == "Tamarind Ridge" and attack.location.country == "COD"
    assert attack.why["location"].by == "dictionary"
    ridge = next(p for p in ex.places if p.text == "Tamarind Ridge")
    assert (ridge.lat, ridge.lon, ridge.gazetteer_id) == (-1.5, 29.1, "alias:Tamarind Ridge")
    assert text[ridge.span[0] : ridge.span[1]] == "Tamarind Ridge"


def test_acronyms_match_only_as_written(pipeline):
    d = _dictionaries(FRONT)
    ex = _run(
        pipeline,
        "KMF gunmen shelled the market on Friday. The shelling hit us, a trader said.",
        "2023-08-14T10:00:00+00:00",
    )
    apply_dictionaries(ex, d)
    assert ex.events[0].actor1.country == "COD"
    assert d.find_actor(["kmf"], None) is None and d.find_actor(["KMF"], None) is not None


def test_store_dictionary_applies_on_ingest_and_survives_reopen(tmp_path, pipeline):
    path = tmp_path / "d.duckdb"
    with Store(path) as store:
        for r in KERRY:
            assert store_actor(store.con, ActorEntry.from_record({**r, "source": "cli"}))
        assert not store_actor(
            store.con, ActorEntry.from_record({**KERRY[0], "source": "cli"})
        )  # no duplicate
        store_place(
            store.con,
            PlaceAlias.from_record(
                {"alias": "Camp Juniper", "name": "Camp Juniper", "country": "SSD", "lat": 9.9, "lon": 30.1}
            ),
        )
    ex = _run(
        pipeline,
        "Secretary Kerry warned the militia after the raid on Camp Juniper on Monday.",
        "2015-05-04T10:00:00+00:00",
    )
    with Store(path) as store:
        saved = store.save(ex)
        row = store.con.execute(
            "SELECT actor1_name, actor1_country, actor1_sector, data FROM events "
            "WHERE version_id = ? AND id = 'e0'",
            [saved.version_id],
        ).fetchone()
    assert row[:3] == ("John Kerry", "USA", "GOV")
    assert json.loads(row[3])["why"]["actor1"]["name"] == "dictionary:cli:John Kerry"


def test_files_and_bad_entries(tmp_path):
    csv_file = tmp_path / "mine.csv"
    csv_file.write_text(
        "name,aliases,country,sector,valid_from,valid_to\n"
        "Kivu Mountain Front,KMF;the Front,cod,REB,,\n"
        "Ada Mwangi,Governor Mwangi,KEN,GOV,2022,2027\n",
        encoding="utf-8",
    )
    actors, places = entries_from_file(csv_file)
    assert [a.country for a in actors] == ["COD", "KEN"] and not places
    assert actors[1].valid_from.isoformat() == "2022-01-01" and actors[1].valid_to.isoformat() == "2027-12-31"
    places_file = tmp_path / "places.json"
    places_file.write_text(
        json.dumps([{"alias": "Yellow Hill camp", "country": "SSD", "lat": 9.1, "lon": 29.9}])
    )
    assert entries_from_file(places_file)[1][0].name == "Yellow Hill camp"
    for record, message in [
        ({"name": "X"}, "needs a country"),
        ({"name": "X", "country": "Narnia"}, "alpha-3"),
        ({"name": "X", "country": "KEN", "valid_from": "soon"}, "not a date"),
        ({"name": "X", "country": "KEN", "valid_from": "2020", "valid_to": "2019"}, "after"),
    ]:
        with pytest.raises(DictionaryError, match=message):
            ActorEntry.from_record(record)
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    with pytest.raises(DictionaryError, match="not valid json"):
        entries_from_file(bad)


def test_cli_add_import_list_and_unknown(tmp_path, pipeline):
    from storyline.cli import _register, app

    _register()
    db = tmp_path / "cli.duckdb"
    runner = CliRunner()
    r = runner.invoke(
        app,
        [
            "actors",
            "add",
            "Kivu Mountain Front",
            "--alias",
            "KMF",
            "--country",
            "COD",
            "--sector",
            "REB",
            "--db",
            str(db),
        ],
    )
    assert r.exit_code == 0, r.output
    f = tmp_path / "a.jsonl"
    f.write_text(json.dumps(KERRY[1]) + "\n")
    assert runner.invoke(app, ["actors", "import", str(f), "--db", str(db)]).exit_code == 0
    listed = json.loads(runner.invoke(app, ["actors", "list", "--db", str(db), "--json"]).stdout)
    assert [a["name"] for a in listed] == ["Kivu Mountain Front", "John Kerry"]
    bad = runner.invoke(app, ["actors", "add", "Nobody", "--db", str(db)])
    assert bad.exit_code == 2 and "needs a country" in bad.output
    assert (
        runner.invoke(
            app,
            [
                "place-aliases",
                "add",
                "Camp Juniper",
                "--country",
                "SSD",
                "--lat",
                "9.9",
                "--lon",
                "30.1",
                "--db",
                str(db),
            ],
        ).exit_code
        == 0
    )
    with Store(db) as store:
        for n, text in enumerate(
            [
                "Zintar riders raided the cattle camp on Monday.",
                "Zintar riders burned a school on Tuesday.",
                "They attacked it again on Wednesday.",
            ]
        ):
            store.save(
                pipeline.analyse(article_from_text(text, published=f"2023-01-0{n + 2}T10:00:00+00:00"))
            )
    unknown = json.loads(runner.invoke(app, ["actors", "unknown", "--db", str(db), "--json"]).stdout)
    assert unknown[0]["phrase"].lower() == "zintar riders" and unknown[0]["articles"] == 2
    assert not any(u["phrase"].lower() in ("they", "it") for u in unknown)


def test_actors_apply_recodes_what_was_stored_before_the_entry(tmp_path, pipeline):
    from storyline.cli import _register, app

    _register()
    db = tmp_path / "apply.duckdb"
    runner = CliRunner()
    with Store(db) as store:
        for n, text in enumerate(
            [
                "Zintar riders raided the cattle camp near Camp Juniper on Monday.",
                "Zintar riders burned a school on Tuesday.",
            ]
        ):
            store.save(
                pipeline.analyse(article_from_text(text, published=f"2023-01-0{n + 2}T10:00:00+00:00"))
            )
    assert (
        runner.invoke(
            app, ["actors", "add", "Zintar Riders", "--country", "SSD", "--sector", "REB", "--db", str(db)]
        ).exit_code
        == 0
    )
    assert (
        runner.invoke(
            app,
            [
                "place-aliases",
                "add",
                "Camp Juniper",
                "--country",
                "SSD",
                "--lat",
                "9.9",
                "--lon",
                "30.1",
                "--db",
                str(db),
            ],
        ).exit_code
        == 0
    )
    first = runner.invoke(app, ["actors", "apply", "--db", str(db)])
    assert first.exit_code == 0 and "2 of 2 article versions re-coded" in first.output
    with Store(db, read_only=True) as store:
        rows = store.con.execute(
            "SELECT actor1_name, actor1_country, actor1_sector, place_name, lat FROM events "
            "ORDER BY article_id"
        ).fetchall()
    assert {r[:3] for r in rows} == {("Zintar Riders", "SSD", "REB")}
    assert ("Camp Juniper", 9.9) in {r[3:] for r in rows}
    again = runner.invoke(app, ["actors", "apply", "--db", str(db)])
    assert "0 of 2 article versions re-coded" in again.output  # idempotent
    unknown = runner.invoke(app, ["actors", "unknown", "--db", str(db), "--json", "--min-count", "1"]).stdout
    assert "zintar" not in unknown.lower()


def test_dictionary_file_in_the_environment_codes_extract(tmp_path, monkeypatch):
    import storyline

    f = tmp_path / "front.json"
    f.write_text(json.dumps([FRONT]))
    monkeypatch.setenv("STORYLINE_DICTIONARIES", str(f))
    result = storyline.extract(
        "Fighters of the Kivu Mountain Front attacked a village on Sunday.",
        published="2023-08-14T10:00:00+00:00",
    )
    actor = result.events[0].actor1
    assert (actor.country, actor.sector) == ("COD", "REB") and result.events[0].why[
        "actor1"
    ].by == "dictionary"
    monkeypatch.setenv("STORYLINE_DICTIONARIES", str(tmp_path / "missing.csv"))
    with pytest.raises(DictionaryError, match="no such dictionary file"):
        storyline.extract("Fighters of the Kivu Mountain Front attacked a village on Sunday.")


def test_dictionaries_component_reads_its_files_setting(tmp_path, pipeline):
    from storyline.pipeline import PipelineConfig, get_pipeline

    f = tmp_path / "front.json"
    f.write_text(json.dumps([FRONT]))
    config = PipelineConfig(settings={"dictionaries": {"files": [str(f)]}})
    text = "Fighters of the Kivu Mountain Front attacked a village on Sunday."
    coded = get_pipeline(config).analyse(article_from_text(text, published="2023-08-14T10:00:00+00:00"))
    plain = _run(pipeline, text, "2023-08-14T10:00:00+00:00")
    assert plain.events[0].actor1.country is None
    actor = coded.events[0].actor1
    assert (actor.name, actor.country, actor.sector) == ("Kivu Mountain Front", "COD", "REB")
