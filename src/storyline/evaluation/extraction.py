"""``storyline eval extraction``: how well HTML pages become article text.

Scored on the Scrapinghub article-extraction benchmark (181 news pages with gold
``articleBody``) with the benchmark's own measure, so our figure is comparable to its
published table (trafilatura 2.0: F1 0.958): per page, the text is split into ``\\w+``
tokens, tokens are grouped into 4-token shingles and counted as a multiset; precision and
recall are averaged over pages and F1 is their harmonic mean. We also report the plain
bag-of-words token F1 averaged per page.

The text scored is exactly what ingestion stores (``Article.text``, after our cleaning).
"""

from __future__ import annotations

import gzip
import json
import re
import statistics
import time
from collections import Counter
from pathlib import Path
from typing import Any

from storyline.evaluation import eval_task
from storyline.evaluation.data import shared_root

DEFAULT_DATA = shared_root(required=False) / "corpora" / "article_extraction_benchmark"
_TOKEN = re.compile(r"\w+")


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(text or "")


def _shingles(tokens: list[str], n: int) -> Counter[tuple[str, ...]]:
    if len(tokens) < n:
        return Counter([tuple(tokens)]) if tokens else Counter()
    return Counter(tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1))


def overlap_counts(true: Counter, pred: Counter) -> tuple[int, int, int]:
    """(tp, fp, fn) of two multisets."""
    tp = sum((true & pred).values())
    return tp, sum(pred.values()) - tp, sum(true.values()) - tp


def page_precision_recall(tp: float, fp: float, fn: float) -> tuple[float | None, float | None]:
    """Per-page precision and recall; None where undefined (the benchmark skips those pages)."""
    if fp == fn == 0:
        return 1.0, 1.0
    precision = tp / (tp + fp) if tp + fp else None
    recall = tp / (tp + fn) if tp + fn else None
    return precision, recall


def score_pages(pairs: list[tuple[str, str]], n: int = 4) -> dict[str, float]:
    """Benchmark scores over (gold, predicted) text pairs."""
    precisions: list[float] = []
    recalls: list[float] = []
    token_f1s: list[float] = []
    exact = 0
    for gold, pred in pairs:
        gold_tokens, pred_tokens = _tokens(gold), _tokens(pred)
        p, r = page_precision_recall(*overlap_counts(_shingles(gold_tokens, n), _shingles(pred_tokens, n)))
        if p is not None:
            precisions.append(p)
        if r is not None:
            recalls.append(r)
        tp, fp, fn = overlap_counts(Counter(gold_tokens), Counter(pred_tokens))
        token_f1s.append(2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 1.0)
        exact += gold_tokens == pred_tokens
    precision = statistics.mean(precisions) if precisions else 0.0
    recall = statistics.mean(recalls) if recalls else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "f1": round(f1, 4),
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "token_f1": round(statistics.mean(token_f1s), 4) if token_f1s else 0.0,
        "accuracy": round(exact / len(pairs), 4) if pairs else 0.0,
    }


def extract_benchmark_page(html: bytes, url: str | None) -> str:
    """Our stored text for one benchmark page ("" when ingestion rejects it)."""
    from storyline.ingest.errors import IngestError
    from storyline.ingest.html import article_from_html

    try:
        return article_from_html(html, where=url or "page", url=url).text
    except IngestError:
        return ""


@eval_task("extraction")
def evaluate_extraction(data: Path | None = None, limit: int | None = None) -> dict[str, Any]:
    root = Path(data) if data else DEFAULT_DATA
    truth_path = root / "ground-truth.json"
    if not truth_path.is_file():
        raise FileNotFoundError(truth_path)
    truth: dict[str, dict[str, Any]] = json.loads(truth_path.read_text(encoding="utf-8"))
    keys = sorted(truth)[:limit] if limit else sorted(truth)
    pairs: list[tuple[str, str]] = []
    failures = 0
    started = time.perf_counter()
    for key in keys:
        page = root / "html" / f"{key}.html.gz"
        html = gzip.decompress(page.read_bytes())
        predicted = extract_benchmark_page(html, truth[key].get("url"))
        failures += not predicted
        pairs.append((truth[key].get("articleBody", ""), predicted))
    seconds = time.perf_counter() - started
    metrics: dict[str, Any] = {
        "pages": len(pairs),
        "no_text": failures,
        **score_pages(pairs),
        "seconds_per_page": round(seconds / max(1, len(pairs)), 3),
    }
    _print_table(metrics)
    return metrics


def _print_table(metrics: dict[str, Any]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title="Article body extraction (Scrapinghub benchmark, 4-gram shingles)")
    for column in ("pages", "F1", "precision", "recall", "token F1", "exact", "no text", "s/page"):
        table.add_column(column, justify="right")
    table.add_row(
        str(metrics["pages"]),
        f"{metrics['f1']:.3f}",
        f"{metrics['precision']:.3f}",
        f"{metrics['recall']:.3f}",
        f"{metrics['token_f1']:.3f}",
        f"{metrics['accuracy']:.3f}",
        str(metrics["no_text"]),
        f"{metrics['seconds_per_page']:.2f}",
    )
    Console(stderr=True).print(table)
