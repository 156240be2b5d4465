"""``storyline review export-labels``: analysts' verdicts as training labels.

One JSON line per reviewed key (its latest verdict), in the label-file shape the repo's other
labels use: it points to the text (``corpus``, ``document``, ``text_sha256``, character
``span``), it never copies the text. Fields:

- ``corpus``/``document``: where the article was read from (the corpus directory under
  ``corpora/``, or the directory under ``shared/``, and the path inside it, when ingested from
  ../shared; else ``"store"`` and the article's URL or source), ``article_id``,
  ``text_sha256`` of the version labelled;
- ``kind`` (event | incident), ``span`` (clause / best mention), ``trigger_span`` (events);
- ``label``: ``confirm`` (a true item, as corrected), ``reject`` (not an event/incident) or
  ``edit``; ``fields``: the item's field values after correction (the typed columns:
  plover_type, actors' name/country/sector, event_date, place, fatalities, timing, ...),
  ``corrected``: which of them the analyst changed; ``reviewer``, ``reviewed_at``.
"""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from pathlib import Path
from typing import Any

from storyline.review.corrections import KINDS
from storyline.store.schema import EDITABLE_COLUMNS

#: "…/shared/corpora/<corpus>/<path>", "corpora/<corpus>/<path>", "…/shared/<dir>/<path>" (seed/, reference/).
_CORPUS = (re.compile(r"(?:^|/)corpora/([^/]+)/(.+)$"), re.compile(r"/shared/([^/]+)/(.+)$"))


def _where(source: str | None, url: str | None) -> tuple[str, str | None]:
    for pattern in _CORPUS:
        match = pattern.search(source or "")
        if match:
            return match.group(1), match.group(2)
    return "store", url or source


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date | datetime) else value


def label_records(con: Any) -> list[dict[str, Any]]:
    """The label records of every reviewed key whose item is in a current version."""
    records = []
    for kind, table in KINDS.items():
        columns = [c for c, _ in EDITABLE_COLUMNS[table]]
        trigger = ", json_extract(e.data, '$.trigger.span') AS trigger_span" if table == "events" else ""
        cur = con.execute(
            f"SELECT e.article_id, e.id, e.span_start, e.span_end, {', '.join('e.' + c for c in columns)}, "
            f"e.review_action, e.reviewed_by, e.reviewed_at, e.review_changes, v.sha256, v.source, v.url{trigger} "
            f"FROM reviewed_{table} e JOIN article_versions v ON v.version_id = e.version_id "
            "WHERE e.reviewed ORDER BY e.article_id, e.span_start"
        )
        names = [c[0] for c in cur.description]
        for values in cur.fetchall():
            row = dict(zip(names, values, strict=True))
            corpus, document = _where(row["source"], row["url"])
            record = {
                "corpus": corpus,
                "document": document,
                "article_id": row["article_id"],
                "text_sha256": row["sha256"],
                "kind": kind,
                "item_id": row["id"],
                "span": [row["span_start"], row["span_end"]],
            }
            if table == "events" and row.get("trigger_span"):
                record["trigger_span"] = json.loads(row["trigger_span"])
            record.update(
                {
                    "label": row["review_action"],
                    "fields": {c: _plain(row[c]) for c in columns},
                    "corrected": sorted(json.loads(row["review_changes"])),
                    "reviewer": row["reviewed_by"],
                    "reviewed_at": _plain(row["reviewed_at"]),
                }
            )
            records.append(record)
    return records


def export_labels(con: Any, out: str | Path) -> int:
    """Write the label records as JSON Lines; returns how many."""
    records = label_records(con)
    path = Path(out)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False, sort_keys=False) + "\n")
    return len(records)
