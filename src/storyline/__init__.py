"""Storyline: news reports in, a structured and sourced record of what happened out."""

from storyline.model import Extraction

__version__ = "0.1.0"


def extract(text: str, **article_fields) -> Extraction:
    """Run the whole pipeline on one article's text (no store). See ``storyline extract``."""
    from storyline.pipeline import get_pipeline
    from storyline.text.article import article_from_text

    article = article_from_text(text, **article_fields)
    return get_pipeline().analyse(article)


__all__ = ["Extraction", "extract", "__version__"]
