"""POSTed articles are linked into stories in the server, in bounded batches (issue #18 item 4).

The first try linked the whole backlog in one transaction under the write lock: the first POST
to a big unlinked store held it for minutes, and the POSTs behind it waited as long. These
probes run the background linker over a 30,000-event unlinked store (``build_synthetic_store``)
and check that a write waits for at most the one batch in progress (no batch starts while a
writer waits), that reads and POSTs answer meanwhile, that stopping it (serve's shutdown) is
prompt and leaves every linked event in exactly one story, and that the rest is picked up by
the next run. The embedder is the hashing one (in-process, no model): the batching does not
depend on it; ``tests/serve/test_api.py`` links a POST with the shipped one, in its worker.
"""

from __future__ import annotations

import time

import pytest
from fastapi.testclient import TestClient
from fault_helpers import article_text
from test_api_serving import build_synthetic_store

from storyline.linking.stories import StoryLinker, pending_count
from storyline.serve import ServeConfig, create_app
from storyline.serve.database import Database
from storyline.serve.linker import BackgroundLinker, WriteLock

TOKEN = "linking-token"


@pytest.fixture(scope="module")
def backlog(tmp_path_factory):
    """A store with 30,000 events in no story (built once; each test copies it)."""
    path = tmp_path_factory.mktemp("backlog") / "backlog.duckdb"
    build_synthetic_store(path)
    return path


@pytest.fixture
def store(backlog, tmp_path):
    import shutil

    return shutil.copy(backlog, tmp_path / "store.duckdb")


def _wait(condition, what: str, timeout: float = 300.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.02)


def _story_invariants(db: Database) -> tuple[int, int]:
    """(linked, pending); every linked event is in exactly one story, of a current version."""
    con = db.store.con
    dup = con.execute(
        "SELECT count(*) FROM (SELECT event_uid FROM story_mentions GROUP BY 1 HAVING count(*) > 1)"
    ).fetchone()[0]
    orphans = con.execute(
        "SELECT count(*) FROM story_mentions m WHERE m.story_id NOT IN (SELECT story_id FROM story_events)"
    ).fetchone()[0]
    assert dup == 0 and orphans == 0
    linked = con.execute("SELECT count(*) FROM story_mentions").fetchone()[0]
    return linked, pending_count(db.store)


def test_the_write_lock_lets_a_waiting_writer_go_before_the_next_batch():
    """A foreground writer that asks while background work holds the lock gets it next, even
    though the background loop asks again at once (a plain Lock makes no such promise)."""
    import threading

    lock = WriteLock()
    order: list[str] = []
    holding = threading.Event()
    stop = threading.Event()

    def background() -> None:
        while not stop.is_set():
            with lock.background():
                holding.set()
                order.append("batch")
                time.sleep(0.01)

    thread = threading.Thread(target=background)
    thread.start()
    try:
        for _ in range(20):
            holding.clear()
            assert holding.wait(30)  # the background loop holds the lock (a batch in progress)
            asked = len(order)
            with lock:
                assert order[asked:].count("batch") <= 1  # at most the one holding the lock
                order.append("write")
    finally:
        stop.set()
        thread.join(30)
    assert lock.overtaken == 0
    assert order.count("write") == 20 and order.count("batch") >= 20


def test_a_big_backlog_holds_up_a_write_for_at_most_one_batch(store):
    db = Database(str(store), serving=False)
    linker = BackgroundLinker(db, embedder="hashing", max_batch=4)
    db.linker = linker
    try:
        _, pending_before = _story_invariants(db)
        assert pending_before > 20_000
        db.schedule_linking()
        _wait(lambda: linker.batches >= 2, "two batches")
        for _ in range(5):  # writers arriving while the backlog is linked
            before = linker.batches
            with db.write_lock:
                during = linker.batches
                linked, pending = _story_invariants(db)
            assert during <= before + 1  # only the batch in progress finished first
            assert pending > 0  # the write did not wait for the backlog
            time.sleep(0.05)
        assert db.write_lock.overtaken == 0, "a batch started while a writer waited"
        assert linker.last_error is None
        started = time.monotonic()
        assert linker.stop(timeout=120)  # serve's shutdown: ends after the batch in progress
        stop_s = time.monotonic() - started
        linked, pending = _story_invariants(db)
        assert linked > 0 and pending > 0
        assert linked + pending == pending_before  # a stop loses nothing, links nothing twice
        assert stop_s <= linker.longest_hold_s + 30, (stop_s, linker.longest_hold_s)
        # the next run picks up what is left (as the next POST, ingest or link would)
        db.linker = resumed = BackgroundLinker(db, embedder="hashing", max_batch=4)
        resumed.request()
        _wait(lambda: resumed.batches >= 2, "the resumed linker")
        resumed.stop(timeout=120)
        again, left = _story_invariants(db)
        assert again > linked and left < pending and again + left == pending_before
    finally:
        db.close()


def test_posts_and_reads_answer_while_a_backlog_is_linked(store, pipeline):
    """Live app: the first POST starts linking 30,000 pending events; later POSTs and reads
    answer meanwhile, each POST waiting for at most one batch."""
    app = create_app(ServeConfig(db=str(store), token=TOKEN, link_embedder="hashing"))
    db = app.state.db
    auth = {"Authorization": f"Bearer {TOKEN}"}
    try:
        with TestClient(app) as client:
            first = client.post("/api/articles", json={"text": article_text(0)}, headers=auth)
            assert first.status_code == 201, first.text
            _wait(lambda: db.linker.batches >= 2, "two batches")
            for n in range(1, 4):
                r = client.post("/api/articles", json={"text": article_text(n)}, headers=auth)
                assert r.status_code == 201, r.text
                for path in ("/api/events", "/api/stories", "/api/stats", "/api/timeline"):
                    assert client.get(path).status_code == 200, path
            assert db.write_lock.overtaken == 0
            with db.write_lock:
                linked, pending = _story_invariants(db)
            assert linked > 0 and pending > 0  # linking goes on behind the POSTs
            assert db.linker.last_error is None
    finally:
        db.close()
    assert not db.linker._thread.is_alive()


def test_a_failed_batch_leaves_its_events_pending_and_costs_no_read(store, monkeypatch):
    app = create_app(ServeConfig(db=str(store), token=TOKEN, link_embedder="hashing"))
    db = app.state.db
    real = StoryLinker.link_pending

    def failing(self, versions=None):
        raise OSError("simulated: No space left on device")

    monkeypatch.setattr(StoryLinker, "link_pending", failing)
    try:
        with TestClient(app) as client:
            _, pending = _story_invariants(db)
            db.schedule_linking()
            assert db.linker.wait_idle(120)
            assert "No space left" in (db.linker.last_error or "")
            assert _story_invariants(db) == (0, pending)
            assert client.get("/api/stories").status_code == 200
            monkeypatch.setattr(StoryLinker, "link_pending", real)
            db.schedule_linking()  # the next POST's request tries again
            _wait(lambda: db.linker.batches >= 1, "a batch after the failure")
            with db.write_lock:
                linked, left = _story_invariants(db)
            assert linked > 0 and linked + left == pending
            assert db.linker.last_error is None
    finally:
        db.close()
