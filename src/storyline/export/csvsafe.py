"""Cells that spreadsheets would run as formulas ("CSV injection"), made inert.

Every CSV/TSV writer of Storyline (the API's CSV listings, ``storyline export --format
csv|acled|gdelt``) passes text cells through :func:`formula_safe`: a cell starting with ``=``,
``+``, ``-``, ``@``, a tab or a carriage return gets a leading apostrophe, as OWASP advises.
"""

from __future__ import annotations

from typing import Any

#: Spreadsheet programs run cells starting with these as formulas.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def formula_safe(value: Any) -> Any:
    """The cell as given, or with a leading apostrophe when it would start a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def formula_safe_sql(column: str) -> str:
    """The same guard as a DuckDB expression over a VARCHAR column (for COPY ... TO csv)."""
    quoted = '"' + column.replace('"', '""') + '"'
    return (f"CASE WHEN left({quoted}, 1) IN ('=', '+', '-', '@', chr(9), chr(13)) "
            f"THEN '''' || {quoted} ELSE {quoted} END AS {quoted}")
