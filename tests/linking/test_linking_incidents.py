"""Stories link incidents: no mega-stories, undated mentions only on strong evidence, one name
per outlet, every differing value stated, and a missing link model is one clear error."""

from __future__ import annotations

import pytest

from storyline.linking.embeddings import get_embedder
from storyline.linking.outlets import normalise_outlet
from storyline.linking.slots import story_detail
from storyline.linking.stories import StoryLinker
from storyline.model import Actor, Casualties, DateInfo, Event, EventLocation, Extraction, Incident, Trigger
from storyline.store import Store
from storyline.text.article import article_from_text


def event(
    sentence: str,
    *,
    a1: str | None,
    a2: str | None,
    ptype: str,
    day: str | None,
    place: str | None,
    lat: float | None,
    lon: float | None,
    killed: float | None = None,
    eid: str = "e0",
    trigger: str = "killed",
    quad: int = 4,
) -> Event:
    def actor(code: str | None) -> Actor | None:
        return Actor(text=code, name=code, country=code, span=(0, 1)) if code else None

    return Event(
        id=eid,
        text=sentence,
        span=(0, len(sentence)),
        trigger=Trigger(text=trigger, lemma=trigger, span=(0, 1)),
        actor1=actor(a1),
        actor2=actor(a2),
        plover_type=ptype,
        cameo_root="19" if quad == 4 else "05",
        quad_class=quad,
        goldstein=-10.0,
        date=DateInfo(value=day, precision="day", text=day, span=(0, 1)) if day else None,
        location=EventLocation(name=place, lat=lat, lon=lon, precision="city", country=a2) if place else None,
        casualties=[Casualties(kind="killed", count=killed, span=(0, 5))] if killed is not None else [],
    )


def save(
    store: Store,
    outlet: str,
    url: str,
    published: str,
    *events: Event,
    incidents: list[Incident] | None = None,
) -> None:
    text = " ".join(e.text for e in events)
    a = article_from_text(text, title=events[0].text[:40], outlet=outlet, url=url, published=published)
    store.save(Extraction(article=a, events=list(events), incidents=incidents or []))


@pytest.fixture()
def store():
    s = Store(":memory:")
    yield s
    s.close()


def link(store: Store) -> None:
    # The default embedder (MiniLM with the embeddings extra): the learned model's own.
    StoryLinker(store, embedder=get_embedder()).link_pending()


def stories(store: Store) -> list[tuple]:
    return store.con.execute(
        "SELECT place_name, num_mentions, num_sources FROM story_events ORDER BY place_name NULLS LAST"
    ).fetchall()


def test_the_lahore_failure_unrelated_bombings_in_four_countries_stay_four_stories(store):
    # Four deadly attacks reported within days, worded alike, in different countries — two
    # of the reports give no date of their own. None may swallow another.
    save(
        store,
        "Wire A",
        "https://a.example/idlib",
        "2024-05-06T08:00:00+00:00",
        event(
            "Government aircraft bombed Idlib on Sunday, killing 10 people, rescuers said.",
            a1="SYR",
            a2="SYRREB",
            ptype="ASSAULT",
            day="2024-05-05",
            place="Idlib",
            lat=35.93,
            lon=36.63,
            killed=10,
        ),
    )
    save(
        store,
        "Wire B",
        "https://b.example/lahore",
        "2024-05-07T09:00:00+00:00",
        event(
            "A bomb exploded at a market in Lahore, killing 8 people, police said.",
            a1=None,
            a2="PAK",
            ptype="ASSAULT",
            day=None,
            place="Lahore",
            lat=31.55,
            lon=74.34,
            killed=8,
        ),
    )
    save(
        store,
        "Wire C",
        "https://c.example/kabul",
        "2024-05-07T10:00:00+00:00",
        event(
            "Gunmen attacked a mosque in Kabul, killing 10 people, officials said.",
            a1="AFGINS",
            a2="AFG",
            ptype="ASSAULT",
            day="2024-05-06",
            place="Kabul",
            lat=34.53,
            lon=69.17,
            killed=10,
        ),
    )
    save(
        store,
        "Wire D",
        "https://d.example/london",
        "2024-05-08T11:00:00+00:00",
        event(
            "The inquest heard how the attackers on London Bridge killed 8 people.",
            a1=None,
            a2="GBR",
            ptype="ASSAULT",
            day=None,
            place=None,
            lat=None,
            lon=None,
            killed=8,
        ),
    )
    link(store)
    assert store.con.execute("SELECT count(*) FROM story_events").fetchone()[0] == 4
    assert all(n == 1 for _, n, _ in stories(store))


def test_an_undated_report_joins_only_with_the_same_actors_type_and_place(store):
    dated = "Ruritanian troops shelled the border town of Elsberg on Monday, killing four civilians."
    undated_same = "Ruritanian troops shelled the border town of Elsberg, killing four civilians."
    undated_other = "Troops shelled a border town, killing four civilians, a monitor said."
    save(
        store,
        "Wire A",
        "https://a.example/1",
        "2024-03-04T10:00:00+00:00",
        event(
            dated,
            a1="RUR",
            a2="FRE",
            ptype="ASSAULT",
            day="2024-03-04",
            place="Elsberg",
            lat=10.0,
            lon=20.0,
            killed=4,
        ),
    )
    save(
        store,
        "Wire B",
        "https://b.example/1",
        "2024-03-04T12:00:00+00:00",
        event(
            undated_same,
            a1="RUR",
            a2="FRE",
            ptype="ASSAULT",
            day=None,
            place="Elsberg",
            lat=10.0,
            lon=20.0,
            killed=4,
        ),
    )
    save(
        store,
        "Wire C",
        "https://c.example/1",
        "2024-03-04T13:00:00+00:00",
        event(
            undated_other,
            a1=None,
            a2=None,
            ptype="ASSAULT",
            day=None,
            place=None,
            lat=None,
            lon=None,
            killed=4,
        ),
    )
    link(store)
    rows = stories(store)
    assert rows == [("Elsberg", 2, 2), (None, 1, 1)]


def test_an_incident_and_all_its_mentions_go_to_one_story(store):
    lead = "Ruritanian jets struck a school in Elsberg on Monday."
    follow = "The strike killed twelve people, the health ministry said."
    e0 = event(
        lead,
        a1="RUR",
        a2="FRE",
        ptype="ASSAULT",
        day="2024-03-04",
        place="Elsberg",
        lat=10.0,
        lon=20.0,
        trigger="strike",
    )
    e1 = event(
        follow,
        a1=None,
        a2=None,
        ptype="ASSAULT",
        day=None,
        place=None,
        lat=None,
        lon=None,
        killed=12,
        eid="e1",
        trigger="kill",
    )
    incident = Incident(id="i0", event_ids=["e0", "e1"], span=(0, len(lead)), confidence=0.8, text=lead)
    save(
        store, "Wire A", "https://a.example/school", "2024-03-04T10:00:00+00:00", e0, e1, incidents=[incident]
    )
    link(store)
    assert store.con.execute("SELECT count(DISTINCT story_id), count(*) FROM story_mentions").fetchone() == (
        1,
        2,
    )


def test_feed_titles_of_one_outlet_count_as_one_source(store):
    s1 = "Ruritanian forces shelled the border town of Elsberg on Monday, killing four civilians."
    s2 = "Ruritania's army shelled Elsberg on Monday and killed four civilians, officials said."
    ev = dict(
        a1="RUR", a2="FRE", ptype="ASSAULT", day="2024-03-04", place="Elsberg", lat=10.0, lon=20.0, killed=4
    )
    save(store, "BBC News", "https://bbc.example/1", "2024-03-04T10:00:00+00:00", event(s1, **ev))
    save(store, "BBC News - Home", "https://bbc.example/2", "2024-03-04T12:00:00+00:00", event(s2, **ev))
    link(store)
    assert stories(store) == [("Elsberg", 2, 1)]
    assert normalise_outlet("BBC News - World") == normalise_outlet("bbc news") == normalise_outlet("BBC")
    assert normalise_outlet("Daily Planet - Home") == "Daily Planet"
    assert normalise_outlet("The Guardian") != normalise_outlet("BBC News")


def test_killed_10_against_8_in_one_story_is_stated_as_a_contradiction(store):
    s1 = "Ruritanian forces shelled the border town of Elsberg on Monday, killing 10 civilians."
    s2 = (
        "Ruritanian forces shelled the border town of Elsberg on Monday, killing 8 civilians, officials said."
    )
    ev = dict(a1="RUR", a2="FRE", ptype="ASSAULT", day="2024-03-04", place="Elsberg", lat=10.0, lon=20.0)
    save(store, "Wire A", "https://a.example/1", "2024-03-04T10:00:00+00:00", event(s1, killed=10, **ev))
    save(store, "Wire B", "https://b.example/1", "2024-03-04T12:00:00+00:00", event(s2, killed=8, **ev))
    link(store)
    [(story_id, mentions)] = store.con.execute("SELECT story_id, num_mentions FROM story_events").fetchall()
    assert mentions == 2
    detail = story_detail(store, story_id)
    [conflict] = [c for c in detail["contradictions"] if c["slot"] == "casualties.killed"]
    assert sorted(conflict["values"]) == ["10", "8"]


def test_the_dashboard_never_says_the_sources_agree():
    from pathlib import Path

    import storyline

    root = Path(storyline.__file__).parent
    for folder in ("serve", "linking"):
        for path in (root / folder).rglob("*"):
            if path.suffix in (".py", ".js", ".html"):
                assert "sources agree" not in path.read_text(encoding="utf-8").lower(), path


def test_a_missing_link_model_names_the_file_and_the_train_command(tmp_path):
    from storyline.linking.features import load_model
    from storyline.training import ModelFileError

    with pytest.raises(ModelFileError, match="storyline train linking"):
        load_model(str(tmp_path / "linking_model.npz"))
