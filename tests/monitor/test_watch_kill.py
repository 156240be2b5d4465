"""SIGKILL a real `storyline watch --once` mid-poll; the next poll stores the rest, refetches no
stored page and duplicates nothing."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from monitor_server import LocalServer, article_html, rss

from storyline.store import Store

STORYLINE = Path(sys.executable).with_name("storyline")
PAGES = 8


@pytest.mark.skipif(not STORYLINE.exists(), reason="storyline console script not installed")
def test_killed_watch_resumes_without_refetching_or_duplicating(tmp_path):
    server = LocalServer().start()
    try:
        for n in range(PAGES):
            server.page(f"/p{n}.html", article_html(n), delay=0.4)
        server.page(
            "/feed.xml",
            rss(server.base, [(f"/p{n}.html", f"Page {n}", None) for n in range(PAGES)]),
            content_type="application/rss+xml",
        )
        db = tmp_path / "kill.duckdb"
        env = {**os.environ, "STORYLINE_FETCH_LOOPBACK_ONLY": "1"}
        args = [
            str(STORYLINE),
            "watch",
            "--once",
            "--db",
            str(db),
            "--delay",
            "0",
            "--no-link",
            "--batch-size",
            "1",
            "--concurrency",
            "1",
        ]
        subprocess.run(
            [str(STORYLINE), "sources", "add", server.base + "/feed.xml", "--db", str(db)],
            check=True,
            env=env,
            capture_output=True,
        )

        proc = subprocess.Popen(
            args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
        )
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline and proc.poll() is None:
            if sum(server.hits(f"/p{n}.html") for n in range(PAGES)) >= 5:
                break
            time.sleep(0.1)
        assert proc.poll() is None, "the watcher finished before it could be killed"
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)

        with Store(db, read_only=True) as store:
            stored_before = {r[0] for r in store.con.execute("SELECT url_key FROM articles").fetchall()}
        assert 1 <= len(stored_before) < PAGES
        start = len(server.log)

        rerun = subprocess.run(args, env=env, capture_output=True, text=True, timeout=600)
        assert rerun.returncode == 0, rerun.stderr
        refetched = {p for p, _ in server.log[start:] if p.startswith("/p")}
        with Store(db, read_only=True) as store:
            con = store.con
            urls = [r[0] for r in con.execute("SELECT url_key FROM articles").fetchall()]
            versions = con.execute("SELECT count(*) FROM article_versions").fetchone()[0]
    finally:
        server.stop()
    assert len(urls) == len(set(urls)) == PAGES == versions
    stored_paths = {u.rsplit("/", 1)[1] for u in stored_before}
    assert not {p.lstrip("/") for p in refetched} & stored_paths  # nothing stored was fetched again
    assert len(refetched) == PAGES - len(stored_before)
