"""``storyline actors apply``: re-code what is already stored with the current dictionaries.

Articles are coded with the dictionaries of the day they were stored; an entry added later
(``storyline actors add``) reaches them here: every current version is read back, the
dictionaries applied, and the versions whose events, incidents or places changed get those
rows rewritten, one transaction per version (ids, spans and uids stay, so stories and
corrections still point at the same items). Run ``storyline link`` afterwards for stories to
take the new actors.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from storyline.dictionaries.apply import apply_dictionaries
from storyline.dictionaries.entries import load_dictionaries

#: The item tables dictionaries change.
TABLES = ("events", "incidents", "places")


@dataclass
class RecodeReport:
    versions_read: int = 0
    versions_changed: int = 0
    fields_changed: int = 0


def recode_store(store: Any) -> RecodeReport:
    report = RecodeReport()
    dictionaries = load_dictionaries(store.con)
    if not dictionaries:
        return report
    rows = store.con.execute(
        "SELECT version_id, article_id FROM current_versions ORDER BY version_id"
    ).fetchall()
    for version_id, article_id in rows:
        report.versions_read += 1
        extraction = store.load_extraction(version_id)
        changed = apply_dictionaries(extraction, dictionaries)
        if not changed:
            continue
        items: dict[str, list[tuple]] = {table: [] for table in store_tables()}
        store._item_rows(extraction, article_id, version_id, items)
        store.con.execute("BEGIN TRANSACTION")
        try:
            for table in TABLES:
                store.con.execute(f"DELETE FROM {table} WHERE version_id = ?", [version_id])
                store._insert_rows(table, items[table])
            store.con.execute("COMMIT")
        except Exception:
            store.con.execute("ROLLBACK")
            raise
        report.versions_changed += 1
        report.fields_changed += changed
    return report


def store_tables() -> tuple[str, ...]:
    from storyline.store.schema import ITEM_TABLES

    return ITEM_TABLES
