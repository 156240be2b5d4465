"""``doc_text(doc)``: a Doc's text, built once.

Why: spaCy's ``Doc.text`` re-joins every token on each access, so code that slices it per
span or per token (``doc.text[a:b]``) costs O(tokens) each time, O(tokens^2) per article.
Components that read it more than once per document use this instead.
"""

from __future__ import annotations

from typing import Any

_KEY = "storyline.text"


def doc_text(doc: Any) -> str:
    """``doc.text``, cached in ``doc.user_data`` (retokenizing keeps a Doc's text, so it stays valid)."""
    text = doc.user_data.get(_KEY)
    if text is None:
        text = doc.user_data[_KEY] = doc.text
    return text
