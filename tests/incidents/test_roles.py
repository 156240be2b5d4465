"""The learned role extractor on text written for this test, and its model file errors."""

from __future__ import annotations

import pytest

from storyline.incidents import roles
from storyline.training import ModelFileError

REPORT = (
    "urban guerrillas of the popular liberation army attacked a police station in medellin on tuesday with "
    "dynamite, killing two policemen. the police said the guerrillas fled after the attack. the explosion "
    "destroyed the building and damaged three vehicles."
)


def test_roles_on_a_written_report(pipeline):
    model = roles.load_model()
    found = model.fillers(pipeline.nlp(REPORT))
    perpetrators = [text for role in ("PerpInd", "PerpOrg") for text, _, _ in found[role]]
    assert any("guerrillas" in p or "liberation army" in p for p in perpetrators), found
    assert any("dynamite" in w for w, _, _ in found["Weapon"]), found
    everything = [t for fillers in found.values() for t, _, _ in fillers]
    assert "tuesday" not in everything and "medellin" not in perpetrators
    for fillers in found.values():
        for text, score, (start, end) in fillers:
            assert 0.0 <= score <= 1.0 and roles.normalise(REPORT[start:end]) == text


def test_missing_model_file_names_the_command(tmp_path):
    with pytest.raises(ModelFileError, match="storyline train roles"):
        roles.load_model(tmp_path / "roles.npz")
    broken = tmp_path / "broken.npz"
    broken.write_bytes(b"not a zip")
    with pytest.raises(ModelFileError, match="corrupt"):
        roles.load_model(broken)
