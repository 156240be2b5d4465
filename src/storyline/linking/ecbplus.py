"""ECB+ documents through the pipeline, cached: shared by ``storyline eval linking`` and ``storyline train linking``.

Running the whole pipeline over ECB+ takes minutes, and the linker's trainer and its eval both
need the same extractions. They are cached as ``Extraction`` JSON, one file per document, in a
folder keyed by a fingerprint of the pipeline's own source (every module outside ``linking/``
and ``evaluation/``): a change to any extraction stage gives a fresh folder, a change to the
linker reuses the extractions. The cache lives under ``$STORYLINE_CACHE`` (default
``~/.cache/storyline``); ``STORYLINE_NO_CACHE=1`` turns it off.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path

from storyline.model import Extraction

_PACKAGE = Path(__file__).resolve().parent.parent
_LINKER_ONLY = ("linking", "evaluation", "serve", "cli", "export", "review")


@lru_cache(maxsize=1)
def pipeline_fingerprint() -> str:
    digest = hashlib.sha1()
    for path in sorted(_PACKAGE.rglob("*")):
        rel = path.relative_to(_PACKAGE)
        if not path.is_file() or rel.parts[0] in _LINKER_ONLY or path.suffix in (".pyc",):
            continue
        if "__pycache__" in rel.parts:
            continue
        digest.update(str(rel).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def cache_dir() -> Path | None:
    if os.environ.get("STORYLINE_NO_CACHE"):
        return None
    root = Path(os.environ.get("STORYLINE_CACHE") or Path.home() / ".cache" / "storyline")
    return root / "ecbplus-extractions" / pipeline_fingerprint()


def extract_docs(docs: Iterable[object]) -> Iterator[Extraction]:
    """One Extraction per ECB+ document (``name``, ``text``), from the cache where it has one."""
    from storyline.pipeline import get_pipeline
    from storyline.text.article import article_from_text

    docs = list(docs)
    folder = cache_dir()
    cached: dict[str, Extraction] = {}
    todo = []
    for doc in docs:
        path = folder / f"{doc.name}.json" if folder else None  # type: ignore[attr-defined]
        if path is not None and path.is_file():
            try:
                cached[doc.name] = Extraction.model_validate_json(path.read_text())  # type: ignore[attr-defined]
                continue
            except ValueError:
                pass
        todo.append(doc)
    if todo:
        pipeline = get_pipeline()
        articles = [
            article_from_text(d.text, title=d.name, url=f"ecbplus://{d.name}", outlet=d.name)  # type: ignore[attr-defined]
            for d in todo
        ]
        if folder:
            folder.mkdir(parents=True, exist_ok=True)
        for doc, extraction in zip(todo, pipeline.analyse_many(articles), strict=True):
            cached[doc.name] = extraction  # type: ignore[attr-defined]
            if folder:
                tmp = folder / f".{doc.name}.tmp"  # type: ignore[attr-defined]
                tmp.write_text(extraction.model_dump_json())
                tmp.replace(folder / f"{doc.name}.json")  # type: ignore[attr-defined]
    for doc in docs:
        yield cached[doc.name]  # type: ignore[attr-defined]
