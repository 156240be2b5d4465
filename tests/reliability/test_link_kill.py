"""kill -9 during ``storyline link``: the pending work stays in the store and the next run does it.

Linking is one transaction, so a killed run leaves the story tables as they were; the events it
did not finish are still "pending" (in no story) and the next ``storyline link`` (or ingest, or
POST) links them. The invariant after the kill and the re-run: every linkable event in exactly
one story, and the assignment identical to an uninterrupted run's. The kill moment is drawn at
random (seed in ``STORYLINE_FAULTS_SEED``) inside the measured duration of an uninterrupted run.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time

from fault_helpers import CITIES, CLI, child_env

from storyline.model import Actor, DateInfo, Event, EventLocation, Extraction, Trigger
from storyline.store import Store
from storyline.text.article import article_from_text

ARTICLES = 160
VERBS = [("shelled", "ASSAULT", 4, "19"), ("met", "CONSULT", 1, "04"), ("protested", "PROTEST", 3, "14")]


def _store(path) -> None:
    with Store(path) as store:
        for n in range(ARTICLES):
            events = []
            for k in range(3):
                city = CITIES[(n + k) % len(CITIES)]
                verb, ptype, quad, root = VERBS[(n + k) % len(VERBS)]
                text = f"Forces of country {k} {verb} near {city} on day {n % 9}, report {n}."
                events.append(
                    Event(
                        id=f"e{k}",
                        text=text,
                        span=(0, len(text)),
                        trigger=Trigger(text=verb, lemma=verb, span=(0, 1)),
                        actor1=Actor(text=f"C{k}", name=f"C{k}", country=f"C{k}", span=(0, 1)),
                        actor2=Actor(text=city, name=city, country=f"D{n % 5}", span=(0, 1)),
                        plover_type=ptype,
                        cameo_root=root,
                        quad_class=quad,
                        date=DateInfo(value=f"2024-03-0{1 + n % 9}", precision="day", text="x", span=(0, 1)),
                        location=EventLocation(name=city, lat=float(n % 10), lon=float(k), precision="city"),
                    )
                )
            body = " ".join(e.text for e in events)
            article = article_from_text(
                body,
                title=f"Report {n}",
                outlet=f"Outlet {n % 7}",
                url=f"https://x.example/{n}",
                published=f"2024-03-0{1 + n % 9}T10:00:00+00:00",
            )
            store.save(Extraction(article=article, events=events))


def _link(db) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", CLI, "link", "--db", str(db), "--embedder", "hashing"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env=child_env(),
    )


def _assignment(db) -> dict[str, str]:
    with Store(db, read_only=True) as store:
        return dict(store.con.execute("SELECT event_uid, story_id FROM story_mentions").fetchall())


def test_kill_9_during_linking_then_rerun_links_every_event_once_as_an_uninterrupted_run(tmp_path):
    seed = int(os.environ.get("STORYLINE_FAULTS_SEED", random.randrange(10**6)))
    rng = random.Random(seed)
    reference, killed = tmp_path / "reference.duckdb", tmp_path / "killed.duckdb"
    _store(reference)
    shutil.copy(reference, killed)

    started = time.monotonic()
    proc = _link(reference)
    _, err = proc.communicate(timeout=600)
    duration = time.monotonic() - started
    assert proc.returncode == 0, err[-2000:]
    expected = _assignment(reference)
    assert len(expected) == ARTICLES * 3 and len(set(expected.values())) > 1

    proc = _link(killed)
    time.sleep(rng.uniform(0.5, 0.95) * duration)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=60)
    proc.stderr.close()
    after_kill = _assignment(killed)
    # All or nothing: a run's links are one transaction.
    assert after_kill in ({}, expected), (
        f"seed {seed}: {len(after_kill)} of {len(expected)} linked after the kill"
    )

    proc = _link(killed)
    _, err = proc.communicate(timeout=600)
    assert proc.returncode == 0, err[-2000:]
    assert _assignment(killed) == expected, f"seed {seed}: the re-run differs from an uninterrupted run"
