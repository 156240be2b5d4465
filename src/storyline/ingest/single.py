"""Read exactly one article from a file, for ``storyline extract``."""

from __future__ import annotations

from pathlib import Path

from storyline.ingest.errors import IngestError
from storyline.model import Article
from storyline.text.article import article_from_text


def read_single_article(
    path: Path, *, published: str | None = None, outlet: str | None = None, url: str | None = None
) -> Article:
    path = Path(path)
    if not path.is_file():
        raise IngestError(str(path), "no such file")
    raw = path.read_bytes()
    if not raw.strip():
        raise IngestError(str(path), "empty file")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise IngestError(str(path), f"not UTF-8 text (byte {exc.start})") from None
    return article_from_text(text, published=published, outlet=outlet, url=url, source=str(path))
