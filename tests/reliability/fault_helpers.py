"""Shared pieces of the fault suite: our own generated articles, the CLI in a child process,
and the store invariants every probe checks (each article once, nothing half-stored)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

HEAVY = os.environ.get("STORYLINE_FAULTS_HEAVY") == "1"
CITIES = ["Nairobi", "Lima", "Manila", "Warsaw", "Dhaka", "Accra", "Hanoi", "Quito", "Tunis", "Oslo"]
OFFICIALS = ["Maria Lopez", "Kofi Mensah", "Anna Nowak", "Tran Van Minh", "Leila Haddad"]
VERBS = ["attacked", "met", "criticised", "praised", "sanctioned"]


def article_text(n: int) -> str:
    """A short report, distinct per ``n``, from our own template (no publisher text)."""
    city, official, verb = CITIES[n % len(CITIES)], OFFICIALS[n % len(OFFICIALS)], VERBS[n % len(VERBS)]
    return (
        f"Council in {city} approves budget item {n}\n\n"
        f"{city.upper()} — Police in {city} {verb} protesters on Monday after the council approved "
        f'{n + 3} million dollars for new bus lanes, spokesperson {official} said. "This is item {n} of '
        f'our plan," {official} told reporters. Opposition members said {n + 1} projects were delayed.\n'
    )


def write_articles(folder: Path, count: int, start: int = 0) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(start, start + count):
        path = folder / f"report-{n:03d}.txt"
        path.write_text(article_text(n), encoding="utf-8")
        paths.append(path)
    return paths


def child_env(**extra: str) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p), "COLUMNS": "200", **extra}


#: The console script's entry point, run by the interpreter of this test session.
CLI = "import sys; from storyline.cli import main; sys.argv[0] = 'storyline'; main()"


def run_cli(
    *args: str, timeout: float = 300, env: dict[str, str] | None = None, prelude: str = ""
) -> subprocess.CompletedProcess:
    """``storyline ARGS`` in a child process (``prelude``: Python run first, e.g. a resource limit)."""
    return subprocess.run(
        [sys.executable, "-c", prelude + "\n" + CLI, *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env or child_env(),
    )


def one_line_error(stderr: str) -> str:
    """The error line of a failed command; fails the test on a traceback or a multi-line error."""
    assert "Traceback" not in stderr, stderr[-3000:]
    lines = [line for line in stderr.splitlines() if line.strip().startswith("error:")]
    assert len(lines) == 1, stderr[-3000:]
    return lines[0]


def integrity(db: Path) -> dict[str, int]:
    import duckdb

    with duckdb.connect(str(db), read_only=True) as con:
        q = lambda sql: con.execute(sql).fetchone()[0]  # noqa: E731
        return {
            "articles": q("SELECT count(*) FROM articles"),
            "versions": q("SELECT count(*) FROM article_versions"),
            "duplicate_texts": q(
                "SELECT count(*) FROM (SELECT sha256 FROM article_versions GROUP BY sha256 "
                "HAVING count(*) > 1)"
            ),
            "articles_without_version": q(
                "SELECT count(*) FROM articles a WHERE NOT EXISTS (SELECT 1 FROM article_versions v "
                "WHERE v.article_id = a.article_id AND v.version = a.latest_version)"
            ),
            "orphan_items": q(
                "SELECT count(*) FROM entities e WHERE NOT EXISTS "
                "(SELECT 1 FROM article_versions v WHERE v.version_id = e.version_id)"
            ),
            "versions_without_entities": q(
                "SELECT count(*) FROM article_versions v WHERE NOT EXISTS "
                "(SELECT 1 FROM entities e WHERE e.version_id = v.version_id)"
            ),
        }


def events_signature(db: Path) -> list[tuple]:
    """Every stored event as (article, span, type, code, actors, text): equal across runs."""
    import duckdb

    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(
            "SELECT v.sha256, e.id, e.span_start, e.span_end, e.plover_type, e.cameo_code, e.actor1_name, "
            "e.actor2_name, e.text FROM events e JOIN article_versions v USING (version_id) ORDER BY ALL"
        ).fetchall()


def intact(articles: int) -> dict[str, int]:
    """What :func:`integrity` reads from a store holding ``articles`` whole articles, once each."""
    return {
        "articles": articles,
        "versions": articles,
        "duplicate_texts": 0,
        "articles_without_version": 0,
        "orphan_items": 0,
        "versions_without_entities": 0,
    }
