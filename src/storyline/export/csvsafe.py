"""The spreadsheet-formula guard (:func:`storyline.text.safe.spreadsheet_safe`) as SQL.

``storyline export --format csv`` writes tables with DuckDB's ``COPY``; :func:`formula_safe_sql`
applies the same rule as the Python guard to each text column there: a cell starting with ``=``,
``+``, ``-``, ``@``, a tab or a carriage return gets a leading apostrophe (OWASP's advice).
"""

from __future__ import annotations

from storyline.text.safe import FORMULA_START


def formula_safe_sql(column: str) -> str:
    """The guard as a DuckDB expression over a VARCHAR column, keeping the column's name."""
    quoted = '"' + column.replace('"', '""') + '"'
    starts = ", ".join(f"chr({ord(c)})" if not c.isprintable() else f"'{c}'" for c in FORMULA_START)
    return f"CASE WHEN left({quoted}, 1) IN ({starts}) THEN '''' || {quoted} ELSE {quoted} END AS {quoted}"
