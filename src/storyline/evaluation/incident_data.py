"""Readers for the ../shared documents the incident labels point at: (corpus, doc id) -> text, date.

Label files in the repo hold only corpus names, document ids and character offsets into the text
these readers return (no publisher text); see docs/incident-guidelines.md.
"""

from __future__ import annotations

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
    for path in sorted(Path(folder).rglob("*.sgm")):
        raw = path.read_bytes().decode("latin-1")
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
            clean = re.sub(r"&lt;", "<", text.group(1)).replace("&amp;", "&").replace("\x03", "")
            clean = re.sub(r"\s*Reuter\s*$", "", clean.strip())
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


def document(shared: Path, corpus: str, doc_id: str) -> dict[str, Any] | None:
    """One labelled document's text and publication date, or None when the corpus lacks it."""
    if corpus == "india_police":
        return _india_police(str(shared.joinpath(*INDIA_POLICE))).get(doc_id)
    if corpus == "reuters":
        return reuters_documents(shared).get(doc_id)
    if corpus == "bbc":
        path = shared / "corpora" / "bbc_news_2225" / doc_id
        if not path.is_file():
            found = list((shared / "corpora" / "bbc_news_2225").rglob(doc_id))
            path = found[0] if found else path
        if not path.is_file():
            return None
        return {
            "id": doc_id,
            "corpus": "bbc",
            "published": None,
            "text": path.read_bytes().decode("utf-8", errors="replace"),
        }
    raise KeyError(f"unknown corpus {corpus!r}")
