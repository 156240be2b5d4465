"""What changed between two versions of an article, in extracted terms.

Text diffs say which words changed; readers want to know which *facts* did: events, quotes
and claims added, removed or changed. Items are matched across versions by a key that
survives re-wording around them (a quote's words and speaker, an event's actors and type).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Any

from storyline.model import Claim, Event, Extraction, Quote


def _norm(text: str | None) -> str:
    return re.sub(r"\W+", " ", (text or "").lower()).strip()


def _similar(a: str, b: str) -> float:
    return SequenceMatcher(None, _norm(a), _norm(b)).ratio()


def _quote_key(q: Quote) -> tuple:
    return ("quote", _norm(q.speaker.name), _norm(q.text))


def _event_key(e: Event) -> tuple:
    a1 = e.actor1.country or _norm(e.actor1.name or e.actor1.text) if e.actor1 else None
    a2 = e.actor2.country or _norm(e.actor2.name or e.actor2.text) if e.actor2 else None
    return ("event", a1, a2, e.plover_type or e.cameo_code, _norm(e.trigger.lemma or e.trigger.text))


def _claim_key(c: Claim) -> tuple:
    return ("claim", _norm(c.source.name), _norm(c.text))


def _event_summary(e: Event) -> dict[str, Any]:
    return {
        "date": e.date.value if e.date else None,
        "place": e.location.name if e.location else None,
        "casualties": sorted((c.kind, c.count, c.negated) for c in e.casualties),
        "status": e.status,
    }


@dataclass
class ItemChange:
    kind: str  # "added" | "removed" | "changed"
    item_type: str  # "event" | "quote" | "claim"
    old: dict[str, Any] | None = None
    new: dict[str, Any] | None = None
    detail: str = ""


@dataclass
class VersionDiff:
    article_id: str
    old_version: int
    new_version: int
    changes: list[ItemChange] = field(default_factory=list)
    update_notes: list[str] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for c in self.changes:
            key = f"{c.item_type}s_{c.kind}"
            out[key] = out.get(key, 0) + 1
        return out

    def as_dict(self) -> dict[str, Any]:
        return {
            "article_id": self.article_id,
            "old_version": self.old_version,
            "new_version": self.new_version,
            "update_notes": self.update_notes,
            "counts": self.counts(),
            "changes": [c.__dict__ for c in self.changes],
        }


def _diff_items(item_type: str, old: list, new: list, key, text_of, summary=None) -> list[ItemChange]:
    """Match by exact key, then pair leftovers whose text is near-identical as 'changed'."""
    changes: list[ItemChange] = []
    old_by_key: dict[tuple, list] = {}
    for item in old:
        old_by_key.setdefault(key(item), []).append(item)
    unmatched_new = []
    for item in new:
        bucket = old_by_key.get(key(item))
        if bucket:
            before = bucket.pop(0)
            if summary and summary(before) != summary(item):
                changes.append(
                    ItemChange(
                        "changed",
                        item_type,
                        before.model_dump(),
                        item.model_dump(),
                        f"{summary(before)} -> {summary(item)}",
                    )
                )
        else:
            unmatched_new.append(item)
    unmatched_old = [i for bucket in old_by_key.values() for i in bucket]
    for item in unmatched_new:
        best = max(unmatched_old, key=lambda o: _similar(text_of(o), text_of(item)), default=None)
        if best is not None and _similar(text_of(best), text_of(item)) >= 0.75:
            unmatched_old.remove(best)
            changes.append(ItemChange("changed", item_type, best.model_dump(), item.model_dump(), "reworded"))
        else:
            changes.append(ItemChange("added", item_type, None, item.model_dump()))
    changes.extend(ItemChange("removed", item_type, item.model_dump(), None) for item in unmatched_old)
    return changes


def diff_extractions(
    old: Extraction, new: Extraction, *, article_id: str = "", old_version: int = 0, new_version: int = 0
) -> VersionDiff:
    diff = VersionDiff(
        article_id,
        old_version,
        new_version,
        update_notes=[n for n in new.article.update_notes if n not in old.article.update_notes],
    )
    diff.changes += _diff_items("event", old.events, new.events, _event_key, lambda e: e.text, _event_summary)
    diff.changes += _diff_items("quote", old.quotes, new.quotes, _quote_key, lambda q: q.text)
    diff.changes += _diff_items("claim", old.claims, new.claims, _claim_key, lambda c: c.text)
    return diff


def diff_article(
    store, article_id: str, old_version: int | None = None, new_version: int | None = None
) -> VersionDiff:
    """Diff two stored versions of an article (default: the last two)."""
    versions = [v["version"] for v in store.versions(article_id)]
    if not versions:
        raise KeyError(f"no article {article_id}")
    if len(versions) < 2 and old_version is None:
        raise ValueError(f"article {article_id} has only one version")
    new_version = new_version or versions[-1]
    old_version = old_version or max(v for v in versions if v < new_version)
    old = store.load_extraction(f"{article_id}:{old_version}")
    new = store.load_extraction(f"{article_id}:{new_version}")
    return diff_extractions(old, new, article_id=article_id, old_version=old_version, new_version=new_version)
