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

from rich.console import Console
from rich.table import Table

from storyline.evaluation import eval_task
from storyline.evaluation.coref import conll
from storyline.evaluation.data import shared_path

#: The test split used since Cybulska & Vossen (2015) and Barhom et al. (2019), and the dev split.
TEST_TOPICS = tuple(range(36, 46))
DEV_TOPICS = (2, 5, 12, 18, 21, 23, 34, 35)


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


def evaluate(docs: list[GoldDoc], *, console: Console | None = None) -> dict[str, Any]:
    from storyline.linking.embeddings import get_embedder
    from storyline.linking.stories import link_store
    from storyline.pipeline import get_pipeline
    from storyline.store import Store
    from storyline.text.article import article_from_text

    pipeline = get_pipeline()
    store = Store(":memory:")
    version_of: dict[str, str] = {}
    articles = [article_from_text(d.text, title=d.name, url=f"ecbplus://{d.name}", outlet=d.name) for d in docs]
    for doc, extraction in zip(docs, pipeline.analyse_many(articles), strict=True):
        version_of[doc.name] = store.save(extraction).version_id
    report = link_store(store, embedder=get_embedder())

    key: dict[str, str] = {}
    response: dict[str, str] = {}
    lemma: dict[str, str] = {}
    lemma_any_topic: dict[str, str] = {}
    gold_total = sum(len(d.mentions) for d in docs)
    for doc in docs:
        rows = store.con.execute(
            "SELECT e.uid, e.data->>'$.trigger.span[0]', e.data->>'$.trigger.span[1]', "
            "e.data->>'$.trigger.lemma', e.data->>'$.trigger.text', sm.story_id "
            "FROM events e JOIN story_mentions sm ON sm.event_uid = e.uid WHERE e.version_id = ?",
            [version_of[doc.name]],
        ).fetchall()
        for start, end, cluster in doc.mentions:
            hit = next((r for r in rows if _overlaps((int(r[1]), int(r[2])), (start, end))), None)
            if hit is None:
                continue
            mention = f"{doc.name}:{start}"
            key[mention] = cluster
            response[mention] = hit[5]
            word = (hit[3] or hit[4] or "").lower()
            lemma[mention] = f"{doc.topic}:{word}"
            lemma_any_topic[mention] = word
    store.close()

    scores = conll(key, response)
    baseline = conll(key, lemma)
    baseline_any_topic = conll(key, lemma_any_topic)
    result = {
        "documents": len(docs),
        "gold_mentions": gold_total,
        "matched_mentions": len(key),
        "mention_coverage": round(len(key) / gold_total, 4) if gold_total else 0.0,
        "embedder": report.embedder,
        "storyline": scores,
        "same_lemma_within_topic_baseline": baseline,
        "same_lemma_baseline": baseline_any_topic,
    }
    if console:
        table = Table(title=f"ECB+ event coreference ({len(docs)} docs, {len(key)}/{gold_total} gold mentions matched)")
        for col in ("system", "MUC F1", "B3 F1", "CEAF-e F1", "CoNLL F1"):
            table.add_column(col)
        rows = (("storyline linker", scores), ("same lemma, all docs", baseline_any_topic),
                ("same lemma, gold topics (oracle)", baseline))
        for name, s in rows:
            table.add_row(name, f"{s['muc']['f1']:.3f}", f"{s['b3']['f1']:.3f}", f"{s['ceaf_e']['f1']:.3f}",
                          f"{s['conll_f1']:.3f}")
        console.print(table)
    return result


@eval_task("linking")
def eval_linking(data: Path | None = None, limit: int | None = None, split: str = "test"):
    path = data or shared_path("corpora/ecbplus")
    docs = load_ecbplus(path, DEV_TOPICS if split == "dev" else TEST_TOPICS)
    if limit:
        docs = docs[:limit]
    return evaluate(docs, console=Console())
