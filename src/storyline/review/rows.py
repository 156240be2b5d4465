"""Analysts' corrections as the trainers' own rows (issue #17: corrections train the models).

:func:`storyline.review.review_labels` reads the verdicts; this module turns them into the rows
each trainer of ``storyline train`` already learns from, where the trainer has a matching label
kind, and says how many it added (``review_rows`` in the figures):

- ``events`` (the event model: sentence, trigger, detection and type heads; ``event_rows``): an event verdict
  becomes one :class:`~storyline.event_model.data.Example` of its clause - ``reject`` a
  detection negative ("not an event"), ``confirm``/``edit`` a positive whose PLOVER type, CAMEO
  code and status are the reviewed values (an edited type is the label). It replaces an example
  of the same sentence and trigger (a hand label the analyst overrode).
- ``roles`` (MUC-4-style documents with role fillers): an incident verdict becomes one document
  of the incident's text - ``reject`` a document with no filler (a negative for every role and
  for relevance), ``confirm``/``edit`` one with the reviewed actor1 as perpetrator (``PerpOrg``
  when a sector is coded, else ``PerpInd``) and actor2 as ``Victim``.
- ``toponyms`` (gold toponyms with coordinates): a confirmed or edited event or incident whose
  place name occurs in its clause gives that mention with the reviewed coordinates; it trains
  the ranker only (the labels cover some mentions of an article, like the project's own set).
- ``linking`` has no matching kind: its labels are pairs of mentions of the same or different
  events, and a review says nothing about which events are one story (it reports 0).

Every review row is a *training* row: the dev figures stay on each trainer's own dev split,
comparable with earlier runs. The labelled text is found by its hash in the stores named by
``$STORYLINE_REVIEW_STORE`` (``storyline train NAME --review-store DB``; their corrections are
read too, without an export), else in the corpus document under ../shared that the label
names; a label whose text is found nowhere is skipped and counted.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from storyline.review.training import ReviewLabel, parse_label, review_labels

log = logging.getLogger(__name__)

REVIEW_STORE_ENV = "STORYLINE_REVIEW_STORE"


@dataclass
class Labelled:
    """Review labels of one kind with their article texts; ``missing``: labels without a text."""

    items: list[tuple[ReviewLabel, str]] = field(default_factory=list)
    missing: int = 0


def store_paths() -> list[Path]:
    configured = os.environ.get(REVIEW_STORE_ENV, "").strip()
    return [Path(p) for p in configured.split(os.pathsep) if p] if configured else []


def _store_labels(kind: str, path: Path) -> list[ReviewLabel]:
    from storyline.review.labels import label_records
    from storyline.store import Store

    with Store(path, read_only=True) as store:
        records = label_records(store.con)
    return [parse_label(r, f"{path}#{n}") for n, r in enumerate(records, start=1) if r["kind"] == kind]


class TextFinder:
    """The texts of labelled article versions: in the review stores by their hash, else in the
    corpus document under ../shared a label points to (read as ``ingest`` reads it)."""

    def __init__(self, stores: list[Path] | None = None, shared: Path | None = None):
        self.stores = store_paths() if stores is None else stores
        self.shared = shared
        self._texts: dict[str, str] = {}
        self._documents: dict[Path, dict[str, str]] = {}

    def load(self, labels: list[ReviewLabel]) -> None:
        """Fetch the stores' texts of these labels (one query per store)."""
        from storyline.store import Store

        wanted = sorted({label.text_sha256 for label in labels} - set(self._texts))
        for path in self.stores:
            if not wanted:
                return
            with Store(path, read_only=True) as store:
                rows = store.con.execute(
                    "SELECT sha256, any_value(text) FROM article_versions WHERE sha256 IN (SELECT unnest(?)) "
                    "GROUP BY sha256",
                    [wanted],
                ).fetchall()
            self._texts.update(dict(rows))
            wanted = [sha for sha in wanted if sha not in self._texts]

    def text(self, label: ReviewLabel) -> str | None:
        if label.text_sha256 not in self._texts:
            self.load([label])
        return self._texts.get(label.text_sha256) or self._from_corpus(label)

    def _from_corpus(self, label: ReviewLabel) -> str | None:
        if label.corpus == "store" or not label.document:
            return None
        root = self.shared
        if root is None:
            from storyline.evaluation.data import shared_root

            root = shared_root(required=False)
        for path in (root / "corpora" / label.corpus / label.document, root / label.corpus / label.document):
            if path.is_file():
                if path not in self._documents:
                    from storyline.ingest.readers import iter_file
                    from storyline.model import Article

                    self._documents[path] = {
                        a.sha256: a.text for a in iter_file(path) if isinstance(a, Article)
                    }
                return self._documents[path].get(label.text_sha256)
        return None


def labelled(kind: str, finder: TextFinder | None = None) -> Labelled:
    """The review labels of ``kind`` (files as :func:`review_labels` finds them, and the review
    stores' corrections; the latest verdict of an item wins) with their texts."""
    finder = finder or TextFinder()
    latest: dict[tuple[str, tuple[int, int]], ReviewLabel] = {}
    for label in [*review_labels(kind), *(x for p in finder.stores for x in _store_labels(kind, p))]:
        key = (label.text_sha256, label.span)
        seen = latest.get(key)
        if seen is None or (label.reviewed_at or "") >= (seen.reviewed_at or ""):
            latest[key] = label
    finder.load(list(latest.values()))
    out = Labelled()
    for label in latest.values():
        text = finder.text(label)
        if text is None or label.span[1] > len(text):
            out.missing += 1
            continue
        out.items.append((label, text))
    if out.missing:
        log.warning(
            "%d review labels of %ss skipped: their text is in no review store or corpus", out.missing, kind
        )
    return out


def figures(found: Labelled, rows: int, **more: int) -> dict[str, int]:
    """What a trainer reports of the review labels it read (``review_rows`` in its figures)."""
    return {"labels": len(found.items) + found.missing, "rows": rows, "without_text": found.missing, **more}


# -- roles -------------------------------------------------------------------------------------
def role_documents(found: Labelled) -> list[dict[str, Any]]:
    """MUC-4-style documents (``doctext``, ``extracts``) of incident verdicts (see the module doc)."""
    docs = []
    for label, text in found.items:
        start, end = label.span
        doctext = text[start:end]
        extracts: dict[str, list[list[list[Any]]]] = {}
        if label.positive:
            for side, role in (("actor1", None), ("actor2", "Victim")):
                name = label.fields.get(f"{side}_name")
                if not name or name not in doctext:
                    continue
                if role is None:
                    role = "PerpOrg" if label.fields.get("actor1_sector") else "PerpInd"
                extracts.setdefault(role, []).append([[name, doctext.index(name)]])
        docs.append(
            {"docid": f"review:{label.article_id}:{start}-{end}", "doctext": doctext, "extracts": extracts}
        )
    return docs


# -- toponyms ----------------------------------------------------------------------------------
def toponym_documents(found: list[Labelled]) -> list[Any]:
    """BenchDocs (whole article text, gold toponyms with the reviewed coordinates) of confirmed
    or edited items whose place name occurs in their clause (see the module doc)."""
    from storyline.places.benchmarks import BenchDoc, GoldToponym

    by_text: dict[str, tuple[str, dict[tuple[int, int], Any]]] = {}
    for group in found:
        for label, text in group.items:
            f = label.fields
            name, lat, lon = f.get("place_name"), f.get("lat"), f.get("lon")
            if not label.positive or not name or lat is None or lon is None:
                continue
            start, end = label.span
            at = text.find(name, start, end)
            if at < 0:
                continue
            ref, golds = by_text.setdefault(label.text_sha256, (text, {}))
            golds[(at, at + len(name))] = GoldToponym(at, at + len(name), name, float(lat), float(lon))
    return [
        BenchDoc("review", f"review:{sha[:12]}", "train", text, sorted(golds.values(), key=lambda g: g.start))
        for sha, (text, golds) in by_text.items()
    ]
