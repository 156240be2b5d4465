"""Kill-safety: SIGKILL a real ``storyline ingest`` mid-run, re-run it, nothing lost or doubled."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from storyline.store import Store

STORYLINE = Path(sys.executable).with_name("storyline")
CITIES = ["Nairobi", "Lima", "Manila", "Warsaw", "Dhaka", "Accra", "Hanoi", "Quito", "Tunis", "Oslo"]
OFFICIALS = ["Maria Lopez", "Kofi Mensah", "Anna Nowak", "Tran Van Minh", "Leila Haddad"]


def _write_articles(folder: Path, count: int) -> None:
    """``count`` distinct short reports, generated from our own templates."""
    folder.mkdir()
    for n in range(count):
        city, official = CITIES[n % len(CITIES)], OFFICIALS[n % len(OFFICIALS)]
        (folder / f"report-{n:03d}.txt").write_text(
            f"Council in {city} approves budget item {n}\n\n"
            f"{city.upper()} — The city council in {city} approved {n + 3} million dollars on Monday "
            f'for new bus lanes, spokesperson {official} said. "This is item {n} of our plan," '
            f"{official} told reporters. Opposition members said {n + 1} projects were still delayed.\n",
            encoding="utf-8",
        )


def _processes_with(marker: str) -> list[int]:
    """Live processes whose environment holds ``marker`` (our ingest and its workers)."""
    found = []
    for proc_dir in Path("/proc").glob("[0-9]*"):
        try:
            if marker.encode() in (proc_dir / "environ").read_bytes():
                found.append(int(proc_dir.name))
        except OSError:  # exited meanwhile, or not ours to read
            continue
    return found


def _workers_gone(marker: str, timeout: float = 15.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not _processes_with(marker):
            return True
        time.sleep(0.5)
    return False


def _integrity(db: Path) -> dict[str, int]:
    with Store(db, read_only=True) as store:
        con = store.con
        return {
            "articles": con.execute("SELECT count(*) FROM articles").fetchone()[0],
            "versions": con.execute("SELECT count(*) FROM article_versions").fetchone()[0],
            "duplicate_texts": con.execute(
                "SELECT count(*) FROM (SELECT sha256 FROM article_versions GROUP BY sha256 HAVING count(*) > 1)"
            ).fetchone()[0],
            "articles_without_version": con.execute(
                "SELECT count(*) FROM articles a WHERE NOT EXISTS (SELECT 1 FROM article_versions v "
                "WHERE v.article_id = a.article_id AND v.version = a.latest_version)"
            ).fetchone()[0],
            "orphan_entities": con.execute(
                "SELECT count(*) FROM entities e WHERE NOT EXISTS "
                "(SELECT 1 FROM article_versions v WHERE v.version_id = e.version_id)"
            ).fetchone()[0],
            "versions_without_entities": con.execute(
                "SELECT count(*) FROM article_versions v WHERE NOT EXISTS "
                "(SELECT 1 FROM entities e WHERE e.version_id = v.version_id)"
            ).fetchone()[0],
        }


@pytest.mark.skipif(not STORYLINE.exists(), reason="storyline console script not installed")
def test_sigkill_mid_ingest_then_rerun_stores_each_article_exactly_once(tmp_path):
    articles, db = tmp_path / "articles", tmp_path / "kill.duckdb"
    _write_articles(articles, 40)
    cmd = [str(STORYLINE), "ingest", str(articles), "--db", str(db), "--batch-size", "1"]
    marker = f"storyline-kill-test-{uuid.uuid4().hex}"
    env = {**os.environ, "COLUMNS": "200", "STORYLINE_TEST_RUN": marker}
    # The killed run uses 2 worker processes: the writer dies between commits of their results.
    proc = subprocess.Popen(
        [*cmd, "--workers", "2", "--verbose"],
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
        env=env,
    )
    stored_lines = 0
    try:
        for line in proc.stderr:  # one "new <version_id> <path>" line per committed article
            if line.startswith("new "):
                stored_lines += 1
                if stored_lines == 5:
                    proc.send_signal(signal.SIGKILL)
                    break
    finally:
        proc.wait(timeout=120)
        proc.stderr.close()
    assert proc.returncode == -signal.SIGKILL, "ingest finished before it could be killed"
    assert _workers_gone(marker), "worker processes outlived the killed ingest"

    after_kill = _integrity(db)
    assert 5 <= after_kill["articles"] < 40  # what was committed survived, the rest is missing
    assert after_kill["articles"] == after_kill["versions"]
    assert after_kill["orphan_entities"] == after_kill["articles_without_version"] == 0

    rerun = subprocess.run([*cmd, "--workers", "1"], capture_output=True, text=True, timeout=300, env=env)
    assert rerun.returncode == 0, rerun.stderr
    final = _integrity(db)
    assert final == {
        "articles": 40,
        "versions": 40,
        "duplicate_texts": 0,
        "articles_without_version": 0,
        "orphan_entities": 0,
        "versions_without_entities": 0,
    }
