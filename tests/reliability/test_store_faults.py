"""Store faults give one line and lose nothing: corrupt and truncated files, two writers, disk full.

Probes of issue #18 ("Also"): each ran into a chained traceback before (a failed COMMIT was
hidden behind its ROLLBACK's error; DuckDB's corruption errors were not caught at all) or, for a
half-copied file, opened fine and failed later. Every command now ends with one ``error:`` line
and exit code 2, and a disk-full run keeps what it committed: re-run, each article once.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from fault_helpers import HEAVY, child_env, intact, integrity, one_line_error, run_cli, write_articles

from storyline.store import Store, StoreError


@pytest.fixture(scope="module")
def good_store(tmp_path_factory) -> Path:
    from storyline.model import Extraction
    from storyline.text.article import article_from_text

    path = tmp_path_factory.mktemp("stores") / "good.duckdb"
    with Store(path) as store:
        store.save_many(
            [
                Extraction(
                    article=article_from_text(
                        f"Report {n}: the council in Lima approved the budget for item {n} on Monday. " * 40,
                        title=f"Report {n}",
                    )
                )
                for n in range(300)
            ]
        )
    return path


def _damaged(good: Path, folder: Path) -> dict[str, Path]:
    data = good.read_bytes()
    variants = {
        "half": data[: len(data) // 2],  # a copy cut off half-way
        "header-only": data[:4096],
        "zero-length-body": data[:12288],
        "garbled": bytearray(data),  # flipped bytes inside every block
        "not-duckdb": b"PK\x03\x04 this is a zip file, not a store " * 100,
    }
    for offset in range(8192, len(data), 4096):
        variants["garbled"][offset + 100 : offset + 140] = b"\xa5" * 40
    out = {}
    for name, content in variants.items():
        out[name] = folder / f"{name}.duckdb"
        out[name].write_bytes(bytes(content))
    return out


def test_damaged_store_files_are_refused_up_front_with_one_line(good_store, tmp_path):
    for name, path in _damaged(good_store, tmp_path).items():
        for read_only in (True, False):
            with pytest.raises(StoreError) as caught:
                Store(path, read_only=read_only)
            assert caught.value.kind == "corrupt", (name, str(caught.value))
            assert "\n" not in str(caught.value) and str(path) in str(caught.value)
            assert caught.value.__suppress_context__ or caught.value.__cause__ is None


def test_every_command_on_a_damaged_store_prints_one_line(good_store, tmp_path):
    damaged = _damaged(good_store, tmp_path)
    articles = tmp_path / "in"
    write_articles(articles, 1)
    commands = [
        ("show",),
        ("export", "--format", "csv", "--table", "articles"),
        ("ingest", str(articles)),
        ("serve", "--port", "0"),
        ("serve", "--read-only", "--port", "0"),
    ]
    for name in ("half", "garbled") if not HEAVY else tuple(damaged):
        for command in commands:
            done = run_cli(*command, "--db", str(damaged[name]), timeout=120)
            assert done.returncode == 2, (name, command, done.stderr[-2000:])
            line = one_line_error(done.stderr)
            assert "corrupt or truncated" in line, line


def test_a_second_writer_gets_one_line_naming_the_lock(tmp_path):
    db = tmp_path / "locked.duckdb"
    articles = tmp_path / "in"
    write_articles(articles, 2)
    # The holder keeps the store until its stdin closes (not a fixed sleep: on a slow machine the
    # two commands below may take longer than any sleep, and the lock would go before they ran).
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys\nfrom storyline.store import Store\n"
            f"s = Store({str(db)!r}); print('ready', flush=True); sys.stdin.read()",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=child_env(),
    )
    try:
        assert holder.stdout.readline().strip() == "ready"
        for command in (("ingest", str(articles)), ("show",)):
            done = run_cli(*command, "--db", str(db), timeout=120)
            assert done.returncode == 2, done.stderr[-2000:]
            line = one_line_error(done.stderr)
            assert f"locked by process {holder.pid}" in line, line
        assert holder.poll() is None  # the lock was held all along
    finally:
        holder.kill()
        holder.wait()
    Store(db).close()  # the lock went with its holder


#: A child that may write at most LIMIT bytes per file: DuckDB's WAL write fails with EFBIG,
#: exactly as on a full disk. The language model (which unpacks itself to a temp file) is
#: loaded before the limit is set.
_FSIZE_PRELUDE = """
import resource, signal
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
from storyline.text.language import detect_language
detect_language("The council approved the budget on Monday, officials said.")
resource.setrlimit(resource.RLIMIT_FSIZE, ({limit}, {limit}))
"""


def _disk_full_then_rerun(db: Path, articles: Path, count: int, prelude: str = "") -> tuple[str, dict]:
    first = run_cli(
        "ingest",
        str(articles),
        "--db",
        str(db),
        "--batch-size",
        "1",
        "--no-link",
        prelude=prelude,
        timeout=600,
    )
    assert first.returncode == 2, first.stderr[-3000:]
    line = one_line_error(first.stderr)
    after_fault = integrity(db)
    assert after_fault == intact(after_fault["articles"]) and after_fault["articles"] < count
    rerun = run_cli("ingest", str(articles), "--db", str(db), "--batch-size", "1", "--no-link", timeout=600)
    assert rerun.returncode == 0, rerun.stderr[-3000:]
    assert integrity(db) == intact(count)
    return line, after_fault


def test_disk_full_mid_ingest_is_one_line_and_a_rerun_completes(tmp_path):
    db, articles = tmp_path / "full.duckdb", tmp_path / "in"
    count = 12
    write_articles(articles, count)
    Store(db).close()  # schema written; the limit then bites on the write-ahead log
    line, after = _disk_full_then_rerun(db, articles, count, _FSIZE_PRELUDE.format(limit=25_000))
    assert "disk full" in line and "run the same command again" in line, line


def _tmpfs(target: Path, size: str) -> bool:
    if os.geteuid() != 0:
        return False
    target.mkdir()
    return (
        subprocess.run(
            ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(target)], capture_output=True
        ).returncode
        == 0
    )


@pytest.mark.skipif(not HEAVY, reason="STORYLINE_FAULTS_HEAVY=1: a real full file system (tmpfs, needs root)")
def test_disk_full_on_a_small_tmpfs(tmp_path):
    mount = tmp_path / "tiny"
    if not _tmpfs(mount, "1200k"):
        pytest.skip("cannot mount a tmpfs here")
    try:
        db, articles = mount / "full.duckdb", tmp_path / "in"
        count = 60
        write_articles(articles, count)
        Store(db).close()
        first = run_cli(
            "ingest", str(articles), "--db", str(db), "--batch-size", "1", "--no-link", timeout=600
        )
        assert first.returncode == 2, first.stderr[-3000:]
        assert "disk full" in one_line_error(first.stderr)
        after = integrity(db)
        assert after == intact(after["articles"])
        subprocess.run(["mount", "-o", "remount,size=64m", str(mount)], check=True)
        time.sleep(0.1)
        rerun = run_cli(
            "ingest", str(articles), "--db", str(db), "--batch-size", "1", "--no-link", timeout=600
        )
        assert rerun.returncode == 0, rerun.stderr[-3000:]
        assert integrity(db) == intact(count)
    finally:
        subprocess.run(["umount", "-l", str(mount)], capture_output=True)
