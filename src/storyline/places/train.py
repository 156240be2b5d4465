"""``storyline train toponyms``: fit the toponym detector and the candidate ranker.

Data: the *train* split of LGL and GeoVirus (``../shared/corpora/geoparsing``, split by article in
:func:`storyline.places.benchmarks.split_of`). Thresholds and the calibration (Platt scaling of
each network's output) are fitted on the *dev* split; the test split is never read here.

Writes ``src/storyline/places/toponyms.npz`` (or ``--out``) and returns dev figures.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import numpy as np

from storyline.places.benchmarks import CORPORA, BenchDoc, Prediction, parsed_docs, score_benchmark
from storyline.places.geo import haversine_km
from storyline.places.learned import (
    MODEL_PATH,
    Net,
    ToponymModel,
    article_context,
    candidate_spans,
    context_mentions,
    detection_features,
    doc_demonym_ccs,
    known_spans,
    model_from_arrays,
    name_parts,
    ranking_candidates,
    resolve_learned,
    select_spans,
)
from storyline.places.mentions import find_mentions
from storyline.places.resolve import note_appositions
from storyline.training import trainer

ACCURACY_KM = 161.0


def _keys(gaz):
    from storyline.places.component import admin1_name_keys, big_city_keys, country_name_keys

    return country_name_keys(gaz), admin1_name_keys(gaz), big_city_keys(gaz)


def _gold_match(doc: BenchDoc, start: int, end: int):
    best, overlap = None, 0
    for gold in doc.gold:
        o = min(gold.end, end) - max(gold.start, start)
        if o > overlap:
            best, overlap = gold, o
    return best


def _detection_rows(gaz, pairs, keys):
    xs, ys, per_doc = [], [], []
    for bench, doc in pairs:
        rule = find_mentions(doc, *keys)
        spans = candidate_spans(gaz, doc, rule)
        first = article_context(gaz, rule, doc.text, doc_demonym_ccs(gaz, doc), ())
        note_appositions(gaz, [s.mention for s in spans], doc.text)
        x = detection_features(gaz, doc, spans, first)
        per_doc.append((bench, doc, spans, x))
        y = [1.0 if _gold_match(bench, s.start, s.end) is not None else 0.0 for s in spans]
        if bench.corpus == "geovirus":
            # GeoVirus never labels demonyms ("Iranian"), LGL does: learn them from LGL alone.
            keep = [i for i, s in enumerate(spans) if not s.mention.demonym or y[i]]
            x, y = x[keep], [y[i] for i in keep]
        xs.append(x)
        ys += y
    return np.vstack([x for x in xs if len(x)]), np.array(ys), per_doc


#: Ranker sample weights per corpus: LGL is local US news (every "Paris" a town in Texas or
#: Kentucky); news wires and WikiNews weigh more so a lone "Paris" stays the French capital.
CORPUS_WEIGHT = {"lgl": 0.4, "geovirus": 1.0, "own": 4.0, "review": 4.0}


def _ranking_rows(gaz, per_doc, detect, threshold, propagate):
    xs, ys, ws = [], [], []
    for bench, doc, spans, x in per_doc:
        probs = detect(x) if len(spans) else np.zeros(0)
        chosen = name_parts(
            doc, known_spans(gaz, select_spans(spans, probs, threshold, propagate), spans, threshold)
        )
        actx = article_context(gaz, context_mentions(chosen), doc.text, doc_demonym_ccs(gaz, doc), ())
        for span in chosen:
            gold = _gold_match(bench, span.start, span.end)
            if gold is None:
                continue
            cands, rx = ranking_candidates(gaz, span.mention, actx, doc.text)
            if not cands:
                continue
            y = _candidate_labels(gold, [e for e, _ in cands], bool(span.mention.kinds))
            xs.append(rx)
            ys.append(y)
            ws.append(np.full(len(y), CORPUS_WEIGHT.get(bench.corpus, 1.0)))
    return np.vstack(xs), np.concatenate(ys), np.concatenate(ws)


def _candidate_labels(gold, entries, asks_kind: bool) -> np.ndarray:
    """1 for the right readings: within 161 km of the gold point and about as close as the
    closest candidate; an airport or base named like the town beside it only when the text
    asked for one ("X airport") or nothing else is right."""
    dist = np.array(
        [
            haversine_km(gold.lat, gold.lon, e.lat, e.lon) if e.lat is not None and e.lon is not None else 1e9
            for e in entries
        ]
    )
    y = (dist <= ACCURACY_KM) & (dist <= dist.min() + 30.0)
    if not y.any():
        # A country or admin1 unit whose point sits elsewhere than the benchmark's (Wikipedia or
        # an older GeoNames): the right unit still, when it is the closest candidate by far.
        best = int(dist.argmin())
        if entries[best].feature in ("country", "admin1", "region") and dist[best] <= 1000.0:
            y[best] = True
    sites = np.array([e.feature in ("airport", "military base") for e in entries])
    if not asks_kind and (y & ~sites).any():
        y &= ~sites
    return y.astype(np.float64)


def _fit(
    x: np.ndarray,
    y: np.ndarray,
    hidden: int,
    seed: int = 0,
    weights: np.ndarray | None = None,
    alpha: float = 1e-3,
) -> dict[str, np.ndarray]:
    from sklearn.neural_network import MLPClassifier

    mu = x.mean(axis=0)
    sd = x.std(axis=0)
    sd[sd < 1e-6] = 1.0
    net = MLPClassifier(
        hidden_layer_sizes=(hidden,),
        activation="relu",
        alpha=alpha,
        max_iter=400,
        early_stopping=True,
        validation_fraction=0.1,
        n_iter_no_change=15,
        random_state=seed,
    )
    net.fit((x - mu) / sd, y, sample_weight=weights)
    return {
        "mu": mu,
        "sd": sd,
        "w1": net.coefs_[0],
        "b1": net.intercepts_[0],
        "w2": net.coefs_[1],
        "b2": net.intercepts_[1],
    }


def _platt(arrays: dict[str, np.ndarray], prefix: str, x: np.ndarray, y: np.ndarray) -> None:
    """Rescale the output layer so probabilities match dev frequencies (Platt scaling)."""
    from sklearn.linear_model import LogisticRegression

    p = arrays
    h = np.maximum(0.0, ((x - p[f"{prefix}_mu"]) / p[f"{prefix}_sd"]) @ p[f"{prefix}_w1"] + p[f"{prefix}_b1"])
    z = (h @ p[f"{prefix}_w2"] + p[f"{prefix}_b2"]).ravel()
    if len(set(y.tolist())) < 2:
        return
    lr = LogisticRegression(C=100.0).fit(z.reshape(-1, 1), y)
    a, b = float(lr.coef_[0, 0]), float(lr.intercept_[0])
    p[f"{prefix}_w2"] = p[f"{prefix}_w2"] * a
    p[f"{prefix}_b2"] = p[f"{prefix}_b2"] * a + b


def predict_docs(gaz, model: ToponymModel, pairs, keys) -> list[list[Prediction]]:
    out = []
    for _, doc in pairs:
        preds: list[Prediction] = []
        for res in resolve_learned(gaz, doc, model, (), *keys):
            m, e = res.mention, res.entry
            preds.append((m.start, m.end, e.lat if e else None, e.lon if e else None))
        out.append(preds)
    return out


def own_dev_docs(shared: Path) -> list:
    """The project's own labelled set (``data/eval/geo_labels.jsonl``), *dev* split only: news
    wires (Reuters, BBC) rather than local US news. Its labels cover some mentions of each
    article, so it trains the ranker, never the detector."""
    from storyline.evaluation.geo import load_document, read_labels
    from storyline.nlp.model import load_model
    from storyline.places.benchmarks import GoldToponym

    by_doc: dict[str, list] = {}
    for gold in read_labels():
        if gold.get("split") == "dev":
            by_doc.setdefault(gold["doc"], []).append(gold)
    docs = []
    for ref, golds in by_doc.items():
        try:
            text = load_document(ref, shared).text
        except FileNotFoundError:
            continue
        points = [GoldToponym(g["start"], g["end"], g["text"], g["lat"], g["lon"]) for g in golds]
        docs.append(BenchDoc("own", ref, "dev", text, points))
    nlp = load_model()
    return list(zip(docs, nlp.pipe(d.text for d in docs), strict=True))


def review_docs() -> tuple[list, dict[str, int]]:
    """The analysts' confirmed or corrected places (storyline review) as partial gold, parsed:
    like the own set, they train the ranker only. See ``storyline.review.rows``."""
    from storyline.nlp.model import load_model
    from storyline.review.rows import Labelled, figures, labelled, toponym_documents

    found = [labelled("event"), labelled("incident")]
    docs = toponym_documents(found)
    both = Labelled([x for f in found for x in f.items], sum(f.missing for f in found))
    rows = figures(both, sum(len(d.gold) for d in docs), documents=len(docs))
    if not docs:
        return [], rows
    nlp = load_model()
    return list(zip(docs, nlp.pipe(d.text for d in docs), strict=True)), rows


def load_splits(shared: Path, limit: int | None = None):
    splits: dict[str, dict[str, list]] = {c: {"train": [], "dev": [], "test": []} for c in CORPORA}
    for corpus in CORPORA:
        pairs = parsed_docs(shared, corpus)
        if limit:
            pairs = pairs[:limit]
        for bench, doc in pairs:
            splits[corpus][bench.split].append((bench, doc))
    return splits


@trainer("toponyms")
def train_toponyms(
    out: Path | str | None = None, data: Path | str | None = None, limit: int | None = None, **_: Any
) -> dict[str, Any]:
    from storyline.evaluation.geo import shared_dir
    from storyline.places.gazetteer import load_gazetteer

    started = time.time()
    shared = Path(data) if data else shared_dir()
    gaz = load_gazetteer()
    keys = _keys(gaz)
    splits = load_splits(shared, limit)
    train = [p for c in CORPORA for p in splits[c]["train"]]
    dev = [p for c in CORPORA for p in splits[c]["dev"]]

    own = own_dev_docs(shared)
    reviewed, review_rows = review_docs()
    dx, dy, train_docs = _detection_rows(gaz, train, keys)
    _, _, own_docs = _detection_rows(gaz, own + reviewed, keys)  # partial labels: for the ranker only
    det = _fit(dx, dy, hidden=24)
    arrays: dict[str, np.ndarray] = {f"det_{k}": v for k, v in det.items()}
    vx, vy, dev_docs = _detection_rows(gaz, dev, keys)
    _platt(arrays, "det", vx, vy)
    arrays["thresholds"] = np.array([0.5, 0.3, 0.3, 2.0])
    detect = Net(arrays, "det")
    rx, ry, rw = _ranking_rows(gaz, train_docs + own_docs, detect, 0.5, 0.3)
    rank = _fit(rx, ry, hidden=16, weights=rw, alpha=1e-2)
    arrays.update({f"rank_{k}": v for k, v in rank.items()})
    rvx, rvy, _ = _ranking_rows(gaz, dev_docs, detect, 0.5, 0.3)
    _platt(arrays, "rank", rvx, rvy)

    # Thresholds on dev: the best acc@161 with far points (> 1,000 km) kept under 2 %.
    best: tuple[float, tuple[float, ...], dict] | None = None
    tried: list[dict[str, Any]] = []

    def trial(thresholds: tuple[float, ...]) -> None:
        nonlocal best
        arrays["thresholds"] = np.array(thresholds)
        model = model_from_arrays(arrays)
        scores = [
            score_benchmark(
                [b for b, _ in splits[c]["dev"]], predict_docs(gaz, model, splits[c]["dev"], keys)
            )
            for c in CORPORA
        ]
        # The own set's labels are partial, so its far share means little: accuracy only.
        own_score = score_benchmark([b for b, _ in own], predict_docs(gaz, model, own, keys))
        acc = float(np.mean([float(s["acc@161"] or 0) for s in scores] + [float(own_score["acc@161"] or 0)]))
        far = max(float(s["far_share"] or 0) for s in scores)
        objective = acc - 1.0 * max(0.0, far - 0.02)
        tried.append(
            {
                "thresholds": [round(t, 3) for t in thresholds],
                "acc@161": round(acc, 4),
                "far": round(far, 4),
                "own": own_score["acc@161"],
            }
        )
        if best is None or objective > best[0]:
            best = (
                objective,
                thresholds,
                {**dict(zip(CORPORA, scores, strict=True)), "own (dev, trains the ranker)": own_score},
            )

    # Detection / resolution thresholds first (with the far guard at 0.8), then the far guard.
    for det_t in (0.3, 0.45, 0.6):
        for res_t in (0.1, 0.25, 0.4):
            trial((det_t, det_t * 0.6, res_t, 0.6, 0.8))
    assert best is not None
    chosen = best[1]
    for far_t in (0.0, 0.9):
        trial((*chosen[:4], far_t))
    assert best is not None
    arrays["thresholds"] = np.array(best[1])
    target = Path(out) if out else MODEL_PATH
    target.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(target, **{k: np.asarray(v, dtype=np.float32) for k, v in arrays.items()})  # type: ignore[arg-type]
    from storyline.places.learned import load_model

    load_model.cache_clear()
    return {
        "model": str(target),
        "bytes": target.stat().st_size,
        "train_spans": int(len(dy)),
        "review_rows": review_rows,
        "train_candidates": int(len(ry)),
        "thresholds": [round(float(t), 3) for t in best[1]],
        "dev": best[2],
        "grid": tried,
        "seconds": round(time.time() - started, 1),
    }
