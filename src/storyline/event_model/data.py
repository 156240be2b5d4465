"""Training examples of the event model, from the label files and ../shared references.

Sources (each example keeps where it came from, and its split):

* ``labels/events/`` — the hand labels (:func:`storyline.events.labels.load_labels`: corpus
  candidates pointing to corpus, document and offsets, and written sentences), when present;
* ``labels/event_model/written.jsonl`` — sentences this model's authors wrote (same row format);
* the PLOVER gold-standard records, **only the even-numbered half** (``storyline eval plover``'s
  ``dev`` half; the odd half is held out and never read here): PLOVER 2021 type;
* the CAMEO 1.1b3 codebook examples (``gdelt_samples/reference/py-gdelt-docs/cameo_codes.json``):
  CAMEO code, hence root and PLOVER type.

The rules' proposal is recomputed with the current rules (the event whose trigger overlaps the
labelled trigger, else the best one of the sentence), so features match what the pipeline sees.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from storyline.event_model.features import Candidate

log = logging.getLogger(__name__)

REPO = Path(__file__).resolve().parents[3]
OWN_WRITTEN = REPO / "labels" / "event_model" / "written.jsonl"
STATUS_RANK = {"asserted": 0, "reported": 1, "planned": 2, "threatened": 2, "hypothetical": 3, "negated": 4}
#: POLECAT 16-type of a label -> the PLOVER 2021 type, where the CAMEO code does not decide it.
TO_2021 = {"REQUEST": "DEMAND", "ACCUSE": "DISAPPROVE"}


@dataclass
class Example:
    id: str
    source: str
    split: str
    text: str
    trigger: tuple[int, int] | None
    event: bool | None = None
    reason: str | None = None
    status: str | None = None
    plover: str | None = None  # PLOVER 2021 type
    mode: str | None = None
    cameo: str | None = None
    acled_sub: str | None = None  # "none": a real event ACLED would not code
    rule: dict[str, Any] | None = None
    title: bool = False
    extra: dict[str, Any] = field(default_factory=dict)

    def candidate(self) -> Candidate:
        return Candidate(self.text, self.trigger, self.rule, self.title)


def split_of(key: str) -> str:
    """70/15/15 by a stable hash of the document key."""
    value = int(hashlib.sha1(key.encode("utf-8")).hexdigest()[:8], 16) % 100
    return "train" if value < 70 else ("dev" if value < 85 else "test")


def shared_root(shared: str | Path | None = None) -> Path | None:
    """``shared``, else evaluation.data's shared root ($STORYLINE_SHARED when set); None if absent."""
    from storyline.evaluation.data import shared_root as root_of_shared

    root = Path(shared) if shared else root_of_shared(required=False)
    return root if root.is_dir() else None


def plover_2021(plover: str | None, cameo: str | None) -> str | None:
    """The 2021-draft type of a label given in POLECAT's 16 (the CAMEO code decides FIGHT/ASSAULT...)."""
    if not plover:
        return None
    if cameo:
        from storyline.events.coding import describe

        info = describe(cameo)
        if info.plover_type == plover and info.plover_type_2021:
            return info.plover_type_2021
    if plover == "ASSAULT" and cameo and cameo[:2] in ("19", "20"):
        return "FIGHT"
    return TO_2021.get(plover, plover)


def _row_example(row: Any, source: str) -> Example:
    """An Example of a labels.LabelledCandidate (or a written row dict with the same fields)."""
    get = (lambda k: getattr(row, k, None)) if not isinstance(row, dict) else row.get
    text = get("text") or ""
    start = get("start") or 0
    trig = get("trigger")
    trigger = (trig[0] - start, trig[1] - start) if trig else None
    acled = get("acled_sub")
    event = bool(get("event"))
    if event and not acled:
        acled = "none"
    return Example(
        id=str(get("id")),
        source=source,
        split=get("split") or split_of(str(get("id"))),
        text=text,
        trigger=trigger,
        event=event,
        reason=get("reason") if not event else None,
        status=get("status") if event else None,
        plover=plover_2021(get("plover"), get("cameo")) if event else None,
        mode=get("mode") if event else None,
        cameo=get("cameo") if event else None,
        acled_sub=acled if event else None,
        title=bool(get("title")),
    )


def label_examples(shared: Path | None) -> list[Example]:
    try:
        from storyline.events.labels import load_labels
    except ImportError:
        log.info("no storyline.events.labels: hand labels skipped")
        return []
    rows = load_labels(shared)
    return [_row_example(r, "labels:" + r.corpus) for r in rows]


def written_examples(path: Path = OWN_WRITTEN) -> list[Example]:
    if not path.is_file():
        return []
    out = []
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                row = json.loads(line)
                row.setdefault("split", split_of(row["id"].rsplit("-", 1)[0]))
                out.append(_row_example(row, "written:event_model"))
    return out


def plover_examples(shared: Path) -> list[Example]:
    """The even-numbered PLOVER gold records (``eval plover``'s dev half) as typed events."""
    from storyline.evaluation.plover import read_records

    path = shared / "reference" / "plover" / "PLOVER_GSR_CAMEO.txt"
    if not path.is_file():
        return []
    out = []
    for number, record in enumerate(read_records(path)):
        if number % 2:
            continue  # the held-out half
        text = record["text"]
        words = (record.get("eventText") or "").split()
        trigger = None
        if words:
            at = text.find(words[0])
            if at >= 0:
                trigger = (at, at + len(words[0]))
        out.append(
            Example(
                id=record["id"],
                source="plover_gsr",
                split="train",
                text=text,
                trigger=trigger,
                event=None,
                plover=record["event"],
            )
        )
    return out


def cameo_examples(shared: Path) -> list[Example]:
    from storyline.events.coding import describe

    path = shared / "corpora" / "gdelt_samples" / "reference" / "py-gdelt-docs" / "cameo_codes.json"
    if not path.is_file():
        return []
    codes = json.loads(path.read_text(encoding="utf-8"))
    out = []
    for code, entry in codes.items():
        for k, text in enumerate(entry.get("examples") or []):
            info = describe(code)
            out.append(
                Example(
                    id=f"cameo:{code}:{k}",
                    source="cameo_codebook",
                    split="train",
                    text=text,
                    trigger=None,
                    event=None,
                    plover=info.plover_type_2021,
                    cameo=code,
                )
            )
    return out


def attach_rules(examples: list[Example], batch_size: int = 64) -> None:
    """Recompute each example's rule proposal with the current rules (in place)."""
    from storyline.evaluation.muc4 import english_article, event_pipeline

    pipeline = event_pipeline("rules")
    articles = (english_article(ex.text) for ex in examples)
    for ex, extraction in zip(examples, pipeline.analyse_many(articles), strict=True):
        events = extraction.events
        chosen = None
        if ex.trigger is not None:
            t0, t1 = ex.trigger
            for event in events:
                s0, s1 = event.trigger.span
                if s0 < t1 and s1 > t0:
                    chosen = event
                    break
        elif events:
            chosen = min(events, key=lambda e: (STATUS_RANK.get(e.status, 5), -e.confidence, e.span[0]))
        if chosen is not None:
            ex.rule = rule_of(chosen)
            if ex.trigger is None:
                ex.trigger = chosen.trigger.span
        ex.extra["rule_events"] = len(events)


def rule_of(event: Any) -> dict[str, Any]:
    """What the rules proposed for an Event, as the features read it."""
    from storyline.export.acled import acled_type

    acled = acled_type(event)
    return {
        "plover": event.plover_type_2021 or event.plover_type,
        "cameo": event.cameo_code,
        "status": event.status,
        "mode": event.plover_mode,
        "acled_sub": acled[1] if acled else None,
        "instrument": event.instrument,
        "actor1": _actor_kind(event.actor1),
        "actor2": _actor_kind(event.actor2),
    }


def _actor_kind(actor: Any) -> str | None:
    """The side of an actor as ACLED distinguishes them: its CAMEO sector, else its kind."""
    if actor is None:
        return None
    return actor.sector or actor.kind or ("PRON" if actor.confidence <= 0.2 else "UNK")


def gather(
    shared: str | Path | None = None, limit: int | None = None, with_rules: bool = True
) -> list[Example]:
    root = shared_root(shared)
    examples: list[Example] = written_examples()
    examples += label_examples(root)
    if root is not None:
        examples += plover_examples(root)
        examples += cameo_examples(root)
    if limit and limit < len(examples):
        import random

        examples = random.Random(13).sample(examples, limit)  # a quick run still sees every source
    if with_rules:
        attach_rules(examples)
    return examples


def counts(examples: Iterable[Example]) -> dict[str, Any]:
    from collections import Counter

    examples = list(examples)
    return {
        "examples": len(examples),
        "by_source": dict(Counter(e.source.split(":")[0] + ":" + e.split for e in examples)),
        "acled": dict(Counter(e.acled_sub for e in examples if e.acled_sub)),
    }
