"""Storyline: news reports in, a structured and sourced record of what happened out."""

from storyline.model import Extraction

__version__ = "0.1.0"


def extract(text: str, **article_fields) -> Extraction:
    """Run the whole pipeline on one article's text (no store). See ``storyline extract``."""
    from storyline.pipeline import get_pipeline
    from storyline.text.article import article_from_text

    article = article_from_text(text, **article_fields)
    return get_pipeline().analyse(article)


def open(db):  # noqa: A001 - the public name analysts expect: storyline.open(db).incidents()
    """A store's incidents, events and stories as pandas DataFrames (see storyline.export.frames)."""
    from storyline.export.frames import open_store

    return open_store(db)


__all__ = ["Extraction", "extract", "open", "__version__"]
