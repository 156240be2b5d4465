"""``storyline eval events``: the event model on the labelled candidates' dev and test splits.

Reports, per split: detection precision/recall/F1 (an event is kept when its calibrated
confidence reaches :data:`~storyline.confidence.DEFAULT_MIN_CONFIDENCE`), status accuracy,
PLOVER type accuracy (2021 draft labels, and POLECAT's 16), CAMEO root accuracy, ACLED sub-event
weighted and macro F1 (over events with an ACLED type; "none" counted as a class of its own in
``acled_with_none``), the calibration error (ECE, 10 bins) and a reliability table (at
confidence >= t, the precision and the share of candidates kept). The rules' own answers on the
same candidates are reported beside the model's. ``test`` is held out: its errors are not read.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from storyline.evaluation import eval_task
from storyline.evaluation.metrics import PRF

THRESHOLDS = (0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)


def f1_scores(gold: list[str], pred: list[str]) -> dict[str, float]:
    """Weighted and macro F1 over the gold classes."""
    classes = sorted(set(gold))
    support = Counter(gold)
    per: dict[str, float] = {}
    for c in classes:
        tp = sum(g == c and p == c for g, p in zip(gold, pred, strict=True))
        fp = sum(g != c and p == c for g, p in zip(gold, pred, strict=True))
        fn = support[c] - tp
        prec = tp / (tp + fp) if tp + fp else 0.0
        rec = tp / (tp + fn) if tp + fn else 0.0
        per[c] = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    total = sum(support.values())
    return {
        "weighted_f1": round(sum(per[c] * support[c] for c in classes) / total, 4) if total else 0.0,
        "macro_f1": round(sum(per.values()) / len(per), 4) if per else 0.0,
        "n": total,
        "classes": len(classes),
    }


def calibration(conf: list[float], gold: list[bool], bins: int = 10) -> tuple[float, list[dict[str, Any]]]:
    """Expected calibration error and the reliability table."""
    groups: dict[int, list[int]] = defaultdict(list)
    for i, c in enumerate(conf):
        groups[min(int(c * bins), bins - 1)].append(i)
    ece = sum(
        len(ix) * abs(sum(conf[i] for i in ix) / len(ix) - sum(gold[i] for i in ix) / len(ix))
        for ix in groups.values()
    ) / max(len(conf), 1)
    table = []
    for t in THRESHOLDS:
        kept = [i for i, c in enumerate(conf) if c >= t]
        table.append(
            {
                "threshold": t,
                "precision": round(sum(gold[i] for i in kept) / len(kept), 4) if kept else None,
                "kept": round(len(kept) / len(conf), 4) if conf else 0.0,
                "recall": round(sum(gold[i] for i in kept) / max(sum(gold), 1), 4),
            }
        )
    return round(ece, 4), table


def score(examples: list, preds: list, threshold: float) -> dict[str, Any]:
    from storyline.event_model.component import MIN_SCORE, status_threshold
    from storyline.event_model.model import TO_POLECAT

    def decided(pred, head: str, rule_value: str | None) -> str | None:
        out = pred.heads.get(head)
        if out is not None and out.score >= MIN_SCORE[head]:
            return out.label
        return rule_value

    det, rule_det = PRF(), PRF()
    conf, gold_det = [], []
    status: Counter[str] = Counter()
    plover: Counter[str] = Counter()
    cameo: Counter[str] = Counter()
    acled_gold, acled_pred, acled_rule = [], [], []
    for ex, pred in zip(examples, preds, strict=True):
        rule = ex.rule or {}
        if ex.event is not None:
            kept = pred.event >= threshold
            det.add(tp=int(kept and ex.event), fp=int(kept and not ex.event), fn=int(not kept and ex.event))
            has_rule = bool(ex.rule)
            rule_det.add(
                tp=int(has_rule and ex.event),
                fp=int(has_rule and not ex.event),
                fn=int(not has_rule and ex.event),
            )
            conf.append(pred.event)
            gold_det.append(bool(ex.event))
        if ex.event is False:
            continue
        if ex.status:
            status["n"] += 1
            rule_status = rule.get("status") or "asserted"
            out = pred.heads.get("status")
            needed = status_threshold(rule.get("status"))
            model_status = out.label if out is not None and out.score >= needed else rule_status
            status["model"] += model_status == ex.status
            status["rule"] += (rule.get("status") or "asserted") == ex.status
        if ex.plover:
            label = decided(pred, "plover", rule.get("plover"))
            plover["n"] += 1
            plover["model"] += label == ex.plover
            plover["rule"] += rule.get("plover") == ex.plover
            plover["model16"] += TO_POLECAT.get(label or "", label) == TO_POLECAT.get(ex.plover, ex.plover)
        if ex.cameo:
            cameo["n"] += 1
            cameo["model"] += decided(pred, "cameo", (rule.get("cameo") or "")[:2] or None) == ex.cameo[:2]
            cameo["rule"] += (rule.get("cameo") or "")[:2] == ex.cameo[:2]
        if ex.acled_sub:
            acled_gold.append(ex.acled_sub)
            acled_pred.append(decided(pred, "acled", rule.get("acled_sub") or "none") or "none")
            acled_rule.append(rule.get("acled_sub") or "none")

    def rate(c: Counter, key: str) -> float | None:
        return round(c[key] / c["n"], 4) if c["n"] else None

    typed = [i for i, g in enumerate(acled_gold) if g != "none"]
    ece, table = calibration(conf, gold_det)
    return {
        "candidates": len(examples),
        "detection": det.as_dict(),
        "detection_rules": rule_det.as_dict(),
        "status_accuracy": rate(status, "model"),
        "status_accuracy_rules": rate(status, "rule"),
        "status_n": status["n"],
        "plover_accuracy": rate(plover, "model"),
        "plover16_accuracy": rate(plover, "model16"),
        "plover_accuracy_rules": rate(plover, "rule"),
        "plover_n": plover["n"],
        "cameo_root_accuracy": rate(cameo, "model"),
        "cameo_root_accuracy_rules": rate(cameo, "rule"),
        "acled": f1_scores([acled_gold[i] for i in typed], [acled_pred[i] for i in typed]),
        "acled_rules": f1_scores([acled_gold[i] for i in typed], [acled_rule[i] for i in typed]),
        "acled_with_none": f1_scores(acled_gold, acled_pred),
        "ece": ece,
        "reliability": table,
    }


@eval_task("events")
def evaluate(
    data: Path | None = None,
    limit: int | None = None,
    verbose: bool = False,
    splits: tuple[str, ...] = ("dev", "test"),
    model_path: str | None = None,
) -> dict[str, Any]:
    from storyline.confidence import DEFAULT_MIN_CONFIDENCE
    from storyline.event_model.data import gather
    from storyline.event_model.model import load_model

    model = load_model(model_path)
    examples = [
        ex
        for ex in gather(data, with_rules=False)
        if ex.split in splits and ex.source not in ("plover_gsr", "cameo_codebook")
    ]
    if limit:
        examples = examples[:limit]
    from storyline.event_model.data import attach_rules

    attach_rules(examples)
    preds = model.predict([ex.candidate() for ex in examples])
    metrics: dict[str, Any] = {
        "threshold": DEFAULT_MIN_CONFIDENCE,
        "model": model.name,
        "model_bytes": model.path.stat().st_size,
    }
    for split in splits:
        ix = [i for i, ex in enumerate(examples) if ex.split == split]
        metrics[split] = score([examples[i] for i in ix], [preds[i] for i in ix], DEFAULT_MIN_CONFIDENCE)
        by_source: dict[str, list[int]] = defaultdict(list)
        for i in ix:
            by_source[examples[i].source.split(":")[0]].append(i)
        metrics[split]["by_source"] = {
            src: {
                "candidates": len(sx),
                "detection_f1": score(
                    [examples[i] for i in sx], [preds[i] for i in sx], DEFAULT_MIN_CONFIDENCE
                )["detection"]["f1"],
            }
            for src, sx in by_source.items()
        }
    for split in splits:
        m = metrics[split]
        print(f"event model, {split}: {m['candidates']} candidates")
        print(
            f"  detection P/R/F1 {m['detection']['precision']}/{m['detection']['recall']}/{m['detection']['f1']}"
            f" (rules {m['detection_rules']['precision']}/{m['detection_rules']['recall']}/{m['detection_rules']['f1']})"
        )
        print(
            f"  status {m['status_accuracy']} (rules {m['status_accuracy_rules']}), PLOVER {m['plover_accuracy']}"
            f" (rules {m['plover_accuracy_rules']}), CAMEO root {m['cameo_root_accuracy']}"
        )
        print(
            f"  ACLED weighted/macro F1 {m['acled']['weighted_f1']}/{m['acled']['macro_f1']}"
            f" (rules {m['acled_rules']['weighted_f1']}/{m['acled_rules']['macro_f1']}), ECE {m['ece']}"
        )
        for row in m["reliability"]:
            print(
                f"    conf >= {row['threshold']}: precision {row['precision']}, kept {row['kept']}, recall {row['recall']}"
            )
    return metrics
