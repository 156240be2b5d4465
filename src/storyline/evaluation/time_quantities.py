"""``storyline eval time`` and ``storyline eval quantities``: dates and counted quantities
against hand labels.

The labels (``data/eval/time_labels.jsonl``, ``data/eval/quantity_labels.jsonl``) hold a
document reference into ``../shared/corpora`` (as in ``geo_labels.jsonl``), the mention's
text and ``[start, end)`` offsets into the text the pipeline sees, the gold value and a
``split`` (``dev`` — may be looked at while improving the stages — or ``test`` — held out).
The article text is read from ``../shared`` at evaluation time; it is never copied here.
Reuters stories get their publication date from the record's ``<DATE>``; the BBC corpus has
none, so a relative date there ("on Tuesday") has gold ``null``.

Gold date values are ISO at the precision the text states (``YYYY-MM-DD``, ``YYYY-MM``,
``YYYY``; a week is its Monday with precision ``week``) or TIMEX3 forms our model cannot
express (``1987-Q2``, ``2004-H2``), or ``null`` for durations and references with no
calendar place ("for years", "now"). Labelling rules: docs/time-and-quantities.md.

Scoring: a predicted mention matches a gold one by character overlap (one-to-one, largest
overlap first), as TempEval-3's *relaxed* match; *strict* match is the same span exactly.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import Any

from storyline.evaluation import eval_task, reuters
from storyline.evaluation.geo import load_document, shared_dir
from storyline.evaluation.metrics import PRF
from storyline.model import Article, DateInfo, Quantity

TIME_LABELS = "time_labels.jsonl"
QUANTITY_LABELS = "quantity_labels.jsonl"
SPLITS = ("dev", "test", "all")

Span = tuple[int, int]


# -- documents --------------------------------------------------------------------------------
@lru_cache(maxsize=32)
def _reuters_dates(corpora: Path, member: str) -> dict[str, str]:
    """NEWID -> the record's <DATE> text."""
    raw = reuters.read_member(corpora, member)
    return {m.group(1): m.group(2).strip() for m in re.finditer(r'NEWID="(\d+)">\s*<DATE>([^<]+)', raw)}


def parse_reuters_date(raw: str) -> str | None:
    """ "26-FEB-1987 15:01:01.79" -> "1987-02-26T15:01:01"; the day alone when the time is
    garbled (a few records say "605:12:19"); None when the day is."""
    day = re.match(r"\s*(\d{1,2}-[A-Za-z]{3}-\d{4})(?:\s+(\d{1,2}:\d{2}:\d{2}))?", raw)
    if not day:
        return None
    try:
        return datetime.strptime(f"{day[1]} {day[2]}", "%d-%b-%Y %H:%M:%S").isoformat()
    except (TypeError, ValueError):
        pass
    try:
        return datetime.strptime(day[1], "%d-%b-%Y").date().isoformat()
    except ValueError:
        return None


def load_dated_document(ref: str, shared: Path | None = None) -> Article:
    """The article as geo's loader reads it, plus its publication date where the corpus has one."""
    shared = shared or shared_dir()
    article = load_document(ref, shared)
    corpus, _, rest = ref.partition(":")
    if corpus == "reuters21578":
        member, _, newid = rest.partition("#")
        raw_date = _reuters_dates(shared / "corpora", member).get(newid)
        article = article.model_copy(update={"published": parse_reuters_date(raw_date) if raw_date else None})
    return article


def read_labels(name: str, path: Path | None = None) -> list[dict[str, Any]]:
    if path is None:
        text = files("storyline").joinpath("data", "eval", name).read_text("utf-8")
    else:
        if not Path(path).is_file():
            raise FileNotFoundError(str(path))
        text = Path(path).read_text("utf-8")
    return [json.loads(line) for line in text.splitlines() if line.strip()]


# -- matching -------------------------------------------------------------------------------
def _overlap(a: Span, b: Span) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def match_spans(gold: Sequence[Span], predicted: Sequence[Span]) -> dict[int, int]:
    """gold index -> predicted index, one-to-one, largest character overlap first."""
    pairs = sorted(
        ((_overlap(g, p), gi, pi) for gi, g in enumerate(gold) for pi, p in enumerate(predicted)),
        key=lambda t: (-t[0], t[1], t[2]),
    )
    matched: dict[int, int] = {}
    used: set[int] = set()
    for amount, gi, pi in pairs:
        if amount > 0 and gi not in matched and pi not in used:
            matched[gi] = pi
            used.add(pi)
    return matched


def _by_doc(labels: Iterable[dict[str, Any]]) -> dict[str, tuple[str, list[dict[str, Any]]]]:
    """doc -> (split, gold mentions). A row without offsets declares a fully labelled document,
    so predictions in a document with no gold mention still count as false positives."""
    out: dict[str, tuple[str, list[dict[str, Any]]]] = {}
    for row in labels:
        split, mentions = out.setdefault(row["doc"], (row.get("split", "test"), []))
        if "start" in row:
            mentions.append(row)
    return out


def _ratio(num: int, den: int) -> float:
    return round(num / den, 4) if den else 0.0


# -- time -----------------------------------------------------------------------------------
def date_correct(gold: dict[str, Any], predicted: DateInfo) -> bool:
    """Value and precision exactly right; a null gold wants a null prediction."""
    if gold["value"] is None:
        return predicted.value is None
    return predicted.value == gold["value"] and predicted.precision == gold["precision"]


def score_time(labels: Iterable[dict[str, Any]], predict: Callable[[str], list[DateInfo]]) -> dict[str, Any]:
    """``predict(doc_ref) -> list[DateInfo]``; detection, resolution and end-to-end, per split."""
    rows: list[dict[str, Any]] = []  # one per gold mention
    spurious: dict[str, int] = {}  # split -> unmatched predictions
    exact: dict[str, int] = {}  # split -> predictions with exactly the gold span
    predicted_n: dict[str, int] = {}
    documents = _by_doc(labels)
    for ref, (split, golds) in documents.items():
        dates = predict(ref)
        matched = match_spans([(g["start"], g["end"]) for g in golds], [tuple(d.span) for d in dates])
        predicted_n[split] = predicted_n.get(split, 0) + len(dates)
        spurious[split] = spurious.get(split, 0) + len(dates) - len(matched)
        for gi, gold in enumerate(golds):
            date = dates[matched[gi]] if gi in matched else None
            exact[split] = exact.get(split, 0) + int(
                date is not None and tuple(date.span) == (gold["start"], gold["end"])
            )
            rows.append(
                {
                    **gold,
                    "split": split,
                    "found": date is not None,
                    "correct": date is not None and date_correct(gold, date),
                    "predicted_text": date.text if date else None,
                    "predicted_value": date.value if date else None,
                    "predicted_precision": date.precision if date else None,
                }
            )
    result: dict[str, Any] = {"documents": len(documents)}
    for split in SPLITS:
        keep = [r for r in rows if split == "all" or r["split"] == split]
        n_pred = sum(predicted_n.values()) if split == "all" else predicted_n.get(split, 0)
        n_spurious = sum(spurious.values()) if split == "all" else spurious.get(split, 0)
        n_exact = sum(exact.values()) if split == "all" else exact.get(split, 0)
        if keep:
            result[split] = _time_metrics(keep, n_pred, n_spurious, n_exact)
    # Only dev errors are listed: the test split is for reporting, not for looking at.
    result["dev_errors"] = [
        {
            k: r[k]
            for k in (
                "doc",
                "text",
                "value",
                "precision",
                "predicted_text",
                "predicted_value",
                "predicted_precision",
            )
        }
        for r in rows
        if r.get("split") == "dev" and not r["correct"]
    ]
    return result


def _time_metrics(rows: list[dict[str, Any]], n_pred: int, n_spurious: int, n_exact: int) -> dict[str, Any]:
    found = [r for r in rows if r["found"]]
    relaxed = PRF(tp=len(found), fp=n_spurious, fn=len(rows) - len(found))
    strict = PRF(tp=n_exact, fp=n_pred - n_exact, fn=len(rows) - n_exact)
    correct = sum(r["correct"] for r in rows)
    valued = [r for r in rows if r["value"] is not None]
    # TempEval-3's "value F1": a prediction counts when it matches a gold mention and its value is right.
    value = PRF(tp=correct, fp=n_pred - correct, fn=len(rows) - correct)
    return {
        "mentions": len(rows),
        "predicted": n_pred,
        "detection": relaxed.as_dict(),
        "detection_strict": strict.as_dict(),
        "resolution_accuracy": _ratio(sum(r["correct"] for r in found), len(found)),
        "end_to_end_accuracy": _ratio(correct, len(rows)),
        "value_f1": round(value.f1, 4),
        "resolvable_mentions": len(valued),
        "resolvable_accuracy": _ratio(sum(r["correct"] for r in valued), len(valued)),
    }


# -- quantities -----------------------------------------------------------------------------
#: Spellings of one unit that the scorer treats as the same head (money as ISO codes).
UNIT_ALIASES = {
    "$": "usd",
    "dlr": "usd",
    "dlrs": "usd",
    "dollar": "usd",
    "dollars": "usd",
    "ct": "usd",
    "cts": "usd",
    "cent": "usd",
    "cents": "usd",
    "£": "gbp",
    "pound": "gbp",
    "pounds": "gbp",
    "sterling": "gbp",
    "€": "eur",
    "euro": "eur",
    "euros": "eur",
    "yen": "jpy",
    "yuan": "cny",
    "renminbi": "cny",
    "franc": "chf",
    "francs": "chf",
    "rouble": "rub",
    "roubles": "rub",
    "ruble": "rub",
    "rubles": "rub",
    "pct": "%",
    "percent": "%",
    "per cent": "%",
    "percentage": "%",
}


def _singular(word: str) -> str:
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if re.search(r"(?:ch|sh|ss|x)es$", word):
        return word[:-2]
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word


def unit_head(unit: str | None) -> str | None:
    """The head noun of a unit, lower-cased and singular; money and percent spellings unified."""
    if not unit:
        return None
    text = unit.strip().lower()
    if text in UNIT_ALIASES:
        return UNIT_ALIASES[text]
    words = re.findall(r"[%$£€]|[a-z0-9]+", text)
    if not words:
        return None
    head = words[-1]
    return UNIT_ALIASES.get(head, _singular(head))


def _same_number(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-9)


def value_correct(gold: dict[str, Any], predicted: Quantity) -> bool:
    return _same_number(gold["value"], predicted.value) and _same_number(
        gold.get("value_max"), predicted.value_max
    )


def score_quantities(
    labels: Iterable[dict[str, Any]], predict: Callable[[str], list[Quantity]]
) -> dict[str, Any]:
    """``predict(doc_ref) -> list[Quantity]``; detection and attribute accuracies, per split."""
    rows: list[dict[str, Any]] = []
    spurious: dict[str, int] = {}
    documents = _by_doc(labels)
    for ref, (split, golds) in documents.items():
        quantities = predict(ref)
        matched = match_spans([(g["start"], g["end"]) for g in golds], [tuple(q.span) for q in quantities])
        spurious[split] = spurious.get(split, 0) + len(quantities) - len(matched)
        for gi, gold in enumerate(golds):
            q = quantities[matched[gi]] if gi in matched else None
            rows.append(
                {
                    **gold,
                    "split": split,
                    "found": q is not None,
                    "value_ok": q is not None and value_correct(gold, q),
                    "unit_ok": q is not None and unit_head(gold["unit"]) == unit_head(q.unit),
                    "category_ok": q is not None and q.category == gold.get("category"),
                    "approximate_ok": q is not None and q.approximate == gold["approximate"],
                    "predicted": None
                    if q is None
                    else {
                        "text": q.text,
                        "value": q.value,
                        "value_max": q.value_max,
                        "unit": q.unit,
                        "category": q.category,
                        "approximate": q.approximate,
                    },
                }
            )
    result: dict[str, Any] = {"documents": len(documents)}
    for split in SPLITS:
        keep = [r for r in rows if split == "all" or r["split"] == split]
        if keep:
            result[split] = _quantity_metrics(
                keep, sum(spurious.values()) if split == "all" else spurious.get(split, 0)
            )
    result["dev_errors"] = [
        {
            "doc": r["doc"],
            "text": r["text"],
            "gold": {k: r[k] for k in ("value", "value_max", "unit", "category", "approximate")},
            "predicted": r["predicted"],
        }
        for r in rows
        if r.get("split") == "dev"
        and not (
            r["value_ok"]
            and r["unit_ok"]
            and r["approximate_ok"]
            and (r["category_ok"] or not r.get("category"))
        )
    ]
    return result


def _quantity_metrics(rows: list[dict[str, Any]], n_spurious: int) -> dict[str, Any]:
    found = [r for r in rows if r["found"]]
    with_unit = [r for r in found if r.get("unit")]
    with_category = [r for r in found if r.get("category")]
    return {
        "mentions": len(rows),
        "detection": PRF(tp=len(found), fp=n_spurious, fn=len(rows) - len(found)).as_dict(),
        "value_accuracy": _ratio(sum(r["value_ok"] for r in found), len(found)),
        "unit_accuracy": _ratio(sum(r["unit_ok"] for r in with_unit), len(with_unit)),
        # None, not 0, when no matched gold mention states a category.
        "category_accuracy": _ratio(sum(r["category_ok"] for r in with_category), len(with_category))
        if with_category
        else None,
        "category_mentions": len(with_category),
        "approximate_accuracy": _ratio(sum(r["approximate_ok"] for r in found), len(found)),
        "value_end_to_end": _ratio(sum(r["value_ok"] for r in rows), len(rows)),
    }


# -- running the pipeline ---------------------------------------------------------------------
def _limit(labels: list[dict[str, Any]], limit: int | None) -> list[dict[str, Any]]:
    if limit is None:
        return labels
    keep = set(list(dict.fromkeys(g["doc"] for g in labels))[:limit])
    return [g for g in labels if g["doc"] in keep]


def _analyser() -> Callable[[str], Any]:
    """doc ref -> the AnalysisDoc after entities, time and quantities (dates in ``adoc.dates``)."""
    from storyline.model import Extraction
    from storyline.pipeline import AnalysisDoc, PipelineConfig, get_pipeline

    shared = shared_dir()
    if not (shared / "corpora").is_dir():
        raise FileNotFoundError(
            f"{shared / 'corpora'} (the time/quantity labels point into ../shared corpora)"
        )
    pipeline = get_pipeline(PipelineConfig(components=("entities", "time", "quantities")))

    def analyse(ref: str) -> AnalysisDoc:
        article = load_dated_document(ref, shared)
        adoc = AnalysisDoc(
            article=article, doc=pipeline.nlp(article.text), result=Extraction(article=article)
        )
        for _, comp in pipeline.components:
            comp(adoc)
        return adoc

    return analyse


@eval_task("time")
def evaluate_time(data: Path | None = None, limit: int | None = None) -> dict[str, Any]:
    labels = _limit(read_labels(TIME_LABELS, data), limit)
    analyse = _analyser()
    result = score_time(labels, lambda ref: analyse(ref).dates)
    _print_time(result)
    return result


@eval_task("quantities")
def evaluate_quantities(data: Path | None = None, limit: int | None = None) -> dict[str, Any]:
    labels = _limit(read_labels(QUANTITY_LABELS, data), limit)
    analyse = _analyser()
    result = score_quantities(labels, lambda ref: analyse(ref).result.quantities)
    _print_quantities(result)
    return result


def _console() -> Any:
    from rich.console import Console

    console = Console(stderr=True)
    if not console.is_terminal:  # piped or redirected: rich would squeeze the table into 80 columns
        console = Console(stderr=True, width=140)
    return console


def _fmt(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def _print_time(result: dict[str, Any]) -> None:
    from rich.table import Table

    table = Table(title=f"time: date mentions ({result['documents']} documents)")
    for column in (
        "split",
        "gold",
        "pred",
        "det P",
        "det R",
        "det F1",
        "strict F1",
        "resolution acc",
        "end-to-end acc",
        "value F1",
        "resolvable acc",
    ):
        table.add_column(column)
    for split in SPLITS:
        if split in result:
            m = result[split]
            d = m["detection"]
            table.add_row(
                split,
                str(m["mentions"]),
                str(m["predicted"]),
                f"{d['precision']:.3f}",
                f"{d['recall']:.3f}",
                f"{d['f1']:.3f}",
                f"{m['detection_strict']['f1']:.3f}",
                f"{m['resolution_accuracy']:.3f}",
                f"{m['end_to_end_accuracy']:.3f}",
                f"{m['value_f1']:.3f}",
                f"{m['resolvable_accuracy']:.3f} ({m['resolvable_mentions']})",
            )
    _console().print(table)


def _print_quantities(result: dict[str, Any]) -> None:
    from rich.table import Table

    table = Table(title=f"quantities: counted quantities ({result['documents']} documents)")
    for column in (
        "split",
        "gold",
        "det P",
        "det R",
        "det F1",
        "value acc",
        "unit acc",
        "category acc (n)",
        "approx acc",
        "value e2e",
    ):
        table.add_column(column)
    for split in SPLITS:
        if split in result:
            m = result[split]
            d = m["detection"]
            table.add_row(
                split,
                str(m["mentions"]),
                f"{d['precision']:.3f}",
                f"{d['recall']:.3f}",
                f"{d['f1']:.3f}",
                f"{m['value_accuracy']:.3f}",
                f"{m['unit_accuracy']:.3f}",
                _fmt(m["category_accuracy"]) + f" ({m['category_mentions']})",
                f"{m['approximate_accuracy']:.3f}",
                f"{m['value_end_to_end']:.3f}",
            )
    _console().print(table)
