"""The event harnesses (muc4, india-police, petrarch) on small slices of the real data, and the seed."""

from __future__ import annotations

from storyline.evaluation import get_task
from storyline.evaluation.muc4 import head_word, max_matching, normalise, score
from storyline.text.article import article_from_text


def test_grit_normalisation_and_matching():
    assert normalise("The  FMLN's urban guerrillas.") == "fmlns urban guerrillas"
    assert head_word("members of the fmln") == "members"
    gold = [["fmln", "farabundo marti national liberation front"], ["army"]]
    assert max_matching(["fmln", "farabundo marti national liberation front"], gold, str.__eq__) == 1
    result = score(
        [{"PerpInd": [], "PerpOrg": ["fmln", "police"], "Target": [], "Victim": [], "Weapon": []}],
        [{"PerpInd": [], "PerpOrg": gold, "Target": [], "Victim": [], "Weapon": []}],
    )
    assert result["exact"]["PerpOrg"]["precision"] == 0.5 and result["exact"]["PerpOrg"]["recall"] == 0.5


def test_muc4_harness_scores_real_documents(shared):
    result = get_task("muc4")(data=shared / "corpora/conflict_events/muc4/train.json", limit=8)
    assert result["documents"] == 8
    micro = result["exact"]["micro_avg"]
    assert micro["tp"] + micro["fn"] > 0 and micro["tp"] > 0  # some gold fillers, some found
    assert result["head_noun"]["micro_avg"]["tp"] >= micro["tp"]


def test_india_police_harness(shared):
    result = get_task("india-police")(limit=400)
    assert result["sentences"] == 400
    assert result["ARREST"]["tp"] > 0 and result["ARREST"]["precision"] >= 0.5


def test_petrarch_harness(shared):
    result = get_task("petrarch")(limit=60)
    assert result["records"] == 60
    assert 0 < result["coverage"] <= 1 and result["root_agreement"] > 0


def test_seed_article_events(shared, pipeline):
    text = (shared / "seed/iran-attacks-us-bases-huffpost.txt").read_text(encoding="utf-8")
    events = pipeline.analyse(article_from_text(text, published="2020-01-07T19:03:00-05:00")).events

    def country(actor):
        return actor.country if actor is not None else None

    iran_on_us = [
        e
        for e in events
        if e.plover_type == "ASSAULT"
        and country(e.actor1) == "IRN"
        and country(e.actor2) == "USA"
        and e.cameo_root in ("18", "19")
    ]
    assert any(e.plover_mode is not None for e in iran_on_us)  # ballistic missiles: a mode
    # at the bases: their occupants are the target, the bases are where it happened
    where = {e.location.name for e in iran_on_us if e.location is not None}
    assert any("Asad" in name for name in where) and "Erbil" in where, where
    assert {e.date.value for e in iran_on_us if e.date is not None} == {"2020-01-08"}
    us_on_soleimani = [
        e
        for e in events
        if e.plover_type == "ASSAULT"
        and e.actor2 is not None
        and "Soleimani" in e.actor2.text
        and country(e.actor1) == "USA"
    ]
    assert us_on_soleimani and us_on_soleimani[0].instrument == "drone"
    threats = [
        e
        for e in events
        if e.plover_type == "THREATEN"
        and e.status == "threatened"
        and country(e.actor1) == "IRN"
        and e.actor2 is not None
        and "allies" in e.actor2.text
    ]
    assert threats
    negated = [e for e in events if e.status == "negated"]
    assert negated  # "no Americans were killed"
    assert not [e for e in events if e.trigger.lemma == "say"]


def test_goldstein_table_agrees_with_real_gdelt_rows(shared):
    """Every (EventCode, GoldsteinScale) pair in the GDELT 2.0 sample rows matches our table."""
    import csv

    from storyline.events.coding import goldstein

    checked = 0
    for name in ("events.csv", "events1.csv", "eventsT.csv"):
        with (shared / "corpora/gdelt_samples/spark-gdelt-test" / name).open(encoding="utf-8") as rows:
            for row in csv.reader(rows, delimiter="\t"):
                if len(row) > 30 and row[26].isdigit() and row[30]:
                    assert goldstein(row[26]) == float(row[30]), row[26]
                    checked += 1
    assert checked > 50
