"""Public geoparsing benchmarks in ``../shared/corpora/geoparsing``: LGL and GeoVirus.

Each article is one :class:`BenchDoc` (text + gold toponyms with points). Articles are split
train/dev/test (60/20/20) by a stable hash of the article's id — LGL's ``docid``, GeoVirus's
WikiNews URL, so the paragraphs of one GeoVirus story never straddle two splits. The split is
fixed: :func:`split_of` is the single definition, used by training and ``storyline eval geo``.

The text is read from ../shared at run time and never copied into the repository. spaCy parses
are cached (``DocBin``) in the gazetteer's cache folder, so training and evaluation parse each
corpus once.
"""

from __future__ import annotations

import hashlib
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

CORPORA = ("lgl", "geovirus")
_FILES = {"lgl": "lgl.xml", "geovirus": "GeoVirus.xml"}


@dataclass
class GoldToponym:
    start: int
    end: int
    text: str
    lat: float
    lon: float
    fcode: str | None = None  # LGL only: GeoNames feature code


@dataclass
class BenchDoc:
    corpus: str
    doc_id: str
    split: str
    text: str
    gold: list[GoldToponym] = field(default_factory=list)


def split_of(corpus: str, doc_id: str) -> str:
    """'train' (60 %), 'dev' (20 %) or 'test' (20 %), by a stable hash of corpus and article id."""
    bucket = int(hashlib.sha1(f"{corpus}:{doc_id}".encode()).hexdigest()[:8], 16) % 100
    return "train" if bucket < 60 else "dev" if bucket < 80 else "test"


def corpus_path(shared: Path, corpus: str) -> Path:
    return shared / "corpora" / "geoparsing" / _FILES[corpus]


def read_corpus(shared: Path, corpus: str) -> list[BenchDoc]:
    """The articles of ``corpus`` with gold toponyms that carry a point (others are skipped)."""
    path = corpus_path(shared, corpus)
    if not path.is_file():
        raise FileNotFoundError(f"{path} (the geoparsing benchmarks live in ../shared/corpora/geoparsing)")
    root = ET.parse(path).getroot()
    docs: list[BenchDoc] = []
    for number, art in enumerate(root.iter("article")):
        text = art.findtext("text") or ""
        if corpus == "lgl":
            doc_id = art.get("docid") or str(number)
            key = doc_id
            gold = []
            for top in art.iter("toponym"):
                tag = top.find("gaztag")
                if tag is None or tag.findtext("lat") is None:
                    continue
                gold.append(
                    GoldToponym(
                        int(top.findtext("start") or 0),
                        int(top.findtext("end") or 0),
                        top.findtext("phrase") or "",
                        float(tag.findtext("lat") or 0),
                        float(tag.findtext("lon") or 0),
                        tag.findtext("fcode"),
                    )
                )
        else:
            key = art.findtext("source") or str(number)
            doc_id = f"{key}#{number}"
            gold = [
                GoldToponym(
                    int(loc.findtext("start") or 0),
                    int(loc.findtext("end") or 0),
                    loc.findtext("name") or "",
                    float(loc.findtext("lat") or 0),
                    float(loc.findtext("lon") or 0),
                )
                for loc in art.iter("location")
                if loc.findtext("lat") not in (None, "")
            ]
        docs.append(BenchDoc(corpus, doc_id, split_of(corpus, key), text, gold))
    return docs


def parsed_docs(shared: Path, corpus: str, nlp=None) -> list[tuple[BenchDoc, object]]:
    """(article, spaCy Doc) pairs; parses are cached per corpus file and spaCy model version."""
    from spacy.tokens import DocBin

    from storyline.nlp.model import load_model
    from storyline.places.gazetteer import cache_dir

    nlp = nlp or load_model()
    docs = read_corpus(shared, corpus)
    path = corpus_path(shared, corpus)
    stamp = hashlib.sha1(
        f"{path.stat().st_size}|{nlp.meta.get('name')}|{nlp.meta.get('version')}|{len(docs)}".encode()
    ).hexdigest()[:12]
    cache = cache_dir() / f"geobench_{corpus}_{stamp}.spacy"
    if cache.is_file():
        parsed = list(DocBin().from_disk(cache).get_docs(nlp.vocab))
        if len(parsed) == len(docs):
            return list(zip(docs, parsed, strict=True))
    parsed = list(nlp.pipe((d.text for d in docs), batch_size=32))
    bin_ = DocBin()
    for doc in parsed:
        bin_.add(doc)
    tmp = cache.with_suffix(".tmp")
    bin_.to_disk(tmp)
    tmp.replace(cache)
    return list(zip(docs, parsed, strict=True))


# -- scoring ----------------------------------------------------------------------------------
#: A prediction: (start, end, lat, lon); lat/lon None when the span was found but not placed.
Prediction = tuple[int, int, "float | None", "float | None"]
ACCURACY_KM = 161.0
FAR_KM = 1000.0


def score_benchmark(
    docs: list[BenchDoc], predictions: list[list[Prediction]]
) -> dict[str, float | int | None]:
    """Detection recall, acc@161 over all gold toponyms (misses count wrong), acc@161 over the
    gold toponyms the system found (the subset Mordecai3-style evaluations score), mean/median
    error km of placed ones, and the share of placed predictions > 1,000 km from every gold
    place of their article."""
    import statistics

    from storyline.places.geo import haversine_km

    total = found = correct = placed_all = far = 0
    errors: list[float] = []
    for doc, preds in zip(docs, predictions, strict=True):
        for _, _, lat, lon in preds:
            if lat is None or lon is None:
                continue
            placed_all += 1
            if doc.gold and min(haversine_km(g.lat, g.lon, lat, lon) for g in doc.gold) > FAR_KM:
                far += 1
        for gold in doc.gold:
            total += 1
            best, overlap = None, 0
            for pred in preds:
                o = min(gold.end, pred[1]) - max(gold.start, pred[0])
                if o > overlap:
                    best, overlap = pred, o
            if best is None:
                continue
            found += 1
            if best[2] is not None and best[3] is not None:
                error = haversine_km(gold.lat, gold.lon, best[2], best[3])
                errors.append(error)
                correct += error <= ACCURACY_KM
    return {
        "documents": len(docs),
        "toponyms": total,
        "found": found,
        "placed": len(errors),
        "recall": round(found / total, 4) if total else 0.0,
        "acc@161": round(correct / total, 4) if total else 0.0,
        "acc@161_found": round(correct / found, 4) if found else 0.0,
        "mean_km": round(statistics.fmean(errors), 1) if errors else None,
        "median_km": round(statistics.median(errors), 1) if errors else None,
        "predictions_placed": placed_all,
        "far_share": round(far / placed_all, 4) if placed_all else 0.0,
    }
