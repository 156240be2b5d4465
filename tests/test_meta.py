"""Meta-tests (Datasette style): the project's own conventions, checked.

* every built-in pipeline component is named in a test module and has a docs section (a heading
  naming it in backticks, e.g. ``## Dates (`time`)``);
* every data file shipped under ``src/storyline/data`` is listed in ``data/SOURCES.md``;
* tests live in stage folders (``tests/events/``, ``tests/places/``, ...), not at the top level;
* no source file is over 700 lines.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from storyline.pipeline import BUILTIN_MODULES

REPO = Path(__file__).resolve().parents[1]
SRC = REPO / "src" / "storyline"
TESTS = REPO / "tests"
DOCS = REPO / "docs"

TEST_FILES = [p for p in TESTS.rglob("test_*.py") if p.name != "test_meta.py"]


def _test_sources() -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in TEST_FILES)


def _doc_headings() -> list[str]:
    return [
        line
        for path in sorted(DOCS.glob("*.md"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.startswith("#")
    ]


@pytest.mark.parametrize("name", sorted(BUILTIN_MODULES))
def test_component_has_a_test_module(name: str) -> None:
    module = BUILTIN_MODULES[name]
    sources = _test_sources()
    assert module in sources or re.search(rf"[\"']{re.escape(name)}[\"']", sources), (
        f"component {name!r} ({module}) is named in no test module under tests/"
    )


@pytest.mark.parametrize("name", sorted(BUILTIN_MODULES))
def test_component_has_a_docs_section(name: str) -> None:
    headings = [h for h in _doc_headings() if f"`{name}`" in h]
    assert headings, f"component {name!r} has no docs section (a heading in docs/*.md naming `{name}`)"


def test_every_data_file_is_in_sources() -> None:
    data = SRC / "data"
    listed = (data / "SOURCES.md").read_text(encoding="utf-8")
    missing = [
        str(path.relative_to(data))
        for path in sorted(data.rglob("*"))
        if path.is_file() and path.name != "SOURCES.md" and "__pycache__" not in path.parts
        if f"`{path.relative_to(data).as_posix()}`" not in listed
    ]
    assert not missing, f"data files not listed in src/storyline/data/SOURCES.md: {missing}"


def test_tests_live_in_stage_folders() -> None:
    top = sorted(p.name for p in TESTS.glob("test_*.py") if p.name != "test_meta.py")
    assert not top, f"test modules at the top of tests/ (move them into a stage folder): {top}"


def test_no_source_file_over_700_lines() -> None:
    long = {
        str(p.relative_to(SRC)): n
        for p in SRC.rglob("*.py")
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > 700
    }
    assert not long, f"source files over 700 lines: {long}"
