"""``storyline eval linking``: cross-document event coreference on ECB+.

Every ECB+ document of the chosen topics runs through the whole pipeline into a fresh store,
the story linker merges the events, and each extracted event whose trigger overlaps a gold
action mention (in the sentences ECB+ validated for coreference) is scored: response cluster
= its story event, key cluster = the gold cross-document instance. Key and response are
restricted to those matched mentions ("the events Storyline extracts"); how many gold mentions
were matched is reported beside the scores. A same-lemma baseline is scored on the same
mentions, the standard point of comparison in the ECB+ literature.
"""

from __future__ import annotations

import csv
import re
import tarfile
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from rich.console import Console
from rich.table import Table

from storyline.evaluation import eval_task
from storyline.evaluation.coref import conll
from storyline.evaluation.data import shared_path

#: The test split used since Cybulska & Vossen (2015) and Barhom et al. (2019), and the dev split.
TEST_TOPICS = tuple(range(36, 46))
DEV_TOPICS = (2, 5, 12, 18, 21, 23, 34, 35)
#: ECB+ has topics 1-45 less 15 and 17; train = the rest of 1-35.
TRAIN_TOPICS = tuple(t for t in range(1, 36) if t not in DEV_TOPICS)


@dataclass
class GoldDoc:
    name: str
    topic: int
    text: str
    #: gold action mentions: (start_char, end_char, cluster id)
    mentions: list[tuple[int, int, str]] = field(default_factory=list)


def _parse_doc(name: str, xml_bytes: bytes, topic: int, validated: set[tuple[str, int]]) -> GoldDoc:
    root = ET.fromstring(xml_bytes)
    doc_key = name.removesuffix(".xml")
    pieces: list[str] = []
    offsets: dict[str, tuple[int, int]] = {}
    sentence_of: dict[str, int] = {}
    pos, last_sentence = 0, None
    for tok in root.iter("token"):
        sentence = int(tok.get("sentence", 0))
        if last_sentence is not None and sentence != last_sentence:
            pieces.append("\n")
            pos += 1
        elif pieces:
            pieces.append(" ")
            pos += 1
        word = tok.text or ""
        offsets[tok.get("t_id")] = (pos, pos + len(word))
        sentence_of[tok.get("t_id")] = sentence
        pieces.append(word)
        pos += len(word)
        last_sentence = sentence
    doc = GoldDoc(name=doc_key, topic=topic, text="".join(pieces))

    markables = root.find("Markables")
    anchors: dict[str, list[str]] = {}
    for m in markables if markables is not None else []:
        if m.tag.startswith(("ACTION", "NEG_ACTION")):
            ids = [a.get("t_id") for a in m.findall("token_anchor")]
            if ids:
                anchors[m.get("m_id")] = ids
    cluster_of: dict[str, str] = {}
    relations = root.find("Relations")
    for rel in relations if relations is not None else []:
        if rel.tag not in ("CROSS_DOC_COREF", "INTRA_DOC_COREF"):
            continue
        cid = rel.get("note") or f"{doc_key}:{rel.get('r_id')}"
        for src in rel.findall("source"):
            cluster_of[src.get("m_id")] = cid
    for m_id, ids in anchors.items():
        if (doc_key, sentence_of[ids[0]]) not in validated:
            continue
        start, end = offsets[ids[0]][0], offsets[ids[-1]][1]
        doc.mentions.append((start, end, cluster_of.get(m_id, f"{doc_key}:singleton:{m_id}")))
    return doc


def load_ecbplus(path: Path, topics: tuple[int, ...]) -> list[GoldDoc]:
    validated: set[tuple[str, int]] = set()
    with open(path / "ECBplus_coreference_sentences.csv", newline="") as f:
        for row in csv.DictReader(f):
            validated.add((f"{row['Topic']}_{row['File']}", int(row["Sentence Number"])))
    docs = []
    with tarfile.open(path / "ECBplus_xml.tar.gz") as tar:
        for member in sorted(tar.getmembers(), key=lambda m: m.name):
            match = re.search(r"/(\d+)/(\d+_\d+ecb(?:plus)?\.xml)$", member.name)
            if not match or int(match.group(1)) not in topics:
                continue
            data = tar.extractfile(member).read()
            docs.append(_parse_doc(match.group(2), data, int(match.group(1)), validated))
    return docs


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


class CachedEmbedder:
    """Remembers every text it encoded: the tuning loop relinks the same mentions many times."""

    def __init__(self, inner: Any):
        self.inner = inner
        self.name = inner.name
        self._cache: dict[str, np.ndarray] = {}

    def encode(self, texts: list[str]) -> np.ndarray:
        missing = list(dict.fromkeys(t for t in texts if t not in self._cache))
        if missing:
            for text, vec in zip(missing, self.inner.encode(missing), strict=True):
                self._cache[text] = vec
        if not texts:
            return self.inner.encode([])
        return np.stack([self._cache[t] for t in texts])


class EcbRun:
    """ECB+ documents extracted into one store, their events matched to gold mentions."""

    def __init__(self, docs: list[GoldDoc], embedder: Any):
        from storyline.linking.ecbplus import extract_docs
        from storyline.store import Store

        self.docs = docs
        self.embedder = embedder if isinstance(embedder, CachedEmbedder) else CachedEmbedder(embedder)
        self.store = Store(":memory:")
        self.version_of: dict[str, str] = {}
        version_of = self.version_of
        for doc, extraction in zip(docs, extract_docs(docs), strict=True):
            # The document name (topic number) must not reach the linker's features.
            article = extraction.article.model_copy(update={"title": None})
            version_of[doc.name] = self.store.save(
                extraction.model_copy(update={"article": article})
            ).version_id
        #: gold mention -> (event uid, gold cluster, trigger word, topic)
        self.matches: dict[str, tuple[str, str, str, int]] = {}
        self.gold_total = sum(len(d.mentions) for d in docs)
        for doc in docs:
            rows = self.store.con.execute(
                "SELECT e.uid, e.data->>'$.trigger.span[0]', e.data->>'$.trigger.span[1]', "
                "lower(coalesce(e.data->>'$.trigger.lemma', e.data->>'$.trigger.text')) "
                "FROM events e WHERE e.version_id = ? AND coalesce(e.status, 'asserted') NOT IN ('negated', 'hypothetical')",
                [version_of[doc.name]],
            ).fetchall()
            for start, end, cluster in doc.mentions:
                hit = next((r for r in rows if _overlaps((int(r[1]), int(r[2])), (start, end))), None)
                if hit is not None:
                    self.matches[f"{doc.name}:{start}"] = (hit[0], cluster, hit[3] or "", doc.topic)

    def link(self, model: Any = None, *, refresh: bool = True, **options: Any) -> dict[str, Any]:
        from storyline.linking.stories import LinkConfig, StoryLinker

        con = self.store.con
        con.execute("DELETE FROM story_mentions")
        con.execute("DELETE FROM story_events")
        config = LinkConfig(refresh_aggregates=refresh, **options)
        linker = StoryLinker(self.store, embedder=self.embedder, model=model, config=config)
        report = linker.link_pending()
        story_of = dict(con.execute("SELECT event_uid, story_id FROM story_mentions").fetchall())
        key = {m: c for m, (_, c, _, _) in self.matches.items()}
        response = {m: story_of[uid] for m, (uid, _, _, _) in self.matches.items()}
        lemma = {m: word for m, (_, _, word, _) in self.matches.items()}
        lemma_topic = {m: f"{topic}:{word}" for m, (_, _, word, topic) in self.matches.items()}
        article_of = dict(con.execute("SELECT uid, article_id FROM events").fetchall())
        cluster_of = linker.documents.cluster_of if linker.documents else {}
        lemma_cluster = {
            m: f"{cluster_of.get(article_of[uid])}:{word}" for m, (uid, _, word, _) in self.matches.items()
        }
        return {
            "document_clusters": self._document_figures(cluster_of, linker.doc_threshold),
            "documents": len(self.docs),
            "gold_mentions": self.gold_total,
            "matched_mentions": len(key),
            "mention_coverage": round(len(key) / self.gold_total, 4) if self.gold_total else 0.0,
            "embedder": report.embedder,
            "storyline": conll(key, response),
            "same_lemma_baseline": conll(key, lemma),
            "same_lemma_within_topic_baseline": conll(key, lemma_topic),
            "same_lemma_within_document_clusters": conll(key, lemma_cluster),
        }

    def _document_figures(self, cluster_of: dict[str, str], threshold: float) -> dict[str, Any]:
        """How the linker's document clusters match ECB+'s sub-topics (pair F1 over documents)."""
        from storyline.linking.train import pair_f1, subtopic

        article_of = dict(
            self.store.con.execute("SELECT version_id, article_id FROM article_versions").fetchall()
        )
        names = [d.name for d in self.docs if article_of.get(self.version_of[d.name]) in cluster_of]
        predicted = [cluster_of[article_of[self.version_of[n]]] for n in names]
        return {
            "threshold": threshold,
            "documents": len(names),
            "clusters": len(set(predicted)),
            "subtopic_pair_f1": round(pair_f1([subtopic(n) for n in names], predicted), 4),
            "topic_pair_f1": round(pair_f1([n.partition("_")[0] for n in names], predicted), 4),
        }

    def sides(self, doc_threshold: float | None = None) -> tuple[list[Any], list[str]]:
        """The matched mentions as the linker sees them (document clusters of all the run's
        articles included), with their gold clusters."""
        from storyline.linking.stories import _MENTION_COLUMNS, LinkConfig, MentionRow, StoryLinker

        linker = StoryLinker(
            self.store,
            embedder=self.embedder,
            model=_placeholder_model(),
            config=LinkConfig(doc_threshold=doc_threshold),
        )
        uids = {uid: cluster for uid, cluster, _, _ in self.matches.values()}
        rows = [
            MentionRow(*r)
            for r in self.store.con.execute(
                f"SELECT {_MENTION_COLUMNS} FROM events e JOIN current_versions v USING (version_id)"
            ).fetchall()
            if r[0] in uids
        ]
        embeddings = self.embedder.encode([r.text for r in rows])
        linker._encode_leads({r.article_id: r.version_id for r in rows})
        linker._cluster_documents(
            [v for (v,) in self.store.con.execute("SELECT DISTINCT version_id FROM events").fetchall()]
        )
        return [linker._side(r, e) for r, e in zip(rows, embeddings, strict=True)], [
            uids[r.uid] for r in rows
        ]


def _placeholder_model() -> Any:
    from storyline.linking.features import FEATURES, LinkModel

    n = len(FEATURES)
    return LinkModel(
        weights=np.zeros(n),
        bias=0.0,
        threshold=0.5,
        strong_threshold=0.5,
        embedder="",
        mean=np.zeros(n),
        scale=np.ones(n),
    )


def matched_sides(docs: list[GoldDoc], embedder: Any) -> tuple[list[Any], list[str]]:
    return EcbRun(docs, embedder).sides()


def run_linker(
    docs: list[GoldDoc] | EcbRun, embedder: Any, model: Any = None, refresh: bool = False
) -> dict[str, Any]:
    run = docs if isinstance(docs, EcbRun) else _run_for(docs, embedder)
    return run.link(model, refresh=refresh)


_RUNS: dict[tuple[str, ...], EcbRun] = {}


def _run_for(docs: list[GoldDoc], embedder: Any) -> EcbRun:
    key = tuple(d.name for d in docs) + (embedder.name,)
    if key not in _RUNS:
        _RUNS[key] = EcbRun(docs, embedder)
    return _RUNS[key]


def _table(title: str, rows: list[tuple[str, dict[str, Any]]]) -> Table:
    table = Table(title=title)
    for col in ("system", "MUC F1", "B3 F1", "CEAF-e F1", "CoNLL F1"):
        table.add_column(col)
    for name, s in rows:
        table.add_row(
            name,
            f"{s['muc']['f1']:.3f}",
            f"{s['b3']['f1']:.3f}",
            f"{s['ceaf_e']['f1']:.3f}",
            f"{s['conll_f1']:.3f}",
        )
    return table


def evaluate(docs: list[GoldDoc], *, console: Console | None = None, label: str = "") -> dict[str, Any]:
    """The extracted-mentions setting: all documents mixed, no gold topics, the real linker."""
    from storyline.linking.embeddings import get_embedder

    result = _run_for(docs, get_embedder()).link()
    result["delta_vs_same_lemma"] = round(
        result["storyline"]["conll_f1"] - result["same_lemma_baseline"]["conll_f1"], 4
    )
    if console:
        console.print(
            _table(
                f"ECB+ {label} extracted mentions ({len(docs)} docs, {result['matched_mentions']}/{result['gold_mentions']} "
                "gold mentions matched)",
                [
                    ("storyline linker", result["storyline"]),
                    ("same lemma, all docs", result["same_lemma_baseline"]),
                    (
                        "same lemma, Storyline's document clusters",
                        result["same_lemma_within_document_clusters"],
                    ),
                    ("same lemma, gold topics (oracle)", result["same_lemma_within_topic_baseline"]),
                ],
            )
        )
        dc = result["document_clusters"]
        console.print(
            f"document clusters (threshold {dc['threshold']:.2f}): {dc['clusters']} for {dc['documents']} "
            f"documents; pair F1 against ECB+ sub-topics {dc['subtopic_pair_f1']:.3f}, topics {dc['topic_pair_f1']:.3f}"
        )
    return result


def evaluate_gold(
    docs: list[GoldDoc], *, console: Console | None = None, label: str = ""
) -> dict[str, Any] | None:
    """The gold-mentions setting: every gold mention, clustered within its gold topic."""
    try:
        from storyline.linking.gold import evaluate_gold_mentions
    except ImportError:
        return None
    result = evaluate_gold_mentions(docs)
    if result and console:
        console.print(
            _table(
                f"ECB+ {label} gold mentions ({result['mentions']} mentions, within gold topics)",
                [
                    ("storyline gold-mention linker", result["storyline"]),
                    ("same lemma within topic", result["same_lemma_baseline"]),
                ],
            )
        )
    return result


@eval_task("linking")
def eval_linking(data: Path | None = None, limit: int | None = None, split: str = "both"):
    """Dev and test topics apart, each in the extracted and the gold-mention setting."""
    path = data or shared_path("corpora/ecbplus")
    console = Console()
    out: dict[str, Any] = {}
    for name, topics in (("dev", DEV_TOPICS), ("test", TEST_TOPICS)):
        if split not in ("both", name):
            continue
        docs = load_ecbplus(path, topics)
        if limit:
            docs = docs[:limit]
        out[name] = {
            "extracted": evaluate(docs, console=console, label=name),
            "gold_mentions": evaluate_gold(docs, console=console, label=name),
        }
    return out
