"""``storyline eval india-police``: sentence-level police-action detection on IndiaPoliceEvents.

IndiaPoliceEvents (Halterman, Keith, Sarwar & O'Connor, Findings of ACL 2021): Times of India
articles from March 2002 (Gujarat), every sentence labelled for "did police kill / arrest / use
force / fail to intervene". We answer each question from the events found in the sentence:

* the event's actor is the police: actor1 whose sector is COP/police, or whose words name the
  police ("police", "cops", "constable", "SRP", "RAF", "CRPF"), or an agentless passive arrest
  ("20 people were arrested" — in these reports the police are the ones who arrest);
* KILL: a police event of CAMEO 18-20 whose trigger is a killing verb/noun (kill, shoot dead,
  gun down, die/perish in police firing ...), or a police firing/shooting in a sentence that reports
  deaths (killed, dead, died);
* events that did not (yet) happen — hypothetical, threatened or planned ("will be arrested") —
  answer no question (a negated police event answers FAIL);
* ARREST: a police event coded 173 (arrest, detain), not negated;
* FORCE: a police event of PLOVER type ASSAULT (CAMEO 18-20, 175 crowd control, 1712);
* FAIL: a police event that is negated, or a police subject of fail/refuse-type verbs
  ("police failed to stop the mob", "police did not intervene").

Sentences come from ``data/final/sents.jsonl`` inside the corpus tar.gz (read in place). The rules
were developed on the documents whose ``doc_id`` is a multiple of 4 (the ``dev`` part, 5,163
sentences); the other documents are ``held_out``. The result reports all three.
"""

from __future__ import annotations

import json
import re
import tarfile
from pathlib import Path

from storyline.evaluation import eval_task
from storyline.evaluation.metrics import PRF
from storyline.evaluation.muc4 import english_article, event_pipeline, print_table, shared_path
from storyline.model import Event

LABELS = ("KILL", "ARREST", "FORCE", "FAIL")
DEFAULT_ARCHIVE = ("corpora", "conflict_events", "india_police_events", "IndiaPoliceEvents_final.tar.gz")
SENTENCES_MEMBER = "data/final/sents.jsonl"

POLICE_WORDS = re.compile(
    r"\b(police|policemen|policeman|cops?|constables?|constabulary|srp|raf|crpf|bsf|sub-inspector|inspector|"
    r"commissioner|dsp|sp|si|psi|jawans?|paramilitary|rapid action force|home guards?|security forces)\b",
    re.IGNORECASE,
)
KILL_TRIGGERS = {
    "kill",
    "killing",
    "shoot",
    "gun",
    "murder",
    "execute",
    "slay",
    "lynch",
    "fire",
    "firing",
    "die",
    "perish",
    "succumb",
}
#: Triggers that are a death by themselves ("perished in police firing"), without a death word.
DEATH_TRIGGERS = {"kill", "killing", "murder", "slay", "lynch", "die", "perish", "succumb"}
DEATH_WORDS = re.compile(r"\b(killed|dead|died|death|deaths|bodies|succumbed)\b", re.IGNORECASE)
FAIL_TRIGGERS = {"fail", "refuse", "neglect", "ignore", "watch"}
PARTS = ("all", "dev", "held_out")


def part_of(doc_id: int) -> str:
    """Development documents are every fourth ``doc_id``; the rest are held out."""
    return "dev" if doc_id % 4 == 0 else "held_out"


def is_police(event: Event) -> bool:
    actor = event.actor1
    if actor is None:
        # agentless passive arrest: "20 people were arrested", "the arrests were made"
        arrest = event.cameo_code == "173" or event.acled_sub_event_type == "Arrests"
        return arrest and (event.actor2 is not None or event.trigger.lemma in ("arrest", "arrests"))
    return actor.sector == "COP" or bool(POLICE_WORDS.search(actor.text))


def sentence_labels(events: list[Event], sentence: str) -> set[str]:
    from storyline.confidence import DEFAULT_MIN_CONFIDENCE

    labels: set[str] = set()
    for event in events:
        if "confidence" in event.why and event.confidence < DEFAULT_MIN_CONFIDENCE:
            continue  # the event model does not trust it: not exported, answers nothing
        if not is_police(event):
            continue
        if event.status == "negated":
            labels.add("FAIL")
            continue
        if event.status in ("hypothetical", "threatened", "planned"):
            continue
        lemma = (event.trigger.lemma or "").lower()
        if event.cameo_code == "173" or event.acled_sub_event_type == "Arrests":
            labels.add("ARREST")
        if event.plover_type == "ASSAULT":
            labels.add("FORCE")
            if lemma in KILL_TRIGGERS and (lemma in DEATH_TRIGGERS or DEATH_WORDS.search(sentence)):
                labels.add("KILL")
        if lemma in FAIL_TRIGGERS:
            labels.add("FAIL")
    return labels


def read_sentences(path: Path, limit: int | None) -> list[dict]:
    """Labelled sentences, from the tar.gz as shipped or an extracted sents.jsonl."""
    rows: list[dict] = []
    if path.suffixes[-2:] == [".tar", ".gz"] or path.suffix == ".tgz":
        with tarfile.open(path) as archive:
            member = next((m for m in archive.getmembers() if m.name.endswith(SENTENCES_MEMBER)), None)
            if member is None:
                raise FileNotFoundError(f"{path}: no {SENTENCES_MEMBER} inside")
            lines = archive.extractfile(member).read().decode("utf-8").splitlines()
    else:
        lines = path.read_text(encoding="utf-8").splitlines()
    for line in lines:
        if line.strip():
            rows.append(json.loads(line))
        if limit and len(rows) >= limit:
            break
    return rows


@eval_task("india-police")
def evaluate(data: Path | None = None, limit: int | None = None) -> dict:
    path = Path(data) if data else shared_path(*DEFAULT_ARCHIVE)
    if not path.is_file():
        raise FileNotFoundError(path)
    sentences = read_sentences(path, limit)
    pipeline = event_pipeline()
    by_part = {part: {label: PRF() for label in LABELS} for part in PARTS}
    articles = (english_article(row["sent_text"]) for row in sentences)
    for row, extraction in zip(sentences, pipeline.analyse_many(articles), strict=True):
        predicted = sentence_labels(extraction.events, row["sent_text"])
        gold = set(row.get("sent_labels", []))
        for part in ("all", part_of(int(row.get("doc_id", 0)))):
            for label in LABELS:
                by_part[part][label].add(
                    tp=int(label in predicted and label in gold),
                    fp=int(label in predicted and label not in gold),
                    fn=int(label not in predicted and label in gold),
                )
    counts = by_part["all"]
    result = {"sentences": len(sentences), **{label: counts[label].as_dict() for label in LABELS}}
    for part in ("dev", "held_out"):
        result[part] = {label: by_part[part][label].as_dict() for label in LABELS}
    print_table(
        f"IndiaPoliceEvents sentence labels ({len(sentences)} sentences)",
        ["label", "P", "R", "F1", "gold", "F1 held-out", "F1 dev"],
        [
            [
                label,
                f"{c.precision:.3f}",
                f"{c.recall:.3f}",
                f"{c.f1:.3f}",
                str(c.tp + c.fn),
                f"{by_part['held_out'][label].f1:.3f}",
                f"{by_part['dev'][label].f1:.3f}",
            ]
            for label, c in counts.items()
        ],
    )
    return result
