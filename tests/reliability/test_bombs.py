"""Bounded reads: a huge JSONL line or a gzip bomb costs no memory (issue #18 item 3).

Sizes are checked while reading: a line is read at most ``max_bytes + 1`` bytes at a time
and skipped in 1 MB reads, a document stops at ``max_bytes + 1``. Each probe runs in a child
process and compares its peak RSS with its RSS before reading. The default line is 256 MB
(decompressed; the .gz is ~1 MB); ``STORYLINE_FAULTS_HEAVY=1`` makes it the 3 GB of the issue.
"""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
from pathlib import Path

HEAVY = os.environ.get("STORYLINE_FAULTS_HEAVY") == "1"
LINE_MB = 3072 if HEAVY else 256
GOOD = {
    "title": "Council approves budget",
    "url": "https://example.org/{n}",
    "text": "The council in Lima approved {n} million dollars on Monday, spokesperson Maria Lopez said.",
}


def _good(n: int) -> bytes:
    return json.dumps({k: v.format(n=n) for k, v in GOOD.items()}).encode() + b"\n"


def _gzip_with_huge_line(path: Path, megabytes: int) -> None:
    """good line, one ``megabytes`` MB line (a JSON string of 'a'), good line — streamed, never in memory."""
    chunk = b"a" * (1 << 20)
    with open(path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=1) as gz:
        gz.write(_good(0))
        gz.write(b'{"text": "')
        for _ in range(megabytes):
            gz.write(chunk)
        gz.write(b'"}\n')
        gz.write(_good(2))


# VmHWM, not ru_maxrss: a child's ru_maxrss starts at its forking parent's peak (pytest's, with
# the models loaded); the high-water mark of /proc/self/status belongs to this program alone.
_PROBE = r"""
import json, sys
from storyline.ingest.readers import iter_articles
def status_mb(key):
    for line in open("/proc/self/status"):
        if line.startswith(key):
            return int(line.split()[1]) / 1024
list(iter_articles(sys.argv[1:2], max_bytes=1 << 20))  # warm-up: the readers' lazy imports are not the bomb
before = status_mb("VmRSS")
got = [type(x).__name__ + ":" + (x.title or "" if type(x).__name__ == "Article" else str(x))
       for x in iter_articles(sys.argv[2:], max_bytes=1 << 20)]
print(json.dumps({"got": got, "before_mb": before, "peak_mb": status_mb("VmHWM")}))
"""


def _probe(*paths: Path) -> dict:
    """Read ``paths`` in a child, after a warm-up read of one small good file of each kind."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    warm = paths[0].parent / "warm"
    warm.mkdir(exist_ok=True)
    (warm / "good.jsonl").write_bytes(_good(0))
    with gzip.open(warm / "good.jsonl.gz", "wb") as gz:
        gz.write(_good(1))
    (warm / "good.txt").write_text("Council approves budget\n\n" + GOOD["text"].format(n=2) + "\n")
    (warm / "good.html").write_text(
        "<html><head><title>Council approves budget</title></head><body><p>"
        + GOOD["text"].format(n=3)
        + "</p></body></html>"
    )
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, str(warm), *map(str, paths)],
        capture_output=True,
        text=True,
        timeout=600,
        env=env,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout)


def test_a_huge_jsonl_line_in_a_gzip_is_skipped_without_reading_it_into_memory(tmp_path):
    path = tmp_path / "bomb.jsonl.gz"
    _gzip_with_huge_line(path, LINE_MB)
    assert path.stat().st_size < LINE_MB * 20_000  # a bomb: ~1/250 of what it holds
    result = _probe(path)
    assert result["got"][0] == "Article:Council approves budget"
    assert result["got"][1].startswith("IngestError:") and f"{path}:2: line too large" in result["got"][1]
    assert result["got"][2] == "Article:Council approves budget"  # the line after it is still read
    assert len(result["got"]) == 3
    assert result["peak_mb"] - result["before_mb"] < 120, result


def test_document_bombs_stop_at_the_size_limit(tmp_path):
    """.txt.gz / .html.gz / .json.gz that decompress to hundreds of MB: refused at the limit."""
    paths = []
    for name, head in (
        ("bomb.txt.gz", b"Title\n\n"),
        ("bomb.html.gz", b"<html><body><p>"),
        ("bomb.json.gz", b'[{"text": "'),
    ):
        path = tmp_path / name
        with gzip.open(path, "wb", compresslevel=1) as gz:
            gz.write(head)
            for _ in range(LINE_MB // 2):
                gz.write(b"x" * (1 << 20))
        paths.append(path)
    result = _probe(*paths)
    assert len(result["got"]) == 3
    assert all(g.startswith("IngestError:") and "too large" in g for g in result["got"]), result["got"]
    assert result["peak_mb"] - result["before_mb"] < 120, result


def test_a_truncated_or_corrupt_gzip_keeps_the_lines_before_the_break(tmp_path):
    good = b"".join(_good(n) for n in range(3))
    whole = gzip.compress(good * 50)
    (tmp_path / "cut.jsonl.gz").write_bytes(whole[: len(whole) * 2 // 3])
    flipped = bytearray(whole)
    flipped[len(flipped) // 2] ^= 0xFF
    (tmp_path / "flipped.jsonl.gz").write_bytes(bytes(flipped))
    from storyline.ingest.errors import IngestError
    from storyline.ingest.readers import iter_articles

    for name in ("cut.jsonl.gz", "flipped.jsonl.gz"):
        got = list(iter_articles([tmp_path / name]))
        errors = [str(x) for x in got if isinstance(x, IngestError)]
        assert len(errors) == 1 and "stopped after line" in errors[0] and "\n" not in errors[0], errors
        assert isinstance(got[-1], IngestError)  # every line before the break was read
    assert len(list(iter_articles([tmp_path / "cut.jsonl.gz"]))) > 1
