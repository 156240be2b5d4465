"""POSTed articles are linked into stories in the server, in bounded batches (issue #18 item 4).

The first try linked the whole backlog in one transaction under the write lock: the first POST
to a big unlinked store held it for minutes, and the POSTs behind it waited as long. These
probes run the background linker over a 30,000-event unlinked store (``build_synthetic_store``)
and hold one of its batches open (inside its transaction) to check that writes and reads are
not held up by it, that stopping it (serve's shutdown) is prompt and leaves every linked event
in exactly one story, and that the rest is picked up by the next run. The embedder is the hashing one (in-process, no model): the batching does not
depend on it; ``tests/serve/test_api.py`` links a POST with the shipped one, in its worker.
"""

from __future__ import annotations

import threading
import time

import pytest
from fastapi.testclient import TestClient
from fault_helpers import article_text
from test_api_serving import build_synthetic_store

from storyline.linking.stories import StoryLinker, pending_count
from storyline.serve import ServeConfig, create_app
from storyline.serve.database import Database
from storyline.serve.linker import BackgroundLinker

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


class Gate:
    """Holds the linker inside its next batch's open transaction until released."""

    def __init__(self, monkeypatch):
        self.inside = threading.Event()
        self.release = threading.Event()
        real = StoryLinker._refresh_story

        def refresh(linker, story_id):
            if not self.inside.is_set():
                self.inside.set()
                assert self.release.wait(300)
            return real(linker, story_id)

        monkeypatch.setattr(StoryLinker, "_refresh_story", refresh)


def _save_in_thread(db: Database, n: int) -> threading.Thread:
    from storyline.model import Extraction
    from storyline.text.article import article_from_text

    def save() -> None:
        with db.write_lock:
            db.store.save(Extraction(article=article_from_text(article_text(n), outlet="Probe")))
            db.changed()

    thread = threading.Thread(target=save)
    thread.start()
    return thread


def test_a_write_is_not_held_up_by_the_batch_in_progress(store, monkeypatch):
    """The first try held the write lock for the whole backlog. Now a batch's transaction runs
    on the linker's own connection: a write commits while the batch is still open."""
    gate = Gate(monkeypatch)
    db = Database(str(store), serving=False)
    db.linker = linker = BackgroundLinker(db, embedder="hashing")
    try:
        _, pending_before = _story_invariants(db)
        assert pending_before > 20_000
        articles = db.scalar("SELECT count(*) FROM articles")
        db.schedule_linking()
        assert gate.inside.wait(300)  # the batch is open, its rows written, not committed
        saves = [_save_in_thread(db, n) for n in range(3)]
        for thread in saves:
            thread.join(120)
            assert not thread.is_alive(), "a write waited for the linking batch"
        assert linker.batches == 0  # the batch is still open
        assert db.scalar("SELECT count(*) FROM articles") == articles + 3  # committed, readable
        gate.release.set()
        _wait(lambda: linker.batches >= 2, "two batches")
        assert linker.last_error is None
        started = time.monotonic()
        assert linker.stop(timeout=120)  # serve's shutdown: ends after the batch in progress
        stop_s = time.monotonic() - started
        linked, pending = _story_invariants(db)
        assert linked > 0 and pending > 0
        assert linked + pending == pending_before  # a stop loses nothing, links nothing twice
        assert stop_s <= linker.longest_batch_s * 2 + 30, (stop_s, linker.longest_batch_s)
        # the next run picks up what is left (as the next POST, ingest or link would)
        db.linker = resumed = BackgroundLinker(db, embedder="hashing")
        resumed.request()
        _wait(lambda: resumed.batches >= 2, "the resumed linker")
        assert resumed.stop(timeout=120)
        again, left = _story_invariants(db)
        assert again > linked and left < pending and again + left == pending_before
    finally:
        gate.release.set()
        db.close()


def test_stop_rolls_back_the_batch_in_progress(store, monkeypatch):
    """serve's shutdown (SIGTERM) does not wait for a long batch: it is checked between
    incidents and rolled back, and nothing of it is written."""
    gate = Gate(monkeypatch)
    db = Database(str(store), serving=False)
    db.linker = linker = BackgroundLinker(db, embedder="hashing")
    try:
        _, pending_before = _story_invariants(db)
        db.schedule_linking()
        assert gate.inside.wait(300)
        stopping = threading.Thread(target=linker.stop, kwargs={"timeout": 120})
        stopping.start()
        _wait(lambda: linker._stop.is_set(), "stop requested")
        gate.release.set()  # the batch goes on to its next story: there it stops
        stopping.join(120)
        assert not stopping.is_alive() and not linker._thread.is_alive()
        assert linker.batches == 0 and linker.last_error is None
        assert _story_invariants(db) == (0, pending_before)  # rolled back: all still pending
    finally:
        gate.release.set()
        db.close()


def test_posts_and_reads_answer_while_a_batch_is_open(store, pipeline, monkeypatch):
    """Live app: the first POST starts linking 30,000 pending events; while a batch is held
    open, further POSTs are stored (201) and reads answer (200); then the linker goes on."""
    gate = Gate(monkeypatch)
    app = create_app(ServeConfig(db=str(store), token=TOKEN, link_embedder="hashing"))
    db = app.state.db
    auth = {"Authorization": f"Bearer {TOKEN}"}
    try:
        with TestClient(app) as client:
            first = client.post("/api/articles", json={"text": article_text(0)}, headers=auth)
            assert first.status_code == 201, first.text
            assert gate.inside.wait(300)
            for n in range(1, 4):
                r = client.post("/api/articles", json={"text": article_text(n)}, headers=auth)
                assert r.status_code == 201, r.text
                for path in ("/api/events", "/api/stories", "/api/stats", "/api/timeline"):
                    assert client.get(path).status_code == 200, path
            assert db.linker.batches == 0  # all of that while the first batch was open
            assert client.get("/api/stats").json()["counts"]["articles"] == 600 + 4
            gate.release.set()
            _wait(lambda: db.linker.batches >= 2, "two batches")
            linked, pending = _story_invariants(db)
            assert linked > 0 and pending > 0  # linking goes on behind the POSTs
            assert db.linker.last_error is None
    finally:
        gate.release.set()
        db.close()
    assert not db.linker._thread.is_alive()


def test_a_failed_batch_leaves_its_events_pending_and_costs_no_read(store, monkeypatch):
    app = create_app(ServeConfig(db=str(store), token=TOKEN, link_embedder="hashing"))
    db = app.state.db
    real = StoryLinker.link_pending

    def failing(self, versions=None, stop=None):
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


def test_the_batch_sentences_are_encoded_once_before_its_transaction():
    """What the linker encodes inside a batch was encoded before it (``prime``): no second call."""
    from storyline.linking.embeddings import HashingEmbedder
    from storyline.serve.linker import CachingEmbedder

    calls: list[list[str]] = []

    class Counting(HashingEmbedder):
        def encode(self, texts):
            calls.append(list(texts))
            return super().encode(texts)

    cache = CachingEmbedder(Counting(), size=3)
    cache.prime(["a b", "c d", "a b"])
    assert calls == [["a b", "c d"]]
    again = cache.encode(["c d", "a b"])
    assert calls == [["a b", "c d"]] and again.shape == (2, 512)
    assert (again[1] == HashingEmbedder().encode(["a b"])[0]).all()
    cache.encode(["e f", "g h", "i j", "k l"])  # more than it keeps: the oldest are forgotten
    assert "a b" not in cache._vectors and len(cache._vectors) == 3
