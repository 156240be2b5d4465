"""`storyline watch --every 2s` keeps polling: a new feed entry is stored on a later poll, an
unchanged feed costs one conditional request, and Ctrl-C stops it cleanly."""

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


def _wait(condition, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


@pytest.mark.skipif(not STORYLINE.exists(), reason="storyline console script not installed")
def test_watch_loop_picks_up_new_entries(tmp_path):
    server = LocalServer().start()
    proc = None
    try:
        for n in range(3):
            server.page(f"/p{n}.html", article_html(n))
        server.page(
            "/feed.xml", rss(server.base, [("/p0.html", "Zero", None)]), content_type="application/rss+xml"
        )
        db = tmp_path / "loop.duckdb"
        env = {**os.environ, "STORYLINE_FETCH_LOOPBACK_ONLY": "1"}
        subprocess.run(
            [str(STORYLINE), "sources", "add", server.base + "/feed.xml", "--db", str(db)],
            check=True,
            env=env,
            capture_output=True,
        )
        proc = subprocess.Popen(
            [str(STORYLINE), "watch", "--every", "2s", "--db", str(db), "--delay", "0", "--no-link"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )
        assert _wait(lambda: server.hits("/p0.html") == 1, 240), "first poll did not fetch the page"
        assert _wait(lambda: server.hits("/feed.xml") >= 3, 60), "the feed is not polled again"
        assert server.hits("/p0.html") == 1  # unchanged feed: 304, the page is not fetched again
        server.page(
            "/feed.xml",
            rss(server.base, [("/p0.html", "Zero", None), ("/p1.html", "One", None)]),
            content_type="application/rss+xml",
        )
        assert _wait(lambda: server.hits("/p1.html") == 1, 60), "the new entry was not fetched"
        polls = server.hits("/feed.xml")
        assert _wait(lambda: server.hits("/feed.xml") >= polls + 1, 60)  # the poll that stored p1 finished
        os.killpg(proc.pid, signal.SIGINT)
        output, _ = proc.communicate(timeout=60)
    finally:
        if proc is not None and proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
        server.stop()
    assert "stopped; everything stored so far is kept" in output and "Traceback" not in output, output[-4000:]
    assert all(
        r.get("If-None-Match") for r in server.requests("/feed.xml")[1:]
    )  # every later poll conditional
    with Store(db, read_only=True) as store:
        urls = sorted(r[0] for r in store.con.execute("SELECT url_key FROM articles").fetchall())
    assert [u.rsplit("/", 1)[1] for u in urls] == ["p0.html", "p1.html"]
