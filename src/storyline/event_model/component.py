"""The ``event_model`` pipeline component: the learned model decides what the rules proposed.

Runs after ``events`` (and ``event_details``). For every rule event it sets, from one batched
prediction per article:

* ``confidence`` — the calibrated probability that the candidate is a real event (not another
  sense, an idiom, a generic statement or page furniture); exports keep events at or above
  :data:`storyline.confidence.DEFAULT_MIN_CONFIDENCE`;
* ``status``, ``plover_type_2021``/``plover_type``/``plover_mode``, ``cameo_root`` (and the code:
  the rules' full code when the roots agree, the root otherwise), ``acled_event_type`` and
  ``acled_sub_event_type``, where the model is sure enough; else the rules' value stays;
* a ``why`` entry per field it decided (``by="model"``, the score, the rules' value in ``detail``).

Where rule and model disagree — the model rejects a rule event (confidence below the export
threshold), or overrules its status, PLOVER type or CAMEO root — the pair is a labelling
candidate (``storyline review disagreements`` lists them for articles or a log file): it is kept in
``adoc.scratch["event_model_disagreements"]`` and appended to the JSONL file named by the
``disagreements`` setting (or ``STORYLINE_EVENT_DISAGREEMENTS``).
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from storyline.confidence import DEFAULT_MIN_CONFIDENCE
from storyline.event_model.data import rule_of
from storyline.event_model.features import Candidate
from storyline.event_model.model import TO_POLECAT, EventModel, Prediction, load_model
from storyline.events import coding
from storyline.model import Article, Event, Trigger, Why
from storyline.pipeline import AnalysisDoc, PipelineConfig, component

log = logging.getLogger(__name__)

#: A sentence without a rule event becomes an event at these calibrated/type scores.
FLAG_MIN = 0.8
#: ``why["confidence"].detail`` of an event only the model proposed (the rules coded nothing in its sentence).
FLAGGED_DETAIL = "a sentence the rules did not code"
FLAG_TYPE_MIN = 0.6
#: Main verbs that are not events by themselves ("said", "is").
LIGHT_VERBS = {
    "say",
    "tell",
    "be",
    "have",
    "do",
    "add",
    "include",
    "know",
    "think",
    "see",
    "want",
    "like",
    "get",
    "go",
    "come",
    "make",
    "take",
    "give",
    "become",
    "seem",
    "appear",
    "feel",
    "look",
    "use",
    "need",
    "hope",
    "believe",
    "expect",
    "continue",
    "begin",
    "start",
    "write",
    "read",
    "note",
}

#: Score at which the model overrules a hypothetical/planned/threatened status of the rules.
SURE = 0.9


def status_threshold(rule_status: str | None) -> float:
    """The status-head score the model needs to overrule the rules' status.

    A ``negated`` status of the rules is never overruled. Negation takes precedence over
    reporting in the rules' (and the labelling guide's) order, while the status head has seen few
    negated examples and reads the reporting verb around them: "the military was called in when
    police failed to contain the violence, he said" stays a negated (failed) intervention, not a
    reported one. (On the dev labels all 7 real events the rules code ``negated`` are negated.)
    """
    if rule_status in (None, "asserted", "reported"):
        return MIN_SCORE["status"]
    return float("inf") if rule_status == "negated" else SURE


def security_force_inaction(event: Event) -> bool:
    """The rules' inaction event (a negated intervention, CAMEO 150) of police or troops:
    "the police stood mute witness as the shops were set on fire".

    The model keeps no say over whether such an event happened: it has seen few inaction labels
    and scores these sentences low (0.02-0.35 on IndiaPoliceEvents dev), while the rules' inaction
    of a security force is precise there — all 6 such events the model put under the export
    threshold on the dev documents were police inaction by the corpus' own labels (FAIL). The
    same rules' inaction by anyone else (a party's "lapses", a court that "has not stopped" a
    donation, no actor) stays the model's to reject: 1 of its 32 such dev events was FAIL.
    """
    from storyline.events.cues import INACTION_CODE, SECURITY_SECTORS

    actor = event.actor1
    return (
        event.status == "negated"
        and event.cameo_code == INACTION_CODE
        and actor is not None
        and actor.sector in SECURITY_SECTORS
    )


#: Minimum head score for the model to overrule the rules' value of a field.
MIN_SCORE = {"status": 0.55, "plover": 0.45, "cameo": 0.85, "acled": 0.4, "mode": 0.5}
ACLED_PLOVER = {"ASSAULT", "FIGHT", "PROTEST", "COERCE", "MOBILIZE", "AGREE", "RETREAT", "THREATEN"}


def _acled_event_type(sub: str) -> str | None:
    from storyline.export.acled import SUB_EVENT_TYPES

    return SUB_EVENT_TYPES.get(sub)


def candidate_of(adoc: AnalysisDoc, event: Event, trigger_token: int | None) -> Candidate:
    """The sentence of the event's trigger and the trigger's offsets in it."""
    doc = adoc.doc
    t0, t1 = event.trigger.span
    sent = None
    if trigger_token is not None and 0 <= trigger_token < len(doc):
        sent = doc[trigger_token].sent
    else:
        span = doc.char_span(t0, t1, alignment_mode="expand")
        if span is not None and len(span):
            sent = span[0].sent
    if sent is None:
        return Candidate(event.text, None, rule_of(event))
    base = sent.start_char
    return Candidate(sent.text, (t0 - base, t1 - base), rule_of(event))


def apply(event: Event, pred: Prediction, model_name: str) -> tuple[Event, list[dict[str, Any]]]:
    """The event as the model codes it, and where it overruled the rules (field, rule, model, score)."""
    update: dict[str, Any] = {"confidence": round(pred.event, 4)}
    why = dict(event.why)
    why["confidence"] = Why(
        by="model",
        name=model_name,
        score=round(pred.event, 4),
        span=event.trigger.span,
        detail=f"rule confidence {event.confidence:.2f}",
    )
    if pred.event < event.confidence and security_force_inaction(event):
        update["confidence"] = event.confidence
        why["confidence"] = Why(
            by="rule",
            name="inaction",
            span=event.trigger.span,
            detail=f"security-force inaction kept by the rules (model {pred.event:.2f})",
        )
    heads = pred.heads
    status = heads.get("status")
    # the rules' negation, condition and intent cues are precise: the model overrules them only when sure
    needed = status_threshold(event.status)
    disagreements: list[dict[str, Any]] = []
    if pred.event < DEFAULT_MIN_CONFIDENCE:
        disagreements.append(
            {"field": "event", "rule": "event", "model": "no event", "score": round(1.0 - pred.event, 4)}
        )
    if status is not None and status.score >= needed and status.label != event.status:
        update["status"] = status.label
        why["status"] = Why(
            by="model", name=model_name, score=round(status.score, 4), detail=f"rule: {event.status}"
        )
        disagreements.append(
            {"field": "status", "rule": event.status, "model": status.label, "score": round(status.score, 4)}
        )
    rule_type = event.plover_type_2021 or event.plover_type
    plover = heads.get("plover")
    model_type = rule_type
    if plover is not None and plover.score >= MIN_SCORE["plover"] and plover.label != rule_type:
        model_type = plover.label
        update["plover_type_2021"] = model_type
        update["plover_type"] = TO_POLECAT.get(model_type, model_type)
        mode = heads.get("mode")
        update["plover_mode"] = mode.label if mode is not None and mode.score >= MIN_SCORE["mode"] else None
        why["plover_type"] = Why(
            by="model", name=model_name, score=round(plover.score, 4), detail=f"rule: {rule_type}"
        )
        disagreements.append(
            {"field": "plover", "rule": rule_type, "model": model_type, "score": round(plover.score, 4)}
        )
    cameo = heads.get("cameo")
    if cameo is not None and cameo.score >= MIN_SCORE["cameo"] and cameo.label != event.cameo_root:
        info = coding.describe(cameo.label)
        update.update(
            {
                "cameo_root": cameo.label,
                "cameo_code": cameo.label,
                "goldstein": info.goldstein,
                "quad_class": info.quad_class,
            }
        )
        why["cameo_code"] = Why(
            by="model", name=model_name, score=round(cameo.score, 4), detail=f"rule: {event.cameo_code}"
        )
        disagreements.append(
            {"field": "cameo", "rule": event.cameo_code, "model": cameo.label, "score": round(cameo.score, 4)}
        )
    acled = heads.get("acled")
    if acled is not None and acled.score >= MIN_SCORE["acled"]:
        if acled.label != "none" and model_type in ACLED_PLOVER | {None}:
            update["acled_sub_event_type"] = acled.label
            update["acled_event_type"] = _acled_event_type(acled.label)
            why["acled_sub_event_type"] = Why(by="model", name=model_name, score=round(acled.score, 4))
    update["why"] = why
    return event.model_copy(update=update), disagreements


def _log_disagreements(path: str | None, adoc: AnalysisDoc, rows: list[dict[str, Any]]) -> None:
    adoc.scratch.setdefault("event_model_disagreements", []).extend(rows)
    if not path or not rows:
        return
    try:
        with open(Path(path), "a", encoding="utf-8") as handle:
            for row in rows:
                handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    except OSError:
        log.exception("cannot append event-model disagreements to %s", path)


def _flag_candidates(adoc: AnalysisDoc, covered: set[int]) -> list[tuple[Any, Candidate]]:
    """Sentences without a rule event: their main verb as a model-only candidate."""
    out = []
    for sent in adoc.doc.sents:
        if sent.start in covered or len(sent) < 4 or len(sent) > 80:
            continue
        root = sent.root
        if root.pos_ != "VERB" or root.lemma_.lower() in LIGHT_VERBS:
            continue
        base = sent.start_char
        out.append((root, Candidate(sent.text, (root.idx - base, root.idx + len(root.text) - base), None)))
    return out


def _flagged_event(
    adoc: AnalysisDoc, root: Any, pred: Prediction, index: int, model_name: str
) -> Event | None:
    """An event the rules did not propose, when the model is sure of it and of its type."""
    from storyline.events.component import make_actor

    plover = pred.heads.get("plover")
    if pred.event < FLAG_MIN or plover is None or plover.score < FLAG_TYPE_MIN:
        return None
    sent = root.sent
    subject = next((c for c in root.children if c.dep_ in ("nsubj", "nsubjpass") and c.dep_ != "expl"), None)
    obj = next((c for c in root.children if c.dep_ in ("dobj", "obj")), None)
    cameo = pred.heads.get("cameo")
    code = cameo.label if cameo is not None else None
    info = coding.describe(code) if code else None
    status = pred.heads.get("status")
    span = (root.idx, root.idx + len(root.text))
    why = {
        "confidence": Why(
            by="model",
            name=model_name,
            score=round(pred.event, 4),
            span=span,
            detail=FLAGGED_DETAIL,
        ),
        "plover_type": Why(by="model", name=model_name, score=round(plover.score, 4)),
    }
    acled = pred.heads.get("acled")
    acled_sub = (
        acled.label
        if acled is not None and acled.score >= MIN_SCORE["acled"] and acled.label != "none"
        else None
    )
    mode = pred.heads.get("mode")
    return Event(
        id=f"e{index}",
        span=(sent.start_char, sent.end_char),
        confidence=round(pred.event, 4),
        text=sent.text.strip(),
        trigger=Trigger(
            text=root.text, lemma=root.lemma_.lower(), span=span, confidence=round(pred.event, 4)
        ),
        actor1=make_actor(adoc, subject, None) if subject is not None and subject.dep_ == "nsubj" else None,
        actor2=make_actor(adoc, obj, None) if obj is not None else None,
        plover_type=TO_POLECAT.get(plover.label, plover.label),
        plover_type_2021=plover.label,
        plover_mode=mode.label if mode is not None and mode.score >= MIN_SCORE["mode"] else None,
        cameo_code=code,
        cameo_root=code[:2] if code else None,
        goldstein=info.goldstein if info else None,
        quad_class=info.quad_class if info else None,
        status=status.label if status is not None and status.score >= MIN_SCORE["status"] else "asserted",  # type: ignore[arg-type]
        acled_sub_event_type=acled_sub,
        acled_event_type=_acled_event_type(acled_sub) if acled_sub else None,
        why=why,
    )


def run(model: EventModel, adoc: AnalysisDoc, disagreements: str | None = None, flag: bool = True) -> None:
    events = adoc.result.events
    positions = adoc.event_tokens  # the events component's token positions (and ours for flagged events)
    cands = [candidate_of(adoc, e, (positions.get(e.id) or {}).get("trigger")) for e in events]
    covered = set()
    for e in events:
        token = (positions.get(e.id) or {}).get("trigger")
        if token is not None and 0 <= token < len(adoc.doc):
            covered.add(adoc.doc[token].sent.start)
    flagged = _flag_candidates(adoc, covered) if flag else []
    preds = model.predict(cands + [c for _, c in flagged])
    index = len(events)
    for (root, _), pred in zip(flagged, preds[len(cands) :], strict=True):
        new = _flagged_event(adoc, root, pred, index, model.name)
        if new is not None:
            events.append(new)
            positions[new.id] = {
                "trigger": root.i,
                "clause": (root.sent.start, root.sent.end),
                "actor1": None,
                "actor2": None,
            }
            index += 1
    preds = preds[: len(cands)]
    rows = []
    for k, (event, cand, pred) in enumerate(zip(events[: len(cands)], cands, preds, strict=True)):
        coded, overruled = apply(event, pred, model.name)
        events[k] = coded
        for row in overruled:
            row.update(
                {
                    "article": adoc.article.url or adoc.article.sha256[:16],
                    "event": event.id,
                    "sentence": cand.text,
                    "trigger": cand.trigger,
                    "confidence": coded.confidence,
                }
            )
            rows.append(row)
    _log_disagreements(disagreements, adoc, rows)


@component("event_model", requires=("event_tokens",))
def make_event_model(config: PipelineConfig):
    settings = config.for_component("event_model")
    model = load_model(settings.get("path"))  # ModelFileError at start-up: names the file and the command
    disagreements = settings.get("disagreements") or os.environ.get("STORYLINE_EVENT_DISAGREEMENTS")

    flag = bool(settings.get("flag_sentences", True))

    def event_model(adoc: AnalysisDoc) -> None:
        run(model, adoc, disagreements, flag)

    return event_model


def list_disagreements(articles: Iterable[Article], model_path: str | None = None) -> list[dict[str, Any]]:
    """Run the event stages (rules, then the model) over ``articles`` and return every place the
    model overruled the rules, as the component logs them (one row per field)."""
    from storyline.pipeline import get_pipeline

    with tempfile.TemporaryDirectory() as tmp:
        log_path = Path(tmp) / "disagreements.jsonl"
        settings: dict[str, Any] = {"disagreements": str(log_path)}
        if model_path:
            settings["path"] = model_path
        config = PipelineConfig(
            components=("entities", "events", "event_model"), settings={"event_model": settings}
        )
        for _ in get_pipeline(config).analyse_many(articles):
            pass
        return read_disagreements(log_path) if log_path.is_file() else []


def read_disagreements(path: str | Path) -> list[dict[str, Any]]:
    """The rows of a disagreements log (``STORYLINE_EVENT_DISAGREEMENTS``); ValueError on a bad line."""
    rows = []
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except ValueError as exc:
                raise ValueError(f"{path}:{number}: not a JSON line ({exc})") from exc
            if not isinstance(row, dict) or not {"field", "rule", "model"} <= set(row):
                raise ValueError(f"{path}:{number}: not a disagreement row (needs field, rule, model)")
            rows.append(row)
    return rows
