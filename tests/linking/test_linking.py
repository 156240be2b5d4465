"""Story linking on hand-built extractions: merging, source counts, incremental updates."""

from __future__ import annotations

import pytest

from storyline.linking.embeddings import HashingEmbedder
from storyline.linking.stories import StoryLinker
from storyline.model import Actor, Casualties, DateInfo, Event, EventLocation, Extraction, Trigger
from storyline.store import Store
from storyline.text.article import article_from_text


def make_event(
    sentence: str,
    *,
    a1: str,
    a2: str,
    ptype: str,
    root: str,
    quad: int,
    day: str,
    lat: float,
    lon: float,
    place: str,
    killed: float | None = None,
    eid: str = "e0",
) -> Event:
    casualties = [Casualties(kind="killed", count=killed, span=(0, 5))] if killed is not None else []
    return Event(
        id=eid,
        text=sentence,
        span=(0, len(sentence)),
        trigger=Trigger(text="x", span=(0, 1)),
        actor1=Actor(text=a1, name=a1, country=a1, span=(0, 1)),
        actor2=Actor(text=a2, name=a2, country=a2, span=(0, 1)),
        plover_type=ptype,
        cameo_root=root,
        quad_class=quad,
        goldstein=-10.0,
        date=DateInfo(value=day, precision="day", text=day, span=(0, 1)),
        location=EventLocation(name=place, lat=lat, lon=lon, precision="city", country=a2),
        casualties=casualties,
    )


def article(text: str, outlet: str, url: str, published: str, *events: Event) -> Extraction:
    a = article_from_text(text, title=text[:30], outlet=outlet, url=url, published=published)
    return Extraction(article=a, events=list(events))


QUAKE_CITY = (10.0, 20.0)


@pytest.fixture()
def store():
    s = Store(":memory:")
    yield s
    s.close()


def linker(store: Store) -> StoryLinker:
    return StoryLinker(store, embedder=HashingEmbedder())


def test_reports_of_one_attack_from_three_outlets_become_one_story(store):
    s1 = "Ruritanian forces shelled the border town of Elsberg on Monday, killing four civilians."
    s2 = "Ruritania's army shelled Elsberg on Monday and killed four civilians, officials said."
    s3 = "Shelling by Ruritanian troops killed four civilians in the border town of Elsberg."
    other = "Ruritania and Freedonia signed a trade agreement in the capital on Monday."
    store.save(
        article(
            s1,
            "Wire A",
            "https://a.example/1",
            "2024-03-04T10:00:00+00:00",
            make_event(
                s1,
                a1="RUR",
                a2="FRE",
                ptype="ASSAULT",
                root="19",
                quad=4,
                day="2024-03-04",
                lat=10.0,
                lon=20.0,
                place="Elsberg",
                killed=4,
            ),
        )
    )
    store.save(
        article(
            s2,
            "Wire B",
            "https://b.example/1",
            "2024-03-04T12:00:00+00:00",
            make_event(
                s2,
                a1="RUR",
                a2="FRE",
                ptype="ASSAULT",
                root="19",
                quad=4,
                day="2024-03-04",
                lat=10.1,
                lon=20.1,
                place="Elsberg",
                killed=4,
            ),
        )
    )
    store.save(
        article(
            s3,
            "Paper C",
            "https://c.example/1",
            "2024-03-05T08:00:00+00:00",
            make_event(
                s3,
                a1="RUR",
                a2="FRE",
                ptype="ASSAULT",
                root="19",
                quad=4,
                day="2024-03-04",
                lat=10.0,
                lon=20.0,
                place="Elsberg",
                killed=4,
            ),
            make_event(
                other,
                a1="RUR",
                a2="FRE",
                ptype="AGREE",
                root="05",
                quad=1,
                day="2024-03-04",
                lat=11.0,
                lon=21.0,
                place="Capital",
                eid="e1",
            ),
        )
    )
    report = linker(store).link_pending()
    assert report.mentions_linked == 4
    stories = store.con.execute(
        "SELECT plover_type, num_mentions, num_articles, num_sources FROM story_events ORDER BY plover_type"
    ).fetchall()
    assert stories == [("AGREE", 1, 1, 1), ("ASSAULT", 3, 3, 3)]


def test_far_apart_attacks_on_the_same_day_stay_separate(store):
    s1 = "Rebels attacked an army post in the north, killing two soldiers."
    s2 = "Rebels attacked an army post in the south, killing two soldiers."
    for i, (sentence, lat) in enumerate(((s1, 10.0), (s2, 16.0))):
        store.save(
            article(
                sentence,
                f"Outlet {i}",
                f"https://x.example/{i}",
                "2024-03-04T10:00:00+00:00",
                make_event(
                    sentence,
                    a1="REB",
                    a2="GOV",
                    ptype="ASSAULT",
                    root="19",
                    quad=4,
                    day="2024-03-04",
                    lat=lat,
                    lon=20.0,
                    place=f"P{i}",
                ),
            )
        )
    linker(store).link_pending()
    assert store.con.execute("SELECT count(*) FROM story_events").fetchone()[0] == 2


def test_linking_is_incremental_and_a_new_version_replaces_its_old_mentions(store):
    s1 = "Ruritanian forces shelled the border town of Elsberg on Monday, killing four civilians."
    ev = dict(
        a1="RUR",
        a2="FRE",
        ptype="ASSAULT",
        root="19",
        quad=4,
        day="2024-03-04",
        lat=10.0,
        lon=20.0,
        place="Elsberg",
    )
    store.save(
        article(
            s1, "Wire A", "https://a.example/1", "2024-03-04T10:00:00+00:00", make_event(s1, killed=4, **ev)
        )
    )
    first = linker(store).link_pending()
    assert (first.mentions_linked, first.stories_created) == (1, 1)
    assert linker(store).link_pending().mentions_linked == 0  # nothing pending: no work

    s1b = s1 + " The toll later rose to six."
    store.save(
        article(
            s1b, "Wire A", "https://a.example/1", "2024-03-04T10:00:00+00:00", make_event(s1b, killed=6, **ev)
        )
    )
    again = linker(store).link_pending()
    assert again.mentions_removed == 1 and again.mentions_linked == 1
    row = store.con.execute("SELECT count(*), sum(num_mentions) FROM story_events").fetchone()
    assert row == (1, 1)


def test_story_detail_shows_each_source_and_flags_a_casualty_disagreement(store):
    from storyline.linking.slots import story_detail

    s1 = "Ruritanian forces shelled the border town of Elsberg on Monday, killing four civilians."
    s2 = "Ruritania's army shelled Elsberg on Monday; no one was killed, the governor said."
    ev = dict(
        a1="RUR",
        a2="FRE",
        ptype="ASSAULT",
        root="19",
        quad=4,
        day="2024-03-04",
        lat=10.0,
        lon=20.0,
        place="Elsberg",
    )
    store.save(
        article(
            s1, "Wire A", "https://a.example/1", "2024-03-04T10:00:00+00:00", make_event(s1, killed=4, **ev)
        )
    )
    e2 = make_event(s2, **ev)
    e2.casualties = [Casualties(kind="killed", count=None, negated=True, span=(30, 45))]
    store.save(article(s2, "Wire B", "https://b.example/1", "2024-03-04T11:00:00+00:00", e2))
    linker(store).link_pending()
    story_id = store.con.execute("SELECT story_id FROM story_events").fetchone()[0]
    detail = story_detail(store, story_id)
    assert detail["story"]["num_sources"] == 2
    assert {v["source"] for v in detail["slots"]["casualties.killed"]} == {"Wire A", "Wire B"}
    [conflict] = detail["contradictions"]
    assert conflict["slot"] == "casualties.killed" and conflict["severity"] == "high"
    assert set(conflict["sources"]) == {"Wire A", "Wire B"}


def test_dyad_trend_counts_each_story_once_per_day_in_both_directions(store):
    from storyline.linking.trend import dyad_trend

    s1 = "Ruritanian forces shelled the border town of Elsberg on Monday, killing four civilians."
    s2 = "Ruritania's army shelled Elsberg on Monday and killed four civilians, officials said."
    s3 = "Freedonia accused Ruritania of war crimes on Tuesday."
    ev = dict(
        a1="RUR",
        a2="FRE",
        ptype="ASSAULT",
        root="19",
        quad=4,
        day="2024-03-04",
        lat=10.0,
        lon=20.0,
        place="Elsberg",
    )
    store.save(
        article(s1, "Wire A", "https://a.example/1", "2024-03-04T10:00:00+00:00", make_event(s1, **ev))
    )
    store.save(
        article(s2, "Wire B", "https://b.example/1", "2024-03-04T11:00:00+00:00", make_event(s2, **ev))
    )
    accuse = make_event(
        s3,
        a1="FRE",
        a2="RUR",
        ptype="ACCUSE",
        root="11",
        quad=3,
        day="2024-03-05",
        lat=10.0,
        lon=20.0,
        place="Elsberg",
    )
    accuse.goldstein = -2.0
    store.save(article(s3, "Wire A", "https://a.example/2", "2024-03-05T11:00:00+00:00", accuse))
    linker(store).link_pending()
    rows = dyad_trend(store, "rur", "fre")
    assert [(str(r["period"]), r["plover_type"], r["events"]) for r in rows] == [
        ("2024-03-04", "ASSAULT", 1),
        ("2024-03-05", "ACCUSE", 1),
    ]
    assert rows[1]["goldstein_sum"] == -2.0
    assert dyad_trend(store, "RUR", "FRE", directed=True)[0]["plover_type"] == "ASSAULT"
    assert len(dyad_trend(store, "RUR", "FRE", directed=True)) == 1
    weekly = dyad_trend(store, "RUR", "FRE", by="week")
    assert sum(r["events"] for r in weekly) == 2


def test_version_diff_names_added_quotes_and_changed_casualties():
    from storyline.linking.versions import diff_extractions
    from storyline.model import Quote, Speaker

    s = "Ruritanian forces shelled Elsberg on Monday, killing four civilians."
    ev = dict(
        a1="RUR",
        a2="FRE",
        ptype="ASSAULT",
        root="19",
        quad=4,
        day="2024-03-04",
        lat=10.0,
        lon=20.0,
        place="Elsberg",
    )
    old = article(
        s, "Wire A", "https://a.example/1", "2024-03-04T10:00:00+00:00", make_event(s, killed=4, **ev)
    )
    new = article(
        s + " More.",
        "Wire A",
        "https://a.example/1",
        "2024-03-04T10:00:00+00:00",
        make_event(s, killed=6, **ev),
    )
    new.quotes = [
        Quote(id="qt0", text="We will respond.", span=(0, 5), speaker=Speaker(name="Anna Berg")),
        Quote(id="qt1", text="This was a massacre.", span=(6, 9), speaker=Speaker(name="Ole Dahl")),
    ]
    diff = diff_extractions(old, new)
    assert diff.counts() == {"events_changed": 1, "quotes_added": 2}
    added = [c.new["speaker"]["name"] for c in diff.changes if c.kind == "added"]
    assert added == ["Anna Berg", "Ole Dahl"]
