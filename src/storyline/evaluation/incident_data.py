"""Readers for the ../shared documents the incident labels point at: (corpus, doc id) -> text, date.

Label files in the repo hold only corpus names, document ids and character offsets into the text
these readers return (no publisher text); see docs/incident-guidelines.md.
"""

from __future__ import annotations

import html
import json
import re
import tarfile
from functools import lru_cache
from pathlib import Path
from typing import Any

INDIA_POLICE = ("corpora", "conflict_events", "india_police_events", "IndiaPoliceEvents_final.tar.gz")


def _fix_mojibake(text: str) -> str:
    """The corpus stores UTF-8 read as cp1252 ("â€™"); undo it where that round-trips."""
    try:
        return text.encode("cp1252").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return text


@lru_cache(maxsize=2)
def _india_police(archive: str) -> dict[str, dict[str, Any]]:
    docs: dict[str, dict[str, Any]] = {}
    with tarfile.open(archive) as tar:
        member = tar.extractfile("data/final/metadata.jsonl")
        assert member is not None
        for line in member:
            row = json.loads(line)
            docs[str(row["doc_id"])] = {
                "id": str(row["doc_id"]),
                "corpus": "india_police",
                "published": row.get("date"),
                "text": _fix_mojibake(row["full_text"]),
                "url": row.get("url"),
            }
    return docs


def india_police_documents(shared: Path, limit: int | None = None) -> list[dict[str, Any]]:
    docs = list(_india_police(str(shared.joinpath(*INDIA_POLICE))).values())
    return docs[:limit] if limit else docs


_REUTERS = re.compile(r"<REUTERS[^>]*NEWID=\"(\d+)\"[^>]*>(.*?)</REUTERS>", re.DOTALL)


@lru_cache(maxsize=1)
def _reuters(folder: str) -> dict[str, dict[str, Any]]:
    from datetime import datetime

    docs: dict[str, dict[str, Any]] = {}
    with tarfile.open(Path(folder) / "reuters21578_sgm.tar.gz") as tar:
        raws = [
            tar.extractfile(m).read().decode("latin-1")  # type: ignore[union-attr]
            for m in sorted(tar.getmembers(), key=lambda m: m.name)
            if m.name.endswith(".sgm")
        ]
    for raw in raws:
        for newid, body in _REUTERS.findall(raw):
            text = re.search(r"<BODY>(.*?)</BODY>", body, re.DOTALL)
            if not text:
                continue
            title = re.search(r"<TITLE>(.*?)</TITLE>", body, re.DOTALL)
            when = re.search(r"<DATE>\s*([^<]+?)\s*</DATE>", body)
            published = None
            if when:
                try:
                    published = (
                        datetime.strptime(when.group(1)[:20].strip(), "%d-%b-%Y %H:%M:%S").date().isoformat()
                    )
                except ValueError:
                    published = None
            clean = html.unescape(text.group(1)).replace("\x03", "").replace("\n&\\t", "\n\n")
            clean = re.sub(r"\s*reuter\s*$", "", clean.strip(), flags=re.IGNORECASE)
            docs[newid] = {
                "id": newid,
                "corpus": "reuters",
                "published": published,
                "text": clean,
                "title": title.group(1) if title else None,
            }
    return docs


def reuters_documents(shared: Path) -> dict[str, dict[str, Any]]:
    return _reuters(str(shared / "corpora" / "reuters21578"))


GLOCON = ("corpora", "conflict_events", "glocon_sample", "glocongold_sample.tar.gz")


@lru_cache(maxsize=1)
def _glocon(archive: str) -> dict[str, dict[str, Any]]:
    docs: dict[str, dict[str, Any]] = {}
    with tarfile.open(archive) as tar:
        member = tar.extractfile("sample/document/Sabinet_R.json")
        assert member is not None
        for line in member:
            if line.strip():
                row = json.loads(line)
                docs[row["id"]] = {
                    "id": row["id"],
                    "corpus": "glocon",
                    "published": None,
                    "text": row["text"],
                    "protest": row.get("label"),
                }
    return docs


def glocon_documents(shared: Path) -> dict[str, dict[str, Any]]:
    return _glocon(str(shared.joinpath(*GLOCON)))


@lru_cache(maxsize=1)
def _ecbplus(folder: str) -> dict[str, dict[str, Any]]:
    """ECB+ articles as the linking eval reads them (tokens joined by spaces, sentences by new lines)."""
    from storyline.evaluation.linking import load_ecbplus

    docs = load_ecbplus(Path(folder), tuple(range(1, 46)))
    return {d.name: {"id": d.name, "corpus": "ecbplus", "published": None, "text": d.text} for d in docs}


def ecbplus_documents(shared: Path) -> dict[str, dict[str, Any]]:
    return _ecbplus(str(shared / "corpora" / "ecbplus"))


@lru_cache(maxsize=1)
def _bbc(archive: str) -> dict[str, dict[str, Any]]:
    docs: dict[str, dict[str, Any]] = {}
    with tarfile.open(archive) as tar:
        for member in tar.getmembers():
            if member.isfile() and member.name.endswith(".txt") and "README" not in member.name:
                handle = tar.extractfile(member)
                assert handle is not None
                key = "/".join(member.name.split("/")[-2:])  # "politics/001.txt"
                docs[key] = {
                    "id": key,
                    "corpus": "bbc",
                    "published": None,
                    "text": handle.read().decode("utf-8", errors="replace"),
                }
    return docs


def bbc_documents(shared: Path) -> dict[str, dict[str, Any]]:
    return _bbc(str(shared / "corpora" / "bbc_news_2225" / "bbc_fulltext_2225.tar.gz"))


def document(shared: Path, corpus: str, doc_id: str) -> dict[str, Any] | None:
    """One labelled document's text and publication date, or None when the corpus lacks it."""
    if corpus == "india_police":
        return _india_police(str(shared.joinpath(*INDIA_POLICE))).get(doc_id)
    if corpus == "reuters":
        return reuters_documents(shared).get(doc_id)
    if corpus == "bbc":
        return bbc_documents(shared).get(doc_id)
    if corpus == "glocon":
        return glocon_documents(shared).get(doc_id)
    if corpus == "ecbplus":
        return ecbplus_documents(shared).get(doc_id)
    raise KeyError(f"unknown corpus {corpus!r}")
