"""Exports load unchanged in the readers analysts use (DuckDB, pandas) and write incidents, not fragments.

Built from stored extractions we write by hand (no NLP), so each assertion checks the export code.
"""

from __future__ import annotations

import csv
import json
from datetime import UTC, datetime

import duckdb
import pytest
from typer.testing import CliRunner

import storyline
from storyline.cli import _register, app
from storyline.model import (
    Actor,
    Casualties,
    DateInfo,
    Event,
    EventLocation,
    Extraction,
    Incident,
    Place,
    Toll,
    Trigger,
)
from storyline.store import Store
from storyline.text.article import article_from_text

pd = pytest.importorskip("pandas")

TEXT = (
    'Gunmen calling themselves "The Lions" attacked a bus near Gao on Monday, killing 5 passengers.\n\n'
    "The attackers fired on the bus and set it alight. In 2012 rebels seized Gao, killing 30 people. "
    "Officials said it was a tragedy."
)


def _span(word: str) -> tuple[int, int]:
    start = TEXT.index(word)
    return (start, start + len(word))


def _actor(
    text: str, country: str | None = None, sector: str | None = None, kind: str | None = "group"
) -> Actor:
    return Actor(span=_span(text), text=text, name=text, country=country, sector=sector, kind=kind)


GAO = EventLocation(
    place_id="p1", name="Gao", country="MLI", lat=16.2666, lon=-0.0400, precision="city", confidence=0.8
)


def _event(
    eid: str,
    trigger: str,
    a1: Actor | None,
    a2: Actor | None,
    *,
    cameo="180",
    conf=0.9,
    killed: float | None = None,
    day: str | None = "2026-03-02",
    precision="day",
    location: EventLocation | None = GAO,
    status="asserted",
) -> Event:
    return Event(
        id=eid,
        span=_span(trigger),
        text=trigger,
        trigger=Trigger(span=_span(trigger), text=trigger),
        actor1=a1,
        actor2=a2,
        plover_type="ASSAULT",
        cameo_code=cameo,
        cameo_root=cameo[:2],
        quad_class=4,
        goldstein=-9.0,
        status=status,
        confidence=conf,
        date=DateInfo(span=(0, 0), value=day, precision=precision, text="Monday") if day else None,
        location=location,
        casualties=[Casualties(span=(0, 0), kind="killed", count=killed)] if killed else [],
    )


def _extraction(url: str | None, published: str | None, *, outlet="Sahel Post") -> Extraction:
    article = article_from_text(
        TEXT, title="Bus attacked near Gao", url=url, outlet=outlet, published=published
    )
    lions = _actor('"The Lions"')
    passengers = _actor("passengers", "MLI", "CVL")
    events = [
        _event("e1", "attacked", lions, _actor("a bus", kind=None), killed=5),
        _event("e2", "fired", _actor("The attackers", kind=None), _actor("the bus", kind=None)),
        _event(
            "e3",
            "seized",
            _actor("rebels", "MLI", "REB"),
            _actor("Gao", "MLI", kind="country"),
            cameo="1711",
            day="2012",
            precision="year",
            killed=30,
        ),
        _event("e4", "said", _actor("Officials", "MLI", "GOV"), None, cameo="010", conf=0.2),
    ]
    incidents = [
        Incident(
            id="i1",
            span=_span("attacked"),
            confidence=0.85,
            event_ids=["e1", "e2"],
            actor1=lions,
            actor2=passengers,
            plover_type="ASSAULT",
            cameo_code="180",
            cameo_root="18",
            acled_event_type="Violence against civilians",
            acled_sub_event_type="Attack",
            date=DateInfo(span=_span("Monday"), value="2026-03-02", precision="day", text="Monday"),
            location=GAO,
            fatalities=Toll(best=5, low=5, high=5, spans=[_span("killing 5")]),
            text="Gunmen attacked a bus near Gao on Monday.",
        ),
        Incident(
            id="i2",
            span=_span("seized"),
            confidence=0.8,
            event_ids=["e3"],
            timing="background",
            actor1=_actor("rebels", "MLI", "REB"),
            plover_type="ASSAULT",
            cameo_code="1711",
            date=DateInfo(span=_span("2012"), value="2012", precision="year", text="2012"),
            location=GAO,
            fatalities=Toll(best=30, low=30, high=30),
        ),
    ]
    places = [
        Place(
            id="p1",
            span=_span("Gao"),
            text="Gao",
            name="Gao",
            gazetteer_id="geonames:2457161",
            feature="city",
            country="MLI",
            admin1="Gao",
            lat=16.2666,
            lon=-0.04,
            precision="city",
        )
    ]
    return Extraction(article=article, events=events, incidents=incidents, places=places)


@pytest.fixture()
def db(tmp_path):
    path = tmp_path / "s.duckdb"
    with Store(path) as store:
        store.save(_extraction("https://sahelpost.example/gao", "2026-03-03T08:00:00+00:00"))
        undated = _extraction(None, None, outlet="Desk Wire")
        undated.article.text = TEXT + " "  # another article, no date anywhere
        undated.article.sha256 = "undated"
        undated.article.source = "/data/inbox/wire.txt"
        for event in undated.events:
            event.date = None
        for incident in undated.incidents:
            incident.date = None
        store.save(undated)
    return path


def _run(*args: str):
    _register()
    return CliRunner().invoke(app, list(args), catch_exceptions=False)


def test_gdelt_tsv_loads_in_duckdb_and_pandas_defaults_with_no_row_lost(db, tmp_path):
    out = tmp_path / "events.tsv"
    result = _run("export", "--format", "gdelt", "--db", str(db), "--out", str(out))
    assert result.exit_code == 0, result.output
    assert "left out: 1 with no known date" in result.output  # the undated article's attack
    lines = out.read_text(encoding="utf-8").splitlines()
    # the incident (2 mentions) is one row; the background seizure and the low-confidence statement are not
    assert len(lines) == 1
    row = lines[0].split("\t")
    assert len(row) == 61 and '"' not in lines[0]
    assert row[6] == "'THE LIONS'"  # Actor1Name: a proper name, quotes made apostrophes
    assert row[31] == "2"  # NumMentions: both mentions of the incident
    assert row[60] == "https://sahelpost.example/gao"
    frame = pd.read_csv(out, sep="\t", header=None)
    assert len(frame) == len(lines) and frame.shape[1] == 61
    assert int(frame.iloc[0, 0]) > 0
    rows = duckdb.sql(f"SELECT * FROM read_csv('{out}')").fetchall()
    assert len(rows) == len(lines)


def test_gdelt_ids_only_grow_and_mentions_point_at_them(db, tmp_path):
    first = tmp_path / "a.tsv"
    _run("export", "--format", "gdelt", "--db", str(db), "--out", str(first))
    first_id = int(first.read_text().split("\t", 1)[0])
    cut = datetime.now(UTC).isoformat()
    with Store(db) as store:
        later = _extraction(
            "https://sahelpost.example/gao-2", "2026-03-04T08:00:00+00:00", outlet="Niger Daily"
        )
        later.article.text = TEXT + " Updated."
        later.article.sha256 = "later"
        store.save(later)
    second = tmp_path / "b.tsv"
    assert (
        _run("export", "--format", "gdelt", "--db", str(db), "--out", str(second), "--since", cut).exit_code
        == 0
    )
    rows = [line.split("\t") for line in second.read_text().splitlines()]
    assert len(rows) == 1 and int(rows[0][0]) > first_id  # only the new article, with a larger id
    mentions = tmp_path / "m.tsv"
    assert (
        _run(
            "export",
            "--format",
            "gdelt",
            "--table",
            "mentions",
            "--db",
            str(db),
            "--out",
            str(mentions),
            "--since",
            cut,
        ).exit_code
        == 0
    )
    mention_rows = [line.split("\t") for line in mentions.read_text().splitlines()]
    assert len(mention_rows) == 2 and {r[0] for r in mention_rows} == {rows[0][0]}
    assert all(len(r) == 16 for r in mention_rows)
    assert mention_rows[0][4] == "sahelpost.example" and mention_rows[0][5].startswith("https://")


def test_acled_csv_one_row_per_incident_with_real_codes(db, tmp_path):
    out = tmp_path / "acled.csv"
    result = _run("export", "--format", "acled", "--db", str(db), "--out", str(out))
    assert result.exit_code == 0, result.output
    assert "left out: 1 with no known date" in result.output
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert len(rows) == 1  # two mentions, one incident; the 2012 seizure is background
    row = rows[0]
    assert row["event_id_cnty"].startswith("MLI") and row["event_id_cnty"][3:].isdigit()
    assert (row["event_type"], row["sub_event_type"]) == ("Violence against civilians", "Attack")
    assert row["fatalities"] == "5" and row["region"] == "Western Africa" and row["iso"] == "466"
    assert row["inter2"] == "7" and row["actor2"] == "Civilians (Mali)" and row["interaction"] == "37"
    assert row["actor1"] == '"The Lions"' and row["inter1"] == "3"
    frame = pd.read_csv(out)
    assert all(frame[c].dtype.kind == "i" for c in ("year", "iso", "inter1", "inter2", "interaction"))
    assert frame["fatalities"].sum() == 5  # no background toll among current fatalities
    assert len(duckdb.sql(f"SELECT * FROM read_csv('{out}')").fetchall()) == 1


def test_confidence_threshold_is_a_flag(db, tmp_path):
    out = tmp_path / "all.tsv"
    _run("export", "--format", "gdelt", "--db", str(db), "--out", str(out), "--min-confidence", "0")
    codes = [line.split("\t")[26] for line in out.read_text().splitlines()]
    assert "010" in codes  # the 0.2-confidence statement comes out when asked for


def test_geojson_points_of_located_incidents(db, tmp_path):
    out = tmp_path / "incidents.geojson"
    assert _run("export", "--format", "geojson", "--db", str(db), "--out", str(out)).exit_code == 0
    collection = json.loads(out.read_text())
    assert collection["type"] == "FeatureCollection"
    feats = collection["features"]
    assert {f["properties"]["kind"] for f in feats} == {"incident"}
    assert feats[0]["geometry"] == {"type": "Point", "coordinates": [-0.04, 16.2666]}
    assert feats[0]["properties"]["acled_sub_event_type"] == "Attack"
    assert feats[0]["properties"]["fatalities"] == 5


def test_parquet_has_timestamps_fatalities_and_story_ids(db, tmp_path):
    out = tmp_path / "events.parquet"
    assert (
        _run(
            "export",
            "--format",
            "parquet",
            "--table",
            "events",
            "--db",
            str(db),
            "--out",
            str(out),
            "--min-confidence",
            "0",
        ).exit_code
        == 0
    )
    types = dict(
        duckdb.sql(f"SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM '{out}')").fetchall()
    )
    assert types["article_published"].startswith("TIMESTAMP") and types["fatalities"] == "DOUBLE"
    assert "story_id" in types
    killed = duckdb.sql(
        f"SELECT sum(fatalities) FROM '{out}' WHERE article_published IS NOT NULL"
    ).fetchall()[0][0]
    assert killed == 35  # 5 on the bus + 30 in 2012: the events table keeps every mention's figure


def test_csv_export_guards_formula_cells(tmp_path):
    path = tmp_path / "f.duckdb"
    extraction = _extraction("https://x.example/a", "2026-03-03T08:00:00+00:00")
    extraction.article.title = '=HYPERLINK("http://evil.example","click")'
    with Store(path) as store:
        store.save(extraction)
    result = _run("export", "--format", "csv", "--table", "articles", "--db", str(path))
    title = next(csv.DictReader(result.stdout.splitlines()))["title"]
    assert title.startswith("'=HYPERLINK")


def test_open_gives_dataframes(db):
    with storyline.open(db) as data:
        incidents = data.incidents()
        assert list(incidents["id"]) == ["i1", "i1"]  # the current incident of both articles
        assert incidents["fatalities"].sum() == 10
        everything = data.incidents(current_only=False, min_confidence=0)
        assert set(everything["timing"]) == {"current", "background"}
        events = data.events()
        assert {"fatalities", "story_id", "article_published"} <= set(events.columns)
        assert (events["confidence"] >= 0.5).all()
        assert data.stories().empty  # nothing linked in this store
    with pytest.raises(FileNotFoundError):
        storyline.open(db.parent / "missing.duckdb")


def test_acled_actor_names_are_acled_style_never_raw_phrases():
    from storyline.export.acled import BATTLES, STRATEGIC, VAC, actor_label

    it = Actor(span=(0, 2), text="it", kind=None)
    assert actor_label(it, VAC, first=True, where="Mali") == ("Unidentified Armed Group (Mali)", 3)
    assert actor_label(it, VAC, first=False, where="Mali") == ("Civilians (Mali)", 7)
    assert actor_label(None, STRATEGIC, first=True, where="Kenya", sub_event_type="Arrests") == (
        "Police Forces of Kenya",
        1,
    )
    mali = Actor(span=(0, 4), text="Mali", country="MLI", kind="country")
    assert actor_label(mali, BATTLES, first=True) == ("Military Forces of Mali", 1)
    assert actor_label(mali, STRATEGIC, first=True) == ("Government of Mali", 1)
    police = Actor(span=(0, 6), text="police", sector="COP", kind="group")
    assert actor_label(police, STRATEGIC, first=True, where="Kenya") == ("Police Forces of Kenya", 1)
    fighters = Actor(span=(0, 8), text="fighters", sector="REB", kind="group")
    assert actor_label(fighters, BATTLES, first=False, where="Mali") == ("Unidentified Armed Group (Mali)", 2)
    named = Actor(span=(0, 10), text="Boko Haram", sector="REB", kind="organization")
    assert actor_label(named, VAC, first=True, where="Nigeria") == ("Boko Haram", 2)


def test_exports_carry_corrections_and_leave_rejected_records_out(db, tmp_path):
    from storyline.review import record_review

    with Store(db) as store:
        (article_id,) = store.con.execute(
            "SELECT article_id FROM article_versions WHERE url = 'https://sahelpost.example/gao'"
        ).fetchall()[0]
        record_review(
            store.con,
            "incident",
            article_id,
            "i1",
            "edit",
            changes={"fatalities": 7},
            reason="the ministry's later toll",
            reviewer="ana",
        )
        record_review(store.con, "event", article_id, "e4", "reject", reason="not an event", reviewer="ana")
    out = tmp_path / "acled.csv"
    assert _run("export", "--format", "acled", "--db", str(db), "--out", str(out)).exit_code == 0
    (row,) = list(csv.DictReader(out.open(encoding="utf-8")))
    assert row["fatalities"] == "7" and row["reviewed"] == "True"
    events = tmp_path / "events.parquet"
    assert (
        _run(
            "export",
            "--format",
            "parquet",
            "--table",
            "events",
            "--db",
            str(db),
            "--out",
            str(events),
            "--min-confidence",
            "0",
        ).exit_code
        == 0
    )
    said = duckdb.sql(f"SELECT count(*) FROM '{events}' WHERE trigger = 'said'").fetchall()[0][0]
    assert (
        said == 1
    )  # the rejected statement of the reviewed article is gone; the other article keeps its own
    reviewed = duckdb.sql(f"SELECT count(*) FROM '{events}' WHERE reviewed").fetchall()[0][0]
    assert reviewed == 0  # events of the edited incident were not themselves reviewed
