"""GDELT and ACLED exports from hand-built, stored extractions (no NLP needed)."""

from __future__ import annotations

import csv
import io

import pytest

from storyline.export.acled import COLUMNS as ACLED_COLUMNS
from storyline.export.acled import acled_rows, acled_type
from storyline.export.documents import global_ids, iter_documents
from storyline.export.gdelt import COLUMNS as GDELT_COLUMNS
from storyline.export.gdelt import gdelt_rows
from storyline.export.units import iter_units
from storyline.model import Actor, Casualties, DateInfo, Event, EventLocation, Extraction, Place, Trigger
from storyline.store import Store
from storyline.text.article import article_from_text

TEXT = (
    "Soldiers clashed with rebels near Kismayo on Saturday, killing 7 fighters, officials said.\n\n"
    "The defence minister accused the rebels of attacking a school. "
    "Police arrested 4 men in Mogadishu."
)


def _actor(text: str, country: str | None, sector: str | None, kind: str = "group") -> Actor:
    return Actor(span=(0, len(text)), text=text, name=text, country=country, sector=sector, kind=kind)


def _event(
    eid: str,
    cameo: str,
    ptype: str,
    trigger: str,
    a1: Actor | None,
    a2: Actor | None,
    *,
    quad: int,
    goldstein: float,
    status: str = "asserted",
    killed: float | None = None,
    place: str | None = "p1",
    mode: str | None = None,
) -> Event:
    start = TEXT.index(trigger)
    location = None
    if place == "p1":
        location = EventLocation(
            place_id="p1",
            name="Kismayo",
            country="SOM",
            lat=-0.3582,
            lon=42.5454,
            precision="city",
            confidence=0.8,
        )
    elif place == "p2":
        location = EventLocation(
            place_id="p2",
            name="Mogadishu",
            country="SOM",
            lat=2.0371,
            lon=45.3438,
            precision="city",
            confidence=0.8,
        )
    return Event(
        id=eid,
        span=(start, start + len(trigger)),
        text=trigger,
        trigger=Trigger(span=(start, start + len(trigger)), text=trigger),
        actor1=a1,
        actor2=a2,
        plover_type=ptype,
        plover_mode=mode,
        cameo_code=cameo,
        cameo_root=cameo[:2],
        quad_class=quad,
        goldstein=goldstein,
        status=status,
        date=DateInfo(span=(0, 0), value="2026-02-14", precision="day", text="Saturday"),
        location=location,
        casualties=[Casualties(span=(0, 0), kind="killed", count=killed)] if killed else [],
        plover_type_2021="FIGHT" if ptype == "ASSAULT" else ptype,
    )


def _extraction(outlet: str, url: str, with_accuse: bool = True) -> Extraction:
    article = article_from_text(
        TEXT, title="Clashes near Kismayo", url=url, outlet=outlet, published="2026-02-15T10:00:00+03:00"
    )
    army = _actor("Soldiers", "SOM", "MIL")
    rebels = _actor("rebels", "SOM", "REB")
    events = [
        _event("e1", "193", "ASSAULT", "clashed", army, rebels, quad=4, goldstein=-10.0, killed=7),
        _event(
            "e3",
            "173",
            "COERCE",
            "arrested",
            _actor("Police", "SOM", "COP"),
            _actor("4 men", None, None),
            quad=4,
            goldstein=-5.0,
            place="p2",
            mode="arrest",
        ),
        _event(
            "e4",
            "190",
            "ASSAULT",
            "attacking",
            rebels,
            _actor("a school", "SOM", "EDU"),
            quad=4,
            goldstein=-10.0,
            status="negated",
        ),
    ]
    if with_accuse:
        events.insert(
            1,
            _event(
                "e2",
                "112",
                "ACCUSE",
                "accused",
                _actor("The defence minister", "SOM", "GOV", "person"),
                rebels,
                quad=3,
                goldstein=-2.0,
            ),
        )
    places = [
        Place(
            id="p1",
            span=(0, 0),
            text="Kismayo",
            name="Kismayo",
            gazetteer_id="geonames:55671",
            feature="city",
            country="SOM",
            admin1="06",
            lat=-0.3582,
            lon=42.5454,
            precision="city",
        ),
        Place(
            id="p2",
            span=(0, 0),
            text="Mogadishu",
            name="Mogadishu",
            gazetteer_id="geonames:53654",
            feature="city",
            country="SOM",
            admin1="Banaadir",
            lat=2.0371,
            lon=45.3438,
            precision="city",
        ),
    ]
    return Extraction(article=article, events=events, places=places)


def _units(store, min_confidence=0.5):
    return iter_units(iter_documents(store), min_confidence, global_ids(store))


@pytest.fixture()
def store(tmp_path):
    with Store(tmp_path / "x.duckdb") as s:
        s.save(_extraction("Horn Wire", "https://hornwire.example/kismayo"))
        # a second outlet reporting the same clash (different wording, same coded event)
        second = _extraction("Coast Times", "https://coasttimes.example/clash", with_accuse=False)
        second.article.text = TEXT + " More details to follow."
        second.article.sha256 = "other"
        s.save(second)
        yield s


def test_gdelt_rows_have_61_columns_and_merge_the_same_event_across_outlets(store):
    rows = [dict(zip(GDELT_COLUMNS, r, strict=True)) for r in gdelt_rows(_units(store))]
    assert all(len(r) == 61 for r in rows)
    by_code = {r["EventCode"]: r for r in rows}
    assert set(by_code) == {"193", "112", "173"}  # the negated attack is not an event
    clash = by_code["193"]
    assert (clash["NumMentions"], clash["NumSources"], clash["NumArticles"]) == ("2", "2", "2")
    assert clash["SQLDATE"] == "20260214" and clash["MonthYear"] == "202602" and clash["Year"] == "2026"
    assert (clash["Actor1Code"], clash["Actor1CountryCode"], clash["Actor1Type1Code"]) == (
        "SOMMIL",
        "SOM",
        "MIL",
    )
    assert (
        clash["Actor2Code"] == "SOMREB" and clash["Actor1Name"] == "MILITARY FORCES OF SOMALIA"
    )  # ACLED-style standard name
    # the actors are Somali and the clash is in Somalia: their geography is the action's
    assert clash["Actor1Geo_FullName"] == clash["ActionGeo_FullName"] == "Kismayo, Somalia"
    assert (clash["EventBaseCode"], clash["EventRootCode"], clash["QuadClass"]) == ("193", "19", "4")
    assert clash["GoldsteinScale"] == "-10" and clash["IsRootEvent"] == "1"
    # ActionGeo uses FIPS codes: Somalia is SO; Kismayo is a world city (type 4)
    assert clash["ActionGeo_Type"] == "4" and clash["ActionGeo_CountryCode"] == "SO"
    assert clash["ActionGeo_ADM1Code"] == "SO06" and clash["ActionGeo_FeatureID"] == "55671"
    assert clash["ActionGeo_FullName"] == "Kismayo, Somalia"
    assert clash["ActionGeo_Lat"] == "-0.3582" and clash["ActionGeo_Long"] == "42.5454"
    assert clash["SOURCEURL"].startswith("https://") and len(clash["DATEADDED"]) == 14
    assert by_code["112"]["IsRootEvent"] == "0" and by_code["112"]["NumArticles"] == "1"
    arrest = by_code["173"]
    assert arrest["ActionGeo_FullName"] == "Mogadishu, Banaadir, Somalia"
    assert arrest["Actor2Name"] == "" and arrest["Actor2Code"] == ""  # "4 men" is no dictionary actor
    ids = [int(r["GLOBALEVENTID"]) for r in rows]
    assert len(set(ids)) == len(ids) and all(i > 0 for i in ids)


def test_gdelt_layout_matches_real_gdelt_rows(shared):
    sample = shared / "corpora" / "gdelt_samples" / "spark-gdelt-test" / "events.csv"
    rows = [line.rstrip("\n").split("\t") for line in sample.open(encoding="utf-8")][:50]
    assert all(len(r) == len(GDELT_COLUMNS) for r in rows)
    col = {name: i for i, name in enumerate(GDELT_COLUMNS)}
    for row in rows:
        code = row[col["EventCode"]]
        assert code.startswith(row[col["EventRootCode"]]) and code.startswith(row[col["EventBaseCode"]])
        assert row[col["QuadClass"]] in {"1", "2", "3", "4"}
        assert -10 <= float(row[col["GoldsteinScale"]]) <= 10
        assert len(row[col["DATEADDED"]]) == 14 and row[col["SOURCEURL"]].startswith("http")
        assert row[col["SQLDATE"]].startswith(row[col["Year"]])
        if row[col["ActionGeo_Type"]] not in ("", "0"):
            assert len(row[col["ActionGeo_CountryCode"]]) == 2  # FIPS, as we write it


def test_acled_rows_map_plover_and_cameo_to_acled_types(store):
    rows = list(acled_rows(_units(store)))
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=ACLED_COLUMNS)
    writer.writeheader()
    writer.writerows(rows)  # every row fits the declared columns
    kinds = sorted((r["event_type"], r["sub_event_type"]) for r in rows)
    # the accusation is verbal and the negated attack did not happen: neither is an ACLED event;
    # the two outlets' reports of the clash (and of the arrests) are one row each
    assert kinds == [("Battles", "Armed clash"), ("Strategic developments", "Arrests")]
    clash = next(r for r in rows if r["event_type"] == "Battles")
    assert clash["source"] == "Horn Wire; Coast Times" and clash["num_sources"] == 2
    assert clash["region"] == "Eastern Africa" and clash["event_id_cnty"].startswith("SOM")
    assert clash["actor1"] == "Military Forces of Somalia" and clash["inter1"] == 1
    assert clash["inter2"] == 2 and clash["interaction"] == 12
    assert clash["fatalities"] == 7 and clash["country"] == "Somalia" and clash["iso"] == 706
    assert clash["event_date"] == "2026-02-14" and clash["time_precision"] == 1
    assert clash["location"] == "Kismayo" and clash["geo_precision"] == 1 and clash["latitude"] == -0.3582
    assert clash["admin1"] == ""  # a bare admin code is not a name
    assert clash["plover_type"] == "ASSAULT" and clash["plover_type_2021"] == "FIGHT"
    arrest = next(r for r in rows if r["sub_event_type"] == "Arrests")
    assert arrest["actor1"] == "Police Forces of Somalia" and arrest["admin1"] == "Banaadir"
    assert len({r["event_id_cnty"] for r in rows}) == len(rows)


def test_acled_type_falls_back_to_plover_mode_and_checks_the_target():
    civilians = _actor("villagers", "MLI", "CVL")
    soldiers = _actor("soldiers", "MLI", "MIL")
    drone = _event("x", "190", "ASSAULT", "clashed", soldiers, civilians, quad=4, goldstein=-10)
    assert acled_type(drone) == ("Violence against civilians", "Attack")  # fighting on civilians
    drone.cameo_code = None
    drone.plover_mode = "drone"
    assert acled_type(drone) == ("Explosions/Remote violence", "Air/drone strike")
    riot = _event("y", "145", "PROTEST", "clashed", civilians, None, quad=4, goldstein=-6.5)
    assert acled_type(riot) == ("Riots", "Violent demonstration")
    talk = _event("z", "040", "CONSULT", "clashed", soldiers, None, quad=1, goldstein=1)
    assert acled_type(talk) is None
