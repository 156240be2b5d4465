"""``storyline eval geo``: toponym resolution accuracy on hand-labelled mentions.

The labels (``data/eval/geo_labels.jsonl``) hold only a document reference, the mention's
text and ``[start, end)`` offsets, the true point (written by the project from general
knowledge) and a ``split`` (``dev`` — used while tuning — or ``test`` — held out). The
article text is read from ``../shared/corpora`` at evaluation time; it is never copied here.

Metrics follow the geoparsing literature (e.g. Mordecai, Gritta et al. 2018): a mention is
*correct* when the predicted point is within 161 km (100 miles) of the true one; mean and
median error in km over mentions that got a point; a gold mention the system did not
find or could not place counts as wrong for accuracy (``acc@161``).
"""

from __future__ import annotations

import json
import re
import statistics
import tarfile
from collections.abc import Iterable
from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import Any

from storyline.evaluation import eval_task, reuters
from storyline.evaluation.data import shared_root
from storyline.evaluation.reuters import reuters_text
from storyline.model import Article
from storyline.places.geo import haversine_km

ACCURACY_KM = 161.0
LABELS = "geo_labels.jsonl"


def shared_dir() -> Path:
    return shared_root(required=False)


# -- documents: "corpus:member#id" references -> text ----------------------------------------
@lru_cache(maxsize=32)
def _reuters_file(corpora: Path, member: str) -> dict[str, str]:
    return {
        newid: reuters_text(record) for newid, record in reuters.records(reuters.read_member(corpora, member))
    }


@lru_cache(maxsize=1)
def _bbc_members(corpora: Path) -> dict[str, str]:
    out = {}
    with tarfile.open(corpora / "bbc_news_2225" / "bbc_fulltext_2225.tar.gz") as tar:
        for member in tar.getmembers():
            if member.isfile() and member.name.endswith(".txt") and "README" not in member.name:
                handle = tar.extractfile(member)
                if handle is not None:
                    out[member.name] = handle.read().decode("latin-1")
    return out


def bbc_text(raw: str) -> tuple[str | None, str]:
    """BBC files: a title line, a blank line, then the body."""
    title, _, body = raw.strip().partition("\n")
    return title.strip(), re.sub(r"\n\s*\n", "\n\n", body.strip())


def load_document(ref: str, shared: Path | None = None) -> Article:
    """'reuters21578:reut2-000.sgm#5' or 'bbc_news_2225:bbc/politics/001.txt' -> Article."""
    corpora = (shared or shared_dir()) / "corpora"
    corpus, _, rest = ref.partition(":")
    if corpus == "reuters21578":
        member, _, newid = rest.partition("#")
        docs = _reuters_file(corpora, member)
        if newid not in docs:
            raise FileNotFoundError(f"{ref}: no such Reuters record")
        return Article(text=docs[newid], source=ref, language="en")
    if corpus == "bbc_news_2225":
        members = _bbc_members(corpora)
        if rest not in members:
            raise FileNotFoundError(f"{ref}: no such BBC article")
        title, body = bbc_text(members[rest])
        return Article(title=title, text=body, source=ref, language="en")
    raise FileNotFoundError(f"{ref}: unknown corpus {corpus!r}")


# -- labels and scoring -----------------------------------------------------------------------
def read_labels(path: Path | None = None) -> list[dict[str, Any]]:
    if path is None:
        text = files("storyline").joinpath("data", "eval", LABELS).read_text("utf-8")
    else:
        if not Path(path).is_file():
            raise FileNotFoundError(str(path))
        text = Path(path).read_text("utf-8")
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def _match(gold: dict[str, Any], places) -> Any:
    """The predicted place overlapping the gold span (the longest overlap)."""
    start, end = gold["start"], gold["end"]
    best, best_overlap = None, 0
    for place in places:
        overlap = min(end, place.span[1]) - max(start, place.span[0])
        if overlap > best_overlap:
            best, best_overlap = place, overlap
    return best


def score_documents(labels: Iterable[dict[str, Any]], predict) -> dict[str, Any]:
    """``predict(doc_ref) -> list[Place]``; returns metrics overall and per split."""
    by_doc: dict[str, list[dict[str, Any]]] = {}
    for gold in labels:
        by_doc.setdefault(gold["doc"], []).append(gold)
    rows = []
    far = placed_all = 0
    for ref, golds in by_doc.items():
        places = predict(ref)
        for place in places:
            if place.lat is None or place.lon is None:
                continue
            placed_all += 1
            if min(haversine_km(g["lat"], g["lon"], place.lat, place.lon) for g in golds) > 1000.0:
                far += 1
        for gold in golds:
            place = _match(gold, places)
            error = None
            if place is not None and place.lat is not None:
                error = haversine_km(gold["lat"], gold["lon"], place.lat, place.lon)
            rows.append(
                {
                    **gold,
                    "found": place is not None,
                    "error_km": error,
                    "predicted": place.name if place is not None else None,
                }
            )
    result: dict[str, Any] = {"all": _metrics(rows)}
    for split in sorted({r.get("split", "test") for r in rows}):
        result[split] = _metrics([r for r in rows if r.get("split", "test") == split])
    # Country mentions mostly test picking the right country (their gold point is the CIA
    # World Factbook one, as countryinfo's); sub-country levels test the point itself.
    result["by_level"] = {
        level: _metrics([r for r in rows if r.get("level") == level])
        for level in sorted({r.get("level", "?") for r in rows})
    }
    result["below_country"] = _metrics([r for r in rows if r.get("level") not in ("country", "region")])
    result["documents"] = len(by_doc)
    # Labels cover only some mentions of each article, so this over-counts: an upper bound.
    result["far_share"] = round(far / placed_all, 4) if placed_all else 0.0
    result["errors"] = sorted(
        (
            {
                "doc": r["doc"],
                "text": r["text"],
                "predicted": r["predicted"],
                "error_km": None if r["error_km"] is None else round(r["error_km"], 1),
            }
            for r in rows
            if r["error_km"] is None or r["error_km"] > ACCURACY_KM
        ),
        key=lambda r: r["doc"],
    )
    return result


def _metrics(rows: list[dict[str, Any]]) -> dict[str, Any]:
    errors = [r["error_km"] for r in rows if r["error_km"] is not None]
    correct = sum(1 for e in errors if e <= ACCURACY_KM)
    return {
        "mentions": len(rows),
        "found": sum(r["found"] for r in rows),
        "placed": len(errors),
        "acc@161": round(correct / len(rows), 4) if rows else 0.0,
        "acc@161_placed": round(correct / len(errors), 4) if errors else 0.0,
        "recall": round(sum(r["found"] for r in rows) / len(rows), 4) if rows else 0.0,
        "acc@161_found": round(correct / sum(r["found"] for r in rows), 4)
        if any(r["found"] for r in rows)
        else 0.0,
        "mean_km": round(statistics.fmean(errors), 1) if errors else None,
        "median_km": round(statistics.median(errors), 1) if errors else None,
    }


@eval_task("geo")
def evaluate_geo(data: Path | None = None, limit: int | None = None) -> dict[str, Any]:
    from storyline.pipeline import PipelineConfig, get_pipeline

    labels = read_labels(data)
    if limit is not None:
        keep = list(dict.fromkeys(g["doc"] for g in labels))[:limit]
        labels = [g for g in labels if g["doc"] in set(keep)]
    shared = shared_dir()
    if not (shared / "corpora").is_dir():
        raise FileNotFoundError(f"{shared / 'corpora'} (the geo labels point into ../shared corpora)")
    # Only what geoparsing needs: the NER parse and the places stage.
    pipeline = get_pipeline(PipelineConfig(components=("entities", "places")))

    def predict(ref: str):
        return pipeline.analyse(load_document(ref, shared)).places

    result = score_documents(labels, predict)
    if limit is None:
        result["benchmarks"] = evaluate_benchmarks(shared)
    _print_table(result)
    return result


def evaluate_benchmarks(
    shared: Path, splits: tuple[str, ...] = ("dev", "test"), learned: bool = True
) -> dict[str, dict[str, Any]]:
    """LGL and GeoVirus (``../shared/corpora/geoparsing``), per split: see
    :func:`storyline.places.benchmarks.score_benchmark` for the figures."""
    from storyline.model import Extraction
    from storyline.pipeline import AnalysisDoc
    from storyline.places.benchmarks import CORPORA, corpus_path, parsed_docs, score_benchmark
    from storyline.places.component import geoparse
    from storyline.places.gazetteer import load_gazetteer

    gaz = load_gazetteer()
    out: dict[str, dict[str, Any]] = {}
    for corpus in CORPORA:
        if not corpus_path(shared, corpus).is_file():
            continue  # a checkout of ../shared without the geoparsing benchmarks
        pairs = parsed_docs(shared, corpus)
        out[corpus] = {}
        for split in splits:
            docs, preds = [], []
            for bench, doc in pairs:
                if bench.split != split:
                    continue
                article = Article(text=bench.text)
                places, _ = geoparse(
                    gaz,
                    AnalysisDoc(article=article, doc=doc, result=Extraction(article=article)),
                    learned=learned,
                )
                docs.append(bench)
                preds.append([(p.span[0], p.span[1], p.lat, p.lon) for p in places])
            out[corpus][split] = score_benchmark(docs, preds)
    return out


def _print_table(result: dict[str, Any]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"geo: toponym resolution ({result['documents']} documents)")
    for column in (
        "split",
        "mentions",
        "found",
        "placed",
        "acc@161",
        "acc@161 placed",
        "mean km",
        "median km",
    ):
        table.add_column(column)
    for split in ("dev", "test", "all"):
        if split in result:
            m = result[split]
            table.add_row(
                split,
                str(m["mentions"]),
                str(m["found"]),
                str(m["placed"]),
                f"{m['acc@161']:.3f}",
                f"{m['acc@161_placed']:.3f}",
                str(m["mean_km"]),
                str(m["median_km"]),
            )
    console = Console(stderr=True)
    console.print(table)
    if "benchmarks" not in result:
        return
    bench = Table(title="geo: public benchmarks (gold toponyms; acc@161 counts misses wrong)")
    for column in (
        "corpus",
        "split",
        "toponyms",
        "recall",
        "acc@161",
        "acc@161 found",
        "mean km",
        "median km",
        "far > 1000 km",
    ):
        bench.add_column(column)
    for corpus, by_split in result["benchmarks"].items():
        for split, m in by_split.items():
            bench.add_row(
                corpus,
                split,
                str(m["toponyms"]),
                f"{m['recall']:.3f}",
                f"{m['acc@161']:.3f}",
                f"{m['acc@161_found']:.3f}",
                str(m["mean_km"]),
                str(m["median_km"]),
                f"{m['far_share']:.3f}",
            )
    console.print(bench)
