"""``storyline eval petrarch``: CAMEO coding agreement on the PETRARCH2 unit-test records.

Each record is one (mostly constructed) sentence with one or more gold CAMEO codings. Our best
event for the sentence (asserted before other statuses, then highest confidence) is compared
with the gold codes: root agreement (same 2-digit cue category as any gold event) and full-code
agreement. Records whose gold says "no events" score a false positive when we find one.
Actor agreement is not scored: the records use fictional states (Arnor, Gondor) whose codes
only PETRARCH's own test dictionaries know.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from storyline.evaluation import eval_task
from storyline.evaluation.muc4 import english_article, event_pipeline, print_table, shared_path
from storyline.model import Event

DEFAULT_FILE = ("corpora", "conflict_events", "petrarch2", "PETR.UnitTest.records.xml")
STATUS_RANK = {"asserted": 0, "reported": 1, "planned": 2, "threatened": 2, "hypothetical": 3, "negated": 4}


@dataclass
class Record:
    id: str
    text: str
    codes: list[str]  # gold CAMEO event codes; empty when the record has no event
    error: bool = False


def read_records(path: Path) -> list[Record]:
    root = ET.parse(path).getroot()
    records = []
    for sentence in root.iter("Sentence"):
        text_node = sentence.find("Text")
        if text_node is None or not (text_node.text or "").strip():
            continue
        codes, error = [], False
        for coding in sentence.findall("EventCoding"):
            if coding.get("error") is not None:
                error = True
            code = (coding.get("eventcode") or "").strip().strip('"')
            if code:
                codes.append(code)
        text = " ".join(text_node.text.split())
        records.append(Record(sentence.get("id", ""), text, codes, error))
    return records


def best_event(events: list[Event]) -> Event | None:
    coded = [e for e in events if e.cameo_code]
    if not coded:
        return None
    return min(coded, key=lambda e: (STATUS_RANK.get(e.status, 5), -e.confidence, e.span[0]))


@eval_task("petrarch")
def evaluate(data: Path | None = None, limit: int | None = None) -> dict:
    path = Path(data) if data else shared_path(*DEFAULT_FILE)
    if not path.is_file():
        raise FileNotFoundError(path)
    records = [r for r in read_records(path) if not r.error]
    if limit:
        records = records[:limit]
    pipeline = event_pipeline()
    with_gold = root_hits = code_hits = found = false_alarms = no_event_records = 0
    for record, extraction in zip(
        records, pipeline.analyse_many(english_article(r.text) for r in records), strict=True
    ):
        event = best_event(extraction.events)
        if not record.codes:
            no_event_records += 1
            false_alarms += event is not None
            continue
        with_gold += 1
        if event is None:
            continue
        found += 1
        root_hits += any(event.cameo_root == code[:2] for code in record.codes)
        code_hits += any(event.cameo_code == code for code in record.codes)
    metrics = {
        "records": len(records),
        "records_with_events": with_gold,
        "coverage": round(found / with_gold, 4) if with_gold else 0.0,
        "root_agreement": round(root_hits / with_gold, 4) if with_gold else 0.0,
        "root_agreement_when_coded": round(root_hits / found, 4) if found else 0.0,
        "code_agreement": round(code_hits / with_gold, 4) if with_gold else 0.0,
        "no_event_records": no_event_records,
        "false_alarms_on_no_event": false_alarms,
    }
    print_table(
        "PETRARCH2 unit-test records: CAMEO agreement of our best event per sentence",
        ["measure", "value"],
        [[key, str(value)] for key, value in metrics.items()],
    )
    return metrics
