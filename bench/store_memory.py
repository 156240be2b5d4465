"""Memory of the DuckDB writer alone as the store grows (no parsing): does it level off?

Saves the example articles' extractions over and over (each copy with its own URL and text, so
every save is a new article) in batches, with the ingest writer's memory limit, and prints the
process RSS over its start and DuckDB's own memory by tag (``duckdb_memory()``) every
``--every`` articles. The reference is the first line of the same run.

    python bench/store_memory.py --n 80000 --every 10000
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from throughput import tree_rss_parts  # bench/ is the script's folder, so this is the sibling benchmark

REPO = Path(__file__).resolve().parents[1]


def rss_bytes() -> int:
    return tree_rss_parts()[0]  # this process alone (psutil, else /proc)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=40000, help="articles to save")
    parser.add_argument("--every", type=int, default=5000, help="report interval (articles)")
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--memory-limit", default="256MB")
    args = parser.parse_args(argv)

    from storyline.ingest.runner import iter_inputs
    from storyline.model import Article
    from storyline.pipeline import get_pipeline
    from storyline.store.db import Store

    pipeline = get_pipeline()
    templates = [
        pipeline.analyse(a) for a in iter_inputs([REPO / "examples" / "articles"]) if isinstance(a, Article)
    ]
    with (
        tempfile.TemporaryDirectory(prefix="storyline-store-memory-") as tmp,
        Store(Path(tmp) / "m.duckdb", memory_limit=args.memory_limit) as store,
    ):
        start = rss_bytes()
        print(f"{'articles':>9s} {'RSS over start':>15s}  DuckDB memory by tag (MiB)")
        saved = 0
        while saved < args.n:
            batch = []
            for _ in range(args.batch_size):
                template = templates[saved % len(templates)]
                article = template.article.model_copy(
                    update={
                        "url": f"https://copies.example/{saved}",
                        "text": f"{template.article.text} {saved}",
                        "sha256": f"copy-{saved}",
                    }
                )
                batch.append(template.model_copy(update={"article": article}))
                saved += 1
            store.save_many(batch)
            if saved % args.every < args.batch_size:
                tags = store.con.execute(
                    "SELECT tag, sum(memory_usage_bytes) // 1048576 AS mib FROM duckdb_memory() "
                    "GROUP BY tag HAVING mib > 0 ORDER BY mib DESC"
                ).fetchall()
                print(
                    f"{saved:9d} {(rss_bytes() - start) / 2**20:11.0f} MiB  "
                    + ", ".join(f"{tag} {mib}" for tag, mib in tags),
                    flush=True,
                )


if __name__ == "__main__":
    main()
