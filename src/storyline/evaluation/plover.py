"""``storyline eval plover``: actor and event-type agreement on the PLOVER gold-standard records.

``PLOVER_GSR_CAMEO.txt`` (openeventdata/PLOVER, CC BY-SA 4.0) holds 323 sentences coded by hand
with source/target actor text, CAMEO country code and sector, and a PLOVER 2021 event type.

Actors are scored two ways, given the gold actor text:

* ``lookup``: :meth:`ActorResolver.lookup` on the actor words alone;
* ``resolve``: the sentence is parsed and :meth:`ActorResolver.resolve` reads the phrase at the
  gold words in context (so "Hungarian" in "Senior Hungarian officials" is the officials).

Country agreement is over every gold actor (legacy CAMEO codes such as JAP or ITL are mapped to
ISO-3); sector agreement is over actors whose gold has a CAMEO agent type (first three letters,
ethnic suffixes such as ``CVLalb`` dropped; ``***`` = uncoded, skipped). Gold actors with no sector
(a bare state: "Zambia") count as agreeing when we give no sector either.

Event types: when the ``events`` component is installed, the best event of each sentence
(asserted first, then highest confidence) is compared with the gold type, in the 18-type 2021
draft labels the file uses (``plover_type_2021``, else ``plover_type``).
"""

from __future__ import annotations

import json
import os
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from storyline.evaluation import eval_task
from storyline.evaluation.data import shared_path

DEFAULT_FILE = Path("reference") / "plover" / "PLOVER_GSR_CAMEO.txt"

#: CAMEO country codes that differ from ISO 3166-1 alpha-3 (older CAMEO releases, places).
CAMEO_TO_ISO = {
    "JAP": "JPN",
    "ITL": "ITA",
    "VTN": "VNM",
    "ROM": "ROU",
    "MTN": "MNE",
    "TMP": "TLS",
    "ZAR": "COD",
    "WSB": "PSE",
    "GZS": "PSE",
    "BAG": "IRQ",
    "SCG": "SRB",
    "YUG": "SRB",
    "GMW": "DEU",
    "GME": "DEU",
    "USR": "RUS",
    "UK": "GBR",
    "KSV": "XKX",
}
#: Gold sector spellings outside the CAMEO agent list, mapped to the CAMEO code they mean.
SECTOR_ALIASES = {"JRN": "MED", "CIV": "CVL"}
STATUS_RANK = {"asserted": 0, "reported": 1, "planned": 2, "threatened": 2, "hypothetical": 3, "negated": 4}


@dataclass
class GoldActor:
    record_id: str
    sentence: str
    text: str
    country: str
    sector: str | None  # None: the gold codes a state or group without an agent type


def gold_country(code: str) -> str:
    code = code.strip().upper()[:3]
    return CAMEO_TO_ISO.get(code, code)


def gold_sector(sector: str | None) -> str | None | bool:
    """CAMEO agent type of a gold sector; ``False`` when the gold leaves it uncoded (``***``)."""
    if not sector:
        return None
    if sector.startswith("*"):
        return False
    code = sector[:3].upper()
    return SECTOR_ALIASES.get(code, code)


def read_records(path: Path) -> list[dict[str, Any]]:
    with open(path, encoding="utf-8") as handle:
        records = json.load(handle)
    return [r for r in records if r.get("event") != "DOCUMENT" and r.get("text")]


def gold_actors(records: list[dict[str, Any]]) -> list[GoldActor]:
    actors = []
    for record in records:
        for side in ("source", "target"):
            value = record.get(side)
            if not isinstance(value, list):
                continue
            for actor in value:
                text = (actor.get("actorText") or "").strip()
                sector = gold_sector(actor.get("sector"))
                if not text or not actor.get("code") or sector is False:
                    continue
                actors.append(
                    GoldActor(record["id"], record["text"], text, gold_country(actor["code"]), sector)
                )
    return actors


def find_in_sentence(sentence: str, actor_text: str) -> tuple[int, int] | None:
    """Character span of the gold actor words in the sentence ("U.S. ... negotiators": both ends)."""
    actor_text = " ".join(actor_text.split())
    parts = [p.strip(" .") for p in actor_text.replace("..", "\u2026").split("\u2026") if p.strip(" .")]
    if not parts:
        return None
    if len(parts) == 1 and parts[0] not in sentence and len(parts[0].split()) > 1:
        # "French warships" in "French and Egyptian warships": first and last words.
        words = parts[0].split()
        parts = [words[0], words[-1]]
    start = sentence.find(parts[0])
    if start < 0:
        lowered = sentence.lower().find(parts[0].lower())
        if lowered < 0:
            return None
        start = lowered
    end = start + len(parts[0])
    if len(parts) > 1:
        last = sentence.find(parts[-1], end)
        if last >= 0:
            end = last + len(parts[-1])
    return start, end


def _shared_file(relative: Path) -> Path:
    return shared_path(relative)


class Tally:
    """Agreement counts for one way of reading the actors."""

    def __init__(self) -> None:
        self.country = Counter()
        self.sector = Counter()
        self.bare = Counter()
        self.misses: list[tuple[str, str, str]] = []

    def add(self, gold: GoldActor, country: str | None, sector: str | None) -> None:
        self.country["total"] += 1
        self.country["answered"] += country is not None
        self.country["agree"] += country == gold.country
        if gold.sector is None:
            self.bare["total"] += 1
            self.bare["agree"] += sector is None
        else:
            self.sector["total"] += 1
            self.sector["answered"] += sector is not None
            self.sector["agree"] += sector == gold.sector
        if country != gold.country or (gold.sector and sector != gold.sector):
            self.misses.append(
                (gold.text, f"{gold.country} {gold.sector or '-'}", f"{country} {sector or '-'}")
            )

    def metrics(self) -> dict[str, float | int]:
        def rate(counter: Counter, key: str) -> float:
            return round(counter[key] / counter["total"], 4) if counter["total"] else 0.0

        return {
            "actors": self.country["total"],
            "country_agreement": rate(self.country, "agree"),
            "country_coverage": rate(self.country, "answered"),
            "sector_actors": self.sector["total"],
            "sector_agreement": rate(self.sector, "agree"),
            "sector_coverage": rate(self.sector, "answered"),
            "bare_actors": self.bare["total"],
            "bare_no_sector_agreement": rate(self.bare, "agree"),
        }


def score_actors(actors: list[GoldActor]) -> tuple[Tally, Tally]:
    from storyline.actors.resolve import get_resolver
    from storyline.model import Extraction
    from storyline.nlp.model import load_model
    from storyline.pipeline import AnalysisDoc
    from storyline.text.article import article_from_text

    resolver = get_resolver()
    looked, resolved = Tally(), Tally()
    for gold in actors:
        info = resolver.lookup(gold.text.replace("...", " ").replace("..", " "))
        looked.add(gold, info.country if info else None, info.sector if info else None)

    nlp = load_model()
    sentences = sorted({g.sentence for g in actors})
    docs = dict(zip(sentences, nlp.pipe(sentences), strict=True))
    adocs: dict[str, Any] = {}
    for gold in actors:
        doc = docs[gold.sentence]
        if gold.sentence not in adocs:
            article = article_from_text(gold.sentence, title="")
            adocs[gold.sentence] = AnalysisDoc(article=article, doc=doc, result=Extraction(article=article))
        where = find_in_sentence(gold.sentence, gold.text)
        span = doc.char_span(*where, alignment_mode="expand") if where else None
        actor = resolver.resolve(adocs[gold.sentence], span) if span is not None and len(span) else None
        resolved.add(gold, actor.country if actor else None, actor.sector if actor else None)
    return looked, resolved


def score_event_types(records: list[dict[str, Any]]) -> dict[str, Any] | None:
    """Best event per sentence against the gold PLOVER type; ``None`` without an events stage.

    Besides all records, reports the ``dev`` half (even record numbers: the only one whose errors
    are read when changing rules) and the held-out ``test`` half (odd numbers).
    """
    from storyline.pipeline import ComponentUnavailable, PipelineConfig, get_pipeline
    from storyline.text.article import article_from_text

    try:
        components: tuple[str, ...] = ("entities", "time", "quantities", "events")
        if os.environ.get("STORYLINE_EVENT_CODER", "model") != "rules":
            components += ("event_model",)
        pipeline = get_pipeline(PipelineConfig(components=components))
    except (ComponentUnavailable, KeyError, ImportError):
        return None
    parts = {"all": _TypeTally(), "dev": _TypeTally(), "test": _TypeTally()}
    for number, (record, extraction) in enumerate(
        zip(
            records,
            pipeline.analyse_many(article_from_text(r["text"], title="") for r in records),
            strict=True,
        )
    ):
        typed = [e for e in extraction.events if e.plover_type_2021 or e.plover_type]
        best = (
            min(typed, key=lambda e: (STATUS_RANK.get(e.status, 5), -e.confidence, e.span[0]))
            if typed
            else None
        )
        for name in ("all", "dev" if number % 2 == 0 else "test"):
            parts[name].add(record["event"], best, typed)
    metrics = parts["all"].metrics(confusions=True)
    metrics.update({name: parts[name].metrics() for name in ("dev", "test")})
    return metrics


class _TypeTally:
    def __init__(self) -> None:
        self.total = self.found = self.agree = self.any_agree = 0
        self.confusion: Counter = Counter()

    def add(self, gold: str, best, typed: list) -> None:
        self.total += 1
        if best is None:
            return
        self.found += 1
        label = best.plover_type_2021 or best.plover_type
        self.agree += label == gold
        self.any_agree += any(gold in (e.plover_type_2021, e.plover_type) for e in typed)
        if label != gold:
            self.confusion[(gold, label)] += 1

    def metrics(self, confusions: bool = False) -> dict[str, Any]:
        total, found = self.total, self.found
        result: dict[str, Any] = {
            "sentences": total,
            "coverage": round(found / total, 4) if total else 0.0,
            "type_agreement": round(self.agree / total, 4) if total else 0.0,
            "type_agreement_when_coded": round(self.agree / found, 4) if found else 0.0,
            "any_event_agreement": round(self.any_agree / total, 4) if total else 0.0,
        }
        if confusions:
            result["top_confusions"] = [f"{g}->{p} x{n}" for (g, p), n in self.confusion.most_common(8)]
        return result


def _print(title: str, rows: list[tuple[str, Any]]) -> None:
    print(title)
    width = max(len(k) for k, _ in rows)
    for key, value in rows:
        print(f"  {key:<{width}}  {value}")


@eval_task("plover")
def evaluate(data: Path | None = None, limit: int | None = None, verbose: bool = False) -> dict[str, Any]:
    path = Path(data) if data else _shared_file(DEFAULT_FILE)
    if not path.is_file():
        raise FileNotFoundError(path)
    records = read_records(path)
    if limit:
        records = records[:limit]
    actors = gold_actors(records)
    looked, resolved = score_actors(actors)
    metrics: dict[str, Any] = {
        "records": len(records),
        "actors_lookup": looked.metrics(),
        "actors_resolve": resolved.metrics(),
    }
    events = score_event_types(records)
    if events is not None:
        metrics["event_types"] = events
    for name in ("actors_lookup", "actors_resolve", "event_types"):
        if name in metrics:
            _print(f"PLOVER gold records: {name.replace('_', ' ')}", list(metrics[name].items()))
    if verbose:
        for text, gold, ours in resolved.misses:
            print(f"  miss: {text!r}: gold {gold}, ours {ours}")
    return metrics
