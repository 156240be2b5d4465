"""Read exactly one article from a file, for ``storyline extract``."""

from __future__ import annotations

from pathlib import Path

from storyline.ingest.errors import IngestError
from storyline.ingest.readers import detect_format, iter_file
from storyline.model import Article

_SINGLE_FORMATS = {"text", "html", "json", "jsonl"}


def read_single_article(
    path: Path, *, published: str | None = None, outlet: str | None = None, url: str | None = None
) -> Article:
    """The one article in ``path`` (.txt, .html/.htm, one-record .json/.jsonl); raises IngestError.

    Values given here (from the command line) override what the file says.
    """
    path = Path(path)
    if not path.is_file():
        raise IngestError(str(path), "no such file")
    fmt = detect_format(path)
    if fmt not in _SINGLE_FORMATS:
        raise IngestError(
            str(path), "expected one article: a .txt, .html/.htm or one-record .json/.jsonl file"
        )
    results = iter_file(path)
    first = next(results, None)
    if first is None:
        raise IngestError(str(path), "no article found")
    if isinstance(first, IngestError):
        raise first
    if next(results, None) is not None:
        raise IngestError(str(path), "holds more than one article; use `storyline ingest` for collections")
    updates = {
        k: v for k, v in {"published": published, "outlet": outlet, "url": url}.items() if v is not None
    }
    return first.model_copy(update=updates) if updates else first
