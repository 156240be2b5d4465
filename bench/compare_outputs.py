"""Byte-for-byte comparison of ``storyline extract --json`` before and after a refactor.

    python bench/compare_outputs.py --out /tmp/before.jsonl            # record outputs
    python bench/compare_outputs.py --compare /tmp/before.jsonl /tmp/after.jsonl

A fixed, deterministic selection: the seed article plus, from ../shared/corpora (or
``$STORYLINE_SHARED/corpora``), Reuters-21578, BBC News 2225, IndiaPoliceEvents, ECB+ and the
RSS snapshots, taken in the same order every time. Each output line is
``{"id": ..., "json": <the exact text extract --json prints>}``; ``--compare`` lists the
articles whose JSON differs (and those present in only one file) and exits 1 if any do.
"""

from __future__ import annotations

import argparse
import itertools
import json
import re
import sys
import tarfile
import time
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from throughput import bbc_records, india_records, reuters_records, shared_corpora  # noqa: E402

Item = tuple[str, object]  # (id, Article)


def _article(record: dict, ident: str):
    from storyline.text.article import article_from_text

    return article_from_text(
        record["text"],
        title=record.get("title"),
        published=record.get("published"),
        outlet=record.get("outlet"),
        url=record.get("url"),
        source=record.get("url") or ident,
    )


def seed_items(shared: Path) -> Iterator[Item]:
    from storyline.ingest.single import read_single_article

    for path in sorted((shared / "seed").glob("*")):
        if path.is_file() and path.suffix in (".txt", ".html", ".json", ".jsonl"):
            yield f"seed/{path.name}", read_single_article(path)


def ecb_items(corpora: Path, n: int) -> Iterator[Item]:
    from storyline.evaluation.linking import _parse_doc

    with tarfile.open(corpora / "ecbplus" / "ECBplus_xml.tar.gz") as tar:
        members = sorted(
            (m for m in tar.getmembers() if re.search(r"/\d+/\d+_\d+ecb(?:plus)?\.xml$", m.name)),
            key=lambda m: m.name,
        )
        for member in members[::10][:n]:
            match = re.search(r"/(\d+)/(\d+_\d+ecb(?:plus)?\.xml)$", member.name)
            assert match
            data = tar.extractfile(member).read()  # type: ignore[union-attr]
            doc = _parse_doc(match.group(2), data, int(match.group(1)), set())
            yield f"ecbplus/{doc.name}", _article({"text": doc.text, "title": doc.name}, doc.name)


def rss_items(corpora: Path, n: int) -> Iterator[Item]:
    from storyline.ingest.errors import IngestError
    from storyline.ingest.readers import iter_file

    produced = 0
    for path in sorted((corpora / "rss_feeds" / "extracted_from_js").glob("*.xml")):
        for i, result in enumerate(iter_file(path)):
            if isinstance(result, IngestError) or len(result.text) < 200:
                continue
            yield f"rss/{path.name}/{i}", result
            produced += 1
            if produced >= n:
                return
            if i >= 9:
                break


def selection(shared: Path, per_corpus: int) -> Iterator[Item]:
    corpora = shared / "corpora"
    yield from seed_items(shared)
    for name, records in (
        ("reuters", reuters_records(corpora)),
        ("bbc", bbc_records(corpora)),
        ("india", india_records(corpora)),
    ):
        # every 7th record, so the selection spans the corpus rather than its first file
        for i, record in enumerate(itertools.islice(records, 0, per_corpus * 7, 7)):
            yield f"{name}/{i}", _article(record, f"{name}/{i}")
    yield from ecb_items(corpora, per_corpus)
    yield from rss_items(corpora, per_corpus)


def record(out: Path, per_corpus: int, model: str) -> None:
    from storyline.pipeline import PipelineConfig, get_pipeline

    shared = shared_corpora().parent
    pipeline = get_pipeline(PipelineConfig(model=model))
    start = time.perf_counter()
    n = 0
    with out.open("w") as f:
        for ident, article in selection(shared, per_corpus):
            result = pipeline.analyse(article)  # type: ignore[arg-type]
            f.write(json.dumps({"id": ident, "json": result.model_dump_json(indent=2)}) + "\n")
            n += 1
    print(f"{n} articles -> {out} in {time.perf_counter() - start:.0f} s")


def load(path: Path) -> dict[str, str]:
    with path.open() as f:
        return {row["id"]: row["json"] for row in map(json.loads, f)}


def compare(a: Path, b: Path) -> int:
    left, right = load(a), load(b)
    differ = [k for k in left if k in right and left[k] != right[k]]
    only = sorted(set(left) ^ set(right))
    for k in differ:
        print(f"differs: {k}")
    for k in only:
        print(f"only in {'A' if k in left else 'B'}: {k}")
    same = len(left) - len(differ) - len(set(left) - set(right))
    print(f"{same} identical, {len(differ)} differ, {len(only)} in one file only")
    return 1 if differ or only else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, help="write outputs to this JSONL file")
    parser.add_argument("--per-corpus", type=int, default=42, help="articles per corpus (default 42)")
    parser.add_argument("--model", default="en_core_web_sm")
    parser.add_argument("--compare", type=Path, nargs=2, metavar=("A", "B"))
    args = parser.parse_args()
    if args.compare:
        sys.exit(compare(*args.compare))
    if not args.out:
        parser.error("--out or --compare")
    record(args.out, args.per_corpus, args.model)


if __name__ == "__main__":
    main()
