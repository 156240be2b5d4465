"""The learned toponym detector and ranker (``toponyms.npz``): our own sentences, the model file,
the benchmark split and scoring; a short real run on LGL/GeoVirus dev articles when ../shared is there."""

from __future__ import annotations

import numpy as np
import pytest

from storyline.pipeline import PipelineConfig, get_pipeline
from storyline.places.benchmarks import BenchDoc, GoldToponym, read_corpus, score_benchmark, split_of
from storyline.places.geo import haversine_km
from storyline.text.article import article_from_text
from storyline.training import ModelFileError


@pytest.fixture(scope="module")
def geo():
    return get_pipeline(PipelineConfig(components=("entities", "places")))


def places_of(geo, text: str):
    return geo.analyse(article_from_text(text, title="t")).places


def near(place, lat: float, lon: float, km: float) -> bool:
    return place.lat is not None and haversine_km(place.lat, place.lon, lat, lon) <= km


def test_shipped_model_loads_and_is_small():
    from storyline.places.learned import MODEL_PATH, load_model

    model = load_model()
    assert MODEL_PATH.stat().st_size < 200_000
    assert 0.0 < model.detect_threshold < 1.0 and 0.0 < model.resolve_threshold < 1.0
    probs = model.detect(np.zeros((3, len(model.detect.mu))))
    assert probs.shape == (3,) and ((probs >= 0) & (probs <= 1)).all()


def test_missing_or_corrupt_model_names_file_and_command(tmp_path):
    from storyline.places.learned import load_model

    with pytest.raises(ModelFileError, match="storyline train toponyms"):
        load_model(str(tmp_path / "none.npz"))
    bad = tmp_path / "bad.npz"
    bad.write_bytes(b"not a zip")
    with pytest.raises(ModelFileError, match="bad.npz"):
        load_model(str(bad))


def test_state_after_city_is_the_us_state_not_the_country(geo):
    places = places_of(geo, "Police in Atlanta, Georgia, arrested two men on Tuesday.")
    atlanta = next(p for p in places if p.text == "Atlanta")
    assert near(atlanta, 33.75, -84.39, 40)
    georgia = [p for p in places if p.text == "Georgia"]
    assert georgia and georgia[0].country == "USA"


def test_demonyms_are_linked_to_their_country_as_their_own_kind(geo):
    text = "Kenyan officials said floods had cut the road to Mombasa, where Kenyan troops were helping."
    places = places_of(geo, text)
    demonyms = [p for p in places if p.mention == "demonym"]
    assert demonyms and all(p.country == "KEN" for p in demonyms)
    mombasa = next(p for p in places if p.text == "Mombasa")
    assert mombasa.mention is None and near(mombasa, -4.05, 39.66, 30)


def test_a_name_found_once_is_found_again(geo):
    text = (
        "Fire crews in Saskatoon worked through the night. The fire started in a warehouse. "
        "Saskatoon officials said the Saskatoon fire chief would report on Monday."
    )
    found = [p for p in places_of(geo, text) if p.text == "Saskatoon"]
    assert len(found) == 3 and all(near(p, 52.13, -106.67, 40) for p in found)


def test_unknown_names_get_no_invented_point(geo):
    places = places_of(geo, "The convoy reached Zorblatville on Friday, the army said.")
    for place in places:
        if "Zorblat" in place.text:
            assert place.lat is None and place.precision == "unknown"
    assert all(0.0 <= p.confidence <= 1.0 for p in places)


def test_person_named_like_a_place_is_not_placed(geo):
    places = places_of(geo, "Coach Sydney Brown said the team played well, and Brown praised the defence.")
    assert not any(p.lat is not None and "Brown" in p.text for p in places)


def test_a_longer_unknown_name_gives_way_to_the_place_inside_it(geo):
    text = (
        "Deputies said the man was booked into the Henderson County Jail in Hendersonville, "
        "North Carolina, on Tuesday. Storms hit North Texas on Monday; schools in Dallas closed."
    )
    by_text = {p.text: p for p in places_of(geo, text)}
    county = by_text["Henderson County"]  # not the unplaced "Henderson County Jail"
    assert county.feature == "admin2" and county.admin1 == "North Carolina"
    texas = by_text["Texas"]  # not an unplaced "North Texas"
    assert texas.feature == "admin1" and texas.country == "USA"
    assert "Henderson County Jail" not in by_text and "North Texas" not in by_text


def test_far_reading_guard_needs_two_other_places():
    from storyline.places.gazetteer import load_gazetteer
    from storyline.places.readings import far_from_the_rest

    gaz = load_gazetteer()

    def entry(name: str, cc: str):
        return next(e for e, exact in gaz.lookup(name) if exact and e.cc == cc and e.feature == "city")

    paris, dallas, austin = entry("Paris", "FR"), entry("Dallas", "US"), entry("Austin", "US")
    far = far_from_the_rest([("paris", paris), ("dallas", dallas), ("austin", austin)])
    assert far == {id(paris)}
    # one other place: no telling which is the odd one out
    assert far_from_the_rest([("paris", paris), ("dallas", dallas)]) == set()
    # a country's point counts as a place nearby (Paris is near France's), never guarded itself
    france = gaz.country("FR")
    assert far_from_the_rest([("paris", paris), ("dallas", dallas), ("france", france)]) == {id(dallas)}


def test_admin_point_is_the_middle_of_the_unit_not_of_its_towns():
    from storyline.places.gazetteer import _area_point, _mean_point

    # a 4 x 4 degree unit: its corners, and 200 towns crowded into its south-west corner
    corners = [(40.0, -100.0), (40.0, -96.0), (44.0, -100.0), (44.0, -96.0)]
    towns = [(40.0 + (i % 10) * 0.05, -100.0 + (i // 10) * 0.05) for i in range(200)]
    lat, lon = _area_point(corners * 3 + towns)
    assert abs(lat - 42.0) < 0.3 and abs(lon + 98.0) < 0.3
    mean_lat, mean_lon = _mean_point(corners * 3 + towns)
    assert mean_lat < 41.0  # the towns' mean sits in the crowded corner


def test_split_is_stable_and_about_60_20_20():
    splits = [split_of("lgl", str(n)) for n in range(2000)]
    assert splits == [split_of("lgl", str(n)) for n in range(2000)]
    share = {s: splits.count(s) / len(splits) for s in ("train", "dev", "test")}
    assert 0.55 < share["train"] < 0.65 and 0.15 < share["dev"] < 0.25 and 0.15 < share["test"] < 0.25


def test_benchmark_scoring_counts_misses_and_far_points():
    doc = BenchDoc(
        "x",
        "1",
        "dev",
        "Basra and Amman.",
        [GoldToponym(0, 5, "Basra", 30.51, 47.78), GoldToponym(10, 15, "Amman", 31.95, 35.93)],
    )
    # Basra right, Amman missed, one extra prediction placed in Peru (far from both).
    result = score_benchmark([doc], [[(0, 5, 30.5, 47.8), (6, 9, -12.0, -77.0)]])
    assert result["recall"] == 0.5 and result["acc@161"] == 0.5 and result["acc@161_found"] == 1.0
    assert result["far_share"] == 0.5 and result["median_km"] < 5


def test_benchmarks_read_with_article_splits(shared):
    docs = read_corpus(shared, "lgl") + read_corpus(shared, "geovirus")
    assert len(docs) > 800 and sum(len(d.gold) for d in docs) > 6000
    for doc in docs[:50]:
        for gold in doc.gold:
            assert doc.text[gold.start : gold.end].lower() == gold.text.lower()
    # the paragraphs of one GeoVirus story share a split
    by_story: dict[str, set[str]] = {}
    for doc in docs:
        if doc.corpus == "geovirus":
            by_story.setdefault(doc.doc_id.rsplit("#", 1)[0], set()).add(doc.split)
    assert all(len(s) == 1 for s in by_story.values())


def test_dev_articles_are_geoparsed_well(shared, geo):
    """A short real run: 12 LGL and 8 GeoVirus dev articles (the full figures: `storyline eval geo`)."""
    docs = [d for d in read_corpus(shared, "lgl") if d.split == "dev"][:12]
    docs += [d for d in read_corpus(shared, "geovirus") if d.split == "dev"][:8]
    preds = []
    for doc in docs:
        places = _places(geo, doc.text)  # the benchmark's own text: offsets must not move
        preds.append([(p.span[0], p.span[1], p.lat, p.lon) for p in places])
    result = score_benchmark(docs, preds)
    assert result["recall"] >= 0.8
    assert result["acc@161"] >= 0.6
    assert result["far_share"] <= 0.15


def _places(geo, text: str):
    from storyline.model import Article

    return geo.analyse(Article(text=text)).places


def test_words_of_a_name_and_a_titled_person_are_no_places(geo):
    text = (
        "Senator Kerry criticised the administration on Tuesday. Fighters of the Kivu Mountain Front "
        "attacked a village near Tamarind Ridge on Sunday. The Kivu Mountain Front denied the attack."
    )
    by_text = {p.text: p for p in places_of(geo, text)}
    assert "Kerry" not in by_text  # a person: 'Senator' before it
    assert "Mountain" not in by_text  # a word of the group's name
    assert "Tamarind Ridge" in by_text and "Ridge" not in by_text  # not its generic head
