"""Safe byte-level access to input files: size limits, gzip, binary sniffing, decoding.

Everything here raises :class:`IngestError` with a one-line reason; readers turn that into a
yielded error and carry on with the next input.
"""

from __future__ import annotations

import gzip
import logging
import os
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from storyline.ingest.errors import IngestError

log = logging.getLogger("storyline.ingest")

#: Largest single document we read (bytes); bigger ones are refused before reading them.
DEFAULT_MAX_BYTES = 50 * 1024 * 1024
MAX_BYTES_ENV = "STORYLINE_MAX_ARTICLE_BYTES"

_MAGIC = {
    b"\x89PNG\r\n\x1a\n": "PNG image",
    b"\xff\xd8\xff": "JPEG image",
    b"GIF87a": "GIF image",
    b"GIF89a": "GIF image",
    b"%PDF-": "PDF document",
    b"PK\x03\x04": "ZIP archive",
    b"\x7fELF": "executable",
    b"BZh": "bzip2 archive",
    b"\xfd7zXZ\x00": "xz archive",
    b"7z\xbc\xaf\x27\x1c": "7z archive",
    b"RIFF": "RIFF media",
    b"ID3": "MP3 audio",
    b"\x00\x00\x00\x18ftyp": "MP4 video",
    b"\x00\x00\x00\x20ftyp": "MP4 video",
    b"SQLite format 3": "SQLite database",
}
_GZIP_MAGIC = b"\x1f\x8b"
_TEXT_CONTROLS = set(b"\t\n\r\f\b\x1b")


def max_bytes_default() -> int:
    value = os.environ.get(MAX_BYTES_ENV)
    if value and value.isdigit():
        return int(value)
    return DEFAULT_MAX_BYTES


def human_size(n: int) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024  # type: ignore[assignment]
    return f"{n} B"


def sniff_binary(head: bytes) -> str | None:
    """The kind of binary file ``head`` starts, or None when it looks like text."""
    for magic, kind in _MAGIC.items():
        if head.startswith(magic):
            return kind
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None  # UTF-16 text with a byte-order mark
    sample = head[:4096]
    if not sample:
        return None
    if b"\x00" in sample:
        return "binary data"
    controls = sum(1 for b in sample if b < 0x20 and b not in _TEXT_CONTROLS)
    if controls / len(sample) > 0.05:
        return "binary data"
    return None


def is_gzip_name(path: Path) -> bool:
    return path.suffix.lower() == ".gz"


@contextmanager
def open_stream(path: Path) -> Iterator[BinaryIO]:
    """A binary stream over the file's (decompressed) bytes; nothing is read up front."""
    with open(path, "rb") as raw:
        magic = raw.read(2)
        raw.seek(0)
        if magic == _GZIP_MAGIC:
            with gzip.GzipFile(fileobj=raw) as gz:
                yield gz  # type: ignore[misc]
        else:
            yield raw


def read_document(path: Path, max_bytes: int) -> bytes:
    """All bytes of one document file, refused when over ``max_bytes`` (checked before reading)."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise IngestError(str(path), f"cannot read file ({exc.strerror or exc})") from None
    if size == 0:
        raise IngestError(str(path), "empty file")
    if size > max_bytes and not is_gzip_name(path):
        raise IngestError(str(path), f"file too large ({human_size(size)} > limit {human_size(max_bytes)})")
    try:
        with open_stream(path) as stream:
            data = stream.read(max_bytes + 1)
    except (EOFError, zlib.error, gzip.BadGzipFile) as exc:
        raise IngestError(str(path), f"truncated or corrupt gzip ({exc})") from None
    except OSError as exc:
        raise IngestError(str(path), f"cannot read file ({exc.strerror or exc})") from None
    if len(data) > max_bytes:
        raise IngestError(str(path), f"document too large (over limit {human_size(max_bytes)} decompressed)")
    if not data.strip():
        raise IngestError(str(path), "empty file")
    kind = sniff_binary(data[:8192])
    if kind:
        raise IngestError(str(path), f"not a text file ({kind})")
    return data


def _western(text: str) -> bool:
    """Whether a cp1252 reading looks like Western European text: mostly ASCII letters. Arabic in
    windows-1256 (or Cyrillic in 1251, Greek in 1253) also decodes as cp1252, but as a run of
    accented letters ("ÞÇá ãÓÄæáæä"), nearly none of them ASCII."""
    letters = [c for c in text if c.isalpha()]
    return not letters or sum(not c.isascii() for c in letters) <= 0.3 * len(letters)


def _guess_legacy(data: bytes) -> tuple[str, str] | None:
    """(text, encoding) of bytes that are not UTF-8: Windows-1252 when it reads as Western text,
    else the encoding charset-normalizer finds (windows-1256, 1251, ...), else None."""
    try:
        legacy: str | None = data.decode("cp1252")
    except UnicodeDecodeError:
        legacy = None
    if legacy is not None and any(0x80 <= ord(c) <= 0x9F for c in legacy):
        legacy = None
    if legacy is not None and _western(legacy):
        return legacy, "cp1252"
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is not None and best.encoding not in ("utf_8", "ascii"):
        return str(best), best.encoding
    return (legacy, "cp1252") if legacy is not None else None


def decode_text(data: bytes, where: str) -> tuple[str, dict[str, object]]:
    """Decode article bytes: UTF-8 (BOM or not), UTF-16 with a BOM, else a guessed legacy encoding
    (Windows-1252 for Western text, else charset-normalizer's guess), noted and logged as guessed.

    A few stray bytes in otherwise good UTF-8 are replaced (and counted in the returned notes);
    mostly-invalid input is an error rather than mojibake.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), {"encoding": "utf-16"}
        except UnicodeDecodeError:
            raise IngestError(where, "invalid UTF-16 text") from None
    try:
        return data.decode("utf-8-sig"), {}
    except UnicodeDecodeError:
        pass
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - data.decode("utf-8", errors="ignore").count("\ufffd")
    if bad <= max(3, len(text) // 200):  # under 0.5 %: a few corrupt bytes in real UTF-8
        return text, {"encoding": "utf-8", "decode_errors": bad}
    guessed = _guess_legacy(data)
    if guessed is not None:
        text, encoding = guessed
        log.warning("%s: not UTF-8; encoding guessed as %s", where, encoding)
        return text, {"encoding": encoding, "encoding_guessed": True}
    share = 100 * bad / max(1, len(text))
    raise IngestError(where, f"not UTF-8 text ({bad} invalid byte sequences, {share:.0f}% of characters)")
