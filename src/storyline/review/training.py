"""Analysts' verdicts as training examples: :func:`review_labels` reads the files that
``storyline review export-labels`` writes, for the trainers of ``storyline train``.

A trainer calls ``review_labels("event")`` (or ``"incident"``) and gets one
:class:`ReviewLabel` per reviewed item: where its text is (``corpus``/``document`` or the store's
``article_id``, ``text_sha256``, character ``span``), the verdict (``confirm``, ``reject``,
``edit``), the item's field values after correction and which of them the analyst changed. A
``reject`` is a negative example (not an event/incident at all); ``confirm`` and ``edit`` are
positives with the values in ``fields`` as the truth (``corrected`` names the fields a model
got wrong). Where the label files are:

1. ``paths`` given by the caller (files, or folders of ``*.jsonl``),
2. else ``$STORYLINE_REVIEW_LABELS`` (paths separated by ``os.pathsep``; ``storyline train NAME
   --review-labels PATH`` sets it),
3. else the repo's ``labels/review/`` folder (export-labels' default output) when it exists.

No file is no labels (an empty list), never an error. A line that is not a label record is
an error naming ``file:line``. When the same item (same text, kind and span) was exported more
than once, the latest ``reviewed_at`` wins.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REVIEW_LABELS_ENV = "STORYLINE_REVIEW_LABELS"
#: ``storyline review export-labels`` writes here by default (relative to the repo root).
REPO_LABELS = Path(__file__).resolve().parents[3] / "labels" / "review"
KINDS = ("event", "incident")
VERDICTS = ("confirm", "reject", "edit")
_REQUIRED = ("corpus", "article_id", "text_sha256", "kind", "span", "label", "fields")


class ReviewLabelError(ValueError):
    """A label file line that is not a review label; ``str()`` names ``file:line``."""


@dataclass(frozen=True)
class ReviewLabel:
    """One analyst verdict on one event or incident (see docs/review.md, "Training labels")."""

    corpus: str
    document: str | None
    article_id: str
    text_sha256: str
    kind: str
    item_id: str | None
    span: tuple[int, int]
    label: str
    fields: dict[str, Any]
    corrected: tuple[str, ...] = ()
    trigger_span: tuple[int, int] | None = None
    reviewer: str | None = None
    reviewed_at: str | None = None
    #: ``file:line`` it was read from.
    origin: str = field(default="", compare=False)

    @property
    def positive(self) -> bool:
        """A true item (confirmed or corrected), as opposed to a rejected one."""
        return self.label != "reject"

    def text(self, store: Any) -> str | None:
        """The labelled article's text from a store holding that version (matched by its hash)."""
        con = getattr(store, "con", store)
        row = con.execute(
            "SELECT text FROM article_versions WHERE sha256 = ? LIMIT 1", [self.text_sha256]
        ).fetchone()
        return row[0] if row else None


def label_paths(paths: Iterable[str | Path] | None = None) -> list[Path]:
    """The label files :func:`review_labels` reads (see the module doc for the order)."""
    if paths is None:
        configured = os.environ.get(REVIEW_LABELS_ENV, "").strip()
        paths = [p for p in configured.split(os.pathsep) if p] if configured else [REPO_LABELS]
    files: list[Path] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            files += sorted(path.rglob("*.jsonl"))
        elif path.is_file():
            files.append(path)
    return files


def _span(value: Any, where: str, name: str) -> tuple[int, int]:
    if (
        not isinstance(value, list | tuple)
        or len(value) != 2
        or not all(isinstance(v, int) and not isinstance(v, bool) for v in value)
        or value[0] > value[1]
    ):
        raise ReviewLabelError(f"{where}: {name} must be [start, end] character offsets, not {value!r}")
    return (value[0], value[1])


def parse_label(record: Any, where: str) -> ReviewLabel:
    """One exported record as a :class:`ReviewLabel` (``where``: ``file:line`` for errors)."""
    if not isinstance(record, dict):
        raise ReviewLabelError(f"{where}: not a label record (a JSON object)")
    missing = [k for k in _REQUIRED if k not in record]
    if missing:
        raise ReviewLabelError(f"{where}: label record without {', '.join(missing)}")
    if record["kind"] not in KINDS:
        raise ReviewLabelError(f"{where}: kind must be event or incident, not {record['kind']!r}")
    if record["label"] not in VERDICTS:
        raise ReviewLabelError(f"{where}: label must be confirm, reject or edit, not {record['label']!r}")
    if not isinstance(record["fields"], dict):
        raise ReviewLabelError(f"{where}: fields must be an object")
    trigger = record.get("trigger_span")
    return ReviewLabel(
        corpus=str(record["corpus"]),
        document=record.get("document"),
        article_id=str(record["article_id"]),
        text_sha256=str(record["text_sha256"]),
        kind=record["kind"],
        item_id=record.get("item_id"),
        span=_span(record["span"], where, "span"),
        label=record["label"],
        fields=dict(record["fields"]),
        corrected=tuple(record.get("corrected") or ()),
        trigger_span=_span(trigger, where, "trigger_span") if trigger is not None else None,
        reviewer=record.get("reviewer"),
        reviewed_at=record.get("reviewed_at"),
        origin=where,
    )


def review_labels(
    kind: str, paths: Iterable[str | Path] | None = None, *, verdicts: Iterable[str] = VERDICTS
) -> list[ReviewLabel]:
    """The analysts' labels of ``kind`` (``"event"`` or ``"incident"``) from exported label files,
    one per reviewed item (the latest verdict), in file order; only those with a verdict in
    ``verdicts``. Raises :class:`ReviewLabelError` on a malformed line."""
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {', '.join(KINDS)}, not {kind!r}")
    wanted = set(verdicts)
    latest: dict[tuple[str, str, tuple[int, int]], ReviewLabel] = {}
    for path in label_paths(paths):
        with open(path, encoding="utf-8") as handle:
            for number, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                where = f"{path}:{number}"
                try:
                    record = json.loads(line)
                except ValueError as exc:
                    raise ReviewLabelError(f"{where}: not JSON ({str(exc).splitlines()[0]})") from None
                label = parse_label(record, where)
                if label.kind != kind:
                    continue
                key = (label.text_sha256, label.kind, label.span)
                seen = latest.get(key)
                if seen is None or (label.reviewed_at or "") >= (seen.reviewed_at or ""):
                    latest.pop(key, None)  # re-inserted: file order follows the latest verdict
                    latest[key] = label
    return [label for label in latest.values() if label.label in wanted]
