"""The analyst's loop: review and correct events and incidents (``storyline review``).

Exports and API reads call :func:`apply_corrections` (rows or items) or read the store views
``reviewed_events`` / ``reviewed_incidents`` (corrected columns, ``reviewed``, ``review_action``).
"""

from storyline.review.corrections import (
    ACTIONS,
    KINDS,
    ReviewError,
    apply_corrections,
    apply_to_document,
    correct_item,
    find_item,
    history,
    record_review,
    rejected_uids,
    review_queue,
    validate_changes,
)
from storyline.review.labels import export_labels, label_records
from storyline.review.training import ReviewLabel, ReviewLabelError, review_labels

__all__ = [
    "ACTIONS",
    "KINDS",
    "ReviewError",
    "apply_corrections",
    "apply_to_document",
    "correct_item",
    "export_labels",
    "find_item",
    "history",
    "label_records",
    "record_review",
    "rejected_uids",
    "review_queue",
    "validate_changes",
    "ReviewLabel",
    "ReviewLabelError",
    "review_labels",
]
