"""kill -9 at random points of ``storyline ingest``: each article once, events identical.

The invariant after every kill and after the final re-run: each article stored exactly once
(one version, no duplicate text, no article without its version, no item without its
article) and, once the run completes, every event identical to an uninterrupted run's
(same articles, spans, codes, actors, sentences). Kill points are drawn at random (seed in
``STORYLINE_FAULTS_SEED``, printed on failure): after the k-th committed article, and at a
random moment. Default: 2 kills; ``STORYLINE_FAULTS_HEAVY=1``: 7 kills with 2 workers.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import threading
import time
import uuid

from fault_helpers import CLI, HEAVY, child_env, events_signature, intact, integrity, write_articles

COUNT = 24


def _ingest(articles, db, *extra: str, env=None) -> list[str]:
    return [sys.executable, "-c", CLI, "ingest", str(articles), "--db", str(db), "--no-link", *extra]


def _kill_after(cmd: list[str], env: dict, stored: int | None, seconds: float | None, left: int = 0) -> int:
    """Run ``cmd``; SIGKILL it after ``stored`` committed articles, or after ``seconds`` but before
    its last article (a fast machine must not finish first: then nothing would be killed)."""
    proc = subprocess.Popen(cmd, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True, env=env)
    seen = 0
    started = time.monotonic()
    enough = stored if stored is not None else max(1, left - 1)
    reached = threading.Event()

    def read() -> None:
        nonlocal seen
        for line in proc.stderr:
            if line.startswith(("new ", "new_version ")):
                seen += 1
                if seen >= enough:
                    reached.set()
                    return

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        reached.wait(timeout=seconds if seconds is not None else 300)
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.wait(timeout=300)
        reader.join(timeout=10)
        proc.stderr.close()
    assert proc.returncode == -signal.SIGKILL, (
        f"ingest ended before its kill ({time.monotonic() - started:.0f} s)"
    )
    return seen


def _workers_left(marker: str) -> list[int]:
    found = []
    for proc_dir in os.listdir("/proc"):
        if proc_dir.isdigit():
            try:
                with open(f"/proc/{proc_dir}/environ", "rb") as f:
                    if marker.encode() in f.read():
                        found.append(int(proc_dir))
            except OSError:
                continue
    return found


def test_kill_9_at_random_points_then_rerun_stores_each_article_once_with_identical_events(
    tmp_path, pipeline
):
    seed = int(os.environ.get("STORYLINE_FAULTS_SEED", random.randrange(10**6)))
    rng = random.Random(seed)
    articles = tmp_path / "in"
    write_articles(articles, COUNT)
    reference, db = tmp_path / "reference.duckdb", tmp_path / "killed.duckdb"
    from storyline.ingest.runner import run_ingest

    run_ingest([articles], reference, batch_size=4)  # uninterrupted, in this process (models loaded once)
    expected = events_signature(reference)
    assert integrity(reference) == intact(COUNT) and expected

    kills = 7 if HEAVY else 2
    workers = ["--workers", "2"] if HEAVY else []
    log = []
    for k in range(kills):
        marker = f"storyline-fault-{uuid.uuid4().hex}"
        env = child_env(STORYLINE_TEST_RUN=marker)
        stored_before = integrity(db)["articles"] if db.exists() else 0
        left = COUNT - stored_before
        if left <= 2:
            break
        if k == kills - 1 and not HEAVY or k % 3 == 2:  # a kill at a random moment (maybe mid-startup)
            point = ("seconds", round(rng.uniform(1.0, 12.0), 1))
            seen = _kill_after(
                _ingest(articles, db, "--batch-size", "1", "--verbose", *workers), env, None, point[1], left
            )
        else:
            point = ("stored", rng.randint(1, max(1, left - 2)))
            seen = _kill_after(
                _ingest(articles, db, "--batch-size", "1", "--verbose", *workers), env, point[1], None
            )
        log.append((point, seen))
        deadline = time.monotonic() + 20
        while _workers_left(marker) and time.monotonic() < deadline:
            time.sleep(0.5)
        assert not _workers_left(marker), f"worker processes outlived the kill (seed {seed}, {log})"
        if db.exists():
            after = integrity(db)
            assert after == intact(after["articles"]), f"seed {seed}, kills {log}: {after}"
            assert after["articles"] >= stored_before + seen  # what was reported committed survived

    rerun = subprocess.run(
        _ingest(articles, db, "--batch-size", "3"),
        capture_output=True,
        text=True,
        timeout=600,
        env=child_env(),
    )
    assert rerun.returncode == 0, rerun.stderr[-3000:]
    assert integrity(db) == intact(COUNT), f"seed {seed}, kills {log}"
    assert events_signature(db) == expected, (
        f"seed {seed}, kills {log}: events differ from the uninterrupted run"
    )
