"""What the event formats (GDELT, ACLED, GeoJSON) export: incidents, and events no incident holds.

One *unit* is one exported record of an article version: an :class:`~storyline.model.Incident`
(ACLED's unit: one real-world incident with its mentions), or an event that no incident of the
article groups (a statement, an accusation, a visit). Every format applies the same rule:

* only what happened: status asserted or reported (not negated, hypothetical, planned, threatened);
* only the present: incidents marked ``timing="background"``, and loose events dated more than
  :data:`BACKGROUND_DAYS` before the report, are history told for context and never exported as
  current fatalities;
* only what the coder trusts: confidence at or above the threshold
  (:data:`storyline.confidence.DEFAULT_MIN_CONFIDENCE` unless the caller gives another), or what an
  analyst confirmed or edited; what an analyst rejected never (``storyline review``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from storyline.events import coding
from storyline.export.documents import StoredDocument
from storyline.model import Actor, DateInfo, Event, EventLocation, Incident, Place

_Date = date  # the type, for the methods of Unit (whose ``date`` property shadows it)

#: Statuses of what was reported to happen.
HAPPENED = frozenset({"asserted", "reported"})
#: A loose event dated this many days before its report is background, not news.
BACKGROUND_DAYS = 90


@dataclass
class Unit:
    """One exported record with the fields every format reads."""

    kind: Literal["incident", "event"]
    doc: StoredDocument
    item: Incident | Event
    mentions: list[Event]
    global_id: int | None = None
    extra: dict = field(default_factory=dict)

    @property
    def uid(self) -> str:
        return f"{self.doc.version_id}/{self.item.id}"

    @property
    def actor1(self) -> Actor | None:
        return self.item.actor1

    @property
    def actor2(self) -> Actor | None:
        return self.item.actor2

    @property
    def cameo_code(self) -> str | None:
        return self.item.cameo_code

    @property
    def cameo_root(self) -> str | None:
        code = self.item.cameo_code
        return self.item.cameo_root or (code[:2] if code else None)

    @property
    def quad_class(self) -> int | None:
        if isinstance(self.item, Event) and self.item.quad_class is not None:
            return self.item.quad_class
        code = self.item.cameo_code
        return coding.quad_class(code) if code else None

    @property
    def goldstein(self) -> float | None:
        if isinstance(self.item, Event) and self.item.goldstein is not None:
            return self.item.goldstein
        code = self.item.cameo_code
        return coding.goldstein(code) if code else None

    @property
    def date(self) -> DateInfo | None:
        return self.item.date

    @property
    def location(self) -> EventLocation | None:
        return self.item.location

    @property
    def place(self) -> Place | None:
        loc = self.item.location
        return self.doc.place(loc.place_id if loc else None)

    @property
    def text(self) -> str:
        return self.item.text

    @property
    def fatalities(self) -> int:
        """Killed, as the best figure of the incident (or the event's own casualties)."""
        if isinstance(self.item, Incident):
            toll = self.item.fatalities
            return int(toll.best) if toll and toll.best else 0
        return int(sum(c.count or 0 for c in self.item.casualties if c.kind == "killed" and not c.negated))

    @property
    def num_mentions(self) -> int:
        return max(1, len(self.mentions))

    def known_day(self) -> _Date | None:
        """The record's own day when known to the day, else the article's publication day."""
        for value in (
            (self.date.value if self.date and self.date.precision == "day" else None),
            self.doc.extraction.article.published,
        ):
            if value:
                try:
                    return date.fromisoformat(value[:10])
                except ValueError:
                    continue
        return None


def _published(doc: StoredDocument) -> date | None:
    value = doc.extraction.article.published
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def is_background_event(event: Event, published: date | None) -> bool:
    """A loose event told as history: its own date (day, month or year) ends well before the report."""
    if published is None or not event.date or not event.date.value:
        return False
    value, precision = event.date.value, event.date.precision
    try:
        if precision == "day":
            own = date.fromisoformat(value[:10])
        elif precision == "month" and len(value) >= 7:
            own = date(int(value[:4]), int(value[5:7]), 28)
        elif precision == "year" and value[:4].isdigit():
            own = date(int(value[:4]), 12, 31)
        else:
            return False
    except ValueError:
        return False
    return (published - own).days > BACKGROUND_DAYS


def _rejected(item: Incident | Event) -> bool:
    return item.review is not None and item.review.action == "reject"


def _trusted(item: Incident | Event, min_confidence: float) -> bool:
    """At or above the threshold — or confirmed/edited by an analyst, whatever the model said."""
    return item.confidence >= min_confidence or (item.review is not None and item.review.action != "reject")


def document_units(doc: StoredDocument, min_confidence: float) -> list[Unit]:
    """The exported records of one article version, in text order."""
    extraction = doc.extraction
    by_id = {e.id: e for e in extraction.events}
    units: list[Unit] = []
    covered: set[str] = set()
    for incident in extraction.incidents:
        covered.update(incident.event_ids)
        if _rejected(incident) or incident.timing != "current" or incident.status not in HAPPENED:
            continue
        if not _trusted(incident, min_confidence):
            continue
        mentions = [by_id[i] for i in incident.event_ids if i in by_id]
        units.append(Unit("incident", doc, incident, mentions))
    published = _published(doc)
    for event in extraction.events:
        if event.id in covered or event.status not in HAPPENED or not _trusted(event, min_confidence):
            continue
        if _rejected(event):
            continue
        if is_background_event(event, published):
            continue
        units.append(Unit("event", doc, event, [event]))
    units.sort(key=lambda u: u.item.span[0])
    return units


def iter_units(
    docs: Iterable[StoredDocument], min_confidence: float, global_ids: dict[str, int] | None = None
) -> Iterator[Unit]:
    """Units of every document, with their store-wide increasing ids where known."""
    for doc in docs:
        for unit in document_units(doc, min_confidence):
            if global_ids is not None:
                unit.global_id = global_ids.get(unit.uid)
            yield unit
