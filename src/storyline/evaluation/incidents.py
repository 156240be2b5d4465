"""``storyline eval incidents``: one record per real-world incident, on our own incident-labelled set.

Labels: ``data/eval/incident_labels.jsonl`` (guidelines: docs/incident-guidelines.md) — 46 real
articles of ../shared (Reuters-21578, IndiaPoliceEvents, GloCon, BBC News, ECB+), every incident of
material conflict and protest listed ACLED-style with lead/current/background marked, split dev/test
by article. Each line points at a document by corpus and id, with character offsets into the text
:mod:`storyline.evaluation.incident_data` returns; no publisher text is stored.

The whole default pipeline runs on each article (its text as is, so offsets hold). A predicted
incident *touches* a gold one when a sentence of its mentions is a sentence of the gold anchor or
mentions; it *matches* when it touches it and the type families agree (riots match violence or
protest). Gold incidents are matched one to one in text order, preferring the predicted record
that shares most sentences. Reported per split:

* ``lead_recall``: gold lead incidents matched by a current predicted record;
* ``recall``: all gold incidents matched (background ones by any record);
* ``precision``: current predicted conflict records (violence, protest, coercion) that match a gold
  incident, over all current predicted conflict records;
* ``records_per_incident``: current predicted records that touch a matched gold incident (each
  record counted for the gold it shares most sentences with), per matched gold incident;
* ``fatality_accuracy``: matched gold incidents with a stated figure whose predicted best equals it;
* ``timing_accuracy``: matched gold incidents whose predicted timing agrees (lead/current = current);
* ``background_toll``: fatalities of current predicted records whose best gold is a background one
  (should be 0: history never feeds current counts).

Each figure is given over all predicted incidents and over the exported ones (confidence at or above
:data:`storyline.confidence.DEFAULT_MIN_CONFIDENCE`, what the GDELT/ACLED exports write).
"""

from __future__ import annotations

import bisect
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from storyline.evaluation import eval_task
from storyline.evaluation.data import shared_root
from storyline.model import Article, Extraction, Incident

LABELS = Path(__file__).resolve().parents[1] / "data" / "eval" / "incident_labels.jsonl"
FAMILY = {"ASSAULT": "violence", "PROTEST": "protest", "COERCE": "coercion"}
SPLITS = ("dev", "test")
#: Lower bounds of the confidence bins of the reliability table.
BINS = (0.0, 0.5, 0.7, 0.85)


def read_labels(path: Path = LABELS) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def _family(incident: Incident) -> str | None:
    if incident.plover_type in FAMILY:
        return FAMILY[incident.plover_type]
    root = incident.cameo_root or (incident.cameo_code or "")[:2]
    return {"18": "violence", "19": "violence", "20": "violence", "14": "protest", "17": "coercion"}.get(root)


def _compatible(gold: dict[str, Any], family: str | None) -> bool:
    if family == gold["type"]:
        return True
    return gold.get("acled") == "Riots" and family in ("violence", "protest", "coercion")


class _Sentences:
    def __init__(self, doc: Any) -> None:
        self.starts = [s.start_char for s in doc.sents]

    def of(self, span: Iterable[int]) -> int:
        start = list(span)[0]
        return max(0, bisect.bisect_right(self.starts, start) - 1)


def score_article(
    label: dict[str, Any], result: Extraction, doc: Any, min_confidence: float = 0.0
) -> dict[str, Any]:
    """Counts for one article (see the module docstring), over the records at or above ``min_confidence``."""
    sentences = _Sentences(doc)
    spans = {e.id: e.span for e in result.events}
    predicted = []
    for incident in result.incidents:
        family = _family(incident)
        if family is None or incident.confidence < min_confidence:
            continue
        own = {sentences.of(spans[e]) for e in incident.event_ids if e in spans} or {
            sentences.of(incident.span)
        }
        predicted.append((incident, family, own))
    golds = []
    for gold in label["incidents"]:
        own = {sentences.of(gold["span"])} | {sentences.of(m) for m in gold["mentions"]}
        golds.append((gold, own))
    matched: dict[int, int] = {}
    used: set[int] = set()
    for g, (gold, own) in enumerate(golds):
        options = [
            (
                len(own & p_own),
                p_incident.timing == ("background" if gold["timing"] == "background" else "current"),
                -p,
            )
            for p, (p_incident, family, p_own) in enumerate(predicted)
            if p not in used and own & p_own and _compatible(gold, family)
        ]
        if options:
            best = -max(options)[2]
            matched[g] = best
            used.add(best)
    counts: dict[str, Any] = {
        "gold": len(golds),
        "lead": 0,
        "lead_matched": 0,
        "matched": len(matched),
        "current_records": 0,
        "current_correct": 0,
        "records_on_matched": 0,
        "fatality_gold": 0,
        "fatality_right": 0,
        "timing_right": 0,
        "background_toll": 0.0,
        "errors": [],
        **{f"bin{k}_{x}": 0 for k in range(len(BINS)) for x in ("n", "right")},
    }
    for g, (gold, _) in enumerate(golds):
        if gold["timing"] == "lead":
            counts["lead"] += 1
            if g in matched and predicted[matched[g]][0].timing == "current":
                counts["lead_matched"] += 1
            elif g not in matched:
                counts["errors"].append(f"missed lead {gold['type']} at {gold['span']}")
        if g in matched:
            incident = predicted[matched[g]][0]
            want = "background" if gold["timing"] == "background" else "current"
            counts["timing_right"] += incident.timing == want
            if gold["fatalities"] is not None:
                counts["fatality_gold"] += 1
                best: float = (
                    incident.fatalities.best
                    if incident.fatalities and incident.fatalities.best is not None
                    else 0
                )
                right = best == gold["fatalities"]
                counts["fatality_right"] += right
                if not right:
                    counts["errors"].append(f"fatalities {best} != {gold['fatalities']} at {gold['span']}")
    for p, (incident, family, own) in enumerate(predicted):
        if incident.timing != "current" or incident.status not in ("asserted", "reported"):
            continue
        counts["current_records"] += 1
        counts["current_correct"] += p in used
        k = max(b for b, low in enumerate(BINS) if incident.confidence >= low)
        counts[f"bin{k}_n"] += 1
        counts[f"bin{k}_right"] += p in used
        if p not in used:
            counts["errors"].append(f"false {family} record {incident.id} {incident.text[:60]!r}")
        touching = [(len(own & g_own), g) for g, (_, g_own) in enumerate(golds) if own & g_own]
        if touching:
            g = max(touching)[1]
            if g in matched:
                counts["records_on_matched"] += 1
            if golds[g][0]["timing"] == "background" and incident.fatalities and incident.fatalities.best:
                counts["background_toll"] += incident.fatalities.best
    return counts


def _ratio(a: float, b: float) -> float | None:
    return round(a / b, 3) if b else None


def summarise(rows: list[dict[str, Any]]) -> dict[str, Any]:
    total = {key: sum(r[key] for r in rows) for key in rows[0] if key != "errors"} if rows else {}
    if not total:
        return {"articles": 0}
    return {
        "articles": len(rows),
        "gold_incidents": total["gold"],
        "lead_incidents": total["lead"],
        "lead_recall": _ratio(total["lead_matched"], total["lead"]),
        "recall": _ratio(total["matched"], total["gold"]),
        "precision": _ratio(total["current_correct"], total["current_records"]),
        "current_records": total["current_records"],
        "records_per_incident": _ratio(total["records_on_matched"], total["matched"]),
        "fatality_accuracy": _ratio(total["fatality_right"], total["fatality_gold"]),
        "fatality_labelled": total["fatality_gold"],
        "timing_accuracy": _ratio(total["timing_right"], total["matched"]),
        "background_toll": total["background_toll"],
        "reliability": {
            f">={low}": {
                "records": total[f"bin{k}_n"],
                "precision": _ratio(total[f"bin{k}_right"], total[f"bin{k}_n"]),
            }
            for k, low in enumerate(BINS)
        },
    }


def run(labels: list[dict[str, Any]], shared: Path, show_errors: bool = False) -> dict[str, Any]:
    from storyline.confidence import DEFAULT_MIN_CONFIDENCE
    from storyline.evaluation.incident_data import document
    from storyline.pipeline import get_pipeline

    pipeline = get_pipeline()
    per_split: dict[str, list[dict[str, Any]]] = {s: [] for s in SPLITS}
    exported: dict[str, list[dict[str, Any]]] = {s: [] for s in SPLITS}
    for label in labels:
        found = document(shared, label["corpus"], label["doc_id"])
        if found is None or len(found["text"]) != label["chars"]:
            raise FileNotFoundError(f"{label['corpus']}:{label['doc_id']} (missing or changed in {shared})")
        article = Article(text=found["text"], published=found.get("published"), language="en")
        doc = pipeline.nlp(article.text)
        result = pipeline.analyse_parsed(article, doc)
        counts = score_article(label, result, doc)
        per_split[label["split"]].append(counts)
        exported[label["split"]].append(score_article(label, result, doc, DEFAULT_MIN_CONFIDENCE))
        if show_errors and label["split"] == "dev":  # errors are read on dev only
            for error in counts["errors"]:
                print(f"{label['corpus']}:{label['doc_id']}: {error}")
    out: dict[str, Any] = {split: summarise(rows) for split, rows in per_split.items()}
    out["exported"] = {split: summarise(rows) for split, rows in exported.items()}
    out["exported"]["min_confidence"] = DEFAULT_MIN_CONFIDENCE
    return out


@eval_task("incidents")
def evaluate(data: Path | None = None, limit: int | None = None) -> dict[str, Any]:
    import os

    from storyline.evaluation.muc4 import print_table

    labels = read_labels(Path(data) if data else LABELS)
    if limit:
        labels = labels[:limit]
    shared = shared_root()
    result = run(labels, shared, show_errors=bool(os.environ.get("STORYLINE_SHOW_DEV_ERRORS")))
    keys = [
        "articles",
        "gold_incidents",
        "lead_recall",
        "recall",
        "precision",
        "records_per_incident",
        "fatality_accuracy",
        "timing_accuracy",
        "background_toll",
    ]
    print_table(
        "Incidents (own labelled set; dev and test apart; all records | exported records)",
        ["metric", *SPLITS, *(f"{s} exported" for s in SPLITS)],
        [
            [
                k,
                *(str(result[s].get(k)) for s in SPLITS),
                *(str(result["exported"][s].get(k)) for s in SPLITS),
            ]
            for k in keys
        ],
    )
    return result
