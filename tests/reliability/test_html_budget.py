"""HTML extraction within a size and time budget; deep pages keep their text (issue #18 item 5).

Extraction runs in a worker process that is killed when a page overruns its time
(``STORYLINE_EXTRACT_TIMEOUT_S``), pages over ``STORYLINE_MAX_HTML_BYTES`` are refused before
parsing, and pages nested deeper than libxml2's default 255 levels are parsed whole
(``huge_tree``); beyond 2,000 levels the error says so instead of "no article text found".
"""

from __future__ import annotations

import json
import time

import pytest
from fault_helpers import HEAVY

from storyline.ingest import budget
from storyline.ingest.errors import IngestError
from storyline.ingest.html import article_from_html
from storyline.ingest.readers import iter_articles

SENTENCE = "The council in Lima approved the budget on Monday after a long debate, officials said. "


def _nested(depth: int) -> str:
    return (
        "<html><body>" + "<div>" * depth + "<p>" + SENTENCE * 3 + "</p>" + "</div>" * depth + "</body></html>"
    )


def _tiny_paragraphs(n: int) -> str:
    return "<html><body><article>" + "".join(f"<p>w{i} x.</p>" for i in range(n)) + "</article></body></html>"


@pytest.mark.parametrize("depth", [256, 300, 1000, 1900])
def test_deeply_nested_html_keeps_its_text(depth):
    article = article_from_html(_nested(depth), where="deep.html")
    assert article.text.startswith("The council in Lima approved the budget")


def test_html_nested_beyond_the_parser_limit_says_so():
    with pytest.raises(IngestError, match="nested deeper than 2,000 levels"):
        article_from_html(_nested(5000), where="deeper.html")


def test_a_page_over_its_time_budget_is_stopped_and_the_next_page_is_read(monkeypatch, tmp_path):
    monkeypatch.setenv(budget.TIMEOUT_ENV, "3")
    heavy = tmp_path / "heavy.html"
    heavy.write_text(_tiny_paragraphs(300_000 if HEAVY else 120_000), encoding="utf-8")  # > 60 s unbounded
    light = tmp_path / "light.html"
    light.write_text(_nested(3), encoding="utf-8")
    budget.run_with_budget(time.time)  # the worker's start-up (imports) is outside any page's budget
    items = iter_articles([heavy, light])
    t0 = time.perf_counter()
    first = next(items)
    elapsed = time.perf_counter() - t0  # the heavy page alone: its 3 s, then the kill
    got = [first, *items]
    assert isinstance(got[0], IngestError) and "extraction stopped after 3 s" in str(got[0]), got[0]
    assert got[1].text.startswith("The council")  # a fresh worker took the next page
    # Stopped at its budget, not run to its end (> 60 s here); the margin is for reading and
    # parsing the file on a slow or loaded machine, not for a fresh worker's start-up.
    assert 3 <= elapsed < 25, elapsed


def test_a_page_over_the_size_cap_is_refused_before_parsing(monkeypatch, tmp_path):
    monkeypatch.setenv(budget.MAX_HTML_BYTES_ENV, "100000")
    record = json.dumps({"html": _tiny_paragraphs(10_000), "url": "https://example.org/big"})
    ok = json.dumps({"html": _nested(2), "url": "https://example.org/ok"})
    path = tmp_path / "pages.jsonl"
    path.write_text(record + "\n" + ok + "\n", encoding="utf-8")
    got = list(iter_articles([path]))
    assert isinstance(got[0], IngestError) and "page too large to extract" in str(got[0])
    assert got[1].text.startswith("The council")


def test_the_worker_does_not_outlive_its_parent():
    """The worker watches its parent (as ingest's analysis workers do): killed with it."""
    import os
    import signal
    import subprocess
    import sys

    from fault_helpers import child_env

    code = (
        "from storyline.ingest import budget\nimport os, sys, time\n"
        "budget.run_with_budget(os.getpid)\n"
        "print(next(iter(budget.EXTRACTION._pool._processes)), flush=True)\ntime.sleep(60)"
    )
    parent = subprocess.Popen(
        [sys.executable, "-c", code], stdout=subprocess.PIPE, text=True, env=child_env()
    )
    worker = int(parent.stdout.readline())
    os.kill(parent.pid, signal.SIGKILL)
    parent.wait()
    deadline = time.time() + 60  # it checks every second; the margin is for a loaded machine
    while time.time() < deadline:
        try:
            os.kill(worker, 0)
        except ProcessLookupError:
            return
        try:  # reap it if it is our grandchild turned zombie under init
            if open(f"/proc/{worker}/stat").read().split()[2] == "Z":
                return
        except OSError:
            return
        time.sleep(0.3)
    os.kill(worker, signal.SIGKILL)
    pytest.fail("extraction worker outlived its killed parent")
