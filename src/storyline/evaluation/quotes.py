"""``storyline eval quotes``: direct-quote spans, speakers and channels against our labels.

The labels (``data/eval/quotes_labels.jsonl``) hold, per quote, the corpus archive and member
under ../shared, the sha256 of the article body, the character span of the quoted words, the
speaker and the channel — never the article text. The body is the file after its title line,
stripped; it is read from the archive at evaluation time.

Scored: direct and mixed quotes (the label set has no indirect speech). A predicted quote
matches a gold one exactly (same span) or by overlap (one-to-one, largest overlap first).
Speaker and channel are scored on overlap matches; end-to-end speaker P/R counts a prediction
as correct only when its span overlaps a gold quote and its speaker matches.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
import tarfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from storyline.evaluation import eval_task
from storyline.evaluation.data import shared_root
from storyline.evaluation.metrics import PRF

LABELS = Path(__file__).resolve().parents[1] / "data" / "eval" / "quotes_labels.jsonl"
HONORIFICS = {"mr", "mrs", "ms", "dr", "sir", "lord", "lady", "prof", "the", "a", "an", "of", "for"}


def shared_dir() -> Path:
    return shared_root(required=False)


def article_body(raw: bytes) -> tuple[str | None, str]:
    """(title, body) of a corpus file: the first line is the title."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = raw.decode("latin-1")
    title, _, body = text.strip().partition("\n")
    return title.strip() or None, body.strip()


def _words(name: str | None) -> list[str]:
    return [w for w in re.findall(r"[a-z0-9'’-]+", (name or "").lower()) if w not in HONORIFICS]


def speaker_matches(gold: str, predicted: str | None) -> bool:
    """Same person or body: the gold head word (surname, or "spokesman") is among the predicted
    words, or the predicted head word among the gold ones."""
    g, p = _words(gold), _words(predicted)
    if not g or not p:
        return False
    return g[-1] in p or p[-1] in g


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def load_labels(path: Path) -> dict[tuple[str, str], list[dict[str, Any]]]:
    by_article: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                row = json.loads(line)
                by_article[(row["archive"], row["member"])].append(row)
    return by_article


def _read_members(shared: Path, wanted: dict[str, set[str]]) -> dict[tuple[str, str], bytes]:
    out: dict[tuple[str, str], bytes] = {}
    for archive, members in wanted.items():
        path = shared / archive
        if not path.is_file():
            raise FileNotFoundError(f"{path} (the quotes labels read articles from ../shared)")
        with tarfile.open(path, "r:*") as tar:
            for member in members:
                fh = tar.extractfile(member)
                if fh is None:
                    raise FileNotFoundError(f"{member} in {path}")
                out[(archive, member)] = fh.read()
    return out


@eval_task("quotes")
def evaluate(data: Path | None = None, limit: int | None = None, verbose: bool = True) -> dict[str, Any]:
    from storyline.model import Article
    from storyline.pipeline import PipelineConfig, get_pipeline

    labels = load_labels(Path(data) if data else LABELS)
    keys = sorted(labels)[:limit] if limit else sorted(labels)
    wanted: dict[str, set[str]] = defaultdict(set)
    for archive, member in keys:
        wanted[archive].add(member)
    raw = _read_members(shared_dir(), wanted)
    pipeline = get_pipeline(PipelineConfig(components=("entities", "quotes")))

    exact, overlap, speaker_e2e, channel = PRF(), PRF(), PRF(), PRF()
    speaker_ok = matched = 0
    started = time.perf_counter()
    for key in keys:
        title, body = article_body(raw[key])
        gold = labels[key]
        if hashlib.sha256(body.encode("utf-8")).hexdigest() != gold[0]["text_sha256"]:
            raise FileNotFoundError(f"{key[1]}: article text differs from the labelled version")
        ex = pipeline.analyse(Article(title=title, text=body, language="en"))
        predicted = [q for q in ex.quotes if q.kind in ("direct", "mixed")]

        gold_spans = {tuple(g["span"]) for g in gold}
        hits = sum(1 for q in predicted if tuple(q.span) in gold_spans)
        exact.add(tp=hits, fp=len(predicted) - hits, fn=len(gold) - hits)

        pairs = sorted(
            (
                (_overlap(tuple(g["span"]), q.span), gi, pi)
                for gi, g in enumerate(gold)
                for pi, q in enumerate(predicted)
            ),
            reverse=True,
        )
        used_g: set[int] = set()
        used_p: set[int] = set()
        for amount, gi, pi in pairs:
            if amount <= 0 or gi in used_g or pi in used_p:
                continue
            used_g.add(gi)
            used_p.add(pi)
            g, q = gold[gi], predicted[pi]
            matched += 1
            said_by = q.speaker.name or q.speaker.title
            ok = speaker_matches(g["speaker"], said_by)
            speaker_ok += ok
            speaker_e2e.add(tp=int(ok), fp=int(not ok and bool(said_by)), fn=int(not ok))
            if g["channel"] and q.channel == g["channel"]:
                channel.add(tp=1)
            else:
                channel.add(fp=int(bool(q.channel)), fn=int(bool(g["channel"])))
            if verbose and not ok:
                print(
                    f"  speaker {key[1]} {tuple(g['span'])}: gold {g['speaker']!r}, got {said_by!r}",
                    file=sys.stderr,
                )
        overlap.add(tp=len(used_p), fp=len(predicted) - len(used_p), fn=len(gold) - len(used_g))
        speaker_e2e.add(
            fp=sum(
                1 for i, q in enumerate(predicted) if i not in used_p and (q.speaker.name or q.speaker.title)
            ),
            fn=len(gold) - len(used_g),
        )
    seconds = time.perf_counter() - started

    metrics = {
        "articles": len(keys),
        "gold_quotes": sum(len(labels[k]) for k in keys),
        "span_exact": exact.as_dict(),
        "span_overlap": overlap.as_dict(),
        "speaker_accuracy_on_matched": round(speaker_ok / matched, 4) if matched else 0.0,
        "speaker_end_to_end": speaker_e2e.as_dict(),
        "channel": channel.as_dict(),
        "seconds": round(seconds, 2),
    }
    if verbose:
        # Tables go to stderr so that ``storyline eval quotes --json`` prints clean JSON.
        print(
            f"quotes: {metrics['gold_quotes']} gold quotes in {metrics['articles']} articles ({seconds:.1f}s)",
            file=sys.stderr,
        )
        for name in ("span_exact", "span_overlap", "speaker_end_to_end", "channel"):
            m = metrics[name]
            print(
                f"  {name:<20} P {m['precision']:.3f}  R {m['recall']:.3f}  F1 {m['f1']:.3f}  "
                f"(tp {m['tp']}, fp {m['fp']}, fn {m['fn']})",
                file=sys.stderr,
            )
        print(
            f"  speaker accuracy on matched quotes: {metrics['speaker_accuracy_on_matched']:.3f}",
            file=sys.stderr,
        )
    return metrics
