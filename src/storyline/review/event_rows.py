"""Event-model rows of the analysts' event verdicts (see :mod:`storyline.review.rows`).

Apart from ``rows`` so that the toponym and role trainers' imports do not reach the event model.
"""

from __future__ import annotations

from typing import Any

from storyline.review.rows import Labelled, figures, labelled


def event_examples(found: Labelled) -> list[Any]:
    """Event-model examples of event verdicts (see the module doc)."""
    from storyline.event_model.data import Example, plover_2021

    examples = []
    for label, text in found.items:
        start, end = label.span
        trigger = None
        if label.trigger_span and start <= label.trigger_span[0] < label.trigger_span[1] <= end:
            trigger = (label.trigger_span[0] - start, label.trigger_span[1] - start)
        fields = label.fields
        event = label.positive
        cameo = fields.get("cameo_code") if event else None
        examples.append(
            Example(
                id=f"review:{label.article_id}:{start}-{end}",
                source="review",
                split="train",
                text=text[start:end],
                trigger=trigger,
                event=event,
                status=fields.get("status") if event else None,
                plover=plover_2021(fields.get("plover_type"), cameo) if event else None,
                cameo=cameo,
                extra={"review": label.label, "corrected": list(label.corrected)},
            )
        )
    return examples


def merge_examples(examples: list[Any], reviewed: list[Any]) -> tuple[list[Any], int]:
    """``examples`` with each reviewed one in place of those of the same sentence and trigger
    (the analyst's verdict wins); returns them and how many were replaced."""
    keys = {(r.text, r.trigger) for r in reviewed}
    kept = [ex for ex in examples if (ex.text, ex.trigger) not in keys]
    return kept + reviewed, len(examples) - len(kept)


def add_review_examples(examples: list[Any], *, with_rules: bool = True) -> tuple[list[Any], dict[str, int]]:
    """The event trainer's examples with the analysts' event verdicts merged in (their rule
    proposals computed like the others'), and the figures of what was added."""
    found = labelled("event")
    reviewed = event_examples(found)
    if reviewed and with_rules:
        from storyline.event_model.data import attach_rules

        attach_rules(reviewed)
    merged, replaced = merge_examples(examples, reviewed)
    return merged, figures(found, len(reviewed), replaced=replaced)
