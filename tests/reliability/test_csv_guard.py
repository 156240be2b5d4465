"""The one spreadsheet-formula guard every CSV writer shares (storyline.text.safe.spreadsheet_safe)."""

from __future__ import annotations

import pytest

from storyline.text.safe import spreadsheet_safe


@pytest.mark.parametrize(
    "cell",
    [
        '=HYPERLINK("http://evil.example","click")',
        "+cmd|' /C calc'!A0",
        "-2+3",
        "@SUM(A1:A9)",
        "\t=1",
        "\r=1",
    ],
)
def test_formula_cells_become_text(cell):
    assert spreadsheet_safe(cell) == "'" + cell


@pytest.mark.parametrize("cell", ["Police clashed with protesters", "", -2.5, 3, None, "a=b", "x-y"])
def test_other_cells_pass_unchanged(cell):
    assert spreadsheet_safe(cell) == cell
