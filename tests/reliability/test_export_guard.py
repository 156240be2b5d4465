"""Every CSV/TSV that ``storyline export`` writes guards spreadsheet formulas (issue #18, "Also").

Before: ``storyline export --format csv|acled`` wrote ``=HYPERLINK(...)`` cells unguarded (the
API's CSV guarded them). A title, an outlet and an actor name that a spreadsheet would run go
through each writer here; every cell comes out as text (a leading ``'``).
"""

from __future__ import annotations

import csv
import io

import pytest
from test_export_formats import _extraction, _run

from storyline.store import Store

FORMULAS = {
    "title": '=HYPERLINK("http://evil.example","click")',
    "outlet": "+cmd|' /C calc'!A0",
    "actor": "@SUM(1+1)*cmd|' /C calc'!A0",
}


def _store(tmp_path):
    path = tmp_path / "formulas.duckdb"
    extraction = _extraction("https://x.example/a", "2026-03-03T08:00:00+00:00", outlet=FORMULAS["outlet"])
    extraction.article.title = FORMULAS["title"]
    for item in (*extraction.events, *extraction.incidents):
        if item.actor1 is not None and item.actor1.name == '"The Lions"':
            item.actor1 = item.actor1.model_copy(update={"name": FORMULAS["actor"]})
    with Store(path) as store:
        store.save(extraction)
    return path


def _cells(text: str, delimiter: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(text), delimiter=delimiter) for cell in row]


def _unsafe(cell: str) -> bool:
    if not cell or cell[0] not in "=+-@\t\r":
        return False
    try:  # a number (-0.04, +3) is not a formula
        float(cell)
        return False
    except ValueError:
        return True


@pytest.mark.parametrize(
    "args, delimiter, expected",
    [
        (("--format", "csv", "--table", "articles"), ",", ("title", "outlet")),
        (("--format", "csv", "--table", "events"), ",", ("actor",)),
        (("--format", "acled"), ",", ("outlet",)),
        (("--format", "gdelt"), "\t", ("actor",)),
    ],
)
def test_export_writers_guard_formula_cells(tmp_path, args, delimiter, expected):
    db = _store(tmp_path)
    out = tmp_path / "out.txt"
    result = _run("export", *args, "--db", str(db), "--out", str(out))
    assert result.exit_code == 0, result.output
    cells = _cells(out.read_text(encoding="utf-8"), delimiter)
    assert not [c for c in cells if _unsafe(c)], [c for c in cells if _unsafe(c)][:5]
    for key in expected:  # the value is there, as text
        assert any(c.startswith("'") and FORMULAS[key][1:8] in c for c in cells), (key, cells[:40])
