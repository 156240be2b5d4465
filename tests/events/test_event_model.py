"""The learned event model: shipped weights load and code real sentences; bad files fail clearly."""

from __future__ import annotations

import numpy as np
import pytest

from storyline.evaluation.events import calibration, f1_scores
from storyline.event_model.features import Candidate, feature_names
from storyline.event_model.model import MODEL_PATH, load_model
from storyline.training import ModelFileError


def _events(text: str):
    from storyline.pipeline import get_pipeline
    from storyline.text.article import article_from_text

    article = article_from_text(text).model_copy(update={"language": "en"})
    return get_pipeline().analyse(article).events


def test_shipped_model_loads_and_has_every_head():
    model = load_model()
    assert model.path == MODEL_PATH
    assert {"detect", "status", "plover", "acled"} <= set(model.heads)
    assert len(model.heads["acled"][2]) >= 20  # the ACLED sub-event types (and "none")
    assert MODEL_PATH.stat().st_size < 10_000_000


def test_model_codes_pipeline_events_with_calibrated_confidence():
    events = _events(
        "Police arrested twelve people after the clashes in Srinagar on Monday. "
        "A core team which burnt the midnight oil delivered the new app on time. "
        "ISIS fighters recaptured the village after a fierce battle."
    )
    by_trigger = {e.trigger.text: e for e in events}
    assert "arrested" in by_trigger
    arrest = by_trigger["arrested"]
    assert arrest.why["confidence"].by == "model" and 0.0 <= arrest.confidence <= 1.0
    assert arrest.plover_type == "COERCE" and arrest.acled_sub_event_type == "Arrests"
    assert arrest.acled_event_type == "Strategic developments"
    recaptured = by_trigger.get("recaptured")  # no rule codes it: the model flags the sentence
    assert recaptured is not None and recaptured.why["confidence"].by == "model"
    assert recaptured.acled_event_type == "Battles"
    idiom = by_trigger.get("burnt")
    if idiom is not None:  # the rules propose it; the model must not trust it
        assert idiom.confidence < arrest.confidence and idiom.confidence < 0.5


def test_trigger_window_features_depend_on_the_trigger():
    text = "Police fired tear gas at the protesters."
    a = feature_names(Candidate(text, (7, 12), {"plover": "ASSAULT", "cameo": "190"}))
    b = feature_names(Candidate(text, (0, 6), None))
    assert "t:fir" in a and "norule" in b and "r:root:19" in a
    assert set(a) != set(b)


@pytest.mark.parametrize("payload", [b"", b"not a zip file at all", None])
def test_missing_or_corrupt_model_is_one_clear_error(tmp_path, payload):
    path = tmp_path / "events.npz"
    if payload is not None:
        path.write_bytes(payload)
    with pytest.raises(ModelFileError) as err:
        load_model(str(path))
    assert str(path) in str(err.value) and "storyline train events" in str(err.value)


def test_model_file_with_wrong_arrays_is_corrupt(tmp_path):
    path = tmp_path / "events.npz"
    np.savez(path, rows=np.arange(3))
    with pytest.raises(ModelFileError, match="storyline train events"):
        load_model(str(path))


def test_pipeline_start_up_names_a_missing_model(tmp_path):
    from storyline.pipeline import Pipeline, PipelineConfig

    missing = tmp_path / "nowhere.npz"
    config = PipelineConfig(
        components=("entities", "events", "event_model"), settings={"event_model": {"path": str(missing)}}
    )
    with pytest.raises(ModelFileError, match="nowhere.npz.*storyline train events"):
        Pipeline(config)


def test_scores_and_calibration_helpers():
    assert f1_scores(["a", "a", "b"], ["a", "b", "b"])["macro_f1"] == pytest.approx(
        (2 / 3 + 2 / 3) / 2, abs=1e-3
    )
    ece, table = calibration([0.9, 0.9, 0.1, 0.1], [True, True, False, False])
    assert ece == pytest.approx(0.1, abs=1e-6)
    assert table[-1]["threshold"] == 0.9 and table[-1]["precision"] == 1.0


def test_train_events_rebuilds_a_loadable_model(shared, tmp_path):
    pytest.importorskip("sklearn")  # the train extra
    from storyline.training import get_trainer

    figures = get_trainer("events")(out=tmp_path / "events.npz", data=shared, limit=150, vectors=False)
    model = load_model(figures["path"])
    assert figures["bytes"] > 0 and "detect" in model.heads
    preds = model.predict([Candidate("Rebels attacked the army base.", (7, 15), None)])
    assert 0.0 <= preds[0].event <= 1.0


def test_a_sentence_with_a_rule_event_is_not_flagged_again():
    events = _events(
        "Police raided the hideouts of the gang in the old city on Monday. "
        "The police failed to contain the violence, a minister said."
    )
    assert events
    flagged = [e for e in events if e.why["confidence"].detail == "a sentence the rules did not code"]
    rule_triggers = [e.trigger.span[0] for e in events if e not in flagged]
    assert not any(f.span[0] <= t < f.span[1] for f in flagged for t in rule_triggers)
    inaction = [e for e in events if e.trigger.text == "contain"]
    assert inaction and all(e.status == "negated" for e in inaction)  # the model never un-negates


def test_police_inaction_keeps_the_rules_detection():
    """The model scores "the police look the other way" low; the rules' inaction of a security
    force stays exported. The rules' inaction of officials (no security force) stays the model's."""
    from storyline.confidence import DEFAULT_MIN_CONFIDENCE

    police = [
        e
        for e in _events("Witnesses saw the police look the other way while homes burned.")
        if e.cameo_code == "150"
    ]
    assert police and police[0].status == "negated" and police[0].actor1.sector == "COP"
    why = police[0].why["confidence"]
    assert why.by == "rule" and "model 0." in (why.detail or "")
    assert police[0].confidence >= DEFAULT_MIN_CONFIDENCE
    officials = [
        e
        for e in _events("Critics blamed the absence of senior officials for the delay.")
        if e.cameo_code == "150"
    ]
    assert officials and officials[0].why["confidence"].by == "model"
    assert officials[0].confidence < DEFAULT_MIN_CONFIDENCE
