"""Hand labels for the event model: the label files, their one loader, and the drawing tool.

Two files under ``labels/events/`` at the repository root (not shipped in the package):

``candidates.jsonl``
    One labelled candidate per line, pointing into a corpus of ``../shared/corpora`` (never
    holding its text): ``corpus`` (the folder under ``corpora/``), ``doc`` (the document id as
    :func:`load_article` reads it), ``start``/``end`` (the sentence, offsets into storyline's clean
    ``Article.text``), ``sha1`` (first 12 hex digits of the sentence's SHA-1, so a changed reader or
    cleaner is detected), ``trigger`` (``[start, end]`` in the same text, or null), ``rule`` (what the
    rules proposed — ``plover``, ``mode``, ``cameo``, ``status``, ``acled_sub``, ``trigger`` — or null
    for a sentence the rules did not flag), then the labels: ``event`` (true/false), ``reason``
    (why not: other_sense / idiom / generic / furniture / not_event), ``status``, ``plover``,
    ``mode``, ``cameo``, ``acled_event``, ``acled_sub``, ``split``, ``labeller``, ``note``.
``written.jsonl``
    Sentences the project wrote itself: the same fields plus ``text``; ``corpus`` is "written",
    ``doc`` the id, offsets into ``text``.

Splits are by document: a stable hash of ``corpus + doc`` (of ``id`` for written rows), about
70/15/15 train/dev/test (:func:`split_of`). Labelling rules: docs/labelling-events.md.

Drawing candidates to label::

    python -m storyline.events.labels draw --corpus bbc_news_2225 --n 200 --seed 1 > batch.jsonl
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import logging
import random
import sys
import tarfile
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from storyline.export.acled import SUB_EVENT_TYPES
from storyline.model import PLOVER_TYPES, Article

log = logging.getLogger(__name__)

REPO_LABELS = Path(__file__).resolve().parents[3] / "labels" / "events"
CANDIDATES = "candidates.jsonl"
WRITTEN = "written.jsonl"

STATUSES = ("asserted", "reported", "negated", "hypothetical", "planned", "threatened")
REASONS = ("other_sense", "idiom", "generic", "furniture", "not_event")
SPLITS = ("train", "dev", "test")

#: ACLED sub-event type -> event type (ACLED codebook 2023): 24 types plus Other (the exports' table).
ACLED_SUB_EVENT_TYPES: dict[str, str] = SUB_EVENT_TYPES

#: The corpora candidates are drawn from (folders under ``corpora/``).
CORPORA = (
    "reuters21578",
    "bbc_news_2225",
    "conflict_events/india_police_events",
    "conflict_events/glocon_sample",
    "conflict_events/muc4",
    "ecbplus",
    "rss_feeds",
    "newsflow_headlines",
)


class LabelError(ValueError):
    """A label row that breaks the format, or a span that no longer matches its corpus text."""


@dataclass
class LabelledCandidate:
    """One labelled sentence with what the rules proposed and the label."""

    id: str
    corpus: str
    doc: str
    start: int
    end: int
    text: str  # the sentence
    trigger: tuple[int, int] | None  # offsets in the document text (written: in ``text``)
    trigger_text: str | None
    rule: dict[str, Any] | None
    event: bool
    reason: str | None
    status: str | None
    plover: str | None
    mode: str | None
    cameo: str | None
    acled_event: str | None
    acled_sub: str | None
    split: str
    labeller: str
    note: str | None = None
    #: the document text around the sentence, and where it starts in the document
    window: str = ""
    window_start: int = 0
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def title(self) -> bool:
        """The sentence is a headline (newsflow rows are headlines, not body text)."""
        return self.corpus == "newsflow_headlines"

    @property
    def cameo_root(self) -> str | None:
        return self.cameo[:2] if self.cameo else None

    @property
    def trigger_in_sentence(self) -> tuple[int, int] | None:
        """The trigger's offsets relative to the sentence."""
        if self.trigger is None:
            return None
        return self.trigger[0] - self.start, self.trigger[1] - self.start


# -- splits and hashes ---------------------------------------------------------------------
def _hash(value: str) -> int:
    return int(hashlib.sha1(value.encode("utf-8")).hexdigest()[:8], 16)


def split_of(corpus: str, doc: str) -> str:
    """train/dev/test by a stable hash of the document (written rows: corpus "written", doc = id)."""
    bucket = _hash(f"{corpus}\x00{doc}") % 100
    return "train" if bucket < 70 else "dev" if bucket < 85 else "test"


def text_sha1(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


# -- documents: storyline's readers and cleaning over each corpus ------------------------------
def shared_dir(shared: Path | str | None = None) -> Path | None:
    """``shared``, else the shared root (evaluation.data.shared_root: $STORYLINE_SHARED when set),
    when it holds the corpora; None when it is not there."""
    from storyline.evaluation.data import shared_root

    root = Path(shared) if shared else shared_root(required=False)
    return root if (root / "corpora").is_dir() else None


def _clean(text: str, *, title: str | None = None, source: str) -> Article:
    from storyline.text.article import article_from_text

    return article_from_text(text, title=title, source=source, title_from_first_line=False)


@lru_cache(maxsize=4)
def _tar_members(path: Path, suffix: str) -> dict[str, bytes]:
    out: dict[str, bytes] = {}
    with tarfile.open(path) as tar:
        for member in tar.getmembers():
            if member.isfile() and member.name.endswith(suffix):
                handle = tar.extractfile(member)
                if handle is not None:
                    out[member.name] = handle.read()
    return out


@lru_cache(maxsize=1)
def _india_docs(corpora: Path) -> dict[str, str]:
    raw = _tar_members(
        corpora / "conflict_events/india_police_events/IndiaPoliceEvents_final.tar.gz", "docs.jsonl"
    )
    data = next(iter(raw.values())).decode("utf-8")
    rows = (json.loads(line) for line in data.splitlines() if line.strip())
    return {str(row["doc_id"]): row["doc_text"] for row in rows}


@lru_cache(maxsize=1)
def _glocon_docs(corpora: Path) -> dict[str, str]:
    raw = _tar_members(
        corpora / "conflict_events/glocon_sample/glocongold_sample.tar.gz", "document/Sabinet_R.json"
    )
    data = next(iter(raw.values())).decode("utf-8")
    rows = (json.loads(line) for line in data.splitlines() if line.strip())
    return {str(row["id"]): row["text"] for row in rows}


@lru_cache(maxsize=1)
def _muc4_docs(corpora: Path) -> dict[str, str]:
    # Training documents only: MUC-4 dev is the project's role-filling evaluation set.
    out = {}
    with (corpora / "conflict_events/muc4/train.json").open(encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                row = json.loads(line)
                out[str(row["docid"])] = row["doctext"]
    return out


def ecbplus_text(xml_bytes: bytes) -> str:
    """ECB+ tokens joined by spaces, one line per sentence (as ``eval linking`` joins them)."""
    root = ET.fromstring(xml_bytes)
    lines: list[list[str]] = []
    last = None
    for tok in root.iter("token"):
        sentence = tok.get("sentence", "0")
        if sentence != last:
            lines.append([])
            last = sentence
        lines[-1].append(tok.text or "")
    return "\n".join(" ".join(words) for words in lines)


@lru_cache(maxsize=1)
def _ecbplus_docs(corpora: Path) -> dict[str, bytes]:
    members = _tar_members(corpora / "ecbplus/ECBplus_xml.tar.gz", ".xml")
    return {name.rsplit("/", 1)[-1]: data for name, data in members.items()}


@lru_cache(maxsize=1)
def _headlines(corpora: Path) -> dict[str, tuple[str, str | None]]:
    """Unique newsflow headlines: "h" + sha1[:12] of the headline -> (headline, first timestamp)."""
    out: dict[str, tuple[str, str | None]] = {}
    members = _tar_members(corpora / "newsflow_headlines/newsflow_headlines_2024-2026.tar.gz", ".json")
    for name in sorted(members):
        try:
            rows = json.loads(members[name].decode("utf-8"))
        except ValueError:
            continue
        for row in rows if isinstance(rows, list) else []:
            headline = " ".join(str(row.get("headline") or "").split())
            if headline:
                out.setdefault("h" + text_sha1(headline), (headline, row.get("timestamp")))
    return out


class UnreadableDocument(FileNotFoundError):
    """A document the reader reported as an error (e.g. its HTML extraction worker did not start)."""


@lru_cache(maxsize=64)
def _feed_articles(path: Path) -> list[Article | str]:
    """A feed's items by position; an item the reader failed on is its error message, so one bad
    item does not shift the index of the items after it (the ``#N`` of a document id)."""
    from storyline.ingest.readers import iter_file

    return [item if isinstance(item, Article) else str(item) for item in iter_file(path)]


def _reuters(corpora: Path, doc: str) -> Article:
    from storyline.evaluation.geo import _reuters_file

    member, _, newid = doc.partition("#")
    docs = _reuters_file(corpora, member)
    if newid not in docs:
        raise FileNotFoundError(f"reuters21578:{doc}: no such record")
    return _clean(docs[newid], source=f"reuters21578:{doc}")


def _bbc(corpora: Path, doc: str) -> Article:
    from storyline.evaluation.geo import _bbc_members, bbc_text

    members = _bbc_members(corpora)
    if doc not in members:
        raise FileNotFoundError(f"bbc_news_2225:{doc}: no such article")
    title, body = bbc_text(members[doc])
    return _clean(body, title=title, source=f"bbc_news_2225:{doc}")


def load_article(corpus: str, doc: str, shared: Path | str | None = None) -> Article:
    """The document as storyline reads and cleans it; offsets in the label files index its ``text``."""
    root = shared_dir(shared)
    if root is None:
        raise FileNotFoundError("../shared corpora not found (set STORYLINE_SHARED)")
    corpora = root / "corpora"
    source = f"{corpus}:{doc}"
    if corpus == "reuters21578":
        return _reuters(corpora, doc)
    if corpus == "bbc_news_2225":
        return _bbc(corpora, doc)
    table: dict[str, str]
    if corpus == "conflict_events/india_police_events":
        table = _india_docs(corpora)
    elif corpus == "conflict_events/glocon_sample":
        table = _glocon_docs(corpora)
    elif corpus == "conflict_events/muc4":
        table = _muc4_docs(corpora)
    elif corpus == "ecbplus":
        xml = _ecbplus_docs(corpora).get(doc)
        if xml is None:
            raise FileNotFoundError(f"{source}: no such document")
        return _clean(ecbplus_text(xml), source=source)
    elif corpus == "newsflow_headlines":
        found = _headlines(corpora).get(doc)
        if found is None:
            raise FileNotFoundError(f"{source}: no such headline")
        article = _clean(found[0], source=source)
        return article.model_copy(update={"published": found[1]})
    elif corpus == "rss_feeds":
        path, _, index = doc.partition("#")
        articles = _feed_articles(corpora / "rss_feeds" / path)
        if not index.isdigit() or int(index) >= len(articles):
            raise FileNotFoundError(f"{source}: no such feed item")
        item = articles[int(index)]
        if isinstance(item, str):
            raise UnreadableDocument(f"{source}: not read ({item})")
        return item
    else:
        raise FileNotFoundError(f"{source}: unknown corpus {corpus!r}")
    if doc not in table:
        raise FileNotFoundError(f"{source}: no such document")
    return _clean(table[doc], source=source)


def document_ids(corpus: str, shared: Path | str | None = None) -> list[str]:
    """Every document id of a corpus that candidates may be drawn from (sorted)."""
    root = shared_dir(shared)
    if root is None:
        raise FileNotFoundError("../shared corpora not found (set STORYLINE_SHARED)")
    corpora = root / "corpora"
    if corpus == "reuters21578":
        from storyline.evaluation.geo import _reuters_file

        names = sorted(_tar_members(corpora / "reuters21578/reuters21578_sgm.tar.gz", ".sgm"))
        ids = []
        for name in names:
            ids += [
                f"{name}#{newid}" for newid, text in _reuters_file(corpora, name).items() if len(text) > 200
            ]
        return ids
    if corpus == "bbc_news_2225":
        from storyline.evaluation.geo import _bbc_members

        return sorted(_bbc_members(corpora))
    if corpus == "conflict_events/india_police_events":
        # Only the development quarter (doc_id % 4 == 0): the rest is ``eval india-police``'s held-out part.
        return sorted((d for d in _india_docs(corpora) if int(d) % 4 == 0), key=int)
    if corpus == "conflict_events/glocon_sample":
        return sorted(_glocon_docs(corpora))
    if corpus == "conflict_events/muc4":
        return sorted(_muc4_docs(corpora))
    if corpus == "ecbplus":
        # Topics 36-45 are ``eval linking``'s test topics: left out.
        return sorted(d for d in _ecbplus_docs(corpora) if not 36 <= int(d.split("_")[0]) <= 45)
    if corpus == "newsflow_headlines":
        return sorted(_headlines(corpora))
    if corpus == "rss_feeds":
        ids = []
        for path in sorted((corpora / "rss_feeds").rglob("*")):
            if path.is_file():
                rel = path.relative_to(corpora / "rss_feeds").as_posix()
                ids += [
                    f"{rel}#{i}"
                    for i, a in enumerate(_feed_articles(path))
                    if isinstance(a, Article) and len(a.text) > 80
                ]
        return ids
    raise FileNotFoundError(f"unknown corpus {corpus!r}")


# -- reading the label files ---------------------------------------------------------------
def _check_row(row: dict[str, Any], where: str) -> None:
    for key in ("id", "corpus", "doc", "start", "end", "event", "split"):
        if key not in row:
            raise LabelError(f"{where}: missing {key!r}")
    if row["split"] not in SPLITS:
        raise LabelError(f"{where}: split {row['split']!r}")
    if row["event"]:
        if row.get("status") not in STATUSES:
            raise LabelError(f"{where}: status {row.get('status')!r}")
        if row.get("plover") not in PLOVER_TYPES:
            raise LabelError(f"{where}: plover {row['plover']!r}")
    elif row.get("reason") not in REASONS:
        raise LabelError(f"{where}: reason {row.get('reason')!r}")
    sub = row.get("acled_sub")
    if sub is not None:
        if sub not in ACLED_SUB_EVENT_TYPES:
            raise LabelError(f"{where}: acled_sub {sub!r}")
        if row.get("acled_event") != ACLED_SUB_EVENT_TYPES[sub]:
            raise LabelError(f"{where}: acled_event {row.get('acled_event')!r} for {sub!r}")


def read_rows(path: Path) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    if not path.is_file():
        return rows
    for number, line in enumerate(path.read_text("utf-8").splitlines(), 1):
        if line.strip():
            row = json.loads(line)
            _check_row(row, f"{path.name}:{number}")
            rows.append(row)
    return rows


def _candidate(row: dict[str, Any], doc_text: str, window: int) -> LabelledCandidate:
    start, end = int(row["start"]), int(row["end"])
    trigger = tuple(row["trigger"]) if row.get("trigger") else None
    w0 = max(0, start - window)
    return LabelledCandidate(
        id=row["id"],
        corpus=row["corpus"],
        doc=row["doc"],
        start=start,
        end=end,
        text=doc_text[start:end],
        trigger=trigger,  # type: ignore[arg-type]
        trigger_text=doc_text[trigger[0] : trigger[1]] if trigger else None,
        rule=row.get("rule"),
        event=bool(row["event"]),
        reason=row.get("reason"),
        status=row.get("status"),
        plover=row.get("plover"),
        mode=row.get("mode"),
        cameo=row.get("cameo"),
        acled_event=row.get("acled_event"),
        acled_sub=row.get("acled_sub"),
        split=row["split"],
        labeller=row.get("labeller", ""),
        note=row.get("note"),
        window=doc_text[w0 : end + window],
        window_start=w0,
    )


def load_labels(
    shared_dir_: Path | str | None = None,
    *,
    labels_dir: Path | str | None = None,
    window: int = 400,
    strict: bool = False,
    corpora: bool = True,
) -> list[LabelledCandidate]:
    """Every labelled candidate: written sentences always, corpus rows when ../shared is there.

    A corpus row whose sentence no longer hashes to its stored ``sha1`` (a reader or cleaner
    changed) is skipped with a warning, or raises :class:`LabelError` when ``strict``.
    """
    folder = Path(labels_dir) if labels_dir else REPO_LABELS
    out: list[LabelledCandidate] = []
    for row in read_rows(folder / WRITTEN):
        out.append(_candidate(row, row["text"], window))
    rows = read_rows(folder / CANDIDATES) if corpora else []
    root = shared_dir(shared_dir_)
    if rows and root is None:
        log.info("../shared not found: %d corpus label rows skipped", len(rows))
        return out
    drifted = 0
    unread: list[str] = []
    texts: dict[tuple[str, str], str] = {}
    for row in rows:
        key = (row["corpus"], row["doc"])
        try:
            if key not in texts:
                texts[key] = load_article(row["corpus"], row["doc"], root).text
            text = texts[key]
        except FileNotFoundError as exc:
            if strict:
                raise LabelError(f"{row['id']}: {exc}") from exc
            if isinstance(exc, UnreadableDocument):
                unread.append(str(exc))
            else:
                drifted += 1
            continue
        sentence = text[row["start"] : row["end"]]
        if row.get("sha1") and text_sha1(sentence) != row["sha1"]:
            if strict:
                raise LabelError(
                    f"{row['id']}: span {row['start']}-{row['end']} of {row['corpus']}:{row['doc']} changed"
                )
            drifted += 1
            continue
        out.append(_candidate(row, text, window))
    if unread:
        log.warning(
            "%d corpus label rows skipped: their document was not read (first: %s)", len(unread), unread[0]
        )
    if drifted:
        log.warning("%d corpus label rows no longer match their documents (reader changed?)", drifted)
    return out


# -- drawing candidates to label -----------------------------------------------------------
def _rule(event: Any) -> dict[str, Any]:
    from storyline.export.acled import acled_type

    acled = acled_type(event)
    return {
        "plover": event.plover_type,
        "mode": event.plover_mode,
        "cameo": event.cameo_code,
        "status": event.status,
        "acled_sub": acled[1] if acled else None,
        "trigger": event.trigger.text,
    }


def draw(
    corpus: str,
    n: int,
    seed: int,
    shared: Path | str | None = None,
    *,
    no_rule_share: float = 0.2,
    per_doc: int = 4,
) -> Iterator[dict[str, Any]]:
    """Unlabelled candidate rows from random documents: the rules' events (one per sentence,
    at most ``per_doc`` per document) plus about ``no_rule_share`` sentences with no rule event."""
    from storyline.pipeline import get_pipeline

    rng = random.Random(seed)
    ids = document_ids(corpus, shared)
    rng.shuffle(ids)
    pipeline = get_pipeline()
    made = 0
    for doc in ids:
        if made >= n:
            return
        article = load_article(corpus, doc, shared)
        if not article.text.strip() or article.language not in (None, "en"):
            continue
        parsed = pipeline.nlp(article.text)
        extraction = pipeline.analyse_parsed(article, parsed)
        sentences = [(s.start_char, s.end_char) for s in parsed.sents if s.text.strip()]
        flagged: dict[int, Any] = {}
        for event in extraction.events:
            for i, (s0, s1) in enumerate(sentences):
                if s0 <= event.trigger.span[0] < s1:
                    flagged.setdefault(i, event)
                    break
        picks: list[tuple[int, Any]] = list(flagged.items())
        rng.shuffle(picks)
        picks = picks[:per_doc]
        quiet = [
            i for i in range(len(sentences)) if i not in flagged and sentences[i][1] - sentences[i][0] > 30
        ]
        if quiet and (rng.random() < no_rule_share * 2 or not picks):
            picks.append((rng.choice(quiet), None))
        for i, event in picks:
            if made >= n:
                return
            s0, s1 = sentences[i]
            sentence = article.text[s0:s1]
            made += 1
            yield {
                "id": f"{corpus.rsplit('/', 1)[-1]}:{doc}:{s0}",
                "corpus": corpus,
                "doc": doc,
                "start": s0,
                "end": s1,
                "sha1": text_sha1(sentence),
                "trigger": list(event.trigger.span) if event is not None else None,
                "rule": _rule(event) if event is not None else None,
                "split": split_of(corpus, doc),
                "text": sentence,  # for the labeller only: removed before a row is committed
            }


def stats(rows: Iterable[LabelledCandidate]) -> dict[str, Any]:
    """Counts per corpus, split, event/not, reason, status, PLOVER type and ACLED sub-event type."""
    from collections import Counter

    tallies: dict[str, Counter[str]] = {
        k: Counter() for k in ("corpus", "split", "event", "reason", "status", "plover", "acled_sub")
    }
    for row in rows:
        tallies["corpus"][row.corpus] += 1
        tallies["split"][row.split] += 1
        tallies["event"][str(row.event)] += 1
        if not row.event:
            tallies["reason"][row.reason or "?"] += 1
        else:
            tallies["status"][row.status or "?"] += 1
            tallies["plover"][row.plover or "none"] += 1
        if row.acled_sub:
            tallies["acled_sub"][row.acled_sub] += 1
    return {k: dict(v.most_common()) for k, v in tallies.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m storyline.events.labels")
    sub = parser.add_subparsers(dest="command", required=True)
    d = sub.add_parser("draw", help="emit unlabelled candidate rows (JSONL) from random documents")
    d.add_argument("--corpus", required=True, choices=CORPORA)
    d.add_argument("--n", type=int, default=200)
    d.add_argument("--seed", type=int, default=0)
    d.add_argument("--per-doc", type=int, default=4)
    d.add_argument("--shared")
    s = sub.add_parser("stats", help="counts per corpus, split, type")
    s.add_argument("--shared")
    s.add_argument("--csv", action="store_true", help="ACLED sub-event counts by split as CSV")
    s.add_argument("--markdown", action="store_true", help="the tables of docs/labelling-events.md section 9")
    args = parser.parse_args(argv)
    if args.command == "draw":
        for row in draw(args.corpus, args.n, args.seed, args.shared, per_doc=args.per_doc):
            sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")
        return 0
    rows = load_labels(args.shared, strict=False)
    if args.csv:
        writer = csv.writer(sys.stdout)
        writer.writerow(["acled_sub", *SPLITS, "all"])
        for name in ACLED_SUB_EVENT_TYPES:
            counts = [sum(1 for r in rows if r.acled_sub == name and r.split == s) for s in SPLITS]
            writer.writerow([name, *counts, sum(counts)])
        return 0
    if args.markdown:
        sys.stdout.write(stats_markdown(rows))
        return 0
    sys.stdout.write(json.dumps({"rows": len(rows), **stats(rows)}, indent=1) + "\n")
    return 0


def stats_markdown(rows: list[LabelledCandidate]) -> str:
    """Counts per corpus x split, per PLOVER type and per ACLED sub-event type x split, as Markdown."""

    def table(title: str, keys: Iterable[str], key_of: Any) -> list[str]:
        out = [f"| {title} | train | dev | test | all |", "|---|---:|---:|---:|---:|"]
        for key in keys:
            counts = [sum(1 for r in rows if key_of(r) == key and r.split == s) for s in SPLITS]
            out.append(f"| {key} | {' | '.join(map(str, counts))} | {sum(counts)} |")
        counts = [sum(1 for r in rows if key_of(r) is not None and r.split == s) for s in SPLITS]
        out.append(f"| **all** | {' | '.join(map(str, counts))} | {sum(counts)} |")
        return out

    corpora = sorted({r.corpus for r in rows})
    lines = table("corpus", corpora, lambda r: r.corpus) + [""]
    lines += table("not an event: reason", REASONS, lambda r: None if r.event else r.reason) + [""]
    lines += table("status", STATUSES, lambda r: r.status if r.event else None) + [""]
    lines += table("PLOVER type", PLOVER_TYPES, lambda r: r.plover if r.event else None) + [""]
    lines += table("ACLED sub-event type", ACLED_SUB_EVENT_TYPES, lambda r: r.acled_sub) + [""]
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(main())


__all__ = [
    "ACLED_SUB_EVENT_TYPES",
    "CORPORA",
    "LabelError",
    "LabelledCandidate",
    "UnreadableDocument",
    "document_ids",
    "draw",
    "load_article",
    "load_labels",
    "split_of",
    "stats",
    "text_sha1",
]
