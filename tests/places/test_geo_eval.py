"""The geo evaluation harness, and geoparsing of real articles in ../shared."""

from __future__ import annotations

from storyline.evaluation.geo import read_labels, score_documents
from storyline.model import Place
from storyline.places.geo import haversine_km


def test_haversine_known_distance():
    # Baghdad to Tehran is about 690 km.
    assert 670 < haversine_km(33.31, 44.37, 35.69, 51.39) < 710


def test_labels_are_references_not_text():
    labels = read_labels()
    assert len(labels) >= 200
    assert len({g["doc"] for g in labels}) >= 50
    assert {g["split"] for g in labels} == {"dev", "test"}
    for gold in labels:
        assert set(gold) == {"doc", "start", "end", "text", "lat", "lon", "level", "split"}
        assert gold["end"] - gold["start"] == len(gold["text"])


def test_scoring_counts_misses_and_distances():
    labels = [
        {"doc": "d", "start": 0, "end": 5, "text": "Basra", "lat": 30.51, "lon": 47.78, "split": "dev"},
        {"doc": "d", "start": 10, "end": 15, "text": "Amman", "lat": 31.95, "lon": 35.93, "split": "dev"},
    ]
    predicted = [Place(id="p0", text="Basra", span=(0, 5), lat=30.5, lon=47.8, precision="city")]
    result = score_documents(labels, lambda ref: predicted)
    assert result["all"]["acc@161"] == 0.5 and result["all"]["found"] == 1
    assert result["all"]["median_km"] < 5


def test_seed_article_places(shared, pipeline):
    from storyline.text.article import article_from_text

    text = (shared / "seed" / "iran-attacks-us-bases-huffpost.txt").read_text(encoding="utf-8")
    result = pipeline.analyse(article_from_text(text, published="2020-01-07T19:03:00-05:00"))
    places = result.places

    def near(p, lat, lon, km):
        return p.lat is not None and haversine_km(p.lat, p.lon, lat, lon) <= km

    asad = [p for p in places if "asad" in p.text.lower() or "assad" in p.text.lower()]
    assert asad and all(near(p, 33.79, 42.44, 60) for p in asad)
    erbil = [p for p in places if p.text == "Erbil"]
    assert erbil and all(near(p, 36.19, 44.01, 40) for p in erbil)
    countries = {p.country for p in places if p.precision == "country"}
    assert {"QAT", "BHR", "ARE", "TUR", "SAU", "AFG", "IRN", "IRQ", "USA"} <= countries
    assert any(p.text == "Tehran" and p.precision == "city" and p.country == "IRN" for p in places)
    for event in result.events:  # whatever events the events stage found carry a located place
        if event.location is not None and event.location.lat is not None:
            assert event.location.precision != "unknown"


def test_eval_runs_on_shared_documents(shared):
    from storyline.evaluation.geo import evaluate_geo

    result = evaluate_geo(limit=6)
    assert result["documents"] == 6
    assert result["all"]["acc@161"] >= 0.8
