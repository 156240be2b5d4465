"""``storyline eval actors``: how often an event's national actor gets a country, and how right it is.

Two measures on real articles from ``../shared/corpora`` (Reuters-21578, BBC News 2225, Times of
India / IndiaPoliceEvents), read in place:

* **coverage**: over a fixed random sample of documents (seed 14, 35 Reuters, 35 BBC, 30 Times of
  India), the share of events whose ``actor1`` is a *national actor* — a state body or role
  (GOV, MIL, COP, JUD, LEG, SPY), a party or a domestic group (OPP, CVL, BUS, LAB, EDU, MED, REL, AGR,
  ELI, HLH, REF, CRM), or a country — that carries a country code;
* **precision**: over hand-checked actor mentions (``data/eval/actor_country_labels.jsonl``: corpus
  document reference, ``[start, end)`` of the actor's words, the country a reader gives it — null
  when none fits, a ``split``), the share of mentions given a country that got the right one (and,
  as recall, the share of mentions with a true country that got it).

The ``dev`` labels (69 mentions of the coverage sample) were written while looking at the system's
output and used to tune the cues; the ``test`` labels (34 mentions, one per document of another
sample, seed 99) were written blind, from the sentence and the article's opening only, and are
not used for tuning. Errors are printed for dev only.
"""

from __future__ import annotations

import json
import random
import tarfile
from collections import Counter
from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import Any

from storyline.actors.lexicon import INTERNATIONAL_CODES as INTERNATIONAL_ACTOR_CODES
from storyline.evaluation import eval_task
from storyline.model import Actor, Article, Extraction

LABELS = "actor_country_labels.jsonl"
#: Sectors of actors that belong to one state or are based in one.
NATIONAL_SECTORS = frozenset(
    {
        "GOV",
        "MIL",
        "COP",
        "JUD",
        "LEG",
        "SPY",
        "OPP",
        "PTY",
        "CVL",
        "BUS",
        "LAB",
        "EDU",
        "MED",
        "REL",
        "AGR",
        "ELI",
        "HLH",
        "REF",
        "CRM",
        "MOD",
        "RAD",
    }
)
SAMPLE = (("reuters21578", 35), ("bbc_news_2225", 35), ("india_police_events", 30))
SEED = 14


def is_national(actor: Actor | None) -> bool:
    """An actor that belongs to, or is based in, one country (the denominator of coverage)."""
    if actor is None:
        return False
    if actor.country in INTERNATIONAL_ACTOR_CODES or (actor.sector or "") in ("IGO", "NGO"):
        return False
    return bool(actor.country) or (actor.sector or "") in NATIONAL_SECTORS


def has_country(actor: Actor | None) -> bool:
    return actor is not None and bool(actor.country) and actor.country not in INTERNATIONAL_ACTOR_CODES


# -- documents --------------------------------------------------------------------------------
def _shared() -> Path:
    from storyline.evaluation.geo import shared_dir

    return shared_dir()


@lru_cache(maxsize=1)
def _india_docs(corpora: Path) -> dict[str, dict[str, Any]]:
    path = corpora / "conflict_events" / "india_police_events" / "IndiaPoliceEvents_final.tar.gz"
    out = {}
    with tarfile.open(path) as tar:
        handle = tar.extractfile("data/final/metadata.jsonl")
        if handle is None:
            raise FileNotFoundError(str(path))
        for line in handle:
            row = json.loads(line)
            out[str(row["doc_id"])] = row
    return out


@lru_cache(maxsize=1)
def _reuters_refs(corpora: Path) -> list[str]:
    import re

    refs = []
    with tarfile.open(corpora / "reuters21578" / "reuters21578_sgm.tar.gz") as tar:
        for member in sorted((m for m in tar.getmembers() if m.name.endswith(".sgm")), key=lambda m: m.name):
            handle = tar.extractfile(member)
            if handle is None:
                continue
            raw = handle.read().decode("latin-1")
            for match in re.finditer(r'<REUTERS[^>]*NEWID="(\d+)">(.*?)</REUTERS>', raw, re.S):
                body = re.search(r"<BODY>(.*?)</BODY>", match.group(2), re.S)
                if body and len(body.group(1)) >= 400:
                    refs.append(f"reuters21578:{member.name}#{match.group(1)}")
    return refs


def document_refs(corpus: str, corpora: Path) -> list[str]:
    if corpus == "reuters21578":
        return _reuters_refs(corpora)
    if corpus == "bbc_news_2225":
        from storyline.evaluation.geo import _bbc_members

        return sorted(f"bbc_news_2225:{name}" for name in _bbc_members(corpora))
    return sorted(
        (f"india_police_events:{d}" for d in _india_docs(corpora)), key=lambda r: int(r.split(":")[1])
    )


def load_article(ref: str, shared: Path | None = None) -> Article:
    """A labelled document reference -> the Article the pipeline reads, with its outlet."""
    from storyline.evaluation.geo import load_document

    shared = shared or _shared()
    corpus, _, rest = ref.partition(":")
    if corpus == "india_police_events":
        row = _india_docs(shared / "corpora").get(rest)
        if row is None:
            raise FileNotFoundError(f"{ref}: no such IndiaPoliceEvents document")
        return Article(
            text=row["full_text"],
            outlet="Times of India",
            url=row.get("url"),
            published=row.get("date"),
            source=ref,
            language="en",
        )
    article = load_document(ref, shared)
    outlet = {"reuters21578": "Reuters", "bbc_news_2225": "BBC News"}.get(corpus)
    return article.model_copy(update={"outlet": outlet})


def sample_refs(shared: Path | None = None, sizes=SAMPLE, seed: int = SEED) -> list[str]:
    corpora = (shared or _shared()) / "corpora"
    rng = random.Random(seed)
    out: list[str] = []
    for corpus, n in sizes:
        refs = document_refs(corpus, corpora)
        out.extend(rng.sample(refs, min(n, len(refs))))
    return out


# -- measures ---------------------------------------------------------------------------------
def coverage(extractions: dict[str, Extraction]) -> dict[str, Any]:
    by_corpus: dict[str, Counter] = {}
    for ref, extraction in extractions.items():
        counts = by_corpus.setdefault(ref.partition(":")[0], Counter())
        for event in extraction.events:
            if is_national(event.actor1):
                counts["national"] += 1
                counts["with_country"] += has_country(event.actor1)
                why = event.why.get("actor1.country")
                counts["inferred"] += bool(why is not None and why.by == "inferred")
    total: Counter = sum(by_corpus.values(), Counter())

    def share(c: Counter) -> dict[str, Any]:
        return {
            "national": c["national"],
            "with_country": c["with_country"],
            "inferred": c["inferred"],
            "share": round(c["with_country"] / c["national"], 4) if c["national"] else 0.0,
        }

    return {"all": share(total), **{k: share(v) for k, v in sorted(by_corpus.items())}}


def read_labels(path: Path | None = None) -> list[dict[str, Any]]:
    if path is None:
        text = files("storyline").joinpath("data", "eval", LABELS).read_text("utf-8")
    else:
        text = Path(path).read_text("utf-8")
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def _actor_at(extraction: Extraction, start: int, end: int) -> Actor | None:
    best, best_overlap = None, 0
    for event in extraction.events:
        for actor in (event.actor1, event.actor2):
            if actor is None:
                continue
            overlap = min(end, actor.span[1]) - max(start, actor.span[0])
            if overlap > best_overlap:
                best, best_overlap = actor, overlap
    return best


def precision(labels: list[dict[str, Any]], extract) -> dict[str, Any]:
    rows = []
    for gold in labels:
        actor = _actor_at(extract(gold["doc"]), gold["start"], gold["end"])
        predicted = actor.country if actor is not None else None
        rows.append({**gold, "predicted": predicted})

    def score(part: list[dict[str, Any]]) -> dict[str, Any]:
        # "country": null labels an actor no country fits ("people" in general, the World Bank's
        # "it" read as a state): any country given to it is wrong.
        given = [r for r in part if r["predicted"]]
        right = [r for r in given if r["predicted"] == r["country"]]
        national = [r for r in part if r["country"]]
        return {
            "labels": len(part),
            "with_country": len(given),
            "correct": len(right),
            "precision": round(len(right) / len(given), 4) if given else 0.0,
            "recall": round(len(right) / len(national), 4) if national else 0.0,
        }

    result = {"all": score(rows)}
    for split in sorted({r.get("split", "test") for r in rows}):
        result[split] = score([r for r in rows if r.get("split", "test") == split])
    result["errors"] = [
        {
            "doc": r["doc"],
            "span": [r["start"], r["end"]],
            "expected": r["country"],
            "predicted": r["predicted"],
        }
        for r in rows
        if r.get("split") == "dev" and r["predicted"] != r["country"]
    ]
    return result


@eval_task("actors")
def evaluate_actors(data: Path | None = None, limit: int | None = None) -> dict[str, Any]:
    from storyline.pipeline import get_pipeline

    shared = _shared()
    if not (shared / "corpora").is_dir():
        raise FileNotFoundError(f"{shared / 'corpora'} (the actor labels point into ../shared corpora)")
    pipeline = get_pipeline()
    cache: dict[str, Extraction] = {}

    def extract(ref: str) -> Extraction:
        if ref not in cache:
            cache[ref] = pipeline.analyse(load_article(ref, shared))
        return cache[ref]

    refs = sample_refs(shared)
    if limit is not None:
        refs = refs[:limit]
    result: dict[str, Any] = {"documents": len(refs), "coverage": coverage({r: extract(r) for r in refs})}
    labels = read_labels(data)
    result["precision"] = precision(labels, extract)
    _print(result)
    return result


def _print(result: dict[str, Any]) -> None:
    from storyline.evaluation.muc4 import print_table

    cov = result["coverage"]
    print_table(
        f"actors: national actor1 with a country ({result['documents']} documents)",
        ["corpus", "national actor1", "with country", "inferred", "share"],
        [
            [k, str(v["national"]), str(v["with_country"]), str(v["inferred"]), f"{v['share']:.3f}"]
            for k, v in cov.items()
        ],
    )
    prec = result["precision"]
    print_table(
        "actors: countries against hand labels",
        ["split", "labels", "with country", "correct", "precision", "recall"],
        [
            [
                k,
                str(v["labels"]),
                str(v["with_country"]),
                str(v["correct"]),
                f"{v['precision']:.3f}",
                f"{v['recall']:.3f}",
            ]
            for k, v in prec.items()
            if k != "errors"
        ],
    )
