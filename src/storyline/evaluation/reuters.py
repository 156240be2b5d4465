"""The one Reuters-21578 reader: SGML records read inside ``reuters21578/reuters21578_sgm.tar.gz``.

Used by the geo and time/quantity evaluations (labels point to ``member#NEWID``) and by the bench
scripts (``bench/throughput.py``, ``bench/compare_outputs.py``).
"""

from __future__ import annotations

import html
import re
import tarfile
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

ARCHIVE = Path("reuters21578") / "reuters21578_sgm.tar.gz"
_RECORD = re.compile(r'<REUTERS[^>]*NEWID="(\d+)">(.*?)</REUTERS>', re.S)


def records(raw: str) -> Iterator[tuple[str, str]]:
    """(NEWID, record SGML) for each record of one ``.sgm`` file's text."""
    for match in _RECORD.finditer(raw):
        yield match.group(1), match.group(2)


@lru_cache(maxsize=32)
def read_member(corpora: Path, member: str) -> str:
    """One ``.sgm`` file of the archive under ``corpora``, decoded (the corpus is Latin-1)."""
    with tarfile.open(corpora / ARCHIVE) as tar:
        handle = tar.extractfile(member)
        if handle is None:
            raise FileNotFoundError(f"reuters21578/{member}")
        return handle.read().decode("latin-1")


def iter_members(corpora: Path) -> Iterator[tuple[str, str]]:
    """(member name, decoded text) for every ``.sgm`` file, in name order."""
    with tarfile.open(corpora / ARCHIVE) as tar:
        for member in sorted((m for m in tar.getmembers() if m.name.endswith(".sgm")), key=lambda m: m.name):
            handle = tar.extractfile(member)
            if handle is not None:
                yield member.name, handle.read().decode("latin-1")


def tag(record: str, name: str) -> str | None:
    """The unescaped, stripped text of ``<name>`` in one record, or None."""
    match = re.search(rf"<{name}>(.*?)</{name}>", record, re.S)
    return html.unescape(match.group(1)).strip() if match else None


def reuters_text(record: str) -> str:
    """Dateline + body of one Reuters-21578 record, unescaped, lines joined."""
    dateline = re.search(r"<DATELINE>(.*?)</DATELINE>", record, re.S)
    body = re.search(r"<BODY>(.*?)</BODY>", record, re.S)
    text = (dateline.group(1).strip() + " " if dateline else "") + (body.group(1) if body else "")
    # A literal "&\t" opens each paragraph in the SGML; "\x03" ends the record.
    text = html.unescape(text).replace("&\\t", " ").replace("\x03", "")
    text = re.sub(r"\s*\n\s*", " ", text)
    return re.sub(r"\s*Reuter\s*$", "", text).strip()
